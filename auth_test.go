package unmetered

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// makeJWT builds an unsigned JWT-shaped token with the given exp claim and a marker in its
// subject, so tests can tell tokens apart.
func makeJWT(exp int64, marker string) string {
	enc := base64.RawURLEncoding.EncodeToString
	payload := fmt.Sprintf(`{"sub":%q,"exp":%d}`, marker, exp)
	return enc([]byte(`{"typ":"JWT","alg":"none"}`)) + "." + enc([]byte(payload)) + ".sig-" + marker
}

// makeJWTAt is makeJWT with an iat claim as well.
func makeJWTAt(iat, exp int64, marker string) string {
	enc := base64.RawURLEncoding.EncodeToString
	payload := fmt.Sprintf(`{"sub":%q,"iat":%d,"exp":%d}`, marker, iat, exp)
	return enc([]byte(`{"typ":"JWT","alg":"none"}`)) + "." + enc([]byte(payload)) + ".sig-" + marker
}

// tokenResponder answers a login or refresh with a fresh pair whose markers count up.
func tokenResponder(prefix string, exp int64, counter *atomic.Int64) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		n := counter.Add(1)
		body, _ := json.Marshal(map[string]string{
			"token":   makeJWT(exp, fmt.Sprintf("%s-access-%d", prefix, n)),
			"refresh": makeJWT(0, fmt.Sprintf("%s-refresh-%d", prefix, n)),
		})
		return httpmock.NewBytesResponse(200, body), nil
	}
}

const farFuture = 4102444800 // 2100-01-01

// newJWTEnv returns a client built with WithLogin, plus recorders for /login and /token.
func newJWTEnv(t *testing.T, exp int64, opts ...Option) (env *testEnv, login, refresh *recorder) {
	t.Helper()
	env = newTestEnv(t, append([]Option{WithLogin(testUser, testPassword)}, opts...)...)
	var logins, refreshes atomic.Int64
	login = env.onFunc(http.MethodPost, "/login", tokenResponder("login", exp, &logins))
	refresh = env.onFunc(http.MethodPost, "/token", tokenResponder("refresh", exp, &refreshes))
	return env, login, refresh
}

func bearerOf(r recorded) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

func TestBasicAuthHeader(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/details", 200, "account/details.json")
	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	// Base64 of "joe@example.com:correct-horse-battery", computed independently.
	assert.Equal(t, "Basic am9lQGV4YW1wbGUuY29tOmNvcnJlY3QtaG9yc2UtYmF0dGVyeQ==", rec.only(t).Header.Get("Authorization"))
}

func TestBearerAuthLogsInLazily(t *testing.T) {
	t.Parallel()
	env, login, refresh := newJWTEnv(t, farFuture)
	details := env.on(http.MethodGet, "/details", 200, "account/details.json")
	assert.Zero(t, login.count(), "no login before the first request")

	for i := 0; i < 3; i++ {
		_, err := env.client.Account.Details(ctx)
		require.NoError(t, err)
	}

	l := login.only(t)
	assert.Empty(t, l.Header.Get("Authorization"), "login carries no Authorization header")
	assert.JSONEq(t, `{"username":"joe@example.com","password":"correct-horse-battery"}`, string(l.Body))
	assert.Zero(t, refresh.count())
	reqs := details.all()
	require.Len(t, reqs, 3)
	for _, r := range reqs {
		assert.Equal(t, "Bearer "+makeJWT(farFuture, "login-access-1"), r.Header.Get("Authorization"))
	}
}

func TestBearerProactiveRefreshBeforeExpiry(t *testing.T) {
	t.Parallel()
	exp := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	env, login, refresh := newJWTEnv(t, exp.Unix())
	var now atomic.Int64
	now.Store(exp.Add(-time.Hour).Unix())
	env.client.Auth.session.now = func() time.Time { return time.Unix(now.Load(), 0) }
	details := env.on(http.MethodGet, "/details", 200, "account/details.json")

	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	now.Store(exp.Add(-refreshSkew + time.Second).Unix()) // within the refresh window, not yet expired
	_, err = env.client.Account.Details(ctx)
	require.NoError(t, err)

	assert.Equal(t, 1, login.count())
	r := refresh.only(t)
	assert.Empty(t, r.Header.Get("Authorization"))
	assert.JSONEq(t, fmt.Sprintf(`{"refresh_token":%q}`, makeJWT(0, "login-refresh-1")), string(r.Body))
	reqs := details.all()
	require.Len(t, reqs, 2)
	assert.Equal(t, makeJWT(exp.Unix(), "login-access-1"), bearerOf(reqs[0]))
	assert.Equal(t, makeJWT(exp.Unix(), "refresh-access-1"), bearerOf(reqs[1]), "refreshed before the old token expired")
}

