package unmetereddns

import (
	"context"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/libdns/libdns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

// writeCounts are the writes of one kind of zone by method.
type writeCounts struct{ post, put, del int }

func (e *env) serviceWrites() writeCounts {
	return writeCounts{e.counts(recordRoutes[0:1]), e.counts(recordRoutes[1:2]), e.counts(recordRoutes[2:3])}
}

func (e *env) registrarWrites() writeCounts {
	return writeCounts{e.counts(recordRoutes[3:4]), e.counts(recordRoutes[4:5]), e.counts(recordRoutes[5:6])}
}

func (w writeCounts) minus(o writeCounts) writeCounts {
	return writeCounts{w.post - o.post, w.put - o.put, w.del - o.del}
}

// TestSetRecordsExample1 is libdns's first SetRecords example: the input's RRset replaces the
// zone's, every other RRset stays. One A record is updated in place, the other deleted.
func TestSetRecordsExample1(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	added, err := e.p.AppendRecords(ctx, serviceZone, []libdns.Record{
		libdns.Address{Name: "@", TTL: hour, IP: addr("192.0.2.1")},
		libdns.Address{Name: "@", TTL: hour, IP: addr("192.0.2.2")},
	})
	require.NoError(t, err)
	before := e.get(t, serviceZone)
	w0 := e.serviceWrites()

	set, err := e.p.SetRecords(ctx, serviceZone, []libdns.Record{libdns.Address{Name: "@", TTL: hour, IP: addr("192.0.2.3")}})
	require.NoError(t, err)
	assert.Equal(t, writeCounts{post: 0, put: 1, del: 1}, e.serviceWrites().minus(w0), "an update in place and a deletion")
	require.Len(t, set, 1, "reports only what it set")
	assert.Equal(t, libdns.Address{Name: "@", TTL: hour, IP: addr("192.0.2.3"), ProviderData: added[0].(libdns.Address).ProviderData}, set[0],
		"the first record was updated in place: same id")

	after := e.get(t, serviceZone)
	old := without(rrs(before), added[0].RR(), added[1].RR())
	assert.ElementsMatch(t, append(old, set[0].RR()), rrs(after), "every other record stays")
	// And keeps its id: nothing else was rewritten.
	ids := map[any]bool{}
	for _, r := range before {
		ids[providerData(r)] = true
	}
	for _, r := range after {
		assert.True(t, ids[providerData(r)], "%v keeps its id", r.RR())
	}
}

// TestSetRecordsExample2 is libdns's second example: records already there are kept, the new
// one created; the other name's RRset is untouched.
func TestSetRecordsExample2(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{serviceZone, registrarZone} {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			typ := "AAAA"
			a := func(name, ip string) libdns.Record {
				if zone == registrarZone { // the registrar has no AAAA: the same with A
					typ = "A"
					ip = "192.0.2." + ip[len("2001:db8::"):]
				}
				return libdns.RR{Name: name, TTL: hour, Type: typ, Data: ip}
			}
			_, err := e.p.AppendRecords(ctx, zone, []libdns.Record{
				a("alpha", "2001:db8::1"), a("alpha", "2001:db8::2"), a("beta", "2001:db8::3"), a("beta", "2001:db8::4"),
			})
			require.NoError(t, err)
			before := rrs(e.get(t, zone))
			wr := e.writes()

			set, err := e.p.SetRecords(ctx, zone, []libdns.Record{
				a("alpha", "2001:db8::1"), a("alpha", "2001:db8::2"), a("alpha", "2001:db8::5"),
			})
			require.NoError(t, err)
			assert.Equal(t, 1, e.writes()-wr, "one creation")
			require.Len(t, set, 1)
			assert.IsType(t, libdns.Address{}, set[0])
			want := a("alpha", "2001:db8::5").RR()
			if zone == registrarZone {
				want.TTL = 0 // the registrar takes no TTL
			}
			assert.Equal(t, want, set[0].RR())
			assert.ElementsMatch(t, append(before, want), rrs(e.get(t, zone)))
		})
	}
}

