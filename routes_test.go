package unmetered

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileSegments are caller-supplied names that would change the route if they were pasted
// into the path unescaped.
var hostileSegments = []string{
	"a/b", "/", "..", ".", "../../logout", "a/../b", "./x", "x/.", "?", "x?y=1", "#", "x#frag",
	"%", "50%", "%2F", "%2e%2e", "a%2F..%2Fb", " ", "a b", " lead", "trail ", "ünïcödé", "日本語.jp",
	`a\b`, "a;b", "a+b", "a&b=c", "tab\tx", "line\nbreak", "emoji-🦄",
}

// TestStringPathParametersStayOneSegment sends every hostile name through every method that
// puts a string into the path, and checks that the server sees the route's own segments plus
// exactly one segment that decodes back to the name, and no query the method did not add.
func TestStringPathParametersStayOneSegment(t *testing.T) {
	t.Parallel()
	type method struct {
		name           string
		verb           string
		prefix, suffix string // the escaped route around the name's segment
		body           string
		call           func(c *Client, s string) error
	}
	methods := []method{
		{"Domains.GetByName", http.MethodGet, "/domain/name/", "", `{"details":[]}`,
			func(c *Client, s string) error { _, err := c.Domains.GetByName(ctx, s); return err }},
		{"Domains.DeleteDNSSECKey", http.MethodDelete, "/domain/47/dnssec/", "", `{"info":["ok"]}`,
			func(c *Client, s string) error { return c.Domains.DeleteDNSSECKey(ctx, 47, s) }},
		{"Support.Ticket", http.MethodGet, "/tickets/", "", "support/ticket.json",
			func(c *Client, s string) error { _, err := c.Support.Ticket(ctx, s); return err }},
		{"Support.Reply", http.MethodPost, "/tickets/", "", "support/reply.json",
			func(c *Client, s string) error { return c.Support.Reply(ctx, s, "thanks") }},
		{"Support.Reopen", http.MethodPut, "/tickets/", "/open", "support/status.json",
			func(c *Client, s string) error { return c.Support.Reopen(ctx, s) }},
		{"Support.Close", http.MethodPut, "/tickets/", "/close", "support/status.json",
			func(c *Client, s string) error { return c.Support.Close(ctx, s) }},
		{"Support.Attachment file", http.MethodGet, "/ticket/attachment/", "", "",
			func(c *Client, s string) error { return readAttachment(c, "736633", s) }},
	}
	for _, m := range methods {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			for _, name := range hostileSegments {
				env := newTestEnv(t)
				rec := &recorder{}
				env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
					rec.add(req)
					if m.body == "" {
						return httpmock.NewStringResponse(200, "file"), nil
					}
					return httpmock.NewBytesResponse(200, payloadOf(t, m.body)), nil
				})
				require.NoError(t, m.call(env.client, name), "%q", name)
				r := rec.only(t)
				assert.Equal(t, m.verb, r.Method)
				route := strings.TrimPrefix(r.Path, "/api")
				require.True(t, strings.HasPrefix(route, m.prefix) && strings.HasSuffix(route, m.suffix),
					"%q went to %s, not %s<name>%s", name, route, m.prefix, m.suffix)
				seg := strings.TrimSuffix(strings.TrimPrefix(route, m.prefix), m.suffix)
				assert.NotContains(t, seg, "/", "%q is more than one segment: %s", name, route)
				assert.NotContains(t, []string{".", ".."}, seg, "%q is a dot segment", name)
				decoded, err := url.PathUnescape(seg)
				require.NoError(t, err)
				assert.Equal(t, name, decoded, "the segment decodes back to the name")
				if m.name == "Support.Attachment file" {
					assert.Equal(t, url.Values{"number": {"736633"}}, r.Query)
				} else {
					assert.Empty(t, r.Query, "%q added a query", name)
				}
			}
		})
	}
	t.Run("Support.Attachment ticket number", func(t *testing.T) {
		t.Parallel()
		for _, number := range hostileSegments {
			env := newTestEnv(t)
			rec := env.onFunc(http.MethodGet, "/ticket/attachment/a.pdf", httpmock.NewStringResponder(200, "file"))
			require.NoError(t, readAttachment(env.client, number, "a.pdf"), "%q", number)
			assert.Equal(t, url.Values{"number": {number}}, rec.only(t).Query, "the number stays one query value")
		}
	})
}

func readAttachment(c *Client, number, file string) error {
	a, err := c.Support.Attachment(ctx, number, file)
	if err != nil {
		return err
	}
	return a.Body.Close()
}

func TestBaseURLPlainHTTPOnlyForLoopback(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{
		"http://127.0.0.2:8080/api", "http://127.255.255.254/api", "http://LOCALHOST:9/api",
		"http://[::ffff:127.0.0.1]:9/api", "HTTP://127.0.0.1/api",
	} {
		_, err := NewClient(WithBaseURL(ok))
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{
		"http://localhost.evil.example/api", "http://127.0.0.1.nip.io/api", "http://evil.example/127.0.0.1",
		"http://0.0.0.0/api", "http://[::]/api", "http://2130706433/api", "http://127.1/api", "http://localhost./api",
		"http://192.168.1.10/api", "http://[fe80::1]/api", "http://[::2]/api", "HTTP://unmetered.management/api",
		"http://unmetered.management:443/api",
	} {
		c, err := NewClient(WithBaseURL(bad))
		assert.ErrorIs(t, err, ErrInvalidArgument, bad)
		assert.Nil(t, c, bad)
	}
}

func TestNewRoute(t *testing.T) {
	t.Parallel()
	rt, err := newRoute(http.MethodPut, "/domain/@id/dns/@index", int64(47), int64(0))
	require.NoError(t, err)
	assert.Equal(t, route{method: http.MethodPut, template: "/domain/@id/dns/@index", path: "/domain/47/dns/0"}, rt)
	assert.Equal(t, "PUT /domain/47/dns/0", rt.String())

	rt, err = newRoute(http.MethodGet, "/ticket/attachment/@file", "a/../b")
	require.NoError(t, err)
	assert.Equal(t, "/ticket/attachment/a%2F..%2Fb", rt.path)
	rt = rt.withQuery(url.Values{"number": {"12 3"}})
	assert.Equal(t, "/ticket/attachment/a%2F..%2Fb?number=12+3", rt.path)
	assert.Equal(t, "GET /ticket/attachment/a%2F..%2Fb", rt.String())
	assert.Equal(t, rt, rt.withQuery(nil))

	for _, tc := range []struct {
		template string
		args     []any
		want     string
	}{
		{"/domain/@id", []any{int64(0)}, "@id must be a positive id, not 0"},
		{"/domain/@id", []any{int64(-3)}, "@id must be a positive id, not -3"},
		{"/domain/@id/dns/@index", []any{int64(1), int64(-1)}, "@index must not be negative"},
		{"/domain/name/@name", []any{""}, "@name must not be empty"},
		{"/domain/@id", []any{47}, "@id needs an int64 id or a string, not int"},
		{"/domain/@id", nil, "no value for @id"},
		{"/domain/@id", []any{int64(1), int64(2)}, "2 values for 1 parameters"},
	} {
		_, err := newRoute(http.MethodGet, tc.template, tc.args...)
		require.ErrorIs(t, err, ErrInvalidArgument, tc.template)
		assert.Contains(t, err.Error(), tc.want)
		assert.Contains(t, err.Error(), "GET "+tc.template)
	}
	assert.Equal(t, "/details", staticRoute(http.MethodGet, "/details").template)
}
