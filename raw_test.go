package unmetered

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDoSendsThroughTheRequestPath(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/service/301/vpsreboot", 200, `{"success":true,"info":["rebooted"]}`)
	var out struct {
		Success looseBool `json:"success"`
		Info    messages  `json:"info"`
	}
	require.NoError(t, env.client.Do(ctx, "post", "/service/301/vpsreboot?force=1", map[string]any{"mode": "soft"}, &out))
	r := rec.only(t)
	assertRequest(t, r, http.MethodPost, "/service/301/vpsreboot", `{"mode":"soft"}`)
	assert.Equal(t, url.Values{"force": {"1"}}, r.Query)
	assert.True(t, bool(out.Success))
	assert.Equal(t, "rebooted", out.Info[0].String())

	// *json.RawMessage keeps the answer as it came; a json.RawMessage body is sent as it is.
	rec = env.on(http.MethodPut, "/domain/name/a%40b%3F", 200, `{"details": {"id": "47"}}`)
	var raw json.RawMessage
	require.NoError(t, env.client.Do(ctx, http.MethodPut, "/domain/name/a%40b%3F", json.RawMessage(`{"x":[1,2]}`), &raw))
	assert.Equal(t, `{"details": {"id": "47"}}`, string(raw))
	assertRequest(t, rec.only(t), http.MethodPut, "/domain/name/a%40b%3F", `{"x":[1,2]}`)

	// out nil: the answer must still be JSON.
	env.on(http.MethodDelete, "/service/301/thing", 200, `<html>Login</html>`)
	err := env.client.Do(ctx, http.MethodDelete, "/service/301/thing", nil, nil)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Login", apiErr.Excerpt)

	// Errors are the SDK's: *Error with the request's method and path, sentinels, redaction.
	env.on(http.MethodGet, "/custom/route", 404, `{"error":["no route for `+testPassword+`"]}`)
	err = env.client.Do(ctx, http.MethodGet, "/custom/route?x=1", nil, nil)
	require.ErrorIs(t, err, ErrNotFound)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "GET", apiErr.Method)
	assert.Equal(t, "/custom/route", apiErr.Path)
	assert.NotContains(t, err.Error(), testPassword)
	assert.False(t, MaybeApplied(err))
}

func TestDoRefusesWhatCouldLeaveTheBaseURL(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	var sent recorder
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		sent.add(req)
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	for _, path := range []string{
		"", "details", "https://evil.test/api/details", "//evil.test/api/details", "http:/details",
		"/../details", "/domain/../../admin", "/domain/./47", "/domain/%2e%2e/x", "/domain/%2E%2E%2Fadmin",
		"/domain/..%2f..%2fadmin", "/domain/a%5c..%5cadmin", `/domain\..\admin`, "/domain//47", "/domain/47/",
		"/", "/domain/47#frag", "/domain/a b", "/domain/47?q=a b", "/domain/47?q=\n", "/domain/%zz",
		"/domain/47?x=%", "/domain/\x00", "/domain/ünï",
	} {
		err := env.client.Do(ctx, http.MethodGet, path, nil, nil)
		assert.ErrorIs(t, err, ErrInvalidArgument, "%q", path)
		assert.False(t, MaybeApplied(err), "%q", path)
	}
	for _, bad := range []struct {
		method string
		out    any
		opts   []DoOption
	}{
		{"PATCH", nil, nil}, {"GET /x", nil, nil}, {"", nil, nil},
		{http.MethodGet, struct{}{}, nil}, {http.MethodGet, (*json.RawMessage)(nil), nil},
		{http.MethodGet, nil, []DoOption{nil}},
	} {
		err := env.client.Do(ctx, bad.method, "/details", nil, bad.out, bad.opts...)
		assert.ErrorIs(t, err, ErrInvalidArgument, "%+v", bad)
	}
	assert.Zero(t, sent.count(), "nothing was sent")

	// "@" is an ordinary path character below the base URL, not a userinfo separator.
	rec := env.on(http.MethodGet, "/@evil.test", 200, `{}`)
	require.NoError(t, env.client.Do(ctx, http.MethodGet, "/@evil.test", nil, nil))
	assert.Equal(t, "/api/@evil.test", rec.only(t).Path)
}