// TestSetRecordsTTL: a TTL-only change is an update in place; a TTL of 0 means no preference.
func TestSetRecordsTTL(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	w0 := e.serviceWrites()
	set, err := e.p.SetRecords(ctx, serviceZone, []libdns.Record{libdns.Address{Name: "qwerty", IP: addr("127.0.0.1")}})
	require.NoError(t, err)
	assert.Empty(t, set, "TTL 0 matches the record's 1800")
	assert.Equal(t, writeCounts{}, e.serviceWrites().minus(w0))

	set, err = e.p.SetRecords(ctx, serviceZone, []libdns.Record{libdns.Address{Name: "qwerty", TTL: time.Minute, IP: addr("127.0.0.1")}})
	require.NoError(t, err)
	assert.Equal(t, []libdns.Record{libdns.Address{Name: "qwerty", TTL: time.Minute, IP: addr("127.0.0.1"), ProviderData: int64(13)}}, set)
	assert.Equal(t, writeCounts{put: 1}, e.serviceWrites().minus(w0))

	set, err = e.p.SetRecords(ctx, serviceZone, []libdns.Record{libdns.Address{Name: "qwerty", IP: addr("192.0.2.9")}})
	require.NoError(t, err)
	assert.Equal(t, []libdns.Record{libdns.Address{Name: "qwerty", TTL: time.Minute, IP: addr("192.0.2.9"), ProviderData: int64(13)}}, set,
		"an update without a TTL keeps the record's")
	assert.Equal(t, writeCounts{put: 2}, e.serviceWrites().minus(w0))
}

// TestSetRecordsSeveralRRsets: several RRsets at once, duplicates in the input counted once;
// the MX is replaced in place, the new TXT name created, the SRV RRset shrunk.
func TestSetRecordsSeveralRRsets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	_, err := e.p.AppendRecords(ctx, serviceZone, []libdns.Record{
		libdns.SRV{Service: "sip", Transport: "tcp", Name: "@", Priority: 20, Weight: 5, Port: 5060, Target: "vc02.booble.com."},
	})
	require.NoError(t, err)
	before := rrs(e.get(t, serviceZone))
	w0 := e.serviceWrites()
	mx := libdns.MX{Name: "@", TTL: hour, Preference: 5, Target: "mx.booble.com."}
	txt := libdns.TXT{Name: "_dmarc", TTL: hour, Text: "v=DMARC1; p=none"}
	srv := libdns.SRV{Service: "sip", Transport: "tcp", Name: "@", TTL: hour, Priority: 10, Weight: 10, Port: 5060, Target: "vc01.booble.com."}
	set, err := e.p.SetRecords(ctx, serviceZone, []libdns.Record{mx, txt, txt, srv})
	require.NoError(t, err)
	assert.Equal(t, writeCounts{post: 1, put: 1, del: 1}, e.serviceWrites().minus(w0))
	assert.ElementsMatch(t, []libdns.RR{txt.RR(), mx.RR()}, rrs(set), "the created and the updated record")

	want := without(before,
		libdns.MX{Name: "@", TTL: hour, Preference: 10, Target: "mail.booble.com."}.RR(),
		libdns.SRV{Service: "sip", Transport: "tcp", Name: "@", TTL: hour, Priority: 20, Weight: 5, Port: 5060, Target: "vc02.booble.com."}.RR())
	assert.ElementsMatch(t, append(want, mx.RR(), txt.RR()), rrs(e.get(t, serviceZone)))
}

// TestSetRecordsRegistrar: in a registrar zone an update goes through the checked write (a
// re-read, then the PUT) and, the request having no TTL, leaves the TTL to the registrar; surplus records are deleted from the
// highest index down, each checked.
func TestSetRecordsRegistrar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	w0 := e.registrarWrites()
	set, err := e.p.SetRecords(ctx, registrarZone, []libdns.Record{libdns.CNAME{Name: "www", TTL: time.Minute, Target: "web.example.net."}})
	require.NoError(t, err)
	assert.Equal(t, []libdns.Record{libdns.CNAME{Name: "www", Target: "web.example.net."}}, set,
		"written without a TTL: the registrar's default")
	assert.Equal(t, set[0], e.get(t, registrarZone)[2], "as the registrar lists it")
	assert.Equal(t, writeCounts{put: 1}, e.registrarWrites().minus(w0))

	_, err = e.p.AppendRecords(ctx, registrarZone, []libdns.Record{
		libdns.Address{Name: "test", IP: addr("192.0.2.1")}, libdns.TXT{Name: "keep", Text: "me"},
		libdns.Address{Name: "test", IP: addr("192.0.2.2")},
	})
	require.NoError(t, err)
	before := rrs(e.get(t, registrarZone))
	w1 := e.registrarWrites()
	set, err = e.p.SetRecords(ctx, registrarZone, []libdns.Record{libdns.Address{Name: "test", IP: addr("192.0.2.2")}})
	require.NoError(t, err)
	assert.Empty(t, set, "the record wanted is there already")
	assert.Equal(t, writeCounts{del: 2}, e.registrarWrites().minus(w1))
	assert.ElementsMatch(t, without(before,
		libdns.Address{Name: "test", IP: addr("100.100.10.1")}.RR(), libdns.Address{Name: "test", IP: addr("192.0.2.1")}.RR()),
		rrs(e.get(t, registrarZone)))
}

