package main

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// domainStatuses are the values of "domain list --status".
var domainStatuses = []unmetered.DomainStatus{
	unmetered.DomainPending, unmetered.DomainPendingRegistration, unmetered.DomainPendingTransfer,
	unmetered.DomainActive, unmetered.DomainExpired, unmetered.DomainCancelled,
}

const domainArgHelp = `DOMAIN is a domain's id, or its name when one registration on the account has that name.`

func newDomainCmd(a *app) *cobra.Command {
	cmd := group(a, "domain", "Domains: list, look up, order, renew, nameservers, auto-renewal, lock, registrar DNS")
	cmd.Long = "Domain registrations: list, look up, order, renew, nameservers, auto-renewal, lock, registrar DNS.\n\n" + domainArgHelp
	ns := group(a, "nameservers", "A domain's nameservers at the registrar")
	ns.AddCommand(newDomainNameserversShowCmd(a), newDomainNameserversSetCmd(a))
	cmd.AddCommand(newDomainListCmd(a), newDomainShowCmd(a), newDomainLookupCmd(a), newDomainOrderCmd(a), newDomainRenewCmd(a), ns,
		newDomainSwitchCmd(a, "autorenew", "automatic renewal", "Auto-renew",
			func(ctx context.Context, c *unmetered.Client, id int64) (bool, error) {
				r, err := c.Domains.AutoRenew(ctx, id)
				if err != nil {
					return false, err
				}
				return r.Enabled, nil
			},
			func(ctx context.Context, c *unmetered.Client, id int64, on bool) error {
				return c.Domains.SetAutoRenew(ctx, id, unmetered.AutoRenewRequest{Enabled: on})
			}),
		newDomainSwitchCmd(a, "lock", "the registrar (transfer) lock", "Locked",
			func(ctx context.Context, c *unmetered.Client, id int64) (bool, error) {
				r, err := c.Domains.RegistrarLock(ctx, id)
				if err != nil {
					return false, err
				}
				return r.Locked, nil
			},
			func(ctx context.Context, c *unmetered.Client, id int64, on bool) error {
				return c.Domains.SetRegistrarLock(ctx, id, unmetered.RegistrarLockRequest{Locked: on})
			}),
		newDomainDNSCmd(a))
	return cmd
}

// domainID resolves a DOMAIN argument: an id as it is (nothing sent), a name through
// GetByName. A name that no registration has, or that several have (an expired registration
// and its successor), is an error that says what to do.
func (a *app) domainID(ctx context.Context, c *unmetered.Client, arg string) (int64, error) {
	if _, err := strconv.ParseInt(arg, 10, 64); err == nil {
		return parseID("domain", arg)
	}
	name := strings.TrimSuffix(strings.TrimSpace(arg), ".")
	if name == "" {
		return 0, usageErrorf("domain %q: give a domain's id or name", arg)
	}
	list, err := c.Domains.GetByName(ctx, name)
	if err != nil && !errors.Is(err, unmetered.ErrNotFound) {
		return 0, err
	}
	switch len(list) {
	case 0:
		return 0, fmt.Errorf("no domain named %q on the account (see 'unmetered domain list'): %w", name, unmetered.ErrNotFound)
	case 1:
		return list[0].ID, nil
	}
	ids := make([]string, len(list))
	for i, d := range list {
		ids[i] = fmt.Sprintf("%d (%s)", d.ID, d.Status)
	}
	return 0, usageErrorf("%d registrations are named %s: %s; give the id", len(list), name, strings.Join(ids, ", "))
}

// period is a length of calendar time: --expiring-within.
type period struct {
	years, months, days int
}

// withinPattern is what --expiring-within takes: a whole number and its unit.
var withinPattern = regexp.MustCompile(`^(\d{1,6})(d|w|mo|y)$`)

// parseWithin parses --expiring-within: days (30d), weeks (4w), months (2mo) or years (1y).
// Anything else is a usage error listing the units: "2m" could be minutes or months, and a
// registration is counted in days, so hours, minutes and a number without its unit are
// refused rather than read as something the user may not mean.
func parseWithin(s string) (period, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	m := withinPattern.FindStringSubmatch(s)
	if m == nil {
		msg := fmt.Sprintf("--expiring-within %q: give days, weeks, months or years, like 30d, 4w, 2mo or 1y", s)
		switch {
		case strings.HasSuffix(s, "m"):
			msg += ` (months are "mo": "m" could be minutes)`
		case s != "" && strings.Trim(s, "0123456789") == "":
			msg += " (a number needs its unit)"
		}
		return period{}, usageErrorf("%s", msg)
	}
	n, _ := strconv.Atoi(m[1]) // at most 6 digits
	switch m[2] {
	case "d":
		return period{days: n}, nil
	case "w":
		return period{days: 7 * n}, nil
	case "mo":
		return period{months: n}, nil
	}
	return period{years: n}, nil
}

