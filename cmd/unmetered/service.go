package main

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// serviceStatuses are the values of "service list --status".
var serviceStatuses = []unmetered.ServiceStatus{
	unmetered.ServicePending, unmetered.ServiceActive, unmetered.ServiceSuspended,
	unmetered.ServiceTerminated, unmetered.ServiceCancelled, unmetered.ServiceFraud,
}

func newServiceCmd(a *app) *cobra.Command {
	cmd := group(a, "service", "Services: list, show, bandwidth, label, reverse DNS, upgrade, cancel")
	label := group(a, "label", "A service's own label")
	label.AddCommand(newServiceLabelShowCmd(a), newServiceLabelSetCmd(a))
	rdns := group(a, "rdns", "Reverse DNS (PTR) of a service's IP addresses")
	rdns.AddCommand(newServiceRDNSShowCmd(a), newServiceRDNSSetCmd(a))
	cmd.AddCommand(newServiceListCmd(a), newServiceShowCmd(a), newServiceBandwidthCmd(a), label, rdns, newServiceUpgradeCmd(a), newServiceCancelCmd(a))
	return cmd
}

var serviceColumns = []column[unmetered.Service]{
	{"ID", func(s unmetered.Service) any { return s.ID }},
	{"DOMAIN", func(s unmetered.Service) any { return s.Domain }},
	{"PRODUCT", func(s unmetered.Service) any { return s.Name }},
	{"STATUS", func(s unmetered.Service) any { return s.Status }},
	{"CYCLE", func(s unmetered.Service) any { return s.BillingCycle }},
	{"TOTAL", func(s unmetered.Service) any { return s.Total }},
	{"NEXT DUE", func(s unmetered.Service) any { return s.NextDue }},
}

func newServiceListCmd(a *app) *cobra.Command {
	var status string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List your services",
		Example: "  unmetered service list\n  unmetered service list --status Active -o json | jq -r '.[] | \"\\(.id) \\(.domain)\"'",
		Args:    cobra.NoArgs,
		RunE: a.run(func(ctx context.Context, _ *cobra.Command, _ []string) error {
			var want unmetered.ServiceStatus
			if status != "" {
				var err error
				if want, err = parseEnum("--status", status, serviceStatuses); err != nil {
					return err
				}
			}
			c, err := a.apiClient()
			if err != nil {
				return err
			}
			list, err := c.Services.List(ctx)
			if err != nil {
				return err
			}
			if want != "" {
				list = filter(list, func(s unmetered.Service) bool { return s.Status == want })
			}
			return printList(a, list, serviceColumns)
		}),
	}
	cmd.Flags().StringVar(&status, "status", "", "only services with this status: "+enumList(serviceStatuses))
	_ = cmd.RegisterFlagCompletionFunc("status", enumCompletion(serviceStatuses))
	return listCommand(a, cmd, serviceColumns)
}

// serviceCmd is a command on one service, "service VERB ID": it parses the id and builds the
// client before run.
func serviceCmd(a *app, use, short, example string, args cobra.PositionalArgs,
	run func(ctx context.Context, c *unmetered.Client, id int64, args []string) error) *cobra.Command {
	return &cobra.Command{
		Use:     use,
		Short:   short,
		Example: example,
		Args:    args,
		RunE: a.run(func(ctx context.Context, _ *cobra.Command, args []string) error {
			id, err := parseID("service", args[0])
			if err != nil {
				return err
			}
			c, err := a.apiClient()
			if err != nil {
				return err
			}
			return run(ctx, c, id, args[1:])
		}),
	}
}

func newServiceShowCmd(a *app) *cobra.Command {
	return serviceCmd(a, "show ID", "Show a service (never its own login)", "  unmetered service show 301", cobra.ExactArgs(1),
		func(ctx context.Context, c *unmetered.Client, id int64, _ []string) error {
			s, err := c.Services.Get(ctx, id)
			if err != nil {
				return err
			}
			return a.printObject(s, []field{
				{"ID", s.ID},
				{"Domain", s.Domain},
				{"Product", s.Name},
				{"Label", s.Label},
				{"Status", s.Status},
				{"Billing", fmt.Sprintf("%s %s", s.Total, s.BillingCycle)},
				{"Created", s.DateCreated},
				{"Next due", s.NextDue},
			})
		})
}

// bandwidthResult is what "service bandwidth" prints.
type bandwidthResult struct {
	ServiceID int64             `json:"service_id"`
	Used      unmetered.Decimal `json:"used,omitzero"`
	Limit     unmetered.Decimal `json:"limit,omitzero"`
	Unit      string            `json:"unit"`
}

func newServiceBandwidthCmd(a *app) *cobra.Command {
	return serviceCmd(a, "bandwidth ID", "Show a service's bandwidth use this period", "  unmetered service bandwidth 301",
		cobra.ExactArgs(1), func(ctx context.Context, c *unmetered.Client, id int64, _ []string) error {
			b, err := c.Services.Bandwidth(ctx, id)
			if err != nil {
				return err
			}
			limit := b.Limit.String() + " " + b.Unit
			if b.Limit.Sign() == 0 {
				limit = "none"
			}
			return a.printObject(bandwidthResult{ServiceID: id, Used: b.Used, Limit: b.Limit, Unit: b.Unit}, []field{
				{"Service", id},
				{"Used", b.Used.String() + " " + b.Unit},
				{"Limit", limit},
			})
		})
}

// labelResult is what "service label show|set" prints.
type labelResult struct {
	ServiceID int64  `json:"service_id"`
	Label     string `json:"label"`
}

