package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// upgradeResult is what "service upgrade" prints when it prices or orders a change: the
// estimate, and the upgrade once ordered.
type upgradeResult struct {
	ServiceID int64                      `json:"service_id"`
	Changes   []upgradeChange            `json:"changes"`
	Estimate  *unmetered.UpgradeEstimate `json:"estimate"`
	Upgrade   *unmetered.UpgradeResult   `json:"upgrade,omitempty"`
}

// upgradeChange is one change of an upgrade, for people: "Bandwidth: 100 GB -> 500 GB".
type upgradeChange struct {
	What string `json:"what"`
	From string `json:"from"`
	To   string `json:"to"`
}

func (c upgradeChange) String() string { return fmt.Sprintf("%s: %s -> %s", c.What, c.From, c.To) }

func newServiceUpgradeCmd(a *app) *cobra.Command {
	var set []string
	var cycle string
	var pkg int64
	var dryRun, yes bool
	cmd := serviceCmd(a, "upgrade ID [--set RESOURCE=VALUE]... [--cycle CODE]", "Show a service's upgrade options, or upgrade it after a price estimate",
		`  unmetered service upgrade 302
  unmetered service upgrade 302 --set Bandwidth="500 GB" --set Disk=80 --dry-run
  unmetered service upgrade 302 --set 1557=10103 --yes -o json | jq .upgrade.invoice_id`, cobra.ExactArgs(1),
		func(ctx context.Context, c *unmetered.Client, id int64, _ []string) error {
			opts, err := c.Services.UpgradeOptions(ctx, id)
			if err != nil {
				return err
			}
			if len(set) == 0 && cycle == "" && pkg == 0 {
				return a.printUpgradeOptions(id, opts)
			}
			req := unmetered.UpgradeRequest{Package: pkg}
			var changes []upgradeChange
			if cycle != "" {
				if req.Cycle, err = parseEnum("--cycle", cycle, cycleCodes); err != nil {
					return err
				}
				from := "?"
				if svc, err := c.Services.Get(ctx, id); err == nil {
					from = string(svc.BillingCycle)
				}
				changes = append(changes, upgradeChange{What: "Billing cycle", From: from, To: string(req.Cycle)})
			}
			if pkg != 0 {
				changes = append(changes, upgradeChange{What: "Package", From: "the current one", To: fmt.Sprint(pkg)})
			}
			if len(set) > 0 {
				req.Resources = unmetered.UpgradeResources{}
				for _, s := range set {
					r, choice, change, err := resourceSetting(opts, s)
					if err != nil {
						return err
					}
					if _, dup := req.Resources[r.ID]; dup {
						return usageErrorf("--set %s: %s is set twice", s, r.Name)
					}
					req.Resources[r.ID] = choice
					changes = append(changes, change)
				}
			}
			est, err := c.Services.UpgradeEstimate(ctx, id, req)
			if err != nil {
				return err
			}
			res := upgradeResult{ServiceID: id, Changes: changes, Estimate: est}
			if !a.structured() {
				fields := []field{{"Service", id}}
				for _, ch := range changes {
					fields = append(fields, field{"Change", ch})
				}
				fields = append(fields, field{"Subtotal", est.Subtotal}, field{"Due now", fmt.Sprintf("%s %s", est.Total, est.Currency)})
				if err := a.printObject(est, fields); err != nil {
					return err
				}
			}
			if !dryRun {
				what := make([]string, len(changes))
				for i, ch := range changes {
					what[i] = ch.String()
				}
				if err := a.confirm(yes, fmt.Sprintf("upgrade service %d (%s), for %s %s due now", id, strings.Join(what, "; "), est.Total, est.Currency)); err != nil {
					return err
				}
				if res.Upgrade, err = c.Services.Upgrade(ctx, id, req); err != nil {
					return sentChange(err)
				}
			}
			if a.structured() {
				return a.writeData(res)
			}
			if res.Upgrade == nil {
				_, err := fmt.Fprintln(a.out, "Dry run: nothing ordered")
				return err
			}
			invoice := "none (it costs nothing)"
			if res.Upgrade.InvoiceID != 0 {
				invoice = fmt.Sprint(res.Upgrade.InvoiceID)
			}
			fmt.Fprintln(a.out)
			return a.printObject(res.Upgrade, []field{{"Upgrade order", res.Upgrade.OrderID}, {"Invoice", invoice}})
		})
	cmd.Long = `Without changes, show what service ID can be upgraded to: its resources (bandwidth, disk, ...)
with their choices, prices and current values.

With changes, first ask the portal for an estimate, print it, then order the upgrade, which may
create an invoice (pay it with "unmetered invoice pay"). --dry-run stops after the estimate.
--set RESOURCE=VALUE changes one resource, named by its id or name (in any case): VALUE is an
item's id or name for a choice (select, radio), ITEM:QUANTITY for a choice with a quantity, a
number for a quantity (slider, qty). --cycle changes the billing period, --package the package.

Upgrading costs money: it asks on a terminal and needs --yes otherwise. It is sent once: exit
code 3 means it may have been ordered although the answer was lost, so check with
"unmetered service upgrade ID" before running the command again.`
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if (len(set) > 0 || cycle != "" || pkg != 0) && !dryRun {
			if err := a.refuseUnconfirmed(yes, "upgrade service "+args[0]); err != nil {
				return err
			}
		}
		if pkg < 0 {
			return usageErrorf("--package %d: a package id from 1", pkg)
		}
		return run(c, args)
	}
	cmd.Flags().StringArrayVar(&set, "set", nil, "RESOURCE=VALUE: a resource's new value (repeatable)")
	cmd.Flags().StringVar(&cycle, "cycle", "", "the new billing period code: "+enumList(cycleCodes))
	cmd.Flags().Int64Var(&pkg, "package", 0, "the id of the package to move to")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the estimate only; order nothing")
	addYesFlag(cmd, &yes)
	_ = cmd.RegisterFlagCompletionFunc("cycle", enumCompletion(cycleCodes))
	return cmd
}

