package unmetered_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func ExampleDecimal() {
	price, err := unmetered.ParseDecimal("19.65")
	if err != nil {
		fmt.Println(err)
		return
	}
	cents, _ := price.Cents()
	fmt.Println(price, cents)
	// Output: 19.65 1965
}

// Arithmetic works on the digits, never through float64, and keeps the places of money.
func ExampleDecimal_Add() {
	price, _ := unmetered.ParseDecimal("19.65")
	fee, _ := unmetered.ParseDecimal("0.35")
	credit, _ := unmetered.ParseDecimal("25")

	total := price.Add(fee)
	fmt.Println(total)                           // 20.00, not 20 or 19.999999999999996
	fmt.Println(credit.Sub(total))               // what the credit leaves
	fmt.Println(price.MulInt(3))                 // three units
	fmt.Println(credit.Cmp(total) >= 0)          // the credit covers it
	fmt.Println(total.Neg(), total.Neg().Sign()) // a refund
	// Output:
	// 20.00
	// 5.00
	// 58.95
	// true
	// -20.00 -1
}

// An amount the server did not send is the zero Decimal: IsSet tells it from a zero the server
// sent, and JSON leaves it out (the SDK's types tag every amount omitzero) or writes null.
func ExampleDecimal_IsSet() {
	var line struct {
		Amount   unmetered.Decimal `json:"amount,omitzero"`
		Discount unmetered.Decimal `json:"discount,omitzero"`
		Tax      unmetered.Decimal `json:"tax,omitzero"`
	}
	if err := json.Unmarshal([]byte(`{"amount": "9.99", "discount": "0.00"}`), &line); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(line.Discount.IsSet(), line.Discount.Sign() == 0) // sent as zero
	fmt.Println(line.Tax.IsSet(), line.Tax.Sign() == 0)           // not sent
	out, _ := json.Marshal(line)
	fmt.Println(string(out))
	// Output:
	// true true
	// false true
	// {"amount":"9.99","discount":"0.00"}
}

// Sum adds up amounts exactly: here the account's invoices, per currency, and what is unpaid
// against the account credit.
func ExampleSum() {
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
	byCurrency := map[string][]unmetered.Decimal{}
	var unpaid []unmetered.Decimal
	for _, inv := range invoices {
		byCurrency[inv.Currency] = append(byCurrency[inv.Currency], inv.Total)
		if inv.Status == unmetered.InvoiceUnpaid {
			unpaid = append(unpaid, inv.Total)
		}
	}
	fmt.Println("invoiced:", unmetered.Sum(byCurrency["USD"]...), "USD")

	balance, err := client.Billing.Balance(ctx)
	if err != nil {
		fmt.Println("balance:", err)
		return
	}
	due := unmetered.Sum(unpaid...)
	fmt.Println("unpaid:", due, "USD; credit:", balance.Credit, "USD")
	if balance.Credit.Cmp(due) >= 0 {
		fmt.Println("the credit pays everything; left after:", balance.Credit.Sub(due))
	}
	// Output:
	// invoiced: 34.65 USD
	// unpaid: 15.00 USD; credit: 50.00 USD
	// the credit pays everything; left after: 35.00
}
