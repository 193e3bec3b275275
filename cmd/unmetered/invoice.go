package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// invoiceStatuses are the values of "invoice list --status".
var invoiceStatuses = []unmetered.InvoiceStatus{
	unmetered.InvoicePaid, unmetered.InvoiceUnpaid, unmetered.InvoiceCancelled,
	unmetered.InvoiceRefunded, unmetered.InvoiceCollections, unmetered.InvoiceDraft,
}

func newInvoiceCmd(a *app) *cobra.Command {
	cmd := group(a, "invoice", "Invoices: list, show, pay with your account credit")
	cmd.AddCommand(newInvoiceListCmd(a), newInvoiceShowCmd(a), newInvoicePayCmd(a))
	return cmd
}

func newInvoiceListCmd(a *app) *cobra.Command {
	var status string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your invoices",
		Example: `  unmetered invoice list
  unmetered invoice list --status Unpaid -o json | jq -r '.[] | "\(.id) \(.total) \(.currency)"'`,
		Args: cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			var want unmetered.InvoiceStatus
			if status != "" {
				var err error
				if want, err = parseEnum("--status", status, invoiceStatuses); err != nil {
					return err
				}
			}
			list, err := c.Billing.Invoices(ctx)
			if err != nil {
				return err
			}
			if want != "" {
				list = filter(list, func(inv unmetered.Invoice) bool { return inv.Status == want })
			}
			return printList(a, list, invoiceColumns)
		}),
	}
	cmd.Flags().StringVar(&status, "status", "", "only invoices with this status: "+enumList(invoiceStatuses))
	_ = cmd.RegisterFlagCompletionFunc("status", enumCompletion(invoiceStatuses))
	return listCommand(a, cmd, invoiceColumns)
}

var invoiceColumns = []column[unmetered.Invoice]{
	{"ID", func(i unmetered.Invoice) any { return i.ID }},
	{"NUMBER", func(i unmetered.Invoice) any { return i.Number }},
	{"STATUS", func(i unmetered.Invoice) any { return i.Status }},
	{"DATE", func(i unmetered.Invoice) any { return i.Date }},
	{"DUE", func(i unmetered.Invoice) any { return i.DueDate }},
	{"TOTAL", func(i unmetered.Invoice) any { return i.Total }},
	{"CURRENCY", func(i unmetered.Invoice) any { return i.Currency }},
}

func newInvoiceShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "show ID",
		Short:   "Show an invoice with its lines",
		Example: "  unmetered invoice show 308977\n  unmetered invoice show 308977 -o json | jq .status",
		Args:    cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			id, err := parseID("invoice", args[0])
			if err != nil {
				return err
			}
			inv, err := c.Billing.Invoice(ctx, id)
			if err != nil {
				return err
			}
			if err := a.printObject(inv, []field{
				{"ID", inv.ID},
				{"Number", inv.Number},
				{"Status", inv.Status},
				{"Date", inv.Date},
				{"Due", inv.DueDate},
				{"Paid", inv.DatePaid},
				{"Subtotal", inv.Subtotal},
				{"Tax", inv.Tax},
				{"Credit", inv.Credit},
				{"Total", fmt.Sprintf("%s %s", inv.Total, inv.Currency)},
			}); err != nil || a.structured() {
				return err
			}
			return printSection(a, "Items", inv.Items, invoiceItemColumns)
		}),
	}
}

var invoiceItemColumns = []column[unmetered.InvoiceItem]{
	{"ID", func(i unmetered.InvoiceItem) any { return i.ID }},
	{"TYPE", func(i unmetered.InvoiceItem) any { return i.Type }},
	{"DESCRIPTION", func(i unmetered.InvoiceItem) any { return i.Description }},
	{"AMOUNT", func(i unmetered.InvoiceItem) any { return i.Amount }},
}

// payResult is what "invoice pay" prints: the invoice and what the credit did to it.
type payResult struct {
	InvoiceID int64 `json:"invoice_id"`
	*unmetered.CreditResult
}

func newInvoicePayCmd(a *app) *cobra.Command {
	var amount string
	var yes bool
	cmd := &cobra.Command{
		Use:   "pay ID",
		Short: "Pay an invoice with your account credit",
		Long: `Pay an invoice with the credit on your account: as much as pays it in full, or --amount.

Paying asks for confirmation on a terminal and needs --yes otherwise. The payment is sent once:
exit code 3 means it may have gone through although the answer was lost, so check with
"unmetered invoice show ID" before running the command again.`,
		Example: `  unmetered invoice pay 308977
  unmetered invoice pay 308977 --amount 5.00 --yes`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			id, err := parseID("invoice", args[0])
			if err != nil {
				return err
			}
			var req unmetered.ApplyCreditRequest
			if amount != "" {
				d, err := unmetered.ParseDecimal(amount)
				if err != nil || d.Sign() <= 0 {
					return usageErrorf("--amount %q: an amount greater than zero, like 15.00", amount)
				}
				req.Amount = &d
			}
			action := fmt.Sprintf("pay invoice %d with your account credit", id)
			if err := a.refuseUnconfirmed(yes, action); err != nil {
				return err
			}
			if !yes {
				inv, err := c.Billing.Invoice(ctx, id)
				if err != nil {
					return err
				}
				bal, err := c.Billing.Balance(ctx)
				if err != nil {
					return err
				}
				pay := "in full"
				if req.Amount != nil {
					pay = req.Amount.String() + " " + inv.Currency + " of"
				}
				action = fmt.Sprintf("pay %s invoice %d (%s, %s %s) with your account credit (%s %s available)",
					pay, id, inv.Status, inv.Total, inv.Currency, bal.Credit, bal.Currency)
				if err := a.confirm(false, action); err != nil {
					return err
				}
			}
			res, err := c.Billing.ApplyCredit(ctx, id, req)
			if err != nil {
				return sentChange(err)
			}
			return a.printObject(payResult{InvoiceID: id, CreditResult: res}, []field{
				{"Invoice", id},
				{"Credit applied", res.Applied},
				{"Status", res.InvoiceStatus},
			})
		}),
	}
	cmd.Flags().StringVar(&amount, "amount", "", "credit to apply (default: as much as pays the invoice in full)")
	addYesFlag(cmd, &yes)
	return cmd
}

func newBalanceCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "balance",
		Short:   "Show what you owe and the credit you have",
		Example: "  unmetered balance\n  unmetered balance -o json | jq -r .credit",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			b, err := c.Billing.Balance(ctx)
			if err != nil {
				return err
			}
			return a.printObject(b, []field{
				{"Unpaid", fmt.Sprintf("%s %s", b.Balance, b.Currency)},
				{"Credit", fmt.Sprintf("%s %s", b.Credit, b.Currency)},
			})
		}),
	}
}
