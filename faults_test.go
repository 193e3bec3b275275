package unmetered

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fault matrix: every fault below is injected into every request kind below, and each cell
// asserts how many attempts were made, how many reached the server, and which error the caller
// got. The expectations are written out per fault, not derived from the client's code, so a
// change to the retry policy fails here. README.md's "Retries" table is rendered from the same
// expectations (TestREADMERetriesTable), so the documentation cannot drift from the behaviour.

// faultRetryMax is the retry budget of every cell: a retried fault makes 1 + 2 attempts.
const faultRetryMax = 2

// requestKind is one endpoint of the matrix, representing its kind of request.
type requestKind struct {
	name     string // e.g. "GET Domains.Get"
	method   string
	route    string // below the base URL, as the server sees it
	sendOnce bool   // a send-once endpoint (see endpointClasses): never sent twice
	ok       string // a fixture for the no-fault control row
	call     func(context.Context, *Client) error
}

var faultKinds = []requestKind{
	{name: "GET Domains.Get", method: http.MethodGet, route: "/domain/47", ok: "domains/details.json",
		call: func(ctx context.Context, c *Client) error { _, err := c.Domains.Get(ctx, 47); return err }},
	{name: "PUT Domains.SetAutoRenew", method: http.MethodPut, route: "/domain/47/autorenew", ok: "domains/autorenew.json",
		call: func(ctx context.Context, c *Client) error {
			return c.Domains.SetAutoRenew(ctx, 47, AutoRenewRequest{Enabled: true})
		}},
	{name: "DELETE DNS.DeleteRecord", method: http.MethodDelete, route: "/service/10/dns/60/records/55", ok: "dns/record_deleted.json",
		call: func(ctx context.Context, c *Client) error {
			return c.DNS.DeleteRecord(ctx, &Zone{ServiceID: 10, ID: 60}, 55)
		}},
	{name: "read-only POST Cart.Quote", method: http.MethodPost, route: "/quote", ok: "cart/quote.json",
		call: func(ctx context.Context, c *Client) error {
			_, err := c.Cart.Quote(ctx, QuoteRequest{Items: []CartItem{ProductItem(1, "m")}})
			return err
		}},
	{name: "read-only POST Domains.Lookup", method: http.MethodPost, route: "/domain/lookup", ok: "domains/lookup.json",
		call: func(ctx context.Context, c *Client) error { _, err := c.Domains.Lookup(ctx, "example.com"); return err }},
	{name: "read-only POST Auth.Login", method: http.MethodPost, route: "/login", ok: "auth/login.json",
		call: func(ctx context.Context, c *Client) error {
			_, err := c.Auth.Login(ctx, testUser, testPassword)
			return err
		}},
	{name: "send-once POST Cart.OrderItems", method: http.MethodPost, route: "/order", sendOnce: true, ok: "cart/order_items.json",
		call: func(ctx context.Context, c *Client) error {
			_, err := c.Cart.OrderItems(ctx, CartOrderRequest{Items: []CartItem{ProductItem(1, "m")}})
			return err
		}},
	{name: "send-once POST Billing.ApplyCredit", method: http.MethodPost, route: "/invoice/12/credit", sendOnce: true, ok: "billing/credit.json",
		call: func(ctx context.Context, c *Client) error {
			_, err := c.Billing.ApplyCredit(ctx, 12, ApplyCreditRequest{})
			return err
		}},
	{name: "send-once POST Support.CreateTicket", method: http.MethodPost, route: "/tickets", sendOnce: true, ok: "support/ticket_created.json",
		call: func(ctx context.Context, c *Client) error {
			_, err := c.Support.CreateTicket(ctx, CreateTicketRequest{DepartmentID: 1, Subject: "s", Body: "b"})
			return err
		}},
	{name: "send-once DELETE Domains.DeleteDNSRecord", method: http.MethodDelete, route: "/domain/47/dns/2", sendOnce: true, ok: "domains/info.json",
		call: func(ctx context.Context, c *Client) error { return c.Domains.DeleteDNSRecord(ctx, 47, 2) }},
	{name: "send-once PUT Domains.AddDNSSECKey", method: http.MethodPut, route: "/domain/47/dnssec", sendOnce: true, ok: "domains/info.json",
		call: func(ctx context.Context, c *Client) error {
			return c.Domains.AddDNSSECKey(ctx, 47, DNSSECKeyRequest{Flags: DNSSECKeySigningKey, Algorithm: 13, PublicKey: "AwEAAa"})
		}},
}

