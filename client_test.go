package unmetered

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c, err := NewClient()
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.baseURL)
	assert.Equal(t, "unmetered-go/"+Version, c.userAgent)
	assert.Equal(t, DefaultRetryMax, c.rc.RetryMax)
	assert.Nil(t, c.rc.Logger, "retryablehttp's own logger stays off")
	assert.Nil(t, c.auth)
	assert.NotNil(t, c.Account)
	assert.NotNil(t, c.Auth)
}

func TestNewClientRejectsInvalidOptions(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string][]Option{
		"empty basic user":       {WithBasicAuth("", "pw")},
		"empty basic password":   {WithBasicAuth("joe@example.com", "")},
		"empty login":            {WithLogin("", "")},
		"two auth modes":         {WithBasicAuth("a@example.com", "pw"), WithLogin("a@example.com", "pw")},
		"nil token source":       {WithTokenSource(nil)},
		"negative retries":       {WithRetryMax(-1)},
		"min wait > max wait":    {WithRetryWait(2*time.Second, time.Second)},
		"negative wait":          {WithRetryWait(-time.Second, time.Second)},
		"nil http client":        {WithHTTPClient(nil)},
		"nil logger":             {WithLogger(nil)},
		"empty user agent":       {WithUserAgent(" ")},
		"header injection in UA": {WithUserAgent("x\r\nAuthorization: y")},
		"nil option":             {nil},
		"unparsable URL":         {WithBaseURL("://bad")},
		"no host":                {WithBaseURL("/api")},
		"plain http remote":      {WithBaseURL("http://unmetered.management/api")},
		"plain http private IP":  {WithBaseURL("http://10.0.0.1/api")},
		"ftp scheme":             {WithBaseURL("ftp://unmetered.management/api")},
		"credentials in URL":     {WithBaseURL("https://joe:pw@unmetered.management/api")},
		"query in URL":           {WithBaseURL("https://unmetered.management/api?x=1")},
		"fragment in URL":        {WithBaseURL("https://unmetered.management/api#x")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(opts...)
			require.ErrorIs(t, err, ErrInvalidArgument)
			assert.Nil(t, c)
			assert.NotContains(t, err.Error(), "pw@", "credentials are not echoed")
		})
	}
}

func TestNewClientBaseURLs(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://unmetered.management/api/": "https://unmetered.management/api",
		"http://127.0.0.1:8080/api":         "http://127.0.0.1:8080/api",
		"http://localhost:9/api":            "http://localhost:9/api",
		"http://[::1]:9/api":                "http://[::1]:9/api",
		" https://example.com ":             "https://example.com",
	} {
		c, err := NewClient(WithBaseURL(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, c.baseURL, in)
	}
}

func TestUserAgentAndHeaders(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithUserAgent("my-bot/1.0"))
	rec := env.on(http.MethodGet, "/details", 200, "account/details.json")
	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	r := rec.only(t)
	assert.Equal(t, "my-bot/1.0", r.Header.Get("User-Agent"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	assert.Empty(t, r.Header.Get("Content-Type"), "no body, no Content-Type")
}

func TestGetRetriedOn503ThenSucceeds(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodGet, "/details",
		httpmock.NewStringResponder(503, "unavailable").Then(httpmock.NewBytesResponder(200, fixture(t, "account/details.json"))))
	d, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, "joe@example.com", d.Email)
	assert.Equal(t, 2, rec.count())
}

func TestGetGivesUpAfterRetryMaxWithServerMessage(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(2))
	rec := env.on(http.MethodGet, "/details", 502, `{"error":["upstream down"]}`)
	_, err := env.client.Account.Details(ctx)
	require.ErrorIs(t, err, ErrServer)
	assert.Contains(t, err.Error(), "upstream down", "the last response's body is the message")
	assert.Equal(t, 3, rec.count(), "1 attempt + 2 retries")
}

func TestServerErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/details", 500, `{"error":["internal"]}`)
	_, err := env.client.Account.Details(ctx)
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, rec.count(), "500 is a deterministic failure; only 502/503/504 are transient")
}

