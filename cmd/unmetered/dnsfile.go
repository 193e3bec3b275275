package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/miekg/dns"
	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/internal/zoneplan"
)

// applyConcurrency is how many changes "dns apply" sends at once: enough to hide the round
// trip, few enough to stay well inside the portal's rate limit (as examples/dns-sync).
const applyConcurrency = 4

func newDNSExportCmd(a *app) *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "export ZONE",
		Short: "Write a zone as an RFC 1035 zone file",
		Long: `Write a zone's records as an RFC 1035 zone file (what BIND and other name servers read), to
stdout or, with --file, to a file (written whole or not at all). Names are relative to the
$ORIGIN, records sorted by name and type, so that the file of an unchanged zone does not change
and a zone kept in git shows only real changes. "unmetered dns apply" reads the file back.

A record that a zone file cannot hold faithfully is written as a comment, and said on stderr.`,
		Example: `  unmetered dns export example.com > example.com.zone
  unmetered dns export example.com --file example.com.zone`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			if err := a.checkDownloadOutput(path); err != nil {
				return err
			}
			z, err := a.findZone(ctx, c, args[0], true)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			skipped, err := writeZoneFile(&buf, z)
			if err != nil {
				return err
			}
			for _, s := range skipped {
				fmt.Fprintf(a.err, "warning: not exported (a zone file cannot hold it): %s\n", sanitize(s))
			}
			return a.writeOrStream(path, &buf, download{Name: dns.Fqdn(z.Name), ContentType: "text/dns"})
		}),
	}
	cmd.Flags().StringVar(&path, "file", "", "write to this file instead of stdout")
	return cmd
}

const applyLong = `Bring a zone to what an RFC 1035 zone file says, with the fewest changes, and print the plan:
  + NAME TTL IN TYPE DATA                 a record to add
  ~ OLD RECORD -> NEW RECORD              a record to change in place
  - NAME TTL IN TYPE DATA                 a record to delete

What the file owns: the RRsets (owner name and type) that it has records for. Each of them ends
up with exactly the file's records; every other RRset of the zone is left alone, so a file may
hold only the records it manages (an ACME TXT record, the web servers). With --prune the file
owns the whole zone: RRsets it does not mention are deleted. The SOA record is the portal's: an
SOA in the file is ignored, and the zone's is never changed or deleted.

The file is read with $ORIGIN set to the zone; $INCLUDE is refused; records outside the zone or
of a type the portal does not host are errors, and so is a relative name that repeats the
zone's name ("www.example.com" in the zone example.com means www.example.com.example.com.:
write "www" or "www.example.com."). A file holds at most 100,000 records, $GENERATE
expanded (a whole /16 reverse zone is 65,536). Every change is checked as the real run checks it before
the first request, in --dry-run too: exit code 2 means nothing was sent.

Applying asks on a terminal after showing the plan, and needs --yes otherwise; --dry-run prints
the plan and changes nothing. Applying twice, or applying what "dns export" wrote, plans nothing.
If a change fails, the changes before it stay applied; exit code 3 means the failed one may have
been applied too: run --dry-run to see what is left.`

// planChange is one change of "dns apply -o json".
type planChange struct {
	Action string                   `json:"action"` // "add", "change" or "delete"
	ID     int64                    `json:"id,omitempty"`
	From   *unmetered.ZoneRecord    `json:"from,omitempty"`
	Record *unmetered.RecordRequest `json:"record,omitempty"`
}

// applyResult is what "dns apply -o json" prints.
type applyResult struct {
	Zone    string       `json:"zone"`
	Changes []planChange `json:"changes"`
	DryRun  bool         `json:"dry_run"`
	Applied int          `json:"applied"`
}

