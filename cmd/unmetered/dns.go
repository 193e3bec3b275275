package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

const dnsLong = `Zones of your DNS hosting services: list them, change their records one by one, or keep a
zone as code with export and apply. ZONE is the zone's name ("example.com" or "example.com.").

Names are relative to the zone ("www"; "@" for the zone itself) or absolute with the final dot
("www.example.com."). Targets (CNAME, NS, MX, SRV, PTR) are fully qualified, with or without
the final dot. TXT values are the plain text, of any length.

For the records a domain's registrar hosts, see "unmetered domain dns".`

func newDNSCmd(a *app) *cobra.Command {
	cmd := group(a, "dns", "DNS hosting: zones, records, zone files (export, apply)")
	cmd.Long = dnsLong
	zone := newDNSZoneCmd(a)
	record := group(a, "record", "The records of a zone")
	record.AddCommand(newDNSRecordListCmd(a), newDNSRecordAddCmd(a), newDNSRecordUpdateCmd(a), newDNSRecordDeleteCmd(a))
	cmd.AddCommand(zone, record, newDNSExportCmd(a), newDNSApplyCmd(a))
	return cmd
}

var zoneRecordColumns = []column[unmetered.ZoneRecord]{
	{"ID", func(r unmetered.ZoneRecord) any { return r.ID }},
	{"NAME", func(r unmetered.ZoneRecord) any { return r.Name }},
	{"TYPE", func(r unmetered.ZoneRecord) any { return r.Type }},
	{"TTL", func(r unmetered.ZoneRecord) any { return r.TTL }},
	{"PRIORITY", func(r unmetered.ZoneRecord) any { return r.Priority }},
	{"CONTENT", func(r unmetered.ZoneRecord) any { return r.Content }},
}

func zoneRecordFields(r unmetered.ZoneRecord) []field {
	return []field{{"ID", r.ID}, {"Name", r.Name}, {"Type", r.Type}, {"TTL", r.TTL}, {"Priority", r.Priority}, {"Content", r.Content}}
}

func describeZoneRecord(r unmetered.ZoneRecord) string {
	return fmt.Sprintf("#%d %s %s %q", r.ID, r.Name, r.Type, r.Content)
}

// findZone finds the zone named name; with records, it reads them too.
func (a *app) findZone(ctx context.Context, c *unmetered.Client, name string, records bool) (*unmetered.Zone, error) {
	if strings.TrimSuffix(strings.TrimSpace(name), ".") == "" {
		return nil, usageErrorf("ZONE %q: a zone's name, like example.com", name)
	}
	z, err := c.DNS.FindZone(ctx, name)
	if err != nil || !records {
		return z, err
	}
	return c.DNS.Zone(ctx, z.ServiceID, z.ID)
}

// recordSelector is the NAME TYPE [VALUE] of "dns record update|delete", in canonical form.
type recordSelector struct {
	name, value string
	typ         unmetered.RecordType
	hasValue    bool
	text        string // as the user wrote it, for messages
}

// parseSelector puts NAME TYPE [VALUE] in canonical form for zone, so that it compares with the
// zone's records: "WWW.example.com." is "www", "Mail.Example.com" is "mail.example.com.".
func parseSelector(zone string, args []string) (*recordSelector, error) {
	typ, err := parseEnum("TYPE", args[1], append(portalTypes[:len(portalTypes):len(portalTypes)], unmetered.RecordTypeSOA))
	if err != nil {
		return nil, err
	}
	value, hasValue := optionalArg(args, 2)
	sel := &recordSelector{typ: typ, hasValue: hasValue, text: selection(args[0], string(typ), value, hasValue)}
	// Canonical checks a whole record: without a VALUE, check the name with a stand-in.
	probe := unmetered.RecordRequest{Name: args[0], Type: unmetered.RecordTypeTXT, Content: "x"}
	if hasValue {
		probe.Type, probe.Content = typ, value
	}
	c, err := probe.Canonical(zone)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sel.text, err)
	}
	sel.name, sel.value = c.Name, c.Content
	return sel, nil
}

func (s *recordSelector) match(r unmetered.ZoneRecord) bool {
	return r.Name == s.name && r.Type == s.typ && (!s.hasValue || r.Content == s.value)
}

