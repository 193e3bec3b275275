package unmetered

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSecretsNeverLeak runs the auth and account flows in every authentication mode against
// servers that fail in the worst way: echoing the Authorization header, the request body (with
// the password or the refresh token) and the password into their error bodies and HTML pages. A
// debug-level logger captures everything the client logs. No secret may appear in a log line
// or in any error's text.
//
// The servers also echo in the spellings a secret takes on the wire: JSON-escaped inside a JSON
// string (as encoding/json and PHP write it), URL-encoded, HTML-escaped and in base64; and the
// "tricky" modes use a password that every one of those escapes changes.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const (
		callerRefresh   = "opaque-refresh-from-the-caller"
		contactPassword = "contact-secret-pass"
	)
	for _, mode := range []string{"basic", "login", "login with opaque tokens", "no credentials",
		"basic with a tricky password", "login with a tricky password"} {
		for _, behaviour := range []string{"ok", "401 echo", "500 echo", "502 HTML echo", "200 HTML echo", "auth 401 echo", "auth 500 echo",
			"400 escaped echo", "502 encoded echo", "auth 400 escaped echo"} {
			t.Run(mode+"/"+behaviour, func(t *testing.T) {
				t.Parallel()
				var logs syncBuffer
				logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug, AddSource: true}))
				opts := []Option{WithLogger(logger)}
				password := testPassword
				if strings.Contains(mode, "tricky") {
					password = trickyPassword
				}
				switch {
				case strings.HasPrefix(mode, "basic"):
					opts = append(opts, WithBasicAuth(testUser, password))
				case strings.HasPrefix(mode, "login"):
					opts = append(opts, WithLogin(testUser, password))
				}
				env := newTestEnv(t, opts...)
				if mode == "no credentials" {
					env.client.auth, env.client.secrets = nil, newSecrets() // newTestEnv added Basic auth
				}
				srv := &leakyServer{t: t, behaviour: behaviour, opaque: mode == "login with opaque tokens",
					knowsPassword: mode != "no credentials", password: password}
				env.mock.RegisterNoResponder(srv.respond)

				var errs []error
				run := func(err error) {
					if err != nil {
						errs = append(errs, err)
					}
				}
				c := env.client
				run(second(c.Account.Details(ctx)))
				run(second(c.Account.Contact(ctx, 1)))
				run(second(c.Account.CreateContact(ctx, CreateContactRequest{Email: "m@example.com", Password: contactPassword})))
				run(second(c.Account.UpdateDetails(ctx, UpdateDetailsRequest{City: String("Leeds")})))
				run(c.Account.AckNotification(ctx, 3))
				run(second(c.Auth.Login(ctx, testUser, password)))
				run(second(c.Auth.Refresh(ctx, callerRefresh)))
				run(c.Auth.Revoke(ctx, callerRefresh))
				run(c.Auth.Logout(ctx))
				run(second(c.Account.Details(ctx))) // logs in again after the logout
				run(c.Auth.Revoke(ctx, ""))

				if behaviour == "ok" {
					assert.Empty(t, errs)
				} else {
					assert.NotEmpty(t, errs, "the server's failures reach the caller")
				}
				secrets := append([]string{base64.StdEncoding.EncodeToString([]byte(testUser + ":" + password)),
					callerRefresh, contactPassword}, srv.issued()...)
				secrets = append(secrets, spellingsOf(password)...)
				out := logs.String()
				require.Contains(t, out, `"msg":"unmetered: request"`, "the logger captured the requests")
				for _, secret := range secrets {
					assert.NotContains(t, out, secret, "a log line holds a secret")
					for _, err := range errs {
						for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
							assert.NotContains(t, text, secret, "an error holds a secret")
						}
					}
				}
			})
		}
	}
}

// leakyServer is a portal that echoes the credentials it receives into its failures.
type leakyServer struct {
	t         *testing.T
	behaviour string
	opaque    bool // issue tokens that redaction cannot recognise by their look (see issue)
	// knowsPassword: the client holds the password too (Basic or WithLogin), so the server may
	// echo it from its records. A client without credentials only knows a password it sends.
	knowsPassword bool
	password      string // the account's password, for knowsPassword

	mu     sync.Mutex
	tokens []string
	served int
}

// next counts the requests served with an encoded echo.
func (s *leakyServer) next() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.served++
	return s.served
}

func (s *leakyServer) issued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tokens...)
}

