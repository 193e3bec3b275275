package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The fake portal's seeded zones: booble.com (zone 60 of service 10) and bgg12ooble.com (zone
// 61 of service 20).
const (
	boobleZone = "/api/service/10/dns/60"
	otherZone  = "/api/service/20/dns/61"
)

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is the webhook, configured as main configures it, served by httptest and pointed at
// a fake portal.
type harness struct {
	t      *testing.T
	portal *unmeteredtest.Server
	app    *app
	url    string
	logs   *syncBuffer
}

// portalEnv is the environment that points the webhook at the fake portal, plus extra
// (name=value pairs).
func portalEnv(portal *unmeteredtest.Server, extra ...string) func(string) (string, bool) {
	env := map[string]string{
		unmetered.EnvBaseURL:  portal.URL(),
		unmetered.EnvUsername: portal.Username(),
		unmetered.EnvPassword: portal.Password(),
		envLogLevel:           "debug",
	}
	for _, kv := range extra {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	return func(name string) (string, bool) { v, ok := env[name]; return v, ok }
}

// newHarness starts a fake portal and the webhook in front of it, configured by extra
// environment variables (e.g. "DOMAIN_FILTER=booble.com").
func newHarness(t *testing.T, extra ...string) *harness {
	t.Helper()
	return newHarnessWith(t, nil, extra...)
}

// newHarnessWith is newHarness with a change to the configured webhook before it serves.
func newHarnessWith(t *testing.T, change func(*app), extra ...string) *harness {
	t.Helper()
	portal := unmeteredtest.NewTestServer(t)
	logs := &syncBuffer{}
	a, err := load(nil, portalEnv(portal, extra...), logs)
	require.NoError(t, err)
	if change != nil {
		change(a)
	}
	ts := httptest.NewServer(a.hook)
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("webhook logs:\n%s", logs)
		}
		// Whatever happened, no log line holds the account's password.
		require.NotContains(t, logs.String(), portal.Password())
	})
	return &harness{t: t, portal: portal, app: a, url: ts.URL, logs: logs}
}

// do sends a request with the given Content-Type and Accept (each left out when empty) and
// returns the answer and its body.
func (h *harness) do(method, path, contentType, accept string, body []byte) (*http.Response, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, bytes.NewReader(body))
	require.NoError(h.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	return resp, b
}

// post sends v as external-dns does (Content-Type: the media type; for /adjustendpoints an
// Accept too) and returns the answer.
func (h *harness) post(path string, v any) (*http.Response, []byte) {
	h.t.Helper()
	b, err := json.Marshal(v)
	require.NoError(h.t, err)
	accept := ""
	if path == "/adjustendpoints" {
		accept = mediaType
	}
	return h.do(http.MethodPost, path, mediaType, accept, b)
}

// apply posts a change set and requires the 204 that says it was applied.
func (h *harness) apply(ch Changes) {
	h.t.Helper()
	resp, body := h.post("/records", ch)
	require.Equal(h.t, http.StatusNoContent, resp.StatusCode, "POST /records: %s", body)
}

// records gets GET /records as external-dns does.
func (h *harness) records() []Endpoint {
	h.t.Helper()
	resp, body := h.do(http.MethodGet, "/records", "", mediaType, nil)
	require.Equal(h.t, http.StatusOK, resp.StatusCode, "GET /records: %s", body)
	require.Equal(h.t, mediaType, resp.Header.Get("Content-Type"))
	var eps []Endpoint
	require.NoError(h.t, json.Unmarshal(body, &eps))
	return eps
}

// find returns the listed endpoint of a name and type, or nil.
func find(eps []Endpoint, name, typ string) *Endpoint {
	for i := range eps {
		if eps[i].DNSName == name && eps[i].RecordType == typ {
			return &eps[i]
		}
	}
	return nil
}

// writes counts the record writes the portal received (creates, updates and deletes).
func (h *harness) writes() int {
	return h.portal.Count(http.MethodPost, "/service/@service_id/dns/@zone_id/records") +
		h.portal.Count(http.MethodPut, "/service/@service_id/dns/@zone_id/records/@record_id") +
		h.portal.Count(http.MethodDelete, "/service/@service_id/dns/@zone_id/records/@record_id")
}

// touched reports whether the portal received any request for the zone at path (e.g.
// otherZone), a read or a write.
func (h *harness) touched(zonePath string) bool {
	for _, r := range h.portal.Requests() {
		if r.Path == zonePath || strings.HasPrefix(r.Path, zonePath+"/") {
			return true
		}
	}
	return false
}

// zoneRecords reads a zone's records through the SDK, to check what the portal holds.
func (h *harness) zoneRecords(serviceID, zoneID int64) []unmetered.ZoneRecord {
	h.t.Helper()
	c, err := h.portal.Client()
	require.NoError(h.t, err)
	z, err := c.DNS.Zone(h.t.Context(), serviceID, zoneID)
	require.NoError(h.t, err)
	return z.Records
}
