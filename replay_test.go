package unmetered

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sendOnceEndpoints is what endpointClasses must say is send-once, written out here so that a
// change to the table is a deliberate change to this list too.
var sendOnceEndpoints = []string{
	"POST /logout",
	"POST /contact",
	"POST /invoice/@id/credit",
	"POST /tickets",
	"POST /tickets/@number",
	"POST /domain/@id/reg",
	"POST /domain/@id/dns",
	"PUT /domain/@id/dns/@index",
	"DELETE /domain/@id/dns/@index",
	"PUT /domain/@id/dnssec",
	"POST /domain/order",
	"POST /domain/@id/renew",
	"POST /certificate/order",
	"POST /service/@id/upgrade",
	"POST /service/@id/cancel",
	"POST /service/@id/label",
	"POST /service/@id/rdns",
	"POST /order/@product_id",
	"POST /order",
	"POST /service/@service_id/dns",
	"POST /service/@service_id/dns/@zone_id/records",
}

// TestEndpointClasses keeps endpointClasses equal to endpoints.tsv both ways, so that a new
// endpoint cannot go unclassified, and checks the classification itself.
func TestEndpointClasses(t *testing.T) {
	t.Parallel()
	api := apiEndpoints(t)
	for endpoint := range api {
		_, ok := endpointClasses[endpoint]
		assert.True(t, ok, "endpointClasses lacks %s", endpoint)
	}
	var once []string
	for endpoint, class := range endpointClasses {
		assert.True(t, api[endpoint], "endpointClasses has %s, which is not in endpoints.tsv", endpoint)
		if class == sendOnce {
			once = append(once, endpoint)
		}
	}
	assert.ElementsMatch(t, sendOnceEndpoints, once)
	for endpoint, class := range endpointClasses {
		method, _, _ := strings.Cut(endpoint, " ")
		if method == http.MethodGet {
			assert.Equal(t, replaySafe, class, "%s is a read", endpoint)
		}
	}
	assert.Equal(t, sendOnce, classOf(http.MethodGet, "/no/such/endpoint"), "an unknown endpoint is never replayed")
	assert.Equal(t, "send-once", sendOnce.String())
	assert.Equal(t, "replay-safe", replaySafe.String())
}

// TestEndpointOfFindsEveryTemplate: every endpoint's concrete path maps back to its template,
// however its parameters are spelt, so Client.Do classifies known endpoints as the table does.
func TestEndpointOfFindsEveryTemplate(t *testing.T) {
	t.Parallel()
	for endpoint := range endpointClasses {
		method, template, _ := strings.Cut(endpoint, " ")
		for _, value := range []string{"47", "x%2Fy", "order"} {
			var segs []string
			for _, seg := range strings.Split(template[1:], "/") {
				if strings.HasPrefix(seg, "@") {
					seg = value
				}
				segs = append(segs, seg)
			}
			got, ok := endpointOf(method, "/"+strings.Join(segs, "/"))
			if value == "order" && got != template {
				continue // "/domain/order" is GET /domain/order, not GET /domain/@id: the server's routing too
			}
			assert.True(t, ok, "%s with %q", endpoint, value)
			assert.Equal(t, template, got, "%s with %q", endpoint, value)
		}
	}
	for path, want := range map[string]string{
		"/domain/order": "/domain/order", "/domain/7": "/domain/@id",
		"/dom%61in/7/renew": "/domain/@id/renew", "/domain/7/renew/x": "", "/nowhere": "",
	} {
		method := http.MethodGet
		if strings.HasSuffix(path, "renew") || strings.HasSuffix(path, "renew/x") {
			method = http.MethodPost
		}
		got, _ := endpointOf(method, path)
		assert.Equal(t, want, got, "%s %s", method, path)
	}
	got, ok := endpointOf(http.MethodPut, "/DOMAIN/7/DNSSEC")
	assert.True(t, ok)
	assert.Equal(t, "/domain/@id/dnssec", got, "literals match ignoring case")
}

