package unmetered

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Redaction of every spelling of a secret, in every error the request path returns and in
// everything errors.As reaches. TestSecretsNeverLeak (secrets_test.go) runs whole flows; these
// tests pin each case down.

// assertNoSecret checks err's text in every fmt form, and the text and fields of every error
// in its chain and that errors.As reaches, for each of secrets.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	require.Error(t, err)
	texts := []string{fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err)}
	var walk func(e error)
	walk = func(e error) {
		for ; e != nil; e = errors.Unwrap(e) {
			texts = append(texts, e.Error(), fmt.Sprintf("%+v|%#v", e, e))
			if u, ok := e.(interface{ Unwrap() []error }); ok {
				for _, w := range u.Unwrap() {
					walk(w)
				}
			}
		}
	}
	walk(err)
	var (
		apiErr  *Error
		wireErr *WireError
		urlErr  *url.Error
		numErr  *strconv.NumError
	)
	if errors.As(err, &apiErr) {
		texts = append(texts, apiErr.Excerpt, apiErr.Path, strings.Join(apiErr.Messages, "|"))
	}
	if errors.As(err, &wireErr) {
		texts = append(texts, wireErr.Value)
	}
	if errors.As(err, &urlErr) {
		texts = append(texts, urlErr.URL)
	}
	if errors.As(err, &numErr) {
		texts = append(texts, numErr.Num)
	}
	for _, secret := range secrets {
		for _, text := range texts {
			require.NotContains(t, text, secret, "an error shows a secret")
		}
	}
}

// The example: a server echoes the request body, as encoding/json wrote it, inside its
// message, so that the message reads {"password":"pa\u003css-word-9"}. The password (with a "<"
// that encoding/json writes as \u003c) must not show, whether it is the client's own or one a
// call sends (Auth.Login's).
func TestEchoedEscapedPasswordIsRedacted(t *testing.T) {
	t.Parallel()
	const password = "pa<ss-word-9"
	for _, echo := range []string{
		`{"error":["Bad request: {\"password\":\"pa\\u003css-word-9\"}"]}`, // the message shows \u003c
		`{"error":["Bad request: {\"password\":\"pa\u003css-word-9\"}"]}`,  // the message shows <
	} {
		env := newTestEnv(t, WithBasicAuth(testUser, password))
		env.on(http.MethodGet, "/details", 400, echo)
		_, err := env.client.Account.Details(ctx)
		assertNoSecret(t, err, password, `pa\u003css-word-9`, "word-9")
		assert.Contains(t, err.Error(), `Bad request: {"password":"[REDACTED]"}`, "the message is kept")

		env = newTestEnv(t)
		env.on(http.MethodPost, "/login", 400, echo)
		_, err = env.client.Auth.Login(ctx, testUser, password)
		assertNoSecret(t, err, password, `pa\u003css-word-9`, "word-9")
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 400, apiErr.StatusCode)
	}
}

// Every spelling the standard library's encoders give a secret is redacted, wherever the secret
// came from: the client's Basic password, a password a call sends, a session token.
func TestEverySpellingIsRedacted(t *testing.T) {
	t.Parallel()
	for _, secret := range []string{trickyPassword, "plain-password-7", "sp ace+plus/slash", "ünïcödé-pässwörd", "tab\there\nnew\bline\fx", "😀-astral-𝄞"} {
		basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + secret))
		rd := redactor{newSpellings(secret, basic)}
		for _, spelling := range append(spellingsOf(secret), basic) {
			for _, text := range []string{spelling, "before " + spelling + " after", `{"x":"` + spelling + `"}`} {
				out := rd.text(text)
				assert.NotContains(t, out, spelling, "secret %q spelt %q", secret, spelling)
				assert.Contains(t, out, redacted)
			}
		}
		// Basic credentials of another username put the password at another alignment in the
		// base64: what is left shows at most the username and the 4 characters around it.
		for _, user := range []string{"a", "ab", "abc"} {
			other := base64.StdEncoding.EncodeToString([]byte(user + ":" + secret))
			out := rd.text("Basic " + other)
			i := strings.Index(out, redacted)
			require.GreaterOrEqual(t, i, 0, "user %q, secret %q: %q", user, secret, out)
			assert.LessOrEqual(t, i-len("Basic "), (len(user)+1)*4/3+1, "user %q, secret %q: %q", user, secret, out)
			assert.LessOrEqual(t, len(out)-i-len(redacted), 4, "user %q, secret %q: %q", user, secret, out)
		}
	}
}

