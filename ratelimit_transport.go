package unmetered

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// pacedTransport is a client's transport with its account's pacer in front.
type pacedTransport struct {
	next  http.RoundTripper
	pacer *pacer
	// logger is the client's, for the waits; maxWait its maximum retry wait, the most a 429's
	// Retry-After holds back requests; basePath the base URL's path, to tell logins and
	// refreshes from other requests.
	logger   *slog.Logger
	maxWait  time.Duration
	basePath string
}

func (t *pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	path, kind := t.classify(req)
	ticket, err := t.pacer.wait(req.Context(), req, path, kind, t.logger)
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
	if resp != nil && resp.Request == nil {
		resp.Request = req // as http.Transport sets it: retryWait classifies the answer by it
	}
	t.pacer.done(ticket, resp, t.maxWait)
	return resp, err
}

// retryWait is the retry policy's wait before retrying the request that resp answered, given
// the wait d it would take. After a 429 whose retry the pacer holds back (until the end of the
// window the answer announced, or its Retry-After), it is none: the pacer waits until the
// moment the server gave, and, unlike a sleep in the retry policy, fails at once with a
// *RateLimitError when the caller's deadline comes first.
func (t *pacedTransport) retryWait(d time.Duration, resp *http.Response) time.Duration {
	if d <= 0 || resp == nil || resp.StatusCode != http.StatusTooManyRequests || resp.Request == nil {
		return d
	}
	if _, kind := t.classify(resp.Request); t.pacer.holds(kind) {
		return 0
	}
	return d
}

// classify returns req's path below the base URL and its kind: POST /login is a login, POST
// /token a refresh (whatever the method of a redirect's follow-up, it is the hop's own).
func (t *pacedTransport) classify(req *http.Request) (string, paceKind) {
	path, ok := strings.CutPrefix(req.URL.Path, t.basePath)
	if !ok {
		return req.URL.Path, paceOther
	}
	if req.Method == http.MethodPost {
		switch path {
		case "/login":
			return path, paceLogin
		case "/token":
			return path, paceRefresh
		}
	}
	return path, paceOther
}

// CloseIdleConnections closes the idle connections of the transport underneath.
func (t *pacedTransport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// notSentError is the error of an attempt the pacer never let out: its context ended while it
// waited, or the window's end comes after the context's deadline. The retry policy counts it
// as not having reached the server.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return "not sent: " + e.err.Error() + " while pacing requests" }
func (e *notSentError) Unwrap() error { return e.err }

// isNotSent reports whether err is, or wraps, the pacer's refusal to send.
func isNotSent(err error) bool {
	var ns *notSentError
	return errors.As(err, &ns)
}
