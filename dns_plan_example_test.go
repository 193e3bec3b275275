package unmetered_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// Plan the fewest changes that give a zone what a desired-state file says, then apply them.
// The fake portal's zone booble.com holds qwerty A 127.0.0.1 (TTL 1800).
func ExamplePlanZone() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	zone, err := client.DNS.Zone(ctx, 10, 60) // with its records
	if err != nil {
		log.Print(err)
		return
	}
	plan, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{
		// These RRsets end with exactly these records; the zone's other RRsets are left alone.
		Set: []unmetered.RecordRequest{
			{Name: "qwerty", Type: unmetered.RecordTypeA, Content: "192.0.2.5"}, // TTL 0: keep the record's
			{Name: "www", Type: unmetered.RecordTypeA, TTL: 300, Content: "192.0.2.10"},
		},
		Clear: []unmetered.RRset{{Name: "@", Type: unmetered.RecordTypeTXT}},
	})
	if err != nil {
		log.Print(err) // an invalid record, or a CNAME conflict: nothing was sent
		return
	}
	for _, c := range plan.Changes {
		fmt.Println(c)
	}
	report, err := client.DNS.ApplyPlan(ctx, plan, unmetered.ApplyOptions{})
	if err != nil {
		// An *ApplyError: report says what was applied, what may have been, and what was not sent.
		log.Print(err)
	}
	fmt.Println(report.Summary())
	// Output:
	// create www A ttl=300 "192.0.2.10"
	// update #13 qwerty A ttl=1800 "127.0.0.1" -> qwerty A ttl=1800 "192.0.2.5"
	// delete #16 @ TXT ttl=3600 "v=spf1 mx -all"
	// applied 3 of 3 changes to booble.com
}

// An ACME DNS-01 challenge from nothing but the name: find the zone (the longest suffix among
// the account's zones), add the TXT value, and later remove exactly that value. Another
// challenge at the same name (a wildcard certificate and its apex) is never touched.
func ExampleDNSService_EditZone() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	zone, name, err := client.DNS.ZoneFor(ctx, "_acme-challenge.www.booble.com.")
	if err != nil {
		log.Print(err) // errors.Is(err, unmetered.ErrNotFound): no zone of the account holds it
		return
	}
	fmt.Println(zone.Name, name)
	challenge := unmetered.RecordRequest{Name: name, Type: unmetered.RecordTypeTXT, TTL: 60, Content: "gfj9Xq...Rg85nM"}
	report, err := client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{Add: []unmetered.RecordRequest{challenge}}, unmetered.ApplyOptions{})
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println(report.Summary())

	// ... the CA looks the record up ...

	report, err = client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{Remove: []unmetered.RecordFilter{
		{Name: name, Type: unmetered.RecordTypeTXT, Content: challenge.Content},
	}}, unmetered.ApplyOptions{})
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println(report.Summary())
	// Output:
	// booble.com _acme-challenge.www
	// applied 1 of 1 changes to booble.com
	// applied 1 of 1 changes to booble.com
}

// The planner refuses a zone that would break RFC 1034's CNAME rule, naming the records, unless
// the edit insists.
func ExampleCNAMEConflictError() {
	zone := &unmetered.Zone{ID: 60, Name: "example.com", ServiceID: 10, Records: []unmetered.ZoneRecord{
		{ID: 2, Name: "www", Type: unmetered.RecordTypeA, TTL: 300, Content: "192.0.2.1"},
	}}
	edit := unmetered.ZoneEdit{Add: []unmetered.RecordRequest{{Name: "www", Type: unmetered.RecordTypeCNAME, Content: "web.example.net"}}}
	_, err := unmetered.PlanZone(zone, edit)
	var conflict *unmetered.CNAMEConflictError
	fmt.Println(errors.As(err, &conflict), errors.Is(err, unmetered.ErrInvalidArgument))
	fmt.Println(err)

	edit.AllowCNAMEConflicts = true
	plan, err := unmetered.PlanZone(zone, edit)
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println(plan.Changes[0])
	// Output:
	// true true
	// unmetered: invalid argument: zone example.com: a CNAME must be the only record at its name, and the zone's apex cannot have one (RFC 1034 section 3.6.2): www would hold A "192.0.2.1", CNAME "web.example.net."
	// create www CNAME ttl=default "web.example.net."
}

// An apply that fails part way says exactly what happened to each change.
func ExampleApplyError() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Print(err)
		return
	}
	ctx := context.Background()
	zone, err := client.DNS.Zone(ctx, 10, 60)
	if err != nil {
		log.Print(err)
		return
	}
	plan, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: []unmetered.RecordRequest{
		{Name: "a", Type: unmetered.RecordTypeA, Content: "192.0.2.1"},
		{Name: "b", Type: unmetered.RecordTypeA, Content: "192.0.2.2"},
		{Name: "c", Type: unmetered.RecordTypeA, Content: "192.0.2.3"},
	}})
	if err != nil {
		log.Print(err)
		return
	}
	// The second creation's answer is lost, after the portal made the record.
	srv.Fail("POST", "/service/@id/dns/@id/records", unmeteredtest.Fault{})
	srv.Fail("POST", "/service/@id/dns/@id/records", unmeteredtest.Fault{AfterAction: true, Status: 504})
	report, err := client.DNS.ApplyPlan(ctx, plan, unmetered.ApplyOptions{Concurrency: 1})
	var applyErr *unmetered.ApplyError
	fmt.Println(errors.As(err, &applyErr), unmetered.MaybeApplied(err))
	fmt.Println(report.Summary())
	for _, c := range report.NotSent {
		fmt.Println("not sent:", c)
	}
	// Output:
	// true false
	// applied 2 of 3 changes to booble.com, 1 not sent
	// not sent: create c A ttl=default "192.0.2.3"
}
