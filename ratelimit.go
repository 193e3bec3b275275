package unmetered

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Pacing: the client spaces its requests so that it stays within the server's rate limits
// instead of running into 429s.
//
// # The rule: an announcement limits what it counts
//
// A server announces a limit in three headers on an answer:
//
//	X-RateLimit-Limit:     what is allowed per window (an integer >= 1)
//	X-RateLimit-Remaining: what is left in the current window (an integer >= 0)
//	X-RateLimit-Reset:     when the window ends (seconds: see parseRateLimit)
//
// Which answers carry them says what the limit counts, so the pacer keeps one reckoning (a
// scope) per kind of request that can announce one:
//
//   - Announced on the answer to POST /login, a limit counts logins: it paces logins, and
//     nothing else. This is the real server's way: it announces on login answers only, and
//     its Remaining falls by one per login whatever reads and writes come between them
//     (recorded traffic, 2023). With it, reads and writes are never held back.
//   - Announced on the answer to POST /token, a limit paces token refreshes. A login's
//     announcement does not: the recording shows Remaining falling by exactly one per login
//     and no refresh counted, and a refresh is how a session avoids a login, so it must not
//     wait behind an exhausted login limit. A 429 answered to a refresh stays the fallback
//     (the retry policy handles it), and a refresh refused for rate does not turn into a login
//     (see loginSource.Token).
//   - Announced on the answer to any other request, a limit counts requests in general (other
//     HostBill installations, a proxy in front): from then on it paces every request, logins
//     and refreshes included, and every announcement, a login's too, feeds it.
//
// No configuration chooses between them: a server that announces only on logins paces logins,
// one that announces everywhere paces everything.
//
// # Within a scope
//
// The pacer lets no more than Remaining requests of the scope out before the Reset (keeping
// its own count of those it let out since; see learn), then waits for it. It needs all three
// headers; an answer with any of them missing or malformed teaches it nothing. Until the first
// answer to a kind of request has come, requests of that kind go one at a time, so that a
// burst of calls on a new client cannot overrun a limit it has not yet seen; such a wait for an
// answer lasts at most maxAnswerWait.
//
// A wait for a window's end lasts until the window ends (not capped by the retry wait), within
// two bounds: the caller's context, and maxPacingWait against an absurd Reset. When the
// context's deadline comes before the window's end, the request fails at once, unsent, with a
// *RateLimitError (errors.Is(err, ErrRateLimited)) that says when it could go. A cancelled
// context ends a wait at once, the request unsent.
//
// A 429 stays the fallback: the retry policy retries it as before, and its rate-limit headers
// (or, without them, its Retry-After, up to the client's maximum retry wait) hold back the
// requests its scope paces until the window ends. The retry then waits in the pacer, not in
// the retry policy's backoff (see pacedTransport.retryWait), so that a deadline before the
// window's end fails at once with a *RateLimitError, as for any other request the pacer holds
// back.
//
// # Clocks
//
// A Reset in delta-seconds is counted from the moment the answer arrived, which is never
// before the server wrote it: the window ends no earlier on our clock than on the server's. A
// Reset given as a Unix time is moved onto our clock by an estimate of the server's clock
// minus ours from the Date headers; the estimate is always a lower bound (see learnOffset), so
// the window ends later on our clock, never earlier, whichever way the clocks differ. The Date
// headers are read from the answer that brings the first such Reset on (before it, nothing
// needs them). A Reset without a fraction is read as rounded to the second either way: the window may end up to a
// second after its value, and the pacer waits that second too.
//
// # Sharing
//
// Clients of the same base URL and account in one process share one pacer (see sharedPacer):
// the server counts the account's requests, whichever client sends them.
//
// # By hand
//
// WithRateLimit(n, per) replaces the announcements with the caller's own limit: at most n
// requests per window of length per, every request counted, a window starting with the first
// request after the previous one ended (as the fake portal counts).

// maxPacingWait bounds a wait for a window's end: a Reset further away is taken as this far.
// A day-long Reset is more likely a misread clock or a broken header than a window; an hour is
// the longest window in common use (GitHub's, for one).
const maxPacingWait = time.Hour

// maxAnswerWait bounds a wait for an answer that has not come: the first answer to a kind of
// request (which says whether the server limits it), or the one that will say when a used-up
// window ends. An answer that takes longer is slow, not a limit: the requests waiting for it go
// (a 429 stays the fallback), so that one hung request, or a server that answers only after
// another of the account's requests, cannot hold back every other request of the account.
const maxAnswerWait = 5 * time.Second

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