func newDNSApplyCmd(a *app) *cobra.Command {
	var dryRun, prune, yes bool
	cmd := &cobra.Command{
		Use:   "apply ZONE FILE",
		Short: "Bring a zone to what a zone file says",
		Long:  applyLong,
		Example: `  unmetered dns apply example.com example.com.zone --dry-run
  unmetered dns apply example.com example.com.zone --yes
  unmetered dns export example.com | sed 's/192.0.2.10/192.0.2.20/' | unmetered dns apply example.com - --yes`,
		Args: cobra.ExactArgs(2),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			data, err := a.readInput("FILE", args[1], false)
			if err != nil {
				return err
			}
			name := args[1]
			if name == "-" {
				name = "stdin"
			}
			// Parse against the zone's name as given, before sending anything; then again
			// against the name as the portal spells it (only its case can differ).
			if _, err := parseZoneFile(data, args[0], name); err != nil {
				return asUsage(err)
			}
			if !dryRun {
				if err := a.refuseUnconfirmed(yes, "apply "+name+" to "+args[0]+" (--dry-run shows the plan)"); err != nil {
					return err
				}
			}
			z, err := a.findZone(ctx, c, args[0], true)
			if err != nil {
				return err
			}
			zf, err := parseZoneFile(data, z.Name, name)
			if err != nil {
				return asUsage(err)
			}
			var owns []zoneplan.RRset
			if prune {
				for _, r := range z.Records {
					owns = append(owns, zoneplan.RRset{Name: r.Name, Type: r.Type})
				}
			}
			plan := zoneplan.Plan(z.Records, zf.records, owns)
			if err := checkPlan(z, plan); err != nil {
				return err
			}
			res := applyResult{Zone: z.Name, Changes: []planChange{}, DryRun: dryRun}
			for _, op := range plan {
				res.Changes = append(res.Changes, planChange{Action: actionName(op.Kind), ID: op.ID, From: op.Old, Record: op.Record})
			}
			if !a.structured() {
				a.printPlan(z, plan)
			}
			if len(plan) > 0 && !dryRun {
				if err := a.confirm(yes, fmt.Sprintf("apply %d change(s) to %s", len(plan), z.Name)); err != nil {
					return err
				}
				n := 0
				res.Applied, err = zoneplan.Apply(ctx, c, z, plan, applyConcurrency, func(op zoneplan.Op) {
					n++
					a.progressf("[%d/%d] %s", n, len(plan), planLine(op, z.Name))
				})
				if err != nil {
					return sentChange(fmt.Errorf("applied %d of %d change(s) to %s, then: %w", res.Applied, len(plan), z.Name, err))
				}
			}
			if a.structured() {
				return a.writeData(res)
			}
			switch {
			case len(plan) == 0:
			case dryRun:
				fmt.Fprintln(a.out, "Dry run: nothing changed")
			default:
				fmt.Fprintf(a.out, "Applied %d change(s) to %s\n", res.Applied, z.Name)
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan only; change nothing")
	cmd.Flags().BoolVar(&prune, "prune", false, "the file owns the whole zone: delete the RRsets it does not mention (never the SOA)")
	addYesFlag(cmd, &yes)
	return cmd
}

// checkPlan makes, before anything is sent and in --dry-run too, every check the SDK makes of
// a change before sending it: a record to create or change must be one it takes for the zone
// (RecordRequest.Canonical, as DNS.CreateRecords and DNS.UpdateRecord check it), and a record
// to change or delete needs the id the portal lists it with. A plan that fails is a usage error
// (exit code 2): nothing was sent, so exit code 2 keeps its promise.
func checkPlan(z *unmetered.Zone, plan []zoneplan.Op) error {
	for _, op := range plan {
		if op.Record != nil {
			if _, err := op.Record.Canonical(z.Name); err != nil {
				return asUsage(fmt.Errorf("%s: %w", planLine(op, z.Name), err))
			}
		}
		if op.Kind != zoneplan.Create && op.ID < 1 {
			return usageErrorf("%s %s %q: the portal lists it without an id, so no request can change or delete it; nothing was sent",
				op.Old.Name, op.Old.Type, op.Old.Content)
		}
	}
	return nil
}

// asUsage makes a zone file's error a usage error (exit code 2): the input is wrong and nothing
// was sent.
func asUsage(err error) error {
	var u *usageError
	if errors.As(err, &u) {
		return err
	}
	return &usageError{err: err}
}

func actionName(k zoneplan.Kind) string {
	switch k {
	case zoneplan.Create:
		return "add"
	case zoneplan.Update:
		return "change"
	}
	return "delete"
}

// printPlan prints the plan as +, ~ and - lines.
func (a *app) printPlan(z *unmetered.Zone, plan []zoneplan.Op) {
	if len(plan) == 0 {
		fmt.Fprintf(a.out, "%s is up to date: nothing to change\n", z.Name)
		return
	}
	fmt.Fprintf(a.out, "Plan for %s: %d change(s)\n", z.Name, len(plan))
	for _, op := range plan {
		fmt.Fprintln(a.out, planLine(op, z.Name))
	}
}

// planLine spells one change as the plan prints it.
func planLine(op zoneplan.Op, zone string) string {
	switch op.Kind {
	case zoneplan.Create:
		return "+ " + recordText(requestRecord(*op.Record), zone)
	case zoneplan.Update:
		return "~ " + recordText(*op.Old, zone) + " -> " + recordText(requestRecord(*op.Record), zone)
	}
	return "- " + recordText(*op.Old, zone)
}

func requestRecord(r unmetered.RecordRequest) unmetered.ZoneRecord {
	return unmetered.ZoneRecord{Name: r.Name, Type: r.Type, TTL: r.TTL, Priority: r.Priority, Content: r.Content}
}

// recordText spells a record as a zone-file line with spaces, or plainly when it has no
// zone-file form.
func recordText(r unmetered.ZoneRecord, zone string) string {
	if line, err := zoneLine(r, zone); err == nil {
		return sanitize(line)
	}
	s := fmt.Sprintf("%s\t%d\tIN\t%s\t", r.Name, r.TTL, r.Type)
	if r.Priority != 0 {
		s += fmt.Sprintf("%d ", r.Priority)
	}
	return sanitize(s + fmt.Sprintf("%q", r.Content))
}