// TestEveryRouteOfTheCodeIsClassified parses the package's code for the routes its methods build
// (newRoute and staticRoute with literal arguments) and checks that each is in endpointClasses.
func TestEveryRouteOfTheCodeIsClassified(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	found := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "newRoute" && id.Name != "staticRoute" {
				return true
			}
			sel, ok := call.Args[0].(*ast.SelectorExpr)
			lit, ok2 := call.Args[1].(*ast.BasicLit)
			if !ok || !ok2 || !strings.HasPrefix(sel.Sel.Name, "Method") {
				return true
			}
			template, err := strconv.Unquote(lit.Value)
			require.NoError(t, err)
			endpoint := strings.ToUpper(strings.TrimPrefix(sel.Sel.Name, "Method")) + " " + template
			_, known := endpointClasses[endpoint]
			assert.True(t, known, "%s builds a route for %s, which endpointClasses does not classify", fset.Position(call.Pos()), endpoint)
			found++
			return true
		})
	}
	assert.Greater(t, found, 80, "the parser found the routes the methods build")
}

// TestRequestsTakeTheirClassFromTheTable sends every endpoint through the request path against a
// server that answers 503, and counts the attempts: a send-once endpoint goes out once, whatever
// its HTTP method; a replay-safe one is retried.
func TestRequestsTakeTheirClassFromTheTable(t *testing.T) {
	t.Parallel()
	for endpoint, class := range endpointClasses {
		method, template, _ := strings.Cut(endpoint, " ")
		var args []any
		for _, seg := range strings.Split(template, "/") {
			if strings.HasPrefix(seg, "@") {
				args = append(args, int64(1))
			}
		}
		rt, err := newRoute(method, template, args...)
		require.NoError(t, err, endpoint)
		env := newTestEnv(t, WithRetryMax(2))
		rec := env.on(method, rt.path, http.StatusServiceUnavailable, `{"error":["maintenance"]}`)
		var body any
		if method != http.MethodGet && method != http.MethodDelete {
			body = map[string]string{"k": "v"}
		}
		err = env.client.do(ctx, rt, body, nil)
		require.ErrorIs(t, err, ErrServer, endpoint)
		want := 3
		if class == sendOnce {
			want = 1
		}
		assert.Equal(t, want, rec.count(), "%s (%s) on 503", endpoint, class)
		assert.True(t, MaybeApplied(err), endpoint)
	}
}

// The index-addressed delete and the DNSSEC key add are send-once although they are not POSTs.
func TestNonPOSTSideEffectsAreNotReplayed(t *testing.T) {
	t.Parallel()
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	for name, call := range map[string]func(c *Client) error{
		"DELETE /domain/47/dns/2": func(c *Client) error { return c.Domains.DeleteDNSRecord(ctx, 47, 2) },
		"PUT /domain/47/dnssec": func(c *Client) error {
			return c.Domains.AddDNSSECKey(ctx, 47, DNSSECKeyRequest{Flags: DNSSECKeySigningKey, Algorithm: 13, PublicKey: "AwEAAa"})
		},
	} {
		method, path, _ := strings.Cut(name, " ")
		for _, answer := range []httpmock.Responder{
			httpmock.NewStringResponder(http.StatusBadGateway, `{"error":["bad gateway"]}`),
			httpmock.NewStringResponder(http.StatusServiceUnavailable, `{"error":["unavailable"]}`),
			httpmock.NewStringResponder(http.StatusGatewayTimeout, `{"error":["timeout"]}`),
			httpmock.NewErrorResponder(reset),
		} {
			env := newTestEnv(t)
			rec := env.onFunc(method, path, answer)
			err := call(env.client)
			require.Error(t, err, name)
			assert.Equal(t, 1, rec.count(), "%s is sent once", name)
			assert.True(t, MaybeApplied(err), "%s: %v", name, err)
		}
	}
}

