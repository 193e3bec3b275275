package unmeteredtest

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	assert.Equal(t, "Joe", at(t, sendOK(t, srv, "GET", "/details", nil), "client", "firstname"))

	resp := sendAuth(t, srv, "GET", "/details", nil, func(r *http.Request) { r.SetBasicAuth(srv.Username(), "wrong") })
	assert.Equal(t, http.StatusUnauthorized, resp.Status)
	assert.Equal(t, map[string]any{"error": []any{"Invalid username or password"}}, resp.JSON(t))
	assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Basic")

	resp = sendAuth(t, srv, "GET", "/details", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.Status)
	assert.Equal(t, []any{"Authentication required"}, resp.JSON(t)["error"])

	// Through the SDK: other credentials replace the seeded ones, and fail.
	c := sdkClient(t, srv, unmetered.WithBasicAuth(srv.Username(), "not-the-password"))
	_, err := c.Account.Details(context.Background())
	require.ErrorIs(t, err, unmetered.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "not-the-password")
	assert.NotContains(t, err.Error(), srv.Password())
}

func TestWithCredentials(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t, WithCredentials("ci@example.net", "ci-secret"))
	assert.Equal(t, "ci@example.net", srv.Username())
	details, err := sdkClient(t, srv).Account.Details(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ci@example.net", details.Email)
	assert.Panics(t, func() { WithCredentials("", "x") })
	assert.Panics(t, func() { WithTokenLifetime(0) })
	assert.Panics(t, func() { WithRefreshLifetime(-time.Second) })
	assert.Panics(t, func() { WithClock(nil) })
}

func TestLoginJSONAndForm(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := NewTestServer(t, WithClock(clock.Now))
	for name, body := range map[string]any{
		"json": obj{"username": srv.Username(), "password": srv.Password()},
		"form": url.Values{"username": {srv.Username()}, "password": {srv.Password()}}.Encode(),
	} {
		resp := sendAuth(t, srv, "POST", "/login", body, nil)
		require.Equal(t, http.StatusOK, resp.Status, "%s: %s", name, resp.Body)
		tok := resp.JSON(t)
		access := unmetered.Token{Access: tok["token"].(string)}
		assert.Equal(t, clock.Now().Add(DefaultTokenLifetime).Unix(), access.Expiry().Unix(), name)
		assert.Equal(t, http.StatusOK, sendAuth(t, srv, "GET", "/details", nil, bearer(access.Access)).Status, name)
	}

	resp := sendAuth(t, srv, "POST", "/login", obj{"username": srv.Username(), "password": "wrong"}, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.Status)
	resp = sendAuth(t, srv, "POST", "/login", obj{"username": srv.Username()}, nil)
	assert.Equal(t, http.StatusBadRequest, resp.Status)

	// The password never shows in what the server recorded.
	for _, r := range srv.Requests() {
		assert.NotContains(t, string(r.Body), srv.Password())
		assert.NotContains(t, string(r.Body), url.QueryEscape(srv.Password()))
	}
}

// loginPair returns a fresh token pair.
func loginPair(t *testing.T, srv *Server) (access, refresh string) {
	t.Helper()
	tok := sendOK(t, srv, "POST", "/login", obj{"username": srv.Username(), "password": srv.Password()})
	return tok["token"].(string), tok["refresh"].(string)
}

func TestTokenExpiryAndRefresh(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := NewTestServer(t, WithClock(clock.Now), WithTokenLifetime(10*time.Minute), WithRefreshLifetime(time.Hour))
	access, refresh := loginPair(t, srv)
	assert.Equal(t, clock.Now().Add(10*time.Minute).Unix(), unmetered.Token{Access: access}.Expiry().Unix())
	assert.Equal(t, http.StatusOK, sendAuth(t, srv, "GET", "/details", nil, bearer(access)).Status)

	clock.Advance(10 * time.Minute)
	resp := sendAuth(t, srv, "GET", "/details", nil, bearer(access))
	assert.Equal(t, http.StatusUnauthorized, resp.Status)
	assert.Equal(t, []any{"The token has expired or was revoked"}, resp.JSON(t)["error"])

	tok := sendOK(t, srv, "POST", "/token", obj{"refresh_token": refresh})
	fresh := tok["token"].(string)
	assert.NotEqual(t, access, fresh)
	assert.Equal(t, http.StatusOK, sendAuth(t, srv, "GET", "/details", nil, bearer(fresh)).Status)

	// A refresh token is not an access token, and the refresh lifetime ends refreshing.
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "GET", "/details", nil, bearer(refresh)).Status)
	clock.Advance(time.Hour)
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "POST", "/token", obj{"refresh_token": refresh}, nil).Status)
	assert.Equal(t, http.StatusBadRequest, sendAuth(t, srv, "POST", "/token", obj{}, nil).Status)
}

func TestTokensAreBoundToTheirServer(t *testing.T) {
	t.Parallel()
	a, b := NewTestServer(t), NewTestServer(t)
	access, _ := loginPair(t, a)
	resp := sendAuth(t, b, "GET", "/details", nil, bearer(access))
	assert.Equal(t, http.StatusUnauthorized, resp.Status)
	assert.Equal(t, []any{"Invalid token"}, resp.JSON(t)["error"])

	// An unsigned token with the same claims is refused too.
	parts := strings.Split(access, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, a, "GET", "/details", nil, bearer(none)).Status)
}

