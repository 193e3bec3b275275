package unmeteredtest

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	unmetered "github.com/unmetered/unmetered-go"
)

// Seeded credentials of the account. They are fakes that exist only inside a Server.
const (
	DefaultUsername = "joe@example.com"
	DefaultPassword = "unmeteredtest-fake-password"
)

// DefaultRequestLogSize is how many requests Requests reports unless WithRequestLog says
// otherwise.
const DefaultRequestLogSize = 1000

// Default lifetimes of the JWTs that POST /login and POST /token issue.
const (
	DefaultTokenLifetime   = time.Hour
	DefaultRefreshLifetime = 30 * 24 * time.Hour
)

// Server is an in-memory Unmetered portal on a loopback httptest server. It serves all 102
// endpoints of the API under URL(), keeps its own state (every Server starts from the same seeded
// account and never shares anything with another), and is safe for concurrent use.
//
// Create one with NewServer or NewTestServer; talk to it with Client or any HTTP client.
type Server struct {
	ts   *httptest.Server
	cfg  config
	key  []byte        // HS256 key of this server's JWTs
	done chan struct{} // closed by Close: ends fault delays
	rate *rateLimiter  // nil without WithRateLimit or WithRequestRateLimit

	mu       sync.Mutex // guards st, sessions and verified
	st       *state
	sessions map[string]*session
	verified map[string]claims // access tokens whose signature passed (see verifyAccess)

	fmu    sync.Mutex // guards faults, counts, reqs and next
	faults map[string][]*Fault
	counts map[string]int
	reqs   []Request // the request log, a ring (see record)
	next   int

	closeOnce sync.Once
}

type config struct {
	username, password string
	tokenLifetime      time.Duration
	onRequest          func(Request) // WithRequestHook
	refreshLifetime    time.Duration
	now                func() time.Time
	logSize            int
	rate               *rateConfig // WithRateLimit, WithRequestRateLimit; nil: no limit
	listener           net.Listener
}

// Option configures a Server in NewServer. Given an invalid value, an option panics at once,
// like other test helpers given impossible input.
type Option func(*config)

// WithCredentials replaces the seeded username (the account's email address) and password.
func WithCredentials(username, password string) Option {
	if username == "" || password == "" || strings.Contains(username, ":") {
		panic("unmeteredtest: WithCredentials needs a non-empty username without ':' and a non-empty password")
	}
	return func(c *config) { c.username, c.password = username, password }
}

// WithTokenLifetime sets how long an access token from POST /login or POST /token is accepted
// (its "exp" claim), DefaultTokenLifetime by default. Combine it with WithClock to test expiry
// without sleeping.
func WithTokenLifetime(d time.Duration) Option {
	positive("WithTokenLifetime", d)
	return func(c *config) { c.tokenLifetime = d }
}

// WithRefreshLifetime sets how long a refresh token is accepted by POST /token,
// DefaultRefreshLifetime by default.
func WithRefreshLifetime(d time.Duration) Option {
	positive("WithRefreshLifetime", d)
	return func(c *config) { c.refreshLifetime = d }
}

// WithRequestLog sets how many of the latest requests the server keeps for Requests,
// DefaultRequestLogSize by default: older ones are dropped, so a long test does not grow
// without bound. Count is not affected. n must be at least 1.
func WithRequestLog(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("unmeteredtest: WithRequestLog(%d): the log must hold at least one request", n))
	}
	return func(c *config) { c.logSize = n }
}

func positive(option string, d time.Duration) {
	if d <= 0 {
		panic(fmt.Sprintf("unmeteredtest: %s(%s): the lifetime must be positive", option, d))
	}
}

