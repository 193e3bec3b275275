package unmetereddns

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/libdns/libdns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/internal/charstring"
)

const hour = time.Hour

// TestGetRecordsServiceZone: the seeded zone as the real server lists it (absolute names,
// targets without dots, quoted TXT, SRV as an array) comes out as libdns's typed structs, in
// the server's order, without the SOA, each with its id.
func TestGetRecordsServiceZone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	recs := e.get(t, serviceZone)
	assert.Equal(t, []libdns.Record{
		libdns.NS{Name: "@", TTL: hour, Target: "ns1.unmetered.management.", ProviderData: int64(11)},
		libdns.NS{Name: "@", TTL: hour, Target: "ns2.unmetered.management.", ProviderData: int64(12)},
		libdns.Address{Name: "qwerty", TTL: 30 * time.Minute, IP: netip.MustParseAddr("127.0.0.1"), ProviderData: int64(13)},
		libdns.MX{Name: "@", TTL: hour, Preference: 10, Target: "mail.booble.com.", ProviderData: int64(14)},
		libdns.SRV{Service: "sip", Transport: "tcp", Name: "@", TTL: hour, Priority: 10, Weight: 10, Port: 5060,
			Target: "vc01.booble.com.", ProviderData: int64(15)},
		libdns.TXT{Name: "@", TTL: hour, Text: "v=spf1 mx -all", ProviderData: int64(16)},
	}, recs)
	assert.Equal(t, 2, e.reads(), "GET /dns and the zone")
}

// TestGetRecordsRegistrarZone: the registrar's records map the same way, without ids.
func TestGetRecordsRegistrarZone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	recs := e.get(t, registrarZone)
	assert.Equal(t, []libdns.Record{
		libdns.Address{Name: "test", IP: netip.MustParseAddr("100.100.10.1")},
		libdns.MX{Name: "@", TTL: hour, Preference: 10, Target: "mail.testname.com."},
		libdns.CNAME{Name: "www", TTL: hour, Target: "testname.com."},
	}, recs)
	assert.Equal(t, 3, e.reads(), "GET /dns, the domain by name and its records")
}

