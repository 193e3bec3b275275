package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
)

func zrec(name string, typ unmetered.RecordType, ttl, prio int64, content string) unmetered.ZoneRecord {
	return unmetered.ZoneRecord{Name: name, Type: typ, TTL: ttl, Priority: prio, Content: content}
}

// TestZoneFileRoundTrip: every record type the portal hosts, written to a zone file and read
// back, is the same record in canonical form.
func TestZoneFileRoundTrip(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", 12) // over 255 bytes: split on the wire
	recs := []unmetered.ZoneRecord{
		zrec("@", "SOA", 3600, 0, "ns1.example.net. hostmaster.example.com. 2024010101 10800 3600 604800 3600"),
		zrec("@", "NS", 3600, 0, "ns1.example.net."),
		zrec("www", "A", 300, 0, "192.0.2.1"),
		zrec("v6", "AAAA", 300, 0, "2001:db8::1"),
		zrec("blog", "CNAME", 300, 0, "www.example.com."),
		zrec("@", "MX", 3600, 10, "mail.example.com."),
		zrec("_sip._tcp", "SRV", 3600, 10, "5 5060 sip.example.com."),
		zrec("@", "CAA", 3600, 0, `0 issue "letsencrypt.org"`),
		zrec("1", "PTR", 3600, 0, "host.example.com."),
		zrec("*.dev", "A", 60, 0, "192.0.2.44"),
		zrec("@", "TXT", 3600, 0, "v=spf1 mx -all"),
		zrec("q", "TXT", 60, 0, `a "quoted" \ backslash; semicolon`),
		zrec("dkim._domainkey", "TXT", 3600, 0, long),
		zrec("utf", "TXT", 60, 0, "café ☕ tab\there"),
	}
	var buf bytes.Buffer
	skipped, err := writeZoneFile(&buf, &unmetered.Zone{Name: "example.com", ServiceID: 10, Records: recs})
	require.NoError(t, err)
	assert.Empty(t, skipped)
	assert.Contains(t, buf.String(), "\n$ORIGIN example.com.\n@\t3600\tIN\tSOA\tns1.example.net. hostmaster.example.com. 2024010101")
	assert.Contains(t, buf.String(), "\nq\t60\tIN\tTXT\t\"a \\\"quoted\\\" \\\\ backslash; semicolon\"\n")

	zf, err := parseZoneFile(buf.Bytes(), "example.com", "test.zone")
	require.NoError(t, err, buf.String())
	var want []unmetered.RecordRequest
	for _, r := range recs[1:] { // the SOA is the portal's: not read back
		want = append(want, r.Request())
	}
	assert.ElementsMatch(t, want, zf.records)
}

// TestZoneFileUnwritable: a record a zone file cannot carry becomes a comment and is reported,
// and a record whose line would read back as another record is not written.
func TestZoneFileUnwritable(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	skipped, err := writeZoneFile(&buf, &unmetered.Zone{Name: "example.com", Records: []unmetered.ZoneRecord{
		zrec("www", "A", 300, 0, "192.0.2.1"),
		zrec("bad", "A", 300, 0, "not an address"),
		zrec("odd", "CAA", 300, 0, "0 issue x; y"),
		zrec("empty", "TXT", 60, 0, ""), // the SDK cannot send an empty TXT record either
	}})
	require.NoError(t, err)
	require.Len(t, skipped, 3)
	assert.Contains(t, buf.String(), "\n; not exported: bad A \"not an address\": ")
	assert.Contains(t, buf.String(), "\nwww\t300\tIN\tA\t192.0.2.1\n")
	zf, err := parseZoneFile(buf.Bytes(), "example.com", "test.zone")
	require.NoError(t, err)
	assert.Len(t, zf.records, 1)
}

func TestParseZoneFile(t *testing.T) {
	t.Parallel()
	zf, err := parseZoneFile([]byte(`
$TTL 600
@ IN SOA ns1.example.net. hostmaster 1 2 3 4 5
www IN A 192.0.2.1
WWW.Example.COM. 300 IN A 192.0.2.1 ; the same record again, another TTL
mail IN MX 10 Mail.Example.com.
txt IN TXT ( "two " "strings" )
`), "Example.com.", "z")
	require.NoError(t, err)
	assert.Equal(t, []unmetered.RecordRequest{
		{Name: "www", Type: "A", TTL: 600, Content: "192.0.2.1"},
		{Name: "mail", Type: "MX", TTL: 600, Priority: 10, Content: "mail.example.com."},
		{Name: "txt", Type: "TXT", TTL: 600, Content: "two strings"},
	}, zf.records, "relative names under the zone, $TTL, duplicates once, canonical targets, TXT strings joined")

	for body, msg := range map[string]string{
		"www.example.org. 300 IN A 192.0.2.1": "invalid argument",
		"box 300 IN HINFO PC Linux":           "no HINFO records",
		"www 300 CH A 192.0.2.1":              "class CH",
		"$INCLUDE /etc/passwd":                "$INCLUDE",
		"www 300 IN A 300.1.1.1":              "line: 1",
	} {
		_, err := parseZoneFile([]byte(body), "example.com", "z")
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), msg, body)
	}
}