// WithClock makes the server read the time from now instead of time.Now: for the "iat" and
// "exp" claims of the tokens it issues and checks, for the dates of what it creates (tickets,
// replies, invoices, orders), for its rate-limit windows (WithRateLimit) and its Date header,
// and, read once by NewServer, for the seeded account's dates, which are relative to it. now is
// called concurrently and must be safe for that.
//
// The SDK's WithLogin session compares token expiry with the real time, so start a fake clock
// at time.Now() and move it forward to make the server reject a token.
func WithClock(now func() time.Time) Option {
	if now == nil {
		panic("unmeteredtest: WithClock needs a non-nil function")
	}
	return func(c *config) { c.now = now }
}

// WithListener makes the server accept connections on l instead of a new listener on a random
// loopback port, for a fake portal at an address chosen in advance (cmd/unmetered-fake's --port).
// The server takes l over and closes it on Close. Listen on a loopback address: the SDK accepts
// plain http only for a loopback base URL.
func WithListener(l net.Listener) Option {
	if l == nil {
		panic("unmeteredtest: WithListener needs a non-nil net.Listener")
	}
	return func(c *config) { c.listener = l }
}

// NewServer starts a fake portal seeded with the example account (see the package
// documentation for its contents). Call Close when done, or use NewTestServer.
func NewServer(opts ...Option) *Server {
	cfg := config{
		username:        DefaultUsername,
		password:        DefaultPassword,
		tokenLifetime:   DefaultTokenLifetime,
		refreshLifetime: DefaultRefreshLifetime,
		now:             time.Now,
		logSize:         DefaultRequestLogSize,
	}
	for _, opt := range opts {
		if opt == nil {
			panic("unmeteredtest: nil Option")
		}
		opt(&cfg)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic("unmeteredtest: no randomness for the JWT key: " + err.Error())
	}
	s := &Server{
		cfg:      cfg,
		key:      key,
		done:     make(chan struct{}),
		st:       seed(cfg.username, cfg.now),
		sessions: map[string]*session{},
		verified: map[string]claims{},
		faults:   map[string][]*Fault{},
		counts:   map[string]int{},
	}
	if cfg.rate != nil {
		s.rate = &rateLimiter{rateConfig: *cfg.rate}
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if cfg.listener != nil {
		s.ts.Listener.Close()
		s.ts.Listener = cfg.listener
	}
	s.ts.Start()
	return s
}

// NewTestServer is NewServer for a test: it registers Close with t.Cleanup.
func NewTestServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// URL returns the API's base URL, e.g. "http://127.0.0.1:41234/api": pass it to
// unmetered.WithBaseURL.
func (s *Server) URL() string { return s.ts.URL + apiPrefix }

// Username returns the account's username (its email address) for Basic auth and POST /login.
func (s *Server) Username() string { return s.cfg.username }

// Password returns the account's password.
func (s *Server) Password() string { return s.cfg.password }

// Client returns an SDK client for this server: its base URL, Basic auth with the seeded
// credentials, the server's own HTTP client, and zero waits between retries. opts are applied
// after those and override them; an authentication option (WithLogin, WithTokenSource, or
// WithBasicAuth with other credentials) replaces the seeded Basic auth.
//
// The client paces itself as a client of the real portal does (the SDK's default; its waits
// for a rate-limit window are not retry waits): under WithRateLimit its logins keep to the
// limit and nothing else waits, under WithRequestRateLimit every request keeps to it, so a
// test meets no 429 it would not meet on the portal, only sooner. Clients of one Server and
// account share the limit, as the portal's do.
func (s *Server) Client(opts ...unmetered.Option) (*unmetered.Client, error) {
	base := []unmetered.Option{
		unmetered.WithBaseURL(s.URL()),
		unmetered.WithHTTPClient(s.ts.Client()),
		unmetered.WithRetryWait(0, 0),
	}
	basic := unmetered.WithBasicAuth(s.cfg.username, s.cfg.password)
	c, err := unmetered.NewClient(append(append(base[:len(base):len(base)], basic), opts...)...)
	if err == nil {
		return c, nil
	}
	// The SDK refuses two authentication options. If opts bring their own, leaving the seeded
	// Basic auth out is the only change, so a second error is the caller's own.
	if c, err2 := unmetered.NewClient(append(base, opts...)...); err2 == nil {
		return c, nil
	}
	return nil, err
}

// Close shuts the server down, ending any delay a Fault is holding. It is safe to call twice.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
}

