package unmetereddns

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// Providers with the same configuration share one client: Caddy's several policies naming one
// account make one login (before: one each). Other configurations get clients of their own.
func TestProvidersOfOneConfigurationShareAClient(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	conf := func(auth, base, password string) *Provider {
		return &Provider{Username: srv.Username(), Password: password, Auth: auth, BaseURL: base}
	}
	p1 := conf("jwt", srv.URL(), srv.Password())
	same := []*Provider{conf("jwt", srv.URL(), srv.Password()), conf(" JWT ", srv.URL()+"/", srv.Password())}
	other := []*Provider{conf("basic", srv.URL(), srv.Password()), conf("jwt", srv.URL(), "another-password")}
	c1, err := p1.client()
	require.NoError(t, err)
	for i, p := range same {
		c, err := p.client()
		require.NoError(t, err)
		assert.Same(t, c1, c, "provider %d", i)
	}
	for i, p := range other {
		c, err := p.client()
		require.NoError(t, err)
		assert.NotSame(t, c1, c, "provider %d", i)
	}
	assert.NotContains(t, fmt.Sprintf("%+v", keyOf("jwt", srv.URL(), srv.Username(), srv.Password())), srv.Password())

	var wg sync.WaitGroup
	for _, p := range append(same, p1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := p.ListZones(context.Background())
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, srv.Count(http.MethodPost, "/login"), "one login for the three providers")
}

// TestProvidersOfOneAccountShareTheLimit measures what the issue asks of two providers on one
// account against a server limiting every request (25 per 100 ms): a Basic one and a JWT one
// (two clients, one shared rate-limit count) meet no 429, and two JWT providers log in once.
// Run it with -v to see the counts:
//
//	go test ./unmetereddns -run TestProvidersOfOneAccountShareTheLimit -v
func TestProvidersOfOneAccountShareTheLimit(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithRequestLog(1<<12),
		unmeteredtest.WithRequestRateLimit(unmeteredtest.RecordedRateLimit, 100*time.Millisecond, unmeteredtest.ResetSeconds))
	providers := []*Provider{
		{Username: srv.Username(), Password: srv.Password(), BaseURL: srv.URL()},
		{Username: srv.Username(), Password: srv.Password(), BaseURL: srv.URL(), Auth: "jwt"},
		{Username: srv.Username(), Password: srv.Password(), BaseURL: srv.URL(), Auth: "jwt"},
	}
	const calls = 65 // per provider; GetRecords is two requests
	var wg sync.WaitGroup
	for _, p := range providers {
		for range 3 { // three goroutines per provider, as Caddy's concurrent challenges
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range calls / 3 {
					_, err := p.GetRecords(context.Background(), serviceZone)
					assert.NoError(t, err)
				}
			}()
		}
	}
	wg.Wait()
	reqs := srv.Requests()
	limited := 0
	for _, r := range reqs {
		if r.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	logins := srv.Count(http.MethodPost, "/login")
	t.Logf("3 providers (1 basic, 2 jwt) on one account: %d requests, %d answered 429, %d login(s)", len(reqs), limited, logins)
	// Separate limits would meet some 44 responses 429 here (each reckoning the account's
	// requests as its own). The window is 100 ms of real time, which a loaded machine's
	// scheduling delays can rival: a stray 429 (retried; every call above succeeded) is the
	// machine, not the sharing. BENCHMARKS.md measures the same on a quiet machine: none.
	assert.LessOrEqual(t, limited, 2, "responses 429")
	assert.Equal(t, 1, logins, "the two jwt providers log in once")
}

// The spellings of one base URL are one key; another port, path or scheme is another server.
func TestNormalizeBaseURL(t *testing.T) {
	t.Parallel()
	for _, spelling := range []string{"", "https://unmetered.management/api", " HTTPS://Unmetered.Management:443/api/ "} {
		assert.Equal(t, "https://unmetered.management/api", normalizeBaseURL(spelling), "%q", spelling)
	}
	assert.Equal(t, "http://portal.example.com/api", normalizeBaseURL("http://portal.example.com:80/api/"))
	for _, other := range []string{"https://unmetered.management:8443/api", "http://unmetered.management:443/api", "https://unmetered.management/v2"} {
		assert.NotEqual(t, "https://unmetered.management/api", normalizeBaseURL(other), other)
	}
}
