package unmetered

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The client's pacing through the request path, against a modelled rate-limited server (httpmock)
// on a virtual clock. ratelimit_fake_test.go drives it against unmeteredtest.

// windowServer answers GET /details as a rate-limited portal: at most limit requests per
// window, a window starting with the first request after the previous one ended (as
// unmeteredtest counts), the rate-limit headers on every answer and 429 past the limit. It
// reads the time from clock and gives Reset as a Unix time or, with delta, in seconds from now,
// to the millisecond.
type windowServer struct {
	t      *testing.T
	clock  *virtualClock
	limit  int
	window time.Duration
	delta  bool

	mu       sync.Mutex
	start    time.Time
	used     int
	arrivals []time.Time
	limited  int
}

func (s *windowServer) respond(*http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	s.arrivals = append(s.arrivals, now)
	if s.start.IsZero() || !now.Before(s.start.Add(s.window)) {
		s.start, s.used = now, 0
	}
	status, body := http.StatusOK, fixture(s.t, "account/details.json")
	if s.used < s.limit {
		s.used++
	} else {
		s.limited++
		status, body = http.StatusTooManyRequests, []byte(`{"error":["Too many requests"]}`)
	}
	end := s.start.Add(s.window)
	// Always with a fraction: a whole number would be read as rounded to the second.
	reset := strconv.FormatFloat(float64(end.UnixMilli())/1000, 'f', 3, 64)
	if s.delta {
		reset = strconv.FormatFloat(end.Sub(now).Seconds(), 'f', 3, 64)
	}
	resp := httpmock.NewBytesResponse(status, body)
	resp.Header = rateHeaders(strconv.Itoa(s.limit), strconv.Itoa(s.limit-s.used), reset)
	resp.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	resp.Header.Set("Content-Type", "application/json")
	return resp, nil
}

// perWindow counts the arrivals in each of the server's windows, in order.
func (s *windowServer) perWindow() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return countWindows(s.arrivals, s.window)
}

// countWindows groups arrival times into fixed windows, each starting with the first arrival
// after the previous one ended, and counts each.
func countWindows(arrivals []time.Time, window time.Duration) []int {
	var counts []int
	var start time.Time
	for _, a := range arrivals {
		if len(counts) == 0 || !a.Before(start.Add(window)) {
			start = a
			counts = append(counts, 0)
		}
		counts[len(counts)-1]++
	}
	return counts
}

// runWorkers makes n calls of Account.Details on n goroutines driven by clock, and returns
// their errors.
func runWorkers(c *Client, clock *virtualClock, n int) []error {
	return clock.Run(n, func(int) error { _, err := c.Account.Details(ctx); return err })
}

func TestPacingFollowsTheAnnouncedWindow(t *testing.T) {
	t.Parallel()
	for _, delta := range []bool{false, true} {
		t.Run(fmt.Sprintf("delta-seconds=%v", delta), func(t *testing.T) {
			t.Parallel()
			clock := newVirtualClock(t0, 0)
			srv := &windowServer{t: t, clock: clock, limit: 3, window: 2500 * time.Millisecond, delta: delta}
			env := newTestEnv(t, WithRetryWait(0, time.Minute))
			env.client.pacer.clock = clock
			env.onFunc(http.MethodGet, "/details", srv.respond)
			for range 7 {
				_, err := env.client.Account.Details(ctx)
				require.NoError(t, err)
			}
			assert.Equal(t, []int{3, 3, 1}, srv.perWindow())
			assert.Zero(t, srv.limited, "responses 429")
			assert.Equal(t, []time.Duration{2500 * time.Millisecond, 2500 * time.Millisecond}, clock.Slept(),
				"waited for each window's end, no longer")
		})
	}
}

