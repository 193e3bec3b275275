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

// t0 is where virtual clocks start: a whole second, so windows end on whole milliseconds.
var t0 = time.Unix(1_800_000_000, 0)

func rateHeaders(limit, remaining, reset string) http.Header {
	h := http.Header{}
	for k, v := range map[string]string{"X-RateLimit-Limit": limit, "X-RateLimit-Remaining": remaining, "X-RateLimit-Reset": reset} {
		if v != "-" {
			h.Set(k, v)
		}
	}
	return h
}

func TestParseRateLimitHeaders(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 250_000_000)
	ok := []struct {
		name                    string
		limit, remaining, reset string
		offset                  time.Duration
		want                    rateLimit
	}{
		{"Unix time with a fraction", "25", "24", "1700000001.5", 0, rateLimit{25, 24, time.Unix(1_700_000_001, 500_000_000)}},
		{"Unix time in whole seconds", "25", "0", "1700000060", 0, rateLimit{25, 0, time.Unix(1_700_000_060, 0)}},
		{"Unix time, the server's clock an hour behind ours", "25", "3", "1699996401", -time.Hour, rateLimit{25, 3, time.Unix(1_700_000_001, 0)}},
		{"delta-seconds", "25", "3", "30", 0, rateLimit{25, 3, now.Add(30 * time.Second)}},
		{"delta-seconds with a fraction", "25", "3", "0.125", 0, rateLimit{25, 3, now.Add(125 * time.Millisecond)}},
		{"delta-seconds, digits past the nanosecond dropped", "25", "3", "1.0000000019", 0, rateLimit{25, 3, now.Add(time.Second + time.Nanosecond)}},
		{"zero delta: the window ends now", "25", "3", "0", 0, rateLimit{25, 3, now}},
		{"just below the threshold: delta-seconds", "1", "0", "999999999", 0, rateLimit{1, 0, now.Add(999_999_999 * time.Second)}},
		{"spaces around values", " 25 ", " 3", "30 ", 0, rateLimit{25, 3, now.Add(30 * time.Second)}},
		{"remaining above the limit counts as the limit", "25", "40", "30", 0, rateLimit{25, 25, now.Add(30 * time.Second)}},
	}
	for _, tc := range ok {
		got, parsed := parseRateLimit(rateHeaders(tc.limit, tc.remaining, tc.reset), now, tc.offset)
		if assert.True(t, parsed, tc.name) {
			assert.Equal(t, tc.want.limit, got.limit, tc.name)
			assert.Equal(t, tc.want.remaining, got.remaining, tc.name)
			assert.True(t, tc.want.reset.Equal(got.reset), "%s: reset %s, want %s", tc.name, got.reset, tc.want.reset)
		}
	}

	malformed := map[string][3]string{
		"no headers":                  {"-", "-", "-"},
		"no limit":                    {"-", "3", "30"},
		"no remaining":                {"25", "-", "30"},
		"no reset":                    {"25", "3", "-"},
		"limit 0":                     {"0", "0", "30"},
		"negative limit":              {"-1", "0", "30"},
		"limit with a policy":         {"25, 25;w=60", "3", "30"},
		"limit not a number":          {"many", "3", "30"},
		"negative remaining":          {"25", "-1", "30"},
		"fractional remaining":        {"25", "2.5", "30"},
		"negative reset":              {"25", "3", "-5"},
		"reset in exponent":           {"25", "3", "1e3"},
		"reset infinite":              {"25", "3", "Inf"},
		"reset NaN":                   {"25", "3", "NaN"},
		"reset hexadecimal":           {"25", "3", "0x10"},
		"reset an HTTP date":          {"25", "3", "Wed, 21 Oct 2026 07:28:00 GMT"},
		"reset with a space":          {"25", "3", "1 000"},
		"reset ending in point":       {"25", "3", "30."},
		"reset starting with a point": {"25", "3", ".5"},
		"reset too large":             {"25", "3", "9999999999999"},
		"reset empty":                 {"25", "3", ""},
	}
	for name, v := range malformed {
		_, parsed := parseRateLimit(rateHeaders(v[0], v[1], v[2]), now, 0)
		assert.False(t, parsed, name)
	}
}

func TestPacerLearnsClockOffsetFromDate(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 300_000_000)
	p := newPacer(slog.New(discardHandler{}), time.Hour, 0, 0)
	date := func(at time.Time) http.Header {
		return http.Header{"Date": {at.UTC().Format(http.TimeFormat)}}
	}
	p.learnOffset(date(now), now)
	assert.Zero(t, p.offset, "a Date within the second agrees with our clock")
	p.learnOffset(http.Header{"Date": {"yesterday"}}, now)
	assert.Zero(t, p.offset, "a malformed Date teaches nothing")

	p.learnOffset(date(now.Add(-time.Hour)), now) // Date 10:00:00 while our clock reads 11:00:00.3
	assert.Equal(t, -time.Hour+700*time.Millisecond, p.offset, "the least skew the Date allows")
	p.learnOffset(date(now.Add(-time.Hour).Add(time.Second)), now.Add(time.Second))
	assert.Equal(t, -time.Hour+700*time.Millisecond, p.offset, "consistent evidence leaves it")
	p.learnOffset(date(now.Add(5*time.Second)), now)
	assert.Equal(t, 4700*time.Millisecond, p.offset, "a server ahead of us")

	// The offset applies to a Reset given as a Unix time, not to delta-seconds.
	rl, ok := parseRateLimit(rateHeaders("5", "0", "1700000010"), now, p.offset)
	require.True(t, ok)
	assert.Equal(t, time.Unix(1_700_000_005, 300_000_000), rl.reset)
	rl, ok = parseRateLimit(rateHeaders("5", "0", "10"), now, p.offset)
	require.True(t, ok)
	assert.Equal(t, now.Add(10*time.Second), rl.reset)
}