// TestFaultKindsAreClassifiedAsTheTable keeps each kind's sendOnce equal to its endpoint's class.
func TestFaultKindsAreClassifiedAsTheTable(t *testing.T) {
	t.Parallel()
	for _, k := range faultKinds {
		template, ok := endpointOf(k.method, k.route)
		require.True(t, ok, k.name)
		assert.Equal(t, k.sendOnce, classOf(k.method, template) == sendOnce, k.name)
	}
}

// wantErr is the error a cell expects: a check, and its description for README.md. For an
// *Error the description is "`*Error` <status> <doc>", so that faults sharing a README row
// (502, 503, 504) can list their statuses in one cell.
type wantErr struct {
	doc    string
	status int // of an *Error; 0 for other errors
	check  func(t *testing.T, k requestKind, err error)
}

// attempts is what a class of request does under a fault: how many times the client sent it
// (tries) and how many of those reached the server (reached).
type attempts struct{ tries, reached int }

var (
	once    = attempts{1, 1}
	retried = attempts{1 + faultRetryMax, 1 + faultRetryMax}
)

// fault is one row of the matrix.
type fault struct {
	name string
	// row is the fault's line in README's table ("" keeps it out); faults sharing a row must
	// render the same cells.
	row string
	// respond is the server's (or the network's) answer to every attempt; nil answers the
	// kind's fixture with 200.
	respond httpmock.Responder
	// notSent marks a fault that happens before the request leaves the client; notActed one
	// where the server answers that it did not act on the request (429).
	notSent, notActed bool
	// elsewhere answers requests to any other URL than the kind's route (a redirect's target).
	elsewhere   httpmock.Responder
	httpTimeout time.Duration // http.Client.Timeout, when the fault needs one
	expiring    bool          // the call's context is an expiringCtx
	opts        []Option
	// replaySafe is the expectation for replay-safe endpoints, sendOnce for send-once ones.
	replaySafe, sendOnce attempts
	// applied is what MaybeApplied must say of the caller's error.
	applied bool
	err     wantErr
	waits   []time.Duration // the backoff asked before each retry, when checked
	// paced is the pacer's wait before each retry: only a 429 makes it wait (its Retry-After
	// holds back the client's requests).
	paced []time.Duration
}

// Bodies of the faults.
const (
	nginx502  = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>\n<body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>"
	loginPage = "<html><head><title>Client area</title></head><body><form>Please log in</form></body></html>"
	truncated = `{"details":{"id":"47","name":"example.com","status":"Act`
)

