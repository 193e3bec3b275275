// Command acme-dns does what an ACME client (Caddy, certmagic, lego) does with a DNS provider
// to prove it controls a domain (a DNS-01 challenge): it presents the challenge record, a TXT
// record at _acme-challenge.<domain>, through the libdns provider unmetereddns, waits while
// the CA would look it up, and cleans it up.
//
//	go run ./examples/acme-dns -fake                    # against the in-memory fake portal
//	go run ./examples/acme-dns -domain www.example.com  # against your account
//
// Without -fake it uses your account, with credentials from the environment variables
// unmetered.WithEnv reads: UNMETERED_USERNAME and UNMETERED_PASSWORD (required),
// UNMETERED_AUTH ("basic" or "jwt") and UNMETERED_BASE_URL (optional). They fill the
// unmetereddns.Provider fields that a Caddy configuration sets.
//
// -domain is the name the certificate is for (with -fake: booble.com, a zone of the fake). The
// zone that holds its records is found as an ACME client should find it: the longest suffix
// of _acme-challenge.<domain> among the account's zones (Provider.ZoneFor), so that
// -domain www.example.com works in the zone example.com, and never by SOA lookups, which
// split-horizon DNS breaks; -zone names the zone instead. -token is the record's value (by
// default a random one shaped like a real challenge's); -wait is how long the record stays
// (default 2s). Ctrl-C during the wait still cleans up.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/examples/internal/portal"
	"github.com/unmetered/unmetered-go/unmetereddns"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func main() { portal.Main(run) }

// cleanupTimeout bounds the cleanup, which runs on a context of its own: it must happen even
// when the run was interrupted.
const cleanupTimeout = time.Minute

// run is main without the process: it returns the exit code (0 ok, 1 failure, 2 bad usage).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("acme-dns", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fake := fs.Bool("fake", false, "use the in-memory fake portal instead of your account")
	domain := fs.String("domain", "", "the domain the challenge is for (with -fake: booble.com)")
	zone := fs.String("zone", "", "the zone holding the domain's records (default: found among the account's zones)")
	token := fs.String("token", "", "the challenge record's value (default: a random one)")
	wait := fs.Duration("wait", 2*time.Second, "how long the record stays before the cleanup")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *domain == "" && *fake {
		*domain = "booble.com"
	}
	if *domain == "" || *wait < 0 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "acme-dns: give -domain (or -fake), a -wait of 0 or more, and no other arguments")
		return 2
	}
	if *token == "" {
		t, err := randomToken()
		if err != nil {
			fmt.Fprintln(stderr, "acme-dns:", err)
			return 1
		}
		*token = t
	}

	provider, release, err := connect(*fake, getenv, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "acme-dns:", err)
		return 2
	}
	defer release()
	if err := solve(ctx, provider, challenge{domain: *domain, zone: *zone, token: *token, wait: *wait}, stdout); err != nil {
		fmt.Fprintln(stderr, "acme-dns:", err)
		if errors.Is(err, unmetered.ErrUnauthorized) {
			fmt.Fprintln(stderr, "acme-dns: check UNMETERED_USERNAME and UNMETERED_PASSWORD")
		}
		return 1
	}
	return 0
}

// connect returns the provider: for the fake portal it starts, or for the account in the
// environment.
func connect(fake bool, getenv func(string) string, out io.Writer) (*unmetereddns.Provider, func(), error) {
	if fake {
		srv := unmeteredtest.NewServer()
		fmt.Fprintf(out, "Using the in-memory fake portal at %s\n", srv.URL())
		return &unmetereddns.Provider{Username: srv.Username(), Password: srv.Password(), BaseURL: srv.URL()}, srv.Close, nil
	}
	p := &unmetereddns.Provider{
		Username: strings.TrimSpace(getenv(unmetered.EnvUsername)),
		Password: getenv(unmetered.EnvPassword),
		Auth:     strings.TrimSpace(getenv(unmetered.EnvAuth)),
		BaseURL:  strings.TrimSpace(getenv(unmetered.EnvBaseURL)),
	}
	if p.Username == "" || p.Password == "" {
		return nil, nil, fmt.Errorf("set %s and %s to use your account, or pass -fake", unmetered.EnvUsername, unmetered.EnvPassword)
	}
	return p, func() {}, nil
}

type challenge struct {
	domain, zone, token string
	wait                time.Duration
}

// solve presents the challenge record, waits, and cleans it up, as an ACME client's DNS-01
// solver does (certmagic's: AppendRecords, then DeleteRecords of exactly the record it got
// back).
func solve(ctx context.Context, p *unmetereddns.Provider, c challenge, out io.Writer) (err error) {
	fqdn := "_acme-challenge." + strings.ToLower(strings.TrimSuffix(c.domain, ".")) + "."
	var zone, name string
	if c.zone == "" {
		// The longest suffix among the account's zones, as the ACME adapters find it.
		if zone, name, err = p.ZoneFor(ctx, fqdn); err != nil {
			return fmt.Errorf("finding the zone of %s: %w", fqdn, err)
		}
	} else {
		zone = strings.ToLower(strings.TrimSuffix(c.zone, ".")) + "."
		if !strings.HasSuffix(fqdn, "."+zone) {
			return fmt.Errorf("%s is not in the zone %s", fqdn, zone)
		}
		name = libdns.RelativeName(fqdn, zone)
	}
	created, err := p.AppendRecords(ctx, zone, []libdns.Record{libdns.TXT{Name: name, TTL: time.Minute, Text: c.token}})
	if err != nil {
		return fmt.Errorf("presenting the challenge: %w", err)
	}
	for _, r := range created {
		rr := r.RR()
		fmt.Fprintf(out, "presented %s TXT %q in zone %s (TTL %s)\n", libdns.AbsoluteName(rr.Name, zone), rr.Data, zone, rr.TTL)
	}

	// The cleanup runs whatever happens next, on its own context: an interrupted wait must not
	// leave the record behind.
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		deleted, derr := p.DeleteRecords(cctx, zone, created)
		if derr != nil {
			err = errors.Join(err, fmt.Errorf("cleaning up: %w", derr))
			return
		}
		fmt.Fprintf(out, "cleaned up: deleted %d record(s)\n", len(deleted))
	}()

	fmt.Fprintf(out, "waiting %s while the CA would look the record up\n", c.wait)
	select {
	case <-time.After(c.wait):
	case <-ctx.Done():
		return fmt.Errorf("interrupted while waiting: %w", ctx.Err())
	}
	return nil
}

// randomToken is a value shaped like a real DNS-01 challenge's: the base64url SHA-256 of a key
// authorization (43 characters).
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("no randomness for the token: %w", err)
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:]), nil
}