// A burst of concurrent calls on a new client never exceeds the limit in any window, meets no
// 429, and wastes no window: n calls at k per window take exactly ceil(n/k)-1 windows.
func TestPacingBurstStaysWithinTheLimit(t *testing.T) {
	t.Parallel()
	const n, k, window = 23, 4, time.Second
	clock := newVirtualClock(t0, n)
	srv := &windowServer{t: t, clock: clock, limit: k, window: window, delta: true}
	env := newTestEnv(t, WithRetryWait(0, time.Minute))
	env.client.pacer.clock = clock
	env.onFunc(http.MethodGet, "/details", srv.respond)
	for i, err := range runWorkers(env.client, clock, n) {
		require.NoError(t, err, "call %d", i)
	}
	assert.Zero(t, srv.limited, "responses 429")
	assert.Equal(t, []int{4, 4, 4, 4, 4, 3}, srv.perWindow())
	assert.Equal(t, t0.Add(5*window), srv.arrivals[len(srv.arrivals)-1], "the last call went as the sixth window opened")
}

// WithRateLimit paces by the caller's limit, ignoring the server's announcements, and waits
// out its windows in full, however short the maximum retry wait.
func TestWithRateLimitPacesByHand(t *testing.T) {
	t.Parallel()
	const n, k, window = 7, 2, time.Minute
	clock := newVirtualClock(t0, n)
	srv := &windowServer{t: t, clock: clock, limit: 100, window: time.Second}
	env := newTestEnv(t, WithRateLimit(k, window), WithRetryWait(0, time.Second))
	env.client.pacer.clock = clock
	env.onFunc(http.MethodGet, "/details", srv.respond)
	for i, err := range runWorkers(env.client, clock, n) {
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, []int{2, 2, 2, 1}, countWindows(srv.arrivals, window))
	assert.Equal(t, t0.Add(3*window), srv.arrivals[len(srv.arrivals)-1])
	for _, d := range clock.Slept() {
		assert.Equal(t, window, d, "each wait runs to the end of a window")
	}
}

// With WithRateLimit the server's announcements are not read: here they say the window is used
// up for an hour, and the client's own limit lets every call go at once.
func TestWithRateLimitIgnoresAnnouncements(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	env := newTestEnv(t, WithRateLimit(10, time.Second), WithRetryWait(0, time.Hour))
	env.client.pacer.clock = clock
	rec := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewBytesResponse(200, fixture(t, "account/details.json"))
		resp.Header = rateHeaders("5", "0", "3600")
		return resp, nil
	})
	for range 3 {
		_, err := env.client.Account.Details(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, 3, rec.count())
	assert.Empty(t, clock.Slept())
}

// blockingClock is a pacer clock whose Sleep reports that it sleeps and then waits for its
// context: nothing but cancellation ends the wait.
type blockingClock struct{ sleeping chan time.Duration }

func (blockingClock) Now() time.Time { return t0 }

func (c blockingClock) Sleep(ctx context.Context, d time.Duration, _ <-chan struct{}) error {
	c.sleeping <- d
	<-ctx.Done()
	return ctx.Err()
}

func TestPacingWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		opts    []Option
		headers http.Header
		wait    time.Duration
	}{
		"by hand":   {opts: []Option{WithRateLimit(1, time.Hour)}, wait: time.Hour},
		"announced": {headers: rateHeaders("5", "0", "600"), wait: 601 * time.Second}, // past the 10-minute retry wait
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			env := newTestEnv(t, append(tc.opts, WithRetryWait(0, 10*time.Minute), WithLogger(logger))...)
			clock := blockingClock{sleeping: make(chan time.Duration, 1)}
			env.client.pacer.clock = clock
			rec := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewBytesResponse(200, fixture(t, "account/details.json"))
				for k, v := range tc.headers {
					resp.Header[k] = v
				}
				return resp, nil
			})
			_, err := env.client.Account.Details(ctx)
			require.NoError(t, err)

			cctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() {
				_, err := env.client.Account.Details(cctx)
				done <- err
			}()
			assert.Equal(t, tc.wait, <-clock.sleeping)
			cancel()
			err = <-done
			require.ErrorIs(t, err, context.Canceled)
			assert.False(t, MaybeApplied(err), "the request was never sent")
			assert.Equal(t, 1, rec.count(), "the second call never reached the server")
			assert.Contains(t, logs.String(), "unmetered: pacing: waiting before sending")
			assert.Contains(t, logs.String(), "path=/api/details")
			assert.NotContains(t, logs.String(), testPassword)
			assert.NotContains(t, logs.String(), testBasicHeader[len("Basic "):])
		})
	}
}