// TestDoRefusesEncodedSlashes: a server that decodes %2F before routing reaches DELETE
// /domain/47/dns/3 (send-once: the next record moves into the index) through
// "/domain/47/dns%2F3", which splits into other segments than it routes. Do refuses such a path
// rather than classify it by one reading of it, before sending anything.
func TestDoRefusesEncodedSlashes(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(2))
	var sent recorder
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		sent.add(req)
		return httpmock.NewStringResponse(503, `{"error":["maintenance"]}`), nil
	})
	for _, path := range []string{
		"/domain/47/dns%2F3", "/domain%2F47/dns/3", "/domain/47/dns%2f3", "/domain%2f47%2fdns%2f3",
		"/service/301/vpsbackup%2F7", "/domain/47/dns/3?x=1%2F2&y=/domain%2F", // the query is fine...
	} {
		for _, method := range []string{http.MethodDelete, http.MethodPut, http.MethodGet} {
			err := env.client.Do(ctx, method, path, nil, nil)
			if strings.HasPrefix(path, "/domain/47/dns/3?") { // ...so this one goes, send-once
				require.ErrorIs(t, err, ErrServer, "%s %q", method, path)
				continue
			}
			require.ErrorIs(t, err, ErrInvalidArgument, "%s %q", method, path)
			assert.Contains(t, err.Error(), "encoded slash")
			assert.False(t, MaybeApplied(err))
		}
	}
	assert.Equal(t, 1+1+3, sent.count(), "only the path without an encoded slash was sent: DELETE and PUT once, GET thrice")
}

// TestDoClassifiesLikeTheTable: a known endpoint's concrete path is retried as the endpoint is;
// an unknown POST is send-once and other unknown methods replay-safe; the options override.
func TestDoClassifiesLikeTheTable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method, path string
		opts         []DoOption
		want         int // attempts on 503, with 2 retries
	}{
		{http.MethodPost, "/domain/47/renew", nil, 1},
		{http.MethodPost, "/Domain/47/Renew", nil, 1},
		{http.MethodPut, "/domain/47/dnssec", nil, 1},
		{http.MethodDelete, "/domain/47/dns/0", nil, 1},
		{http.MethodPost, "/domain/lookup", nil, 3},
		{http.MethodPost, "/quote", nil, 3},
		{http.MethodGet, "/domain/47", nil, 3},
		{http.MethodPut, "/domain/47/autorenew", nil, 3},
		{http.MethodPost, "/service/301/vpsreboot", nil, 1},
		{http.MethodGet, "/service/301/vpsdetails", nil, 3},
		{http.MethodPut, "/service/301/vpssettings", nil, 3},
		{http.MethodDelete, "/service/301/vpsbackup/7", nil, 3},
		{http.MethodPost, "/service/301/vpsdetails", []DoOption{Idempotent()}, 3},
		{http.MethodPost, "/service/301/upgrade", []DoOption{Idempotent()}, 3}, // an estimate
		{http.MethodPut, "/service/301/vpssettings", []DoOption{SendOnce()}, 1},
		{http.MethodGet, "/domain/47", []DoOption{SendOnce()}, 1},
	} {
		env := newTestEnv(t, WithRetryMax(2))
		rec := env.on(tc.method, tc.path, 503, `{"error":["maintenance"]}`)
		err := env.client.Do(ctx, tc.method, tc.path, map[string]any{"k": "v"}, nil, tc.opts...)
		require.ErrorIs(t, err, ErrServer)
		assert.Equal(t, tc.want, rec.count(), "%s %s %d options", tc.method, tc.path, len(tc.opts))
		assert.True(t, MaybeApplied(err))
	}
}

// TestDoRefusesDoubleEncodedRouteStructure: "/domain/47/dns%252F3" decodes once to "dns%2F3",
// which a chain that decodes twice (a proxy that normalises the path, then the application)
// routes as DELETE /domain/47/dns/3, send-once, while Do read it as an unknown DELETE and
// replayed it after a 503. A slash, a backslash or a dot segment that appears only after
// decoding a segment more than once is refused like an encoded one, before anything is sent.
func TestDoRefusesDoubleEncodedRouteStructure(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(2))
	var sent recorder
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		sent.add(req)
		return httpmock.NewStringResponse(503, `{"error":["maintenance"]}`), nil
	})
	for path, why := range map[string]string{
		"/domain/47/dns%252F3":       "encoded slash",
		"/domain/47/dns%252f3":       "encoded slash",
		"/domain%25252F47/dns/3":     "encoded slash",
		"/domain/47/dns%255C3":       "backslash",
		"/domain/47/%252E%252E/x":    "dot segment",
		"/domain/47/%25252e%25252E":  "dot segment",
		"/service/301/a%252F..%252F": "encoded slash",
	} {
		for _, method := range []string{http.MethodDelete, http.MethodPut, http.MethodGet} {
			err := env.client.Do(ctx, method, path, nil, nil)
			require.ErrorIs(t, err, ErrInvalidArgument, "%s %q", method, path)
			assert.Contains(t, err.Error(), why, "%s %q", method, path)
			assert.False(t, MaybeApplied(err))
		}
	}
	assert.Zero(t, sent.count(), "nothing was sent")

	// A "%" that decodes to no route structure is an ordinary character: "100%25" is "100%",
	// "a%2541" is "a%41", which decodes again to "aA" only.
	rec := env.on(http.MethodGet, "/service/301/label%2541%2525", 200, `{}`)
	require.NoError(t, env.client.Do(ctx, http.MethodGet, "/service/301/label%2541%2525", nil, nil))
	assert.Equal(t, 1, rec.count())
}
