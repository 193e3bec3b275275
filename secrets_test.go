package unmetered

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSecretsNeverLeak runs the auth and account flows in every authentication mode against
// servers that fail in the worst way: echoing the Authorization header, the request body (with
// the password or the refresh token) and the password into their error bodies and HTML pages. A
// debug-level logger captures everything the client logs. No secret may appear in a log line
// or in any error's text.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const (
		callerRefresh   = "opaque-refresh-from-the-caller"
		contactPassword = "contact-secret-pass"
	)
	for _, mode := range []string{"basic", "login", "login with opaque tokens", "no credentials"} {
		for _, behaviour := range []string{"ok", "401 echo", "500 echo", "502 HTML echo", "200 HTML echo", "auth 401 echo", "auth 500 echo"} {
			t.Run(mode+"/"+behaviour, func(t *testing.T) {
				t.Parallel()
				var logs syncBuffer
				logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug, AddSource: true}))
				opts := []Option{WithLogger(logger)}
				switch mode {
				case "basic":
					opts = append(opts, WithBasicAuth(testUser, testPassword))
				case "login", "login with opaque tokens":
					opts = append(opts, WithLogin(testUser, testPassword))
				}
				env := newTestEnv(t, opts...)
				if mode == "no credentials" {
					env.client.auth, env.client.secrets = nil, newSecrets() // newTestEnv added Basic auth
				}
				srv := &leakyServer{t: t, behaviour: behaviour, opaque: mode == "login with opaque tokens",
					knowsPassword: mode != "no credentials"}
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
				run(second(c.Auth.Login(ctx, testUser, testPassword)))
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
				secrets := append([]string{testPassword, base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword)),
					callerRefresh, contactPassword}, srv.issued()...)
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
	opaque    bool // issue tokens that are not JWTs
	// knowsPassword: the client holds the password too (Basic or WithLogin), so the server may
	// echo it from its records. A client without credentials only knows a password it sends.
	knowsPassword bool

	mu     sync.Mutex
	tokens []string
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
		access, refresh = fmt.Sprintf("opaque-access-%d-7f3a9c", n), fmt.Sprintf("opaque-refresh-%d-c9a3f7", n)
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
		echo += "; account password: " + testPassword // from the server's own records
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
	switch behaviour {
	case "401 echo":
		return jsonEcho(401), nil
	case "500 echo":
		return jsonEcho(500), nil
	case "502 HTML echo":
		return htmlEcho(502), nil
	case "200 HTML echo":
		return htmlEcho(200), nil
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
