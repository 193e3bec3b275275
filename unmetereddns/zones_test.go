package unmetereddns

import (
	"context"
	"testing"

	"github.com/libdns/libdns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
)

// TestZoneFor: the zone of a name is the longest suffix among the DNS-service zones and the
// Active domains, at a label boundary; the relative name goes straight into a libdns record.
func TestZoneFor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	_, err := e.c.DNS.CreateZone(ctx, 10, "dev.booble.com")
	require.NoError(t, err)
	for name, want := range map[string][2]string{
		"booble.com":                           {"booble.com.", "@"},
		"_acme-challenge.WWW.Booble.com.":      {"booble.com.", "_acme-challenge.www"},
		"_acme-challenge.api.dev.booble.com":   {"dev.booble.com.", "_acme-challenge.api"},
		"*.dev.booble.com.":                    {"dev.booble.com.", "*"},
		"xdev.booble.com":                      {"booble.com.", "xdev"},
		"_acme-challenge.testname.com":         {"testname.com.", "_acme-challenge"},
		"deep.below.the.apex.of.testname.com.": {"testname.com.", "deep.below.the.apex.of"},
	} {
		zone, rel, err := e.p.ZoneFor(ctx, name)
		require.NoError(t, err, name)
		assert.Equal(t, want, [2]string{zone, rel}, name)
	}
	for _, name := range []string{"notbooble.com", "booble.org.", "com"} {
		_, _, err := e.p.ZoneFor(ctx, name)
		assert.ErrorIs(t, err, unmetered.ErrNotFound, name)
	}
	reads := e.reads()
	for _, name := range []string{"", ".", "a..booble.com"} {
		_, _, err := e.p.ZoneFor(ctx, name)
		assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, "%q", name)
	}
	assert.Equal(t, reads, e.reads(), "nothing sent for a bad name")

	// What ZoneFor returns is what the other methods take.
	zone, rel, err := e.p.ZoneFor(ctx, "_acme-challenge.www.booble.com")
	require.NoError(t, err)
	got, err := e.p.AppendRecords(ctx, zone, []libdns.Record{libdns.TXT{Name: rel, Text: "token"}})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Len(t, withName(e.get(t, serviceZone), "_acme-challenge.www"), 1)

	_, _, err = (&Provider{}).ZoneFor(ctx, "booble.com")
	assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, "no credentials")
}

