package unmetered

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Pacing: the client spaces its requests so that it stays within the server's rate limit
// instead of running into 429s. One pacer per Client, shared by every goroutine using it.
//
// The pacer sits in the client's transport, under the retry loop, so it paces every attempt:
// first sends, retries, the follow-ups of redirects, logins and token refreshes alike. Before
// an attempt it may wait; after it, it reads the answer.
//
// By default it follows the server's announcements. Each response may carry
//
//	X-RateLimit-Limit:     requests allowed per window (an integer >= 1)
//	X-RateLimit-Remaining: requests left in the current window (an integer >= 0)
//	X-RateLimit-Reset:     when the window ends (seconds: see resetUnixThreshold)
//
// and the pacer lets no more than Remaining attempts out before the Reset (keeping its own
// count of those it let out since; see learn), then waits for it. It needs all three headers;
// a response with any of them missing or malformed teaches it nothing, and until a server
// announces a limit nothing is held back. Until the first response has come it lets one
// attempt out at a time, so that a burst of calls on a new client cannot overrun a limit it
// has not yet seen.
//
// A 429 stays the fallback: the retry policy retries it as before, and its rate-limit headers
// (or, without them, its Retry-After) hold back every request of the client until the window
// ends. A wait for the server's word lasts at most the client's maximum retry wait
// (WithRetryWait), as a Retry-After does: then the attempt goes anyway, and a 429 is retried
// like any other. So with WithRetryWait(0, 0) the pacer never waits.
//
// WithRateLimit(n, per) replaces the announcements with the caller's own limit: at most n
// attempts per window of length per, a window starting with the first attempt after the
// previous one ended (as the fake portal counts); those waits are not capped.

// resetUnixThreshold decides how X-RateLimit-Reset is read: a value below it is a number of
// seconds from the response (delta-seconds, as the IETF RateLimit drafts send it); from it on
// it is a Unix time in seconds (as GitHub and many PHP servers send it). 10^9 seconds is about
// 31 years as a delay and September 2001 as a Unix time, so neither reading reaches the other.
const resetUnixThreshold = 1e9