// TestRedirectedRequestIsNotSentAgain: a send-once request answered with a redirect has reached
// the server, so a follow-up that cannot connect must not make it go out again.
func TestRedirectedRequestIsNotSentAgain(t *testing.T) {
	t.Parallel()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	noHost := &net.DNSError{Err: "no such host", Name: "gone.test", IsNotFound: true}
	type target struct {
		location string
		fails    error
	}
	targets := []target{
		{"https://gone.test/api/tickets/1", refused},
		{"https://gone.test/api/tickets/1", noHost},
		{"https://portal.test/api/elsewhere", refused}, // the same origin: 307 and 308 keep the body
	}
	kinds := map[string]func(*Client) error{
		"POST /tickets": func(c *Client) error {
			return c.Do(ctx, http.MethodPost, "/tickets", map[string]any{"dept_id": 1, "subject": "s", "body": "b"}, nil)
		},
		"POST /invoice/12/credit": func(c *Client) error {
			return c.Do(ctx, http.MethodPost, "/invoice/12/credit", map[string]any{"amount": "1.00"}, nil)
		},
		"DELETE /domain/47/dns/2": func(c *Client) error { return c.Domains.DeleteDNSRecord(ctx, 47, 2) },
	}
	for _, status := range []int{http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, tg := range targets {
			for name, call := range kinds {
				t.Run(fmt.Sprintf("%s %d to %s (%v)", name, status, tg.location, tg.fails), func(t *testing.T) {
					t.Parallel()
					env := newTestEnv(t)
					method, path, _ := strings.Cut(name, " ")
					rec := env.onFunc(method, path, func(*http.Request) (*http.Response, error) {
						resp := httpmock.NewStringResponse(status, "")
						resp.Header.Set("Location", tg.location)
						return resp, nil
					})
					env.mock.RegisterNoResponder(httpmock.NewErrorResponder(tg.fails))
					err := call(env.client)
					require.Error(t, err)
					assert.Equal(t, 1, rec.count(), "the request reached the server once and was not sent again")
					assert.True(t, MaybeApplied(err), "a lost redirect may have been applied: %v", err)
				})
			}
		}
	}

	// A replay-safe request is retried as before.
	env := newTestEnv(t, WithRetryMax(2))
	rec := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusFound, "")
		resp.Header.Set("Location", "https://gone.test/details")
		return resp, nil
	})
	env.mock.RegisterNoResponder(httpmock.NewErrorResponder(refused))
	_, err := env.client.Account.Details(ctx)
	require.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.Equal(t, 3, rec.count())
	assert.True(t, MaybeApplied(err))
}