func TestBearer401RefreshesAndReplays(t *testing.T) {
	t.Parallel()
	env, login, refresh := newJWTEnv(t, farFuture)
	var calls atomic.Int64
	details := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			return httpmock.NewStringResponse(401, `{"error":["token_expired"]}`), nil
		}
		return httpmock.NewBytesResponse(200, fixture(t, "account/details.json")), nil
	})

	d, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, "joe@example.com", d.Email)

	assert.Equal(t, 1, login.count())
	assert.Equal(t, 1, refresh.count())
	reqs := details.all()
	require.Len(t, reqs, 2, "one replay")
	assert.Equal(t, makeJWT(farFuture, "login-access-1"), bearerOf(reqs[0]))
	assert.Equal(t, makeJWT(farFuture, "refresh-access-1"), bearerOf(reqs[1]))
}

func TestBearer401TwiceIsUnauthorized(t *testing.T) {
	t.Parallel()
	env, login, refresh := newJWTEnv(t, farFuture)
	details := env.on(http.MethodGet, "/details", 401, `{"error":["invalid token"]}`)
	_, err := env.client.Account.Details(ctx)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, 2, details.count(), "replayed once, not in a loop")
	assert.Equal(t, 1, login.count())
	assert.Equal(t, 1, refresh.count())
}

func TestBearerRefreshRejectedLogsInAgain(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithLogin(testUser, testPassword))
	var logins atomic.Int64
	login := env.onFunc(http.MethodPost, "/login", tokenResponder("login", farFuture, &logins))
	refresh := env.on(http.MethodPost, "/token", 401, `{"error":["invalid refresh token"]}`)
	var calls atomic.Int64
	details := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			return httpmock.NewStringResponse(401, `{"error":["token_expired"]}`), nil
		}
		return httpmock.NewBytesResponse(200, fixture(t, "account/details.json")), nil
	})

	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, refresh.count())
	assert.Equal(t, 2, login.count(), "logged in again after the refresh was refused")
	reqs := details.all()
	require.Len(t, reqs, 2)
	assert.Equal(t, makeJWT(farFuture, "login-access-2"), bearerOf(reqs[1]))
}

func TestBearerConcurrentCallersShareOneLogin(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithLogin(testUser, testPassword))
	var logins atomic.Int64
	login := env.onFunc(http.MethodPost, "/login",
		httpmock.Responder(tokenResponder("login", farFuture, &logins)).Delay(20*time.Millisecond))
	details := env.on(http.MethodGet, "/details", 200, "account/details.json")

	const callers = 50
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	start := make(chan struct{})
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := env.client.Account.Details(ctx)
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 1, login.count(), "exactly one login for 50 concurrent callers")
	assert.Equal(t, callers, details.count())
}

func TestBearerWaitingForLoginRespectsContext(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithLogin(testUser, testPassword))
	release := make(chan struct{})
	var logins atomic.Int64
	env.onFunc(http.MethodPost, "/login", func(r *http.Request) (*http.Response, error) {
		<-release
		return tokenResponder("login", farFuture, &logins)(r)
	})
	env.on(http.MethodGet, "/details", 200, "account/details.json")

	first := make(chan error, 1)
	go func() { _, err := env.client.Account.Details(ctx); first <- err }()
	// Wait until the first caller holds the login slot.
	require.Eventually(t, func() bool { return len(env.client.Auth.session.sem) == 1 }, 5*time.Second, time.Millisecond)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := env.client.Account.Details(cctx)
	require.ErrorIs(t, err, context.Canceled, "a waiter gives up with its context")
	close(release)
	require.NoError(t, <-first)
}

// invalidatingSource is a user TokenSource that takes part in the 401 refresh.
type invalidatingSource struct {
	mu          sync.Mutex
	tokens      []string
	invalidated []string
}

func (s *invalidatingSource) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens[0], nil
}

func (s *invalidatingSource) Invalidate(rejected string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, rejected)
	if len(s.tokens) > 1 {
		s.tokens = s.tokens[1:]
	}
}

