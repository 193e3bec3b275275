package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// twentyCreates is a zone file of 20 new records for booble.com.
func twentyCreates(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for i := range 20 {
		fmt.Fprintf(&b, "host%02d 300 IN A 192.0.2.%d\n", i, i+1)
	}
	file := filepath.Join(t.TempDir(), "zone")
	require.NoError(t, os.WriteFile(file, []byte(b.String()), 0o600))
	return file
}

// gained counts the records the fake's zone booble.com holds named host*.
func gained(t *testing.T, srv *unmeteredtest.Server) int {
	t.Helper()
	c, err := srv.Client()
	require.NoError(t, err)
	z, err := c.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)
	n := 0
	for _, r := range z.Records {
		if strings.HasPrefix(r.Name, "host") {
			n++
		}
	}
	return n
}

// TestApplyReportsWhatTheZoneGained is the regression test of a partial failure: a fault on
// the 5th of 20 creations, sent four at a time. The report must say exactly how many records
// the zone gained (applied), which may have been applied (the answer lost), and what was not
// sent; the exit code is 3 when anything may have been applied.
func TestApplyReportsWhatTheZoneGained(t *testing.T) {
	t.Parallel()
	for name, fault := range map[string]unmeteredtest.Fault{
		"refused":         {Status: 400},
		"server error":    {Status: 500},
		"answer lost":     {AfterAction: true, DropConnection: true},
		"error after act": {AfterAction: true, Status: 502},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, output := range []string{"table", "json"} {
				srv := unmeteredtest.NewTestServer(t)
				ta := newTestApp(t)
				ta.useFake(srv, "basic")
				for range 4 {
					srv.Fail("POST", "/service/@id/dns/@id/records", unmeteredtest.Fault{})
				}
				srv.Fail("POST", "/service/@id/dns/@id/records", fault)
				code := ta.exec(t, "dns", "apply", "booble.com", twentyCreates(t), "--yes", "-o", output)
				got := gained(t, srv)
				t.Logf("%s, -o %s: exit %d, zone gained %d\nstdout: %s\nstderr: %s", name, output, code, got, ta.stdout, ta.stderr)
				if code == exitOK {
					// Possible when the answer lost is noticed only after every other change
					// was sent: the read back then finds its record, and all 20 were applied.
					require.True(t, fault.AfterAction, "a refusal or a server error before the write is an error")
					assert.Equal(t, 20, got)
					continue
				}
				if output == "table" {
					m := regexp.MustCompile(`applied (\d+) of 20`).FindStringSubmatch(ta.stderr.String())
					require.NotNil(t, m, "the error says how many were applied: %s", ta.stderr)
					applied, _ := strconv.Atoi(m[1])
					maybe := 0
					if m := regexp.MustCompile(`(\d+) may have been applied`).FindStringSubmatch(ta.stderr.String()); m != nil {
						maybe, _ = strconv.Atoi(m[1])
					}
					if maybe == 0 {
						assert.Equal(t, applied, got, "the zone gained exactly what was reported applied")
					}
					assert.LessOrEqual(t, applied, got, "every change reported applied is in the zone")
					assert.LessOrEqual(t, got, applied+maybe, "every record the zone gained is reported applied or maybe applied")
					assert.Equal(t, maybe > 0, code == exitMaybeApplied, "exit code 3 exactly when something may have been applied")
					continue
				}
				var je struct {
					ExitCode int `json:"exit_code"`
					Report   struct {
						Planned      int               `json:"planned"`
						Applied      int               `json:"applied"`
						MaybeApplied int               `json:"maybe_applied"`
						Failed       int               `json:"failed"`
						NotSent      int               `json:"not_sent"`
						Changes      []json.RawMessage `json:"changes"`
					} `json:"report"`
				}
				require.NoError(t, json.Unmarshal(ta.stderr.Bytes(), &je), ta.stderr.String())
				r := je.Report
				assert.Equal(t, 20, r.Planned)
				assert.Equal(t, 20, r.Applied+r.MaybeApplied+r.Failed+r.NotSent, "every change is accounted for once")
				if r.MaybeApplied == 0 {
					assert.Equal(t, r.Applied, got, "the zone gained exactly what was reported applied")
				}
				assert.Len(t, je.Report.Changes, 20, "every change, with its outcome")
				assert.LessOrEqual(t, r.Applied, got)
				assert.LessOrEqual(t, got, r.Applied+r.MaybeApplied)
				assert.Equal(t, r.MaybeApplied > 0, je.ExitCode == exitMaybeApplied)
				assert.Equal(t, code, je.ExitCode)
			}
		})
	}
}

// TestApplyReplacesACNAMEAtOneName: a zone file (--prune: it owns the zone) that turns the A
// record qwerty into a CNAME, then back: the plan deletes what is in the way first, and the
// fake, which like PowerDNS refuses a record beside a CNAME, accepts every request in the
// order sent.
func TestApplyReplacesACNAMEAtOneName(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	ta := newTestApp(t)
	ta.useFake(srv, "basic")
	zone := func(qwerty string) string {
		file := filepath.Join(t.TempDir(), "booble.com.zone")
		require.NoError(t, os.WriteFile(file, []byte(`$ORIGIN booble.com.
@	3600	IN	MX	10 mail.booble.com.
@	3600	IN	NS	ns1.unmetered.management.
@	3600	IN	NS	ns2.unmetered.management.
@	3600	IN	TXT	"v=spf1 mx -all"
_sip._tcp	3600	IN	SRV	10 10 5060 vc01.booble.com.
`+qwerty), 0o600))
		return file
	}
	writes := func(from int) []string {
		var out []string
		for _, r := range srv.Requests()[from:] {
			if r.Method != "GET" && strings.HasPrefix(r.Route, "/service/@service_id/dns/@zone_id/records") {
				out = append(out, r.Method)
			}
		}
		return out
	}
	for _, tc := range []struct {
		qwerty string
		plan   []string
		sent   []string
	}{
		{"qwerty 300 IN CNAME web.example.net.\n",
			[]string{"- qwerty 1800 IN A 127.0.0.1", "+ qwerty 300 IN CNAME web.example.net."}, []string{"DELETE", "POST"}},
		{"qwerty 300 IN A 192.0.2.7\nqwerty 300 IN TXT back\n",
			[]string{"- qwerty 300 IN CNAME web.example.net.", "+ qwerty 300 IN A 192.0.2.7", `+ qwerty 300 IN TXT "back"`}, []string{"DELETE", "POST", "POST"}},
	} {
		from := len(srv.Requests())
		ta.stdout.Reset()
		ta.stderr.Reset()
		require.Equal(t, exitOK, ta.exec(t, "dns", "apply", "booble.com", zone(tc.qwerty), "--prune", "--yes"), ta.stderr.String())
		var plan []string
		for _, line := range strings.Split(ta.stdout.String(), "\n") {
			if strings.HasPrefix(line, "+ ") || strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "~ ") {
				plan = append(plan, line)
			}
		}
		assert.Equal(t, tc.plan, plan, "the plan, in the order applied")
		assert.Equal(t, tc.sent, writes(from), "the delete first")
		assert.Contains(t, ta.stdout.String(), fmt.Sprintf("Applied %d change(s) to booble.com", len(tc.plan)))
	}
}
