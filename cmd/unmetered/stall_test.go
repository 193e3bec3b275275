package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStallTimeoutFlag: a command whose answer trickles in (a byte every few milliseconds after
// the headers) ends once --stall-timeout passes, instead of running for ever: for a change,
// with exit code 3 (it may have been applied; a read would be retried, then exit 1). A
// negative value is a usage error.
func TestStallTimeoutFlag(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"details":`))
		w.(http.Flusher).Flush()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				if _, err := w.Write([]byte(" ")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}
	}))
	t.Cleanup(srv.Close)
	ta := newTestApp(t)
	ta.env["UNMETERED_BASE_URL"] = srv.URL + "/api"
	ta.env["UNMETERED_USERNAME"] = "joe@example.com"
	ta.env["UNMETERED_PASSWORD"] = "pw"

	done := make(chan int, 1)
	go func() { done <- ta.exec(t, "--stall-timeout", "50ms", "service", "label", "set", "301", "web") }()
	select {
	case code := <-done:
		assert.Equal(t, exitMaybeApplied, code, "%s", ta.stderr)
		assert.Contains(t, ta.stderr.String(), "stalled")
	case <-time.After(20 * time.Second):
		require.FailNow(t, "the command did not end")
	}

	requireCode(t, ta, exitUsage, "--stall-timeout", "-1s", "account", "show")
	assert.Contains(t, ta.stderr.String(), "--stall-timeout -1s")
}
