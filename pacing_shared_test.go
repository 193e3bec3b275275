package unmetered

import (
	"context"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One account, one limit: clients of the same base URL and username in a process share one
// pacer (ratelimit_shared.go).

func TestClientsOfOneAccountShareAPacer(t *testing.T) {
	t.Parallel()
	const base = "https://share.portal.test/api"
	newClient := func(opts ...Option) *Client {
		t.Helper()
		c, err := NewClient(opts...)
		require.NoError(t, err)
		return c
	}
	a := newClient(WithBaseURL(base), WithBasicAuth("ann@example.com", "first-password"))
	same := []*Client{
		newClient(WithBaseURL(base), WithLogin("ann@example.com", "first-password")),
		newClient(WithBaseURL("HTTPS://Share.Portal.Test:443/api/"), WithBasicAuth("Ann@Example.com", "first-password")),
		newClient(WithBaseURL(base), WithBasicAuth("ann@example.com", "another-password")), // the key holds no password
	}
	for i, c := range same {
		assert.Same(t, a.pacer, c.pacer, "client %d", i)
	}
	other := []*Client{
		newClient(WithBaseURL(base), WithBasicAuth("bob@example.com", "first-password")),
		newClient(WithBaseURL("https://share.portal.test/other-api"), WithBasicAuth("ann@example.com", "first-password")),
		newClient(WithBaseURL(base), WithTokenSource(staticTokenSource("t"))), // the account is not known
		newClient(WithBaseURL(base)),
		newClient(WithBaseURL(base), WithBasicAuth("ann@example.com", "first-password"), WithRateLimit(5, time.Second)),
	}
	for i, c := range other {
		assert.NotSame(t, a.pacer, c.pacer, "client %d", i)
	}
	hand := newClient(WithBaseURL(base), WithLogin("ann@example.com", "x"), WithRateLimit(5, time.Second))
	assert.Same(t, other[4].pacer, hand.pacer, "the same limit by hand")

	for key := range registeredPacers() {
		assert.NotContains(t, key.account, "password")
	}
	// The state goes with its clients.
	key := pacerKey{baseURL: normalizedBaseURL(base), account: "ann@example.com"}
	require.Contains(t, registeredPacers(), key)
	runtime.KeepAlive(a)
	runtime.KeepAlive(same)
	a, same = nil, nil
	assert.Eventually(t, func() bool {
		runtime.GC()
		_, ok := registeredPacers()[key]
		return !ok
	}, 10*time.Second, 10*time.Millisecond, "the registry lets go of a pacer no client uses")
	runtime.KeepAlive(other)
	runtime.KeepAlive(hand)
}

type staticTokenSource string

func (s staticTokenSource) Token(context.Context) (string, error) { return string(s), nil }

// registeredPacers is a copy of the registry's keys, with whether each pacer is alive.
func registeredPacers() map[pacerKey]bool {
	pacers.mu.Lock()
	defer pacers.mu.Unlock()
	out := map[pacerKey]bool{}
	for k, wp := range pacers.m {
		out[k] = wp.Value() != nil
	}
	return out
}

// Two clients of one account against a server that limits the account's requests: together
// they keep to the limit (before, each paced by its own count: 429s).
func TestTwoClientsOfOneAccountShareTheLimit(t *testing.T) {
	t.Parallel()
	const base = "https://two-clients.portal.test/api"
	const n, k, window = 40, 5, time.Second
	clock := newVirtualClock(t0, n)
	srv := &windowServer{t: t, clock: clock, limit: k, window: window, delta: true}
	var clients []*Client
	for range 2 {
		mock := httpmock.NewMockTransport()
		mock.RegisterResponder(http.MethodGet, base+"/details", srv.respond)
		c, err := NewClient(WithBaseURL(base), WithBasicAuth(testUser, testPassword),
			WithHTTPClient(&http.Client{Transport: mock}), WithRetryWait(0, 0))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	for _, c := range clients {
		c.pacer.clock = clock // one pacer: the same clock twice
	}

	errs := clock.Run(n, func(i int) error { _, err := clients[i%2].Account.Details(ctx); return err })
	for i, err := range errs {
		require.NoError(t, err, "call %d", i)
	}
	assert.Zero(t, srv.limited, "responses 429")
	assert.Equal(t, []int{5, 5, 5, 5, 5, 5, 5, 5}, srv.perWindow())
}
