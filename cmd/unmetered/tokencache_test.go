package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// clock is a settable time shared by a fake portal and the token cache.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// cacheRun is one run of the command as far as the token cache is concerned: a new cache on the
// same file, a new client, one request.
type cacheRun struct {
	t     *testing.T
	srv   *unmeteredtest.Server
	path  string
	creds *credentials
	now   func() time.Time
	warns []error
}

func newCacheRun(t *testing.T, srv *unmeteredtest.Server) *cacheRun {
	return &cacheRun{
		t:    t,
		srv:  srv,
		path: filepath.Join(t.TempDir(), "unmetered", "tokens", "profile-test.json"),
		creds: &credentials{profile: "test", baseURL: srv.URL(), auth: authJWT,
			username: srv.Username(), password: srv.Password(), cacheKey: "profile-test"},
		now: time.Now,
	}
}

func (r *cacheRun) cache() (*tokenCache, *unmetered.Client) {
	r.t.Helper()
	cache := newTokenCache(r.path, r.creds, slog.New(slog.NewTextHandler(io.Discard, nil)), r.now)
	cache.warn = func(err error) { r.warns = append(r.warns, err) }
	c, err := r.srv.Client(unmetered.WithTokenSource(cache))
	require.NoError(r.t, err)
	cache.auth = c.Auth
	return cache, c
}

// details runs one command: GET /details through a fresh cache and client.
func (r *cacheRun) details() error {
	r.t.Helper()
	_, c := r.cache()
	_, err := c.Account.Details(context.Background())
	return err
}

func (r *cacheRun) counts() (logins, refreshes int) {
	return r.srv.Count("POST", "/login"), r.srv.Count("POST", "/token")
}

func TestTokenCacheLogsInOnceAcrossRuns(t *testing.T) {
	t.Parallel()
	r := newCacheRun(t, unmeteredtest.NewTestServer(t))
	for i := 0; i < 5; i++ {
		require.NoError(t, r.details(), "run %d", i)
	}
	logins, refreshes := r.counts()
	assert.Equal(t, 1, logins)
	assert.Equal(t, 0, refreshes)
	assert.Empty(t, r.warns)

	assert.Equal(t, os.FileMode(0o600), mode(t, r.path))
	assert.Equal(t, os.FileMode(0o700), mode(t, filepath.Dir(r.path)))
	assert.Equal(t, os.FileMode(0o700), mode(t, filepath.Dir(filepath.Dir(r.path))))
	var ct cachedTokens
	b, err := os.ReadFile(r.path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &ct))
	assert.Equal(t, r.srv.URL(), ct.BaseURL)
	assert.Equal(t, r.srv.Username(), ct.Username)
	assert.NotEmpty(t, ct.Access)
	assert.NotEmpty(t, ct.Refresh)
	assert.NotContains(t, string(b), r.srv.Password(), "the cache holds tokens, not the password")
}

func TestTokenCacheRenewsAnExpiredToken(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Now()}
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithClock(clk.Now), unmeteredtest.WithTokenLifetime(10*time.Minute))
	r := newCacheRun(t, srv)
	r.now = clk.Now
	require.NoError(t, r.details())

	clk.Add(9*time.Minute + 45*time.Second) // within refreshSkew of the expiry: renewed before use
	require.NoError(t, r.details())
	logins, refreshes := r.counts()
	assert.Equal(t, 1, logins)
	assert.Equal(t, 1, refreshes)
	assert.Equal(t, 0, countStatus(srv, http.StatusUnauthorized), "renewed before the server could reject it")

	require.NoError(t, r.details())
	logins, refreshes = r.counts()
	assert.Equal(t, 1, logins, "the renewed token was cached")
	assert.Equal(t, 1, refreshes)
}

func TestTokenCacheKeepsAShortLivedTokenForThreeQuartersOfItsLife(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Now()}
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithClock(clk.Now), unmeteredtest.WithTokenLifetime(20*time.Second))
	r := newCacheRun(t, srv)
	r.now = clk.Now
	require.NoError(t, r.details())
	clk.Add(14 * time.Second) // 20 s life: renewed after 15 s, not before
	require.NoError(t, r.details())
	_, refreshes := r.counts()
	assert.Equal(t, 0, refreshes, "a token shorter-lived than refreshSkew is not renewed by every command")
	clk.Add(2 * time.Second)
	require.NoError(t, r.details())
	_, refreshes = r.counts()
	assert.Equal(t, 1, refreshes)
}