func TestRevokeAndLogout(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	access, refresh := loginPair(t, srv)
	assert.Equal(t, map[string]any{"status": true}, sendAuth(t, srv, "POST", "/revoke", obj{"refresh_token": refresh}, nil).JSON(t))
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "GET", "/details", nil, bearer(access)).Status)
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "POST", "/token", obj{"refresh_token": refresh}, nil).Status)

	access, _ = loginPair(t, srv)
	assert.Equal(t, http.StatusOK, sendAuth(t, srv, "POST", "/revoke", nil, bearer(access)).Status)
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "GET", "/details", nil, bearer(access)).Status)
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "POST", "/revoke", nil, nil).Status)

	access, _ = loginPair(t, srv)
	assert.Equal(t, http.StatusOK, sendAuth(t, srv, "POST", "/logout", nil, bearer(access)).Status)
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "GET", "/details", nil, bearer(access)).Status)

	// With Basic credentials and no refresh token, /revoke ends every session.
	first, _ := loginPair(t, srv)
	second, _ := loginPair(t, srv)
	sendOK(t, srv, "POST", "/revoke", nil)
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "GET", "/details", nil, bearer(first)).Status)
	assert.Equal(t, http.StatusUnauthorized, sendAuth(t, srv, "GET", "/details", nil, bearer(second)).Status)
}

// TestSDKSessionRefreshesTransparently drives the SDK's WithLogin session through an expired
// token: the server rejects it, the client refreshes once and replays the request.
func TestSDKSessionRefreshesTransparently(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	srv := NewTestServer(t, WithClock(clock.Now), WithTokenLifetime(10*time.Minute))
	c := sdkClient(t, srv, unmetered.WithLogin(srv.Username(), srv.Password()))

	_, err := c.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Count("POST", "/login"))

	clock.Advance(11 * time.Minute)
	details, err := c.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Doe", details.LastName)
	assert.Equal(t, 1, srv.Count("POST", "/login"))
	assert.Equal(t, 1, srv.Count("POST", "/token"))
	assert.Equal(t, 3, srv.Count("GET", "/details"), "the first call, the rejected one and its replay")

	// After a revoke the session logs in again.
	require.NoError(t, c.Auth.Revoke(ctx, ""))
	_, err = c.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.Count("POST", "/login"))

	// Logout ends the server's session too: a token kept from before is refused.
	tok, err := c.Auth.Login(ctx, srv.Username(), srv.Password())
	require.NoError(t, err)
	own := sdkClient(t, srv, unmetered.WithTokenSource(staticToken(tok.Access)))
	require.NoError(t, own.Auth.Logout(ctx))
	_, err = own.Account.Details(ctx)
	assert.True(t, errors.Is(err, unmetered.ErrUnauthorized), "%v", err)
}

// TestSDKSessionWithShortLivedTokens: tokens that live less than the SDK's 30 s refresh margin
// must not make every call renew them. 64 concurrent calls log in once and refresh never.
func TestSDKSessionWithShortLivedTokens(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t, WithTokenLifetime(10*time.Second))
	c := sdkClient(t, srv, unmetered.WithLogin(srv.Username(), srv.Password()))
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Account.Details(context.Background())
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, srv.Count("POST", "/login"))
	assert.Zero(t, srv.Count("POST", "/token"), "a token of 10 s is not renewed by every call")
	assert.Equal(t, 64, srv.Count("GET", "/details"))
}

// staticToken is a TokenSource that always gives one token.
type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }

// A session's bearer token costs the fake no more to check than Basic credentials: the fake
// runs in its users' test processes, and a JWT client should not read slower against it for
// the fake's own work. A token's signature is checked once; its expiry and its session on
// every request (TestTokenExpiryAndRefresh, TestRevokeAndLogout).
func TestBearerTokenCheckedAsCheaplyAsBasic(t *testing.T) {
	// Not parallel: allocations are counted for the whole process.
	srv := NewTestServer(t)
	access, _ := loginPair(t, srv)
	request := func(auth func(*http.Request)) *http.Request {
		r := httptest.NewRequest(http.MethodGet, srv.URL()+"/details", nil)
		auth(r)
		return r
	}
	basic := request(func(r *http.Request) { r.SetBasicAuth(srv.Username(), srv.Password()) })
	token := request(bearer(access))
	allocs := func(r *http.Request) float64 {
		require.Nil(t, srv.authenticate(&call{srv: srv, r: r}))
		var failed *reply
		n := testing.AllocsPerRun(100, func() { failed = srv.authenticate(&call{srv: srv, r: r}) })
		require.Nil(t, failed)
		return n
	}
	ofBasic, ofToken := allocs(basic), allocs(token)
	t.Logf("allocations per check: Basic %.0f, bearer token %.0f", ofBasic, ofToken)
	assert.LessOrEqual(t, ofToken, ofBasic)

	// The tokens it remembers are bounded.
	srv.mu.Lock()
	defer srv.mu.Unlock()
	for i := range maxVerified + 10 {
		tok := srv.sign(claims{Session: "s1", Type: accessToken, ID: "bound" + strconv.Itoa(i), ExpiresAt: 1 << 40})
		_, ok := srv.verifyAccess(tok)
		require.True(t, ok)
		require.LessOrEqual(t, len(srv.verified), maxVerified)
	}
}
