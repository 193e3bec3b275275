package unmeteredtest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RecordedRateLimit is the request limit the real server announced in its X-RateLimit-Limit
// header (traffic of a HostBill DNS API recorded in 2023). The length of its window was not recorded:
//
//	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithRateLimit(unmeteredtest.RecordedRateLimit, time.Second))
const RecordedRateLimit = 25

// WithRateLimit makes the server limit requests as the real portal does: at most n requests
// per window, counted across all clients of the server together. Off by default.
//
// Every response then carries
//
//	X-RateLimit-Limit: n
//	X-RateLimit-Remaining: requests left in the current window
//	X-RateLimit-Reset: when the window ends, in Unix seconds (with a fraction, to the
//	                   millisecond, when that is not a whole second; rounded up, so never
//	                   before the window's end)
//
// and a request past the limit is answered 429 {"error": ["Too many requests"]} with a
// Retry-After header (whole seconds, rounded up), without reaching its route (Count and Requests
// still see it). A window starts with the first request after the previous one ended. The
// window follows the server's clock (see WithClock), so a test can move past it without
// sleeping. The real server's header formats were not recorded beyond the names and the limit.
func WithRateLimit(n int, window time.Duration) Option {
	if n < 1 || window <= 0 {
		panic(fmt.Sprintf("unmeteredtest: WithRateLimit(%d, %s): needs at least 1 request per positive window", n, window))
	}
	return func(c *config) { c.rateLimit, c.rateWindow = n, window }
}

// rateLimiter is a fixed-window request counter shared by all clients of a Server.
type rateLimiter struct {
	limit  int
	window time.Duration

	mu    sync.Mutex
	start time.Time // of the current window; zero before the first request
	used  int       // requests admitted in the current window
}

// admit counts a request arriving at now. It returns the rate-limit headers to send and
// whether the request is within the limit.
func (l *rateLimiter) admit(now time.Time) (http.Header, bool) {
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
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(l.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(l.limit-l.used))
	// Rounded up to the millisecond: a client that waits until the announced end must find
	// the window over, not a fraction of a millisecond short of it.
	ms := reset.UnixMilli()
	if reset.After(time.UnixMilli(ms)) {
		ms++
	}
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64))
	if !allowed {
		wait := reset.Sub(now)
		h.Set("Retry-After", strconv.FormatInt(max(1, int64(math.Ceil(wait.Seconds()))), 10))
	}
	return h, allowed
}
