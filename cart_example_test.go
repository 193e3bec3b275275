package unmetered_test

import (
	"context"
	"fmt"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func ExampleCartService_Product() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := client.Cart.Product(context.Background(), 333)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name, "in", p.CategoryName)
	for _, f := range p.Config.Product {
		for _, c := range f.Items { // the billing cycles
			fmt.Printf("  %s (%s): %s\n", c.Cycle, c.Cycle.Cycle(), c.Price)
		}
	}
	for _, f := range p.Config.Forms {
		fmt.Printf("  option %d %s: %d choices\n", f.ID, f.Title, len(f.Items))
	}
	// Output:
	// Starter Hosting in Hosting
	//   m (Monthly): 9.99
	//   a (Annually): 109.89
	//   b (Biennially): 199.80
	//   t (Triennially): 299.70
	//   option 1618 Disk Size: 3 choices
}

// Quote a product, then order it: the order's invoice asks what the quote said.
func ExampleCartService_Order() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	item := unmetered.ProductItem(333, unmetered.CycleCodeAnnually)
	item.Domain = "shop.example.com"
	q, err := client.Cart.Quote(ctx, unmetered.QuoteRequest{Items: []unmetered.CartItem{item}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("quote:", q.Summary.Total, "valid:", q.Items[0].Valid)

	res, err := client.Cart.Order(ctx, 333, unmetered.ProductOrderRequest{
		Domain: "shop.example.com", Cycle: unmetered.CycleCodeAnnually,
	})
	if err != nil {
		fmt.Println("not retried, check the invoices before ordering again:", err)
		return
	}
	fmt.Println("order", res.OrderNumber, "invoice", res.InvoiceID, "total", res.Total)
	for _, it := range res.Items {
		s, err := client.Services.Get(ctx, it.ID)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(it.Type, s.ID, s.Domain, s.Status, s.BillingCycle)
	}
	// Output:
	// quote: 109.89 valid: true
	// order 563647679 invoice 308978 total 109.89
	// Hosting 310 shop.example.com Pending Annually
}

// One order, one invoice: a product, a domain registration and a renewal.
func ExampleCartService_OrderItems() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	vps := unmetered.ProductItem(345, unmetered.CycleCodeMonthly)
	vps.Domain = "vps2.example.com"
	res, err := client.Cart.OrderItems(context.Background(), unmetered.CartOrderRequest{
		Items: []unmetered.CartItem{
			vps,
			unmetered.DomainRegisterItem(8, "shop-example.net", 1),
			unmetered.DomainRenewItem(47, 1), // invoiced; it creates nothing
		},
	})
	if err != nil {
		fmt.Println("not retried, check the invoices before ordering again:", err)
		return
	}
	fmt.Println("invoice", res.InvoiceID, "total", res.Total)
	for _, it := range res.Items {
		fmt.Println(it.Type, it.ID, it.Name)
	}
	// Output:
	// invoice 308978 total 28.50
	// Hosting 310 vps2.example.com
	// Domain Register 53 shop-example.net
}
