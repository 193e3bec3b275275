package main

import (
	"os"
	"path/filepath"
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
