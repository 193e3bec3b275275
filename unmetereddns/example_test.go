package unmetereddns_test

import (
	"context"
	"fmt"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go/unmetereddns"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// A DNS-01 challenge as an ACME client presents and removes it, here against the fake portal:
// with your account, set Username and Password (and leave BaseURL empty).
func Example() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	p := &unmetereddns.Provider{Username: srv.Username(), Password: srv.Password(), BaseURL: srv.URL()}
	ctx := context.Background()

	zones, err := p.ListZones(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("zones:", zones)

	created, err := p.AppendRecords(ctx, "booble.com.", []libdns.Record{
		libdns.TXT{Name: "_acme-challenge", Text: "a-token-from-the-CA"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	txt := created[0].(libdns.TXT)
	fmt.Printf("created %s TXT %q, TTL %s\n", txt.Name, txt.Text, txt.TTL)

	deleted, err := p.DeleteRecords(ctx, "booble.com.", created)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("deleted:", len(deleted))
	// Output:
	// zones: [{bgg12ooble.com.} {booble.com.} {testname.com.}]
	// created _acme-challenge TXT "a-token-from-the-CA", TTL 1h0m0s
	// deleted: 1
}

// SetRecords makes an RRset hold exactly the records given and touches nothing else; what was
// already right is not written again.
func ExampleProvider_SetRecords() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	p := &unmetereddns.Provider{Username: srv.Username(), Password: srv.Password(), BaseURL: srv.URL()}
	ctx := context.Background()

	set, err := p.SetRecords(ctx, "booble.com", []libdns.Record{
		libdns.MX{Name: "@", Preference: 10, Target: "mail.booble.com."}, // already there
		libdns.MX{Name: "@", Preference: 20, Target: "backup-mx.example.net."},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range set {
		fmt.Println("set:", r.RR().Name, r.RR().Type, r.RR().Data)
	}
	// Output:
	// set: @ MX 20 backup-mx.example.net.
}
