package unmetered

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Version is the SDK's version; it is part of the default User-Agent.
const Version = "0.1.0"

// DefaultBaseURL is the API root of the Unmetered client portal.
const DefaultBaseURL = "https://unmetered.management/api"

// Defaults applied by NewClient when the matching option is not given.
const (
	DefaultRetryMax     = 3
	DefaultRetryWaitMin = 500 * time.Millisecond
	DefaultRetryWaitMax = 15 * time.Second
)

// maxBodyBytes bounds how much of a JSON response the client reads. Larger bodies are an error
// rather than an unbounded allocation; streaming downloads (attachments, certificates) are not limited.
const maxBodyBytes = 32 << 20

// Client talks to the Unmetered client-portal API. Create one with NewClient and share it:
// it is safe for concurrent use, and it reuses connections and (in JWT mode) its session.
type Client struct {
	baseURL   string
	userAgent string
	logger    *slog.Logger
	rc        *retryablehttp.Client
	auth      authorizer
	secrets   *secrets

	// Auth covers the session endpoints: login, logout, token refresh and revocation.
	Auth *AuthService
	// Account covers the "Clientarea" endpoints: profile, logs, affiliates, contacts,
	// notifications and statuses.
	Account *AccountService
	// Services covers the "Services" endpoints: services, upgrades, cancellation, labels, IP
	// addresses, reverse DNS and bandwidth.
	Services *ServicesService
	// Domains covers domain registrations: nameservers, registrar settings, contacts, forwarding,
	// DNSSEC, registrar-hosted DNS records, and buying and renewing domains.
	Domains *DomainsService
	// Cart covers product categories, products, orders and order quotes.
	Cart *CartService
	// DNS covers the DNS zones of the account's DNS services and their records.
	DNS *DNSService
	// Billing covers the account balance, invoices, applying credit and payment methods.
	Billing *BillingService
	// Support covers support tickets, their replies and attachments, and ticket departments.
	Support *SupportService
	// Certificates covers SSL certificates: listing, details, download, products and ordering.
	Certificates *CertificatesService
}

// service is the common shape of every API section's service: a handle on the client.
type service struct {
	client *Client
}

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
		return c.setAuth("WithBasicAuth", b, password, b.header[len("Basic "):])
	}
}