// selectZoneRecords reads the zone args[0] and chooses its records NAME TYPE [VALUE] (args[1:])
// with selectRecords. The SOA is never chosen: it cannot be changed or deleted (verb).
func (a *app) selectZoneRecords(ctx context.Context, c *unmetered.Client, args []string, verb string, all, hasAll bool) (*unmetered.Zone, []unmetered.ZoneRecord, error) {
	z, err := a.findZone(ctx, c, args[0], true)
	if err != nil {
		return nil, nil, err
	}
	sel, err := parseSelector(z.Name, args[1:])
	if err != nil {
		return nil, nil, err
	}
	if sel.typ == unmetered.RecordTypeSOA {
		return nil, nil, usageErrorf("the SOA record is the portal's: it cannot be %s", verb)
	}
	found, err := selectRecords(z.Records, sel.match, describeZoneRecord, sel.text, all, hasAll)
	return z, found, err
}

func newDNSRecordListCmd(a *app) *cobra.Command {
	var name, typ string
	cmd := &cobra.Command{
		Use:     "list ZONE",
		Short:   "List a zone's records",
		Example: "  unmetered dns record list example.com\n  unmetered dns record list example.com --type TXT -o json",
		Args:    cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			var want unmetered.RecordType
			var err error
			if typ != "" {
				if want, err = parseEnum("--type", typ, append(portalTypes[:len(portalTypes):len(portalTypes)], unmetered.RecordTypeSOA)); err != nil {
					return err
				}
			}
			z, err := a.findZone(ctx, c, args[0], true)
			if err != nil {
				return err
			}
			var wantName string
			if name != "" {
				sel, err := parseSelector(z.Name, []string{name, "TXT"})
				if err != nil {
					return err
				}
				wantName = sel.name
			}
			recs := filter(z.Records, func(r unmetered.ZoneRecord) bool {
				return (want == "" || r.Type == want) && (wantName == "" || r.Name == wantName)
			})
			return printList(a, recs, zoneRecordColumns)
		}),
	}
	cmd.Flags().StringVar(&name, "name", "", "only records with this owner name")
	cmd.Flags().StringVar(&typ, "type", "", "only records of this type")
	return listCommand(a, cmd, zoneRecordColumns)
}

// addRecordFlags adds --ttl and --priority.
func addRecordFlags(cmd *cobra.Command, ttl, priority *int64) {
	cmd.Flags().Int64Var(ttl, "ttl", 0, "time to live in seconds (default: the server's)")
	cmd.Flags().Int64Var(priority, "priority", 0, "MX preference or SRV priority")
}

func newDNSRecordAddCmd(a *app) *cobra.Command {
	var ttl, priority int64
	var allowDuplicate, allowCNAME bool
	cmd := &cobra.Command{
		Use:   "add ZONE NAME TYPE VALUE",
		Short: "Add a record to a zone",
		Long: `Add a record to a zone and print it as stored, with its id. TYPE is one of ` + enumList(portalTypes) + `.
An SRV VALUE is "WEIGHT PORT TARGET"; its priority, like an MX record's, is --priority.

A record the zone already holds (the same name, type and value, and for MX and SRV priority;
the TTL does not count) is refused with exit code 2 and nothing is added, unless
--allow-duplicate: a second copy is never what a re-run script means. So is a CNAME at the
zone's apex or beside other records at its name, or a record beside a CNAME (RFC 1034 section
3.6.2), unless --allow-cname-conflicts.

The record is sent once: exit code 3 means it may have been added although the answer was lost,
so check with "unmetered dns record list" before running the command again.`,
		Example: `  unmetered dns record add example.com _acme-challenge TXT "gz1Cx8kx3nPbQ" --ttl 60
  unmetered dns record add example.com @ MX mail.example.com --priority 10
  unmetered dns record add example.com _sip._tcp SRV "5 5060 sip.example.com" --priority 10`,
		Args: cobra.ExactArgs(4),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			typ, err := parseEnum("TYPE", args[2], portalTypes)
			if err != nil {
				return err
			}
			req := unmetered.RecordRequest{Name: args[1], Type: typ, TTL: ttl, Priority: priority, Content: args[3]}
			z, err := a.findZone(ctx, c, args[0], !allowDuplicate || !allowCNAME)
			if err != nil {
				return err
			}
			want, err := req.Canonical(z.Name)
			if err != nil {
				return err
			}
			if !allowDuplicate {
				if dup := filter(z.Records, func(r unmetered.ZoneRecord) bool { return sameZoneRecord(r, want) }); len(dup) > 0 {
					return usageErrorf("%s already holds %s: adding it again makes a duplicate; pass --allow-duplicate to add it anyway; nothing was added",
						z.Name, describeZoneRecord(dup[0]))
				}
			}
			if !allowCNAME {
				// The planner's CNAME rule, for this one record.
				var conflict *unmetered.CNAMEConflictError
				if _, err := unmetered.PlanZone(z, unmetered.ZoneEdit{Add: []unmetered.RecordRequest{req}}); errors.As(err, &conflict) {
					return usageErrorf("%w; pass --allow-cname-conflicts to add it anyway; nothing was added", err)
				}
			}
			rec, err := c.DNS.CreateRecord(ctx, z, req)
			if err != nil {
				return sentChange(err)
			}
			return a.printObject(rec, zoneRecordFields(*rec))
		}),
	}
	addRecordFlags(cmd, &ttl, &priority)
	cmd.Flags().BoolVar(&allowDuplicate, "allow-duplicate", false, "add the record even if the zone already holds it")
	cmd.Flags().BoolVar(&allowCNAME, "allow-cname-conflicts", false, "add a CNAME at the apex or beside other records, or a record beside a CNAME (RFC 1034 forbids it)")
	return cmd
}