// TestEveryServiceType: each record type the DNS service accepts, at the apex, below it and
// under wildcards, goes in as a libdns struct, comes back as stored, is found again, survives
// SetRecords unchanged without a write, and is deleted exactly.
func TestEveryServiceType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	before := rrs(e.get(t, serviceZone))
	in := []libdns.Record{
		libdns.Address{Name: "@", TTL: 5 * time.Minute, IP: netip.MustParseAddr("192.0.2.1")},
		libdns.Address{Name: "v6", TTL: 300500 * time.Millisecond, IP: netip.MustParseAddr("2001:DB8::0:1")},
		libdns.Address{Name: "*", IP: netip.MustParseAddr("192.0.2.2")},
		libdns.Address{Name: "*.Dev", IP: netip.MustParseAddr("192.0.2.3")},
		libdns.CNAME{Name: "www", Target: "booble.com."},
		libdns.CNAME{Name: "alias", Target: "Target.Example.NET"},
		libdns.MX{Name: "@", Preference: 20, Target: "mx2.booble.com."},
		libdns.NS{Name: "sub", Target: "ns1.other.example."},
		libdns.TXT{Name: "@", Text: "google-site-verification=abc"},
		libdns.SRV{Service: "xmpp", Transport: "tcp", Name: "@", Priority: 5, Port: 5222, Target: "xmpp.booble.com."},
		libdns.SRV{Service: "sip", Transport: "udp", Name: "voice", Priority: 1, Weight: 2, Port: 5060, Target: "sip.booble.com."},
		libdns.CAA{Name: "@", Tag: "issue", Value: "letsencrypt.org"},
		libdns.CAA{Name: "@", Flags: 128, Tag: "iodef", Value: "mailto:security@booble.com"},
		libdns.RR{Name: "1.2", Type: "PTR", Data: "host.booble.com."},
		libdns.RR{Name: "_acme-challenge.Www.booble.com.", Type: "txt", Data: "absolute name, lower-case type"},
	}
	want := []libdns.Record{
		libdns.Address{Name: "@", TTL: 5 * time.Minute, IP: netip.MustParseAddr("192.0.2.1")},
		libdns.Address{Name: "v6", TTL: 300 * time.Second, IP: netip.MustParseAddr("2001:db8::1")},
		libdns.Address{Name: "*", TTL: hour, IP: netip.MustParseAddr("192.0.2.2")},
		libdns.Address{Name: "*.dev", TTL: hour, IP: netip.MustParseAddr("192.0.2.3")},
		libdns.CNAME{Name: "www", TTL: hour, Target: "booble.com."},
		libdns.CNAME{Name: "alias", TTL: hour, Target: "target.example.net."},
		libdns.MX{Name: "@", TTL: hour, Preference: 20, Target: "mx2.booble.com."},
		libdns.NS{Name: "sub", TTL: hour, Target: "ns1.other.example."},
		libdns.TXT{Name: "@", TTL: hour, Text: "google-site-verification=abc"},
		libdns.SRV{Service: "xmpp", Transport: "tcp", Name: "@", TTL: hour, Priority: 5, Port: 5222, Target: "xmpp.booble.com."},
		libdns.SRV{Service: "sip", Transport: "udp", Name: "voice", TTL: hour, Priority: 1, Weight: 2, Port: 5060, Target: "sip.booble.com."},
		libdns.CAA{Name: "@", TTL: hour, Tag: "issue", Value: "letsencrypt.org"},
		libdns.CAA{Name: "@", TTL: hour, Flags: 128, Tag: "iodef", Value: "mailto:security@booble.com"},
		libdns.RR{Name: "1.2", TTL: hour, Type: "PTR", Data: "host.booble.com."},
		libdns.TXT{Name: "_acme-challenge.www", TTL: hour, Text: "absolute name, lower-case type"},
	}
	got, err := e.p.AppendRecords(ctx, serviceZone, in)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	ids := map[int64]bool{}
	for i := range want {
		assert.Equal(t, want[i].RR(), got[i].RR(), "record %d", i)
		assert.IsType(t, want[i], got[i], "record %d: libdns's struct for the type", i)
		if _, isRR := got[i].(libdns.RR); isRR {
			continue // libdns.RR has no ProviderData
		}
		if id, ok := providerData(got[i]).(int64); assert.True(t, ok, "record %d has its id", i) {
			assert.False(t, ids[id], "record %d: a new id", i)
			ids[id] = true
		}
	}
	assert.Equal(t, len(in), e.counts(recordRoutes[:1]), "one POST per record")

	all := e.get(t, serviceZone)
	assert.ElementsMatch(t, append(append([]libdns.RR(nil), before...), rrs(want)...), rrs(all), describeAll(rrs(all)))

	writes := e.writes()
	set, err := e.p.SetRecords(ctx, serviceZone, all)
	require.NoError(t, err)
	assert.Empty(t, set, "nothing changed, nothing reported")
	assert.Equal(t, writes, e.writes(), "SetRecords(GetRecords()) writes nothing")

	deleted, err := e.p.DeleteRecords(ctx, serviceZone, got)
	require.NoError(t, err)
	assert.ElementsMatch(t, rrs(want), rrs(deleted))
	assert.Equal(t, before, rrs(e.get(t, serviceZone)), "the zone is as it was")
}

// providerData returns a record's ProviderData, or nil.
func providerData(r libdns.Record) any {
	switch v := r.(type) {
	case libdns.Address:
		return v.ProviderData
	case libdns.TXT:
		return v.ProviderData
	case libdns.CNAME:
		return v.ProviderData
	case libdns.MX:
		return v.ProviderData
	case libdns.SRV:
		return v.ProviderData
	case libdns.CAA:
		return v.ProviderData
	case libdns.NS:
		return v.ProviderData
	}
	return nil
}

