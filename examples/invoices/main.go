// Command invoices lists the account's unpaid invoices with their totals, marking those past
// their due date, and the credit available; with -pay -yes it pays them from account credit,
// oldest due date first.
//
//	go run ./examples/invoices            # list
//	go run ./examples/invoices -pay       # show what would be paid, change nothing
//	go run ./examples/invoices -pay -yes  # pay with account credit
//
// Credentials come from the environment (UNMETERED_USERNAME, UNMETERED_PASSWORD, optional
// UNMETERED_AUTH and UNMETERED_BASE_URL); a missing one is an error naming it. -fake runs it
// against the in-memory fake portal instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/examples/internal/portal"
)

func main() { portal.Main(run) }

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("invoices", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pay := fs.Bool("pay", false, "pay the unpaid invoices with account credit")
	yes := fs.Bool("yes", false, "confirm -pay (without it, -pay only shows what it would do)")
	fake := fs.Bool("fake", false, "run against the built-in fake portal instead of your account")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	client, release, err := portal.Connect(getenv, *fake, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "invoices:", err)
		return 1
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	unpaid, err := unpaidInvoices(ctx, client)
	if err != nil {
		fmt.Fprintln(stderr, "invoices:", err)
		return 1
	}
	balance, err := client.Billing.Balance(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "invoices:", err)
		return 1
	}
	printInvoices(stdout, unpaid, balance, time.Now())
	if !*pay || len(unpaid) == 0 {
		return 0
	}
	if !*yes {
		fmt.Fprintf(stdout, "would pay %d invoice(s) from %s %s of credit; run again with -pay -yes to do it\n",
			len(unpaid), balance.Credit, balance.Currency)
		return 0
	}
	if err := payAll(ctx, client, unpaid, stdout); err != nil {
		fmt.Fprintln(stderr, "invoices:", err)
		return 1
	}
	return 0
}

func unpaidInvoices(ctx context.Context, client *unmetered.Client) ([]unmetered.Invoice, error) {
	all, err := client.Billing.Invoices(ctx)
	if err != nil {
		return nil, err
	}
	var unpaid []unmetered.Invoice
	for _, inv := range all {
		if inv.Status == unmetered.InvoiceUnpaid {
			unpaid = append(unpaid, inv)
		}
	}
	sort.SliceStable(unpaid, func(i, j int) bool { return unpaid[i].DueDate.Before(unpaid[j].DueDate.Time) })
	return unpaid, nil
}

// printInvoices lists the unpaid invoices, marking those overdue at now, with their totals per
// currency and the account credit.
func printInvoices(w io.Writer, unpaid []unmetered.Invoice, balance *unmetered.Balance, now time.Time) {
	totals := map[string]unmetered.Decimal{}
	overdue := 0
	for _, inv := range unpaid {
		mark := ""
		if inv.Overdue(now) {
			mark, overdue = "  OVERDUE", overdue+1
		}
		fmt.Fprintf(w, "#%-8d %-12s due %s  %10s %s%s\n", inv.ID, inv.Number, inv.DueDate, inv.Total, inv.Currency, mark)
		totals[inv.Currency] = totals[inv.Currency].Add(inv.Total) // exact: "19.65" + "0.35" is "20.00"
	}
	currencies := make([]string, 0, len(totals))
	for c := range totals {
		currencies = append(currencies, c)
	}
	sort.Strings(currencies)
	fmt.Fprintf(w, "%d unpaid invoice(s), %d overdue", len(unpaid), overdue)
	for _, c := range currencies {
		fmt.Fprintf(w, ", %s %s", totals[c], c)
	}
	fmt.Fprintf(w, "; account credit %s %s\n", balance.Credit, balance.Currency)
}

// payAll applies credit to each invoice in turn. ApplyCredit is never retried by the SDK, so a
// failure stops here: check the invoice before running again.
func payAll(ctx context.Context, client *unmetered.Client, unpaid []unmetered.Invoice, w io.Writer) error {
	for _, inv := range unpaid {
		res, err := client.Billing.ApplyCredit(ctx, inv.ID, unmetered.ApplyCreditRequest{})
		if err != nil {
			return fmt.Errorf("invoice #%d: %w", inv.ID, err)
		}
		fmt.Fprintf(w, "invoice #%d: applied %s, now %s\n", inv.ID, res.Applied, res.InvoiceStatus)
	}
	return nil
}