// WithLogin authenticates with a JWT session: the client logs in with POST /login on its first
// request, sends "Authorization: Bearer <token>", refreshes the token with POST /token shortly
// before it expires, and logs in again if the refresh is refused. Concurrent requests share one
// login or refresh.
func WithLogin(username, password string) Option {
	return func(c *config) error {
		if username == "" || password == "" {
			return fmt.Errorf("%w: WithLogin needs a non-empty username and password", ErrInvalidArgument)
		}
		src := &loginSource{username: username, password: password, sem: make(chan struct{}, 1)}
		if err := c.setAuth("WithLogin", tokenAuth{src: src}, password); err != nil {
			return err
		}
		c.jwt = src
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
		return c.setAuth("WithTokenSource", tokenAuth{src: src})
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

// WithLogger makes the client log each request (method, path, status, duration, attempt) and
// each retry at debug level through l. Headers, bodies and credentials are never logged.
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

// NewClient returns a client configured by opts. Without WithBaseURL it talks to DefaultBaseURL;
// without an authentication option it sends no Authorization header (only POST /login and
// POST /token work then). It returns an error wrapping ErrInvalidArgument for any invalid option.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		baseURL:   DefaultBaseURL,
		retryMax:  DefaultRetryMax,
		waitMin:   DefaultRetryWaitMin,
		waitMax:   DefaultRetryWaitMax,
		userAgent: "unmetered-go/" + Version,
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("%w: nil Option", ErrInvalidArgument)
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.httpClient == nil {
		cfg.httpClient = &http.Client{Transport: defaultTransport()}
	}
	// A copy, so the caller's client is left as it was: its redirect policy still decides,
	// after credentials are taken off any redirect that leaves the API's origin.
	hc := *cfg.httpClient
	hc.CheckRedirect = credentialsStayHome(cfg.baseURL, cfg.httpClient.CheckRedirect)
	logger := cfg.logger
	if logger == nil {
		logger = slog.New(discardHandler{})
	}

	c := &Client{
		baseURL:   cfg.baseURL,
		userAgent: cfg.userAgent,
		logger:    logger,
		auth:      cfg.auth,
		secrets:   newSecrets(cfg.secrets...),
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:   &hc,
		RetryMax:     cfg.retryMax,
		RetryWaitMin: cfg.waitMin,
		RetryWaitMax: cfg.waitMax,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		// Keep the last response so its body becomes the error's message.
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: c.logRetry,
		// Logger stays nil: retryablehttp itself never writes anywhere; the client logs through slog.
	}
	if cfg.jwt != nil {
		cfg.jwt.client = c
		c.secrets.owner = cfg.jwt
	}
	c.Auth = &AuthService{client: c, session: cfg.jwt}
	c.Account = &AccountService{client: c}
	c.Services = &ServicesService{client: c}
	c.Domains = &DomainsService{client: c}
	c.Cart = &CartService{client: c}
	c.DNS = &DNSService{client: c}
	c.Billing = &BillingService{client: c}
	c.Support = &SupportService{client: c}
	c.Certificates = &CertificatesService{client: c}
	return c, nil
}

// credentialsStayHome returns a redirect policy that removes the Authorization header from a
// redirect to any other origin than baseURL's (scheme, host and port), then applies next (or
// net/http's default of at most 10 redirects). net/http itself keeps the header for a subdomain,
// another port, and a downgrade from https to http.
func credentialsStayHome(baseURL string, next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	base, _ := url.Parse(baseURL) // validated by parseBaseURL
	home := origin(base)
	return func(req *http.Request, via []*http.Request) error {
		if origin(req.URL) != home {
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// origin is "scheme://host:port" of u, with the scheme's default port made explicit.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

func defaultTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 60 * time.Second
	t.MaxIdleConnsPerHost = 16
	return t
}

// parseBaseURL validates and normalises a base URL: https (or http on a loopback host), a host, no
// credentials, query or fragment, no trailing slash.
func parseBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("%w: base URL %q cannot be parsed", ErrInvalidArgument, raw)
	}
	if u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: base URL %q needs a scheme and a host, like %s", ErrInvalidArgument, raw, DefaultBaseURL)
	}
	if u.User != nil {
		return "", fmt.Errorf("%w: base URL must not carry credentials; use WithBasicAuth or WithLogin", ErrInvalidArgument)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", fmt.Errorf("%w: base URL %q must not have a query or fragment", ErrInvalidArgument, raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("%w: base URL %q is not https; plain http is only allowed for a loopback host", ErrInvalidArgument, raw)
		}
	default:
		return "", fmt.Errorf("%w: base URL %q must use https", ErrInvalidArgument, raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// request is one API call as the shared path sees it.
type request struct {
	method   string
	route    string // path below the base URL, escaped, with an optional "?query"
	template string // the endpoint's path as the API reference writes it, e.g. "/domain/@id"
	body     any    // JSON-encoded when non-nil
	// replayable: the request may be sent again after it may have reached the server (it has no
	// side effect, or repeating it is harmless). Side-effect POSTs are not replayable.
	replayable bool
	noAuth     bool // sent without an Authorization header (login, token refresh)
	stream     bool // the caller reads the body itself (doStream); otherwise it is buffered
	// secrets are values this call sends that must not reach its errors besides the client's
	// own credentials: a password or refresh token in the body, the bearer token of an attempt.
	secrets []string
}

// do sends the request rt names and decodes the JSON response into out (which may be nil). GET,
// PUT and DELETE may be retried on transient failures; POST is treated as a side effect and is
// sent again only when it cannot have reached the server. Use doReadOnly for a POST that changes
// nothing.
func (c *Client) do(ctx context.Context, rt route, body, out any) error {
	return c.call(ctx, rt.request(body), out)
}

// doReadOnly is do for a POST that changes nothing on the server (a lookup, a quote, an
// estimate): it is retried like a GET.
func (c *Client) doReadOnly(ctx context.Context, rt route, body, out any) error {
	r := rt.request(body)
	r.replayable = true
	return c.call(ctx, r, out)
}

// request is the request for rt with body (nil for none), replayable unless it is a POST.
func (rt route) request(body any) *request {
	return &request{method: rt.method, route: rt.path, template: rt.template, body: body, replayable: rt.method != http.MethodPost}
}

// doStream sends a GET and returns the successful response with its body unread, for downloads
// that must not be buffered. The caller must close the body. Failures are decoded as by do,
// including a 2xx JSON body that is the portal's failure envelope.
func (c *Client) doStream(ctx context.Context, rt route) (*http.Response, error) {
	r := rt.request(nil)
	r.replayable, r.stream = true, true
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer drainAndClose(resp.Body)
		body, _ := readLimited(resp.Body, errorBodyBytes)
		return nil, c.newError(r, resp, body, nil)
	}
	if resp.Body, err = c.checkStreamEnvelope(ctx, r, resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// checkStreamEnvelope looks into a streamed 2xx response that says it is JSON for the portal's
// failure envelope ({"error": [...]} or "success": false), reading at most errorBodyBytes. It
// returns the body to hand to the caller (the bytes read are put back in front), or the
// failure as an *Error, the body then closed. Other content types are returned untouched.
func (c *Client) checkStreamEnvelope(ctx context.Context, r *request, resp *http.Response) (io.ReadCloser, error) {
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mediaType != "application/json" && !strings.HasSuffix(mediaType, "+json") {
		return resp.Body, nil
	}
	head, err := readLimited(resp.Body, errorBodyBytes+1)
	if err != nil {
		drainAndClose(resp.Body)
		return nil, c.wrapTransportError(ctx, r, fmt.Errorf("reading response: %w", err))
	}
	if len(head) <= errorBodyBytes {
		if err := c.envelopeError(r, resp, head); err != nil {
			drainAndClose(resp.Body)
			return nil, err
		}
	}
	return struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}, nil
}

// envelopeError returns the *Error for a 2xx body of a streamed GET that is the portal's failure
// envelope, or nil.
func (c *Client) envelopeError(r *request, resp *http.Response, body []byte) error {
	if msgs, failed := envelopeFailure(body); failed {
		return c.newError(r, resp, body, msgs)
	}
	return nil
}

func (c *Client) call(ctx context.Context, r *request, out any) error {
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer drainAndClose(resp.Body)
	// The retry loop has buffered the body unless it gave up on a retryable status.
	if err := c.bufferBody(r, resp); err != nil {
		return c.wrapTransportError(ctx, r, err)
	}
	return c.decode(r, resp, resp.Body.(*bufferedBody).bytes(), out)
}

// bufferBody reads resp's body into memory, at most maxBodyBytes, and puts the buffered copy in
// its place. send runs it inside the retry loop (as the request's response handler), so a
// connection that breaks while the body is read is retried exactly like one that breaks before
// the response: only if the request is replayable. A body over the limit is an *Error, which
// checkRetry never retries.
func (c *Client) bufferBody(r *request, resp *http.Response) error {
	if _, ok := resp.Body.(*bufferedBody); ok {
		return nil
	}
	tooLarge := func() error {
		return &Error{StatusCode: resp.StatusCode, Method: r.method, Path: routePath(r.route),
			Messages: []string{fmt.Sprintf("response body exceeds the SDK's %d MiB limit", maxBodyBytes>>20)}}
	}
	if resp.ContentLength > maxBodyBytes { // refuse by its announced length, without reading it
		_ = resp.Body.Close()
		resp.Body = http.NoBody
		return tooLarge()
	}
	buf := bufPool.Get().(*bytes.Buffer)
	_, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBodyBytes+1))
	_ = resp.Body.Close()
	if err == nil && buf.Len() > maxBodyBytes {
		err = tooLarge()
	} else if err != nil {
		err = fmt.Errorf("reading response: %w", err)
	}
	if err != nil {
		putBuf(buf)
		resp.Body = http.NoBody
		return err
	}
	resp.Body = &bufferedBody{Reader: bytes.NewReader(buf.Bytes()), buf: buf}
	return nil
}

