package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func noEnv(string) string { return "" }

func TestFake(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-fake", "-wait", "0", "-token", "tok3n"}, noEnv, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 4, out.String())
	assert.Contains(t, lines[0], "Using the in-memory fake portal at http://127.0.0.1:")
	assert.Equal(t, []string{
		`presented _acme-challenge.booble.com. TXT "tok3n" in zone booble.com. (TTL 1m0s)`,
		"waiting 0s while the CA would look the record up",
		"cleaned up: deleted 1 record(s)",
	}, lines[1:])
}

// envOf is the environment of an account on the fake portal srv.
func envOf(srv *unmeteredtest.Server) func(string) string {
	return func(name string) string {
		return map[string]string{
			unmetered.EnvUsername: srv.Username(), unmetered.EnvPassword: srv.Password(), unmetered.EnvBaseURL: srv.URL(),
		}[name]
	}
}

// TestAccountFromEnvironment runs against "your account" (a fake portal named by the
// environment), for a subdomain in the zone: the record goes in and comes out again, and the
// zone is as before.
func TestAccountFromEnvironment(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithRateLimit(unmeteredtest.RecordedRateLimit, 50e6))
	c, err := srv.Client()
	require.NoError(t, err)
	before, err := c.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)

	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-domain", "WWW.booble.com", "-zone", "booble.com.", "-wait", "1ms", "-token", "t0ken"},
		envOf(srv), &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.NotContains(t, out.String(), "fake portal")
	assert.Contains(t, out.String(), `presented _acme-challenge.www.booble.com. TXT "t0ken" in zone booble.com.`)
	assert.Contains(t, out.String(), "cleaned up: deleted 1 record(s)")

	var posted, deleted int
	for _, r := range srv.Requests() {
		switch {
		case r.Method == http.MethodPost && r.Route == "/service/@service_id/dns/@zone_id/records" && r.Status == http.StatusOK:
			posted++
			assert.JSONEq(t, `{"name": "_acme-challenge.www", "type": "TXT", "ttl": 60, "priority": 0, "content": "t0ken"}`, string(r.Body))
		case r.Method == http.MethodDelete && r.Status == http.StatusOK:
			deleted++
			assert.Equal(t, "Basic", r.Auth)
		}
	}
	assert.Equal(t, 1, posted)
	assert.Equal(t, 1, deleted)
	after, err := c.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)
	assert.Equal(t, before.Records[1:], after.Records[1:], "the zone is as it was (but for the SOA serial)")
}

// TestZoneFoundFromTheDomain: -domain www.booble.com needs no -zone: the zone is the longest
// suffix among the account's zones, and a deeper zone wins over its parent.
func TestZoneFoundFromTheDomain(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	_, err = c.DNS.CreateZone(context.Background(), 10, "dev.booble.com")
	require.NoError(t, err)
	for domain, want := range map[string]string{
		"www.booble.com":     `presented _acme-challenge.www.booble.com. TXT "t0ken" in zone booble.com.`,
		"Booble.COM.":        `presented _acme-challenge.booble.com. TXT "t0ken" in zone booble.com.`,
		"api.dev.booble.com": `presented _acme-challenge.api.dev.booble.com. TXT "t0ken" in zone dev.booble.com.`,
		"testname.com":       `presented _acme-challenge.testname.com. TXT "t0ken" in zone testname.com.`, // the registrar's
	} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"-domain", domain, "-wait", "0", "-token", "t0ken"}, envOf(srv), &out, &errOut)
		require.Equal(t, 0, code, "%s: %s", domain, errOut.String())
		assert.Contains(t, out.String(), want, domain)
		assert.Contains(t, out.String(), "cleaned up: deleted 1 record(s)", domain)
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-domain", "www.notbooble.com", "-wait", "0"}, envOf(srv), &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "acme-dns: finding the zone of _acme-challenge.www.notbooble.com.: ")
	assert.Contains(t, errOut.String(), "no DNS zone that holds _acme-challenge.www.notbooble.com")
}

// cancelOn is a writer that cancels a context once a line containing word is written.
type cancelOn struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	word   string
	cancel context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if strings.Contains(string(p), w.word) {
		w.cancel()
	}
	return w.buf.Write(p)
}

// TestInterruptedWaitCleansUp: Ctrl-C while the record is up still removes it.
func TestInterruptedWaitCleansUp(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOn{word: "waiting", cancel: cancel}
	var errOut bytes.Buffer
	code := run(ctx, []string{"-domain", "booble.com", "-wait", "1h"}, envOf(srv), out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "acme-dns: interrupted while waiting: context canceled")
	assert.Contains(t, out.buf.String(), "cleaned up: deleted 1 record(s)")
	assert.Equal(t, 1, srv.Count("DELETE", "/service/@service_id/dns/@zone_id/records/@record_id"))
}

func TestUsageAndFailures(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	for _, tc := range []struct {
		args   []string
		getenv func(string) string
		code   int
		want   string
	}{
		{nil, noEnv, 2, "give -domain (or -fake)"},
		{[]string{"-domain", "example.com"}, noEnv, 2, "set UNMETERED_USERNAME and UNMETERED_PASSWORD to use your account, or pass -fake"},
		{[]string{"-fake", "-wait", "-1s"}, noEnv, 2, "a -wait of 0 or more"},
		{[]string{"-fake", "extra"}, noEnv, 2, "no other arguments"},
		{[]string{"-no-such-flag"}, noEnv, 2, "flag provided but not defined"},
		{[]string{"-fake", "-domain", "example.net", "-zone", "booble.com"}, noEnv, 1, "_acme-challenge.example.net. is not in the zone booble.com."},
		{[]string{"-domain", "nowhere.example"}, envOf(srv), 1, "finding the zone of _acme-challenge.nowhere.example.: unmetereddns: unmetered: not found: the account has no DNS zone that holds _acme-challenge.nowhere.example"},
		{[]string{"-domain", "nowhere.example", "-zone", "nowhere.example"}, envOf(srv), 1, "zone nowhere.example.: the account has no DNS zone and no active domain"},
		{[]string{"-domain", "booble.com"}, func(name string) string {
			if name == unmetered.EnvPassword {
				return "wrong"
			}
			return envOf(srv)(name)
		}, 1, "check UNMETERED_USERNAME and UNMETERED_PASSWORD"},
	} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), tc.args, tc.getenv, &out, &errOut)
		assert.Equal(t, tc.code, code, "%v: %s", tc.args, errOut.String())
		assert.Contains(t, errOut.String(), tc.want, "%v", tc.args)
	}
}