func (s *leakyServer) issue() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.tokens)/2 + 1
	access, refresh := makeJWT(farFuture, fmt.Sprintf("access-%d", n)), makeJWT(0, fmt.Sprintf("refresh-%d", n))
	if s.opaque {
		// The SDK takes only a JWT-shaped access token (Token.Validate), but need not decode it:
		// three base64url parts that are not a JSON header ("eyJ...") look like no JWT to a
		// pattern, so only redaction by value hides them. A refresh token may be anything.
		access, refresh = fmt.Sprintf("opaque.access-%d.7f3a9c", n), fmt.Sprintf("opaque-refresh-%d-c9a3f7", n)
	}
	s.tokens = append(s.tokens, access, refresh)
	body, _ := json.Marshal(map[string]string{"token": access, "refresh": refresh})
	return body
}

var leakyFixtures = map[string]string{
	"GET /details": "account/details.json", "PUT /details": "account/details_update.json",
	"GET /contact/1": "account/contact.json", "POST /contact": "account/contact_create.json",
	"PUT /notifications/3/ack": "account/notification_ack.json",
	"POST /logout":             "auth/status_true.json", "POST /revoke": "auth/status_true.json",
}

func (s *leakyServer) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	echo := fmt.Sprintf("Authorization: %s; body: %s", req.Header.Get("Authorization"), body)
	if user, pass, ok := req.BasicAuth(); ok {
		echo += fmt.Sprintf("; user %s, password %s", user, pass)
	}
	if s.knowsPassword {
		echo += "; account password: " + s.password // from the server's own records
	}
	route := req.Method + " " + strings.TrimPrefix(req.URL.Path, "/api")
	isAuth := route == "POST /login" || route == "POST /token"
	behaviour := s.behaviour
	if after, ok := strings.CutPrefix(behaviour, "auth "); ok {
		if !isAuth {
			behaviour = "ok"
		} else {
			behaviour = after
		}
	} else if isAuth {
		behaviour = "ok"
	}
	jsonEcho := func(status int) *http.Response {
		b, _ := json.Marshal(map[string][]string{"error": {echo}})
		return httpmock.NewBytesResponse(status, b)
	}
	htmlEcho := func(status int) *http.Response {
		resp := httpmock.NewStringResponse(status, "<html><body><h1>Error</h1><pre>"+echo+"</pre></body></html>")
		resp.Header.Set("Content-Type", "text/html")
		return resp
	}
	// escapedEcho puts the echo into its message as a JSON string, escaped once more: what a
	// server does that reports "Bad request: <the body it got>" with the body re-encoded.
	escapedEcho := func(status int) *http.Response {
		goForm, _ := json.Marshal(echo)
		var php bytes.Buffer
		enc := json.NewEncoder(&php)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(echo)
		phpForm := strings.NewReplacer("/", `\/`).Replace(asciiEscapes(strings.TrimSpace(php.String())))
		b, _ := json.Marshal(map[string][]string{"error": {"Bad request: " + string(goForm), "PHP says: " + phpForm}})
		return httpmock.NewBytesResponse(status, b)
	}
	// encodedEcho is an HTML page showing the account's password (or, when the client has none,
	// the request body) URL-encoded, HTML-escaped or in base64: one encoding per request, in turn.
	encodedEcho := func(status int) *http.Response {
		subject := s.password
		if !s.knowsPassword {
			subject = string(body)
		}
		encodings := []func(string) string{url.QueryEscape, url.PathEscape, html.EscapeString,
			func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
			func(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) }}
		page := "<html><body><p>" + encodings[s.next()%len(encodings)](subject) + "</p></body></html>"
		resp := httpmock.NewStringResponse(status, page)
		resp.Header.Set("Content-Type", "text/html")
		return resp
	}
	switch behaviour {
	case "401 echo":
		return jsonEcho(401), nil
	case "500 echo":
		return jsonEcho(500), nil
	case "502 HTML echo":
		return htmlEcho(502), nil
	case "200 HTML echo":
		return htmlEcho(200), nil
	case "400 escaped echo":
		return escapedEcho(400), nil
	case "502 encoded echo":
		return encodedEcho(502), nil
	}
	if isAuth {
		return httpmock.NewBytesResponse(200, s.issue()), nil
	}
	name, ok := leakyFixtures[route]
	if !ok {
		return httpmock.NewStringResponse(404, `{"error":["no route `+route+`"]}`), nil
	}
	return httpmock.NewBytesResponse(200, fixture(s.t, name)), nil
}