// bufferedBody is a response body read into a pooled buffer; Close returns the buffer.
type bufferedBody struct {
	*bytes.Reader
	buf *bytes.Buffer
}

func (b *bufferedBody) bytes() []byte { return b.buf.Bytes() }

func (b *bufferedBody) Close() error {
	if b.buf != nil {
		putBuf(b.buf)
		b.buf = nil
	}
	return nil
}

// decode maps a buffered response to out or to an *Error.
func (c *Client) decode(r *request, resp *http.Response, body []byte, out any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.newError(r, resp, body, nil)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if resp.StatusCode == http.StatusNoContent {
			return nil
		}
		// The portal always answers with JSON; an empty 200 (a PHP fatal error, a proxy) says
		// nothing about whether the request succeeded.
		return &Error{StatusCode: resp.StatusCode, Method: r.method, Path: routePath(r.route),
			Messages: []string{"the response body is empty"}}
	}
	if msgs, failed := envelopeFailure(body); failed {
		return c.newError(r, resp, body, msgs)
	}
	if out == nil {
		if !json.Valid(body) {
			// A method that returns nothing still needs a JSON answer: an HTML login page or a
			// cut-off body behind a 200 is not a success.
			return c.newError(r, resp, body, nil)
		}
		return nil
	}
	unmarshal := json.Unmarshal
	if bd, ok := out.(bodyDecoder); ok {
		unmarshal = func(body []byte, _ any) error { return bd.decodeBody(body) }
	}
	if err := unmarshal(body, out); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			// Not JSON at all (an HTML page behind a 200): report what came, not a parser error.
			return c.newError(r, resp, body, nil)
		}
		return fmt.Errorf("unmetered: %s %s: decoding the response: %w", r.method, routePath(r.route), err)
	}
	return nil
}