func TestDeleteRecordsMatching(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	_, err := e.p.AppendRecords(ctx, serviceZone, []libdns.Record{
		libdns.TXT{Name: "@", TTL: time.Minute, Text: "second"},
		libdns.TXT{Name: "www", Text: "other name"},
		libdns.Address{Name: "www", TTL: time.Minute, IP: addr("192.0.2.1")},
		libdns.Address{Name: "www", TTL: time.Minute, IP: addr("192.0.2.2")},
	})
	require.NoError(t, err)
	all := rrs(e.get(t, serviceZone))

	del := func(recs ...libdns.Record) []libdns.RR {
		t.Helper()
		got, err := e.p.DeleteRecords(ctx, serviceZone, recs)
		require.NoError(t, err)
		return rrs(got)
	}
	spf := libdns.TXT{Name: "@", TTL: hour, Text: "v=spf1 mx -all"}.RR()
	second := libdns.TXT{Name: "@", TTL: time.Minute, Text: "second"}.RR()

	assert.Empty(t, del(libdns.TXT{Name: "@", Text: "nowhere"}), "no such value: nothing")
	assert.Empty(t, del(libdns.TXT{Name: "@", TTL: 2 * time.Minute, Text: "second"}), "another TTL: nothing")
	assert.Empty(t, del(libdns.TXT{Name: "nobody"}), "no such name: nothing")
	assert.Empty(t, del(libdns.RR{Name: "@", Type: "SOA"}), "never the SOA")
	assert.Equal(t, all, rrs(e.get(t, serviceZone)))

	assert.Equal(t, []libdns.RR{second}, del(libdns.TXT{Name: "@", TTL: time.Minute, Text: "second"}), "name, type, TTL and value")
	assert.Equal(t, []libdns.RR{spf}, del(libdns.TXT{Name: "@"}), "no value and no TTL: any")
	assert.Equal(t, []libdns.RR{{Name: "www", TTL: time.Minute, Type: "A", Data: "192.0.2.2"}},
		del(libdns.RR{Name: "WWW", Data: "192.0.2.2"}), "no type: a record of any type with that value")
	mx := libdns.MX{Name: "@", TTL: hour, Preference: 10, Target: "mail.booble.com."}.RR()
	srv := libdns.SRV{Service: "sip", Transport: "tcp", Name: "@", TTL: hour, Priority: 10, Weight: 10, Port: 5060, Target: "vc01.booble.com."}.RR()
	assert.Equal(t, []libdns.RR{mx, srv}, del(libdns.MX{Name: "@"}, libdns.SRV{Service: "sip", Transport: "tcp", Name: "@"}),
		"libdns's empty structs match any value")
	assert.Equal(t, []libdns.RR{{Name: "www", TTL: time.Minute, Type: "A", Data: "192.0.2.1"}, {Name: "www", TTL: hour, Type: "TXT", Data: "other name"}},
		del(libdns.RR{Name: "www"}), "a name alone: all its records")
	assert.Equal(t, without(all, second, spf, mx, srv,
		libdns.RR{Name: "www", TTL: time.Minute, Type: "A", Data: "192.0.2.1"},
		libdns.RR{Name: "www", TTL: time.Minute, Type: "A", Data: "192.0.2.2"},
		libdns.RR{Name: "www", TTL: hour, Type: "TXT", Data: "other name"}), rrs(e.get(t, serviceZone)), "nothing else")

	_, err = e.p.DeleteRecords(ctx, serviceZone, []libdns.Record{libdns.TXT{Text: "x"}})
	assert.ErrorContains(t, err, "zone booble.com.: record 0 ( TXT \"x\"): unmetered: invalid argument: the record has no name")
	_, err = e.p.DeleteRecords(ctx, serviceZone, []libdns.Record{libdns.RR{Name: "x", Type: "A", Data: "nonsense"}})
	assert.ErrorContains(t, err, "is not an IPv4 address")
}

