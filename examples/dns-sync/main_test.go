package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func noEnv(string) string { return "" }

func TestDryRunAgainstFake(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-fake", "-file", "desired.json", "-dry-run"}, noEnv, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "fake portal")
	assert.Contains(t, out.String(), "Plan for booble.com: 4 change(s)\n"+
		"  create www A ttl=300 \"192.0.2.10\"\n"+
		"  create _acme-challenge TXT ttl=60 \"a \\\"quoted\\\" token\"\n"+
		"  update #13 qwerty A ttl=1800 \"127.0.0.1\" -> qwerty A ttl=1800 \"192.0.2.10\"\n"+
		"  delete #15 _sip._tcp SRV ttl=3600 prio=10 \"10 5060 vc01.booble.com.\"\n"+
		"dry run: nothing changed\n")
}

// desiredFile writes a desired file and returns its path.
func desiredFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "desired.json")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

// TestSyncConverges runs dns-sync twice against the fake, which stores and lists records as
// the real server does: the second run has nothing to do.
func TestSyncConverges(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	long := strings.Repeat("p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", 12)
	d, err := readDesired(desiredFile(t, `{"zone": "Booble.com.", "records": [
		{"name": "@", "type": "MX", "ttl": 3600, "priority": 10, "content": "mail.booble.com"},
		{"name": "@", "type": "MX", "ttl": 3600, "priority": 20, "content": "MX2.booble.com."},
		{"name": "www.booble.com.", "type": "CNAME", "ttl": 300, "content": "booble.com"},
		{"name": "_acme-challenge", "type": "TXT", "ttl": 60, "content": "token with \"quotes\" and \\ backslash"},
		{"name": "dkim._domainkey", "type": "TXT", "content": "`+long+`"},
		{"name": "@", "type": "TXT", "content": "v=spf1 mx -all"},
		{"name": "_sip._tcp", "type": "SRV", "priority": 10, "content": "20 5061 sip.booble.com"},
		{"name": "v6", "type": "AAAA", "content": "2001:DB8::0:1"},
		{"name": "*.dev", "type": "A", "content": "192.0.2.44"}]}`))
	require.NoError(t, err)
	ctx := context.Background()

	var out bytes.Buffer
	require.NoError(t, syncZone(ctx, client, d, options{concurrency: 3}, &out))
	assert.Contains(t, out.String(), "Plan for booble.com: 7 change(s)")
	assert.Contains(t, out.String(), "applied 7 change(s)")
	assert.Contains(t, out.String(), "  create v6 AAAA ttl=default \"2001:db8::1\"\n")
	assert.Contains(t, out.String(), "  update #15 _sip._tcp SRV ttl=3600 prio=10 \"10 5060 vc01.booble.com.\" -> "+
		"_sip._tcp SRV ttl=3600 prio=10 \"20 5061 sip.booble.com.\"\n", "an update keeps the TTL the file leaves out")

	out.Reset()
	require.NoError(t, syncZone(ctx, client, d, options{concurrency: 3}, &out))
	assert.Equal(t, "booble.com is in sync (13 records)\n", out.String(), "the second run plans 0 changes")

	zone, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	plan, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: d.Records, Clear: d.Owns})
	require.NoError(t, err)
	assert.Empty(t, plan.Changes)
	var dkim []string
	for _, r := range zone.Records {
		if r.Name == "dkim._domainkey" {
			dkim = append(dkim, r.Content)
		}
	}
	assert.Equal(t, []string{long}, dkim, "a TXT value over 255 bytes went in split and came back whole")
}

// TestSyncDeletesOnlyWhatItOwns: records outside the file's RRsets survive; an RRset in
// "owns" is emptied.
func TestSyncDeletesOnlyWhatItOwns(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	before, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)

	d, err := readDesired(desiredFile(t, `{"zone": "booble.com", "records": [{"name": "www", "type": "A", "content": "192.0.2.80"}]}`))
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, syncZone(ctx, client, d, options{concurrency: 2}, &out))
	after, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	for _, r := range before.Records[1:] { // all but the SOA, whose serial moved
		assert.Contains(t, after.Records, r, "a record the file does not own survives")
	}
	assert.Len(t, after.Records, len(before.Records)+1)
	assert.Equal(t, 1, srv.Count("POST", "/service/@id/dns/@id/records"))
	assert.Equal(t, 0, srv.Count("DELETE", "/service/@id/dns/@id/records/@id"))

	d, err = readDesired(desiredFile(t, `{"zone": "booble.com", "records": [{"name": "www", "type": "A", "content": "192.0.2.80"}],
		"owns": [{"name": "qwerty.booble.com.", "type": "a"}, {"name": "@", "type": "TXT"}]}`))
	require.NoError(t, err)
	out.Reset()
	require.NoError(t, syncZone(ctx, client, d, options{concurrency: 2}, &out))
	assert.Contains(t, out.String(), "delete #13 qwerty A")
	assert.Contains(t, out.String(), `delete #16 @ TXT ttl=3600 "v=spf1 mx -all"`)
	assert.Contains(t, out.String(), "applied 2 change(s)")
}

func TestSyncChecksTheService(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	d := &Desired{ServiceID: 20, Zone: "booble.com"}
	err = syncZone(context.Background(), client, d, options{concurrency: 1}, &bytes.Buffer{})
	assert.EqualError(t, err, "zone booble.com belongs to service 10, not 20")
	err = syncZone(context.Background(), client, &Desired{Zone: "nowhere.example"}, options{concurrency: 1}, &bytes.Buffer{})
	assert.ErrorIs(t, err, unmetered.ErrNotFound)
}

func TestBadInput(t *testing.T) {
	var out, errOut bytes.Buffer
	ctx := context.Background()
	assert.Equal(t, 2, run(ctx, []string{"-fake", "-file", "missing.json"}, noEnv, &out, &errOut))
	assert.Equal(t, 2, run(ctx, []string{"-fake", "-nope"}, noEnv, &out, &errOut))
	assert.Equal(t, 2, run(ctx, []string{"-fake", "-concurrency", "0"}, noEnv, &out, &errOut))
	for body, msg := range map[string]string{
		`{"records": []}`: "needs the zone's name",
		`{"zone": "example.com", "records": [{"name": "www.example.com", "type": "A", "content": "192.0.2.1"}]}`: `record 0: unmetered: invalid argument`,
		`{"zone": "example.com", "records": [{"name": "@", "type": "SOA", "content": "a b 1 2 3 4 5"}]}`:         "the SOA record is the server's",
		`{"zone": "example.com", "owns": [{"name": "x.example.org.", "type": "A"}]}`:                             "owns 0: unmetered: invalid argument",
	} {
		errOut.Reset()
		assert.Equal(t, 2, run(ctx, []string{"-fake", "-file", desiredFile(t, body)}, noEnv, &out, &errOut), body)
		assert.Contains(t, errOut.String(), msg, body)
	}
}

func TestDNSSyncWithoutCredentialsFails(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 1, run(context.Background(), []string{"-file", "desired.json", "-dry-run"}, noEnv, &out, &errOut))
	assert.Contains(t, errOut.String(), "UNMETERED_USERNAME and UNMETERED_PASSWORD not set")
	assert.Empty(t, out.String(), "nothing ran")
}