// TestEveryRegistrarType: the registrar's types (A, CNAME, MX, TXT, and URL, FRAME and MXE
// as libdns.RR) round-trip the same way. Its records take no TTL and carry no id.
func TestEveryRegistrarType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	before := rrs(e.get(t, registrarZone))
	in := []libdns.Record{
		libdns.Address{Name: "@", TTL: 5 * time.Minute, IP: netip.MustParseAddr("192.0.2.1")},
		libdns.Address{Name: "*", IP: netip.MustParseAddr("192.0.2.2")},
		libdns.CNAME{Name: "blog", Target: "Blogs.Example.NET"},
		libdns.MX{Name: "@", Preference: 20, Target: "mx2.testname.com."},
		libdns.TXT{Name: "_acme-challenge", Text: "token"},
		libdns.RR{Name: "go", Type: "URL", Data: "https://example.net/landing?a=1"},
		libdns.RR{Name: "framed", Type: "frame", Data: "https://example.net/"},
		libdns.RR{Name: "mail2", Type: "MXE", Data: "30 192.0.2.25"},
	}
	want := []libdns.Record{
		libdns.Address{Name: "@", IP: netip.MustParseAddr("192.0.2.1")},
		libdns.Address{Name: "*", IP: netip.MustParseAddr("192.0.2.2")},
		libdns.CNAME{Name: "blog", Target: "blogs.example.net."},
		libdns.MX{Name: "@", Preference: 20, Target: "mx2.testname.com."},
		libdns.TXT{Name: "_acme-challenge", Text: "token"},
		libdns.RR{Name: "go", Type: "URL", Data: "https://example.net/landing?a=1"},
		libdns.RR{Name: "framed", Type: "FRAME", Data: "https://example.net/"},
		libdns.RR{Name: "mail2", Type: "MXE", Data: "30 192.0.2.25"},
	}
	got, err := e.p.AppendRecords(ctx, registrarZone, in)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// As the registrar holds them: relative names, targets without the dot.
	listed, err := e.c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	require.Len(t, listed, 3+len(in))
	assert.Equal(t, "blogs.example.net", listed[5].Content)
	assert.Equal(t, unmetered.DomainDNSRecordType("MXE"), listed[10].Type)
	assert.Equal(t, int64(30), listed[10].Priority)
	assert.Equal(t, "192.0.2.25", listed[10].Content)

	all := e.get(t, registrarZone)
	assert.ElementsMatch(t, append(append([]libdns.RR(nil), before...), rrs(want)...), rrs(all))

	writes := e.writes()
	set, err := e.p.SetRecords(ctx, registrarZone, all)
	require.NoError(t, err)
	assert.Empty(t, set)
	assert.Equal(t, writes, e.writes(), "SetRecords(GetRecords()) writes nothing")

	deleted, err := e.p.DeleteRecords(ctx, registrarZone, got)
	require.NoError(t, err)
	assert.ElementsMatch(t, rrs(want), rrs(deleted))
	assert.Equal(t, before, rrs(e.get(t, registrarZone)))
}

// TestRegistrarRefusesType: a type the registrar does not take is its error, naming the zone
// and the record; nothing was created.
func TestRegistrarRefusesType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.p.AppendRecords(context.Background(), registrarZone, []libdns.Record{
		libdns.Address{Name: "v6", IP: netip.MustParseAddr("2001:db8::1")},
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `zone testname.com.: creating v6 AAAA "2001:db8::1"`)
	assert.Contains(t, err.Error(), "type must be one of")
	assert.False(t, unmetered.MaybeApplied(err))
	assert.Len(t, e.get(t, registrarZone), 3)
}

// txtValues are TXT texts that need care: spaces, quotes and backslashes, a leading quote,
// surrounding spaces, and values over 255 bytes, which DNS carries as several strings.
var txtValues = []string{
	"with spaces in it",
	`say "hi" and \ backslash`,
	`"starts with a quote" and goes on`,
	`"entirely quoted"`,
	"  surrounding spaces  ",
	strings.Repeat("x", 300) + " end",
	"v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", 20),
	"ünïcödé " + strings.Repeat("é", 200),
}

func TestTXTValues(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{serviceZone, registrarZone} {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			in := make([]libdns.Record, len(txtValues))
			for i, v := range txtValues {
				in[i] = libdns.TXT{Name: "txt", Text: v}
			}
			got, err := e.p.AppendRecords(ctx, zone, in)
			require.NoError(t, err)
			require.Len(t, got, len(in))
			for i, r := range got {
				assert.Equal(t, txtValues[i], r.(libdns.TXT).Text, "as returned")
			}
			var texts []string
			for _, r := range withName(e.get(t, zone), "txt") {
				texts = append(texts, r.(libdns.TXT).Text)
			}
			assert.ElementsMatch(t, txtValues, texts, "as listed")

			writes := e.writes()
			set, err := e.p.SetRecords(ctx, zone, in)
			require.NoError(t, err)
			assert.Empty(t, set)
			assert.Equal(t, writes, e.writes(), "the same texts are not written again")

			for _, v := range txtValues {
				deleted, err := e.p.DeleteRecords(ctx, zone, []libdns.Record{libdns.TXT{Name: "txt", Text: v}})
				require.NoError(t, err)
				require.Len(t, deleted, 1, "%q deletes exactly its record", v)
				assert.Equal(t, v, deleted[0].(libdns.TXT).Text)
			}
			assert.Empty(t, withName(e.get(t, zone), "txt"))
		})
	}
}

