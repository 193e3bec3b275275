// Command dns-sync brings the DNS records a JSON file describes into a zone, with the fewest
// creates, updates and deletes, and touches nothing else.
//
//	go run ./examples/dns-sync -file examples/dns-sync/desired.json -dry-run
//
// The file names the zone and the records it should hold:
//
//	{"zone": "example.com", "records": [
//	  {"name": "www", "type": "A", "ttl": 300, "content": "192.0.2.10"},
//	  {"name": "@", "type": "MX", "ttl": 3600, "priority": 10, "content": "mail.example.com."},
//	  {"name": "_sip._tcp", "type": "SRV", "priority": 10, "content": "5 5060 sip.example.com."},
//	  {"name": "@", "type": "TXT", "content": "v=spf1 mx -all"}],
//	 "owns": [{"name": "old", "type": "CNAME"}]}
//
// Records take the SDK's canonical form (see unmetered.RecordRequest): names relative to the
// zone or absolute with a trailing dot, "@" for the apex; targets fully qualified, the dot
// optional; TXT text as plain text, of any length. A TTL of 0 or none leaves an existing
// record's TTL alone and gives a new one the server's default.
//
// The file owns the RRsets (owner name and type) its records name, and those "owns" lists:
// records of an owned RRset that the file does not list are deleted. Records of any other
// RRset are left alone, and so is the SOA. "service_id", when given, is checked against the
// zone's service. The plan is the SDK's (unmetered.PlanZone): a zone that would hold a CNAME
// beside other records at one name, or at its apex, is refused before anything is sent.
//
// -dry-run prints the plan and changes nothing; -concurrency bounds how many changes are sent
// at once. Credentials come from the environment (UNMETERED_USERNAME, UNMETERED_PASSWORD,
// optional UNMETERED_AUTH and UNMETERED_BASE_URL); a missing one is an error naming it. -fake
// runs it against the in-memory fake portal instead.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/examples/internal/portal"
)

// Desired is the record set a zone should hold, as read from the JSON file.
type Desired struct {
	// ServiceID, when set, is the DNS service the zone must belong to.
	ServiceID int64 `json:"service_id,omitempty"`
	// Zone is the zone's name, e.g. "example.com".
	Zone string `json:"zone"`
	// Records are the records the zone should hold. The file owns the RRsets (owner name and
	// type) these records name: records of those RRsets that are not listed are deleted.
	Records []unmetered.RecordRequest `json:"records"`
	// Owns are further RRsets the file owns without wanting records in them: their records are
	// deleted. Every RRset neither Records nor Owns names is left alone.
	Owns []unmetered.RRset `json:"owns,omitempty"`
}

func main() { portal.Main(run) }

// defaultConcurrency is how many changes are in flight at once unless -concurrency says
// otherwise: enough to hide the round trip, few enough to stay well inside the portal's rate
// limit.
const defaultConcurrency = unmetered.DefaultApplyConcurrency

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dns-sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", "examples/dns-sync/desired.json", "the desired record set (JSON)")
	dryRun := fs.Bool("dry-run", false, "print the plan only")
	concurrency := fs.Int("concurrency", defaultConcurrency, "changes sent at once (at least 1)")
	fake := fs.Bool("fake", false, "run against the built-in fake portal instead of your account")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *concurrency < 1 {
		fmt.Fprintln(stderr, "dns-sync: -concurrency must be at least 1")
		return 2
	}
	desired, err := readDesired(*file)
	if err != nil {
		fmt.Fprintln(stderr, "dns-sync:", err)
		return 2
	}
	client, release, err := portal.Connect(getenv, *fake, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "dns-sync:", err)
		return 1
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if err := syncZone(ctx, client, desired, options{dryRun: *dryRun, concurrency: *concurrency}, stdout); err != nil {
		fmt.Fprintln(stderr, "dns-sync:", err)
		return 1
	}
	return 0
}

// readDesired reads the file and puts its records and RRsets in canonical form for its zone.
func readDesired(path string) (*Desired, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d Desired
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if d.Zone == "" {
		return nil, fmt.Errorf("%s: needs the zone's name", path)
	}
	for i, r := range d.Records {
		if d.Records[i], err = r.Canonical(d.Zone); err != nil {
			return nil, fmt.Errorf("%s: record %d: %w", path, i, err)
		}
		if d.Records[i].Type == unmetered.RecordTypeSOA {
			return nil, fmt.Errorf("%s: record %d: the SOA record is the server's", path, i)
		}
	}
	for i, o := range d.Owns {
		// Canonical checks a whole record: check the name with a stand-in TXT record.
		c, err := unmetered.RecordRequest{Name: o.Name, Type: unmetered.RecordTypeTXT, Content: "owned"}.Canonical(d.Zone)
		if err != nil {
			return nil, fmt.Errorf("%s: owns %d: %w", path, i, err)
		}
		typ := unmetered.RecordType(strings.ToUpper(strings.TrimSpace(string(o.Type))))
		if typ == "" {
			return nil, fmt.Errorf("%s: owns %d: needs a type", path, i)
		}
		d.Owns[i] = unmetered.RRset{Name: c.Name, Type: typ}
	}
	return &d, nil
}

type options struct {
	dryRun      bool
	concurrency int
}

// syncZone reads the zone (GET /dns to find it, then the zone itself: two reads), plans with
// the SDK's zone planner, prints the plan and applies it.
func syncZone(ctx context.Context, client *unmetered.Client, d *Desired, opt options, w io.Writer) error {
	zone, err := client.DNS.FindZone(ctx, d.Zone)
	if err != nil {
		return err
	}
	if d.ServiceID != 0 && zone.ServiceID != d.ServiceID {
		return fmt.Errorf("zone %s belongs to service %d, not %d", zone.Name, zone.ServiceID, d.ServiceID)
	}
	full, err := client.DNS.Zone(ctx, zone.ServiceID, zone.ID)
	if err != nil {
		return err
	}
	plan, err := unmetered.PlanZone(full, unmetered.ZoneEdit{Set: d.Records, Clear: d.Owns})
	if err != nil {
		return err // an invalid record, or a CNAME beside other records: nothing was sent
	}
	if len(plan.Changes) == 0 {
		fmt.Fprintf(w, "%s is in sync (%d records)\n", zone.Name, len(full.Records))
		return nil
	}
	fmt.Fprintf(w, "Plan for %s: %d change(s)\n", zone.Name, len(plan.Changes))
	for _, c := range plan.Changes {
		fmt.Fprintln(w, "  "+c.String())
	}
	if opt.dryRun {
		fmt.Fprintln(w, "dry run: nothing changed")
		return nil
	}
	report, err := client.DNS.ApplyPlan(ctx, plan, unmetered.ApplyOptions{Concurrency: opt.concurrency})
	if err != nil {
		// An *unmetered.ApplyError: its text says what was applied, what may have been (the
		// answer lost) and what was not sent.
		return err
	}
	fmt.Fprintf(w, "applied %d change(s)\n", len(report.Applied))
	return nil
}
