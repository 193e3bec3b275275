package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// domainDNSTypes are the registrar's record types, for validating TYPE.
var domainDNSTypes = []unmetered.DomainDNSRecordType{
	unmetered.DomainDNSTypeA, unmetered.DomainDNSTypeCNAME, unmetered.DomainDNSTypeURL, unmetered.DomainDNSTypeFrame,
	unmetered.DomainDNSTypeMX, unmetered.DomainDNSTypeMXE, unmetered.DomainDNSTypeTXT,
}

const domainDNSLong = `The DNS records the registrar hosts for a domain ("DNS management"). For zones of a DNS hosting
service, see "unmetered dns".

The registrar addresses its records by index, and indexes shift when a record is removed, so
update and delete choose the record by NAME, TYPE and, when several match, VALUE, and write only
if the record is still where it was read.

` + domainArgHelp

func newDomainDNSCmd(a *app) *cobra.Command {
	cmd := group(a, "dns", "The DNS records the registrar hosts for a domain")
	cmd.Long = domainDNSLong
	cmd.AddCommand(listCommand(a, &cobra.Command{
		Use:     "list DOMAIN",
		Short:   "List a domain's registrar DNS records",
		Example: "  unmetered domain dns list 47\n  unmetered domain dns list testname.com -o json",
		Args:    cobra.ExactArgs(1),
		RunE: a.runDomain(func(ctx context.Context, c *unmetered.Client, id int64, _ *cobra.Command, args []string) error {
			recs, err := c.Domains.DNSRecords(ctx, id)
			if err != nil {
				return err
			}
			return printList(a, recs, domainRecordColumns)
		}),
	}, domainRecordColumns), newDomainDNSAddCmd(a), newDomainDNSUpdateCmd(a), newDomainDNSDeleteCmd(a))
	return cmd
}

var domainRecordColumns = []column[unmetered.DomainDNSRecord]{
	{"INDEX", func(r unmetered.DomainDNSRecord) any { return r.ID }},
	{"NAME", func(r unmetered.DomainDNSRecord) any { return r.Name }},
	{"TYPE", func(r unmetered.DomainDNSRecord) any { return r.Type }},
	{"TTL", func(r unmetered.DomainDNSRecord) any { return r.TTL }},
	{"PRIORITY", func(r unmetered.DomainDNSRecord) any { return r.Priority }},
	{"CONTENT", func(r unmetered.DomainDNSRecord) any { return r.Content }},
}

func domainRecordFields(r unmetered.DomainDNSRecord) []field {
	return []field{{"Index", r.ID}, {"Name", r.Name}, {"Type", r.Type}, {"TTL", r.TTL}, {"Priority", r.Priority}, {"Content", r.Content}}
}

func describeDomainRecord(r unmetered.DomainDNSRecord) string {
	return fmt.Sprintf("#%d %s %s %q", r.ID, r.Name, r.Type, r.Content)
}

// domainRecordMatcher matches registrar records by name, type and, when hasValue, value.
func domainRecordMatcher(name string, typ unmetered.DomainDNSRecordType, value string, hasValue bool) func(unmetered.DomainDNSRecord) bool {
	return func(r unmetered.DomainDNSRecord) bool {
		if ownerName(r.Name) != ownerName(name) || !strings.EqualFold(string(r.Type), string(typ)) {
			return false
		}
		return !hasValue || r.Content == value || typ != unmetered.DomainDNSTypeTXT && sameHost(r.Content, value)
	}
}