// generateBomb is 20 lines of $GENERATE over the widest range miekg/dns takes: 710 bytes that
// expand to 1,310,720 records.
var generateBomb = func() string {
	var b strings.Builder
	for i := range 20 {
		fmt.Fprintf(&b, "$GENERATE 0-65535 h%d-$ A 192.0.2.1\n", i)
	}
	return b.String()
}()

// TestZoneFileGenerateBound: a zone file whose $GENERATE directives expand past the bound is
// refused before anything is expanded. Not parallel: AllocsPerRun counts the process's
// allocations, and the unbounded expansion made millions (969 MB).
func TestZoneFileGenerateBound(t *testing.T) {
	_, err := parseZoneFile([]byte(generateBomb), "example.com", "bomb.zone")
	require.Error(t, err)
	assert.Equal(t, "bomb.zone: its $GENERATE directives make 1310720 records, more than the 100000 a zone file may hold", err.Error())
	allocs := testing.AllocsPerRun(3, func() {
		_, _ = parseZoneFile([]byte(generateBomb), "example.com", "bomb.zone")
	})
	assert.Less(t, allocs, 200.0, "refused before expanding: a few allocations, not one per record")
}

// TestZoneFileRecordBound: the bound counts records as miekg/dns makes them, $GENERATE ranges
// (with a step, in any case, after CRLF lines) before the parse and every other record during
// it; a file at the bound is read whole.
func TestZoneFileRecordBound(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body string
		want string // the error, or "" for a file read whole
	}{
		{"$GENERATE 1-10 h$ A 192.0.2.1\n", ""},
		{"$GENERATE 1-11 h$ A 192.0.2.1\n", "z: its $GENERATE directives make 11 records, more than the 10 a zone file may hold"},
		{"$generate 0-20/2 h$ A 192.0.2.1\r\n", "z: its $GENERATE directives make 11 records"},
		{"www 300 A 192.0.2.1\r\n$GENERATE\t1-6 a$ A 192.0.2.1\r\n$GENERATE 1-5 b$ A 192.0.2.1\r\n", "z: its $GENERATE directives make 11 records"},
		{"$GENERATE 1-5 a$ A 192.0.2.1\n$GENERATE 1-5 b$ A 192.0.2.1\n", ""},
		{"$GENERATE 1-5 a$ A 192.0.2.1\n$GENERATE 1-5 b$ A 192.0.2.1\nwww 300 A 192.0.2.1\n", "z: more than the 10 records a zone file may hold"},
		{strings.Repeat("www 300 A 192.0.2.1\n", 10), ""},
		{strings.Repeat("www 300 A 192.0.2.1\n", 11), "z: more than the 10 records a zone file may hold"},
		{"$GENERATE 5-1 h$ A 192.0.2.1\n", "bad range in $GENERATE"}, // miekg/dns's refusal, not the bound's
	} {
		_, err := readZoneFile([]byte(tc.body), "example.com", "z", zoneFileBounds{records: 10, text: maxZoneFileText})
		if tc.want == "" {
			assert.NoError(t, err, tc.body)
			continue
		}
		require.Error(t, err, tc.body)
		assert.Contains(t, err.Error(), tc.want, tc.body)
	}
	assert.NoError(t, checkGenerate([]byte("  $GENERATE 1-5 h$ A 192.0.2.1\n; $GENERATE 1-5\n$GENERATEX 1-5\n$GENERATE 1-70000 x A 1\n"),
		zoneFileBounds{records: 0, text: 0}), "only a directive at the start of a line, with a range miekg/dns takes")
}

// BenchmarkZoneFileGenerateBomb is the refusal of the 20-line $GENERATE file: microseconds and a
// few allocations, where expanding it took seconds and 969 MB.
func BenchmarkZoneFileGenerateBomb(b *testing.B) {
	b.ReportAllocs()
	data := []byte(generateBomb)
	for b.Loop() {
		if _, err := parseZoneFile(data, "example.com", "bomb.zone"); err == nil {
			b.Fatal("accepted")
		}
	}
}
