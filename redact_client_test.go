package unmetered

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Client.Redact: the client's own secrets out of text the SDK does not produce itself (a raw
// answer of Do a program prints), in every spelling, the session's earlier tokens included.

// echoOf is an answer that echoes each value in every spelling an echoing server writes, under
// keys that name no credential.
func echoOf(values ...string) []byte {
	var msgs []string
	for _, v := range values {
		msgs = append(msgs, spellingsOf(v)...)
		msgs = append(msgs, "Basic "+base64.StdEncoding.EncodeToString([]byte("someone-else:"+v)))
	}
	b, _ := json.Marshal(map[string]any{"message": strings.Join(msgs, " | "), "list": msgs})
	return b
}

// assertRedacted checks that out holds no spelling of any of values.
func assertRedacted(t *testing.T, out []byte, values ...string) {
	t.Helper()
	assert.Contains(t, string(out), redacted)
	for _, v := range values {
		for _, s := range spellingsOf(v) {
			assert.NotContains(t, string(out), s, "a spelling of %q", v)
		}
	}
}

func TestRedactBasicCredentials(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithBasicAuth(testUser, trickyPassword))
	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + trickyPassword))
	in := echoOf(trickyPassword, "Basic "+basic)
	orig := append([]byte(nil), in...)
	out := env.client.Redact(in)
	assertRedacted(t, out, trickyPassword, basic)
	assert.Equal(t, orig, in, "the input is not modified")

	clean := []byte(`{"message":"nothing to hide here","n":42}`)
	got := env.client.Redact(clean)
	assert.Equal(t, string(clean), string(got))
	assert.Same(t, &clean[0], &got[0], "text without a secret comes back as it is")
	assert.Nil(t, env.client.Redact(nil))
	var nilClient *Client
	assert.Equal(t, clean, nilClient.Redact(clean))
}

// A WithLogin session renewed after a 401: its earlier tokens (opaque here, so that the JWT
// pattern does not find them) stay secrets, and so does the password it logged in with.
func TestRedactSessionTokensCurrentAndEarlier(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithLogin(testUser, trickyPassword))
	var n atomic.Int64
	issue := func(*http.Request) (*http.Response, error) {
		i := n.Add(1)
		return httpmock.NewStringResponse(200, fmt.Sprintf(`{"token":"b3BhcXVl.access-%d.xyzw","refresh":"opaque-refresh-%d-xyzw"}`, i, i)), nil
	}
	env.onFunc(http.MethodPost, "/login", issue)
	env.onFunc(http.MethodPost, "/token", issue)
	env.onFunc(http.MethodGet, "/details", func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("Authorization") == "Bearer b3BhcXVl.access-1.xyzw" {
			return httpmock.NewStringResponse(401, `{"error":["unauthorized"]}`), nil
		}
		return httpmock.NewBytesResponse(200, fixture(t, "account/details.json")), nil
	})
	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(2), n.Load(), "logged in, then renewed after the 401")
	tokens := []string{"b3BhcXVl.access-1.xyzw", "opaque-refresh-1-xyzw", "b3BhcXVl.access-2.xyzw", "opaque-refresh-2-xyzw"}
	assertRedacted(t, env.client.Redact(echoOf(append(tokens, trickyPassword)...)), append(tokens, trickyPassword)...)
}

// A caller's TokenSource: each bearer token the client sends is a secret from then on, and so
// are the password and tokens of its Auth calls; WithSecrets adds what the client never sends.
func TestRedactTokenSourceAndWithSecrets(t *testing.T) {
	t.Parallel()
	const bearer, apiKey = "opaque-caller-token-0042", "my-own-api-key-9876"
	env := newTestEnv(t, WithTokenSource(staticTokens{bearer}), WithSecrets(apiKey, "ab"))
	env.on(http.MethodGet, "/details", 200, "account/details.json")
	env.on(http.MethodPost, "/login", 200, `{"token":"b3BhcXVl.login-access.5555","refresh":"login-refresh-6666"}`)

	assertRedacted(t, env.client.Redact(echoOf(apiKey)), apiKey)
	assert.Equal(t, "x ab y", string(env.client.Redact([]byte("x ab y"))), "values under 4 bytes are not redacted")

	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)
	_, err = env.client.Auth.Login(ctx, testUser, "login-password-77")
	require.NoError(t, err)
	learned := []string{bearer, "login-password-77", "b3BhcXVl.login-access.5555", "login-refresh-6666", apiKey}
	assertRedacted(t, env.client.Redact(echoOf(learned...)), learned...)
}

// The secrets a client learns are bounded: a process that renews its session for months keeps
// the latest maxLearned, not all.
func TestLearnedSecretsBounded(t *testing.T) {
	t.Parallel()
	s := newSecrets()
	for i := range maxLearned + 8 {
		s.learn(fmt.Sprintf("token-number-%03d", i), fmt.Sprintf("token-number-%03d", i))
	}
	require.Len(t, s.learned.list(), maxLearned)
	assert.Equal(t, "token-number-008", s.learned.list()[0])
	text := "token-number-007 token-number-008 token-number-039"
	assert.Equal(t, "token-number-007 [REDACTED] [REDACTED]", s.redactor(nil).text(text))
}

// Every request tells the client's secrets what it sends (a session's bearer token, over and
// over); a value already known is found without the lock that adding one takes, so requests
// from many goroutines do not queue on it.
func TestLearningAKnownSecretTakesNoLock(t *testing.T) {
	t.Parallel()
	s := newSecrets()
	s.learn("bearer-token-1", "refresh-token-1")
	s.learn("bearer-token-2")

	s.learned.mu.Lock() // held by someone adding a secret
	done := make(chan struct{})
	go func() {
		s.learn("bearer-token-2", "abc") // known, and too short to be one
		s.learn("refresh-token-1")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("learning known secrets waited for the lock")
	}
	s.learned.mu.Unlock()

	s.learn("bearer-token-3") // a new one is still added
	assert.Equal(t, []string{"bearer-token-1", "refresh-token-1", "bearer-token-2", "bearer-token-3"}, s.learned.list())
	assert.Equal(t, "[REDACTED]", s.redactor(nil).text("bearer-token-3"))
}
