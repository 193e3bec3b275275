package unmeteredcaddy

import (
	"context"
	"testing"

	"github.com/libdns/libdns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// txtAt returns the values of the TXT records at name (relative) in the fake's DNS-service
// zone booble.com, read with a client of the test's own.
func txtAt(t *testing.T, srv *unmeteredtest.Server, name string) []string {
	t.Helper()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	z, err := c.DNS.FindZone(ctx, "booble.com")
	require.NoError(t, err)
	z, err = c.DNS.Zone(ctx, z.ServiceID, z.ID)
	require.NoError(t, err)
	var values []string
	for _, r := range z.Records {
		if r.Name == name && r.Type == unmetered.RecordTypeTXT {
			values = append(values, r.Content)
		}
	}
	return values
}

// TestACMEChallenge: the module, loaded from its JSON as Caddy loads it, presents and cleans
// up DNS-01 challenges in the fake portal as certmagic (Caddy's ACME client) does: it appends
// one TXT record per challenge, needs exactly that record back, and deletes the record it got.
// Two challenges at one name (a wildcard and its apex) do not disturb each other.
func TestACMEChallenge(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	t.Setenv(envPass, srv.Password())
	p, err := load(t, `{"name": "unmetered", "username": "`+srv.Username()+`", "password": "{env.`+envPass+`}",
		"auth": "jwt", "base_url": "`+srv.URL()+`"}`)
	require.NoError(t, err)

	ctx := context.Background()
	const zone, name = "booble.com.", "_acme-challenge.www"
	present := func(value string) libdns.Record {
		t.Helper()
		out, err := p.AppendRecords(ctx, zone, []libdns.Record{libdns.RR{Type: "TXT", Name: name, Data: value}})
		require.NoError(t, err)
		require.Len(t, out, 1, "certmagic needs the record back")
		rr := out[0].RR()
		assert.Equal(t, libdns.RR{Name: name, Type: "TXT", Data: value, TTL: rr.TTL}, rr)
		return out[0]
	}
	apex := present("apex-key-authorization-digest")
	assert.Equal(t, []string{"apex-key-authorization-digest"}, txtAt(t, srv, name), "the record landed")
	wildcard := present("wildcard-key-authorization-digest")
	assert.ElementsMatch(t, []string{"apex-key-authorization-digest", "wildcard-key-authorization-digest"}, txtAt(t, srv, name))

	deleted, err := p.DeleteRecords(ctx, zone, []libdns.Record{apex})
	require.NoError(t, err)
	require.Len(t, deleted, 1)
	assert.Equal(t, "apex-key-authorization-digest", deleted[0].RR().Data)
	assert.Equal(t, []string{"wildcard-key-authorization-digest"}, txtAt(t, srv, name), "only that record was removed")

	_, err = p.DeleteRecords(ctx, zone, []libdns.Record{wildcard})
	require.NoError(t, err)
	assert.Empty(t, txtAt(t, srv, name), "both removed")
	assert.Equal(t, 1, srv.Count("POST", "/login"), "auth jwt: one login for all of it")
}