// A body's credential that the section did not list in request.secrets (an EPP code, a
// contact's password, a token in a query) is found by its key and redacted; other values stay.
func TestCallSecretsFromBodyAndQuery(t *testing.T) {
	t.Parallel()
	const epp, nested, query, visible = "EPP-code-7731-xyz", "nested-pass-1234", "query-token-5566", "visible-name-42"
	env := newTestEnv(t, WithRetryMax(0))
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		var body []byte
		if req.Body != nil {
			body, _ = io.ReadAll(req.Body)
		}
		msg, _ := json.Marshal(map[string][]string{"error": {"got " + string(body) + " at " + req.URL.String()}})
		return httpmock.NewBytesResponse(500, msg), nil
	})
	body := map[string]any{"name": visible, "epp": epp, "contacts": map[string]any{"admin": map[string]any{"password": nested}},
		"items": []any{map[string]any{"AuthCode": epp + "-2"}}}
	err := env.client.call(ctx, staticRoute(http.MethodPost, "/domain/order").request(body), nil)
	assertNoSecret(t, err, epp, nested)
	assert.Contains(t, err.Error(), visible, "values under other keys are kept")
	assert.ErrorIs(t, err, ErrServer)

	err = env.client.call(ctx, staticRoute(http.MethodGet, "/x").withQuery(url.Values{"token": {query}, "n": {visible}}).request(nil), nil)
	assertNoSecret(t, err, query)
	assert.Contains(t, err.Error(), visible)
}

// A secret in a value that fails to decode reaches neither the error's text nor the *WireError
// and *strconv.NumError that errors.As finds, whichever decoder met it: a whole response, a list
// under a key (getList) or an object under a key (getKey).
func TestDecodeErrorsAreRedacted(t *testing.T) {
	t.Parallel()
	const password = "hunter2-long-pass"
	type item struct {
		ID looseInt `json:"id"`
	}
	env := newTestEnv(t, WithBasicAuth(testUser, password))
	env.on(http.MethodGet, "/whole", 200, `{"id":"`+password+`"}`)
	env.on(http.MethodGet, "/list", 200, `{"items":[{"id":"`+password+`"}]}`)
	env.on(http.MethodGet, "/key", 200, `{"item":{"id":"`+password+`"}}`)
	// 30 characters before the secret: WireError's 40-byte excerpt cuts it after its 9th.
	env.on(http.MethodGet, "/cut", 200, `{"id":"`+strings.Repeat("x", 30)+password+`"}`)

	calls := map[string]func() error{
		"whole": func() error {
			var out item
			return env.client.do(ctx, staticRoute(http.MethodGet, "/whole"), nil, &out)
		},
		"list": func() error {
			_, err := getList[item](ctx, env.client, staticRoute(http.MethodGet, "/list"), "items")
			return err
		},
		"key": func() error {
			_, err := getKey[item](ctx, env.client, staticRoute(http.MethodGet, "/key"), "item")
			return err
		},
		"cut": func() error { var out item; return env.client.do(ctx, staticRoute(http.MethodGet, "/cut"), nil, &out) },
	}
	for name, call := range calls {
		err := call()
		assertNoSecret(t, err, password, password[:4])
		var wireErr *WireError
		require.ErrorAs(t, err, &wireErr, name)
		assert.Equal(t, "Int", wireErr.Type, name)
		assert.Contains(t, wireErr.Value, redacted, name)
		var numErr *strconv.NumError
		require.ErrorAs(t, err, &numErr, "%s: errors.As still reaches the parse error", name)
		assert.ErrorIs(t, err, strconv.ErrSyntax, name)
	}
}

// A transport failure: the *url.Error's URL (with a token in its query) and its cause (a proxy's
// message with the password) are redacted, and errors.Is still finds the syscall error and the
// context's error.
func TestTransportErrorsAreRedacted(t *testing.T) {
	t.Parallel()
	const password, token = "hunter2-long-pass", "query-token-5566"
	env := newTestEnv(t, WithBasicAuth(testUser, password), WithRetryMax(0))
	env.mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("%w: proxy says password=%s", syscall.ECONNRESET, url.QueryEscape(password))
	})
	rt := staticRoute(http.MethodGet, "/x").withQuery(url.Values{"access_token": {token}})
	err := env.client.call(ctx, rt.request(nil), nil)
	assertNoSecret(t, err, password, token)
	assert.ErrorIs(t, err, syscall.ECONNRESET)
	var urlErr *url.Error
	require.ErrorAs(t, err, &urlErr)
	assert.Contains(t, urlErr.URL, "/x?access_token="+redacted)

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	env.mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		cancel()
		return nil, fmt.Errorf("aborted; password %s", password)
	})
	err = env.client.call(cctx, rt.request(nil), nil)
	assertNoSecret(t, err, password, token)
	assert.ErrorIs(t, err, context.Canceled)
}