func TestSideEffectPostSentOnceOn503(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/contact", 503, `{"error":["maintenance"]}`)
	_, err := env.client.Account.CreateContact(ctx, CreateContactRequest{Email: "m@example.com"})
	require.ErrorIs(t, err, ErrServer)
	assert.Contains(t, err.Error(), "maintenance")
	assert.Equal(t, 1, rec.count(), "a POST that creates is never sent twice")
}

func TestSideEffectPostNotRetriedAfterConnectionReset(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	rec := env.onFunc(http.MethodPost, "/contact", httpmock.NewErrorResponder(reset))
	_, err := env.client.Account.CreateContact(ctx, CreateContactRequest{Email: "m@example.com"})
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.ECONNRESET)
	assert.Equal(t, 1, rec.count(), "the request may have reached the server")
}

func TestSideEffectPostRetriedAfterDialFailure(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	rec := env.onFunc(http.MethodPost, "/contact",
		httpmock.NewErrorResponder(refused).Then(httpmock.NewBytesResponder(200, fixture(t, "account/contact_create.json"))))
	id, err := env.client.Account.CreateContact(ctx, CreateContactRequest{Email: "m@example.com"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), id)
	assert.Equal(t, 2, rec.count(), "a dial failure never reached the server, so it is safe to retry")
	reqs := rec.all()
	assert.Equal(t, string(reqs[0].Body), string(reqs[1].Body), "the body is replayed intact")
}

func TestSideEffectPostRetriedAfter429(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodPost, "/contact",
		httpmock.NewStringResponder(429, `{"error":["slow down"]}`).Then(httpmock.NewBytesResponder(200, fixture(t, "account/contact_create.json"))))
	_, err := env.client.Account.CreateContact(ctx, CreateContactRequest{Email: "m@example.com"})
	require.NoError(t, err)
	assert.Equal(t, 2, rec.count(), "429 means the server refused without acting")
}

func TestGetRetriedAfterConnectionReset(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	rec := env.onFunc(http.MethodGet, "/details",
		httpmock.NewErrorResponder(reset).Then(httpmock.NewBytesResponder(200, fixture(t, "account/details.json"))))
	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, rec.count())
}

// failingReader returns data, then err: a connection that breaks in the middle of a body.
type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// resetMidBody answers 200 with the start of a JSON body, then breaks the connection.
func resetMidBody(*http.Request) (*http.Response, error) {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	resp := httpmock.NewStringResponse(200, "")
	resp.Body = io.NopCloser(&failingReader{data: []byte(`{"client":{"id":"2`), err: reset})
	return resp, nil
}

func TestGetRetriedAfterConnectionResetMidBody(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodGet, "/details",
		httpmock.Responder(resetMidBody).Then(httpmock.NewBytesResponder(200, fixture(t, "account/details.json"))))
	d, err := env.client.Account.Details(ctx)
	require.NoError(t, err, "a broken body is retried like a broken connection")
	assert.Equal(t, "joe@example.com", d.Email)
	assert.Equal(t, 2, rec.count())
}

func TestSideEffectPostNotRetriedAfterConnectionResetMidBody(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodPost, "/contact", resetMidBody)
	_, err := env.client.Account.CreateContact(ctx, CreateContactRequest{Email: "m@example.com"})
	require.ErrorIs(t, err, syscall.ECONNRESET)
	assert.Contains(t, err.Error(), "POST /contact: reading response")
	assert.Equal(t, 1, rec.count(), "the server answered: it may have acted")
}

func TestRateLimitRetryAfterHonouredAndCapped(t *testing.T) {
	t.Parallel()
	// Retry-After asks for an hour; the client's max wait (10ms) caps it. If the cap broke, the
	// context's deadline would end the call with an error instead of a success.
	env := newTestEnv(t, WithRetryWait(0, 10*time.Millisecond))
	limited := httpmock.NewStringResponse(429, `{"error":["rate limited"]}`)
	limited.Header.Set("Retry-After", "3600")
	rec := env.onFunc(http.MethodGet, "/details",
		httpmock.ResponderFromResponse(limited).Then(httpmock.NewBytesResponder(200, fixture(t, "account/details.json"))))
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err := env.client.Account.Details(cctx)
	require.NoError(t, err)
	assert.Equal(t, 2, rec.count())
}