// send performs the request through the retrying transport, with authentication and, for a
// 401 answered to a bearer token, one refresh and replay.
func (c *Client) send(ctx context.Context, r *request) (*http.Response, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%w: nil context", ErrInvalidArgument)
	}
	if err := ctx.Err(); err != nil {
		return nil, c.wrapTransportError(ctx, r, err)
	}
	var payload any // nil interface: no body at all
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("unmetered: %s %s: encoding the request: %w", r.method, routePath(r.route), err)
		}
		payload = b
	}
	rctx := context.WithValue(ctx, replayableKey{}, r.replayable)
	for replayed := false; ; replayed = true {
		req, err := retryablehttp.NewRequestWithContext(rctx, r.method, c.baseURL+r.route, payload)
		if err != nil {
			return nil, fmt.Errorf("unmetered: %s %s: building the request: %w", r.method, routePath(r.route), err)
		}
		if !r.stream {
			req.SetResponseHandler(func(resp *http.Response) error { return c.bufferBody(r, resp) })
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", c.userAgent)
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		var credential string
		if !r.noAuth && c.auth != nil {
			if credential, err = c.auth.authorize(ctx, req.Header); err != nil {
				return nil, c.wrapTransportError(ctx, r, err)
			}
			if credential != "" {
				r.secrets = append(r.secrets, credential)
			}
		}
		start := time.Now()
		resp, err := c.rc.Do(req)
		if err != nil {
			return nil, c.wrapTransportError(ctx, r, err)
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, "unmetered: request",
			slog.String("method", r.method), slog.String("path", routePath(r.route)),
			slog.Int("status", resp.StatusCode), slog.Duration("duration", time.Since(start)))
		if resp.StatusCode == http.StatusUnauthorized && !replayed && !r.noAuth && c.auth != nil &&
			c.auth.unauthorized(ctx, credential) {
			drainAndClose(resp.Body)
			continue
		}
		return resp, nil
	}
}

// wrapTransportError reports a failure that produced no HTTP response. A cancelled or expired
// context is reported as the context's error (errors.Is works with context.Canceled and
// context.DeadlineExceeded).
func (c *Client) wrapTransportError(ctx context.Context, r *request, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w (%s)", ctxErr, err.Error())
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return err // already an API error (a failed login while authorising)
	}
	return fmt.Errorf("unmetered: %s %s: %w", r.method, routePath(r.route), c.secrets.redactErr(err, r.secrets...))
}

func (c *Client) logRetry(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if attempt > 0 {
		c.logger.LogAttrs(req.Context(), slog.LevelDebug, "unmetered: retrying request",
			slog.String("method", req.Method), slog.String("path", req.URL.Path), slog.Int("attempt", attempt+1))
	}
}

type replayableKey struct{}

// checkRetry decides whether a failed attempt is sent again. It never repeats a request that
// is not replayable once it may have reached the server: such a request is retried only after a
// dial failure (no connection was made) or a 429 (the server refused it without acting).
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	replayable, _ := ctx.Value(replayableKey{}).(bool)
	if err != nil {
		if neverSent(err) {
			return true, nil
		}
		return replayable && retryableTransportError(err), nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true, nil
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return replayable, nil
	}
	return false, nil
}

// neverSent reports whether err happened before any byte of the request could reach the server.
func neverSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// retryableTransportError excludes failures that another attempt cannot fix: certificate
// problems, redirect loops, malformed requests, a response the client refused (an *Error from
// bufferBody: a body over the limit).
func retryableTransportError(err error) bool {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return false
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostErr) {
		return false
	}
	msg := err.Error()
	return !strings.Contains(msg, "stopped after") && !strings.Contains(msg, "unsupported protocol scheme") &&
		!strings.Contains(msg, "invalid header")
}

func jitter(d time.Duration) time.Duration {
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// backoff waits the server's Retry-After when it gives one (capped at max), otherwise an
// exponential delay from min, doubled per attempt, capped at max, with jitter in its upper half.
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header, time.Now()); ok {
			if d > max {
				d = max
			}
			return d
		}
	}
	d := min
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max || d <= 0 && min > 0 {
		d = max
	}
	if half := d / 2; half > 0 {
		d = half + jitter(half)
	}
	return d
}

// retryAfter parses a Retry-After header given as seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := parseNonNegativeInt(v); err == nil {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

func parseNonNegativeInt(s string) (int64, error) {
	var n int64
	if s == "" || len(s) > 9 {
		return 0, errors.New("not a small non-negative integer")
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, errors.New("not a small non-negative integer")
		}
		n = n*10 + int64(r-'0')
	}
	return n, nil
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuf(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // let large buffers go rather than pin them
	}
	b.Reset()
	bufPool.Put(b)
}

// drainAndClose reads what is left of a body (up to a bound) so the connection can be reused.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}

func readLimited(r io.Reader, n int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, n))
}

// discardHandler is a slog.Handler that drops everything, for a client without WithLogger.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