func newServiceLabelShowCmd(a *app) *cobra.Command {
	return serviceCmd(a, "show ID", "Show a service's label", "  unmetered service label show 301", cobra.ExactArgs(1),
		func(ctx context.Context, c *unmetered.Client, id int64, _ []string) error {
			l, err := c.Services.Label(ctx, id)
			if err != nil {
				return err
			}
			return a.printObject(labelResult{ServiceID: id, Label: l}, []field{{"Service", id}, {"Label", l}})
		})
}

func newServiceLabelSetCmd(a *app) *cobra.Command {
	return serviceCmd(a, "set ID LABEL", `Set a service's label ("" clears it)`,
		"  unmetered service label set 301 \"shop front\"\n  unmetered service label set 301 \"\"", cobra.ExactArgs(2),
		func(ctx context.Context, c *unmetered.Client, id int64, args []string) error {
			if err := c.Services.SetLabel(ctx, id, args[0]); err != nil {
				return sentChange(err)
			}
			return a.printObject(labelResult{ServiceID: id, Label: args[0]}, []field{{"Service", id}, {"Label", args[0]}})
		})
}

// rdnsEntry is one address's reverse DNS, a row of "service rdns show".
type rdnsEntry struct {
	IP       string `json:"ip"`
	Hostname string `json:"hostname"`
}

func rdnsEntries(m map[string]string) []rdnsEntry {
	out := make([]rdnsEntry, 0, len(m))
	for ip, host := range m {
		out = append(out, rdnsEntry{IP: ip, Hostname: host})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].IP < out[j].IP })
	return out
}

var rdnsColumns = []column[rdnsEntry]{
	{"IP", func(e rdnsEntry) any { return e.IP }},
	{"HOSTNAME", func(e rdnsEntry) any { return e.Hostname }},
}

func newServiceRDNSShowCmd(a *app) *cobra.Command {
	return listCommand(a, serviceCmd(a, "show ID", "Show the reverse DNS of a service's addresses", "  unmetered service rdns show 302",
		cobra.ExactArgs(1), func(ctx context.Context, c *unmetered.Client, id int64, _ []string) error {
			r, err := c.Services.ReverseDNS(ctx, id)
			if err != nil {
				return err
			}
			return printList(a, rdnsEntries(r.Hostnames), rdnsColumns)
		}), rdnsColumns)
}

func newServiceRDNSSetCmd(a *app) *cobra.Command {
	return listCommand(a, serviceCmd(a, "set ID IP HOSTNAME", "Set the reverse DNS (PTR) of one of a service's addresses",
		"  unmetered service rdns set 302 192.0.2.20 vps.example.com", cobra.ExactArgs(3),
		func(ctx context.Context, c *unmetered.Client, id int64, args []string) error {
			ip, err := netip.ParseAddr(args[0])
			if err != nil {
				return usageErrorf("IP %q: an IPv4 or IPv6 address", args[0])
			}
			host := strings.TrimSpace(args[1])
			if host == "" || strings.ContainsAny(host, " \t/") {
				return usageErrorf("HOSTNAME %q: a host name", args[1])
			}
			if err := c.Services.SetReverseDNS(ctx, id, unmetered.ReverseDNSRequest{Hostnames: map[string]string{ip.String(): host}}); err != nil {
				return sentChange(err)
			}
			return printList(a, []rdnsEntry{{IP: ip.String(), Hostname: host}}, rdnsColumns)
		}), rdnsColumns)
}

// cancelResult is what "service cancel" prints.
type cancelResult struct {
	ServiceID int64                `json:"service_id"`
	Type      unmetered.CancelType `json:"type"`
}

func newServiceCancelCmd(a *app) *cobra.Command {
	var reason string
	var now, yes bool
	cmd := serviceCmd(a, "cancel ID --reason TEXT", "Ask for a service's cancellation",
		`  unmetered service cancel 301 --reason "Moved to a VPS"
  unmetered service cancel 301 --reason "Not needed" --immediately --yes`, cobra.ExactArgs(1),
		func(ctx context.Context, c *unmetered.Client, id int64, _ []string) error {
			req := unmetered.CancelRequest{Type: unmetered.CancelEndOfPeriod, Reason: reason}
			when := "at the end of its billing period"
			if now {
				req.Type, when = unmetered.CancelImmediately, "now, deleting its data"
			}
			if err := a.confirm(yes, fmt.Sprintf("cancel service %d %s", id, when)); err != nil {
				return err
			}
			if err := c.Services.Cancel(ctx, id, req); err != nil {
				return sentChange(err)
			}
			return a.printObject(cancelResult{ServiceID: id, Type: req.Type}, []field{{"Cancellation requested", id}, {"When", when}})
		})
	cmd.Long = `Ask for the cancellation of a service, at the end of its paid billing period or, with
--immediately, at once (the service and its data are terminated). --reason reaches the portal's
staff. Cancelling asks on a terminal and needs --yes otherwise. It is sent once: exit code 3
means it may have been filed although the answer was lost.`
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if strings.TrimSpace(reason) == "" {
			return usageErrorf("--reason is required: it tells the portal's staff why")
		}
		if err := a.refuseUnconfirmed(yes, "cancel service "+args[0]); err != nil {
			return err
		}
		return run(c, args)
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the portal's staff (required)")
	cmd.Flags().BoolVar(&now, "immediately", false, "terminate at once instead of at the end of the billing period")
	addYesFlag(cmd, &yes)
	return cmd
}