func TestRateLimitedErrorCarriesRetryAfter(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(0))
	limited := httpmock.NewStringResponse(429, `{"error":["rate limited"]}`)
	limited.Header.Set("Retry-After", "7")
	env.onFunc(http.MethodGet, "/details", httpmock.ResponderFromResponse(limited))
	_, err := env.client.Account.Details(ctx)
	require.ErrorIs(t, err, ErrRateLimited)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 7*time.Second, apiErr.RetryAfter)
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	withRetryAfter := func(v string) *http.Response {
		return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {v}}}
	}
	assert.Equal(t, 5*time.Second, backoff(time.Second, 5*time.Second, 0, withRetryAfter("3600")), "capped at max")
	assert.Equal(t, 2*time.Second, backoff(time.Second, 5*time.Second, 0, withRetryAfter("2")), "honoured")
	date := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	assert.Equal(t, 5*time.Second, backoff(time.Second, 5*time.Second, 0, withRetryAfter(date)), "HTTP date, capped")
	for attempt := 0; attempt < 10; attempt++ {
		d := backoff(100*time.Millisecond, 2*time.Second, attempt, nil)
		ceiling := 100 * time.Millisecond << attempt
		if ceiling > 2*time.Second {
			ceiling = 2 * time.Second
		}
		assert.GreaterOrEqual(t, d, ceiling/2, "attempt %d", attempt)
		assert.LessOrEqual(t, d, ceiling, "attempt %d", attempt)
	}
	assert.Zero(t, backoff(0, 0, 3, withRetryAfter("10")))
}

func TestContextCancelledDuringRetryWait(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryWait(time.Hour, time.Hour))
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rec := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
		time.AfterFunc(10*time.Millisecond, cancel) // cancel while the client waits to retry
		return httpmock.NewStringResponse(503, "unavailable"), nil
	})
	done := make(chan error, 1)
	go func() { _, err := env.client.Account.Details(cctx); done <- err }()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, rec.count())
	case <-time.After(20 * time.Second):
		t.Fatal("the call did not return when its context was cancelled during the hour-long wait")
	}
}

func TestContextAlreadyCancelled(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/details", 200, "account/details.json")
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := env.client.Account.Details(cctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, rec.count())

	//lint:ignore SA1012 checking that a nil context is an error, not a panic
	_, err = env.client.Account.Details(nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestHTMLErrorPage(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(0))
	page := `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>
<body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>`
	env.on(http.MethodGet, "/details", 502, page)
	_, err := env.client.Account.Details(ctx)
	require.ErrorIs(t, err, ErrServer)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 502, apiErr.StatusCode)
	assert.Equal(t, "502 Bad Gateway 502 Bad Gateway nginx", apiErr.Excerpt)
	assert.NotContains(t, err.Error(), "invalid character", "not a JSON syntax error")
}

func TestHTMLWith200(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/details", 200, "<html><body>Login required</body></html>")
	_, err := env.client.Account.Details(ctx)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Login required", apiErr.Excerpt)
}

func TestEmptyOrBrokenBodyIsNotSuccess(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/invoice/12/credit", 200, "")
	env.on(http.MethodPut, "/domain/47/autorenew", 200, "<html><body>Please log in</body></html>")
	env.on(http.MethodDelete, "/service/10/dns/60/records/55", 200, `{"success":tr`)
	var apiErr *Error

	res, err := env.client.Billing.ApplyCredit(ctx, 12, ApplyCreditRequest{})
	assert.Nil(t, res, "no empty result as if the credit were applied")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"the response body is empty"}, apiErr.Messages)

	err = env.client.Domains.SetAutoRenew(ctx, 47, AutoRenewRequest{Enabled: true})
	require.ErrorAs(t, err, &apiErr, "a method that returns nothing still needs a JSON answer")
	assert.Equal(t, "Please log in", apiErr.Excerpt)

	err = env.client.DNS.DeleteRecord(ctx, &Zone{ServiceID: 10, ID: 60}, 55)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, `{"success":tr`, apiErr.Excerpt)

	env.on(http.MethodPut, "/domain/48/autorenew", http.StatusNoContent, "")
	require.NoError(t, env.client.Domains.SetAutoRenew(ctx, 48, AutoRenewRequest{Enabled: true}), "204 No Content is success")
}