func faults() []fault {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	return []fault{
		{name: "no fault",
			replaySafe: once, sendOnce: once, err: noError()},
		{name: "connection refused", row: "connection refused, DNS failure (nothing was sent)",
			respond: httpmock.NewErrorResponder(refused), notSent: true,
			replaySafe: retried, sendOnce: retried,
			err: transportError("the dial error (`errors.Is(err, syscall.ECONNREFUSED)`)", syscall.ECONNREFUSED)},
		{name: "redirect to a host that refuses", row: "a redirect (302, 303) whose follow-up cannot connect or resolve",
			respond:   statusResponder(http.StatusFound, "", "Location", "https://gone.test/next"),
			elsewhere: httpmock.NewErrorResponder(refused),
			applied:   true, replaySafe: retried, sendOnce: once, err: lostRedirect()},
		{name: "redirect to a host that does not resolve", row: "a redirect (302, 303) whose follow-up cannot connect or resolve",
			respond:   statusResponder(http.StatusSeeOther, "", "Location", "https://gone.test/next"),
			elsewhere: httpmock.NewErrorResponder(&net.DNSError{Err: "no such host", Name: "gone.test", IsNotFound: true}),
			applied:   true, replaySafe: retried, sendOnce: once, err: lostRedirect()},
		{name: "connection reset before the response", row: "connection reset before the response",
			respond: httpmock.NewErrorResponder(reset),
			applied: true, replaySafe: retried, sendOnce: once,
			err: transportError("the network error (`errors.Is(err, syscall.ECONNRESET)`)", syscall.ECONNRESET)},
		{name: "connection reset mid-body", row: "connection reset while reading the response body",
			respond: func(*http.Request) (*http.Response, error) {
				return jsonResponse(200, &failingReader{data: []byte(`{"details":{"id":"47","name":"exa`), err: reset}, -1), nil
			},
			applied: true, replaySafe: retried, sendOnce: once,
			err: transportError("the network error (`errors.Is(err, syscall.ECONNRESET)`)", syscall.ECONNRESET)},
		{name: "context deadline", row: "the call's context deadline passes",
			respond: hangUntilDone, expiring: true,
			applied: true, replaySafe: once, sendOnce: once,
			err: contextError(context.DeadlineExceeded)},
		{name: "http.Client timeout", row: "`http.Client.Timeout` (one attempt times out)",
			// Long enough for the attempt to reach the mock server however loaded the machine is
			// (1 ms was not: the timeout could fire before the request got there); the server then
			// holds it until the timeout.
			respond: hangUntilDone, httpTimeout: 200 * time.Millisecond,
			applied: true, replaySafe: retried, sendOnce: once, err: timeoutError()},
		{name: "stalled body", row: "the body stalls: less than 1 KiB in `WithStallTimeout` (30 s by default)",
			// The body stops after its first bytes, until the stall timeout closes it.
			respond: func(*http.Request) (*http.Response, error) {
				resp := jsonResponse(200, nil, -1)
				resp.Body = &stallingBody{data: []byte(`{"details":{"id":"4`), closed: make(chan struct{})}
				return resp, nil
			},
			opts:    []Option{WithStallTimeout(time.Millisecond)},
			applied: true, replaySafe: retried, sendOnce: once, err: timeoutError()},
		{name: "429 with Retry-After", row: "429 Too Many Requests (the server did not act)",
			respond: statusResponder(429, `{"error":["Too many requests"]}`, "Retry-After", "2"), notActed: true,
			opts: []Option{WithRetryWait(0, 5*time.Second)}, waits: []time.Duration{2 * time.Second, 2 * time.Second},
			paced:      []time.Duration{2 * time.Second, 2 * time.Second},
			replaySafe: retried, sendOnce: retried,
			err: statusError(429, ErrRateLimited, "with `RetryAfter`", func(t *testing.T, e *Error) {
				assert.Equal(t, 2*time.Second, e.RetryAfter)
				assert.Equal(t, []string{"Too many requests"}, e.Messages)
			})},
		{name: "500", row: "500 Internal Server Error",
			respond: statusResponder(500, `{"error":["Internal error"]}`),
			applied: true, replaySafe: once, sendOnce: once,
			err: statusError(500, ErrServer, "with the server's messages", hasMessages("Internal error"))},
		{name: "404", row: "404 Not Found and other 4xx statuses",
			respond:    statusResponder(404, `{"error":["No such object"]}`),
			replaySafe: once, sendOnce: once,
			err: statusError(404, ErrNotFound, "with the server's messages", hasMessages("No such object"))},
		{name: "502", row: "502, 503, 504",
			respond: statusResponder(502, `{"error":["upstream unavailable"]}`),
			applied: true, replaySafe: retried, sendOnce: once,
			err: statusError(502, ErrServer, "with the server's messages", hasMessages("upstream unavailable"))},
		{name: "503", row: "502, 503, 504",
			respond: statusResponder(503, `{"error":["maintenance"]}`),
			applied: true, replaySafe: retried, sendOnce: once,
			err: statusError(503, ErrServer, "with the server's messages", hasMessages("maintenance"))},
		{name: "504", row: "502, 503, 504",
			respond: statusResponder(504, `{"error":["upstream timed out"]}`),
			applied: true, replaySafe: retried, sendOnce: once,
			err: statusError(504, ErrServer, "with the server's messages", hasMessages("upstream timed out"))},
		{name: "HTML error page", row: "an HTML error page from a proxy (502)",
			respond: htmlResponder(502, nginx502),
			applied: true, replaySafe: retried, sendOnce: once,
			err: statusError(502, ErrServer, "with an `Excerpt` of the page", hasExcerpt("502 Bad Gateway 502 Bad Gateway nginx"))},
		{name: "HTML page with 200", row: "an HTML page with status 200",
			respond: htmlResponder(200, loginPage),
			applied: true, replaySafe: once, sendOnce: once,
			err: statusError(200, nil, "with an `Excerpt` of the page", hasExcerpt("Client area Please log in"))},
		{name: "empty body", row: "an empty body with status 200",
			respond: statusResponder(200, ""),
			applied: true, replaySafe: once, sendOnce: once,
			err: statusError(200, nil, "saying the body is empty", hasMessages("the response body is empty"))},
		{name: "truncated JSON", row: "truncated JSON with status 200",
			respond: statusResponder(200, truncated),
			applied: true, replaySafe: once, sendOnce: once,
			err: statusError(200, nil, "with an `Excerpt` of the body", hasExcerpt(truncated))},
		{name: "200 with error list", row: "status 200 with `{\"error\": [...]}`",
			respond:    statusResponder(200, `{"error":["Invoice is already paid"]}`),
			replaySafe: once, sendOnce: once,
			err: statusError(200, nil, "with the server's messages", hasMessages("Invoice is already paid"))},
		{name: "body over the limit", row: fmt.Sprintf("a body over the SDK's %d MiB limit", DefaultMaxResponseSize>>20),
			respond: func(*http.Request) (*http.Response, error) {
				return jsonResponse(200, &patternReader{left: DefaultMaxResponseSize + 1}, DefaultMaxResponseSize+1), nil
			},
			applied: true, replaySafe: once, sendOnce: once,
			err: statusError(200, nil, "saying the body is too large",
				hasMessages(fmt.Sprintf("response body exceeds the SDK's %d MiB limit (WithMaxResponseSize raises it)", DefaultMaxResponseSize>>20)))},
	}
}