// TestDeleteRecordsRegistrar: the same matching in a registrar zone, whose records take no
// TTL (a TTL given is not compared); several deletions in one call each hit their record
// although every one shifts the indexes after it.
func TestDeleteRecordsRegistrar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	appended, err := e.p.AppendRecords(ctx, registrarZone, []libdns.Record{
		libdns.TXT{Name: "_acme-challenge", Text: "a"}, libdns.TXT{Name: "_acme-challenge", Text: "b"},
		libdns.TXT{Name: "_acme-challenge", Text: "c"}, libdns.TXT{Name: "keep", Text: "me"},
	})
	require.NoError(t, err)
	got, err := e.p.DeleteRecords(ctx, registrarZone, []libdns.Record{libdns.Address{Name: "test", TTL: 5 * time.Minute, IP: addr("100.100.10.1")}})
	require.NoError(t, err)
	assert.Equal(t, []libdns.Record{libdns.Address{Name: "test", IP: addr("100.100.10.1")}}, got, "the TTL given is not compared")

	got, err = e.p.DeleteRecords(ctx, registrarZone, []libdns.Record{libdns.TXT{Name: "_acme-challenge"}, libdns.CNAME{Name: "www"}})
	require.NoError(t, err)
	assert.ElementsMatch(t, []libdns.RR{
		appended[0].RR(), appended[1].RR(), appended[2].RR(), libdns.CNAME{Name: "www", TTL: hour, Target: "testname.com."}.RR(),
	}, rrs(got))
	assert.Equal(t, []libdns.Record{
		libdns.MX{Name: "@", TTL: hour, Preference: 10, Target: "mail.testname.com."}, libdns.TXT{Name: "keep", Text: "me"},
	}, e.get(t, registrarZone))
}

// TestAppendRecordsNeverChanges: appending adds records beside those of the RRset; a value
// the RRset already holds is not added again (whatever its TTL) and nothing there is changed
// or deleted: it is returned as the zone holds it.
func TestAppendRecordsNeverChanges(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{serviceZone, registrarZone} {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			before := e.get(t, zone)
			wr := e.writes()
			got, err := e.p.AppendRecords(ctx, zone, []libdns.Record{libdns.TXT{Name: "@", TTL: hour, Text: "hello"}})
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, 1, e.writes()-wr)
			after := e.get(t, zone)
			assert.ElementsMatch(t, append(before, got[0]), after)

			for _, again := range []libdns.Record{
				libdns.TXT{Name: "@", TTL: hour, Text: "hello"},
				libdns.TXT{Name: "@", TTL: time.Minute, Text: "hello"},
			} {
				same, err := e.p.AppendRecords(ctx, zone, []libdns.Record{again})
				require.NoError(t, err)
				assert.Equal(t, got, same, "the RRset holds the value already (RFC 2181 section 5): returned as stored")
			}
			assert.Equal(t, 1, e.writes()-wr, "nothing written, nothing changed")
			assert.Equal(t, after, e.get(t, zone))

			none, err := e.p.AppendRecords(ctx, zone, nil)
			require.NoError(t, err)
			assert.Empty(t, none)
		})
	}
}

