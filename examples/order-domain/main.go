// Command order-domain registers a domain: it looks the name up, quotes the order, and places
// it only when told -yes.
//
//	go run ./examples/order-domain -name example-shop.com -years 1          # lookup and quote
//	go run ./examples/order-domain -name example-shop.com -years 1 -yes     # and order
//
// Credentials come from the environment (UNMETERED_USERNAME, UNMETERED_PASSWORD, optional
// UNMETERED_AUTH and UNMETERED_BASE_URL); a missing one is an error naming it. -fake runs it
// against the in-memory fake portal instead.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/examples/internal/portal"
)

func main() { portal.Main(run) }

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("order-domain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "the domain name to register, e.g. example-shop.com")
	years := fs.Int64("years", 1, "registration period in years")
	payMethod := fs.Int64("pay-method", 0, "payment method id (see Billing.PaymentMethods); 0 for the account's default")
	yes := fs.Bool("yes", false, "place the order (without it, only look up and quote)")
	fake := fs.Bool("fake", false, "run against the built-in fake portal instead of your account")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *name == "" || *years < 1 {
		fmt.Fprintln(stderr, "order-domain: -name is required and -years must be at least 1")
		fs.Usage()
		return 2
	}
	client, release, err := portal.Connect(getenv, *fake, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "order-domain:", err)
		return 1
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := order(ctx, client, *name, *years, *payMethod, *yes, stdout); err != nil {
		fmt.Fprintln(stderr, "order-domain:", err)
		if errors.Is(err, errNotAvailable) {
			return 3
		}
		return 1
	}
	return 0
}

var errNotAvailable = errors.New("the name is not available")

func order(ctx context.Context, client *unmetered.Client, name string, years int64, payMethod int64, yes bool, w io.Writer) error {
	lookup, err := client.Domains.Lookup(ctx, name)
	if err != nil {
		return err
	}
	if !lookup.Available {
		return fmt.Errorf("%s: %w", name, errNotAvailable)
	}
	fmt.Fprintf(w, "%s is available", name)
	if lookup.Premium {
		fmt.Fprint(w, " (premium)")
	}
	fmt.Fprintln(w)

	tld, err := findTLD(ctx, client, name)
	if err != nil {
		return err
	}
	quote, err := client.Cart.Quote(ctx, unmetered.QuoteRequest{
		PayMethod: payMethod,
		Items:     []unmetered.CartItem{unmetered.DomainRegisterItem(tld.ID, name, years)},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "quote: %d year(s), total %s\n", years, quote.Summary.Total)
	if !yes {
		fmt.Fprintln(w, "not ordering without -yes")
		return nil
	}
	res, err := client.Domains.Order(ctx, unmetered.DomainOrderRequest{
		Name: name, Years: years, Action: unmetered.DomainRegister, TLDID: tld.ID, PayMethod: payMethod,
	})
	if err != nil {
		return fmt.Errorf("ordering %s (not retried: check your orders before trying again): %w", name, err)
	}
	fmt.Fprintf(w, "ordered %s: order #%d, invoice #%d, total %s\n", name, res.OrderNumber, res.InvoiceID, res.Total)
	return nil
}

// findTLD returns the TLD of name from the catalogue (the longest matching suffix).
func findTLD(ctx context.Context, client *unmetered.Client, name string) (*unmetered.TLD, error) {
	tlds, err := client.Domains.TLDs(ctx)
	if err != nil {
		return nil, err
	}
	var best *unmetered.TLD
	for i := range tlds {
		t := strings.ToLower(tlds[i].TLD)
		if strings.HasSuffix(strings.ToLower(name), t) && (best == nil || len(t) > len(best.TLD)) {
			best = &tlds[i]
		}
	}
	if best == nil {
		return nil, fmt.Errorf("no TLD on offer matches %s", name)
	}
	return best, nil
}