// TestRecordsGoToTheZoneThatHoldsThem: a record goes to the account's zone that holds its
// absolute name (its name plus the zone the caller gave), the longest suffix, whatever zone
// the caller gave; it comes back named relative to the zone the caller gave.
func TestRecordsGoToTheZoneThatHoldsThem(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sub, err := e.c.DNS.CreateZone(ctx, 10, "dev.booble.com") // a delegated sub-zone
	require.NoError(t, err)
	parent := e.get(t, serviceZone)
	subBefore := e.get(t, "dev.booble.com.")
	inZone := func(zone, name string) []libdns.Record { return withName(e.get(t, zone), name) }

	t.Run("the parent zone given for a name in the sub-zone", func(t *testing.T) {
		challenge := libdns.TXT{Name: "_acme-challenge.api.dev", TTL: hour, Text: "parent-given"}
		got, err := e.p.AppendRecords(ctx, serviceZone, []libdns.Record{challenge})
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, challenge.RR(), got[0].RR(), "named relative to the zone given")
		assert.Len(t, inZone("dev.booble.com.", "_acme-challenge.api"), 1, "written into the sub-zone, where DNS serves it")
		assert.Equal(t, parent, e.get(t, serviceZone), "not into the parent")

		deleted, err := e.p.DeleteRecords(ctx, serviceZone, got)
		require.NoError(t, err)
		assert.Equal(t, rrs(got), rrs(deleted))
		assert.Equal(t, subBefore, e.get(t, "dev.booble.com."))
	})

	t.Run("a zone the account does not have, as split-horizon DNS gives certmagic", func(t *testing.T) {
		// certmagic's createRecord: the zone from an SOA lookup, the name relative to it.
		zone := "www.booble.com."
		rr := libdns.RR{Type: "TXT", Name: libdns.RelativeName("_acme-challenge.www.booble.com.", zone), Data: "split-horizon"}
		require.Equal(t, "_acme-challenge", rr.Name)
		got, err := e.p.AppendRecords(ctx, zone, []libdns.Record{rr})
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, "_acme-challenge", got[0].RR().Name, "named relative to the zone given")
		assert.Equal(t, "split-horizon", got[0].(libdns.TXT).Text)
		assert.Len(t, inZone(serviceZone, "_acme-challenge.www"), 1, "in booble.com")
		assert.Equal(t, rrs(got), rrs(withName(e.get(t, zone), "_acme-challenge")), "GetRecords of that name: its records, relative to it")

		again, err := e.p.AppendRecords(ctx, zone, []libdns.Record{rr})
		require.NoError(t, err)
		assert.Equal(t, got, again)

		deleted, err := e.p.DeleteRecords(ctx, zone, got)
		require.NoError(t, err)
		assert.Equal(t, rrs(got), rrs(deleted))
		assert.Equal(t, parent, e.get(t, serviceZone))
	})

	t.Run("a name below a registrar zone", func(t *testing.T) {
		got, err := e.p.SetRecords(ctx, "www.testname.com", []libdns.Record{libdns.TXT{Name: "_acme-challenge", Text: "registrar"}})
		require.NoError(t, err)
		assert.Equal(t, []libdns.RR{{Name: "_acme-challenge", Type: "TXT", Data: "registrar"}}, rrs(got))
		assert.Len(t, inZone(registrarZone, "_acme-challenge.www"), 1)
		deleted, err := e.p.DeleteRecords(ctx, "www.testname.com", []libdns.Record{libdns.TXT{Name: "_acme-challenge"}})
		require.NoError(t, err)
		assert.Len(t, deleted, 1)
		assert.Empty(t, inZone(registrarZone, "_acme-challenge.www"))
	})

	t.Run("one call, two zones", func(t *testing.T) {
		got, err := e.p.SetRecords(ctx, serviceZone, []libdns.Record{
			libdns.TXT{Name: "both", Text: "in the parent"},
			libdns.TXT{Name: "both.dev", Text: "in the sub-zone"},
			libdns.TXT{Name: "dev", Text: "at the sub-zone's apex"},
		})
		require.NoError(t, err)
		assert.Equal(t, []libdns.RR{
			{Name: "both", Type: "TXT", TTL: hour, Data: "in the parent"},
			{Name: "both.dev", Type: "TXT", TTL: hour, Data: "in the sub-zone"},
			{Name: "dev", Type: "TXT", TTL: hour, Data: "at the sub-zone's apex"},
		}, rrs(got))
		assert.Len(t, inZone(serviceZone, "both"), 1)
		assert.Len(t, inZone("dev.booble.com.", "both"), 1)
		assert.Len(t, inZone("dev.booble.com.", "@"), 3, "two NS and the TXT")
		assert.Empty(t, inZone(serviceZone, "dev"))

		// An error names the zone that refused and the zone given.
		_, err = e.p.AppendRecords(ctx, serviceZone, []libdns.Record{libdns.CNAME{Name: "dev", Target: "elsewhere.example."}})
		var conflict *unmetered.CNAMEConflictError
		require.ErrorAs(t, err, &conflict, "a CNAME at the sub-zone's apex")
		assert.Contains(t, err.Error(), "unmetereddns: zone dev.booble.com. (given zone booble.com.): ")
	})

	t.Run("GetRecords of an account zone is unchanged", func(t *testing.T) {
		reads := e.reads()
		recs := e.get(t, serviceZone)
		assert.Equal(t, 2, e.reads()-reads, "GET /dns and the zone")
		assert.Empty(t, withName(recs, "both.dev"), "the sub-zone's records are the sub-zone's")
		full, err := e.c.DNS.Zone(ctx, 10, sub.ID)
		require.NoError(t, err)
		assert.Len(t, e.get(t, "dev.booble.com."), len(full.Records)-1, "all but the SOA")
	})
}
