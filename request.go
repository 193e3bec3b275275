package unmetered

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The request pipeline: every service method's call goes through do (or doStream), which
// encodes the body, authorises, sends through the retrying transport, buffers and decodes.

// request is one API call as the shared path sees it.
type request struct {
	method   string
	route    string // path below the base URL, escaped, with an optional "?query"
	template string // the endpoint's path as the API reference writes it, e.g. "/domain/@id"
	body     any    // JSON-encoded when non-nil
	// class says whether the request may be sent again once it may have reached the server:
	// the endpoint's class from endpointClasses, unless the call overrides it.
	class  replayClass
	noAuth bool // sent without an Authorization header (login, token refresh)
	stream bool // the caller reads the body itself (doStream); otherwise it is buffered
	// secrets are values this call sends that must not reach its errors besides the client's
	// own credentials: a password or refresh token in the body, the bearer token of an attempt.
	secrets []string
	// reached is set once an attempt may have reached the server: it was sent and then lost, it
	// was answered with a redirect, or its answer was one a retry does not decode (502, say).
	// The retry and redirect policies set it as attempts end (in the goroutine that runs send);
	// a send-once request is not sent again after it, and every error of the call carries it
	// for MaybeApplied.
	reached bool
	// redaction: the spellings of secrets and of the body's credentials, once the call fails.
	redaction *callSecrets
	// replayed is set when an attempt is sent again after one that may have reached the
	// server (by checkRetry, in the goroutine that runs send). A DELETE answered 404 then
	// succeeded: the earlier attempt deleted the object (see call).
	replayed bool
	// redirectedAs is the method of the latest redirect hop of the current attempt ("" before
	// any), set by the redirect policy: a 302 makes a DELETE a GET.
	redirectedAs string

	// What send needs per call is kept in the request, which is allocated anyway, rather than
	// allocated beside it.

	// Context is the caller's context, set by send. The request is the context of its own
	// attempts (see Value).
	context.Context
	// attempt is what the retrying transport sends (made again for a replay after a 401).
	attempt retryablehttp.Request
	// answer is the body of the response once bufferBody has read it.
	answer bufferedBody
	// credential is room for the bearer token send adds to secrets.
	credential [1]string
}

// Value returns the request itself for requestKey{} (see requestOf), and the caller's
// context's value for any other key. send makes the request the context of its attempts, so
// that the retry and redirect policies and the pacer find it there, without deriving a
// context for it.
func (r *request) Value(key any) any {
	if key == (requestKey{}) {
		return r
	}
	return r.Context.Value(key)
}

// do sends the request rt names and decodes the JSON response into out (which may be nil). It
// is retried as the endpoint's class in endpointClasses allows.
func (c *Client) do(ctx context.Context, rt route, body, out any) error {
	return c.call(ctx, rt.request(body), out)
}

// doReadOnly is do for a call that changes nothing although its endpoint may (the upgrade
// estimate: POST /service/@id/upgrade with "send": false): it is retried as replay-safe,
// whatever the endpoint's class.
func (c *Client) doReadOnly(ctx context.Context, rt route, body, out any) error {
	r := rt.request(body)
	r.class = replaySafe
	return c.call(ctx, r, out)
}

// request is the request for rt with body (nil for none), of the class of rt's endpoint.
func (rt route) request(body any) *request {
	return &request{method: rt.method, route: rt.path, template: rt.template, body: body,
		class: classOf(rt.method, rt.template)}
}