func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	for _, f := range faults() {
		for _, k := range faultKinds {
			t.Run(f.name+"/"+k.name, func(t *testing.T) {
				t.Parallel()
				runFaultCell(t, f, k)
			})
		}
	}
}

func runFaultCell(t *testing.T, f fault, k requestKind) {
	mock := httpmock.NewMockTransport()
	var tries atomic.Int64
	hc := &http.Client{Transport: countingTransport{next: mock, n: &tries, prefix: testBaseURL}, Timeout: f.httpTimeout}
	opts := append([]Option{WithBaseURL(testBaseURL), WithHTTPClient(hc), WithBasicAuth(testUser, testPassword),
		WithRetryMax(faultRetryMax), WithRetryWait(0, 0)}, f.opts...)
	c, err := NewClient(opts...)
	require.NoError(t, err)
	var waitsMu sync.Mutex
	var waits []time.Duration
	c.rc.Backoff = func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
		waitsMu.Lock()
		defer waitsMu.Unlock()
		waits = append(waits, backoff(min, max, attempt, resp))
		return 0 // record the wait the policy asks for; never sleep in the matrix
	}
	ownPacer(c)                             // the matrix's cells run side by side on one account
	clock := newVirtualClock(time.Now(), 0) // records the pacer's waits, which then take no time
	c.pacer.clock = clock

	rec := &recorder{}
	respond := f.respond
	if respond == nil {
		respond = func(*http.Request) (*http.Response, error) {
			return jsonResponse(200, bytes.NewReader(fixture(t, k.ok)), -1), nil
		}
	}
	mock.RegisterResponder(k.method, testBaseURL+k.route, func(req *http.Request) (*http.Response, error) {
		if !f.notSent {
			rec.add(req)
		}
		return respond(req)
	})
	if f.elsewhere != nil {
		mock.RegisterNoResponder(f.elsewhere)
	}

	ctx := context.Background()
	if f.expiring {
		ctx = newExpiringCtx()
	}
	err = k.call(ctx, c)

	want := f.replaySafe
	if k.sendOnce {
		want = f.sendOnce
	}
	if f.notSent {
		want.reached = 0
	}
	assert.Equal(t, want.tries, int(tries.Load()), "attempts sent")
	assert.Equal(t, want.reached, rec.count(), "attempts that reached the server")
	if k.sendOnce && !f.notActed {
		assert.LessOrEqual(t, rec.count(), 1, "a send-once request reached the server again after it may have acted")
	}
	for i, r := range rec.all() {
		assert.Equal(t, k.method, r.Method)
		assert.Equal(t, rec.all()[0].Body, r.Body, "attempt %d replays the same body", i+1)
	}
	if f.waits != nil {
		assert.Equal(t, f.waits, waits, "backoff before each retry")
	}
	assert.Len(t, waits, want.tries-1, "one backoff per retry")
	if f.paced != nil {
		assert.Equal(t, f.paced, clock.Slept(), "the pacer's waits")
	} else {
		assert.Empty(t, clock.Slept(), "the pacer's waits")
	}
	f.err.check(t, k, err)
	assert.Equal(t, f.applied, MaybeApplied(err), "MaybeApplied(%v)", err)
	if err != nil {
		assert.NotContains(t, err.Error(), testPassword)
		assert.NotContains(t, err.Error(), testBasicHeader[len("Basic "):])
	}
}

