package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/miekg/dns"
	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

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
write "www" or "www.example.com."), and so is a zone that would hold a CNAME at its apex or a
CNAME beside other records at one name (RFC 1034 section 3.6.2), unless --allow-cname-conflicts.
A file holds at most 100,000 records and 32 MiB of names and data, $GENERATE expanded (a whole
/16 reverse zone is 65,536 records, about 4 MB); a $GENERATE directive has at most 16 fields.
Every change is checked as the real run checks it before the first request, in --dry-run too:
exit code 2 means nothing was sent.

Applying asks on a terminal after showing the plan, and needs --yes otherwise; --dry-run prints
the plan and changes nothing. Applying twice, or applying what "dns export" wrote, plans nothing.
Changes go four at a time, in the plan's order: additions, then changes, then deletions, except
at a name that changes between a CNAME and other records (with --prune, which owns the records
the file drops there): its deletions go first, as a server refuses a record beside a CNAME. If
one fails, those not yet sent are not sent, and the report says what became of each: applied,
may have been applied (sent, but the answer was lost), failed, or not sent (with -o json, in the
error object's "report").
Exit code 3 means some change may have been applied: look at the zone (--dry-run shows what is
left) before running again.`

func newDNSApplyCmd(a *app) *cobra.Command {
	var dryRun, prune, yes, allowCNAME bool
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
			return a.applyZoneFile(ctx, c, z, zf.records, applyFlags{dryRun: dryRun, prune: prune, yes: yes, allowCNAME: allowCNAME})
		}),
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan only; change nothing")
	cmd.Flags().BoolVar(&prune, "prune", false, "the file owns the whole zone: delete the RRsets it does not mention (never the SOA)")
	cmd.Flags().BoolVar(&allowCNAME, "allow-cname-conflicts", false, "apply a CNAME at the zone's apex or beside other records at a name (RFC 1034 forbids it)")
	addYesFlag(cmd, &yes)
	return cmd
}

// checkPlan makes, before anything is sent and in --dry-run too, the check DNS.ApplyPlan makes
// of a plan before sending any of it that PlanZone does not (PlanZone has already put every
// record in the form the zone takes): a record to change or delete needs the id the portal lists
// it with. A plan that fails is a usage error (exit code 2): nothing was sent, so exit code 2
// keeps its promise.
func checkPlan(plan *unmetered.ZonePlan) error {
	for _, c := range plan.Changes {
		if c.Kind != unmetered.ChangeCreate && (c.Old == nil || c.Old.ID < 1) {
			return usageErrorf("%s: the portal lists the record without an id, so no request can change or delete it; nothing was sent",
				planLine(c, plan.Zone.Name))
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
