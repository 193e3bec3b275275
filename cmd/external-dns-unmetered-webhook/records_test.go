package main

import (
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestEndpointsGroupRRsetsOfTheZoneItself(t *testing.T) {
	t.Parallel()
	p := &provider{filter: domainFilter{exclude: []string{"hidden.example.com"}}, log: slog.New(slog.DiscardHandler)}
	ov := &unmetered.DNSOverview{Zones: []unmetered.Zone{{ID: 1, ServiceID: 9, Name: "example.com"}, {ID: 2, ServiceID: 9, Name: "sub.example.com"}}}
	recs := []unmetered.ZoneRecord{
		{Name: "@", Type: "SOA", TTL: 3600, Content: "ns1.example.net. hostmaster.example.com. 1 2 3 4 5"},
		{Name: "www", Type: "A", TTL: 300, Content: "192.0.2.1"},
		{Name: "@", Type: "CAA", TTL: 300, Content: `0 issue "letsencrypt.org"`},
		{Name: "www", Type: "A", TTL: 60, Content: "192.0.2.2"},
		{Name: "www", Type: "A", TTL: 60, Content: "192.0.2.2"},
		{Name: "x.sub", Type: "A", TTL: 300, Content: "192.0.2.3"},
		{Name: "hidden", Type: "A", TTL: 300, Content: "192.0.2.4"},
		{Name: "www", Type: "AAAA", TTL: 300, Content: "2001:db8::1"},
		{Name: "@", Type: "MX", TTL: 300, Priority: 0, Content: "."},
	}
	assert.Equal(t, []Endpoint{
		{DNSName: "www.example.com", RecordType: "A", RecordTTL: 60, Targets: []string{"192.0.2.1", "192.0.2.2"}},
		{DNSName: "www.example.com", RecordType: "AAAA", RecordTTL: 300, Targets: []string{"2001:db8::1"}},
		{DNSName: "example.com", RecordType: "MX", RecordTTL: 300, Targets: []string{"0 ."}},
	}, p.endpoints(ov, "example.com", recs),
		"no SOA or CAA; an RRset's lowest TTL; a value once; a name the nested zone holds, or the filter excludes, left out")
}

func TestTargetsInBothDirections(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		typ     unmetered.RecordType
		target  string // as external-dns sends it
		listed  string // as /records lists it once written
		wantErr string
	}{
		{typ: "A", target: " 192.0.2.1", listed: "192.0.2.1"},
		{typ: "AAAA", target: "2001:0DB8::0001", listed: "2001:db8::1"},
		{typ: "CNAME", target: "Web.Example.NET.", listed: "web.example.net"},
		{typ: "NS", target: "ns1.example.net", listed: "ns1.example.net"},
		{typ: "PTR", target: "host.example.net.", listed: "host.example.net"},
		{typ: "MX", target: "10 mail.example.com.", listed: "10 mail.example.com"},
		{typ: "MX", target: "0 .", listed: "0 ."},
		{typ: "SRV", target: "01 050 5060 SIP.example.com.", listed: "1 50 5060 sip.example.com"},
		{typ: "TXT", target: ` "as is" `, listed: ` "as is" `},
		{typ: "A", target: "192.0.2.300", wantErr: "is not an IPv4 address"},
		{typ: "MX", target: "mail.example.com", wantErr: `MX target "mail.example.com" is not "preference host"`},
		{typ: "MX", target: "70000 mail.example.com", wantErr: `"70000" is not a number from 0 to 65535`},
		{typ: "SRV", target: "1 50 sip.example.com", wantErr: `is not "priority weight port host"`},
		{typ: "SRV", target: "1 50 99999 sip.example.com", wantErr: "weight or port"},
		{typ: "CNAME", target: "a..example.com", wantErr: "empty label"},
		{typ: "TXT", target: "", wantErr: "an empty TXT target"},
	} {
		got, err := normalTarget(tc.typ, tc.target)
		if tc.wantErr != "" {
			if assert.Error(t, err, "%s %q", tc.typ, tc.target) {
				assert.Contains(t, err.Error(), tc.wantErr)
			}
			continue
		}
		require.NoError(t, err, "%s %q", tc.typ, tc.target)
		assert.Equal(t, tc.listed, got, "%s %q", tc.typ, tc.target)
	}
}

func TestQuotedTXTAlsoRemovesTheUnquotedText(t *testing.T) {
	t.Parallel()
	fs, err := filters("a-www", "TXT", `"heritage=external-dns,external-dns/owner=default"`)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.RecordFilter{
		{Name: "a-www", Type: "TXT", Content: `"heritage=external-dns,external-dns/owner=default"`},
		{Name: "a-www", Type: "TXT", Content: `heritage=external-dns,external-dns/owner=default`},
	}, fs)
	for _, target := range []string{`plain`, `"a" "b"`, `"a\"b"`, `""`} {
		fs, err := filters("t", "TXT", target)
		require.NoError(t, err)
		assert.Len(t, fs, 1, "%q is not one quoted string", target)
	}
}