// TestAppendRecordsValueAlreadyThere: the same ACME challenge presented twice (Caddy crashed
// before its cleanup, and the CA reuses the pending authorization, so the TXT value is the
// same) gives one record each time, with that value, as certmagic requires of
// AppendRecords; the zone holds it once. One record comes back per record given, in the
// input's order, also when some are new and some already there, or one is given twice.
func TestAppendRecordsValueAlreadyThere(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{serviceZone, registrarZone} {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			challenge := libdns.TXT{Name: "_acme-challenge", TTL: time.Minute, Text: "the-same-key-authorization"}
			first, err := e.p.AppendRecords(ctx, zone, []libdns.Record{challenge})
			require.NoError(t, err)
			require.Len(t, first, 1)
			wr := e.writes()
			again, err := e.p.AppendRecords(ctx, zone, []libdns.Record{challenge})
			require.NoError(t, err)
			require.Len(t, again, 1, "certmagic fails unless it gets exactly one record")
			assert.Equal(t, "the-same-key-authorization", again[0].(libdns.TXT).Text)
			assert.Equal(t, first, again, "the record as the zone holds it (its id, in a DNS-service zone)")
			assert.Equal(t, wr, e.writes(), "nothing written")
			assert.Len(t, withName(e.get(t, zone), "_acme-challenge"), 1, "the zone holds the value once")

			// Mixed: the value already there, a new one, and the new one again.
			fresh := libdns.TXT{Name: "_acme-challenge", Text: "another"}
			got, err := e.p.AppendRecords(ctx, zone, []libdns.Record{challenge, fresh, fresh})
			require.NoError(t, err)
			require.Len(t, got, 3, "one record per record given")
			assert.Equal(t, first[0], got[0])
			assert.Equal(t, "another", got[1].(libdns.TXT).Text)
			assert.Equal(t, got[1], got[2])
			assert.Equal(t, 1, e.writes()-wr, "one creation")
			assert.Len(t, withName(e.get(t, zone), "_acme-challenge"), 2)

			// certmagic's cleanup deletes the record it was given: the challenge goes.
			deleted, err := e.p.DeleteRecords(ctx, zone, again)
			require.NoError(t, err)
			assert.Len(t, deleted, 1)
			assert.Len(t, withName(e.get(t, zone), "_acme-challenge"), 1)
		})
	}
}

// writesSince are the record writes the fake answered since the request log held from
// requests, by method, in order.
func (e *env) writesSince(from int) []string {
	routes := map[string]bool{}
	for _, rt := range recordRoutes {
		routes[rt[0]+" "+rt[1]] = true
	}
	var out []string
	for _, r := range e.srv.Requests()[from:] {
		if r.Status != http.StatusTooManyRequests && routes[r.Method+" "+r.Route] {
			out = append(out, r.Method)
		}
	}
	return out
}

// TestSetRecordsReplacesACNAME: SetRecords of a CNAME replaces the other records at its name,
// and SetRecords of other records replaces a CNAME at theirs (libdns lets a provider choose
// this); the records in the way are deleted first, as a server that enforces RFC 1034
// section 3.6.2 (the fake, PowerDNS) refuses a record beside a CNAME. Only what was set is
// returned.
func TestSetRecordsReplacesACNAME(t *testing.T) {
	t.Parallel()
	for zone, name := range map[string]string{serviceZone: "qwerty", registrarZone: "test"} {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			others := without(rrs(e.get(t, zone)), rrs(withName(e.get(t, zone), name))...)
			from := len(e.srv.Requests())
			cname := libdns.CNAME{Name: name, TTL: hour, Target: "web.example.net."}
			set, err := e.p.SetRecords(ctx, zone, []libdns.Record{cname})
			require.NoError(t, err)
			require.Len(t, set, 1)
			assert.Equal(t, cname.RR().Data, set[0].RR().Data)
			assert.Equal(t, []libdns.RR{{Name: name, Type: "CNAME", Data: "web.example.net."}}, dropTTL(rrs(withName(e.get(t, zone), name))))
			assert.Equal(t, []string{"DELETE", "POST"}, e.writesSince(from), "the A record goes before the CNAME comes")

			from = len(e.srv.Requests())
			set, err = e.p.SetRecords(ctx, zone, []libdns.Record{
				libdns.Address{Name: name, TTL: hour, IP: addr("192.0.2.7")},
				libdns.TXT{Name: name, TTL: hour, Text: "back"},
			})
			require.NoError(t, err)
			assert.Len(t, set, 2)
			assert.Equal(t, []libdns.RR{
				{Name: name, Type: "A", Data: "192.0.2.7"},
				{Name: name, Type: "TXT", Data: "back"},
			}, dropTTL(rrs(withName(e.get(t, zone), name))))
			assert.Equal(t, []string{"DELETE", "POST", "POST"}, e.writesSince(from), "the CNAME goes before the others come")
			assert.Equal(t, others, without(rrs(e.get(t, zone)), rrs(withName(e.get(t, zone), name))...), "nothing else changed")
		})
	}
}