// Responders and bodies.

func jsonResponse(status int, body io.Reader, length int64) *http.Response {
	return &http.Response{
		Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(body),
		ContentLength: length,
	}
}

// statusResponder answers status with body and optional header pairs.
func statusResponder(status int, body string, header ...string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := jsonResponse(status, strings.NewReader(body), int64(len(body)))
		for i := 0; i+1 < len(header); i += 2 {
			resp.Header.Set(header[i], header[i+1])
		}
		return resp, nil
	}
}

func htmlResponder(status int, page string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := jsonResponse(status, strings.NewReader(page), int64(len(page)))
		resp.Header.Set("Content-Type", "text/html; charset=utf-8")
		return resp, nil
	}
}

// hangUntilDone is a server that never answers: the attempt ends when its context does, as a
// real transport's would.
func hangUntilDone(req *http.Request) (*http.Response, error) {
	if exp, ok := req.Context().Value(expiringKey{}).(*expiringCtx); ok {
		exp.expire() // the deadline passes while the server holds the request
	}
	<-req.Context().Done()
	return nil, req.Context().Err()
}

// countingTransport counts the attempts the client sends, whether or not they reach a server:
// those to URLs starting with prefix (all when it is ""), so that a redirect's follow-up to
// another host is not taken for an attempt.
type countingTransport struct {
	next   http.RoundTripper
	n      *atomic.Int64
	prefix string
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasPrefix(req.URL.String(), t.prefix) {
		t.n.Add(1)
	}
	return t.next.RoundTrip(req)
}

// expiringCtx is a context whose deadline passes when expire is called: a deterministic
// timeout, without sleeping.
type expiringCtx struct {
	context.Context
	done chan struct{}
	once sync.Once
}

type expiringKey struct{}

func newExpiringCtx() *expiringCtx {
	return &expiringCtx{Context: context.Background(), done: make(chan struct{})}
}

func (c *expiringCtx) expire()               { c.once.Do(func() { close(c.done) }) }
func (c *expiringCtx) Done() <-chan struct{} { return c.done }

func (c *expiringCtx) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func (c *expiringCtx) Value(key any) any {
	if key == (expiringKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// Expected errors.

var sentinels = []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited, ErrServer, ErrInvalidArgument}

func noError() wantErr {
	return wantErr{doc: "no error", check: func(t *testing.T, _ requestKind, err error) {
		require.NoError(t, err)
	}}
}

// notAPIError asserts err is a failure without a response: no *Error, no status sentinel, and
// it names the request.
func notAPIError(t *testing.T, k requestKind, err error) {
	t.Helper()
	require.Error(t, err)
	var apiErr *Error
	assert.False(t, errors.As(err, &apiErr), "no *Error without a response: %v", err)
	for _, s := range sentinels {
		assert.NotErrorIs(t, err, s)
	}
	assert.Contains(t, err.Error(), k.method+" "+k.route, "the error names the request")
}

func transportError(doc string, target error) wantErr {
	return wantErr{doc: doc, check: func(t *testing.T, k requestKind, err error) {
		notAPIError(t, k, err)
		assert.ErrorIs(t, err, target)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
	}}
}

// lostRedirect: the server answered with a redirect, and the follow-up failed to connect.
func lostRedirect() wantErr {
	return wantErr{doc: "the follow-up's dial or DNS error", check: func(t *testing.T, k requestKind, err error) {
		notAPIError(t, k, err)
		var dnsErr *net.DNSError
		assert.True(t, errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dnsErr), "%v", err)
	}}
}

