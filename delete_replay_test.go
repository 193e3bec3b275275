package unmetered

import (
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A replay-safe DELETE retried after an attempt that may have reached the server, and answered
// 404, succeeded: that attempt deleted the object (or it was never there); either way it is
// gone, as the caller asked. Any other 404 is still ErrNotFound.
func TestDeleteReplayAnswered404(t *testing.T) {
	t.Parallel()
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	notFound := httpmock.NewStringResponder(404, `{"error":["Record not found"]}`)
	deleted := httpmock.NewStringResponder(200, `{"success":true}`)
	status := func(code int) httpmock.Responder {
		return httpmock.NewStringResponder(code, `{"error":["upstream trouble"]}`)
	}
	zone := &Zone{ServiceID: 10, ID: 60}
	deleteRecord := func(c *Client) error { return c.DNS.DeleteRecord(ctx, zone, 55) }
	const recordRoute = "/service/10/dns/60/records/55"

	for _, tc := range []struct {
		name    string
		method  string
		route   string
		call    func(*Client) error
		respond []httpmock.Responder // one per attempt
		// wantErr is the sentinel the call's error must match, nil for success.
		wantErr error
		applied bool
	}{
		{name: "503, then 404", route: recordRoute, call: deleteRecord,
			respond: []httpmock.Responder{status(503), notFound}},
		{name: "502, 504, then 404", route: recordRoute, call: deleteRecord,
			respond: []httpmock.Responder{status(502), status(504), notFound}},
		{name: "connection reset, then 404", route: recordRoute, call: deleteRecord,
			respond: []httpmock.Responder{httpmock.NewErrorResponder(reset), notFound}},
		{name: "503, then deleted", route: recordRoute, call: deleteRecord,
			respond: []httpmock.Responder{status(503), deleted}},
		{name: "a zone: 503, then 404", route: "/service/10/dns/60",
			call:    func(c *Client) error { return c.DNS.DeleteZone(ctx, 10, 60) },
			respond: []httpmock.Responder{status(503), notFound}},
		{name: "a DNSSEC key: reset, then 404", route: "/domain/47/dnssec/k1",
			call:    func(c *Client) error { return c.Domains.DeleteDNSSECKey(ctx, 47, "k1") },
			respond: []httpmock.Responder{httpmock.NewErrorResponder(reset), notFound}},
		{name: "Client.Do: 504, then 404", route: "/custom/thing/3",
			call:    func(c *Client) error { return c.Do(ctx, http.MethodDelete, "/custom/thing/3", nil, nil) },
			respond: []httpmock.Responder{status(504), notFound}},

		{name: "404 at once", route: recordRoute, call: deleteRecord,
			respond: []httpmock.Responder{notFound}, wantErr: ErrNotFound},
		{name: "429, then 404: the 429 did not act", route: recordRoute, call: deleteRecord,
			respond: []httpmock.Responder{status(429), notFound}, wantErr: ErrNotFound},
		{name: "refused, then 404: nothing was sent", route: recordRoute, call: deleteRecord,
			respond: []httpmock.Responder{httpmock.NewErrorResponder(refused), notFound}, wantErr: ErrNotFound},
		{name: "a GET: 503, then 404", method: http.MethodGet, route: "/domain/47",
			call:    func(c *Client) error { _, err := c.Domains.Get(ctx, 47); return err },
			respond: []httpmock.Responder{status(503), notFound}, wantErr: ErrNotFound, applied: true},
		{name: "send-once DELETE by index: 503 is not replayed", route: "/domain/47/dns/2",
			call:    func(c *Client) error { return c.Domains.DeleteDNSRecord(ctx, 47, 2) },
			respond: []httpmock.Responder{status(503), notFound}, wantErr: ErrServer, applied: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, WithRetryMax(3))
			method := tc.method
			if method == "" {
				method = http.MethodDelete
			}
			n := 0
			rec := env.onFunc(method, tc.route, func(req *http.Request) (*http.Response, error) {
				i := min(n, len(tc.respond)-1)
				n++
				return tc.respond[i](req)
			})
			err := tc.call(env.client)
			if tc.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, len(tc.respond), rec.count(), "attempts")
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			assert.Equal(t, tc.applied, MaybeApplied(err))
			if tc.wantErr == ErrServer {
				assert.Equal(t, 1, rec.count(), "sent once")
			}
		})
	}
}

// A 404 that answers the GET a redirect of the DELETE turned into is not the DELETE's answer.
func TestDeleteReplayRedirected404IsNotFound(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(3))
	n := 0
	env.onFunc(http.MethodDelete, "/service/10/dns/60/records/55", func(*http.Request) (*http.Response, error) {
		n++
		if n == 1 {
			return httpmock.NewStringResponse(503, `{"error":["busy"]}`), nil
		}
		resp := httpmock.NewStringResponse(http.StatusFound, "")
		resp.Header.Set("Location", testBaseURL+"/moved")
		return resp, nil
	})
	moved := env.on(http.MethodGet, "/moved", 404, `{"error":["Not found"]}`)
	err := env.client.DNS.DeleteRecord(ctx, &Zone{ServiceID: 10, ID: 60}, 55)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, 1, moved.count())
}
