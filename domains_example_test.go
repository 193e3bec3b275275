package unmetered_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The fake portal's domains expire relative to its clock: 47 in 60 days, 48 expired a month
// ago, 52 is still being registered.
func ExampleDomainsService_List() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	domains, err := client.Domains.List(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range domains {
		fmt.Printf("%d %s: %s, %d days left, renews automatically: %t\n", d.ID, d.Name, d.Status, d.DaysToExpire, d.AutoRenew)
	}
	// Output:
	// 47 testname.com: Active, 60 days left, renews automatically: true
	// 48 testname.com: Expired, 0 days left, renews automatically: true
	// 52 example.org: Pending, 0 days left, renews automatically: false
}

// Renew the active domains that expire within 90 days, once: a job run daily must not order a
// renewal that is already ordered (or that the portal invoiced by itself) and waits for
// payment, since each Renew makes one more invoice. Renew is never sent twice: after an error,
// check PendingRenewals before trying again.
func ExampleDomainsService_Renew() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	domains, err := client.Domains.List(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range domains {
		if d.Status != unmetered.DomainActive || d.DaysToExpire > 90 {
			continue
		}
		pending, err := client.Domains.PendingRenewals(ctx, d.ID)
		if err != nil {
			fmt.Println(err)
			return
		}
		if len(pending) > 0 {
			// The portal issued testname.com's renewal invoice ahead of the expiry: paying it
			// renews the domain; ordering again would bill a second renewal.
			fmt.Printf("%s: renewal invoice %d waits for payment (%s)\n", d.Name, pending[0].ID, pending[0].Total)
			continue
		}
		renewal, err := client.Domains.Renew(ctx, d.ID, unmetered.RenewRequest{Years: 1})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("renewing %s (%d days left): invoice %d, total %s\n", d.Name, d.DaysToExpire, renewal.InvoiceID, renewal.Total)
	}
	// Output: testname.com: renewal invoice 308977 waits for payment (15.00)
}

func ExampleDomainsService_SetAutoRenew() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if err := client.Domains.SetAutoRenew(ctx, 52, unmetered.AutoRenewRequest{Enabled: true}); err != nil {
		fmt.Println(err)
		return
	}
	setting, err := client.Domains.AutoRenew(ctx, 52)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("renews automatically:", setting.Enabled)
	// Output: renews automatically: true
}

// The registrar's DNS records are addressed by index, which shifts when a record before them is
// removed. A checked write acts only if the record is still where it was read.
func ExampleDomainsService_DeleteDNSRecordChecked() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	records, err := client.Domains.DNSRecords(ctx, 47)
	if err != nil {
		fmt.Println(err)
		return
	}
	www := records[2]
	fmt.Println("read:", www.ID, www.Name, www.Type, www.Content)

	// Meanwhile someone else removes the first record: www moves to index 2.
	if err := client.Domains.DeleteDNSRecord(ctx, 47, 1); err != nil {
		fmt.Println(err)
		return
	}
	err = client.Domains.DeleteDNSRecordChecked(ctx, 47, www)
	fmt.Println("conflict:", errors.Is(err, unmetered.ErrConflict))

	// Read again and act on what is there now.
	records, err = client.Domains.DNSRecords(ctx, 47)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range records {
		if r.Name == "www" && r.Type == unmetered.DomainDNSTypeCNAME {
			if err := client.Domains.DeleteDNSRecordChecked(ctx, 47, r); err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println("deleted:", r.ID, r.Name, r.Type, r.Content)
		}
	}
	// Output:
	// read: 3 www CNAME testname.com
	// conflict: true
	// deleted: 2 www CNAME testname.com
}

func ExampleDomainsService_UpdateDNSRecordChecked() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	records, err := client.Domains.DNSRecords(ctx, 47)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range records {
		if r.Type != unmetered.DomainDNSTypeMX {
			continue
		}
		err := client.Domains.UpdateDNSRecordChecked(ctx, 47, r, unmetered.DomainDNSRecordRequest{
			Name: r.Name, Type: r.Type, Priority: 5, Content: "mx.example.net",
		})
		if errors.Is(err, unmetered.ErrConflict) {
			fmt.Println("the record changed since it was read; read again and decide anew")
			return
		}
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	records, err = client.Domains.DNSRecords(ctx, 47)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(records[1].Name, records[1].Type, records[1].Priority, records[1].Content)
	// Output: @ MX 5 mx.example.net
}

// Look a name up, then order it. Order is never sent twice: after an error, check the orders
// and invoices before ordering again.
func ExampleDomainsService_Order() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	lookup, err := client.Domains.Lookup(ctx, "brand-new.org")
	if err != nil {
		fmt.Println(err)
		return
	}
	if !lookup.Available || len(lookup.Periods) == 0 {
		fmt.Println(lookup.Name, "is not available")
		return
	}
	p := lookup.Periods[0]
	fmt.Printf("%s: %d year(s) for %s\n", lookup.Name, p.Years, p.Register)
	res, err := client.Domains.Order(ctx, unmetered.DomainOrderRequest{
		Name: lookup.Name, Years: p.Years, Action: unmetered.DomainRegister, TLDID: p.TLDID,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("invoice %d, total %s\n", res.InvoiceID, res.Total)
	// Output:
	// brand-new.org: 1 year(s) for 12.50
	// invoice 308978, total 12.50
}