// dropTTL leaves the TTLs out (the registrar's records take none).
func dropTTL(recs []libdns.RR) []libdns.RR {
	for i := range recs {
		recs[i].TTL = 0
	}
	return recs
}

// TestAppendRecordsRefusesCNAMEConflicts: a CNAME beside other records, or other records
// beside a CNAME, is refused before anything is sent (libdns leaves providers the choice).
func TestAppendRecordsRefusesCNAMEConflicts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	wr := e.writes()
	_, err := e.p.AppendRecords(ctx, serviceZone, []libdns.Record{libdns.CNAME{Name: "qwerty", Target: "web.example.net."}})
	assert.ErrorIs(t, err, unmetered.ErrInvalidArgument)
	var conflict *unmetered.CNAMEConflictError
	assert.ErrorAs(t, err, &conflict)
	assert.ErrorContains(t, err, `unmetereddns: zone booble.com.: unmetered: invalid argument: zone booble.com: a CNAME must be the only record at its name`)
	_, err = e.p.AppendRecords(ctx, registrarZone, []libdns.Record{libdns.TXT{Name: "www", Text: "beside the CNAME"}})
	assert.ErrorAs(t, err, &conflict)
	_, err = e.p.SetRecords(ctx, serviceZone, []libdns.Record{libdns.CNAME{Name: "@", Target: "web.example.net."}})
	assert.ErrorAs(t, err, &conflict)
	assert.Equal(t, 0, e.writes()-wr)
}

// TestAppendRecordsPartialFailure: when the server refuses one record, those created before
// it are returned with the error, which names the record; nothing after it is sent.
func TestAppendRecordsPartialFailure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	// The fake, like a real server, refuses a target without a dot; the SDK cannot know that.
	got, err := e.p.AppendRecords(ctx, serviceZone, []libdns.Record{
		libdns.TXT{Name: "first", Text: "created"},
		libdns.CNAME{Name: "second", Target: "localhost"},
		libdns.TXT{Name: "third", Text: "never sent"},
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unmetereddns: zone booble.com.: unmetered: applied 1 of 3 changes to booble.com, 1 failed, 1 not sent: create second CNAME ttl=default "localhost.": `)
	require.Len(t, got, 1)
	assert.Equal(t, libdns.TXT{Name: "first", TTL: hour, Text: "created"}.RR(), got[0].RR())
	assert.NotNil(t, got[0].(libdns.TXT).ProviderData)
	assert.Equal(t, 2, e.serviceWrites().post)
	assert.Len(t, withName(e.get(t, serviceZone), "third"), 0)
}

// TestAppendRecordsReadBackFails: the records were created but reading the zone back for
// their ids failed: that is no failure of the call (the records exist; a caller retrying would
// create them twice). They are returned as sent, without ids.
func TestAppendRecordsReadBackFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	readBackFails := func() {
		e.srv.Fail("GET", "/service/@service_id/dns/@zone_id", unmeteredtest.Fault{}) // the read that plans
		e.srv.Fail("GET", "/service/@service_id/dns/@zone_id", unmeteredtest.Fault{Status: 500})
	}
	readBackFails()
	got, err := e.p.AppendRecords(ctx, serviceZone, []libdns.Record{libdns.TXT{Name: "_acme-challenge", TTL: time.Minute, Text: "token"}})
	require.NoError(t, err)
	assert.Equal(t, []libdns.Record{libdns.TXT{Name: "_acme-challenge", TTL: time.Minute, Text: "token"}}, got)
	assert.Len(t, withName(e.get(t, serviceZone), "_acme-challenge"), 1)

	// Both at once: a refused record and a failed read back. The error is the refusal; the
	// record created before it is returned.
	readBackFails()
	got, err = e.p.AppendRecords(ctx, serviceZone, []libdns.Record{
		libdns.TXT{Name: "ok", Text: "created"}, libdns.CNAME{Name: "bad", Target: "localhost"},
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `applied 1 of 2 changes to booble.com, 1 failed: create bad CNAME ttl=default "localhost."`)
	assert.NotContains(t, err.Error(), "500", "the read-back failure is not the error")
	assert.Equal(t, []libdns.Record{libdns.TXT{Name: "ok", Text: "created"}}, got)
}