// TestInvalidRecords: a record that cannot be written is an error naming the zone and the
// record, before anything is sent.
func TestInvalidRecords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for _, tc := range []struct {
		rec  libdns.Record
		want string
	}{
		{libdns.RR{Name: "www", Type: "A", Data: "not-an-ip"}, `record 1 (www A "not-an-ip")`},
		{libdns.RR{Name: "www", Type: "A", Data: "2001:db8::1"}, "is not an IPv4 address"},
		{libdns.RR{Name: "", Type: "TXT", Data: "x"}, `the record has no name; the zone's apex is "@"`},
		{libdns.RR{Name: "x", Type: "", Data: "x"}, "the record has no type"},
		{libdns.RR{Name: "x", Type: "MX", Data: "mail.booble.com."}, `is not "preference target"`},
		{libdns.RR{Name: "x", Type: "MX", Data: "70000 mail.booble.com."}, "preference is not from 0 to 65535"},
		{libdns.RR{Name: "_x._tcp", Type: "SRV", Data: "1 2 target."}, `is not "priority weight port target"`},
		{libdns.RR{Name: "www.other.example.", Type: "TXT", Data: "x"}, "is not in the zone booble.com"},
		{libdns.RR{Name: "@", Type: "SOA", Data: "ns1. host. 1 2 3 4 5"}, "the SOA record is the server's"},
		{libdns.TXT{Name: "x", TTL: -time.Second, Text: "x"}, "TTL -1s is negative"},
		{libdns.TXT{Name: "x", Text: ""}, "Content is required"},
		{nil, "a nil record"},
	} {
		recs := []libdns.Record{libdns.TXT{Name: "fine", Text: "fine"}, tc.rec}
		for method, call := range map[string]func() error{
			"AppendRecords": func() error { _, err := e.p.AppendRecords(ctx, serviceZone, recs); return err },
			"SetRecords":    func() error { _, err := e.p.SetRecords(ctx, serviceZone, recs); return err },
		} {
			err := call()
			require.Error(t, err, "%s %v", method, tc.rec)
			assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, method)
			assert.Contains(t, err.Error(), "unmetereddns: zone booble.com.: record 1", method)
			assert.Contains(t, err.Error(), tc.want, method)
		}
	}
	assert.Zero(t, e.writes(), "nothing sent")
	assert.Zero(t, e.srv.Count("GET", "/service/@service_id/dns/@zone_id"), "not even the zone read")
}

// TestRegistrarTXTForms: the registrar's TXT content is read unquoted when it is quoted
// character-strings (as the DNS service lists TXT), and text that would read as such is sent
// quoted, so that every text round-trips.
func TestRegistrarTXTForms(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`plain text`:             `plain text`,
		`"v=spf1 -all"`:          `v=spf1 -all`,
		` "part one" "part two"`: `part onepart two`,
		`"esc\"aped\\ \065"`:     `esc"aped\ A`,
		`"unterminated`:          `"unterminated`,
		`"a" bare`:               `abare`, // a quoted string and a bare one, as in a zone file
		`"bad \999 escape"`:      `"bad \999 escape"`,
		`"trailing \`:            `"trailing \`,
		`""`:                     ``,
	} {
		assert.Equal(t, want, charstring.Unquote(in), in)
	}
	for _, text := range []string{`"quoted"`, `"a" "b"`, `say "hi"`, `\"`, `plain`} {
		sent := registrarRequest(record{Name: "x", Type: "TXT", Content: text}).Content
		assert.Equal(t, text, charstring.Unquote(sent), "%q sent as %q", text, sent)
	}

	e := newEnv(t)
	require.NoError(t, e.c.Domains.CreateDNSRecord(context.Background(), 47, unmetered.DomainDNSRecordRequest{
		Name: "TestName.com.", Type: "TXT", Content: `"v=spf1 include:_spf.example.net -all"`,
	}))
	assert.Equal(t, libdns.TXT{Name: "@", Text: "v=spf1 include:_spf.example.net -all"}, withName(e.get(t, registrarZone), "@")[1],
		"an absolute name and quoted text, as another client may have written them")
}
