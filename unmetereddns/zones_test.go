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