// after returns the date p after t, in calendar months and years: a month after 31 January
// is the last day of February, not 3 March as time.AddDate would normalise it, and a year
// after 29 February is 28 February.
func (p period) after(t time.Time) time.Time {
	y, m, d := t.Date()
	months := time.Month(12*p.years + p.months)
	first := time.Date(y, m+months, 1, 0, 0, 0, 0, t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, t.Location()).AddDate(0, 0, p.days)
}

// expiresWithin reports whether d's registration expires within p of the portal's today, today
// included, and has not expired. The portal's today is Expires less its DaysToExpire, so the
// local clock does not matter; a DaysToExpire of 0 is today, or a date passed, which the status
// tells apart.
func expiresWithin(d unmetered.Domain, p period) bool {
	if d.Expires.IsZero() || d.Status == unmetered.DomainExpired || d.Status == unmetered.DomainCancelled {
		return false
	}
	if d.DaysToExpire <= 0 {
		return true
	}
	today := d.Expires.AddDate(0, 0, -int(d.DaysToExpire))
	return !d.Expires.After(p.after(today))
}

var domainColumns = []column[unmetered.Domain]{
	{"ID", func(d unmetered.Domain) any { return d.ID }},
	{"NAME", func(d unmetered.Domain) any { return d.Name }},
	{"STATUS", func(d unmetered.Domain) any { return d.Status }},
	{"EXPIRES", func(d unmetered.Domain) any { return d.Expires }},
	{"DAYS LEFT", func(d unmetered.Domain) any { return d.DaysToExpire }},
	{"AUTO-RENEW", func(d unmetered.Domain) any { return onOff(d.AutoRenew) }},
	{"RENEWAL", func(d unmetered.Domain) any { return d.RecurringAmount }},
}

func newDomainListCmd(a *app) *cobra.Command {
	var status, within string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your domains",
		Long: `List your domains.

--expiring-within keeps the domains whose registration expires within that time of the
portal's today (today included), and not yet expired: list those with --status Expired. It
takes days (30d), weeks (4w), calendar months (2mo) or years (1y); a month after 31 January
ends on the last day of February.`,
		Example: `  unmetered domain list
  unmetered domain list --expiring-within 30d
  unmetered domain list --status Active --expiring-within 2mo -o json | jq -r '.[].id'`,
		Args: cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			var want unmetered.DomainStatus
			var err error
			if status != "" {
				if want, err = parseEnum("--status", status, domainStatuses); err != nil {
					return err
				}
			}
			var p period
			if within != "" {
				if p, err = parseWithin(within); err != nil {
					return err
				}
			}
			list, err := c.Domains.List(ctx)
			if err != nil {
				return err
			}
			list = filter(list, func(d unmetered.Domain) bool {
				if want != "" && d.Status != want {
					return false
				}
				return within == "" || expiresWithin(d, p)
			})
			return printList(a, list, domainColumns)
		}),
	}
	cmd.Flags().StringVar(&status, "status", "", "only domains with this status: "+enumList(domainStatuses))
	cmd.Flags().StringVar(&within, "expiring-within", "", "only domains expiring within this time: days, weeks, months or years (30d, 4w, 2mo, 1y)")
	_ = cmd.RegisterFlagCompletionFunc("status", enumCompletion(domainStatuses))
	return listCommand(a, cmd, domainColumns)
}

func newDomainShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "show DOMAIN",
		Short:   "Show a domain's registration",
		Long:    "Show a domain's registration.\n\n" + domainArgHelp,
		Example: "  unmetered domain show 47\n  unmetered domain show example.org -o json | jq -r .expires",
		Args:    cobra.ExactArgs(1),
		RunE: a.runDomain(func(ctx context.Context, c *unmetered.Client, id int64, _ *cobra.Command, args []string) error {
			d, err := c.Domains.Get(ctx, id)
			if err != nil {
				return err
			}
			return a.printObject(d, []field{
				{"ID", d.ID},
				{"Name", d.Name},
				{"Status", d.Status},
				{"Created", d.DateCreated},
				{"Expires", d.Expires},
				{"Next due", d.NextDue},
				{"Period", fmt.Sprintf("%d year(s)", d.Period)},
				{"Renewal", d.RecurringAmount},
				{"Auto-renew", onOff(d.AutoRenew)},
				{"ID protection", onOff(d.IDProtection)},
				{"Nameservers", strings.Join(d.Nameservers, ", ")},
			})
		}),
	}
}

