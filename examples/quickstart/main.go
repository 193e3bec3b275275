// Command quickstart prints the account's details and contacts.
//
//	go run ./examples/quickstart
//
// With UNMETERED_USERNAME and UNMETERED_PASSWORD set it talks to the real portal (override the
// API root with UNMETERED_BASE_URL; UNMETERED_AUTH=jwt uses a JWT session instead of Basic auth).
// Without them it starts the SDK's in-memory fake portal and says so on its first line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/examples/internal/portal"
)

func main() {
	portal.Main(func(ctx context.Context, _ []string, getenv func(string) string, stdout, stderr io.Writer) int {
		return run(ctx, getenv, stdout, stderr)
	})
}

// run is main without the process: it returns the exit code (0 ok, 1 failure).
func run(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) int {
	client, release, err := portal.Connect(getenv, portal.NoCredentials(getenv), stdout)
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	defer release()

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := printAccount(ctx, stdout, client); err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		if errors.Is(err, unmetered.ErrUnauthorized) {
			fmt.Fprintln(stderr, "quickstart: check UNMETERED_USERNAME and UNMETERED_PASSWORD")
		}
		return 1
	}
	return 0
}

func printAccount(ctx context.Context, w io.Writer, client *unmetered.Client) error {
	d, err := client.Account.Details(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Account #%d: %s %s <%s>\n", d.ID, d.FirstName, d.LastName, d.Email)
	if d.CompanyName != "" {
		fmt.Fprintf(w, "  Company:  %s\n", d.CompanyName)
	}
	fmt.Fprintf(w, "  Address:  %s %s, %s %s, %s\n", d.Address1, d.Address2, d.PostCode, d.City, d.Country)
	if !d.LastLogin.IsZero() {
		fmt.Fprintf(w, "  Last login: %s from %s\n", d.LastLogin.Format("2006-01-02 15:04 MST"), d.IP)
	}

	contacts, err := client.Account.Contacts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Contacts (%d):\n", len(contacts))
	for _, c := range contacts {
		fmt.Fprintf(w, "  #%d %s %s <%s>\n", c.ID, c.FirstName, c.LastName, c.Email)
	}
	return nil
}
