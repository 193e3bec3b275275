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
		resp = send(t, srv, "POST", "/login", obj{"username": srv.Username(), "password": srv.Password()})
		require.Equal(t, http.StatusOK, resp.Status)
		require.Empty(t, resp.Header.Get("X-RateLimit-Limit"))
	}
}

// sendLogin sends POST /login with the seeded credentials (or, with wrong, a wrong password).
func sendLogin(t *testing.T, srv *Server, wrong bool) rawResponse {
	t.Helper()
	pass := srv.Password()
	if wrong {
		pass = "not-the-password"
	}
	return sendAuth(t, srv, "POST", "/login", obj{"username": srv.Username(), "password": pass}, nil)
}

// assertAnnounced checks an answer's rate-limit headers ("" for none).
func assertAnnounced(t *testing.T, resp rawResponse, limit, remaining, reset string, msgAndArgs ...any) {
	t.Helper()
	assert.Equal(t, limit, resp.Header.Get("X-RateLimit-Limit"), msgAndArgs...)
	assert.Equal(t, remaining, resp.Header.Get("X-RateLimit-Remaining"), msgAndArgs...)
	assert.Equal(t, reset, resp.Header.Get("X-RateLimit-Reset"), msgAndArgs...)
}

// WithRateLimit models the recorded server: it announces on login answers only, counts logins
// only (failed ones too), gives Reset in whole seconds counting down to a fixed end, begins a
// window with the first login after the previous one ended, and answers 429 past the limit.
func TestRateLimitCountsLoginsOnly(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	clock.now = time.Unix(1_700_000_000, 400_000_000)
	srv := NewTestServer(t, WithClock(clock.Now), WithRateLimit(3, RecordedRateWindow))

	resp := sendLogin(t, srv, false)
	require.Equal(t, http.StatusOK, resp.Status)
	assertAnnounced(t, resp, "3", "2", "240")
	access := at(t, resp.JSON(t), "token").(string)
	refresh := at(t, resp.JSON(t), "refresh").(string)

	// Reads, writes and refreshes are neither announced on nor counted.
	for range 10 {
		r := send(t, srv, "GET", "/dns", nil)
		require.Equal(t, http.StatusOK, r.Status)
		assertAnnounced(t, r, "", "", "", "a read")
		r = sendAuth(t, srv, "GET", "/details", nil, bearer(access))
		require.Equal(t, http.StatusOK, r.Status)
		assertAnnounced(t, r, "", "", "", "a read with the token")
	}
	r := send(t, srv, "POST", "/service/10/dns/60/records", obj{"type": "A", "name": "x", "content": "192.0.2.1"})
	require.Equal(t, http.StatusOK, r.Status)
	assertAnnounced(t, r, "", "", "", "a write")
	r = sendAuth(t, srv, "POST", "/token", obj{"refresh_token": refresh}, nil)
	require.Equal(t, http.StatusOK, r.Status)
	assertAnnounced(t, r, "", "", "", "a refresh")

	clock.Advance(700 * time.Millisecond) // 239.3 s left: rounded up
	resp = sendLogin(t, srv, true)
	assert.Equal(t, http.StatusUnauthorized, resp.Status)
	assertAnnounced(t, resp, "3", "1", "240", "a failed login counts")

	clock.Advance(51 * time.Second) // 188.3 s left
	resp = sendLogin(t, srv, false)
	assert.Equal(t, http.StatusOK, resp.Status)
	assertAnnounced(t, resp, "3", "0", "189", "the last login of the window")
	assert.Equal(t, "Tue, 14 Nov 2023 22:14:12 GMT", resp.Header.Get("Date"))

	resp = sendLogin(t, srv, false)
	assert.Equal(t, http.StatusTooManyRequests, resp.Status)
	assert.Equal(t, map[string]any{"error": []any{"Too many requests"}}, resp.JSON(t))
	assertAnnounced(t, resp, "3", "0", "189")
	assert.Equal(t, "189", resp.Header.Get("Retry-After"))
	assert.NotContains(t, resp.JSON(t), "token", "the refused login never reached its route")
	assert.Equal(t, 4, srv.Count("POST", "/login"), "a refused login is counted")
	assert.Equal(t, http.StatusOK, send(t, srv, "GET", "/dns", nil).Status, "reads go on")

	clock.Advance(189 * time.Second) // past the window's end: a new one starts with this login
	resp = sendLogin(t, srv, false)
	assert.Equal(t, http.StatusOK, resp.Status)
	assertAnnounced(t, resp, "3", "2", "240")
}