func TestUserTokenSource(t *testing.T) {
	t.Parallel()
	src := &invalidatingSource{tokens: []string{"user-token-1", "user-token-2"}}
	env := newTestEnv(t, WithTokenSource(src))
	var calls atomic.Int64
	details := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			return httpmock.NewStringResponse(401, `{"error":["expired"]}`), nil
		}
		return httpmock.NewBytesResponse(200, fixture(t, "account/details.json")), nil
	})
	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	reqs := details.all()
	require.Len(t, reqs, 2)
	assert.Equal(t, "Bearer user-token-1", reqs[0].Header.Get("Authorization"))
	assert.Equal(t, "Bearer user-token-2", reqs[1].Header.Get("Authorization"))
	assert.Equal(t, []string{"user-token-1"}, src.invalidated)
}

type failingSource struct{}

func (failingSource) Token(context.Context) (string, error) { return "", fmt.Errorf("vault sealed") }

func TestTokenSourceErrorStopsRequest(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithTokenSource(failingSource{}))
	details := env.on(http.MethodGet, "/details", 200, "account/details.json")
	_, err := env.client.Account.Details(ctx)
	require.ErrorContains(t, err, "vault sealed")
	assert.Zero(t, details.count())
}

func TestLoginFailureIsUnauthorizedWithoutSecrets(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithLogin(testUser, testPassword))
	// A server that (badly) echoes the credentials it received.
	env.onFunc(http.MethodPost, "/login", func(r *http.Request) (*http.Response, error) {
		body, _ := json.Marshal(map[string][]string{"error": {"bad login: " + testPassword}})
		return httpmock.NewBytesResponse(401, body), nil
	})
	details := env.on(http.MethodGet, "/details", 200, "account/details.json")

	_, err := env.client.Account.Details(ctx)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.NotContains(t, err.Error(), testPassword)
	assert.Contains(t, err.Error(), redacted)
	assert.Zero(t, details.count())
}

func TestAuthLogin(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/login", 200, "auth/login.json")

	tok, err := env.client.Auth.Login(ctx, "joe@example.com", "s3cret-pass")
	require.NoError(t, err)
	r := rec.only(t)
	assert.Equal(t, "/api/login", r.Path)
	assert.Empty(t, r.Header.Get("Authorization"), "login is sent without credentials headers")
	assert.JSONEq(t, `{"username":"joe@example.com","password":"s3cret-pass"}`, string(r.Body))

	var want Token
	require.NoError(t, json.Unmarshal(fixture(t, "auth/login.json"), &want))
	assert.Equal(t, want.Access, tok.Access)
	assert.Equal(t, want.Refresh, tok.Refresh)
	assert.Equal(t, time.Unix(farFuture, 0), tok.Expiry())

	for _, s := range []string{tok.String(), fmt.Sprintf("%v", tok), fmt.Sprintf("%+v", *tok), fmt.Sprintf("%#v", *tok)} {
		assert.NotContains(t, s, tok.Access)
		assert.NotContains(t, s, tok.Refresh)
	}

	_, err = env.client.Auth.Login(ctx, "", "x")
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, 1, rec.count())
}

func TestAuthLoginRetriedOn503(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodPost, "/login",
		httpmock.NewStringResponder(503, "busy").Then(httpmock.NewBytesResponder(200, fixture(t, "auth/login.json"))))
	_, err := env.client.Auth.Login(ctx, testUser, testPassword)
	require.NoError(t, err)
	assert.Equal(t, 2, rec.count(), "login has no side effect and is retried")
}

func TestAuthRefresh(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/token", 200, "auth/login.json")
	tok, err := env.client.Auth.Refresh(ctx, "refresh-value")
	require.NoError(t, err)
	r := rec.only(t)
	assert.Equal(t, "/api/token", r.Path)
	assert.Empty(t, r.Header.Get("Authorization"))
	assert.JSONEq(t, `{"refresh_token":"refresh-value"}`, string(r.Body))
	assert.NotEmpty(t, tok.Access)
	assert.NotEmpty(t, tok.Refresh)

	_, err = env.client.Auth.Refresh(ctx, "")
	require.ErrorIs(t, err, ErrInvalidArgument)

	env.on(http.MethodPost, "/token", 200, `{"refresh":"only"}`)
	_, err = env.client.Auth.Refresh(ctx, "refresh-value")
	require.ErrorContains(t, err, "no token")
}

