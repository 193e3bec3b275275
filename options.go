package unmetered

import (
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options: how NewClient is configured.

// Option configures a Client in NewClient. An option given an invalid value makes NewClient
// return an error; options never panic.
type Option func(*config) error

type config struct {
	baseURL    string
	httpClient *http.Client
	retryMax   int
	waitMin    time.Duration
	waitMax    time.Duration
	userAgent  string
	logger     *slog.Logger
	auth       authorizer
	authName   string
	secrets    []string
	jwt        *loginSource
	account    string // the username of WithBasicAuth or WithLogin: whose rate limits the client shares
	// WithRateLimit: rateSet with rateN 0 turns pacing off; rateN > 0 fixes the limit.
	rateSet bool
	rateN   int
	ratePer time.Duration
	// stallTimeout is WithStallTimeout's; 0 turns the bound off.
	stallTimeout time.Duration
	maxBody      int64 // WithMaxResponseSize's
}

// WithBaseURL sets the API root, e.g. "https://unmetered.management/api". The URL must be https,
// except for a loopback host (localhost, 127.0.0.0/8, ::1) such as a test server or unmeteredtest's
// fake portal. It may not carry credentials, a query or a fragment.
func WithBaseURL(rawURL string) Option {
	return func(c *config) error {
		u, err := parseBaseURL(rawURL)
		if err != nil {
			return err
		}
		c.baseURL = u
		return nil
	}
}

// WithBasicAuth authenticates every request with HTTP Basic auth: the client-area email address
// and password. Use it or WithLogin or WithTokenSource, not more than one.
func WithBasicAuth(username, password string) Option {
	return func(c *config) error {
		if username == "" || password == "" {
			return fmt.Errorf("%w: WithBasicAuth needs a non-empty username and password", ErrInvalidArgument)
		}
		b := basicAuth{header: "Basic " + basicCredentials(username, password)}
		if err := c.setAuth("WithBasicAuth", b, password, b.header[len("Basic "):]); err != nil {
			return err
		}
		c.account = username
		return nil
	}
}

// WithLogin authenticates with a JWT session: the client logs in with POST /login on its first
// request, sends "Authorization: Bearer <token>", refreshes the token with POST /token shortly
// before it expires, and logs in again if the refresh is refused (not when it was held back by a
// rate limit: that is an error matching ErrRateLimited). Concurrent requests share one login or
// refresh. Logins keep to the limit the server announces on login answers (see WithRateLimit):
// with none left, a call that needs a login waits for the window's end, or fails at once with a
// *RateLimitError when its context's deadline comes first.
func WithLogin(username, password string) Option {
	return func(c *config) error {
		if username == "" || password == "" {
			return fmt.Errorf("%w: WithLogin needs a non-empty username and password", ErrInvalidArgument)
		}
		src := &loginSource{username: username, password: password, sem: make(chan struct{}, 1)}
		if err := c.setAuth("WithLogin", &tokenAuth{src: src}, password); err != nil {
			return err
		}
		c.jwt, c.account = src, username
		return nil
	}
}

// WithTokenSource authenticates with bearer tokens from src, for callers that manage tokens
// themselves (for example tokens cached between runs). See TokenSource for how a source can take
// part in the refresh after a 401.
func WithTokenSource(src TokenSource) Option {
	return func(c *config) error {
		if src == nil {
			return fmt.Errorf("%w: WithTokenSource needs a non-nil TokenSource", ErrInvalidArgument)
		}
		return c.setAuth("WithTokenSource", &tokenAuth{src: src})
	}
}

func (c *config) setAuth(name string, a authorizer, secretValues ...string) error {
	if c.auth != nil {
		return fmt.Errorf("%w: %s and %s both set authentication; use one", ErrInvalidArgument, c.authName, name)
	}
	c.auth, c.authName = a, name
	c.secrets = append(c.secrets, secretValues...)
	return nil
}

// WithHTTPClient sends requests through hc, keeping its Transport, Timeout, Jar and redirect
// policy (hc itself is not modified). The client adds retries on top of it, and never lets a
// redirect carry its credentials to another scheme, host or port than the base URL's. Note that hc.Timeout also bounds reading streamed
// downloads; the default client has no overall timeout and relies on the context instead.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return fmt.Errorf("%w: WithHTTPClient needs a non-nil *http.Client", ErrInvalidArgument)
		}
		c.httpClient = hc
		return nil
	}
}

