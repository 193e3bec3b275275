package unmetered

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// astylos is the zone of the recorded traffic (design.md, "Real-server DNS facts").
var astylos = &Zone{ID: 1178, Name: "astylos.dk", ServiceID: 292}

// dnsAnswer is a JSON response for onFunc responders.
func dnsAnswer(status int, body string) *http.Response {
	resp := httpmock.NewStringResponse(status, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

func TestDNSList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/dns", 200, "dns/list.json")

	got, err := env.client.DNS.List(context.Background())
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/dns", "")
	assert.Equal(t, &DNSOverview{
		ServiceIDs: []int64{10, 20},
		Zones: []Zone{
			{ID: 60, Name: "booble.com", ServiceID: 10},
			{ID: 61, Name: "bgg12ooble.com", ServiceID: 20},
		},
	}, got)
}

func TestDNSListRecorded(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/dns", 200, "dns/list_recorded.json")

	got, err := env.client.DNS.List(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &DNSOverview{ServiceIDs: []int64{292}, Zones: []Zone{*astylos}}, got)
}

func TestDNSFindZone(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/dns", 200, "dns/list.json")
	ctx := context.Background()

	for _, name := range []string{"bgg12ooble.com", "BGG12ooble.COM.", " bgg12ooble.com "} {
		z, err := env.client.DNS.FindZone(ctx, name)
		require.NoError(t, err, name)
		assert.Equal(t, &Zone{ID: 61, Name: "bgg12ooble.com", ServiceID: 20}, z, name)
	}
	assertRequest(t, rec.all()[0], http.MethodGet, "/dns", "")

	_, err := env.client.DNS.FindZone(ctx, "example.org")
	require.ErrorIs(t, err, ErrNotFound)
	assert.EqualError(t, err, `unmetered: not found: the account has no DNS zone "example.org"`)
	_, err = env.client.DNS.FindZone(ctx, " . ")
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, 4, rec.count(), "nothing sent for an empty name")

	busy := newTestEnv(t, WithRetryMax(0))
	busy.on(http.MethodGet, "/dns", 503, `{"error":["busy"]}`)
	_, err = busy.client.DNS.FindZone(ctx, "x.com")
	require.ErrorIs(t, err, ErrServer)
	assert.NotErrorIs(t, err, ErrNotFound)
}

func TestDNSZonesFromTheServiceList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/10/dns", 200, "dns/zones.json")
	all := env.on(http.MethodGet, "/dns", 200, "dns/list.json")

	zones, err := env.client.DNS.Zones(context.Background(), 10)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/10/dns", "")
	assert.Equal(t, 0, all.count(), "a server that answers the list is asked nothing more")
	assert.Equal(t, []Zone{
		{ID: 60, Name: "booble.com", ServiceID: 10},
		{ID: 62, Name: "testzone.com", ServiceID: 10},
	}, zones, "names in canonical form: lower case, no trailing dot")
}

func TestDNSZonesFallBackToGETDNS(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/20/dns", 200, "dns/invalid_method.json")
	all := env.on(http.MethodGet, "/dns", 200, "dns/list.json")

	zones, err := env.client.DNS.Zones(context.Background(), 20)
	require.NoError(t, err, "the recorded server answers invalid method for a service with zones")

	assertRequest(t, rec.only(t), http.MethodGet, "/service/20/dns", "")
	assertRequest(t, all.only(t), http.MethodGet, "/dns", "")
	assert.Equal(t, []Zone{{ID: 61, Name: "bgg12ooble.com", ServiceID: 20}}, zones, "only the service's zones")
}

func TestDNSZonesOfAServiceWithoutDNS(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/301/dns", 200, "dns/invalid_method.json")
	env.on(http.MethodGet, "/dns", 200, "dns/list.json")

	zones, err := env.client.DNS.Zones(context.Background(), 301)
	assert.Nil(t, zones)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr, "GET /dns does not list service 301: the first answer stands")
	assert.Equal(t, "/service/301/dns", apiErr.Path)
	assert.Equal(t, []string{"invalid method"}, apiErr.Messages)
	assert.Equal(t, http.StatusOK, apiErr.StatusCode)
}

