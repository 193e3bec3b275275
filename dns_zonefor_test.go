package unmetered_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// TestZoneForLongestSuffix: the zone is the longest suffix at a label boundary, whatever the
// case and trailing dots.
func TestZoneForLongestSuffix(t *testing.T) {
	t.Parallel()
	ov := &unmetered.DNSOverview{Zones: []unmetered.Zone{
		{ID: 1, Name: "example.com", ServiceID: 10},
		{ID: 2, Name: "dev.example.com", ServiceID: 10},
		{ID: 3, Name: "example.net", ServiceID: 20},
		{ID: 4, Name: "Example.COM.", ServiceID: 20}, // listed twice: the first wins
	}}
	for name, want := range map[string]struct {
		id  int64
		rel string
	}{
		"example.com":                          {1, "@"},
		"EXAMPLE.com.":                         {1, "@"},
		"www.example.com":                      {1, "www"},
		"_acme-challenge.WWW.Example.Com.":     {1, "_acme-challenge.www"},
		"dev.example.com":                      {2, "@"},
		"_acme-challenge.api.dev.example.com.": {2, "_acme-challenge.api"},
		"*.dev.example.com":                    {2, "*"},
		"xdev.example.com":                     {1, "xdev"},
		" www.example.net ":                    {3, "www"},
	} {
		z, rel, err := ov.ZoneFor(name)
		require.NoError(t, err, name)
		assert.Equal(t, want.id, z.ID, name)
		assert.Equal(t, want.rel, rel, name)
	}
	for _, name := range []string{"notexample.com", "example.org", "com", "ample.com"} {
		_, _, err := ov.ZoneFor(name)
		assert.ErrorIs(t, err, unmetered.ErrNotFound, name)
		assert.ErrorContains(t, err, "no DNS zone that holds "+name)
	}
	for _, name := range []string{"", ".", "www..example.com", "www example.com", "example.com.."} {
		_, _, err := ov.ZoneFor(name)
		assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, "%q", name)
	}
	_, _, err := (*unmetered.DNSOverview)(nil).ZoneFor("example.com")
	assert.ErrorIs(t, err, unmetered.ErrNotFound)
}

// TestDNSZoneFor reads the account's zones (GET /dns) once, and sends nothing for a bad name.
func TestDNSZoneFor(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	sub, err := client.DNS.CreateZone(ctx, 10, "dev.booble.com")
	require.NoError(t, err)

	before := srv.Count("GET", "/dns")
	z, rel, err := client.DNS.ZoneFor(ctx, "_acme-challenge.www.booble.com.")
	require.NoError(t, err)
	assert.Equal(t, unmetered.Zone{ID: 60, Name: "booble.com", ServiceID: 10}, *z)
	assert.Equal(t, "_acme-challenge.www", rel)
	assert.Equal(t, 1, srv.Count("GET", "/dns")-before)

	z, rel, err = client.DNS.ZoneFor(ctx, "_acme-challenge.dev.booble.com")
	require.NoError(t, err)
	assert.Equal(t, *sub, *z)
	assert.Equal(t, "_acme-challenge", rel)

	_, _, err = client.DNS.ZoneFor(ctx, "www.notbooble.com")
	assert.ErrorIs(t, err, unmetered.ErrNotFound)

	before = len(srv.Requests())
	_, _, err = client.DNS.ZoneFor(ctx, "")
	assert.ErrorIs(t, err, unmetered.ErrInvalidArgument)
	assert.Equal(t, before, len(srv.Requests()))
}