// paceKind is what a request is to the pacer: a login, a token refresh or any other request.
// It names the scope that a limit announced on its answer belongs to, too.
type paceKind uint8

const (
	paceOther   paceKind = iota // any request but a login or a refresh; its scope counts every request
	paceLogin                   // POST /login
	paceRefresh                 // POST /token
	paceKinds                   // the number of kinds
)

// counted names what a scope's limit counts, for errors and logs.
var counted = [paceKinds]string{paceOther: "requests", paceLogin: "logins", paceRefresh: "token refreshes"}

// scope is the reckoning of one limit.
type scope struct {
	limit     int           // per window; 0 while none is known: nothing is held back
	remaining int           // what may still go in the current window
	reset     time.Time     // the current window's end on our clock; zero while not known
	prevReset time.Time     // the end of the window before
	span      time.Duration // the longest time to a Reset seen: about a window's length
	hold      time.Time     // a 429's Retry-After: nothing of the scope goes before it
	last      *announcement // the latest announcement taken in, for generalize
}

// announcement is what the answer to an attempt announced.
type announcement struct {
	rl     rateLimit
	a      attempt
	ticket uint64
}

// attempt is a request the pacer let out and has not seen the end of.
type attempt struct {
	kind paceKind
	at   time.Time // when it was let out
	// seq is how many attempts of each kind had been let out, this one included: the attempts
	// of a kind let out after it are the pacer's count less its own.
	seq [paceKinds]uint64
}

// pacer keeps an account's requests within its rate limits. Its methods are safe for
// concurrent use; no lock is held while it waits.
type pacer struct {
	clock pacerClock
	// fixed: the limit and window are the caller's (WithRateLimit), every request counts, and
	// rate-limit headers are not read.
	fixed  bool
	window time.Duration // the caller's window (fixed only)

	mu sync.Mutex
	// scopes[k] is the reckoning of the limit announced on answers to requests of kind k;
	// scopes[paceOther] counts every request (and is the only one when fixed).
	scopes [paceKinds]scope
	// general: an answer to an ordinary request announced a limit, so the server counts requests
	// in general; scopes[paceOther] then paces every request and takes every announcement.
	general  bool
	answered [paceKinds]bool    // an answer to a request of the kind has come
	sent     [paceKinds]uint64  // attempts of each kind let out so far
	tickets  uint64             // attempts let out so far; an attempt's number is its ticket
	inflight map[uint64]attempt // the attempts let out and not yet ended
	inFlight [paceKinds]int     // how many of them are of each kind
	// offset is a lower bound of the server's clock minus ours, from the Date headers (see
	// learnOffset), for a Reset given as a Unix time; offsetKnown is false until a Date came.
	// Dates are read only once unixResets is set, by the first Reset given as a Unix time: a
	// server that sends none (the real one counts seconds from the answer) never needs them,
	// and a Date costs a parse of its text on every answer.
	offset      time.Duration
	offsetKnown bool
	unixResets  bool
	changed     chan struct{} // made by a waiter for the next attempt's end, which closes it; else nil
}

// newPacer returns a pacer that follows the server's announcements or, with n > 0, keeps to
// n requests per window of length per.
func newPacer(n int, per time.Duration) *pacer {
	p := &pacer{clock: realClock{}, inflight: map[uint64]attempt{}}
	if n > 0 {
		p.fixed, p.window = true, per
		p.scopes[paceOther].limit, p.scopes[paceOther].remaining = n, n
	}
	return p
}

// scopeOf returns the scope that paces requests of kind k, and that a limit announced on
// their answers belongs to.
func (p *pacer) scopeOf(k paceKind) paceKind {
	if p.fixed || p.general {
		return paceOther
	}
	return k
}

// inScope counts the attempts in flight that scope s counts, and reports whether any of them
// is of kind k.
func (p *pacer) inScope(s, k paceKind) (n int, ofKind bool) {
	if s == paceOther {
		n = len(p.inflight)
	} else {
		n = p.inFlight[s]
	}
	return n, p.inFlight[k] > 0
}