// pacerClock is the pacer's time: the real clock, or a test's.
type pacerClock interface {
	Now() time.Time
	// Sleep waits d. It returns ctx's error at once when ctx ends first, and nil early when
	// wake (which may be nil) is closed first.
	Sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-wake:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pacer keeps a client's requests within a rate limit. Its methods are safe for concurrent
// use; no lock is held while it waits.
type pacer struct {
	clock  pacerClock
	logger *slog.Logger
	// fixed: the limit and window are the caller's (WithRateLimit), and rate-limit headers are
	// not read.
	fixed  bool
	window time.Duration // the caller's window (fixed only)
	// maxWait bounds a wait for the server's word (its window's end, a Retry-After): the
	// client's maximum retry wait.
	maxWait time.Duration

	mu        sync.Mutex
	limit     int                 // requests per window; 0 while none is known: nothing is held back
	remaining int                 // requests that may still go in the current window
	reset     time.Time           // the current window's end on our clock; zero while not known
	prevReset time.Time           // the end of the window before
	span      time.Duration       // the longest time to a Reset seen: about a window's length
	hold      time.Time           // a 429's Retry-After: nothing goes before it
	answered  bool                // a response has been seen: whether the server announces a limit is known
	sent      uint64              // attempts let through so far; an attempt's number is its ticket
	inflight  map[uint64]struct{} // the tickets of attempts let through and not yet answered
	// offset is the server's clock minus ours, as far as Date headers show it, for a Reset
	// given as a Unix time.
	offset  time.Duration
	changed chan struct{} // made by a waiter for the next attempt's end, which closes it; else nil
}

func newPacer(logger *slog.Logger, maxWait time.Duration, n int, per time.Duration) *pacer {
	p := &pacer{clock: realClock{}, logger: logger, maxWait: maxWait, inflight: map[uint64]struct{}{}}
	if n > 0 {
		p.fixed, p.window, p.limit, p.remaining = true, per, n, n
	}
	return p
}

// wait returns when req may be sent, with its ticket for done. When ctx ends first it returns
// ctx's error and req must not be sent.
func (p *pacer) wait(ctx context.Context, req *http.Request) (uint64, error) {
	goNow := false // a capped wait has run out: send whatever the window says
	for {
		p.mu.Lock()
		now := p.clock.Now()
		if !p.reset.IsZero() && !now.Before(p.reset) {
			// The window is over; a new one begins. Attempts still in flight may yet reach
			// the server in its window (not in one of the caller's, which counts sends).
			p.prevReset, p.reset, p.remaining = p.reset, time.Time{}, p.limit
			if !p.fixed {
				p.remaining = max(p.limit-len(p.inflight), 0)
			}
		}
		var (
			until  time.Time
			capped bool // the wait is for the server's word: at most maxWait
			wake   chan struct{}
			reason string
		)
		switch {
		case goNow:
		case now.Before(p.hold):
			until, capped, reason = p.hold, true, "the server's Retry-After"
		case !p.fixed && !p.answered && len(p.inflight) > 0:
			// Until the first answer says whether the server limits requests, and how, one
			// attempt at a time: a burst of calls on a new client must not overrun the limit.
			until, capped, wake, reason = now.Add(p.maxWait), true, p.nextEnd(), "the first answer, which announces any rate limit"
		case p.limit == 0 || p.remaining > 0:
		case !p.reset.IsZero():
			until, capped, reason = p.reset, !p.fixed, "the end of the rate-limit window"
		case len(p.inflight) > 0:
			// The window ended by our reckoning and the new one's requests are used up before
			// an answer told us when it ends: wait for an answer.
			until, capped, wake, reason = now.Add(p.maxWait), true, p.nextEnd(), "an answer announcing the rate-limit window"
		default:
			p.remaining = p.limit // nothing in flight will tell: count a fresh window
		}
		if until.IsZero() {
			if p.limit > 0 {
				if p.remaining > 0 {
					p.remaining--
				}
				if p.fixed && p.reset.IsZero() {
					p.reset = now.Add(p.window)
				}
			}
			p.sent++
			ticket := p.sent
			p.inflight[ticket] = struct{}{}
			p.mu.Unlock()
			return ticket, nil
		}
		d := until.Sub(now)
		if capped && d >= p.maxWait {
			d, goNow = p.maxWait, true
		}
		limit := p.limit
		p.mu.Unlock()
		if d <= 0 {
			continue
		}
		p.logger.LogAttrs(ctx, slog.LevelDebug, "unmetered: pacing: waiting before sending",
			slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Duration("wait", d), slog.Int("limit", limit), slog.String("for", reason))
		if err := p.clock.Sleep(ctx, d, wake); err != nil {
			return 0, err
		}
		if goNow && wake != nil && p.clock.Now().Before(until) {
			goNow = false // woken early by an answer: look again
		}
	}
}

// nextEnd returns a channel that the end of the next attempt closes. p.mu must be held.
func (p *pacer) nextEnd() chan struct{} {
	if p.changed == nil {
		p.changed = make(chan struct{})
	}
	return p.changed
}

// done records the end of the attempt with ticket: its response, or nil when it failed
// without one. It learns the limit from the response's headers.
func (p *pacer) done(ticket uint64, resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.inflight, ticket)
	if p.changed != nil {
		close(p.changed)
		p.changed = nil
	}
	if resp == nil {
		return
	}
	p.answered = true
	now := p.clock.Now()
	if !p.fixed {
		p.learnOffset(resp.Header, now)
		if rl, ok := parseRateLimit(resp.Header, now, p.offset); ok {
			p.learn(ticket, rl, now)
			return // the window's end is known: a Retry-After adds nothing
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if d, ok := retryAfter(resp.Header, now); ok {
			if until := now.Add(min(d, p.maxWait)); until.After(p.hold) {
				p.hold = until
			}
		}
	}
}

// learn takes in what the answer to the attempt with ticket announced, received at now.
//
// Within a window the pacer keeps its own count, which is exact while the client is the
// server's only caller; the server's Remaining only lowers it (another client using the same
// account). Where the pacer has no count of its own for the server's window (the first
// announcement, or a window the server began before the pacer expected), it takes the
// server's Remaining less every attempt that may still reach the server (mayStillArrive). Answers arrive out of order, and a
// Reset given in delta-seconds moves a little with each answer's transit time, so a Reset
// belongs to another window only when it is at least half a window away (a window's length
// being estimated as the longest time to a Reset seen).
func (p *pacer) learn(ticket uint64, rl rateLimit, now time.Time) {
	known := p.limit > 0
	p.limit = rl.limit
	p.span = max(p.span, rl.reset.Sub(now))
	if !rl.reset.After(now) {
		return // its window is over
	}
	tol := p.span / 2
	switch {
	case !known: // the first announcement
		p.reset, p.remaining = rl.reset, p.mayStillArrive(ticket, rl.remaining)
	case !p.prevReset.IsZero() && !rl.reset.After(p.prevReset.Add(tol)):
		// A late answer from the window we have left.
	case p.reset.IsZero(): // the window we began counting when the last one ended
		p.reset, p.remaining = rl.reset, min(p.remaining, rl.remaining)
	case rl.reset.After(p.reset.Add(tol)): // a window the server began before we expected
		p.prevReset, p.reset = p.reset, rl.reset
		p.remaining = p.mayStillArrive(ticket, rl.remaining)
	default: // the current window
		if rl.reset.After(p.reset) {
			p.reset = rl.reset
		}
		p.remaining = min(p.remaining, rl.remaining)
	}
}

// mayStillArrive is what remains of remaining, announced in the answer to the attempt with
// ticket, once every attempt that may not yet have reached the server is taken off: those let
// out after it, and those let out before it and still unanswered.
func (p *pacer) mayStillArrive(ticket uint64, remaining int) int {
	pending := int(p.sent - ticket)
	for t := range p.inflight {
		if t < ticket {
			pending++
		}
	}
	return max(remaining-pending, 0)
}

// learnOffset narrows the estimate of the server's clock minus ours from a response's Date
// header. The server's clock read between Date and Date+1s when it answered, and ours read
// now at the latest, so the offset is at least Date-now and (up to the answer's transit
// time) less than Date+1s-now. The estimate starts at 0 and moves only as far as the evidence
// demands, so a server within a second of our clock is taken as agreeing with it; the
// transit time it leaves out errs towards waiting longer.
func (p *pacer) learnOffset(h http.Header, now time.Time) {
	v := h.Get("Date")
	if v == "" {
		return
	}
	date, err := http.ParseTime(v)
	if err != nil {
		return
	}
	lo := date.Sub(now)
	switch hi := lo + time.Second; {
	case p.offset < lo:
		p.offset = lo
	case p.offset > hi:
		p.offset = hi
	}
}

// rateLimit is what a response's rate-limit headers say.
type rateLimit struct {
	limit, remaining int
	reset            time.Time // on our clock
}

// parseRateLimit reads the X-RateLimit headers of a response received at now. offset is the
// server's clock minus ours, for a Reset given as a Unix time. ok is false unless all three
// are present and well formed: Limit an integer >= 1, Remaining an integer >= 0 (more than
// Limit counts as Limit), Reset a non-negative decimal number of seconds, fraction allowed,
// read as delta-seconds or a Unix time by resetUnixThreshold.
func parseRateLimit(h http.Header, now time.Time, offset time.Duration) (rateLimit, bool) {
	// The keys in canonical form: Get then looks them up without allocating, and most
	// responses carry none of them.
	limit, ok := headerInt(h, "X-Ratelimit-Limit")
	if !ok || limit < 1 {
		return rateLimit{}, false
	}
	remaining, ok := headerInt(h, "X-Ratelimit-Remaining")
	if !ok {
		return rateLimit{}, false
	}
	secs, nanos, ok := parseSeconds(strings.TrimSpace(h.Get("X-Ratelimit-Reset")))
	if !ok {
		return rateLimit{}, false
	}
	var reset time.Time
	if secs >= resetUnixThreshold {
		reset = time.Unix(secs, nanos).Add(-offset)
	} else {
		reset = now.Add(time.Duration(secs)*time.Second + time.Duration(nanos))
	}
	return rateLimit{limit: limit, remaining: min(remaining, limit), reset: reset}, true
}

// headerInt parses the header key as a non-negative integer of at most 9 digits.
func headerInt(h http.Header, key string) (int, bool) {
	v := strings.TrimSpace(h.Get(key))
	if v == "" {
		return 0, false // the common case, without parseNonNegativeInt's error
	}
	n, err := parseNonNegativeInt(v)
	return int(n), err == nil
}

// parseSeconds parses a non-negative decimal number of seconds ("12", "1700000001.5",
// "0.25"): digits, optionally a point and more digits, nothing else. Digits past the
// nanosecond are dropped; more than 12 whole digits (over 30,000 years) are refused.
func parseSeconds(s string) (secs, nanos int64, ok bool) {
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || hasPoint && frac == "" {
		return 0, 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, 0, false
		}
	}
	secs, _ = strconv.ParseInt(whole, 10, 64)
	frac = (frac + "000000000")[:9]
	nanos, _ = strconv.ParseInt(frac, 10, 64)
	return secs, nanos, true
}

// pacedTransport is the client's transport with its pacer in front.
type pacedTransport struct {
	next  http.RoundTripper
	pacer *pacer
}

func (t *pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ticket, err := t.pacer.wait(req.Context(), req)
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close() // a RoundTripper closes the body, even on error
		}
		return nil, &notSentError{err: err}
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		resp = nil
	}
	t.pacer.done(ticket, resp)
	return resp, err
}

// CloseIdleConnections closes the idle connections of the transport underneath.
func (t *pacedTransport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// notSentError is the error of an attempt the pacer never let out: its context ended while it
// waited. The retry policy counts it as not having reached the server.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return "not sent: " + e.err.Error() + " while pacing requests" }
func (e *notSentError) Unwrap() error { return e.err }

// isNotSent reports whether err is, or wraps, the pacer's refusal to send.
func isNotSent(err error) bool {
	var ns *notSentError
	return errors.As(err, &ns)
}