func TestRenewalTime(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	jwt := func(exp int64) *unmetered.Token {
		payload := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"exp":%d}`, exp)))
		return &unmetered.Token{Access: "eyJhbGciOiJIUzI1NiJ9." + payload + ".c2ln"}
	}
	assert.Equal(t, now.Add(time.Hour-refreshSkew), renewalTime(jwt(now.Add(time.Hour).Unix()), now))
	assert.Equal(t, now.Add(60*time.Second), renewalTime(jwt(now.Add(80*time.Second).Unix()), now))
	assert.True(t, renewalTime(jwt(now.Add(-time.Minute).Unix()), now).IsZero(), "expired on arrival: a skewed clock")
	assert.True(t, renewalTime(&unmetered.Token{Access: "opaque"}, now).IsZero(), "no exp claim")
}

func TestTokenCacheLogsInAgainWhenTheRefreshTokenExpired(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Now()}
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithClock(clk.Now),
		unmeteredtest.WithTokenLifetime(time.Minute), unmeteredtest.WithRefreshLifetime(time.Hour))
	r := newCacheRun(t, srv)
	r.now = clk.Now
	require.NoError(t, r.details())
	clk.Add(2 * time.Hour)
	require.NoError(t, r.details())
	logins, refreshes := r.counts()
	assert.Equal(t, 2, logins)
	assert.Equal(t, 1, refreshes, "refresh tried first, refused")
}

func TestTokenCacheRecoversFromARevokedSession(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	r := newCacheRun(t, srv)
	require.NoError(t, r.details())

	// The session ends on the portal (revoked by another device, a password change): the
	// cached token is rejected, its refresh refused, and the run logs in again by itself.
	revokeAll(t, srv)
	require.NoError(t, r.details())
	logins, refreshes := r.counts()
	assert.Equal(t, 2, logins)
	assert.Equal(t, 1, refreshes)
	assert.Equal(t, 3, srv.Count("GET", "/details"), "one rejected, replayed once")

	require.NoError(t, r.details())
	logins, _ = r.counts()
	assert.Equal(t, 2, logins, "the new session was cached")
}

func TestTokenCacheIgnoresDamagedOrForeignFiles(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	r := newCacheRun(t, srv)
	require.NoError(t, writePrivate(r.path, []byte("garbage")))
	require.NoError(t, r.details())
	logins, _ := r.counts()
	assert.Equal(t, 1, logins)

	// Tokens of another account on the same file (the profile was re-created) are not used.
	b, err := os.ReadFile(r.path)
	require.NoError(t, err)
	var ct cachedTokens
	require.NoError(t, json.Unmarshal(b, &ct))
	ct.Username = "mary@example.com"
	b, err = json.Marshal(ct)
	require.NoError(t, err)
	require.NoError(t, writePrivate(r.path, b))
	require.NoError(t, r.details())
	logins, _ = r.counts()
	assert.Equal(t, 2, logins)
}

func TestTokenCacheWriteFailureIsAWarning(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	r := newCacheRun(t, srv)
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o600))
	r.path = filepath.Join(blocker, "tokens", "x.json") // its directory cannot be created
	require.NoError(t, r.details(), "the command works; only the next one logs in again")
	require.Len(t, r.warns, 1)
	assert.ErrorContains(t, r.warns[0], "writing the token cache")
}

func TestTokenCacheLoginRefused(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	r := newCacheRun(t, srv)
	r.creds.password = "wrong-password"
	err := r.details()
	require.Error(t, err)
	assert.Equal(t, exitAuth, exitCode(err))
	assert.NotContains(t, err.Error(), "wrong-password")
	_, statErr := os.Stat(r.path)
	assert.True(t, errors.Is(statErr, os.ErrNotExist), "nothing cached")
}

func TestTokenCacheWaitsOnTheContext(t *testing.T) {
	t.Parallel()
	r := newCacheRun(t, unmeteredtest.NewTestServer(t))
	cache, _ := r.cache()
	cache.sem <- struct{}{} // another caller holds the session
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := cache.Token(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestTokenCacheInvalidateKeepsANewerToken(t *testing.T) {
	t.Parallel()
	r := newCacheRun(t, unmeteredtest.NewTestServer(t))
	cache, _ := r.cache()
	tok, err := cache.Token(context.Background())
	require.NoError(t, err)
	cache.Invalidate("an-older-token")
	assert.Equal(t, tok, cache.tok.Access, "a token other than the current one changes nothing")
	cache.Invalidate(tok)
	assert.Empty(t, cache.tok.Access)
	assert.NotEmpty(t, cache.tok.Refresh, "kept for the renewal")
}

func revokeAll(t *testing.T, srv *unmeteredtest.Server) {
	t.Helper()
	c, err := srv.Client()
	require.NoError(t, err)
	require.NoError(t, c.Auth.Revoke(context.Background(), ""))
}

func countStatus(srv *unmeteredtest.Server, status int) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Status == status {
			n++
		}
	}
	return n
}

// TestTokenCacheKeepsEarlierTokens: the tokens a renewal replaces stay in the file as earlier
// ones (the latest maxEarlierTokens), so that a later run still redacts them; a token the
// server rejected is among them.
func TestTokenCacheKeepsEarlierTokens(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tokens.json")
	creds := &credentials{baseURL: "https://portal.example/api", username: "u@example.com"}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := newTokenCache(path, creds, quiet, time.Now)
	for i := 1; i <= 8; i++ { // renewals that keep the refresh token
		c.store(&unmetered.Token{Access: jwtShaped(fmt.Sprintf("access-%d", i)), Refresh: "refresh-kept-abcd"})
	}
	c.Invalidate(jwtShaped("access-8"))
	c.store(&unmetered.Token{Access: jwtShaped("access-9"), Refresh: "refresh-new-abcd"})

	again := newTokenCache(path, creds, quiet, time.Now)
	assert.Equal(t, []string{jwtShaped("access-9"), "refresh-new-abcd",
		jwtShaped("access-2"), jwtShaped("access-3"), jwtShaped("access-4"), jwtShaped("access-5"), jwtShaped("access-6"), jwtShaped("access-7"),
		jwtShaped("access-8"), "refresh-kept-abcd"}, again.secrets(),
		"the current pair, then the latest 8 replaced tokens: the one rejected, the replaced refresh token; the oldest dropped")
}

// jwtShaped returns a token of the JWT form the SDK accepts from /login, its signature part sig.
func jwtShaped(sig string) string { return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNiJ9." + sig }

// TestTokenCacheNeverKeepsAMalformedToken: a /login answer whose token cannot be sent (CR/LF in
// it) is an error, and nothing is cached: the next run logs in again rather than failing
// locally for ever.
func TestTokenCacheNeverKeepsAMalformedToken(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	r := newCacheRun(t, srv)
	srv.Fail("POST", "/login", unmeteredtest.Fault{Body: `{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNiJ9.c2ln\r\nX-Injected: 1","refresh":"r"}`})
	err := r.details()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "token")
	assert.NotContains(t, err.Error(), "X-Injected")
	_, statErr := os.Stat(r.path)
	assert.True(t, errors.Is(statErr, os.ErrNotExist), "nothing cached")

	require.NoError(t, r.details(), "the next run logs in again")
	logins, _ := r.counts()
	assert.Equal(t, 2, logins)
}