func TestLongExcerptIsBounded(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(0))
	env.on(http.MethodGet, "/details", 503, strings.Repeat("é ", 10000))
	_, err := env.client.Account.Details(ctx)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.LessOrEqual(t, len([]rune(apiErr.Excerpt)), excerptRunes+1)
}

func TestTypeMismatchIsDecodeError(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/details", 200, `{"client":{"id":"not-a-number"}}`)
	_, err := env.client.Account.Details(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "GET /details")
	var wire *WireError
	require.ErrorAs(t, err, &wire)
	assert.Equal(t, "Int", wire.Type)
}

func TestSuccessFalseIsError(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPut, "/notifications/3/ack", 200, `{"success":false}`)
	err := env.client.Account.AckNotification(ctx, 3)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, err.Error(), "success: false")
}

func TestErrorSentinels(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]error{401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound, 429: ErrRateLimited, 500: ErrServer, 503: ErrServer} {
		e := &Error{StatusCode: status}
		assert.ErrorIs(t, e, want, "%d", status)
		for _, other := range []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited, ErrServer} {
			if other != want {
				assert.NotErrorIs(t, e, other, "%d", status)
			}
		}
	}
	e := &Error{StatusCode: 404, Method: "GET", Path: "/domain/7", Messages: []string{"a", "b"}, RetryAfter: time.Second}
	assert.Equal(t, "unmetered: GET /domain/7: 404 Not Found: a; b (retry after 1s)", e.Error())
}

// TestRedirectKeepsCredentialsAtHome follows a redirect from the portal to targets of another
// origin, in both authentication modes: the credentials must stay behind. A redirect within the
// base URL's origin keeps them.
func TestRedirectKeepsCredentialsAtHome(t *testing.T) {
	t.Parallel()
	targets := map[string]bool{ // target → the Authorization header may follow
		"https://elsewhere.test/steal":   false,
		"https://evil.portal.test/steal": false, // a subdomain: net/http would forward it
		"https://portal.test:8443/steal": false, // another port: likewise
		"http://portal.test/api/details": false, // a downgrade to plain http: likewise
		"https://portal.test/api/other":  true,
	}
	for _, mode := range []string{"basic", "login"} {
		for target, follows := range targets {
			t.Run(mode+" to "+target, func(t *testing.T) {
				t.Parallel()
				var env *testEnv
				if mode == "basic" {
					env = newTestEnv(t)
				} else {
					env, _, _ = newJWTEnv(t, farFuture)
				}
				env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
					resp := httpmock.NewStringResponse(http.StatusFound, "")
					resp.Header.Set("Location", target)
					return resp, nil
				})
				var got []string
				env.mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
					got = append(got, r.Header.Get("Authorization"))
					return httpmock.NewBytesResponse(200, fixture(t, "account/details.json")), nil
				})
				_, err := env.client.Account.Details(ctx)
				require.NoError(t, err)
				require.Len(t, got, 1, "the redirect was followed once")
				if follows {
					assert.NotEmpty(t, got[0], "same origin: the credentials follow")
				} else {
					assert.Empty(t, got[0], "the credentials left the API's origin")
				}
			})
		}
	}
}

func TestRedirectPolicyOfCallersClientStillApplies(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	var seen []string
	hc := &http.Client{Transport: mock, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		seen = append(seen, req.Header.Get("Authorization"))
		return http.ErrUseLastResponse
	}}
	c, err := NewClient(WithBaseURL(testBaseURL), WithBasicAuth(testUser, testPassword), WithHTTPClient(hc), WithRetryMax(0))
	require.NoError(t, err)
	mock.RegisterResponder(http.MethodGet, testBaseURL+"/details", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusFound, "")
		resp.Header.Set("Location", "http://portal.test/api/details")
		return resp, nil
	})
	_, err = c.Account.Details(context.Background())
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr, "the caller's policy stopped at the redirect")
	assert.Equal(t, http.StatusFound, apiErr.StatusCode)
	assert.Equal(t, []string{""}, seen, "the caller's policy sees the request without credentials")
	// The caller's client keeps its own policy, unwrapped: it does not strip anything itself.
	req := httptest.NewRequest(http.MethodGet, "http://portal.test/api/details", nil)
	req.Header.Set("Authorization", "Basic x")
	require.ErrorIs(t, hc.CheckRedirect(req, nil), http.ErrUseLastResponse)
	assert.Equal(t, []string{"", "Basic x"}, seen, "the caller's client is not modified")
}