// wait returns when a request of kind k (req) may be sent, with its ticket for done. It
// returns an error, and req must not be sent, when ctx ends first or when the window's end
// comes after ctx's deadline (a *RateLimitError). logger is the client's, for the waits.
func (p *pacer) wait(ctx context.Context, req *http.Request, path string, k paceKind, logger *slog.Logger) (uint64, error) {
	goNow := false // a wait for an answer ran out without one: send whatever the window says
	for {
		p.mu.Lock()
		now := p.clock.Now()
		si := p.scopeOf(k)
		s := &p.scopes[si]
		inflight, kindInFlight := p.inScope(si, k)
		if !s.reset.IsZero() && !now.Before(s.reset) {
			// The window is over; a new one begins. Attempts still in flight may yet reach
			// the server in its window (not in one of the caller's, which counts sends).
			s.prevReset, s.reset, s.remaining = s.reset, time.Time{}, s.limit
			if !p.fixed {
				s.remaining = max(s.limit-inflight, 0)
			}
		}
		var (
			until  time.Time
			timed  bool // a known end: the server's word, or the caller's window
			wake   chan struct{}
			reason string
		)
		switch {
		case goNow:
		case now.Before(s.hold):
			until, timed, reason = s.hold, true, "the server's Retry-After"
		case !p.fixed && !p.answered[k] && kindInFlight:
			// Until the first answer says whether the server limits these requests, and how,
			// one at a time: a burst of calls on a new client must not overrun the limit.
			until, wake, reason = now.Add(maxAnswerWait), p.nextEnd(), "the first answer, which announces any rate limit"
		case s.limit == 0 || s.remaining > 0:
		case !s.reset.IsZero():
			until, timed, reason = s.reset, true, "the end of the rate-limit window"
		case inflight > 0:
			// The window ended by our reckoning and the new one's requests are used up before
			// an answer told us when it ends: wait for an answer.
			until, wake, reason = now.Add(maxAnswerWait), p.nextEnd(), "an answer announcing the rate-limit window"
		default:
			s.remaining = s.limit // nothing in flight will tell: count a fresh window
		}
		if until.IsZero() {
			if s.limit > 0 {
				if s.remaining > 0 {
					s.remaining--
				}
				if p.fixed && s.reset.IsZero() {
					s.reset = now.Add(p.window)
				}
			}
			p.tickets++
			p.sent[k]++
			ticket := p.tickets
			p.inflight[ticket] = attempt{kind: k, at: now, seq: p.sent}
			p.inFlight[k]++
			p.mu.Unlock()
			return ticket, nil
		}
		d := until.Sub(now)
		limit, what := s.limit, p.limitName(si, now.Before(s.hold))
		p.mu.Unlock()
		if d <= 0 {
			continue
		}
		if dl, ok := ctx.Deadline(); ok && timed && time.Until(dl) < d {
			return 0, &RateLimitError{Method: req.Method, Path: path, Until: until, RetryAfter: d, what: what}
		}
		logger.LogAttrs(ctx, slog.LevelDebug, "unmetered: pacing: waiting before sending",
			slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Duration("wait", d), slog.Int("limit", limit), slog.String("counts", counted[si]),
			slog.String("for", reason))
		if err := p.clock.Sleep(ctx, d, wake); err != nil {
			return 0, err
		}
		if wake != nil {
			select {
			case <-wake: // an answer came: look again
			default:
				goNow = true
			}
		}
	}
}

// holds reports whether a request of kind k would now wait for a moment the server gave: a
// 429's Retry-After, or the end of a used-up window.
func (p *pacer) holds(k paceKind) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	s := &p.scopes[p.scopeOf(k)]
	return now.Before(s.hold) || s.limit > 0 && s.remaining == 0 && now.Before(s.reset)
}

// nextEnd returns a channel that the end of the next attempt closes. p.mu must be held.
func (p *pacer) nextEnd() chan struct{} {
	if p.changed == nil {
		p.changed = make(chan struct{})
	}
	return p.changed
}

