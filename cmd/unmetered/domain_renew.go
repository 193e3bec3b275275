package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// renewResult is what "domain renew" prints.
type renewResult struct {
	DomainID int64 `json:"domain_id"`
	*unmetered.DomainRenewal
}

// renewDryRun is what "domain renew --dry-run" prints: the quote and the renewals found waiting
// for payment (nil with --again, which does not look).
type renewDryRun struct {
	DomainID        int64               `json:"domain_id"`
	Quote           *unmetered.Quote    `json:"quote"`
	PendingRenewals []unmetered.Invoice `json:"pending_renewals"`
	PendingChecked  bool                `json:"pending_checked"`
}

func newDomainRenewCmd(a *app) *cobra.Command {
	var years int64
	var yes, again, dryRun bool
	cmd := &cobra.Command{
		Use:   "renew DOMAIN",
		Short: "Order a domain's renewal",
		Long: `Order the renewal of a domain for --years, and print the order and the invoice to pay
(pay it with "unmetered invoice pay").

A renewal is ordered once. The expiry date moves only when the renewal's invoice is paid, so
before ordering, renew looks for an unpaid invoice that already renews the domain (one it
ordered before, or one the portal issued ahead of the expiry): if there is one, it orders
nothing and exits with code 2, naming the invoice to pay. --again orders another renewal
anyway. Run daily from cron, it therefore orders each renewal once.

--dry-run orders nothing: it prints the price quote and what the look for a waiting renewal
found, and exits as the renewal would have been refused or not (2 when one waits, unless
--again; 0 otherwise).

Renewing costs money: it asks on a terminal, showing the price, and needs --yes otherwise. It is
sent once: exit code 3 means it may have been ordered although the answer was lost; running the
command again is safe, since it finds that renewal's invoice if the order went through.

` + domainArgHelp,
		Example: `  unmetered domain renew 47
  unmetered domain renew testname.com --years 2 --dry-run
  unmetered domain renew testname.com --years 2 --yes
  # renew what expires within 30 days
  unmetered domain list --status Active --expiring-within 30d -o json | jq -r '.[].id' |
    xargs -n1 unmetered domain renew --yes`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			if years < 1 || years > 10 {
				return usageErrorf("--years %d: from 1 to 10", years)
			}
			if !dryRun {
				if err := a.refuseUnconfirmed(yes, "renew domain "+args[0]); err != nil {
					return err
				}
			}
			id, err := a.domainID(ctx, c, args[0])
			if err != nil {
				return err
			}
			var pending []unmetered.Invoice
			if !again {
				if pending, err = c.Domains.PendingRenewals(ctx, id); err != nil {
					return err
				}
				if len(pending) > 0 && !dryRun {
					return pendingRenewalError(ctx, c, id, pending)
				}
			}
			if dryRun {
				return a.renewDryRun(ctx, c, id, years, pending, !again)
			}
			if !yes {
				q, err := renewQuote(ctx, c, id, years)
				if err != nil {
					return err
				}
				d, err := c.Domains.Get(ctx, id)
				if err != nil {
					return err
				}
				if err := a.confirm(false, fmt.Sprintf("renew %s (domain %d, expires %s) for %d year(s), for %s due now",
					d.Name, id, d.Expires, years, q.Summary.Total)); err != nil {
					return err
				}
			}
			r, err := c.Domains.Renew(ctx, id, unmetered.RenewRequest{Years: years})
			if err != nil {
				return sentChange(err)
			}
			return a.printObject(renewResult{DomainID: id, DomainRenewal: r}, []field{
				{"Domain", id},
				{"Order", r.OrderNumber},
				{"Invoice", r.InvoiceID},
				{"Total", r.Total},
			})
		}),
	}
	cmd.Flags().Int64Var(&years, "years", 1, "renewal period in years")
	cmd.Flags().BoolVar(&again, "again", false, "order a renewal even when one waits for payment")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the quote and the renewals waiting for payment; order nothing")
	addYesFlag(cmd, &yes)
	return cmd
}

// renewQuote asks the portal what renewing the domain id for years costs.
func renewQuote(ctx context.Context, c *unmetered.Client, id, years int64) (*unmetered.Quote, error) {
	q, err := c.Cart.Quote(ctx, unmetered.QuoteRequest{Items: []unmetered.CartItem{unmetered.DomainRenewItem(id, years)}})
	if err != nil {
		return nil, err
	}
	return q, quoteValid(q)
}

// renewDryRun prints the quote of the renewal and the renewals waiting for payment (checked:
// looked for; --again does not), and returns the refusal a real run would meet (exit 2) when
// one waits.
func (a *app) renewDryRun(ctx context.Context, c *unmetered.Client, id, years int64, pending []unmetered.Invoice, checked bool) error {
	q, err := renewQuote(ctx, c, id, years)
	if err != nil {
		return err
	}
	if a.structured() {
		if err := a.writeData(renewDryRun{DomainID: id, Quote: q, PendingRenewals: nonNil(pending), PendingChecked: checked}); err != nil {
			return err
		}
	} else {
		waiting := "none"
		switch {
		case !checked:
			waiting = "not looked for (--again)"
		case len(pending) > 0:
			waiting = "invoice " + strings.Join(describeInvoices(pending), ", invoice ")
		}
		fields := append([]field{{"Domain", id}}, quoteFields(q)...)
		if err := a.printObject(q, append(fields, field{"Waiting for payment", waiting})); err != nil {
			return err
		}
	}
	if len(pending) > 0 {
		return pendingRenewalError(ctx, c, id, pending)
	}
	if !a.structured() {
		_, err = fmt.Fprintln(a.out, "Dry run: nothing ordered")
	}
	return err
}

// pendingRenewalError returns the usage error (exit code 2, nothing ordered) naming the unpaid
// invoices that already renew the domain id (Domains.PendingRenewals).
func pendingRenewalError(ctx context.Context, c *unmetered.Client, id int64, pending []unmetered.Invoice) error {
	name := fmt.Sprintf("domain %d", id)
	if d, err := c.Domains.Get(ctx, id); err == nil && d.Name != "" {
		name = fmt.Sprintf("%s (domain %d)", d.Name, id)
	}
	invoices := describeInvoices(pending)
	if len(pending) == 1 {
		return usageErrorf("%s has a renewal waiting for payment: invoice %s; pay it (unmetered invoice pay %d), "+
			"or pass --again to order another renewal; nothing was ordered", name, invoices[0], pending[0].ID)
	}
	return usageErrorf("%s has renewals waiting for payment: invoices %s and %s; pay them (unmetered invoice pay ID), "+
		"or pass --again to order another renewal; nothing was ordered",
		name, strings.Join(invoices[:len(invoices)-1], ", "), invoices[len(invoices)-1])
}

// describeInvoices describes each invoice for a message: its id, what is due and when, e.g.
// "308978 (15.00 USD, due 2030-06-12)".
func describeInvoices(invoices []unmetered.Invoice) []string {
	out := make([]string, len(invoices))
	for i, inv := range invoices {
		out[i] = fmt.Sprintf("%d (%s %s, due %s)", inv.ID, inv.Total, inv.Currency, inv.DueDate)
	}
	return out
}