// WithRequestRateLimit counts and announces on every answer: successes, 404s and auth failures
// alike, with a 429 and Retry-After past the limit.
func TestRequestRateLimitHeadersAnd429(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	clock.now = time.Unix(1_700_000_000, 0)
	srv := NewTestServer(t, WithClock(clock.Now), WithRequestRateLimit(RecordedRateLimit, 1500*time.Millisecond, ResetUnix))

	for i := 1; i <= RecordedRateLimit; i++ {
		var resp rawResponse
		switch i {
		case 2:
			resp = send(t, srv, "GET", "/nowhere", nil)
			assert.Equal(t, http.StatusNotFound, resp.Status)
		case 3:
			resp = sendAuth(t, srv, "GET", "/dns", nil, nil)
			assert.Equal(t, http.StatusUnauthorized, resp.Status)
		case 4:
			resp = sendLogin(t, srv, false)
			assert.Equal(t, http.StatusOK, resp.Status)
		default:
			resp = send(t, srv, "GET", "/dns", nil)
			assert.Equal(t, http.StatusOK, resp.Status)
		}
		assertAnnounced(t, resp, "25", strconv.Itoa(RecordedRateLimit-i), "1700000001.500", "request %d", i)
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
	assertAnnounced(t, resp, "25", "24", "1700000003.500")

	assert.NotContains(t, string(send(t, srv, "GET", "/service/10/dns/60", nil).Body), `"x.`,
		"the refused create never reached its route")
}

// Each format of Reset, always rounded up: a client that waits until the announced end finds
// the window over. The Date header follows the same clock, so a client can relate the two.
func TestRateLimitResetFormats(t *testing.T) {
	t.Parallel()
	for format, want := range map[ResetFormat][2]string{
		ResetWholeSeconds: {"1", "1"},                           // 100 ms and 99.6 ms left
		ResetSeconds:      {"0.100", "0.100"},                   // 99.6 ms rounds up too
		ResetUnix:         {"1700000000.101", "1700000000.101"}, // the window ends at .1004
	} {
		clock := newFakeClock()
		clock.now = time.Unix(1_700_000_000, 400_000) // 0.4 ms past the second
		srv := NewTestServer(t, WithClock(clock.Now), WithRequestRateLimit(3, 100*time.Millisecond, format))
		resp := send(t, srv, "GET", "/dns", nil)
		assert.Equal(t, want[0], resp.Header.Get("X-RateLimit-Reset"), "format %d", format)
		assert.Equal(t, "Tue, 14 Nov 2023 22:13:20 GMT", resp.Header.Get("Date"))
		clock.Advance(400_000)
		resp = send(t, srv, "GET", "/dns", nil)
		assert.Equal(t, want[1], resp.Header.Get("X-RateLimit-Reset"), "format %d, later", format)
	}
}

func TestRequestRateLimitIsSharedByAllClients(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := NewTestServer(t, WithClock(clock.Now), WithRequestRateLimit(4, time.Minute, ResetSeconds))
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
	assert.Panics(t, func() { WithRequestRateLimit(0, time.Second, ResetUnix) })
	assert.Panics(t, func() { WithRequestRateLimit(5, -time.Second, ResetUnix) })
	assert.Panics(t, func() { WithRequestRateLimit(5, time.Second, ResetFormat(7)) })
}

// The last of WithRateLimit and WithRequestRateLimit applies.
func TestRateLimitLastOptionApplies(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t, WithRequestRateLimit(5, time.Minute, ResetUnix), WithRateLimit(5, time.Minute))
	assert.Empty(t, send(t, srv, "GET", "/dns", nil).Header.Get("X-RateLimit-Limit"))
	srv = NewTestServer(t, WithRateLimit(5, time.Minute), WithRequestRateLimit(5, time.Minute, ResetUnix))
	assert.Equal(t, "5", send(t, srv, "GET", "/dns", nil).Header.Get("X-RateLimit-Limit"))
}
