package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// get returns the status and body of a GET.
func get(t *testing.T, url string, header ...string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b), resp.Header
}

// TestServeAndStop runs the two servers as main does, on ports of their own: the webhook API on
// one, the probes on the other, and a stop (SIGTERM's context) ends both and returns nil.
func TestServeAndStop(t *testing.T) {
	t.Parallel()
	portal := unmeteredtest.NewTestServer(t)
	logs := &syncBuffer{}
	a, err := load(nil, portalEnv(portal, "DOMAIN_FILTER=booble.com"), logs)
	require.NoError(t, err)
	wl, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hook, health := "http://"+wl.Addr().String(), "http://"+hl.Addr().String()

	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx, wl, hl) }()

	status, body, _ := get(t, health+"/healthz")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "ok\n", body)
	status, _, _ = get(t, health+"/readyz")
	assert.Equal(t, http.StatusOK, status)
	status, _, _ = get(t, health+"/records")
	assert.Equal(t, http.StatusNotFound, status, "the probe port serves no webhook API")

	status, body, header := get(t, hook+"/", "Accept", mediaType)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, `{"include":["booble.com"]}`+"\n", body)
	assert.Equal(t, mediaType, header.Get("Content-Type"))
	status, _, _ = get(t, hook+"/healthz")
	assert.Equal(t, http.StatusNotFound, status, "the webhook port serves no probes")

	stop()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after the stop")
	}
	_, err = http.Get(health + "/healthz")
	assert.Error(t, err, "the probe port is closed")
	assert.Contains(t, logs.String(), "stopping")
}

// TestStopWaitsForTheChangeInFlight checks the graceful stop: a change set being applied when
// SIGTERM comes is applied and answered before serve returns.
func TestStopWaitsForTheChangeInFlight(t *testing.T) {
	t.Parallel()
	portal := unmeteredtest.NewTestServer(t)
	portal.Fail(http.MethodPost, "/service/@service_id/dns/@zone_id/records", unmeteredtest.Fault{Delay: 300 * time.Millisecond})
	a, err := load(nil, portalEnv(portal, "DOMAIN_FILTER=booble.com"), io.Discard)
	require.NoError(t, err)
	wl, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx, wl, hl) }()

	answered := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, "http://"+wl.Addr().String()+"/records",
			strings.NewReader(`{"create":[{"dnsName":"slow.booble.com","targets":["192.0.2.9"],"recordType":"A"}]}`))
		req.Header.Set("Content-Type", mediaType)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	require.Eventually(t, func() bool { return portal.Count(http.MethodPost, "/service/@service_id/dns/@zone_id/records") == 1 },
		5*time.Second, 5*time.Millisecond, "the create is in flight")
	stop()
	assert.Equal(t, http.StatusNoContent, <-answered, "the change set in flight was answered")
	require.NoError(t, <-done)
	c, err := portal.Client()
	require.NoError(t, err)
	z, err := c.DNS.Zone(t.Context(), 10, 60)
	require.NoError(t, err)
	found := false
	for _, r := range z.Records {
		found = found || r.Name == "slow"
	}
	assert.True(t, found, "and applied")
}