func newDomainDNSAddCmd(a *app) *cobra.Command {
	var priority int64
	var allowDuplicate, allowCNAME bool
	cmd := &cobra.Command{
		Use:   "add DOMAIN NAME TYPE VALUE",
		Short: "Add a registrar DNS record",
		Long: `Add a DNS record at the registrar. NAME is relative to the domain ("www"; "@" for the domain
itself); TYPE is one of ` + enumList(domainDNSTypes) + `.

A record the domain already has (the same name, type and value, and for MX and MXE priority)
is refused with exit code 2 and nothing is added, unless --allow-duplicate. So is a CNAME at
the domain itself ("@") or beside other records at its name, or a record beside a CNAME
(RFC 1034 section 3.6.2), unless --allow-cname-conflicts.

The record is sent once: exit code 3 means it may have been added although the answer was lost,
so check with "unmetered domain dns list" before running the command again.`,
		Example: `  unmetered domain dns add 47 www A 192.0.2.10
  unmetered domain dns add testname.com @ MX mail.testname.com --priority 10
  unmetered domain dns add 47 @ TXT "v=spf1 mx -all"`,
		Args: cobra.ExactArgs(4),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			typ, err := parseEnum("TYPE", args[2], domainDNSTypes)
			if err != nil {
				return err
			}
			if priority < 0 || priority > 65535 {
				return usageErrorf("--priority %d: from 0 to 65535", priority)
			}
			req := unmetered.DomainDNSRecordRequest{Name: args[1], Type: typ, Priority: priority, Content: args[3]}
			id, err := a.domainID(ctx, c, args[0])
			if err != nil {
				return err
			}
			if !allowDuplicate || !allowCNAME {
				recs, err := c.Domains.DNSRecords(ctx, id)
				if err != nil {
					return err
				}
				same := domainRecordMatcher(req.Name, req.Type, req.Content, true)
				for _, r := range recs {
					if !allowDuplicate && same(r) && (!domainPriorityMatters(typ) || r.Priority == req.Priority) {
						return usageErrorf("domain %s already has %s: adding it again makes a duplicate; pass --allow-duplicate to add it anyway; nothing was added",
							args[0], describeDomainRecord(r))
					}
				}
				if problem := registrarCNAMEConflict(recs, req); problem != "" && !allowCNAME {
					return usageErrorf("domain %s: %s (RFC 1034 section 3.6.2); pass --allow-cname-conflicts to add it anyway; nothing was added", args[0], problem)
				}
			}
			if err := c.Domains.CreateDNSRecord(ctx, id, req); err != nil {
				return sentChange(err)
			}
			// The answer has no index: read it back (the registrar appends, so the last match).
			rec := unmetered.DomainDNSRecord{Name: req.Name, Type: req.Type, Priority: req.Priority, Content: req.Content}
			if recs, err := c.Domains.DNSRecords(ctx, id); err == nil {
				if found := filter(recs, domainRecordMatcher(req.Name, req.Type, req.Content, true)); len(found) > 0 {
					rec = found[len(found)-1]
				}
			} else {
				a.log().Debug("unmetered: reading the added record back failed", "err", err)
			}
			return a.printObject(rec, domainRecordFields(rec))
		}),
	}
	cmd.Flags().Int64Var(&priority, "priority", 0, "MX priority")
	cmd.Flags().BoolVar(&allowDuplicate, "allow-duplicate", false, "add the record even if the domain already has it")
	cmd.Flags().BoolVar(&allowCNAME, "allow-cname-conflicts", false, "add a CNAME at @ or beside other records, or a record beside a CNAME (RFC 1034 forbids it)")
	return cmd
}

// registrarCNAMEConflict says why adding req to the registrar records recs would break the
// CNAME rule of RFC 1034 section 3.6.2 (a CNAME is the only record at its name, never at the
// domain itself), or "" when it would not.
func registrarCNAMEConflict(recs []unmetered.DomainDNSRecord, req unmetered.DomainDNSRecordRequest) string {
	name := ownerName(req.Name)
	isCNAME := strings.EqualFold(string(req.Type), string(unmetered.DomainDNSTypeCNAME))
	if isCNAME && name == "@" {
		return "a CNAME cannot be at the domain itself"
	}
	for _, r := range recs {
		if ownerName(r.Name) != name {
			continue
		}
		switch {
		case isCNAME:
			return "a CNAME must be the only record at its name, and " + name + " has " + describeDomainRecord(r)
		case strings.EqualFold(string(r.Type), string(unmetered.DomainDNSTypeCNAME)):
			return name + " has " + describeDomainRecord(r) + ", and a CNAME must be the only record at its name"
		}
	}
	return ""
}

// domainPriorityMatters reports whether a registrar record type's priority is part of its
// value (MX and MXE), so that records differing only in it are different records.
func domainPriorityMatters(t unmetered.DomainDNSRecordType) bool {
	return t == unmetered.DomainDNSTypeMX || t == unmetered.DomainDNSTypeMXE
}