// sameZoneRecord reports whether the zone's record r is the record want (canonical) would add:
// the same name, type and value, and for MX and SRV the same priority, which is part of their
// value. The TTL belongs to the whole RRset, not to one record.
func sameZoneRecord(r unmetered.ZoneRecord, want unmetered.RecordRequest) bool {
	return r.Name == want.Name && r.Type == want.Type && r.Content == want.Content &&
		(want.Type != unmetered.RecordTypeMX && want.Type != unmetered.RecordTypeSRV || r.Priority == want.Priority)
}

func newDNSRecordUpdateCmd(a *app) *cobra.Command {
	var to string
	var ttl, priority int64
	cmd := &cobra.Command{
		Use:   "update ZONE NAME TYPE [VALUE]",
		Short: "Change a record's value, TTL or priority",
		Long: `Change the record NAME TYPE of a zone: its value (--to), --ttl or --priority. Give its current
VALUE when several records have that name and type; the record is never chosen by id alone.`,
		Example: `  unmetered dns record update example.com www A --to 192.0.2.20
  unmetered dns record update example.com www A 192.0.2.10 --to 192.0.2.20 --ttl 300
  unmetered dns record update example.com @ MX mail.example.com --priority 20`,
		Args: cobra.RangeArgs(3, 4),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, args []string) error {
			setTTL, setPriority := cmd.Flags().Changed("ttl"), cmd.Flags().Changed("priority")
			if to == "" && !setTTL && !setPriority {
				return usageErrorf("nothing to change: give --to VALUE, --ttl or --priority")
			}
			z, found, err := a.selectZoneRecords(ctx, c, args, "changed", false, false)
			if err != nil {
				return err
			}
			old := found[0]
			req := old.Request()
			if to != "" {
				req.Content = to
			}
			if setTTL {
				req.TTL = ttl
			}
			if setPriority {
				req.Priority = priority
			}
			if _, err := req.Canonical(z.Name); err != nil {
				return err
			}
			rec, err := c.DNS.UpdateRecord(ctx, z, old.ID, req)
			if err != nil {
				return sentChange(err)
			}
			return a.printObject(rec, zoneRecordFields(*rec))
		}),
	}
	cmd.Flags().StringVar(&to, "to", "", "the record's new value")
	addRecordFlags(cmd, &ttl, &priority)
	return cmd
}

func newDNSRecordDeleteCmd(a *app) *cobra.Command {
	var all, yes bool
	cmd := &cobra.Command{
		Use:   "delete ZONE NAME TYPE [VALUE]",
		Short: "Delete records from a zone",
		Long: `Delete the record NAME TYPE of a zone; give its VALUE when several records have that name and
type, or --all to delete every one of them. Records are never chosen by id alone. Deleting asks
on a terminal and needs --yes otherwise.`,
		Example: `  unmetered dns record delete example.com old A --yes
  unmetered dns record delete example.com _acme-challenge TXT --all --yes`,
		Args: cobra.RangeArgs(3, 4),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			value, hasValue := optionalArg(args, 3)
			if err := a.refuseUnconfirmed(yes, "delete "+selection(args[1], args[2], value, hasValue)+" from "+args[0]); err != nil {
				return err
			}
			z, found, err := a.selectZoneRecords(ctx, c, args, "deleted", all, true)
			if err != nil {
				return err
			}
			if err := a.confirm(yes, fmt.Sprintf("delete %d record(s) from %s: %s", len(found), z.Name, describeAll(found, describeZoneRecord))); err != nil {
				return err
			}
			for i, r := range found {
				if err := c.DNS.DeleteRecord(ctx, z, r.ID); err != nil {
					return sentChange(fmt.Errorf("deleted %d of %d record(s), then deleting %s: %w", i, len(found), describeZoneRecord(r), err))
				}
			}
			return printList(a, found, zoneRecordColumns)
		}),
	}
	cmd.Flags().BoolVar(&all, "all", false, "delete every record that matches")
	addYesFlag(cmd, &yes)
	return listCommand(a, cmd, zoneRecordColumns)
}