// TestTokenCacheDropsATokenThatCannotBeSent: a cached token that cannot be sent (written by an
// older version, or damaged) is dropped, and the run logs in again and caches a good one.
func TestTokenCacheDropsATokenThatCannotBeSent(t *testing.T) {
	t.Parallel()
	for name, spoil := range map[string]func(string) string{
		"CR LF":     func(tok string) string { return tok + "\r\nX-Injected: 1" },
		"megabytes": func(tok string) string { return tok + strings.Repeat("A", 3<<20) },
		"not a JWT": func(string) string { return "opaque-session-token" },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := unmeteredtest.NewTestServer(t)
			r := newCacheRun(t, srv)
			require.NoError(t, r.details())
			b, err := os.ReadFile(r.path)
			require.NoError(t, err)
			var ct cachedTokens
			require.NoError(t, json.Unmarshal(b, &ct))
			ct.Access, ct.RefreshAt = spoil(ct.Access), time.Time{} // no expiry: used until rejected
			b, err = json.Marshal(ct)
			require.NoError(t, err)
			require.NoError(t, writePrivate(r.path, b))

			require.NoError(t, r.details(), "the spoilt token is dropped")
			logins, _ := r.counts()
			assert.Equal(t, 2, logins, "logged in again")
			b, err = os.ReadFile(r.path)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(b, &ct))
			assert.NoError(t, unmetered.Token{Access: ct.Access, Refresh: ct.Refresh}.Validate(), "a good token is cached")
		})
	}
}
