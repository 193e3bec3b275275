package unmetered_test

import (
	"context"
	"fmt"
	"time"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func ExampleBillingService_Invoices() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	invoices, err := client.Billing.Invoices(context.Background())
	if err != nil {
		fmt.Println("invoices:", err)
		return
	}
	// The fake portal's seeded invoice 308977 fell due three days before the server started.
	now := time.Now()
	for _, inv := range invoices {
		if inv.Overdue(now) {
			days := int(now.Sub(inv.DueDate.Time).Hours() / 24)
			fmt.Printf("#%d %s: %s %s overdue by %d days\n", inv.ID, inv.Number, inv.Total, inv.Currency, days)
		}
	}
	// Output: #308977 2017/01/1: 15.00 USD overdue by 3 days
}

func ExampleBillingService_ApplyCredit() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	ctx := context.Background()
	invoices, err := client.Billing.Invoices(ctx)
	if err != nil {
		fmt.Println("invoices:", err)
		return
	}
	for _, inv := range invoices {
		if inv.Status != unmetered.InvoiceUnpaid {
			continue
		}
		// ApplyCreditRequest{} pays the invoice in full from account credit; set Amount to pay
		// part of it. ApplyCredit is never retried once sent: on error, check the invoice before
		// trying again.
		res, err := client.Billing.ApplyCredit(ctx, inv.ID, unmetered.ApplyCreditRequest{})
		if err != nil {
			fmt.Println("apply credit:", err)
			return
		}
		fmt.Println(inv.Number, "applied", res.Applied, "now", res.InvoiceStatus)
	}
	b, err := client.Billing.Balance(ctx)
	if err != nil {
		fmt.Println("balance:", err)
		return
	}
	fmt.Println("credit left", b.Credit, b.Currency)
	// Output:
	// 2017/01/1 applied 15.00 now Paid
	// credit left 35.00 USD
}