// An excerpt cut in the middle of a secret shows none of it: at its 200th character, or where
// the first 8 KiB of the body end.
func TestExcerptCutMidSecret(t *testing.T) {
	t.Parallel()
	const password = "hunter2-long-pass"
	env := newTestEnv(t, WithBasicAuth(testUser, password), WithRetryMax(0))
	env.on(http.MethodGet, "/runes", 502, "<html><p>"+strings.Repeat("x", excerptRunes-10)+password+"</p></html>")
	env.on(http.MethodGet, "/bytes", 502, "<html>"+strings.Repeat("<b></b>", (excerptScanBytes-6-10)/7)+
		strings.Repeat(" ", (excerptScanBytes-6-10)%7)+password+"</html>")
	for _, path := range []string{"/runes", "/bytes"} {
		err := env.client.call(ctx, staticRoute(http.MethodGet, path).request(nil), nil)
		assertNoSecret(t, err, password[:4])
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Contains(t, apiErr.Excerpt, redacted, path)
	}
}

// scrub keeps what errors.Is and errors.As find: sentinels, wrapped chains, several wrapped
// errors, and an unchanged error is returned as it is.
func TestScrubKeepsErrorChains(t *testing.T) {
	t.Parallel()
	const secret = "s3cret-value"
	rd := redactor{newSpellings(secret)}

	clean := fmt.Errorf("wrapped: %w", context.DeadlineExceeded)
	assert.Same(t, clean, rd.scrub(clean), "an error without a secret is returned as it is")

	err := rd.scrub(fmt.Errorf("call: %w", fmt.Errorf("%w (%s)", context.DeadlineExceeded, "echo "+secret)))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, "call: context deadline exceeded (echo [REDACTED])", err.Error())
	var timeoutErr interface{ Timeout() bool }
	require.ErrorAs(t, err, &timeoutErr)
	assert.True(t, timeoutErr.Timeout(), "net.Error's Timeout is kept")

	joined := rd.scrub(errors.Join(ErrNotFound, fmt.Errorf("%w: %s", syscall.ECONNREFUSED, secret), &Error{StatusCode: 404, Messages: []string{secret}}))
	assertNoSecret(t, joined, secret)
	assert.ErrorIs(t, joined, ErrNotFound)
	assert.ErrorIs(t, joined, syscall.ECONNREFUSED)
	var apiErr *Error
	require.ErrorAs(t, joined, &apiErr)
	assert.Equal(t, []string{redacted}, apiErr.Messages)

	// An error type of the caller's whose text holds the secret: replaced, but errors.Is still
	// asks it.
	custom := rd.scrub(fmt.Errorf("source: %w", matchAll{secret}))
	assertNoSecret(t, custom, secret)
	assert.ErrorIs(t, custom, ErrForbidden, "the replaced error's Is is still asked")

	// A *time.ParseError keeps the value it could not parse in its fields.
	_, perr := time.Parse(time.DateOnly, html.EscapeString(secret+"<"))
	scrubbed := rd.scrub(fmt.Errorf("decoding: %w", perr))
	assertNoSecret(t, scrubbed, secret)
	var parseErr *time.ParseError
	require.ErrorAs(t, scrubbed, &parseErr, "errors.As still reaches the parse error")
	assert.Contains(t, parseErr.Value, redacted)
}

type matchAll struct{ s string }

func (m matchAll) Error() string        { return "token " + m.s }
func (m matchAll) Is(target error) bool { return target == ErrForbidden }

// TestScrubKeepsMaybeApplied: an error whose text held a secret keeps its MaybeApplied verdict
// after redaction, both ways.
func TestScrubKeepsMaybeApplied(t *testing.T) {
	t.Parallel()
	for _, applied := range []bool{false, true} {
		env := newTestEnv(t, WithRetryMax(0))
		status := http.StatusOK // the portal's failure envelope: the server refused, nothing applied
		if applied {
			status = http.StatusInternalServerError
		}
		env.on(http.MethodPost, "/tickets", status, `{"error":["rejected: `+testPassword+`"]}`)
		_, err := env.client.Support.CreateTicket(ctx, CreateTicketRequest{DepartmentID: 1, Subject: "s", Body: "b"})
		require.Error(t, err)
		assert.NotContains(t, err.Error(), testPassword)
		assert.Equal(t, applied, MaybeApplied(err), "status %d", status)
	}
}
