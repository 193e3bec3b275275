// Command quickstart prints the account's details and contacts.
//
//	UNMETERED_USERNAME=you@example.com UNMETERED_PASSWORD=... go run ./examples/quickstart
//
// UNMETERED_BASE_URL overrides the API root (default https://unmetered.management/api).
// Set UNMETERED_AUTH=jwt to use a JWT session (POST /login) instead of Basic auth.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/unmetered/unmetered-go"
)

func main() {
	os.Exit(run(os.Stdout, os.Stderr, os.Getenv))
}

// run is main without the process: it returns the exit code (0 ok, 1 API failure, 2 usage).
func run(stdout, stderr io.Writer, getenv func(string) string) int {
	user, pass := getenv("UNMETERED_USERNAME"), getenv("UNMETERED_PASSWORD")
	if user == "" || pass == "" {
		fmt.Fprintln(stderr, "quickstart: set UNMETERED_USERNAME and UNMETERED_PASSWORD to your client-area email and password")
		fmt.Fprintln(stderr, "            (optional: UNMETERED_BASE_URL, UNMETERED_AUTH=jwt)")
		return 2
	}
	opts := []unmetered.Option{unmetered.WithBasicAuth(user, pass)}
	if getenv("UNMETERED_AUTH") == "jwt" {
		opts = []unmetered.Option{unmetered.WithLogin(user, pass)}
	}
	if base := getenv("UNMETERED_BASE_URL"); base != "" {
		opts = append(opts, unmetered.WithBaseURL(base))
	}
	client, err := unmetered.NewClient(opts...)
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
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
		fmt.Fprintf(w, "  Last login: %s from %s\n", d.LastLogin, d.IP)
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