// TestBodiesStayAtTheirOrigin: a 307 or 308 would resend the request body to the Location. To
// another origin (another host, or plain http) it is refused: the login's password and the
// refresh token never leave, and the refusal is not retried.
func TestBodiesStayAtTheirOrigin(t *testing.T) {
	t.Parallel()
	const refresh = "refresh-token-of-the-caller"
	calls := map[string]func(*Client) error{
		"/login": func(c *Client) error { _, err := c.Auth.Login(ctx, testUser, testPassword); return err },
		"/token": func(c *Client) error { _, err := c.Auth.Refresh(ctx, refresh); return err },
		"/tickets": func(c *Client) error {
			return c.Do(ctx, http.MethodPost, "/tickets", map[string]any{"dept_id": 1, "subject": "s", "body": "b"}, nil)
		},
	}
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, location := range []string{"https://elsewhere.test/api/login", "http://portal.test/api/login",
			"https://portal.test:8443/api/login", "https://evil.portal.test/api/login"} {
			for route, call := range calls {
				t.Run(fmt.Sprintf("%s %d to %s", route, status, location), func(t *testing.T) {
					t.Parallel()
					env := newTestEnv(t, WithRetryMax(2))
					rec := env.onFunc(http.MethodPost, route, func(*http.Request) (*http.Response, error) {
						resp := httpmock.NewStringResponse(status, "")
						resp.Header.Set("Location", location)
						return resp, nil
					})
					var elsewhere recorder
					env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
						elsewhere.add(req)
						return httpmock.NewStringResponse(200, `{"token":"stolen","refresh":"stolen"}`), nil
					})
					err := call(env.client)
					require.Error(t, err)
					assert.ErrorIs(t, err, errRedirectRefused)
					assert.Contains(t, err.Error(), "another origin")
					assert.Zero(t, elsewhere.count(), "nothing reached %s", location)
					assert.Equal(t, 1, rec.count(), "a refused redirect is not retried")
					for _, secret := range []string{testPassword, refresh} {
						assert.NotContains(t, err.Error(), secret)
					}
				})
			}
		}
	}

	// Within the API's origin a 307 keeps its body and credentials.
	env := newTestEnv(t)
	env.onFunc(http.MethodPost, "/login", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusTemporaryRedirect, "")
		resp.Header.Set("Location", testBaseURL+"/v2/login")
		return resp, nil
	})
	moved := env.on(http.MethodPost, "/v2/login", 200, "auth/login.json")
	_, err := env.client.Auth.Login(ctx, testUser, testPassword)
	require.NoError(t, err)
	assert.JSONEq(t, fmt.Sprintf(`{"username":%q,"password":%q}`, testUser, testPassword), string(moved.only(t).Body))

	// A redirect that drops the body (303 after a POST) may leave the origin, without credentials,
	// Cookie or Referer.
	env = newTestEnv(t)
	env.onFunc(http.MethodPost, "/tickets", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
		resp.Header.Set("Location", "https://elsewhere.test/ticket?id=7")
		return resp, nil
	})
	var elsewhere recorder
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		elsewhere.add(req)
		return httpmock.NewStringResponse(200, `{"ticket_id":"7"}`), nil
	})
	require.NoError(t, env.client.Do(ctx, http.MethodPost, "/tickets?ref=abc", map[string]any{"subject": "s"}, nil))
	got := elsewhere.only(t)
	assert.Equal(t, http.MethodGet, got.Method)
	assert.Empty(t, got.Body)
	for _, h := range []string{"Authorization", "Cookie", "Referer"} {
		assert.Empty(t, got.Header.Get(h), h)
	}
}