func newDomainDNSUpdateCmd(a *app) *cobra.Command {
	var to string
	var priority int64
	cmd := &cobra.Command{
		Use:   "update DOMAIN NAME TYPE [VALUE]",
		Short: "Change a registrar DNS record's value or priority",
		Long: `Change the value (--to) or the priority of the registrar record NAME TYPE; give its current
VALUE when several records have that name and type. The record is written only if it is still
where it was read (exit code 1 otherwise: list the records and try again).`,
		Example: `  unmetered domain dns update 47 test A --to 192.0.2.20
  unmetered domain dns update 47 @ MX mail.testname.com --priority 20`,
		Args: cobra.RangeArgs(3, 4),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, args []string) error {
			typ, err := parseEnum("TYPE", args[2], domainDNSTypes)
			if err != nil {
				return err
			}
			setPriority := cmd.Flags().Changed("priority")
			if to == "" && !setPriority {
				return usageErrorf("nothing to change: give --to VALUE or --priority N")
			}
			if priority < 0 || priority > 65535 {
				return usageErrorf("--priority %d: from 0 to 65535", priority)
			}
			value, hasValue := optionalArg(args, 3)
			id, err := a.domainID(ctx, c, args[0])
			if err != nil {
				return err
			}
			recs, err := c.Domains.DNSRecords(ctx, id)
			if err != nil {
				return err
			}
			found, err := selectRecords(recs, domainRecordMatcher(args[1], typ, value, hasValue), describeDomainRecord,
				selection(args[1], string(typ), value, hasValue), false, false)
			if err != nil {
				return err
			}
			old := found[0]
			req := unmetered.DomainDNSRecordRequest{Name: old.Name, Type: old.Type, Priority: old.Priority, Content: old.Content}
			if to != "" {
				req.Content = to
			}
			if setPriority {
				req.Priority = priority
			}
			if err := c.Domains.UpdateDNSRecordChecked(ctx, id, old, req); err != nil {
				return sentChange(err)
			}
			rec := unmetered.DomainDNSRecord{ID: old.ID, Name: req.Name, Type: req.Type, TTL: old.TTL, Priority: req.Priority, Content: req.Content}
			return a.printObject(rec, domainRecordFields(rec))
		}),
	}
	cmd.Flags().StringVar(&to, "to", "", "the record's new value")
	cmd.Flags().Int64Var(&priority, "priority", 0, "the record's new MX priority")
	return cmd
}

func newDomainDNSDeleteCmd(a *app) *cobra.Command {
	var all, yes bool
	cmd := &cobra.Command{
		Use:   "delete DOMAIN NAME TYPE [VALUE]",
		Short: "Delete registrar DNS records",
		Long: `Delete the registrar record NAME TYPE; give its VALUE when several records have that name and
type, or --all to delete every one of them. Each record is deleted only if it is still where it
was read. Deleting asks on a terminal and needs --yes otherwise.`,
		Example: `  unmetered domain dns delete 47 test A --yes
  unmetered domain dns delete 47 @ TXT "v=spf1 mx -all" --yes`,
		Args: cobra.RangeArgs(3, 4),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			typ, err := parseEnum("TYPE", args[2], domainDNSTypes)
			if err != nil {
				return err
			}
			value, hasValue := optionalArg(args, 3)
			what := selection(args[1], string(typ), value, hasValue)
			if err := a.refuseUnconfirmed(yes, "delete "+what+" from domain "+args[0]); err != nil {
				return err
			}
			id, err := a.domainID(ctx, c, args[0])
			if err != nil {
				return err
			}
			match := domainRecordMatcher(args[1], typ, value, hasValue)
			recs, err := c.Domains.DNSRecords(ctx, id)
			if err != nil {
				return err
			}
			found, err := selectRecords(recs, match, describeDomainRecord, what, all, true)
			if err != nil {
				return err
			}
			if err := a.confirm(yes, fmt.Sprintf("delete %d record(s) of domain %d: %s", len(found), id, describeAll(found, describeDomainRecord))); err != nil {
				return err
			}
			// One at a time, each against a fresh listing: a delete shifts the later indexes.
			var deleted []unmetered.DomainDNSRecord
			for i, rec := range found {
				if i > 0 {
					if recs, err = c.Domains.DNSRecords(ctx, id); err != nil {
						return err
					}
					now := filter(recs, func(r unmetered.DomainDNSRecord) bool {
						return r.Name == rec.Name && r.Type == rec.Type && r.Content == rec.Content && r.Priority == rec.Priority
					})
					if len(now) == 0 {
						continue // gone already
					}
					rec = now[0]
				}
				if err := c.Domains.DeleteDNSRecordChecked(ctx, id, rec); err != nil {
					return sentChange(err)
				}
				deleted = append(deleted, rec)
			}
			return printList(a, deleted, domainRecordColumns)
		}),
	}
	cmd.Flags().BoolVar(&all, "all", false, "delete every record that matches")
	addYesFlag(cmd, &yes)
	return listCommand(a, cmd, domainRecordColumns)
}

// optionalArg returns args[i] and whether it was given.
func optionalArg(args []string, i int) (string, bool) {
	if len(args) > i {
		return args[i], true
	}
	return "", false
}

// describeAll describes records for a confirmation, the first few of them.
func describeAll[T any](recs []T, describe func(T) string) string {
	var parts []string
	for i, r := range recs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(recs)-i))
			break
		}
		parts = append(parts, describe(r))
	}
	return strings.Join(parts, "; ")
}