// WithRetryMax sets how many times a failed request may be retried (0 disables retries). Which
// failures are retried depends on the request; see the package documentation.
func WithRetryMax(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("%w: WithRetryMax(%d): the retry count cannot be negative", ErrInvalidArgument, n)
		}
		c.retryMax = n
		return nil
	}
}

// WithRetryWait bounds the wait between retries: exponential backoff with jitter starting at min
// and never above max. A server's Retry-After is honoured up to max. Both may be zero (tests).
// Waits for a rate-limit window to end are not retries and are not bounded by max (see
// WithRateLimit); the retry of a 429 that announces its window waits for the window's end.
// Those waits, and a 429's Retry-After, are kept by the client's pacer: a context whose deadline
// comes first fails at once with a *RateLimitError instead of waiting for it.
func WithRetryWait(min, max time.Duration) Option {
	return func(c *config) error {
		if min < 0 || max < 0 {
			return fmt.Errorf("%w: WithRetryWait(%s, %s): waits cannot be negative", ErrInvalidArgument, min, max)
		}
		if min > max {
			return fmt.Errorf("%w: WithRetryWait(%s, %s): min is greater than max", ErrInvalidArgument, min, max)
		}
		c.waitMin, c.waitMax = min, max
		return nil
	}
}

// WithUserAgent sets the User-Agent header; the default is "unmetered-go/<Version>".
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.TrimSpace(ua) == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("%w: WithUserAgent needs a non-empty single-line value", ErrInvalidArgument)
		}
		c.userAgent = ua
		return nil
	}
}

// WithLogger makes the client log each request (method, path, status, duration, attempt),
// each retry and each wait to keep to a rate limit at debug level through l. Headers, bodies and credentials are never logged.
// Without this option the client is silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("%w: WithLogger needs a non-nil *slog.Logger", ErrInvalidArgument)
		}
		c.logger = l
		return nil
	}
}

// WithRateLimit sets by hand the rate the client keeps to: at most n requests per window of
// length per, a window starting with the first request after the previous one ended. Every
// request counts, from every goroutine and every client of the same account (base URL and
// username) with the same WithRateLimit, retries, redirects, logins and refreshes included; a
// request that would exceed the limit waits for the next window, however long that is. The
// server's X-RateLimit headers are then not read, but its 429s still are: they are retried as
// always, and a 429's Retry-After holds back the client's requests (up to the maximum retry
// wait).
//
// WithRateLimit(0, 0) turns pacing off: requests go as soon as they are made, and only the
// retries' handling of 429 remains. Any other n below 1, or per of 0 or less, is an error.
//
// Without this option the client paces itself by the server's announcements: the
// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers (all three; Limit and
// Remaining as integers, Reset as seconds with an optional fraction: a value below
// 1,000,000,000 counts from the response, a larger one is a Unix time, put on the local clock
// through the server's Date header so that the window never ends early whichever clock is
// ahead; a value without a fraction may have been rounded down, so the client waits a second
// more). Malformed headers are ignored. An announcement limits what it counts:
//
//   - on the answer to POST /login, as the real portal sends it, it counts logins: the client
//     sends no more logins than remain before the reset, and never holds back other requests;
//   - on the answer to POST /token it paces token refreshes (a login's announcement does not:
//     a refresh is how a session avoids a login);
//   - on the answer to any other request it counts requests in general: from then on the
//     client sends no more requests of any kind than remain before the reset.
//
// The first request of each kind goes alone, so that a burst of calls on a new client does not
// overrun a limit not yet announced. Clients of one account (the same base URL and username)
// in a process share their count, as the server does; a client built with WithTokenSource or
// without credentials has one of its own.
//
// A wait for a window lasts until the window ends, whatever WithRetryWait says (at most an
// hour, against an absurd Reset). A cancelled context ends it at once, and a context whose
// deadline comes before the window's end fails at once: either way the request is not sent,
// and a deadline's error is a *RateLimitError (errors.Is(err, ErrRateLimited)) that says when
// the request could go. Waits are logged at debug level (see WithLogger).
func WithRateLimit(n int, per time.Duration) Option {
	return func(c *config) error {
		if n == 0 && per == 0 {
			c.rateSet, c.rateN, c.ratePer = true, 0, 0
			return nil
		}
		if n < 1 || per <= 0 {
			return fmt.Errorf("%w: WithRateLimit(%d, %s): needs at least 1 request per positive window, or (0, 0) to turn pacing off",
				ErrInvalidArgument, n, per)
		}
		c.rateSet, c.rateN, c.ratePer = true, n, per
		return nil
	}
}

