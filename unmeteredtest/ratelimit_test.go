package unmeteredtest

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestRateLimitOffByDefault(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	for range 3 * RecordedRateLimit {
		resp := send(t, srv, "GET", "/dns", nil)
		require.Equal(t, http.StatusOK, resp.Status)
		require.Empty(t, resp.Header.Get("X-RateLimit-Limit"))
	}
}

func TestRateLimitHeadersAnd429(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	clock.now = time.Unix(1_700_000_000, 0)
	srv := NewTestServer(t, WithClock(clock.Now), WithRateLimit(RecordedRateLimit, 1500*time.Millisecond))

	for i := 1; i <= RecordedRateLimit; i++ {
		// Every response carries the headers: successes, 404s and auth failures alike.
		var resp rawResponse
		switch i {
		case 2:
			resp = send(t, srv, "GET", "/nowhere", nil)
			assert.Equal(t, http.StatusNotFound, resp.Status)
		case 3:
			resp = sendAuth(t, srv, "GET", "/dns", nil, nil)
			assert.Equal(t, http.StatusUnauthorized, resp.Status)
		default:
			resp = send(t, srv, "GET", "/dns", nil)
			assert.Equal(t, http.StatusOK, resp.Status)
		}
		assert.Equal(t, "25", resp.Header.Get("X-RateLimit-Limit"))
		assert.Equal(t, strconv.Itoa(RecordedRateLimit-i), resp.Header.Get("X-RateLimit-Remaining"), "request %d", i)
		assert.Equal(t, "1700000001.5", resp.Header.Get("X-RateLimit-Reset"), "the window's end in Unix seconds")
		assert.Empty(t, resp.Header.Get("Retry-After"))
	}

	resp := send(t, srv, "POST", "/service/10/dns/60/records", obj{"type": "A", "name": "x", "content": "192.0.2.1"})
	assert.Equal(t, http.StatusTooManyRequests, resp.Status)
	assert.Equal(t, map[string]any{"error": []any{"Too many requests"}}, resp.JSON(t))
	assert.Equal(t, "0", resp.Header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, "2", resp.Header.Get("Retry-After"), "1.5 s rounded up to whole seconds")
	assert.Equal(t, 1, srv.Count("POST", "/service/@id/dns/@id/records"), "a refused request is counted")
	assert.Eventually(t, func() bool { // Requests lists a request a moment after its answer
		reqs := srv.Requests()
		return len(reqs) == RecordedRateLimit+1 && reqs[RecordedRateLimit].Status == http.StatusTooManyRequests
	}, 5*time.Second, time.Millisecond, "the refused request is recorded with its 429")

	clock.Advance(time.Second)
	resp = send(t, srv, "GET", "/dns", nil)
	assert.Equal(t, http.StatusTooManyRequests, resp.Status, "still the same window")
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))

	clock.Advance(time.Second) // past the window's end: a new window starts at this request
	resp = send(t, srv, "GET", "/dns", nil)
	assert.Equal(t, http.StatusOK, resp.Status)
	assert.Equal(t, "24", resp.Header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, "1700000003.5", resp.Header.Get("X-RateLimit-Reset"))

	assert.NotContains(t, string(send(t, srv, "GET", "/service/10/dns/60", nil).Body), `"x.`,
		"the refused create never reached its route")
}

// The announced Reset is never before the window's end: rounded up to the millisecond. The Date
// header follows the same clock, so a client can relate the two.
func TestRateLimitResetRoundsUp(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	clock.now = time.Unix(1_700_000_000, 400_000) // 0.4 ms past the second
	srv := NewTestServer(t, WithClock(clock.Now), WithRateLimit(3, 100*time.Millisecond))
	resp := send(t, srv, "GET", "/dns", nil)
	assert.Equal(t, "1700000000.101", resp.Header.Get("X-RateLimit-Reset"), "the window ends at .1004")
	assert.Equal(t, "Tue, 14 Nov 2023 22:13:20 GMT", resp.Header.Get("Date"))
}

func TestRateLimitIsSharedByAllClients(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := NewTestServer(t, WithClock(clock.Now), WithRateLimit(4, time.Minute))
	c1, c2 := sdkClient(t, srv), sdkClient(t, srv, unmetered.WithLogin(srv.Username(), srv.Password()))
	ctx := context.Background()
	_, err := c1.DNS.List(ctx)
	require.NoError(t, err)
	_, err = c2.DNS.List(ctx) // a login and the call: 3 requests so far
	require.NoError(t, err)
	resp := send(t, srv, "GET", "/dns", nil) // the fourth, from plain net/http
	assert.Equal(t, http.StatusOK, resp.Status)
	assert.Equal(t, "0", resp.Header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, http.StatusTooManyRequests, send(t, srv, "GET", "/dns", nil).Status)
}

func TestWithRateLimitRefusesNonsense(t *testing.T) {
	t.Parallel()
	assert.Panics(t, func() { WithRateLimit(0, time.Second) })
	assert.Panics(t, func() { WithRateLimit(5, 0) })
}