func TestDNSZonesOtherFailuresDoNotFallBack(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(1))
	env.on(http.MethodGet, "/service/10/dns", 503, `{"error":["maintenance"]}`)
	all := env.on(http.MethodGet, "/dns", 200, "dns/list.json")

	_, err := env.client.DNS.Zones(context.Background(), 10)
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 0, all.count())

	env2 := newTestEnv(t)
	env2.on(http.MethodGet, "/service/10/dns", 200, "dns/invalid_method.json")
	env2.on(http.MethodGet, "/dns", 401, `{"error":["unauthorized"]}`)
	_, err = env2.client.DNS.Zones(context.Background(), 10)
	require.ErrorIs(t, err, ErrUnauthorized, "the fallback's own failure is returned")

	env3 := newTestEnv(t)
	env3.on(http.MethodGet, "/service/10/dns", 200, `{"info": []}`)
	zones, err := env3.client.DNS.Zones(context.Background(), 10)
	require.NoError(t, err, "the portal leaves out empty lists")
	assert.Empty(t, zones)
}

func TestDNSZoneRecorded(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/292/dns/1178", 200, "dns/zone_recorded.json")

	z, err := env.client.DNS.Zone(context.Background(), 292, 1178)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/292/dns/1178", "")
	assert.Equal(t, int64(1178), z.ID, "the zone id comes from the request")
	assert.Equal(t, int64(292), z.ServiceID)
	assert.Equal(t, "astylos.dk", z.Name)
	dkim := "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 7)
	assert.Equal(t, []ZoneRecord{
		{ID: 15270, Name: "@", Type: RecordTypeSOA, TTL: 3600,
			Content: "ns1.dns.services. hostmaster.dns.services. 2023061402 10800 3600 604800 3600"},
		{ID: 15271, Name: "@", Type: RecordTypeNS, TTL: 3600, Content: "ns1.dns.services."},
		{ID: 15272, Name: "@", Type: RecordTypeNS, TTL: 3600, Content: "ns2.dns.services."},
		{ID: 15273, Name: "@", Type: RecordTypeMX, TTL: 3600, Priority: 10, Content: "mail.astylos.dk."},
		{ID: 15274, Name: "@", Type: RecordTypeA, TTL: 300, Content: "192.0.2.80"},
		{ID: 15276, Name: "www", Type: RecordTypeCNAME, TTL: 3600, Content: "astylos.dk."},
		{ID: 15279, Name: "ipv6", Type: RecordTypeAAAA, TTL: 3600, Content: "2001:db8::1"},
		{ID: 15280, Name: "google._domainkey", Type: RecordTypeTXT, TTL: 43200, Content: "v=DKIM1; k=rsa; p=MIGf"},
		{ID: 15281, Name: "long._domainkey", Type: RecordTypeTXT, TTL: 3600, Content: dkim},
		{ID: 15282, Name: "@", Type: RecordTypeTXT, TTL: 3600, Content: `v=spf1 include:"odd" ~all`},
		{ID: 15290, Name: "_sip._tcp", Type: RecordTypeSRV, TTL: 3600, Priority: 20, Content: "10 5060 sip.astylos.dk."},
		{ID: 15291, Name: "@", Type: RecordTypeCAA, TTL: 3600, Content: `0 issue "letsencrypt.org"`},
	}, z.Records, "key order across the gaps; names relative; targets with the dot; TXT unquoted and joined")
}

func TestDNSZoneRecordsAsNumberKeyedObject(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/10/dns/60", 200, "dns/zone_object.json")

	z, err := env.client.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)
	assert.Equal(t, &Zone{ID: 60, Name: "booble.com", ServiceID: 10, Records: []ZoneRecord{
		{ID: 101, Name: "@", Type: RecordTypeSOA, TTL: 86400,
			Content: "ns1.example.net. hostmaster.booble.com. 2024010101 10800 3600 604800 3600"},
		{ID: 102, Name: "@", Type: RecordTypeNS, TTL: 3600, Content: "ns1.example.net."},
		{ID: 105, Name: "@", Type: RecordTypeMX, TTL: 3600, Priority: 10, Content: "mail.booble.com."},
		{ID: 118, Name: "www", Type: RecordTypeA, TTL: 300, Content: "192.0.2.10"},
	}}, z, "the priority from prio when priority is missing")
}