func TestAuthLogout(t *testing.T) {
	t.Parallel()
	env, login, _ := newJWTEnv(t, farFuture)
	logout := env.on(http.MethodPost, "/logout", 200, "auth/status_true.json")
	details := env.on(http.MethodGet, "/details", 200, "account/details.json")

	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	require.NoError(t, env.client.Auth.Logout(ctx))
	r := logout.only(t)
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/api/logout", r.Path)
	assert.Equal(t, makeJWT(farFuture, "login-access-1"), bearerOf(r))
	assert.Empty(t, r.Body)

	_, err = env.client.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, login.count(), "the session was forgotten: the next request logs in again")
	assert.Equal(t, makeJWT(farFuture, "login-access-2"), bearerOf(details.all()[1]))

	env.on(http.MethodPost, "/logout", 200, `{"status":false}`)
	require.Error(t, env.client.Auth.Logout(ctx))
}

func TestAuthLogoutBasic(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/logout", 200, "auth/status_true.json")
	require.NoError(t, env.client.Auth.Logout(ctx))
	assertRequest(t, rec.only(t), http.MethodPost, "/logout", "")
}

func TestAuthRevoke(t *testing.T) {
	t.Parallel()
	t.Run("explicit token", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t)
		rec := env.on(http.MethodPost, "/revoke", 200, "auth/status_true.json")
		require.NoError(t, env.client.Auth.Revoke(ctx, "some-refresh-token"))
		assertRequest(t, rec.only(t), http.MethodPost, "/revoke", `{"refresh_token":"some-refresh-token"}`)
	})
	t.Run("own session", func(t *testing.T) {
		t.Parallel()
		env, login, _ := newJWTEnv(t, farFuture)
		rec := env.on(http.MethodPost, "/revoke", 200, "auth/status_true.json")
		env.on(http.MethodGet, "/details", 200, "account/details.json")
		_, err := env.client.Account.Details(ctx)
		require.NoError(t, err)

		require.NoError(t, env.client.Auth.Revoke(ctx, ""))
		r := rec.only(t)
		assert.JSONEq(t, fmt.Sprintf(`{"refresh_token":%q}`, makeJWT(0, "login-refresh-1")), string(r.Body))
		_, err = env.client.Account.Details(ctx)
		require.NoError(t, err)
		assert.Equal(t, 2, login.count(), "revoking forgets the session")
	})
	t.Run("basic, no token", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t)
		rec := env.on(http.MethodPost, "/revoke", 200, "auth/status_true.json")
		require.NoError(t, env.client.Auth.Revoke(ctx, ""))
		assertRequest(t, rec.only(t), http.MethodPost, "/revoke", "")
	})
	t.Run("not confirmed", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t)
		env.on(http.MethodPost, "/revoke", 200, `{"status":false}`)
		require.Error(t, env.client.Auth.Revoke(ctx, "x-refresh"))
	})
}

func TestJWTExpiry(t *testing.T) {
	t.Parallel()
	assert.Equal(t, time.Unix(1700000000, 0), Token{Access: makeJWT(1700000000, "a")}.Expiry())
	for _, bad := range []string{"", "a.b", "a.!!!.c", "a." + base64.RawURLEncoding.EncodeToString([]byte(`{"exp":"x"}`)) + ".c",
		makeJWT(0, "no-exp"), "a." + base64.RawURLEncoding.EncodeToString([]byte(`[1]`)) + ".c"} {
		assert.True(t, Token{Access: bad}.Expiry().IsZero(), "%q", bad)
	}
	iat, exp := jwtTimes(makeJWTAt(1700000000, 1700000020, "a"))
	assert.Equal(t, time.Unix(1700000000, 0), iat)
	assert.Equal(t, time.Unix(1700000020, 0), exp)
}

func TestSecretsNeverLogged(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env, _, _ := newJWTEnv(t, farFuture, WithLogger(logger))
	env.on(http.MethodGet, "/details", 200, "account/details.json")
	env.on(http.MethodGet, "/contact/1", 404, `{"error":["no contact"]}`)

	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	_, err = env.client.Account.Contact(ctx, 1)
	require.Error(t, err)

	out := logs.String()
	assert.Contains(t, out, `"path":"/details"`, "requests are logged")
	for _, secret := range []string{testPassword, makeJWT(farFuture, "login-access-1"), makeJWT(0, "login-refresh-1"), "Bearer", "Authorization"} {
		assert.NotContains(t, out, secret)
		assert.NotContains(t, err.Error(), secret)
	}
}

