package unmeteredtest

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithRequestHook(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []Request
	srv := NewTestServer(t, WithRequestHook(func(r Request) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, r)
	}))
	send(t, srv, "GET", "/details?x=1", nil)
	login := sendAuth(t, srv, "POST", "/login", map[string]string{"username": srv.Username(), "password": srv.Password()}, func(*http.Request) {})
	token := login.JSON(t)["token"].(string)
	sendAuth(t, srv, "GET", "/details", nil, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) })
	sendAuth(t, srv, "GET", "/details", nil, func(*http.Request) {})
	srv.Fail("GET", "/invoice", Fault{DropConnection: true})
	req, err := http.NewRequest("GET", srv.URL()+"/invoice", nil)
	require.NoError(t, err)
	req.SetBasicAuth(srv.Username(), srv.Password())
	// A new connection: net/http sends a request again when a reused one drops it.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := fresh.Do(req); err == nil {
		resp.Body.Close()
	}

	mu.Lock()
	defer mu.Unlock()
	// The hook sees what Requests reports, in the same order.
	assert.Equal(t, srv.Requests(), seen)
	type line struct {
		method, path, auth string
		status             int
	}
	var got []line
	for _, r := range seen {
		got = append(got, line{r.Method, r.Path, r.Auth, r.Status})
	}
	assert.Equal(t, []line{
		{"GET", "/api/details", "Basic", 200},
		{"POST", "/api/login", "", 200},
		{"GET", "/api/details", "Bearer", 200},
		{"GET", "/api/details", "", 401},
		{"GET", "/api/invoice", "Basic", 0}, // dropped
	}, got)
	assert.NotContains(t, string(seen[1].Body), srv.Password(), "the password is redacted")

	// The hook's copy is its own.
	seen[1].Body[0] = 'X'
	seen[0].Query.Set("x", "changed")
	assert.Equal(t, "1", srv.Requests()[0].Query.Get("x"))
	assert.NotEqual(t, byte('X'), srv.Requests()[1].Body[0])
}

func TestWithRequestHookNil(t *testing.T) {
	t.Parallel()
	assert.Panics(t, func() { WithRequestHook(nil) })
}
