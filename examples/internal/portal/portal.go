// Package portal connects the examples to a portal: the real one when credentials are in the
// environment, otherwise unmeteredtest's in-memory fake, so that every example runs anywhere.
package portal

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// Connect returns a client and a function that releases what it started.
//
// With UNMETERED_USERNAME and UNMETERED_PASSWORD set it talks to the real portal (or to
// UNMETERED_BASE_URL), with Basic auth, or a JWT session when UNMETERED_AUTH=jwt. Without them
// it starts the fake portal and says so on out's first line.
func Connect(getenv func(string) string, out io.Writer) (*unmetered.Client, func(), error) {
	user, pass := getenv("UNMETERED_USERNAME"), getenv("UNMETERED_PASSWORD")
	if user == "" || pass == "" {
		srv := unmeteredtest.NewServer()
		fmt.Fprintf(out, "No UNMETERED_USERNAME/UNMETERED_PASSWORD set: using the built-in fake portal at %s\n", srv.URL())
		c, err := srv.Client()
		if err != nil {
			srv.Close()
			return nil, nil, err
		}
		return c, srv.Close, nil
	}
	opts := []unmetered.Option{unmetered.WithBasicAuth(user, pass)}
	if getenv("UNMETERED_AUTH") == "jwt" {
		opts = []unmetered.Option{unmetered.WithLogin(user, pass)}
	}
	if base := getenv("UNMETERED_BASE_URL"); base != "" {
		opts = append(opts, unmetered.WithBaseURL(base))
	}
	c, err := unmetered.NewClient(opts...)
	if err != nil {
		return nil, nil, err
	}
	return c, func() {}, nil
}

// Main runs an example's run function as the process: it passes the command-line arguments, the
// environment and the standard streams, cancels the context on Ctrl-C, and exits with run's code.
func Main(run func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
