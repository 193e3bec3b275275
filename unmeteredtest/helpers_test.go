package unmeteredtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

// rawResponse is an answer of the fake as plain net/http sees it.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as a JSON object, failing the test if it is not one.
func (r rawResponse) JSON(t testing.TB) map[string]any {
	t.Helper()
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&out), "not a JSON object: %s", r.Body)
	return out
}

// send makes one request to the fake with Basic auth. path is below the base URL and may carry
// a query; body is JSON-encoded unless it is a string (sent as is) or nil.
func send(t testing.TB, srv *Server, method, path string, body any) rawResponse {
	t.Helper()
	return sendAuth(t, srv, method, path, body, func(r *http.Request) { r.SetBasicAuth(srv.Username(), srv.Password()) })
}

// sendAuth is send with the caller's authentication.
func sendAuth(t testing.TB, srv *Server, method, path string, body any, auth func(*http.Request)) rawResponse {
	t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/x-www-form-urlencoded"
	default:
		enc, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL()+path, rd)
	require.NoError(t, err)
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if auth != nil {
		auth(req)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// sendOK is send that requires a 200 with a JSON object and no "error" in it.
func sendOK(t testing.TB, srv *Server, method, path string, body any) map[string]any {
	t.Helper()
	resp := send(t, srv, method, path, body)
	require.Equal(t, http.StatusOK, resp.Status, "%s %s: %s", method, path, resp.Body)
	out := resp.JSON(t)
	require.NotContains(t, out, "error", "%s %s: %s", method, path, resp.Body)
	return out
}

// bearer authenticates a request with a token.
func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

// sdkClient returns the SDK client of srv, failing the test on an error.
func sdkClient(t testing.TB, srv *Server, opts ...unmetered.Option) *unmetered.Client {
	t.Helper()
	c, err := srv.Client(opts...)
	require.NoError(t, err)
	return c
}

// at walks a decoded JSON value by object keys and list indexes ("0", "1", ...).
func at(t testing.TB, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		switch x := v.(type) {
		case map[string]any:
			require.Contains(t, x, k)
			v = x[k]
		case []any:
			i := 0
			for _, c := range k {
				i = i*10 + int(c-'0')
			}
			require.Less(t, i, len(x), "index %s", k)
			v = x[i]
		default:
			t.Fatalf("cannot take %q of %T", k, v)
		}
	}
	return v
}

// list walks to a JSON list and returns it.
func list(t testing.TB, v any, keys ...string) []any {
	t.Helper()
	l, isList := at(t, v, keys...).([]any)
	require.True(t, isList, "%v is not a list", keys)
	return l
}

// fakeClock is a clock for WithClock that tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// assertDecimal asserts that got is exactly the decimal want, whatever digits the server sent
// ("15" and "15.00" are equal; 19.649 and 19.65 are not).
func assertDecimal(t testing.TB, want string, got unmetered.Decimal, msgAndArgs ...any) {
	t.Helper()
	d, err := unmetered.ParseDecimal(want)
	require.NoError(t, err)
	if d.Cmp(got) != 0 {
		assert.Fail(t, "decimals differ: want "+want+", got "+got.String(), msgAndArgs...)
	}
}
