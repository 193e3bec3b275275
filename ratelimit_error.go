package unmetered

import (
	"errors"
	"fmt"
	"time"
)

// RateLimitError is the error of a request the client did not send (or, for a retry, did not
// send again) because a rate limit lets it go only after the caller's context ends: the window
// the server announced (or WithRateLimit's own) is used up and ends after the context's
// deadline, or a 429's Retry-After holds requests back until then. A request never sent has
// MaybeApplied false; a retry keeps what its earlier attempts said (true after a 503 to a
// replay-safe request, say: the server may have acted on it). It matches ErrRateLimited
// (errors.Is) and is found with errors.As:
//
//	var rl *unmetered.RateLimitError
//	if errors.As(err, &rl) {
//		time.Sleep(time.Until(rl.Until)) // or schedule the work for then
//	}
//
// The real server limits logins (POST /login): a WithLogin client that needs a login when none
// is left waits for the window's end if its context allows (no deadline, or one after the
// end), and otherwise fails at once with this error. Its other requests are not held back.
type RateLimitError struct {
	// Method and Path identify the request (Path is below the base URL).
	Method string
	Path   string
	// Until is when, by the local clock, the request could go: the window's end (with a
	// margin for a server that counts in whole seconds) or the end of the Retry-After.
	Until time.Time
	// RetryAfter is how long from the refusal that was.
	RetryAfter time.Duration

	what string // "the server's limit on logins", ...: what holds the request back
}

// Error says what held the request back and when it could go, e.g. "unmetered: POST /login:
// not sent: the server's limit on logins allows none until 2023-04-14T12:59:10.000Z (in
// 1m34s), after the context's deadline".
func (e *RateLimitError) Error() string {
	what := e.what
	if what == "" {
		what = "the rate limit"
	}
	return fmt.Sprintf("unmetered: %s %s: not sent: %s allows none until %s (in %s), after the context's deadline",
		e.Method, e.Path, what, e.Until.UTC().Format("2006-01-02T15:04:05.000Z07:00"), e.RetryAfter.Round(time.Millisecond))
}

// Is reports whether target is ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// limitName describes what holds back a request of scope si for a RateLimitError.
func (p *pacer) limitName(si paceKind, hold bool) string {
	switch {
	case hold:
		return "the server's Retry-After"
	case p.fixed:
		return "WithRateLimit's limit"
	}
	return "the server's limit on " + counted[si]
}

// isRateLimitRefusal reports whether err is, or wraps, the pacer's refusal to send a request
// before its context's deadline.
func isRateLimitRefusal(err error) bool {
	var rl *RateLimitError
	return errors.As(err, &rl)
}