// now is the server's clock.
func (s *Server) now() time.Time { return s.cfg.now() }

// serve answers one API request: it applies the rate limit, routes it, counts and records it,
// applies any injected fault, authenticates it and runs the route's handler on the state.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rec := Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Auth: authScheme(r)}
	rt, params, allowed := match(r.Method, r.URL.EscapedPath())
	status := 0
	// The request is logged before any byte of its answer leaves (or its connection is
	// dropped), so a client that has its answer finds the request in Requests.
	lw := &loggingWriter{ResponseWriter: w, log: func(code int) { rec.Status = code; s.record(rec) }}
	w = lw
	// The Date header follows the server's clock, as its tokens and rate-limit windows do.
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	defer func() { lw.logOnce(status) }() // an answer never written (a handler that panicked): logged as it ends
	pattern := ""
	if rt != nil {
		pattern = rt.pattern
	}
	if s.rate != nil && s.rate.counts(r.Method, pattern) {
		if !s.rate.admit(s.now(), w.Header()) {
			if rt != nil {
				rec.Route = rt.pattern
				s.tally(rt.key())
			}
			status = writeReply(w, errorReply(http.StatusTooManyRequests, "Too many requests"))
			return
		}
	}
	if rt == nil {
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			status = writeReply(w, errorReply(http.StatusMethodNotAllowed, "Method "+r.Method+" is not allowed here"))
			return
		}
		status = writeReply(w, errorReply(http.StatusNotFound, "Not found"))
		return
	}
	rec.Route = rt.pattern
	body, err := readBody(r)
	rec.Body = s.redact(body)
	f := s.take(rt.key())
	if f != nil && !f.AfterAction {
		var served bool
		if status, served = s.applyFault(w, r, f); served {
			return
		}
	}
	rp := s.handle(r, rt, params, body, err)
	if f != nil && f.AfterAction {
		status = s.applyFaultAfter(w, r, f, rp)
		return
	}
	status = writeReply(w, rp)
}

// handle authenticates a routed request and runs its handler on the state: the portal acting
// on the request. readErr is the error of reading its body.
func (s *Server) handle(r *http.Request, rt *route, params map[string]string, body []byte, readErr error) reply {
	if readErr != nil {
		return errorReply(http.StatusBadRequest, "Cannot read the request body")
	}
	in, err := parseInput(r, body)
	if err != nil {
		return errorReply(http.StatusBadRequest, err.Error())
	}
	c := &call{srv: s, r: r, params: params, in: in}
	// Public routes are served whatever the credentials; /revoke still reads them.
	if c.authFailure = s.authenticate(c); c.authFailure != nil && !rt.public {
		rp := *c.authFailure
		rp.header = map[string]string{"WWW-Authenticate": `Basic realm="Unmetered client area"`}
		return rp
	}
	return s.run(c, rt.h)
}

// run calls h with the state locked, and encodes its reply while the lock is still held, so
// that no reply shares memory with the state once the lock is released.
func (s *Server) run(c *call, h handler) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.st = s.st
	return h(c).encode()
}

// loggingWriter logs its request, once, just before the answer's status line is written or the
// connection is hijacked (status 0): the moment the client can learn anything.
type loggingWriter struct {
	http.ResponseWriter
	log    func(status int)
	logged bool
}

func (w *loggingWriter) logOnce(status int) {
	if !w.logged {
		w.logged = true
		w.log(status)
	}
}

func (w *loggingWriter) WriteHeader(code int) {
	w.logOnce(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *loggingWriter) Write(b []byte) (int, error) {
	w.logOnce(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Hijack logs the request with status 0 (no answer) and hands over the connection.
func (w *loggingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	w.logOnce(0)
	return hj.Hijack()
}

// Flush passes on to the underlying writer when it can flush.
func (w *loggingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
