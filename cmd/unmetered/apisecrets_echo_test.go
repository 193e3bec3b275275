package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echoPortal is a portal that echoes, in a 200 answer to GET /echo, every credential it has
// seen in every spelling a server may use: the Authorization header, the password and tokens
// raw, JSON-escaped, URL-encoded, HTML-escaped and in base64, in messages under keys that name
// no credential. With JWT auth it logs in with tokens the SDK cannot recognise as JWTs by their
// look (no "eyJ" header), so only their values redact them, and rejects the
// first access token with a 401, so that the session is renewed during the command and the
// answer carries an earlier token pair besides the current one.
type echoPortal struct {
	mu       sync.Mutex
	password string
	seen     []string // credentials received or issued: passwords, tokens, headers
	issued   int
}

func (p *echoPortal) remember(values ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, values...)
}

func (p *echoPortal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	var body map[string]string
	_ = json.NewDecoder(r.Body).Decode(&body)
	issue := func() {
		p.mu.Lock()
		p.issued++
		// JWT-shaped, as the SDK requires of an access token, but not "eyJ...": redacted by value.
		access, refresh := fmt.Sprintf("b3BhcXVl.access-%d.Zq9x", p.issued), fmt.Sprintf("opaque-refresh-%d-Wv7y", p.issued)
		p.seen = append(p.seen, access, refresh)
		p.mu.Unlock()
		fmt.Fprintf(w, `{"token":%q,"refresh":%q}`, access, refresh)
	}
	switch r.URL.Path {
	case "/api/login":
		p.remember(body["password"])
		issue()
		return
	case "/api/token":
		p.remember(body["refresh_token"])
		issue()
		return
	}
	auth := r.Header.Get("Authorization")
	p.mu.Lock()
	first := auth == "Bearer b3BhcXVl.access-1.Zq9x"
	p.mu.Unlock()
	if first {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":["unauthorized"]}`)
		return
	}
	p.remember(auth, strings.TrimPrefix(strings.TrimPrefix(auth, "Basic "), "Bearer "))
	p.mu.Lock()
	values := append([]string{p.password}, p.seen...)
	p.mu.Unlock()
	var msgs []string
	for _, v := range values {
		esc, _ := json.Marshal(v)
		msgs = append(msgs,
			"raw: "+v,
			"json: "+string(esc[1:len(esc)-1]),
			"url: "+url.QueryEscape(v),
			"html: "+html.EscapeString(v),
			"b64: "+base64.StdEncoding.EncodeToString([]byte(v)),
			"basic: Basic "+base64.StdEncoding.EncodeToString([]byte("someone@example.com:"+v)),
		)
	}
	out, _ := json.Marshal(map[string]any{"success": true, "message": strings.Join(msgs, " | "), "headers": map[string]string{"Authorization": auth}, "list": msgs})
	_, _ = w.Write(out)
}

// TestAPIRedactsEchoedCredentials: "unmetered api" prints a 200 answer that echoes the client's
// own credentials, under keys that name none, with each of them redacted in every spelling:
// the password, the Basic header, the current and the earlier bearer and refresh tokens.
// --show-secrets prints them.
func TestAPIRedactsEchoedCredentials(t *testing.T) {
	t.Parallel()
	const password = `pa"ss/wörd <&> 42`
	for _, auth := range []string{"basic", "jwt"} {
		portal := &echoPortal{password: password}
		srv := httptest.NewServer(portal)
		t.Cleanup(srv.Close)
		ta := newTestApp(t)
		ta.env["UNMETERED_BASE_URL"] = srv.URL + "/api"
		ta.env["UNMETERED_USERNAME"] = "user@example.com"
		ta.env["UNMETERED_PASSWORD"] = password
		ta.env["UNMETERED_AUTH"] = auth
		// With JWT auth the second run uses the cached session: it never sends the password,
		// and still keeps it out of the answer.
		for run := range 2 {
			requireCode(t, ta, exitOK, "api", "GET", "/echo")
			out := ta.stdout.String()
			require.True(t, json.Valid([]byte(out)), "%s: still JSON: %s", auth, out)
			assert.Contains(t, out, "[REDACTED]", auth)
			portal.mu.Lock()
			seen := append([]string{password}, portal.seen...)
			portal.mu.Unlock()
			if auth == "jwt" {
				require.Contains(t, seen, "b3BhcXVl.access-1.Zq9x", "the first token pair was issued")
				require.Contains(t, seen, "b3BhcXVl.access-2.Zq9x", "and renewed after the 401")
			}
			var leaked []string
			for _, v := range seen {
				esc, _ := json.Marshal(v)
				for _, form := range []string{v, string(esc[1 : len(esc)-1]), url.QueryEscape(v), html.EscapeString(v),
					base64.StdEncoding.EncodeToString([]byte(v))} {
					if strings.Contains(out, form) {
						leaked = append(leaked, form)
					}
				}
			}
			assert.Empty(t, leaked, "%s, run %d: credentials printed", auth, run+1)
		}

		requireCode(t, ta, exitOK, "api", "GET", "/echo", "--show-secrets")
		assert.Contains(t, ta.stdout.String(), "b64: "+base64.StdEncoding.EncodeToString([]byte(password)), "%s: --show-secrets prints them", auth)
	}
}