func TestDNSZoneRecordsAsArray(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/10/dns/61", 200, "dns/zone_array.json")

	z, err := env.client.DNS.Zone(context.Background(), 10, 61)
	require.NoError(t, err)
	assert.Equal(t, &Zone{ID: 61, Name: "booble.com", ServiceID: 10, Records: []ZoneRecord{
		{ID: 10, Name: "qwerty", Type: RecordTypeA, TTL: 1800, Content: "127.0.0.1"},
		{ID: 11, Name: "_sip._tcp", Type: RecordTypeSRV, TTL: 3600, Priority: 10, Content: "10 5060 vc01.booble.com."},
		{ID: 12, Name: "@", Type: RecordTypeTXT, TTL: 3600, Content: "v=spf1 include:_spf.example.net  ~all"},
	}}, z, "the reference's relative names and unquoted TXT read the same way")
}

func TestDNSZoneCarriesItsOwnIDs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/10/dns/60", 200, `{"id": "600", "domain": "Alt.example.com.", "records": []}`)

	z, err := env.client.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)
	assert.Equal(t, &Zone{ID: 600, Name: "alt.example.com", ServiceID: 10, Records: []ZoneRecord{}}, z)
}

func TestDNSCreateZone(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	create := env.on(http.MethodPost, "/service/20/dns", 200, "dns/zone_created.json")
	list := env.on(http.MethodGet, "/dns", 200, "dns/list.json")
	perService := env.on(http.MethodGet, "/service/20/dns", 200, "dns/invalid_method.json")

	z, err := env.client.DNS.CreateZone(context.Background(), 20, "BGG12ooble.com.")
	require.NoError(t, err)

	assertRequest(t, create.only(t), http.MethodPost, "/service/20/dns", `{"name": "BGG12ooble.com."}`)
	assertRequest(t, list.only(t), http.MethodGet, "/dns", "")
	assert.Equal(t, 0, perService.count(), "zones are found through GET /dns")
	assert.Equal(t, &Zone{ID: 61, Name: "bgg12ooble.com", ServiceID: 20}, z,
		"found by service and name, case-insensitively, ignoring the trailing dot")
}

func TestDNSCreateZoneNotListed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	create := env.on(http.MethodPost, "/service/10/dns", 200, "dns/zone_created.json")
	list := env.on(http.MethodGet, "/dns", 200, "dns/list.json")

	// bgg12ooble.com is listed, but in service 20.
	z, err := env.client.DNS.CreateZone(context.Background(), 10, "bgg12ooble.com")
	assert.Nil(t, z)
	var lookup *ZoneLookupError
	require.ErrorAs(t, err, &lookup)
	assert.Equal(t, &ZoneLookupError{ServiceID: 10, Name: "bgg12ooble.com"}, lookup)
	assert.Equal(t, `unmetered: DNS zone "bgg12ooble.com" was created in service 10, but GET /dns does not list it `+
		`in that service; do not create it again: find it with DNS.FindZone or DNS.List`, err.Error())
	assert.Equal(t, 1, create.count(), "the zone is created once")
	assert.Equal(t, 1, list.count())
}

func TestDNSCreateZoneLookupFails(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(1))
	create := env.on(http.MethodPost, "/service/10/dns", 200, "dns/zone_created.json")
	list := env.on(http.MethodGet, "/dns", http.StatusServiceUnavailable, `{"error":["busy"]}`)

	z, err := env.client.DNS.CreateZone(context.Background(), 10, "testzone.com")
	assert.Nil(t, z)
	var lookup *ZoneLookupError
	require.ErrorAs(t, err, &lookup)
	require.ErrorIs(t, lookup.Err, ErrServer)
	assert.False(t, errors.Is(err, ErrServer), "nothing invites retrying the creation")
	assert.Contains(t, err.Error(), `DNS zone "testzone.com" was created in service 10, but reading the zones back failed (`)
	assert.Contains(t, err.Error(), "busy")
	assert.Equal(t, 1, create.count(), "the zone is created once")
	assert.Equal(t, 2, list.count(), "the read is retried")
}

