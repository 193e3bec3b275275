package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// TestApplyProgressOnlyOnATerminal: dns apply reports each applied change on stderr when stderr
// is a terminal, and writes nothing there otherwise (a script's log gets no progress noise).
func TestApplyProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	ta := newTestApp(t)
	ta.useFake(srv, "basic")
	dir := t.TempDir()
	for i, tty := range []bool{true, false} {
		file := filepath.Join(dir, "zone")
		body := "www 300 IN A 192.0.2.10\nwww 300 IN A 192.0.2.11\n"
		if i == 1 {
			body = "www 300 IN A 192.0.2.20\n"
		}
		require.NoError(t, os.WriteFile(file, []byte(body), 0o600))
		ta.errTTY = tty
		requireCode(t, ta, exitOK, "dns", "apply", "booble.com", file, "--yes")
		if tty {
			// The two creations run at once: either may be reported first.
			assert.Regexp(t, `^\[1/2\] \+ www 300 IN A 192\.0\.2\.1[01]\n\[2/2\] \+ www 300 IN A 192\.0\.2\.1[01]\n$`, ta.stderr.String())
			assert.Contains(t, ta.stderr.String(), "192.0.2.10")
			assert.Contains(t, ta.stderr.String(), "192.0.2.11")
		} else {
			assert.Empty(t, ta.stderr.String())
			assert.Contains(t, ta.stdout.String(), "Applied 2 change(s) to booble.com")
		}
	}
}

// TestApplyChecksThePlanBeforeSending: every change of the plan is checked as the SDK will check
// it before the first request, in --dry-run too. Here the portal lists a record without an id,
// which the plan (with --prune) deletes: no request can name it, so the apply is refused with
// exit code 2 and nothing sent, rather than creating the file's record and then failing on the
// delete with the exit code that promises nothing was sent.
func TestApplyChecksThePlanBeforeSending(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var changes []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/api/dns":
			fmt.Fprint(w, `{"service_ids":["10"],"zones":[{"domain_id":"60","name":"example.com","service_id":"10"}]}`)
		case r.Method == http.MethodGet && r.URL.Path == "/api/service/10/dns/60":
			fmt.Fprint(w, `{"service_id":"10","name":"example.com","records":[`+
				`{"id":"1","name":"example.com","type":"NS","content":"ns1.example.net","ttl":"3600"},`+
				`{"name":"old.example.com","type":"A","content":"192.0.2.1","ttl":"300"}]}`)
		default:
			mu.Lock()
			changes = append(changes, r.Method+" "+r.URL.Path)
			mu.Unlock()
			fmt.Fprint(w, `{"success":true,"record":{"name":"new","type":"A","ttl":300,"priority":0,"content":"192.0.2.9"}}`)
		}
	}))
	t.Cleanup(srv.Close)
	ta := newTestApp(t)
	ta.env["UNMETERED_BASE_URL"] = srv.URL + "/api"
	ta.env["UNMETERED_USERNAME"] = "user@example.com"
	ta.env["UNMETERED_PASSWORD"] = "a-password-1234"
	file := filepath.Join(t.TempDir(), "zone")
	require.NoError(t, os.WriteFile(file, []byte("@ 3600 IN NS ns1.example.net.\nnew 300 IN A 192.0.2.9\n"), 0o600))
	for _, mode := range []string{"--dry-run", "--yes"} {
		requireCode(t, ta, exitUsage, "dns", "apply", "example.com", file, "--prune", mode)
		assert.Contains(t, ta.stderr.String(), "- old 300 IN A 192.0.2.1: the portal lists the record without an id, so no request can change or delete it", mode)
		assert.Empty(t, ta.stdout.String(), mode)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, changes, "nothing sent")
}