var spaces = bytes.Repeat([]byte{' '}, 32<<10)

// countingReader serves n spaces lazily and counts the bytes read from it.
type countingReader struct {
	left, read int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	for n := 0; n < len(p); {
		n += copy(p[n:], spaces)
	}
	r.left -= int64(len(p))
	r.read += int64(len(p))
	return len(p), nil
}

func TestOversizedBodyIsRefused(t *testing.T) {
	t.Parallel()
	for name, announce := range map[string]bool{"chunked": false, "Content-Length": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			body := &countingReader{left: DefaultMaxResponseSize + 10}
			rec := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(200, "")
				resp.Body, resp.ContentLength = io.NopCloser(body), -1
				if announce {
					resp.ContentLength = body.left
				}
				return resp, nil
			})
			_, err := env.client.Account.Details(ctx)
			var apiErr *Error
			require.ErrorAs(t, err, &apiErr)
			assert.Contains(t, err.Error(), "exceeds the SDK's 32 MiB limit")
			assert.Equal(t, 1, rec.count(), "not retried")
			if announce {
				assert.Zero(t, body.read, "an announced oversized body is refused unread")
			} else {
				assert.Equal(t, int64(DefaultMaxResponseSize+1), body.read, "read up to the limit, no further")
			}
		})
	}
}

func TestPathSegment(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"example.com": "example.com",
		"a/../b":      "a%2F..%2Fb",
		"..":          "%2E%2E",
		".":           "%2E",
		"a?b#c":       "a%3Fb%23c",
		"50%":         "50%25",
		"ünï cödé":    "%C3%BCn%C3%AF%20c%C3%B6d%C3%A9",
	} {
		assert.Equal(t, want, pathSegment(in), in)
	}
}

func TestTransportErrorNamesRoute(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(0))
	env.onFunc(http.MethodGet, "/details", httpmock.NewErrorResponder(errors.New("boom")))
	_, err := env.client.Account.Details(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "GET /details")
	assert.Contains(t, err.Error(), "boom")
}

// getList decodes an array under its key in one pass and every other shape through List: the
// results must be the same as List's.
func TestGetListShapes(t *testing.T) {
	t.Parallel()
	two := []Domain{{ID: 1, Name: "a.com"}, {ID: 2, Name: "b.com"}}
	for body, want := range map[string][]Domain{
		`{"domains":[{"id":"1","name":"a.com"},{"id":2,"name":"b.com"}],"total":"2"}`: two,
		`{"domains":{"7":{"id":"2","name":"b.com"},"0":{"id":"1","name":"a.com"}}}`:   two,
		`{"domains":{"id":"1","name":"a.com"}}`:                                       two[:1],
		`{"domains":[]}`:                                                              {},
		`{"domains":null}`:                                                            nil,
		`{"domains":false}`:                                                           nil,
		`{"domains":""}`:                                                              nil,
		`{"total":0}`:                                                                 nil,
		`[]`:                                                                          nil,
	} {
		env := newTestEnv(t)
		env.on(http.MethodGet, "/domain", 200, body)
		got, err := env.client.Domains.List(ctx)
		require.NoError(t, err, body)
		assert.Equal(t, want, got, body)
	}
	for body, wantErr := range map[string]string{
		`{"domains":[{"id":"x"}]}`:    `GET /domain: decoding "domains": unmetered: cannot decode "x" as Int`,
		`{"domains":{"a":{"id":1}`:    `non-JSON body`,
		`"domains"`:                   `GET /domain: decoding the response`,
		`{"domains":[{"name":7}]}`:    `GET /domain: decoding "domains": json: cannot unmarshal number`,
		`{"domains":{"0":{"id":[]}}}`: `GET /domain: decoding "domains": unmetered: cannot decode [] as Int`,
	} {
		env := newTestEnv(t)
		env.on(http.MethodGet, "/domain", 200, body)
		_, err := env.client.Domains.List(ctx)
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), wantErr, body)
	}
}
