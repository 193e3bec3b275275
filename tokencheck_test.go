package unmetered

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// malformedTokens are access tokens a server might send that cannot be used: each would be
// cached with no expiry and then fail every request locally.
var malformedTokens = map[string]string{
	"CR LF inside":  makeJWT(farFuture, "a") + "\r\nX-Injected: 1",
	"LF inside":     "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNiJ9\n.sig",
	"megabytes":     makeJWT(farFuture, strings.Repeat("m", 3<<20)),
	"not a JWT":     "opaque-session-token-0123456789",
	"two parts":     "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNiJ9",
	"four parts":    makeJWT(farFuture, "a") + ".extra",
	"empty payload": "eyJhbGciOiJIUzI1NiJ9..sig",
	"a space":       "eyJhbGciOiJIUzI1NiJ9.eyJzd WIiOiIyNiJ9.sig",
	"not ASCII":     "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNiJ9.sïg",
}

// tokenJSON is a /login or /token answer.
func tokenJSON(t *testing.T, access, refresh string) string {
	t.Helper()
	b, err := json.Marshal(map[string]string{"token": access, "refresh": refresh})
	require.NoError(t, err)
	return string(b)
}

// TestLoginRefusesMalformedTokens: /login and /token answers whose token cannot be sent (or is
// not a JWT) are refused with an error that does not show the token; nothing is kept, so a
// WithLogin client logs in again on its next request instead of failing locally for ever.
func TestLoginRefusesMalformedTokens(t *testing.T) {
	t.Parallel()
	for name, bad := range malformedTokens {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, WithLogin(testUser, testPassword))
			var logins atomic.Int64
			env.onFunc(http.MethodPost, "/login", func(*http.Request) (*http.Response, error) {
				if logins.Add(1) == 1 {
					return httpmock.NewJsonResponse(200, map[string]string{"token": bad, "refresh": "r"})
				}
				return tokenResponder("login", farFuture, &atomic.Int64{})(nil)
			})
			details := env.on(http.MethodGet, "/details", 200, "account/details.json")

			_, err := env.client.Account.Details(ctx)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "POST /login")
			assert.Contains(t, err.Error(), "token")
			assert.NotContains(t, err.Error(), bad[:20], "the token is not shown")
			assert.Less(t, len(err.Error()), 400)
			assert.Zero(t, details.count(), "nothing was sent with it")

			_, err = env.client.Account.Details(ctx)
			require.NoError(t, err, "the next request logs in again")
			assert.Equal(t, int64(2), logins.Load())
			assert.Equal(t, "Bearer "+makeJWT(farFuture, "login-access-1"), details.only(t).Header.Get("Authorization"))

			// Auth.Login and Auth.Refresh refuse it too.
			env.on(http.MethodPost, "/token", 200, tokenJSON(t, bad, "r"))
			_, err = env.client.Auth.Refresh(ctx, "some-refresh-token")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "POST /token")
			assert.NotContains(t, err.Error(), bad[:20])
		})
	}
}

// TestLoginRefusesMalformedRefreshTokens: a refresh token is sent in a body, not a header, and
// need not be a JWT, but one too long or with control characters or spaces is refused too.
func TestLoginRefusesMalformedRefreshTokens(t *testing.T) {
	t.Parallel()
	for name, bad := range map[string]string{
		"megabytes": strings.Repeat("zq", 3<<20), "CR LF": "zqxj1\r\ntoken", "a space": "zqxj1 token",
		"NUL": "zqxj1\x00token",
	} {
		env := newTestEnv(t)
		env.on(http.MethodPost, "/login", 200, tokenJSON(t, makeJWT(farFuture, "ok"), bad))
		_, err := env.client.Auth.Login(ctx, testUser, testPassword)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "refresh token", name)
		assert.NotContains(t, err.Error(), bad[:5], name)
	}
	// An opaque refresh token, and none at all, are fine.
	for _, refresh := range []string{"opaque-refresh_token.v2~+/=", ""} {
		env := newTestEnv(t)
		env.on(http.MethodPost, "/login", 200, tokenJSON(t, makeJWT(farFuture, "ok"), refresh))
		tok, err := env.client.Auth.Login(ctx, testUser, testPassword)
		require.NoError(t, err, refresh)
		assert.Equal(t, refresh, tok.Refresh)
	}
}
func TestTokenValidate(t *testing.T) {
	t.Parallel()
	good := Token{Access: makeJWT(farFuture, "a"), Refresh: makeJWT(0, "r")}
	require.NoError(t, good.Validate())
	require.NoError(t, Token{Access: "eyJhbGciOiJub25lIn0.eyJzdWIiOiIyNiJ9."}.Validate(), "an unsigned JWT has an empty signature")
	require.NoError(t, Token{Access: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNiJ9==.c2ln"}.Validate(), "padding is tolerated")
	for name, bad := range malformedTokens {
		err := Token{Access: bad}.Validate()
		require.Error(t, err, name)
		assert.NotContains(t, err.Error(), bad[:20], name)
	}
	assert.ErrorContains(t, Token{}.Validate(), "no access token")
	long := Token{Access: "eyJhbGciOiJIUzI1NiJ9." + strings.Repeat("A", maxTokenLen) + ".sig"}
	assert.ErrorContains(t, long.Validate(), "8 KiB")
}
