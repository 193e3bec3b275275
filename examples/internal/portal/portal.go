// Package portal connects the examples to a portal: your account, with the credentials in the
// environment, or unmeteredtest's in-memory fake when asked (the -fake flag; quickstart also
// when no credentials are set), so that every example runs anywhere.
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
// With fake it starts unmeteredtest's in-memory fake portal and says so on out's first line.
// Otherwise it connects to your account with the UNMETERED_* variables read through getenv, as
// unmetered.WithEnv does (UNMETERED_USERNAME and UNMETERED_PASSWORD, optional UNMETERED_AUTH and
// UNMETERED_BASE_URL); a missing variable is an error that names it, so a job copied from an
// example never runs on fake data by accident.
func Connect(getenv func(string) string, fake bool, out io.Writer) (*unmetered.Client, func(), error) {
	if fake {
		srv := unmeteredtest.NewServer()
		fmt.Fprintf(out, "Using the built-in fake portal at %s, not your account\n", srv.URL())
		c, err := srv.Client()
		if err != nil {
			srv.Close()
			return nil, nil, err
		}
		return c, srv.Close, nil
	}
	lookup := func(name string) (string, bool) {
		v := getenv(name)
		return v, v != ""
	}
	c, err := unmetered.NewClient(unmetered.WithEnvFrom(lookup))
	if err != nil {
		return nil, nil, err
	}
	return c, func() {}, nil
}

// NoCredentials reports whether neither UNMETERED_USERNAME nor UNMETERED_PASSWORD is set: the
// quickstart then runs against the fake portal.
func NoCredentials(getenv func(string) string) bool {
	return getenv(unmetered.EnvUsername) == "" && getenv(unmetered.EnvPassword) == ""
}

// Main runs an example's run function as the process: it passes the command-line arguments, the
// environment and the standard streams, cancels the context on Ctrl-C, and exits with run's code.
func Main(run func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