// windowServer answers GET /details as a rate-limited portal: at most limit requests per
// window, a window starting with the first request after the previous one ended (as
// unmeteredtest counts), the rate-limit headers on every answer and 429 past the limit. It
// reads the time from clock and gives Reset as a Unix time or, with delta, in seconds from now.
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
	reset := strconv.FormatFloat(float64(end.UnixMilli())/1000, 'f', -1, 64)
	if s.delta {
		reset = strconv.FormatFloat(end.Sub(now).Seconds(), 'f', -1, 64)
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
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer clock.Finish()
			_, errs[i] = c.Account.Details(ctx)
		}()
	}
	wg.Wait()
	return errs
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
		"announced": {headers: rateHeaders("5", "0", "3600"), wait: 10 * time.Minute},
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

// A wait for the server's word lasts at most the maximum retry wait; then the request goes.
func TestPacingWaitForTheServerIsCapped(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	env := newTestEnv(t, WithRetryWait(0, 2*time.Second))
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
	assert.Equal(t, []time.Duration{2 * time.Second, 2 * time.Second}, clock.Slept())
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
	assert.Equal(t, DefaultRetryWaitMax, c.pacer.maxWait)
}

// The pacer's reckoning with answers that arrive out of order. Its own count of a window is
// exact while it is the server's only caller, so answers only lower it (another client); an
// answer from a window already over changes nothing, even one whose Reset (in delta-seconds)
// still lies a little ahead; an attempt in flight when a window ends may count in the next;
// a window the server began before the pacer expected is counted from the server's
// Remaining, less everything that may still reach it.
func TestPacerCountsAttemptsInFlight(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	p := newPacer(slog.New(discardHandler{}), 0, 0, 0) // no waits: the test moves the clock itself
	p.clock = clock
	req := pacedRequest()
	grant := func() uint64 {
		t.Helper()
		ticket, err := p.wait(ctx, req)
		require.NoError(t, err)
		return ticket
	}
	answer := func(ticket uint64, remaining int, reset time.Time) {
		p.done(ticket, &http.Response{StatusCode: 200, Header: rateHeaders("10", strconv.Itoa(remaining),
			strconv.FormatFloat(reset.Sub(clock.Now()).Seconds(), 'f', -1, 64))})
	}
	end := t0.Add(10 * time.Second)

	first, second, third := grant(), grant(), grant()
	answer(second, 8, end)
	assert.Equal(t, 6, p.remaining, "the first announcement, less first and third, which may still arrive")
	answer(first, 9, end)
	answer(third, 7, end)
	assert.Equal(t, 6, p.remaining)

	a, b, c := grant(), grant(), grant()
	assert.Equal(t, 3, p.remaining)
	answer(c, 6, end) // c arrived before a and b
	answer(a, 5, end)
	assert.Equal(t, 3, p.remaining, "nothing counted twice")
	answer(b, 2, end) // another client used two
	assert.Equal(t, 2, p.remaining)

	h := grant() // still in flight when the window ends: it may yet count in the next one
	clock.now = end // the window is over: a new one by our count, its end not yet known
	d, e := grant(), grant()
	assert.Equal(t, 7, p.remaining, "10 less h, d and e")
	assert.True(t, p.reset.IsZero())
	answer(d, 2, end.Add(50*time.Millisecond)) // late, from the window we left (delta-seconds jitter)
	assert.Equal(t, 7, p.remaining)
	assert.True(t, p.reset.IsZero())
	answer(e, 9, end.Add(10*time.Second))
	assert.Equal(t, end.Add(10*time.Second), p.reset)
	assert.Equal(t, 7, p.remaining)
	answer(h, 1, end) // it counted in the window before, after all
	assert.Equal(t, 7, p.remaining)

	clock.now = end.Add(6 * time.Second)
	f, g := grant(), grant()
	assert.Equal(t, 5, p.remaining)
	answer(g, 9, end.Add(16*time.Second)) // the server's window ended early; g began the next
	assert.Equal(t, end.Add(16*time.Second), p.reset)
	assert.Equal(t, 8, p.remaining, "9 less f, which may still reach it")
	answer(f, 7, end.Add(10*time.Second)) // f was counted in the window before
	assert.Equal(t, 8, p.remaining)
	assert.Empty(t, p.inflight)
}

func pacedRequest() *http.Request {
	req, _ := http.NewRequest(http.MethodGet, testBaseURL+"/details", nil)
	return req
}