// doStream sends a GET and returns the successful response with its body unread, for downloads
// that must not be buffered. The caller must close the body. Failures are decoded as by do,
// including a 2xx JSON body that is the portal's failure envelope.
func (c *Client) doStream(ctx context.Context, rt route) (_ *http.Response, err error) {
	r := rt.request(nil)
	r.stream = true
	defer func() { err = c.redactErr(r, err) }() // the one exit of every streamed call's errors
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer drainAndClose(resp.Body)
		body, _ := readLimited(resp.Body, errorBodyBytes)
		return nil, r.failed(c.newError(r, resp, body, nil), statusMayHaveApplied(resp.StatusCode))
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
		return nil, r.failed(c.wrapTransportError(ctx, r, fmt.Errorf("reading response: %w", err)), true)
	}
	if len(head) <= errorBodyBytes {
		if err := c.envelopeError(r, resp, head); err != nil {
			drainAndClose(resp.Body)
			return nil, r.failed(err, false)
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

func (c *Client) call(ctx context.Context, r *request, out any) (err error) {
	defer func() { err = c.redactErr(r, err) }() // the one exit of every buffered call's errors
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	// The retry loop has buffered the body unless it gave up on a retryable status. bufferBody
	// closes the body it reads and puts its buffer (or, failing, nothing) in its place: the
	// body to close at the end is the one it leaves.
	if err := c.bufferBody(r, resp); err != nil {
		return r.failed(c.wrapTransportError(ctx, r, err), true)
	}
	defer drainAndClose(resp.Body)
	if deletedByEarlierAttempt(r, resp) {
		c.logger.LogAttrs(ctx, slog.LevelDebug, "unmetered: a replayed DELETE was answered 404: an earlier attempt deleted it",
			slog.String("method", r.method), slog.String("path", routePath(r.route)))
		return nil
	}
	if err := ctx.Err(); err != nil { // a cancelled call does not spend its time decoding
		return r.failed(c.wrapTransportError(ctx, r, err), true)
	}
	return c.decode(r, resp, resp.Body.(*bufferedBody).bytes(), out)
}

// bufferBody reads resp's body into memory, at most c.maxBody bytes, and puts the buffered copy in
// its place. send runs it inside the retry loop (as the request's response handler), so a
// connection that breaks while the body is read is retried exactly like one that breaks before
// the response: only if the request is replay-safe. A body over the limit is an *Error, which
// checkRetry never retries; it costs no allocation when its Content-Length announces it, and at
// most c.maxBody+1 bytes when it must be read to be found (see readBody).
func (c *Client) bufferBody(r *request, resp *http.Response) error {
	if _, ok := resp.Body.(*bufferedBody); ok {
		return nil
	}
	tooLarge := func() error {
		return &Error{StatusCode: resp.StatusCode, Method: r.method, Path: routePath(r.route),
			Messages: []string{fmt.Sprintf("response body exceeds the SDK's %s limit (WithMaxResponseSize raises it)", sizeText(c.maxBody))}}
	}
	if resp.ContentLength > c.maxBody { // refuse by its announced length, without reading it
		_ = resp.Body.Close()
		resp.Body = http.NoBody
		return tooLarge()
	}
	pooled := getBuf()
	data, err := readBody(resp.Body, *pooled, resp.ContentLength, int(c.maxBody))
	_ = resp.Body.Close()
	if errors.Is(err, errBodyTooLarge) {
		err = tooLarge()
	} else if err != nil {
		err = fmt.Errorf("reading response: %w", err)
	}
	if err != nil {
		putBuf(pooled, *pooled)
		resp.Body = http.NoBody
		return err
	}
	if sb, ok := resp.Body.(*stallBody); ok {
		sb.recycle() // read and closed, and about to be replaced: nothing else holds it
	}
	r.answer = bufferedBody{data: data, pool: pooled}
	resp.Body = &r.answer
	return nil
}

// decode maps a buffered response to out or to an *Error. A 2xx response the client cannot
// read (empty, not JSON, not of out's shape) is an error that may have been applied; one that
// carries the portal's failure envelope is the server's report that it was not.
func (c *Client) decode(r *request, resp *http.Response, body []byte, out any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return r.failed(c.newError(r, resp, body, nil), statusMayHaveApplied(resp.StatusCode))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if resp.StatusCode == http.StatusNoContent {
			return nil
		}
		// The portal always answers with JSON; an empty 200 (a PHP fatal error, a proxy) says
		// nothing about whether the request succeeded.
		return r.failed(&Error{StatusCode: resp.StatusCode, Method: r.method, Path: routePath(r.route),
			Messages: []string{"the response body is empty"}}, true)
	}
	if out == nil {
		if !validJSON(body) {
			// A method that returns nothing still needs a JSON answer: an HTML login page or a
			// cut-off body behind a 200 is not a success.
			return r.failed(c.newError(r, resp, body, nil), true)
		}
		if msgs, failed := validEnvelopeFailure(body, nil); failed {
			return r.failed(c.newError(r, resp, body, msgs), false)
		}
		return nil
	}
	msgs, failed, err := decodeInto(body, out) // one parse: the envelope is read in the same pass
	if failed {
		return r.failed(c.newError(r, resp, body, msgs), false)
	}
	if err != nil {
		var syn *json.SyntaxError
		var keyErr *keyError
		if errors.As(err, &keyErr) { // already says what it decoded
			return r.failed(fmt.Errorf("unmetered: %s %s: %w", r.method, routePath(r.route), err), true)
		}
		if errors.As(err, &syn) {
			// Not JSON at all (an HTML page behind a 200): report what came, not a parser error.
			return r.failed(c.newError(r, resp, body, nil), true)
		}
		return r.failed(fmt.Errorf("unmetered: %s %s: decoding the response: %w", r.method, routePath(r.route), err), true)
	}
	return nil
}

// send performs the request through the retrying transport, with authentication and, for a
// 401 answered to a bearer token, one refresh and replay. Its errors carry whether the request
// may have been applied (see request.failed).
func (c *Client) send(ctx context.Context, r *request) (*http.Response, error) {
	if ctx == nil {
		return nil, r.failed(fmt.Errorf("%w: nil context", ErrInvalidArgument), false)
	}
	if err := ctx.Err(); err != nil {
		return nil, r.failed(c.wrapTransportError(ctx, r, err), false)
	}
	var payload any // nil interface: no body at all
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, r.failed(fmt.Errorf("unmetered: %s %s: encoding the request: %w", r.method, routePath(r.route), err), false)
		}
		payload = b
	}
	// The retry and redirect policies find the request through its context: the request.
	r.Context = ctx
	if r.secrets == nil {
		r.secrets = r.credential[:0]
	}
	target := c.baseURL + r.route
	var handler retryablehttp.ResponseHandlerFunc
	if !r.stream {
		handler = func(resp *http.Response) error { return c.bufferBody(r, resp) }
	}
	for replayed := false; ; replayed = true {
		hreq, err := http.NewRequestWithContext(r, r.method, target, nil)
		if err == nil {
			r.attempt = retryablehttp.Request{Request: hreq}
			err = r.attempt.SetBody(payload)
		}
		if err != nil {
			return nil, r.failed(fmt.Errorf("unmetered: %s %s: building the request: %w", r.method, routePath(r.route), err), false)
		}
		req := &r.attempt
		req.SetResponseHandler(handler)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", c.userAgent)
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		var credential string
		if !r.noAuth && c.auth != nil {
			if credential, err = c.auth.authorize(ctx, req.Header); err != nil {
				return nil, r.failed(c.wrapTransportError(ctx, r, err), false) // not sent
			}
			if credential != "" {
				r.secrets = append(r.secrets, credential)
			}
		}
		c.secrets.learn(r.secrets...) // so that Redact knows them, also once they are replaced
		logged := c.logger.Enabled(ctx, slog.LevelDebug)
		var start time.Time
		if logged { // the clock is read for the log line alone
			start = time.Now()
		}
		resp, err := c.rc.Do(req)
		if err != nil {
			// checkRetry has recorded in r.reached whether any attempt may have reached the
			// server; this error adds nothing to that (a wait cancelled between attempts, say).
			return nil, r.failed(c.wrapTransportError(ctx, r, err), false)
		}
		if logged {
			c.logger.LogAttrs(ctx, slog.LevelDebug, "unmetered: request",
				slog.String("method", r.method), slog.String("path", routePath(r.route)),
				slog.Int("status", resp.StatusCode), slog.Duration("duration", time.Since(start)))
		}
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
	var rlErr *RateLimitError
	if errors.As(err, &rlErr) {
		return rlErr // the pacer's refusal: it names the request, and nothing else is to say
	}
	return fmt.Errorf("unmetered: %s %s: %w", r.method, routePath(r.route), c.secrets.redactErr(err, r.secrets...))
}