// done records the end of the attempt with ticket: its response, or nil when it failed
// without one. It learns the limit from the response's headers; maxWait (the client's
// maximum retry wait) bounds how long a 429's Retry-After holds back the scope.
func (p *pacer) done(ticket uint64, resp *http.Response, maxWait time.Duration) {
	// Whether the answer announces a limit is read before the lock is taken: most do not.
	var announced, unixReset bool
	if resp != nil && !p.fixed {
		announced = resp.Header.Get("X-Ratelimit-Limit") != ""
		unixReset = announced && resetIsUnixTime(resp.Header)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.inflight[ticket]
	if ok {
		delete(p.inflight, ticket)
		p.inFlight[a.kind]--
	}
	if p.changed != nil {
		close(p.changed)
		p.changed = nil
	}
	if resp == nil || !ok {
		return
	}
	p.answered[a.kind] = true
	limited := resp.StatusCode == http.StatusTooManyRequests
	if !announced && !limited && (p.fixed || !p.unixResets) {
		return // nothing to learn: the common answer costs no reading of the clock
	}
	now := p.clock.Now()
	if !p.fixed {
		if unixReset {
			p.unixResets = true // from this answer on, every Date narrows the offset
		}
		if p.unixResets {
			p.learnOffset(resp.Header, a.at, now)
		}
		rl, ok := rateLimit{}, false
		if announced {
			rl, ok = parseRateLimit(resp.Header, now, p.offset)
		}
		if ok {
			if a.kind == paceOther && !p.general {
				p.generalize(now)
			}
			p.learn(p.scopeOf(a.kind), a, ticket, rl, now)
			return // the window's end is known: a Retry-After adds nothing
		}
	}
	if limited {
		if d, ok := retryAfter(resp.Header, now); ok {
			s := &p.scopes[p.scopeOf(a.kind)]
			if until := now.Add(min(d, maxWait)); until.After(s.hold) {
				s.hold = until
			}
		}
	}
}

// learn takes into scope si what the answer to attempt a (with ticket) announced, received at
// now.
//
// Within a window the pacer keeps its own count, which is exact while the client is the
// server's only caller; the server's Remaining only lowers it (another process using the same
// account). Where the pacer has no count of its own for the server's window (the first
// announcement, or a window the server began before the pacer expected), it takes the
// server's Remaining less every attempt of the scope that may still reach the server
// (mayStillArrive). Answers arrive out of order, and a Reset given in delta-seconds moves a
// little with each answer's transit time, so a Reset belongs to another window only when it
// is at least half a window away (a window's length being estimated as the longest time to a
// Reset seen).
func (p *pacer) learn(si paceKind, a attempt, ticket uint64, rl rateLimit, now time.Time) {
	s := &p.scopes[si]
	s.last = &announcement{rl: rl, a: a, ticket: ticket}
	known := s.limit > 0
	s.limit = rl.limit
	if far := now.Add(maxPacingWait); rl.reset.After(far) {
		rl.reset = far
	}
	s.span = max(s.span, rl.reset.Sub(now))
	if !rl.reset.After(now) {
		return // its window is over
	}
	tol := s.span / 2
	switch {
	case !known: // the first announcement
		s.reset, s.remaining = rl.reset, p.mayStillArrive(si, a, ticket, rl.remaining)
	case !s.prevReset.IsZero() && !rl.reset.After(s.prevReset.Add(tol)):
		// A late answer from the window we have left.
	case s.reset.IsZero(): // the window we began counting when the last one ended
		s.reset, s.remaining = rl.reset, min(s.remaining, rl.remaining)
	case rl.reset.After(s.reset.Add(tol)): // a window the server began before we expected
		s.prevReset, s.reset = s.reset, rl.reset
		s.remaining = p.mayStillArrive(si, a, ticket, rl.remaining)
	default: // the current window
		if rl.reset.After(s.reset) {
			s.reset = rl.reset
		}
		s.remaining = min(s.remaining, rl.remaining)
	}
}

// generalize makes scopes[paceOther] pace every request: an ordinary request's answer has
// shown that the server counts requests in general. The announcements on login and refresh
// answers taken in before were then of the same count: each is taken in again, oldest first,
// as the general scope's, so that what it says (a login answered before the first read was
// counted with it) is not lost. Those of windows already over teach nothing.
func (p *pacer) generalize(now time.Time) {
	p.general = true
	var earlier []*announcement
	for _, k := range []paceKind{paceLogin, paceRefresh} {
		if last := p.scopes[k].last; last != nil && last.rl.reset.After(now) {
			earlier = append(earlier, last)
		}
	}
	if len(earlier) == 2 && earlier[1].ticket < earlier[0].ticket {
		earlier[0], earlier[1] = earlier[1], earlier[0]
	}
	for _, e := range earlier {
		p.learn(paceOther, e.a, e.ticket, e.rl, now)
	}
}

// mayStillArrive is what remains of remaining, announced in the answer to attempt a (with
// ticket), once every attempt scope si counts that may not yet have reached the server is
// taken off: those let out after a, and those let out before it and still unanswered.
func (p *pacer) mayStillArrive(si paceKind, a attempt, ticket uint64, remaining int) int {
	var pending uint64
	for k := range paceKinds {
		if si == paceOther || k == si {
			pending += p.sent[k] - a.seq[k]
		}
	}
	for t, b := range p.inflight {
		if t < ticket && (si == paceOther || b.kind == si) {
			pending++
		}
	}
	return max(remaining-int(pending), 0)
}