// maxResponseSizeLimit is the largest value WithMaxResponseSize takes.
const maxResponseSizeLimit = math.MaxInt / 2

// WithMaxResponseSize sets how many bytes of a JSON response the client reads at most; without
// it, DefaultMaxResponseSize (32 MiB, a DNS zone of about 200,000 records). A larger response is
// refused with an *Error (MaybeApplied true: the server did answer) before more than n+1 bytes
// are read, and without reading it at all when its Content-Length announces it: never an
// unbounded allocation. Raise it to read a larger zone or list. Downloads (Support.Attachment,
// Certificates.Download) stream and are not bounded by it. n must be at least 1.
func WithMaxResponseSize(n int64) Option {
	return func(c *config) error {
		if n < 1 || n > maxResponseSizeLimit {
			return fmt.Errorf("%w: WithMaxResponseSize(%d): needs a size from 1 to %d bytes", ErrInvalidArgument, n, int64(maxResponseSizeLimit))
		}
		c.maxBody = n
		return nil
	}
}

// parseBaseURL validates and normalises a base URL: https (or http on a loopback host), a host, no
// credentials, query or fragment, no trailing slash. Its errors show the URL without anything
// that may be credentials (see redactUserinfo).
func parseBaseURL(raw string) (string, error) {
	shown := redactUserinfo(raw)
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Parse's own error quotes the URL, and its reason may quote a piece of a password
		// (an "invalid port" after a ":" in it): neither is shown.
		return "", fmt.Errorf("%w: base URL %q cannot be parsed", ErrInvalidArgument, shown)
	}
	if u.User != nil {
		return "", fmt.Errorf("%w: base URL %q must not carry credentials; use WithBasicAuth or WithLogin", ErrInvalidArgument, shown)
	}
	if u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: base URL %q needs a scheme and a host, like %s", ErrInvalidArgument, shown, DefaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", fmt.Errorf("%w: base URL %q must not have a query or fragment", ErrInvalidArgument, shown)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("%w: base URL %q is not https; plain http is only allowed for a loopback host", ErrInvalidArgument, shown)
		}
	default:
		return "", fmt.Errorf("%w: base URL %q must use https", ErrInvalidArgument, shown)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// redactUserinfo returns raw, a URL that may not parse, with whatever could be userinfo
// replaced by [REDACTED]: everything from the start of the authority (after "scheme://", a
// leading "//", or the start of raw otherwise) to the last "@". It looks for the last "@"
// anywhere, because a password may hold "/", "?" or "#", which would end the authority of a
// URL that parsed; a path with an "@" in it is redacted too, which costs only legibility. A
// "//" after anything but a scheme ("joe:pa//ss@host") is the password's own.
func redactUserinfo(raw string) string {
	at := strings.LastIndexByte(raw, '@')
	if at < 0 {
		return raw
	}
	start := 0
	if i := strings.Index(raw, "//"); i >= 0 && i < at && isSchemePrefix(raw[:i]) {
		start = i + 2
	}
	return raw[:start] + redacted + raw[at:]
}

// isSchemePrefix reports whether s is what may come before a URL's "//": nothing, or a scheme
// and its colon ("https:"; RFC 3986: a letter, then letters, digits, "+", "-" or ".").
func isSchemePrefix(s string) bool {
	if s == "" {
		return true
	}
	scheme, ok := strings.CutSuffix(s, ":")
	if !ok || scheme == "" {
		return false
	}
	for i, c := range scheme {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