// nameserversResult is what "domain nameservers set" prints.
type nameserversResult struct {
	DomainID    int64    `json:"domain_id"`
	Nameservers []string `json:"nameservers"`
}

func nameserverFields(ns []string) []field {
	fields := make([]field, len(ns))
	for i, n := range ns {
		fields[i] = field{fmt.Sprintf("Nameserver %d", i+1), n}
	}
	return fields
}

func newDomainNameserversShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "show DOMAIN",
		Short:   "Show the nameservers the registrar holds for a domain",
		Example: "  unmetered domain nameservers show 47",
		Args:    cobra.ExactArgs(1),
		RunE: a.runDomain(func(ctx context.Context, c *unmetered.Client, id int64, _ *cobra.Command, args []string) error {
			ns, err := c.Domains.Nameservers(ctx, id)
			if err != nil {
				return err
			}
			return a.printObject(nameserversResult{DomainID: id, Nameservers: nonNil(ns.Nameservers)}, nameserverFields(ns.Nameservers))
		}),
	}
}

func newDomainNameserversSetCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "set DOMAIN NAMESERVER...",
		Short:   "Replace a domain's nameservers",
		Example: "  unmetered domain nameservers set 47 ns1.example.net ns2.example.net",
		Args:    cobra.MinimumNArgs(2),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			ns := args[1:]
			for _, n := range ns {
				if strings.TrimSpace(n) == "" || strings.ContainsAny(n, " \t/") {
					return usageErrorf("nameserver %q: a host name", n)
				}
			}
			id, err := a.domainID(ctx, c, args[0])
			if err != nil {
				return err
			}
			if err := c.Domains.SetNameservers(ctx, id, ns); err != nil {
				return sentChange(err)
			}
			return a.printObject(nameserversResult{DomainID: id, Nameservers: ns}, nameserverFields(ns))
		}),
	}
}

// switchResult is what "domain autorenew" and "domain lock" print.
type switchResult struct {
	DomainID int64 `json:"domain_id"`
	On       bool  `json:"on"`
}

// newDomainSwitchCmd is "domain autorenew" or "domain lock": show the switch, or set it.
func newDomainSwitchCmd(a *app, use, what, label string,
	get func(context.Context, *unmetered.Client, int64) (bool, error),
	set func(context.Context, *unmetered.Client, int64, bool) error) *cobra.Command {
	return &cobra.Command{
		Use:   use + " DOMAIN [on|off]",
		Short: "Show or set " + what,
		Long:  "Show " + what + " of a domain, or turn it on or off.\n\n" + domainArgHelp,
		Example: fmt.Sprintf("  unmetered domain %s 47\n  unmetered domain %s 47 off\n  unmetered domain %s 47 -o json | jq .on",
			use, use, use),
		Args:      cobra.RangeArgs(1, 2),
		ValidArgs: []string{"on", "off"},
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			var on bool
			var err error
			if len(args) == 2 {
				if on, err = parseOnOff(use, args[1]); err != nil {
					return err
				}
			}
			id, err := a.domainID(ctx, c, args[0])
			if err != nil {
				return err
			}
			if len(args) == 2 {
				if err := set(ctx, c, id, on); err != nil {
					return sentChange(err)
				}
			} else if on, err = get(ctx, c, id); err != nil {
				return err
			}
			return a.printObject(switchResult{DomainID: id, On: on}, []field{{"Domain", id}, {label, onOff(on)}})
		}),
	}
}

// nonNil returns s, or an empty slice for nil, so that JSON prints [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// quoteValid returns an error naming the server's reasons when an item of a quote cannot be
// ordered as given.
func quoteValid(q *unmetered.Quote) error {
	for _, it := range q.Items {
		if !it.Valid {
			return fmt.Errorf("the portal will not order this: %s", strings.Join(it.Errors, "; "))
		}
	}
	return nil
}
