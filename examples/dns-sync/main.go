// Command dns-sync brings a DNS zone to the record set described in a JSON file, with the fewest
// creates, updates and deletes.
//
//	go run ./examples/dns-sync -file examples/dns-sync/desired.json -dry-run
//
// The file names the DNS service, the zone and every record it should hold (its SOA aside):
//
//	{"service_id": 10, "zone": "example.com", "records": [
//	  {"name": "www", "type": "A", "ttl": 300, "content": "192.0.2.10"},
//	  {"name": "@", "type": "MX", "ttl": 3600, "priority": 10, "content": "mail.example.com."}]}
//
// -dry-run prints the plan and changes nothing. Credentials come from the environment as for
// quickstart; without them the example runs against the in-memory fake portal.
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

func main() { portal.Main(run) }

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dns-sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", "examples/dns-sync/desired.json", "the desired record set (JSON)")
	dryRun := fs.Bool("dry-run", false, "print the plan only")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	desired, err := readDesired(*file)
	if err != nil {
		fmt.Fprintln(stderr, "dns-sync:", err)
		return 2
	}
	client, release, err := portal.Connect(getenv, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "dns-sync:", err)
		return 1
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := sync(ctx, client, desired, *dryRun, stdout); err != nil {
		fmt.Fprintln(stderr, "dns-sync:", err)
		return 1
	}
	return 0
}

func readDesired(path string) (*Desired, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d Desired
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if d.ServiceID <= 0 || d.Zone == "" {
		return nil, fmt.Errorf("%s: needs service_id and zone", path)
	}
	for i, r := range d.Records {
		if r.Type == "" || r.Content.String() == "" {
			return nil, fmt.Errorf("%s: record %d needs a type and content", path, i)
		}
	}
	return &d, nil
}

func sync(ctx context.Context, client *unmetered.Client, d *Desired, dryRun bool, w io.Writer) error {
	zones, err := client.DNS.Zones(ctx, d.ServiceID)
	if err != nil {
		return err
	}
	var zoneID int64
	for _, z := range zones {
		if strings.EqualFold(strings.TrimSuffix(z.Name, "."), strings.TrimSuffix(d.Zone, ".")) {
			zoneID = int64(z.ID)
		}
	}
	if zoneID == 0 {
		return fmt.Errorf("service %d has no zone %q", d.ServiceID, d.Zone)
	}
	zone, err := client.DNS.Zone(ctx, d.ServiceID, zoneID)
	if err != nil {
		return err
	}
	plan := Plan(d.Zone, zone.Records, d.Records)
	if len(plan) == 0 {
		fmt.Fprintf(w, "%s is in sync (%d records)\n", d.Zone, len(zone.Records))
		return nil
	}
	fmt.Fprintf(w, "Plan for %s: %d change(s)\n", d.Zone, len(plan))
	for _, op := range plan {
		fmt.Fprintln(w, "  "+op.String())
	}
	if dryRun {
		fmt.Fprintln(w, "dry run: nothing changed")
		return nil
	}
	for _, op := range plan {
		var err error
		switch op.Kind {
		case "create":
			_, err = client.DNS.CreateRecord(ctx, d.ServiceID, zoneID, input(op.Record))
		case "update":
			_, err = client.DNS.UpdateRecord(ctx, d.ServiceID, zoneID, op.ID, input(op.Record))
		case "delete":
			err = client.DNS.DeleteRecord(ctx, d.ServiceID, zoneID, op.ID)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	fmt.Fprintf(w, "applied %d change(s)\n", len(plan))
	return nil
}

func input(r *Record) *unmetered.ZoneRecordInput {
	return &unmetered.ZoneRecordInput{Name: r.Name, Type: r.Type, TTL: r.TTL, Priority: r.Priority, Content: r.Content}
}
