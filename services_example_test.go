package unmetered_test

import (
	"context"
	"fmt"
	"time"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The examples below run against unmeteredtest's fake portal. They print an error and return
// rather than exit, so that the deferred Close always runs.

func ExampleServicesService_List() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	services, err := client.Services.List(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range services {
		if s.Status != unmetered.ServiceActive {
			continue
		}
		fmt.Printf("%d %-15s %-16s %-8s %s\n", s.ID, s.Name, s.Domain, s.BillingCycle, s.Total)
	}
	// Output:
	// 10 DNS Hosting     booble.com       Monthly  2.00
	// 20 DNS Hosting     bgg12ooble.com   Monthly  2.00
	// 301 Starter Hosting examplename.com  Monthly  9.99
	// 302 VPS Large       vps.example.com  Annually 24.50
}

// The fake portal's dates follow its clock: here a fixed one, so the output does not change.
func ExampleServicesService_Get() {
	now := time.Date(2025, time.January, 15, 9, 30, 0, 0, time.UTC)
	srv := unmeteredtest.NewServer(unmeteredtest.WithClock(func() time.Time { return now }))
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := client.Services.Get(context.Background(), 301)
	if err != nil {
		fmt.Println(err)
		return
	}
	days := int(s.NextDue.Sub(now.Truncate(24*time.Hour)).Hours() / 24)
	fmt.Printf("%s (%s) is due on %s, in %d days\n", s.Name, s.Domain, s.NextDue, days)
	// Credentials print redacted; Reveal returns them.
	fmt.Println("login:", s.Username, s.Password, "=", s.Username.Reveal())
	// Output:
	// Starter Hosting (examplename.com) is due on 2025-02-11, in 27 days
	// login: [REDACTED] [REDACTED] = examplen
}

func ExampleServicesService_UpgradeEstimate() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	opts, err := client.Services.UpgradeOptions(ctx, 302)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range opts.Resources {
		switch r.Type {
		case unmetered.ResourceTypeSelect:
			fmt.Printf("%s: %s\n", r.Name, r.Selected().Name)
		case unmetered.ResourceTypeSlider:
			fmt.Printf("%s: %d (%d to %d)\n", r.Name, r.Value, r.Min, r.Max)
		}
	}

	// Price the upgrade first; Upgrade with the same request orders it.
	req := unmetered.UpgradeRequest{Resources: unmetered.UpgradeResources{
		1557: unmetered.ResourceItem(10103), // the 500 GB bandwidth item
		1560: unmetered.ResourceQuantity(60),
	}}
	est, err := client.Services.UpgradeEstimate(ctx, 302, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("estimate:", est.Total, est.Currency)
	res, err := client.Services.Upgrade(ctx, 302, req)
	if err != nil {
		fmt.Println("not retried, check the invoices before trying again:", err)
		return
	}
	fmt.Println("invoice:", res.InvoiceID)
	// Output:
	// Bandwidth: 100 GB
	// Disk: 40 (10 to 200)
	// estimate: 6.00 USD
	// invoice: 308978
}

func ExampleServicesService_Cancel() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	// The zero Type cancels at the end of the paid period; only CancelImmediately terminates
	// the service at once.
	err = client.Services.Cancel(ctx, 302, unmetered.CancelRequest{Reason: "The project has ended"})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := client.Services.Get(ctx, 302)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Domain, s.Status)
	// Output: vps.example.com Active
}

func ExampleServicesService_SetReverseDNS() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	err = client.Services.SetReverseDNS(ctx, 302, unmetered.ReverseDNSRequest{
		Hostnames: map[string]string{"2001:db8::20": "v6.example.com"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rdns, err := client.Services.ReverseDNS(ctx, 302)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rdns.Hostnames)
	// Output: map[192.0.2.20:vps.example.com 2001:db8::20:v6.example.com]
}
