package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// domainName checks a NAME argument of "domain lookup|order": a full domain name, spelt
// without a final dot and in lower case for the portal.
func domainName(arg string) (string, error) {
	name := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(arg), "."))
	if problem := dnsNameProblem(name); problem != "" {
		return "", usageErrorf("NAME %q is not a domain name: %s; give a full domain name, like example.com", arg, problem)
	}
	if !strings.Contains(name, ".") || strings.ContainsAny(name, "/@:") {
		return "", usageErrorf("NAME %q: a full domain name, like example.com", arg)
	}
	return name, nil
}

// checkNameservers checks the --nameservers of "domain order" before anything is sent: none,
// or 2 to 4 host names.
func checkNameservers(nameservers []string) error {
	if n := len(nameservers); n == 1 || n > 4 {
		return usageErrorf("--nameservers: give 2 to 4 (or none for the registrar's), not %d", n)
	}
	for i, ns := range nameservers {
		if problem := dnsNameProblem(ns); problem != "" {
			return usageErrorf("--nameservers: nameserver %d, %q, is not a host name: %s", i+1, ns, problem)
		}
	}
	return nil
}

// periodColumns are the columns of a domain's prices per registration period.
var periodColumns = []column[unmetered.DomainPeriod]{
	{"YEARS", func(p unmetered.DomainPeriod) any { return p.Years }},
	{"REGISTER", func(p unmetered.DomainPeriod) any { return p.Register }},
	{"TRANSFER", func(p unmetered.DomainPeriod) any { return p.Transfer }},
	{"RENEW", func(p unmetered.DomainPeriod) any { return p.Renew }},
}

func newDomainLookupCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "lookup NAME",
		Short: "Check whether a domain name is available, and its prices",
		Long: `Check whether the domain name NAME can be registered, and print its prices per registration
period (register, transfer, renew). Nothing is ordered; "unmetered domain order NAME" orders.`,
		Example: `  unmetered domain lookup example.com
  unmetered domain lookup example.net -o json | jq .available`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			name, err := domainName(args[0])
			if err != nil {
				return err
			}
			l, err := c.Domains.Lookup(ctx, name)
			if err != nil {
				return err
			}
			available := "no: registered already (order with --transfer to move it here)"
			if l.Available {
				available = "yes"
			}
			fields := []field{{"Name", l.Name}, {"Available", available}}
			if l.Premium {
				fields = append(fields, field{"Premium", "yes: priced above the TLD's usual prices"})
			}
			if err := a.printObject(l, fields); err != nil || a.structured() {
				return err
			}
			return printSection(a, "Prices", l.Periods, periodColumns)
		}),
	}
}

// domainOrderResult is what "domain order" prints: the lookup and the quote, and the order once
// placed.
type domainOrderResult struct {
	Lookup *unmetered.DomainLookup `json:"lookup"`
	Quote  *unmetered.Quote        `json:"quote"`
	Order  *unmetered.OrderResult  `json:"order,omitempty"`
}

// domainOrderOptions are the flags of "domain order".
type domainOrderOptions struct {
	years       int64
	transfer    bool
	epp         string
	nameservers []string
	dryRun, yes bool
}

func newDomainOrderCmd(a *app) *cobra.Command {
	var o domainOrderOptions
	cmd := &cobra.Command{
		Use:   "order NAME",
		Short: "Register (or transfer in) a domain, after a price quote",
		Long: `Order the registration of the domain name NAME for --years, or with --transfer its transfer to
this account (with its --epp code). First the name is looked up and the portal asked for a quote
(what is due now, what recurs), which is printed; then the domain is ordered, which creates it
and an invoice (pay it with "unmetered invoice pay"). --dry-run stops after the quote. A name
that is not available is refused (exit 2) unless it is a --transfer.

Ordering costs money: it asks on a terminal and needs --yes otherwise. It is sent once: exit
code 3 means it may have been ordered although the answer was lost, so check with
"unmetered domain list" before running the command again.`,
		Example: `  unmetered domain order example.net --dry-run
  unmetered domain order example.net --years 2 --yes
  unmetered domain order example.org --transfer --epp 'X7-k2!pQ' --nameservers ns1.example.net,ns2.example.net --yes`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			return a.orderDomain(ctx, c, args[0], o)
		}),
	}
	f := cmd.Flags()
	f.Int64Var(&o.years, "years", 1, "registration period in years")
	f.BoolVar(&o.transfer, "transfer", false, "transfer the domain in from another registrar instead of registering it")
	f.StringVar(&o.epp, "epp", "", "the transfer's authorisation (EPP) code")
	f.StringSliceVar(&o.nameservers, "nameservers", nil, "2 to 4 nameservers, comma-separated (default: the registrar's)")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the quote only; order nothing")
	addYesFlag(cmd, &o.yes)
	return cmd
}