func TestMaybeApplied(t *testing.T) {
	t.Parallel()
	assert.False(t, MaybeApplied(nil))
	assert.False(t, MaybeApplied(fmt.Errorf("%w: bad id", ErrInvalidArgument)))
	assert.False(t, MaybeApplied(&Error{StatusCode: 404}))
	assert.False(t, MaybeApplied(&Error{StatusCode: 429}))
	assert.False(t, MaybeApplied(&Error{StatusCode: 200, Messages: []string{"status: false"}}))
	assert.True(t, MaybeApplied(&Error{StatusCode: 500}))
	assert.True(t, MaybeApplied(&Error{StatusCode: 302}))
	assert.True(t, MaybeApplied(errors.New("something nobody classified")))
	assert.True(t, MaybeApplied(&ZoneLookupError{ServiceID: 10, Name: "example.com", Err: &Error{StatusCode: 404}}),
		"the zone was created")
	wrapped := fmt.Errorf("renewing: %w", &outcomeError{err: &Error{StatusCode: 502}, maybeApplied: false})
	assert.False(t, MaybeApplied(wrapped), "the request path's verdict wins")

	// The request path's verdicts, through a client.
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	type answer struct {
		name    string
		respond []httpmock.Responder // per attempt; the last repeats
		applied bool
	}
	for _, a := range []answer{
		{"refused", []httpmock.Responder{httpmock.NewErrorResponder(refused)}, false},
		{"429 then refused", []httpmock.Responder{httpmock.NewStringResponder(429, `{"error":["slow down"]}`), httpmock.NewErrorResponder(refused)}, false},
		{"reset then refused", []httpmock.Responder{httpmock.NewErrorResponder(reset), httpmock.NewErrorResponder(refused)}, true},
		{"502 then 404", []httpmock.Responder{httpmock.NewStringResponder(502, `{"error":["gw"]}`), httpmock.NewStringResponder(404, `{"error":["gone"]}`)}, true},
		{"200 with an error list", []httpmock.Responder{httpmock.NewStringResponder(200, `{"error":["already paid"]}`)}, false},
		{"200 not JSON", []httpmock.Responder{httpmock.NewStringResponder(200, `<html>`)}, true},
		{"200 of the wrong shape", []httpmock.Responder{httpmock.NewStringResponder(200, `{"details":[1]}`)}, true},
		{"500", []httpmock.Responder{httpmock.NewStringResponder(500, `{"error":["oops"]}`)}, true},
		{"503", []httpmock.Responder{httpmock.NewStringResponder(503, `{"error":["busy"]}`)}, true},
	} {
		env := newTestEnv(t, WithRetryMax(2))
		n := 0
		env.onFunc(http.MethodGet, "/details", func(req *http.Request) (*http.Response, error) {
			i := min(n, len(a.respond)-1)
			n++
			return a.respond[i](req)
		})
		_, err := env.client.Account.Details(ctx)
		require.Error(t, err, a.name)
		assert.Equal(t, a.applied, MaybeApplied(err), "%s: %v", a.name, err)
	}

	// Before sending: a cancelled context, a nil context, a body that cannot be encoded.
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/tickets", 200, `{"ticket_id":"1"}`)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	var noContext context.Context // a nil context is refused
	for _, err := range []error{
		env.client.Do(cancelled, http.MethodPost, "/tickets", nil, nil),
		env.client.Do(noContext, http.MethodPost, "/tickets", nil, nil),
		env.client.Do(ctx, http.MethodPost, "/tickets", map[string]any{"f": func() {}}, nil),
	} {
		require.Error(t, err)
		assert.False(t, MaybeApplied(err), "%v", err)
	}
	assert.Zero(t, rec.count())

	// A login that fails with 502 while authorising: the request itself was never sent.
	env, _, _ = newJWTEnv(t, farFuture, WithRetryMax(0))
	env.on(http.MethodPost, "/login", 502, `{"error":["bad gateway"]}`)
	details := env.on(http.MethodGet, "/details", 200, "account/details.json")
	_, err := env.client.Account.Details(ctx)
	require.ErrorIs(t, err, ErrServer)
	assert.False(t, MaybeApplied(err), "the call never left: %v", err)
	assert.Zero(t, details.count())
}

// TestSendOnceMethodsDocumentMaybeApplied: the documentation of every method of a send-once
// endpoint (README's endpoint table maps them) tells the caller about MaybeApplied.
func TestSendOnceMethodsDocumentMaybeApplied(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	docs := map[string]string{} // "Service.Method" → doc comment
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			recv, ok := star.X.(*ast.Ident)
			if !ok || !strings.HasSuffix(recv.Name, "Service") {
				continue
			}
			docs[strings.TrimSuffix(recv.Name, "Service")+"."+fn.Name.Name] = fn.Doc.Text()
		}
	}
	methods := readmeEndpoints(t)
	checked := 0
	for _, endpoint := range sendOnceEndpoints {
		for _, m := range methods[endpoint] {
			if m == "Services.UpgradeEstimate" {
				continue // replay-safe for its call: it orders nothing
			}
			doc, ok := docs[m]
			require.True(t, ok, "no method %s", m)
			assert.Contains(t, doc, "MaybeApplied", "%s (%s) is send-once: its documentation should point to MaybeApplied", m, endpoint)
			checked++
		}
	}
	assert.GreaterOrEqual(t, checked, len(sendOnceEndpoints))
}