// A 429 informs the pacer: its rate-limit headers, or without them its Retry-After, hold back
// the retry (and every other request of the client) until the window ends.
func TestPacingLearnsFrom429(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		headers http.Header
		wait    time.Duration
	}{
		"rate-limit headers":  {rateHeaders("5", "0", "3.25"), 3250 * time.Millisecond},
		"Retry-After only":    {http.Header{"Retry-After": {"4"}}, 4 * time.Second},
		"Retry-After, capped": {http.Header{"Retry-After": {"3600"}}, time.Minute},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := newVirtualClock(t0, 0)
			env := newTestEnv(t, WithRetryWait(0, time.Minute))
			env.client.pacer.clock = clock
			env.client.rc.Backoff = func(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 }
			limited := httpmock.NewStringResponse(429, `{"error":["Too many requests"]}`)
			limited.Header = tc.headers
			rec := env.onFunc(http.MethodGet, "/details", httpmock.ResponderFromResponse(limited).
				Then(httpmock.NewBytesResponder(200, fixture(t, "account/details.json"))))
			_, err := env.client.Account.Details(ctx)
			require.NoError(t, err)
			assert.Equal(t, 2, rec.count())
			assert.Equal(t, []time.Duration{tc.wait}, clock.Slept())
		})
	}
}

func TestPacingOff(t *testing.T) {
	t.Parallel()
	announceExhausted := func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewBytesResponse(200, fixture(t, "account/details.json"))
		resp.Header = rateHeaders("5", "0", "3600")
		return resp, nil
	}
	// WithRateLimit(0, 0): no pacer; the waits would otherwise last up to an hour.
	off := newTestEnv(t, WithRateLimit(0, 0), WithRetryWait(0, time.Hour))
	assert.Nil(t, off.client.pacer)
	rec := off.onFunc(http.MethodGet, "/details", announceExhausted)
	for range 3 {
		_, err := off.client.Account.Details(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, 3, rec.count(), "sent at once, whatever the server announces")

	// The default paces on the same answers.
	clock := newVirtualClock(t0, 0)
	on := newTestEnv(t, WithRetryWait(0, time.Hour))
	on.client.pacer.clock = clock
	on.onFunc(http.MethodGet, "/details", announceExhausted)
	for range 3 {
		_, err := on.client.Account.Details(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, []time.Duration{time.Hour, time.Hour}, clock.Slept())
}

func TestWithRateLimitValidation(t *testing.T) {
	t.Parallel()
	for _, bad := range []struct {
		n   int
		per time.Duration
	}{{0, time.Second}, {-1, time.Second}, {1, 0}, {1, -time.Second}, {0, -1}, {-1, 0}} {
		_, err := NewClient(WithRateLimit(bad.n, bad.per))
		require.ErrorIs(t, err, ErrInvalidArgument, "WithRateLimit(%d, %s)", bad.n, bad.per)
		assert.Contains(t, err.Error(), "WithRateLimit")
	}
	c, err := NewClient(WithRateLimit(1, time.Nanosecond))
	require.NoError(t, err)
	assert.True(t, c.pacer.fixed)
	c, err = NewClient(WithRateLimit(0, 0))
	require.NoError(t, err)
	assert.Nil(t, c.pacer)
	c, err = NewClient()
	require.NoError(t, err)
	require.NotNil(t, c.pacer, "pacing is on by default")
	assert.False(t, c.pacer.fixed)
	assert.Equal(t, DefaultRetryWaitMax, c.rc.HTTPClient.Transport.(*pacedTransport).maxWait, "a 429's Retry-After holds requests back up to the retry wait")
}
