package unmetered

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Test credentials. They are fakes, but the suite still checks they never leak into errors.
const (
	testBaseURL  = "https://portal.test/api"
	testUser     = "joe@example.com"
	testPassword = "correct-horse-battery"
)

// testBasicHeader is the Authorization header a client built by newTestEnv sends.
var testBasicHeader = "Basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testPassword))

// testEnv is a client wired to its own httpmock transport: no network, no retry waits.
type testEnv struct {
	t      *testing.T
	client *Client
	mock   *httpmock.MockTransport
}

// newTestEnv returns a client with Basic auth, base URL testBaseURL, zero retry waits and a
// per-test mock transport. Extra options are applied after those (so they can override them).
func newTestEnv(t *testing.T, opts ...Option) *testEnv {
	t.Helper()
	mock := httpmock.NewMockTransport()
	base := []Option{
		WithBaseURL(testBaseURL),
		WithHTTPClient(&http.Client{Transport: coveringTransport{mock}}),
		WithRetryWait(0, 0),
	}
	hasAuth := false
	for _, o := range opts {
		var probe config
		if o(&probe) == nil && probe.auth != nil {
			hasAuth = true
		}
	}
	if !hasAuth {
		base = append(base, WithBasicAuth(testUser, testPassword))
	}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	ownPacer(c)
	return &testEnv{t: t, client: c, mock: mock}
}

// ownPacer gives c a pacer of its own in place of its account's shared one, for a test whose
// clients all use testBaseURL and testUser but must not share a rate-limit state (or a pacer
// clock) with the tests running beside it. It does nothing to a client that does not pace.
func ownPacer(c *Client) {
	if c.pacer == nil {
		return
	}
	pt := c.rc.HTTPClient.Transport.(*pacedTransport)
	p := newPacer(0, 0)
	if c.pacer.fixed {
		p = newPacer(c.pacer.scopes[paceOther].limit, c.pacer.window)
	}
	pt.pacer, c.pacer = p, p
}

// fixture returns the bytes of testdata/<name>, failing the test if it is missing or not JSON.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	require.NoError(t, err)
	require.Truef(t, json.Valid(b), "fixture %s is not valid JSON", name)
	return b
}

// recorded is one request as the mock server saw it.
type recorded struct {
	Method string
	Path   string // the escaped path below the host, e.g. /api/domain/name/a%2Fb
	Query  url.Values
	Header http.Header
	Body   []byte
}

// recorder collects the requests a responder served.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) add(req *http.Request) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, recorded{
		Method: req.Method, Path: req.URL.EscapedPath(), Query: req.URL.Query(),
		Header: req.Header.Clone(), Body: body,
	})
}

// all returns a copy of the recorded requests.
func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

// count returns how many requests reached the responder.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// only asserts that exactly one request was served and returns it.
func (r *recorder) only(t testing.TB) recorded {
	t.Helper()
	reqs := r.all()
	require.Len(t, reqs, 1, "requests served")
	return reqs[0]
}

// on registers a responder for method and route (below testBaseURL, without query; the query is
// recorded) that answers status with body, and returns the recorder of what it served.
// body is a fixture name ("account/details.json") when it ends in ".json", else the literal body.
func (e *testEnv) on(method, route string, status int, body string) *recorder {
	e.t.Helper()
	payload := payloadOf(e.t, body)
	return e.onFunc(method, route, func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewBytesResponse(status, payload)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
}

// payloadOf is the response body for body: a fixture's bytes when body names one (ends in ".json"),
// else body itself.
func payloadOf(t testing.TB, body string) []byte {
	payload := []byte(body)
	if filepath.Ext(body) == ".json" && !bytes.ContainsAny(payload, "{[") {
		payload = fixture(t, body)
	}
	return payload
}

// onFunc registers a custom responder (after recording the request) and returns its recorder.
func (e *testEnv) onFunc(method, route string, respond httpmock.Responder) *recorder {
	rec := &recorder{}
	e.mock.RegisterResponder(method, testBaseURL+route, func(req *http.Request) (*http.Response, error) {
		rec.add(req)
		return respond(req)
	})
	return rec
}

// assertRequest checks a recorded request's method, escaped path (below the base URL), Basic
// auth header, and JSON body (wantBody "" means no body).
func assertRequest(t testing.TB, r recorded, method, route, wantBody string) {
	t.Helper()
	assert.Equal(t, method, r.Method, "method")
	assert.Equal(t, "/api"+route, r.Path, "path")
	assert.Equal(t, testBasicHeader, r.Header.Get("Authorization"), "Authorization")
	assert.Equal(t, "application/json", r.Header.Get("Accept"), "Accept")
	if wantBody == "" {
		assert.Empty(t, r.Body, "request body")
		return
	}
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "Content-Type")
	assert.JSONEq(t, wantBody, string(r.Body), "request body")
}

// mustDecimal parses a decimal literal for test expectations.
func mustDecimal(t testing.TB, s string) Decimal {
	t.Helper()
	d, err := ParseDecimal(s)
	require.NoError(t, err)
	return d
}

// day is midnight UTC of a calendar date, for Date expectations.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
