package unmeteredtest

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RecordedRateLimit is the limit the real server announced in X-RateLimit-Limit on its login
// answers (traffic of a HostBill DNS API recorded in 2023): 25 logins per window.
const RecordedRateLimit = 25

// RecordedRateWindow is the length of the real server's window: its X-RateLimit-Reset read 240
// on the first login of a window.
const RecordedRateWindow = 240 * time.Second

// WithRateLimit makes the server limit logins as the real portal was recorded to (traffic of a
// HostBill DNS API, 2023): at most n POST /login per window, counted across all clients of the
// server together, whether they succeed or not; a window begins with the first login after the
// previous one ended, and follows the server's clock (see WithClock), so a test can move past
// it without sleeping. Off by default.
//
// The answer to every login carries
//
//	X-RateLimit-Limit: n
//	X-RateLimit-Remaining: logins left in the window
//	X-RateLimit-Reset: whole seconds to the window's end, rounded up, counting down to a
//	                   fixed moment (the recording: 145 at 12:56:44, 94 at 12:57:35)
//
// and no other answer carries them: reads, writes and token refreshes are neither counted nor
// limited, as on the real server, whose Remaining fell by one per login whatever came between.
// A login past the limit is answered 429 {"error": ["Too many requests"]}, with the headers
// (Remaining 0) and a Retry-After in whole seconds, rounded up, without reaching its route
// (Count and Requests still see it). What the real server does past the limit was not
// recorded; the vendor's documentation says only that new requests "will be discarded". The
// fake answers 429 so that a client, and its test, can tell what happened.
//
// RecordedRateLimit and RecordedRateWindow are the recorded values; pass a shorter window to
// run fast:
//
//	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithRateLimit(unmeteredtest.RecordedRateLimit, 2*time.Second))
//
// WithRequestRateLimit models a server that counts every request instead (the last of the two
// given applies).
func WithRateLimit(n int, window time.Duration) Option {
	checkRateLimit("WithRateLimit", n, window)
	return func(c *config) { c.rate = &rateConfig{limit: n, window: window, format: ResetWholeSeconds} }
}

// WithRequestRateLimit makes the server limit requests as other HostBill installations, or a
// proxy in front of one, may do: at most n requests of any kind per window, counted across all
// clients of the server together; a window begins with the first request after the previous
// one ended, and follows the server's clock (see WithClock). Every answer carries
// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset, the last in the format reset
// names, and a request past the limit is answered 429 {"error": ["Too many requests"]} with a
// Retry-After header (whole seconds, rounded up), without reaching its route (Count and
// Requests still see it). The real server was not recorded doing this: see WithRateLimit for
// what it does. A test skews the server's clock against the client's with WithClock:
//
//	behind := func() time.Time { return time.Now().Add(-1500 * time.Millisecond) }
//	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithClock(behind),
//		unmeteredtest.WithRequestRateLimit(25, 250*time.Millisecond, unmeteredtest.ResetUnix))
//
// WithRateLimit models the recorded server instead (the last of the two given applies).
func WithRequestRateLimit(n int, window time.Duration, reset ResetFormat) Option {
	checkRateLimit("WithRequestRateLimit", n, window)
	if reset < ResetWholeSeconds || reset > ResetUnix {
		panic(fmt.Sprintf("unmeteredtest: WithRequestRateLimit: unknown ResetFormat %d", reset))
	}
	return func(c *config) { c.rate = &rateConfig{limit: n, window: window, every: true, format: reset} }
}

func checkRateLimit(option string, n int, window time.Duration) {
	if n < 1 || window <= 0 {
		panic(fmt.Sprintf("unmeteredtest: %s(%d, %s): needs at least 1 request per positive window", option, n, window))
	}
}

// ResetFormat is how the server writes X-RateLimit-Reset (see WithRequestRateLimit).
type ResetFormat int

const (
	// ResetWholeSeconds is the seconds from the answer to the window's end, rounded up to a
	// whole number ("145"), as the real server sends it.
	ResetWholeSeconds ResetFormat = iota
	// ResetSeconds is the seconds from the answer to the window's end with three decimals,
	// rounded up to the millisecond ("0.250").
	ResetSeconds
	// ResetUnix is the window's end in Unix seconds with three decimals, rounded up to the
	// millisecond ("1700000001.500"), on the server's clock (see WithClock).
	ResetUnix
)

// rateConfig is the limit WithRateLimit or WithRequestRateLimit set.
type rateConfig struct {
	limit  int
	window time.Duration
	every  bool // every request counts and is announced; else logins only
	format ResetFormat
}

// rateLimiter is a fixed-window counter shared by all clients of a Server.
type rateLimiter struct {
	rateConfig

	mu    sync.Mutex
	start time.Time // of the current window; zero before the first request counted
	used  int       // requests admitted in the current window
}

// counts reports whether the limiter counts a request of method to the route with pattern
// (empty for no route).
func (l *rateLimiter) counts(method, pattern string) bool {
	return l.every || method == http.MethodPost && pattern == "/login"
}

// admit counts a request arriving at now, sets the rate-limit headers of its answer in h, and
// reports whether the request is within the limit.
func (l *rateLimiter) admit(now time.Time, h http.Header) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.start.IsZero() || !now.Before(l.start.Add(l.window)) {
		l.start, l.used = now, 0
	}
	allowed := l.used < l.limit
	if allowed {
		l.used++
	}
	reset := l.start.Add(l.window)
	h.Set("X-RateLimit-Limit", strconv.Itoa(l.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(l.limit-l.used))
	h.Set("X-RateLimit-Reset", l.formatReset(reset, now))
	if !allowed {
		h.Set("Retry-After", strconv.FormatInt(max(1, ceilDiv(reset.Sub(now), time.Second)), 10))
	}
	return allowed
}

// formatReset writes the window's end, reset, as seen at now. Every format rounds up: a client
// that waits until the announced end must find the window over, not a fraction short of it.
func (l *rateLimiter) formatReset(reset, now time.Time) string {
	switch l.format {
	case ResetSeconds:
		return millis(ceilDiv(reset.Sub(now), time.Millisecond))
	case ResetUnix:
		ms := reset.UnixMilli()
		if reset.After(time.UnixMilli(ms)) {
			ms++
		}
		return millis(ms)
	}
	return strconv.FormatInt(ceilDiv(reset.Sub(now), time.Second), 10)
}

// ceilDiv is d in whole units of unit, rounded up: the server's one rounding of a wait it
// announces (X-RateLimit-Reset, Retry-After), which must never be short of the real one.
func ceilDiv(d, unit time.Duration) int64 {
	n := d / unit
	if d > n*unit {
		n++
	}
	return int64(n)
}

// millis writes ms milliseconds as seconds with three decimals.
func millis(ms int64) string {
	return strconv.FormatInt(ms/1000, 10) + "." + fmt.Sprintf("%03d", ms%1000)
}