// TestBearerShortLivedTokensShareOneRefresh: tokens that live less than the 30 s refresh margin,
// or whose exp looks past because the local clock runs ahead of the server's, must not make
// every call refresh. Concurrent callers that find the token due share one renewal.
func TestBearerShortLivedTokensShareOneRefresh(t *testing.T) {
	t.Parallel()
	const life = 20 // seconds
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for _, tc := range []struct {
		name string
		skew int64 // how far the server's clock is behind the client's, in seconds
		iat  bool  // the tokens carry an iat claim
	}{
		{"short-lived", 0, true},
		{"short-lived without iat", 0, false},
		{"client clock two hours ahead", 7200, true},
		{"client clock two hours ahead, without iat", 7200, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var now atomic.Int64
			now.Store(start)
			env := newTestEnv(t, WithLogin(testUser, testPassword))
			env.client.Auth.session.now = func() time.Time { return time.Unix(now.Load(), 0) }
			issue := func(prefix string) httpmock.Responder {
				var n atomic.Int64
				return func(*http.Request) (*http.Response, error) {
					iat := now.Load() - tc.skew
					access := makeJWT(iat+life, fmt.Sprintf("%s-access-%d", prefix, n.Add(1)))
					if tc.iat {
						access = makeJWTAt(iat, iat+life, fmt.Sprintf("%s-access-%d", prefix, n.Load()))
					}
					body, _ := json.Marshal(map[string]string{"token": access, "refresh": prefix + "-refresh"})
					return httpmock.NewBytesResponse(200, body), nil
				}
			}
			login := env.onFunc(http.MethodPost, "/login", issue("login"))
			refresh := env.onFunc(http.MethodPost, "/token", issue("refresh"))
			details := env.on(http.MethodGet, "/details", 200, "account/details.json")
			burst := func() {
				var wg sync.WaitGroup
				for range 64 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, err := env.client.Account.Details(ctx)
						assert.NoError(t, err)
					}()
				}
				wg.Wait()
			}

			burst()
			assert.Equal(t, 1, login.count(), "one login for 64 callers")
			assert.Zero(t, refresh.count(), "a token just issued is not renewed")

			now.Add(16) // within the last quarter of the token's life
			burst()
			assert.Equal(t, 1, login.count())
			if tc.iat || tc.skew == 0 {
				assert.Equal(t, 1, refresh.count(), "64 callers that find the token due share one refresh")
			} else {
				// Without iat, a token whose exp looks past on arrival cannot be timed: it is
				// used until the server rejects it.
				assert.Zero(t, refresh.count())
			}
			assert.Equal(t, 128, details.count())
		})
	}
}

func TestRefreshDeadline(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_900_000_000, 0)
	at := func(iat, exp int64) Token { return Token{Access: makeJWTAt(iat, exp, "x")} }
	for _, tc := range []struct {
		name             string
		tok              Token
		refreshIn, expIn time.Duration
	}{
		{"an hour: the 30 s margin", at(now.Unix(), now.Unix()+3600), time.Hour - 30*time.Second, time.Hour},
		{"20 s: a quarter", at(now.Unix(), now.Unix()+20), 15 * time.Second, 20 * time.Second},
		{"server clock an hour behind", at(now.Unix()-3600, now.Unix()-3600+120), 90 * time.Second, 120 * time.Second},
		{"server clock an hour ahead", at(now.Unix()+3600, now.Unix()+3600+120), 90 * time.Second, 120 * time.Second},
		{"no iat", Token{Access: makeJWT(now.Unix()+600, "x")}, 600*time.Second - 30*time.Second, 600 * time.Second},
	} {
		refreshAt, expiry := refreshDeadline(tc.tok, now)
		assert.Equal(t, now.Add(tc.refreshIn), refreshAt, tc.name)
		assert.Equal(t, now.Add(tc.expIn), expiry, tc.name)
	}
	for name, tok := range map[string]Token{
		"opaque": {Access: "opaque"}, "no exp": {Access: makeJWT(0, "x")},
		"expired without iat": {Access: makeJWT(now.Unix()-5, "x")},
	} {
		refreshAt, expiry := refreshDeadline(tok, now)
		assert.True(t, refreshAt.IsZero() && expiry.IsZero(), name)
	}
}