// upgradeOptionRow is a row of "service upgrade ID" without changes: one choice of a resource.
type upgradeOptionRow struct {
	resource *unmetered.UpgradeResource
	choice   string
	price    string
	current  bool
}

// upgradeOptions is what "service upgrade ID -o json" prints without changes.
type upgradeOptions struct {
	ServiceID int64 `json:"service_id"`
	*unmetered.UpgradeOptions
}

func (a *app) printUpgradeOptions(id int64, opts *unmetered.UpgradeOptions) error {
	if a.structured() {
		return a.writeData(upgradeOptions{ServiceID: id, UpgradeOptions: opts})
	}
	var rows []upgradeOptionRow
	for i := range opts.Resources {
		r := &opts.Resources[i]
		switch r.Type {
		case unmetered.ResourceTypeSlider, unmetered.ResourceTypeQty:
			rows = append(rows, upgradeOptionRow{resource: r, current: true,
				choice: fmt.Sprintf("%d (from %d to %d, steps of %d)", r.Value, r.Min, r.Max, r.Step),
				price:  r.Price.String() + " a unit"})
		default:
			for _, it := range r.Items {
				rows = append(rows, upgradeOptionRow{resource: r, choice: fmt.Sprintf("%d %s", it.ID, it.Name), price: it.Price.String(), current: it.Selected})
			}
		}
	}
	return printList(a, rows, []column[upgradeOptionRow]{
		{"RESOURCE", func(r upgradeOptionRow) any { return fmt.Sprintf("%d %s", r.resource.ID, r.resource.Name) }},
		{"TYPE", func(r upgradeOptionRow) any { return r.resource.Type }},
		{"CHOICE", func(r upgradeOptionRow) any { return r.choice }},
		{"PRICE", func(r upgradeOptionRow) any { return r.price }},
		{"CURRENT", func(r upgradeOptionRow) any {
			if r.current {
				return "*"
			}
			return ""
		}},
	})
}

// resourceSetting parses one --set RESOURCE=VALUE against the service's options.
func resourceSetting(opts *unmetered.UpgradeOptions, s string) (*unmetered.UpgradeResource, unmetered.ResourceChoice, upgradeChange, error) {
	var none unmetered.ResourceChoice
	key, value, ok := strings.Cut(s, "=")
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if !ok || key == "" || value == "" {
		return nil, none, upgradeChange{}, usageErrorf("--set %q: give RESOURCE=VALUE, e.g. --set Bandwidth=\"500 GB\"", s)
	}
	var r *unmetered.UpgradeResource
	names := make([]string, len(opts.Resources))
	for i := range opts.Resources {
		o := &opts.Resources[i]
		if strconv.FormatInt(o.ID, 10) == key || strings.EqualFold(o.Name, key) {
			r = o
		}
		names[i] = fmt.Sprintf("%d %s", o.ID, o.Name)
	}
	if r == nil {
		return nil, none, upgradeChange{}, usageErrorf("--set %s: the service has no resource %q; it has %s", s, key, orNone(names))
	}
	switch r.Type {
	case unmetered.ResourceTypeSlider, unmetered.ResourceTypeQty:
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n < 0 {
			return nil, none, upgradeChange{}, usageErrorf("--set %s: %s takes a quantity, a whole number", s, r.Name)
		}
		if r.Max > 0 && (n < r.Min || n > r.Max) {
			return nil, none, upgradeChange{}, usageErrorf("--set %s: %s takes %d to %d", s, r.Name, r.Min, r.Max)
		}
		return r, unmetered.ResourceQuantity(n), upgradeChange{What: r.Name, From: fmt.Sprint(r.Value), To: fmt.Sprint(n)}, nil
	}
	itemKey, qty, withQty := strings.Cut(value, ":")
	var item *unmetered.UpgradeItem
	items := make([]string, len(r.Items))
	for i := range r.Items {
		it := &r.Items[i]
		if strconv.FormatInt(it.ID, 10) == strings.TrimSpace(itemKey) || strings.EqualFold(it.Name, strings.TrimSpace(itemKey)) {
			item = it
		}
		items[i] = fmt.Sprintf("%d %s", it.ID, it.Name)
	}
	if item == nil {
		return nil, none, upgradeChange{}, usageErrorf("--set %s: %s has no choice %q; its choices are %s", s, r.Name, itemKey, orNone(items))
	}
	from := "none"
	if cur := r.Selected(); cur != nil {
		from = cur.Name
	}
	change := upgradeChange{What: r.Name, From: from, To: item.Name}
	if !withQty {
		return r, unmetered.ResourceItem(item.ID), change, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(qty), 10, 64)
	if err != nil || n < 0 {
		return nil, none, upgradeChange{}, usageErrorf("--set %s: the quantity after %q is a whole number", s, itemKey)
	}
	change.To += fmt.Sprintf(" x %d", n)
	return r, unmetered.ResourceItemQuantity(item.ID, n), change, nil
}

// orNone joins names for a message, or says there are none.
func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
