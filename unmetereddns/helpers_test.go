package unmetereddns

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/libdns/libdns"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The fake portal answers as the real server does (quoted TXT, absolute names, create echoes
// without ids) and, in these tests, limits every request, as a server that counts requests
// does (the real portal limits logins only, which Basic auth never meets), with a short window
// so that the tests do not wait long for it.
const (
	testRateLimit  = 10
	testRateWindow = 20 * time.Millisecond
	// requestLog is how many requests the fake keeps for Requests: all of a test's.
	requestLog = 1 << 16
)

// env is a fake portal and a provider for it.
type env struct {
	srv *unmeteredtest.Server
	p   *Provider
	// c is a client of its own for the test's checks and for writes "by someone else".
	c *unmetered.Client
}

// clientOpts are the SDK options of the tests' clients: short retry waits, and enough
// retries to ride out the rate limit (the SDK retries a 429 after the server's Retry-After,
// capped at the maximum wait).
var clientOpts = []unmetered.Option{
	unmetered.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	unmetered.WithRetryMax(200),
}

// newEnv starts a rate-limited fake portal and a provider using it through Provider.Client.
func newEnv(t testing.TB, opts ...unmetered.Option) *env {
	t.Helper()
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithRequestRateLimit(testRateLimit, testRateWindow, unmeteredtest.ResetSeconds), unmeteredtest.WithRequestLog(requestLog))
	pc, err := srv.Client(append(append([]unmetered.Option(nil), clientOpts...), opts...)...)
	require.NoError(t, err)
	c, err := srv.Client(clientOpts...)
	require.NoError(t, err)
	return &env{srv: srv, p: &Provider{Client: pc}, c: c}
}

// The fake's seeded zones: a DNS-service zone and a domain whose DNS the registrar hosts.
const (
	serviceZone   = "booble.com."
	registrarZone = "testname.com."
)

// recordRoutes are the routes that change records, as the fake counts them.
var recordRoutes = [][2]string{
	{"POST", "/service/@service_id/dns/@zone_id/records"},
	{"PUT", "/service/@service_id/dns/@zone_id/records/@record_id"},
	{"DELETE", "/service/@service_id/dns/@zone_id/records/@record_id"},
	{"POST", "/domain/@id/dns"},
	{"PUT", "/domain/@id/dns/@index"},
	{"DELETE", "/domain/@id/dns/@index"},
}

// readRoutes are the routes the provider reads.
var readRoutes = [][2]string{
	{"GET", "/dns"},
	{"GET", "/service/@service_id/dns/@zone_id"},
	{"GET", "/domain/name/@name"},
	{"GET", "/domain/@id/dns"},
	{"GET", "/domain"},
}

// counts returns how many requests to the routes the server answered, leaving out those it
// refused for the rate limit (429), which the SDK sends again: they cost a round trip but are
// not requests the provider chose to make.
func (e *env) counts(routes [][2]string) int {
	want := map[string]bool{}
	for _, rt := range routes {
		want[rt[0]+" "+rt[1]] = true
	}
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Status != http.StatusTooManyRequests && want[r.Method+" "+r.Route] {
			n++
		}
	}
	return n
}

func (e *env) writes() int { return e.counts(recordRoutes) }
func (e *env) reads() int  { return e.counts(readRoutes) }

// get returns the zone's records through the provider, failing the test on an error.
func (e *env) get(t testing.TB, zone string) []libdns.Record {
	t.Helper()
	recs, err := e.p.GetRecords(context.Background(), zone)
	require.NoError(t, err)
	return recs
}

// rrs reduces records to their RR form (no ProviderData), sorted, for comparisons.
func rrs(recs []libdns.Record) []libdns.RR {
	out := make([]libdns.RR, len(recs))
	for i, r := range recs {
		out[i] = r.RR()
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Name+" "+a.Type+" "+a.Data < b.Name+" "+b.Type+" "+b.Data
	})
	return out
}

// withName keeps the records of one name.
func withName(recs []libdns.Record, name string) []libdns.Record {
	var out []libdns.Record
	for _, r := range recs {
		if r.RR().Name == name {
			out = append(out, r)
		}
	}
	return out
}

// without returns recs minus those of rm (compared as RRs).
func without(recs []libdns.RR, rm ...libdns.RR) []libdns.RR {
	var out []libdns.RR
	for _, r := range recs {
		keep := true
		for _, x := range rm {
			if r == x {
				keep = false
			}
		}
		if keep {
			out = append(out, r)
		}
	}
	return out
}

// describeAll is a short message for failed comparisons of record lists.
func describeAll(recs []libdns.RR) string {
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(r.Name + " " + r.Type + " " + r.Data + "\n")
	}
	return b.String()
}