func (a *app) orderDomain(ctx context.Context, c *unmetered.Client, arg string, o domainOrderOptions) error {
	name, err := domainName(arg)
	if err != nil {
		return err
	}
	if o.years < 1 || o.years > 10 {
		return usageErrorf("--years %d: from 1 to 10", o.years)
	}
	if o.epp != "" && !o.transfer {
		return usageErrorf("--epp is the code of a --transfer")
	}
	for i, ns := range o.nameservers {
		o.nameservers[i] = strings.TrimSpace(ns)
	}
	if err := checkNameservers(o.nameservers); err != nil {
		return err
	}
	action, verb := unmetered.DomainRegister, "register"
	if o.transfer {
		action, verb = unmetered.DomainTransfer, "transfer"
	}
	req := unmetered.DomainOrderRequest{Name: name, Years: o.years, Action: action, EPP: o.epp, Nameservers: o.nameservers}
	if !o.dryRun {
		if err := a.refuseUnconfirmed(o.yes, verb+" domain "+name); err != nil {
			return err
		}
	}
	l, err := c.Domains.Lookup(ctx, name)
	if err != nil {
		return err
	}
	if !l.Available && !o.transfer {
		return usageErrorf("%s is not available for registration; to move it to this account, order it with --transfer --epp CODE; nothing was ordered", name)
	}
	var offered []string
	for _, p := range l.Periods {
		if p.Years == o.years {
			req.TLDID = p.TLDID
		}
		offered = append(offered, fmt.Sprint(p.Years))
	}
	if req.TLDID == 0 {
		return usageErrorf("--years %d: %s is offered for %s year(s); nothing was ordered", o.years, name, strings.Join(offered, ", "))
	}
	item := unmetered.DomainRegisterItem(req.TLDID, name, o.years)
	if o.transfer {
		item = unmetered.DomainTransferItem(req.TLDID, name, o.years, o.epp)
	}
	item.Nameservers = o.nameservers
	q, order, err := a.quoteAndOrder(ctx, c, item, o.dryRun, o.yes,
		func(q *unmetered.Quote) string {
			return fmt.Sprintf("%s %s for %d year(s), for %s due now", verb, name, o.years, q.Summary.Total)
		},
		func() (*unmetered.OrderResult, error) { return c.Domains.Order(ctx, req) })
	if err != nil {
		return err
	}
	res := domainOrderResult{Lookup: l, Quote: q, Order: order}
	return a.printOrder(res, res.Order)
}

// quoteAndOrder is the order commands' path from a price to an order: it asks the portal to
// quote item, prints the quote (structured outputs print it later, with the order), refuses an
// item the portal will not order, and unless dryRun asks the user to confirm confirmText(quote)
// and places the order. A failed order is a change that may have been sent (sentChange).
func (a *app) quoteAndOrder(ctx context.Context, c *unmetered.Client, item unmetered.CartItem, dryRun, yes bool,
	confirmText func(*unmetered.Quote) string, order func() (*unmetered.OrderResult, error),
) (*unmetered.Quote, *unmetered.OrderResult, error) {
	q, err := c.Cart.Quote(ctx, unmetered.QuoteRequest{Items: []unmetered.CartItem{item}})
	if err != nil {
		return nil, nil, err
	}
	if !a.structured() {
		if err := a.printObject(q, quoteFields(q)); err != nil {
			return nil, nil, err
		}
	}
	if err := quoteValid(q); err != nil {
		return nil, nil, err
	}
	if dryRun {
		return q, nil, nil
	}
	if err := a.confirm(yes, confirmText(q)); err != nil {
		return nil, nil, err
	}
	res, err := order()
	if err != nil {
		return nil, nil, sentChange(err)
	}
	return q, res, nil
}

// printOrder prints what an order command did: with -o json the whole result v, else (the
// quote printed already) the order placed, or that a dry run ordered nothing.
func (a *app) printOrder(v any, order *unmetered.OrderResult) error {
	if a.structured() {
		return a.writeData(v)
	}
	if order == nil {
		_, err := fmt.Fprintln(a.out, "Dry run: nothing ordered")
		return err
	}
	fmt.Fprintln(a.out)
	return a.printObject(order, []field{
		{"Order", order.OrderNumber},
		{"Invoice", order.InvoiceID},
		{"Total", order.Total},
	})
}