func TestDNSDeleteZone(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodDelete, "/service/10/dns/60", 200, "dns/zone_deleted.json")

	require.NoError(t, env.client.DNS.DeleteZone(context.Background(), 10, 60))
	assertRequest(t, rec.only(t), http.MethodDelete, "/service/10/dns/60", "")
}

func TestDNSNotFound(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/10/dns/99", http.StatusNotFound, `{"error":["zone not found"]}`)

	z, err := env.client.DNS.Zone(context.Background(), 10, 99)
	assert.Nil(t, z)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Contains(t, err.Error(), "zone not found")
}

func TestDNSInvalidArguments(t *testing.T) {
	t.Parallel()
	zone := &Zone{ServiceID: 10, ID: 60, Name: "example.com"}
	a := RecordRequest{Name: "www", Type: "A", Content: "192.0.2.1"}
	create := func(z *Zone, in RecordRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.DNS.CreateRecord(ctx, z, in)
			return err
		}
	}
	update := func(z *Zone, rid int64, in RecordRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.DNS.UpdateRecord(ctx, z, rid, in)
			return err
		}
	}
	assertInvalidArguments(t, []invalidCall{
		{"Zones zero service", func(ctx context.Context, c *Client) error { _, err := c.DNS.Zones(ctx, 0); return err }},
		{"Zone zero zone", func(ctx context.Context, c *Client) error { _, err := c.DNS.Zone(ctx, 10, 0); return err }},
		{"Zone negative service", func(ctx context.Context, c *Client) error { _, err := c.DNS.Zone(ctx, -10, 60); return err }},
		{"FindZone empty name", func(ctx context.Context, c *Client) error { _, err := c.DNS.FindZone(ctx, ""); return err }},
		{"CreateZone empty name", func(ctx context.Context, c *Client) error { _, err := c.DNS.CreateZone(ctx, 10, " "); return err }},
		{"CreateZone zero service", func(ctx context.Context, c *Client) error {
			_, err := c.DNS.CreateZone(ctx, 0, "example.com")
			return err
		}},
		{"DeleteZone zero zone", func(ctx context.Context, c *Client) error { return c.DNS.DeleteZone(ctx, 10, 0) }},
		{"CreateRecord nil zone", create(nil, a)},
		{"CreateRecord zero zone", create(&Zone{ServiceID: 10, Name: "example.com"}, a)},
		{"CreateRecord zone without a name", create(&Zone{ServiceID: 10, ID: 60}, a)},
		{"CreateRecord no type", create(zone, RecordRequest{Content: "192.0.2.1"})},
		{"CreateRecord no content", create(zone, RecordRequest{Type: "A"})},
		{"CreateRecord bad address", create(zone, RecordRequest{Type: "A", Content: "192.0.2.300"})},
		{"CreateRecord name outside the zone", create(zone, RecordRequest{Name: "www.example.org.", Type: "A", Content: "192.0.2.1"})},
		{"CreateRecord negative ttl", create(zone, RecordRequest{Type: "A", TTL: -1, Content: "192.0.2.1"})},
		{"CreateRecords one bad of two", func(ctx context.Context, c *Client) error {
			_, err := c.DNS.CreateRecords(ctx, zone, []RecordRequest{a, {Type: "MX", Content: "a b"}})
			return err
		}},
		{"UpdateRecord zero record", update(zone, 0, a)},
		{"UpdateRecord nil zone", update(nil, 55, a)},
		{"UpdateRecord negative priority", update(zone, 55, RecordRequest{Type: "MX", Priority: -5, Content: "mx.example.com."})},
		{"DeleteRecord zero record", func(ctx context.Context, c *Client) error { return c.DNS.DeleteRecord(ctx, zone, 0) }},
		{"DeleteRecord nil zone", func(ctx context.Context, c *Client) error { return c.DNS.DeleteRecord(ctx, nil, 5) }},
		{"DeleteRecord zero service", func(ctx context.Context, c *Client) error {
			return c.DNS.DeleteRecord(ctx, &Zone{ID: 60}, 55)
		}},
	})
}
