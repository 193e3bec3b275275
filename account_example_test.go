package unmetered_test

import (
	"context"
	"fmt"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func ExampleAccountService_Details() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	d, err := client.Account.Details(context.Background())
	if err != nil {
		fmt.Println("details:", err)
		return
	}
	fmt.Println(d.ID, d.FirstName, d.LastName, d.Email)
	// Output: 26 Joe Doe joe@example.com
}

func ExampleAccountService_CreateContact() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	ctx := context.Background()
	// A contact who may pay invoices and open tickets, and log in with its own password.
	id, err := client.Account.CreateContact(ctx, unmetered.CreateContactRequest{
		Email:      "accounts@example.com",
		FirstName:  "Ann",
		LastName:   "Lee",
		Type:       unmetered.AccountCompany,
		Password:   "a-long-contact-password",
		Privileges: &unmetered.Privileges{Billing: []string{"payinvoice"}, Support: []string{"newticket", "tickets"}},
	})
	if err != nil {
		fmt.Println("create:", err) // never retried once sent: check Contacts before trying again
		return
	}
	c, err := client.Account.Contact(ctx, id)
	if err != nil {
		fmt.Println("contact:", err)
		return
	}
	fmt.Println(c.ID, c.FirstName, c.LastName, c.Type, c.Company, c.Privileges.Billing)
	// Output: 51 Ann Lee Company true [payinvoice]
}

func ExampleAccountService_NewNotifications() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	ctx := context.Background()
	// Read the unread notifications about invoices, and mark them read.
	notes, err := client.Account.NewNotifications(ctx, unmetered.NotificationFilter{RelType: "Invoice"})
	if err != nil {
		fmt.Println("notifications:", err)
		return
	}
	for _, n := range notes {
		fmt.Printf("%s: %s #%d\n", n.Subject, n.RelType, n.RelID)
		if err := client.Account.AckNotification(ctx, n.ID); err != nil {
			fmt.Println("ack:", err)
			return
		}
	}
	notes, err = client.Account.NewNotifications(ctx, unmetered.NotificationFilter{RelType: "Invoice"})
	fmt.Println(len(notes), err)
	// Output:
	// Invoice due: Invoice #308977
	// 0 <nil>
}