// beforeAttempt runs before each attempt of a request (retryablehttp's RequestLogHook): it
// starts the attempt's own record on the request and logs a retry.
func (c *Client) beforeAttempt(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if r := requestOf(req.Context()); r != nil {
		r.redirectedAs = ""
	}
	if attempt > 0 {
		c.logger.LogAttrs(req.Context(), slog.LevelDebug, "unmetered: retrying request",
			slog.String("method", req.Method), slog.String("path", req.URL.Path), slog.Int("attempt", attempt+1))
	}
}

// errRedirectRefused is wrapped by the error of a redirect the client does not follow.
var errRedirectRefused = errors.New("redirect refused")

// redirectPolicy returns the client's redirect policy. A redirect is the server's answer, so it
// first marks the request as having reached the server: whatever happens to the follow-up, a
// send-once request is not sent again. Then it keeps credentials at the base URL's origin
// (scheme, host and port): a redirect elsewhere loses the Authorization, Cookie and Referer
// headers (the last would show the request's path and query there), and one that would carry
// the request body there (a 307 or 308 of a request with a body) is refused with an error
// instead, as the body may hold a password, a refresh token or the caller's data. A 307 or 308
// of a request without a body (a GET, a DELETE) carries nothing of the caller's once its
// credentials are off, so it is followed like a 302, keeping its method. net/http itself keeps
// the Authorization header for a subdomain, another port and a downgrade from https to http,
// and resends the body. Last it applies next, the caller's own policy, or else stops after 10
// redirects.
func redirectPolicy(baseURL string, next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	base, _ := url.Parse(baseURL) // validated by parseBaseURL
	home := origin(base)
	return func(req *http.Request, via []*http.Request) error {
		if r := requestOf(req.Context()); r != nil {
			r.reached = true
			r.redirectedAs = req.Method
		}
		if there := origin(req.URL); there != home {
			// A 307 or 308 resends the body; GetBody alone says nothing (retryablehttp sets it
			// for a request without a body too), the body and its length do.
			if req.ContentLength != 0 || req.Body != nil && req.Body != http.NoBody {
				status := 0
				if req.Response != nil {
					status = req.Response.StatusCode
				}
				return fmt.Errorf("%w: a %d to %s would resend the request body to another origin than the API's",
					errRedirectRefused, status, there)
			}
			for _, h := range []string{"Authorization", "Cookie", "Referer"} { // Referer: our path and query
				req.Header.Del(h)
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return fmt.Errorf("%w: stopped after 10 redirects", errRedirectRefused)
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

// drainAndClose reads what is left of a body (up to a bound) so the connection can be reused.
// A body bufferBody has read is only closed: its connection has been free since.
func drainAndClose(body io.ReadCloser) {
	if _, buffered := body.(*bufferedBody); !buffered {
		_, _ = io.CopyN(io.Discard, body, 64<<10)
	}
	_ = body.Close()
}

func readLimited(r io.Reader, n int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, n))
}