func contextError(target error) wantErr {
	return wantErr{doc: "`" + "context." + map[error]string{context.DeadlineExceeded: "DeadlineExceeded", context.Canceled: "Canceled"}[target] + "`",
		check: func(t *testing.T, k requestKind, err error) {
			notAPIError(t, k, err)
			assert.ErrorIs(t, err, target)
		}}
}

func timeoutError() wantErr {
	return wantErr{doc: "a timeout (`net.Error` with `Timeout()` true)", check: func(t *testing.T, k requestKind, err error) {
		notAPIError(t, k, err)
		var netErr net.Error
		require.ErrorAs(t, err, &netErr)
		assert.True(t, netErr.Timeout(), "%v", err)
	}}
}

func statusError(status int, sentinel error, doc string, check func(*testing.T, *Error)) wantErr {
	if sentinel != nil {
		doc += fmt.Sprintf(", `errors.Is(err, %s)`", sentinelName(sentinel))
	}
	return wantErr{doc: doc, status: status, check: func(t *testing.T, k requestKind, err error) {
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, status, apiErr.StatusCode)
		assert.Equal(t, k.method, apiErr.Method)
		assert.Equal(t, k.route, apiErr.Path)
		for _, s := range sentinels {
			assert.Equal(t, s == sentinel, errors.Is(err, s), "errors.Is(err, %v)", s)
		}
		check(t, apiErr)
	}}
}

func sentinelName(err error) string {
	for name, s := range map[string]error{"ErrUnauthorized": ErrUnauthorized, "ErrForbidden": ErrForbidden,
		"ErrNotFound": ErrNotFound, "ErrRateLimited": ErrRateLimited, "ErrServer": ErrServer} {
		if s == err {
			return name
		}
	}
	return err.Error()
}

func hasMessages(msgs ...string) func(*testing.T, *Error) {
	return func(t *testing.T, e *Error) {
		assert.Equal(t, msgs, e.Messages)
		assert.Empty(t, e.Excerpt)
	}
}

func hasExcerpt(excerpt string) func(*testing.T, *Error) {
	return func(t *testing.T, e *Error) {
		assert.Equal(t, excerpt, e.Excerpt)
		assert.Empty(t, e.Messages)
	}
}

// The matrix injects its network failures through a mock transport. These cells check that the
// same failures on real loopback connections are classified alike.
func TestFaultsOverRealConnections(t *testing.T) {
	t.Parallel()
	newClient := func(t *testing.T, base string) (*Client, *atomic.Int64) {
		var tries atomic.Int64
		tr := defaultTransport().(*http.Transport)
		t.Cleanup(tr.CloseIdleConnections)
		c, err := NewClient(WithBaseURL(base), WithBasicAuth(testUser, testPassword), WithRetryMax(faultRetryMax),
			WithRetryWait(0, 0), WithHTTPClient(&http.Client{Transport: countingTransport{next: tr, n: &tries}}))
		require.NoError(t, err)
		return c, &tries
	}
	order := func(c *Client) error {
		_, err := c.Cart.OrderItems(context.Background(), CartOrderRequest{Items: []CartItem{ProductItem(1, "m")}})
		return err
	}

	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close()) // nothing listens there now
		c, tries := newClient(t, "http://"+addr+"/api")
		err = order(c)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
		assert.Equal(t, int64(1+faultRetryMax), tries.Load(), "a refused side-effect POST is retried: it never left")
	})

	t.Run("connection reset mid-body", func(t *testing.T) {
		t.Parallel()
		var served atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			served.Add(1)
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"details\":{\"id\":")
			_ = buf.Flush()
			_ = conn.(*net.TCPConn).SetLinger(0) // close with a RST
			_ = conn.Close()
		}))
		t.Cleanup(srv.Close)
		c, _ := newClient(t, srv.URL+"/api")
		_, err := c.Domains.Get(context.Background(), 47)
		notAPIError(t, faultKinds[0], err)
		assert.Equal(t, int64(1+faultRetryMax), served.Swap(0), "a GET is retried")
		err = order(c)
		require.Error(t, err)
		var apiErr *Error
		assert.False(t, errors.As(err, &apiErr), "%v", err)
		assert.Equal(t, int64(1), served.Load(), "a side-effect POST is not")
	})
}