// syncBuffer is a bytes.Buffer safe for concurrent writes (log handlers may be called from
// several goroutines).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// trickyPassword is changed by every escape: JSON (quote, backslash, <, >, &, /, a control
// character, non-ASCII), URL (space, +, %, :), HTML and base64 (not a multiple of 3 bytes).
const trickyPassword = "pa<ss>&\"w\\or/d +%:é✓\x01€"

// spellingsOf returns secret's spellings an echoing server writes, made here with the standard
// library's encoders (not with the redactor's own list).
func spellingsOf(secret string) []string {
	goForm, _ := json.Marshal(secret)
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(secret)
	plainForm := strings.TrimSpace(plain.String())
	inner := func(s string) string { return s[1 : len(s)-1] }
	twice, _ := json.Marshal(string(goForm))
	return []string{secret, inner(string(goForm)), inner(plainForm), asciiEscapes(inner(plainForm)),
		strings.ReplaceAll(asciiEscapes(inner(plainForm)), "/", `\/`), inner(string(twice)),
		url.QueryEscape(secret), url.PathEscape(secret), html.EscapeString(secret),
		base64.StdEncoding.EncodeToString([]byte(secret)), base64.URLEncoding.EncodeToString([]byte(secret))}
}

// asciiEscapes writes every non-ASCII character of a JSON text as \uXXXX, as PHP and Python do.
func asciiEscapes(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		r1, r2 := utf16.EncodeRune(r)
		if r1 == utf8.RuneError {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		fmt.Fprintf(&b, "\\u%04x\\u%04x", r1, r2)
	}
	return b.String()
}

// staticTokens is a caller's TokenSource held by value, as a struct with the token in a field.
type staticTokens struct{ token string }

func (s staticTokens) Token(context.Context) (string, error) { return s.token, nil }

// Printing a client, a Client value, or a service hanging off it, with any fmt verb or through
// slog, shows its base URL and how it authenticates, never a credential.
func TestPrintingAClientShowsNoSecret(t *testing.T) {
	t.Parallel()
	const token = "opaque-caller-token-0042"
	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))
	for _, tc := range []struct {
		auth Option
		kind string
	}{
		{WithBasicAuth(testUser, testPassword), "basic"},
		{WithLogin(testUser, testPassword), "login"},
		{WithTokenSource(staticTokens{token}), "token source"},
	} {
		env := newTestEnv(t, tc.auth)
		env.on(http.MethodPost, "/login", 200, `{"token":"`+makeJWT(farFuture, "printed-access")+`","refresh":"printed-refresh-token"}`)
		env.on(http.MethodGet, "/details", 200, "account/details.json")
		_, err := env.client.Account.Details(ctx) // a logged-in session holds its tokens
		require.NoError(t, err)
		c := env.client
		type holder struct {
			c Client // unexported: fmt prints its fields without calling its methods
			P *Client
		}
		var out []string
		for _, v := range []any{c, *c, c.Account, c.Auth, c.Domains, holder{*c, c}, []*Client{c}} {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
				out = append(out, fmt.Sprintf(verb, v))
			}
		}
		var text, js bytes.Buffer
		slog.New(slog.NewTextHandler(&text, nil)).Info("client", "client", c, "value", *c, "account", c.Account)
		slog.New(slog.NewJSONHandler(&js, nil)).Info("client", "client", c, "value", *c, "account", c.Account)
		out = append(out, text.String(), js.String())
		for _, s := range out {
			for _, secret := range []string{testPassword, basic, token, "printed-access", "printed-refresh-token", "eyJ"} {
				assert.NotContains(t, s, secret, "a printed client shows a secret")
			}
		}
		assert.Equal(t, "unmetered.Client{BaseURL: "+testBaseURL+", Auth: "+tc.kind+"}", fmt.Sprint(c))
		assert.Equal(t, fmt.Sprint(c), fmt.Sprintf("%+v", *c))
		assert.Equal(t, `unmetered.Client{BaseURL:"`+testBaseURL+`", Auth:"`+tc.kind+`"}`, fmt.Sprintf("%#v", c))
		assert.Equal(t, "unmetered.AccountService{Client: "+fmt.Sprint(c)+"}", fmt.Sprint(c.Account))
		assert.Regexp(t, `client\.base_url=\S+/api client\.auth="?`+tc.kind+`"?`, text.String())
		assert.Contains(t, js.String(), `"client":{"base_url":"`+testBaseURL+`","auth":"`+tc.kind+`"}`)
	}
}
