package unmetered_test

import (
	"context"
	"fmt"
	"log"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// An ACME DNS-01 challenge: find the zone by name, add the TXT record, remove it afterwards.
func ExampleDNSService_CreateRecord() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	zone, err := client.DNS.FindZone(ctx, "booble.com")
	if err != nil {
		log.Print(err)
		return
	}
	// The server answers a creation without the new id; CreateRecord reads the zone to return
	// the record as stored, id included.
	rec, err := client.DNS.CreateRecord(ctx, zone, unmetered.RecordRequest{
		Name: "_acme-challenge", Type: unmetered.RecordTypeTXT, TTL: 60, Content: "gfj9Xq...Rg85nM",
	})
	if err != nil {
		log.Print(err) // a *RecordLookupError means the record exists: do not create it again
		return
	}
	fmt.Println(rec.ID, rec.Name, rec.Type, rec.TTL, rec.Content)
	if err := client.DNS.DeleteRecord(ctx, zone, rec.ID); err != nil {
		log.Print(err)
		return
	}
	// Output: 56 _acme-challenge TXT 60 gfj9Xq...Rg85nM
}

// Records come out in one canonical form, whatever form the server lists them in: the fake
// portal, like the real server, lists "qwerty.booble.com", "mail.booble.com" and
// "\"v=spf1 mx -all\"".
func ExampleDNSService_Zone() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Print(err)
		return
	}
	zone, err := client.DNS.Zone(context.Background(), 10, 60)
	if err != nil {
		log.Print(err)
		return
	}
	for _, r := range zone.Records {
		if r.Type != unmetered.RecordTypeSOA {
			fmt.Printf("%-9s %-5s %4d %2d %s\n", r.Name, r.Type, r.TTL, r.Priority, r.Content)
		}
	}
	// Output:
	// @         NS    3600  0 ns1.unmetered.management.
	// @         NS    3600  0 ns2.unmetered.management.
	// qwerty    A     1800  0 127.0.0.1
	// @         MX    3600 10 mail.booble.com.
	// _sip._tcp SRV   3600 10 10 5060 vc01.booble.com.
	// @         TXT   3600  0 v=spf1 mx -all
}

// Canonical puts a record in the form the zone lists, so that == tells whether a zone already
// holds it.
func ExampleRecordRequest_Canonical() {
	req := unmetered.RecordRequest{Name: "Mail.Example.com.", Type: "mx", Priority: 10, Content: "MX1.example.net"}
	c, err := req.Canonical("example.com")
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Printf("%q %s %d %q\n", c.Name, c.Type, c.Priority, c.Content)

	_, err = unmetered.RecordRequest{Name: "www.example.com", Type: "A", Content: "192.0.2.1"}.Canonical("example.com")
	fmt.Println(err)
	// Output:
	// "mail" MX 10 "mx1.example.net."
	// unmetered: invalid argument: RecordRequest.Canonical: Name "www.example.com" is relative to the zone example.com, so it means www.example.com.example.com.: give "www", or the absolute "www.example.com."
}
