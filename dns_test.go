package unmetered

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDNSList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/dns", 200, "dns/list.json")

	got, err := env.client.DNS.List(context.Background())
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/dns", "")
	assert.Equal(t, &DNSOverview{
		ServiceIDs: List[Int]{10, 20},
		Zones: List[Zone]{
			{ID: 60, Name: "booble.com", ServiceID: 10},
			{ID: 61, Name: "bgg12ooble.com", ServiceID: 20},
		},
	}, got)
}

func TestDNSZones(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/10/dns", 200, "dns/zones.json")

	zones, err := env.client.DNS.Zones(context.Background(), 10)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/10/dns", "")
	assert.Equal(t, []Zone{
		{ID: 60, Name: "booble.com", ServiceID: 10},
		{ID: 62, Name: "TestZone.com.", ServiceID: 10},
	}, zones)
}

func TestDNSZoneRecordsAsNumberKeyedObject(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/10/dns/60", 200, "dns/zone_object.json")

	z, err := env.client.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/10/dns/60", "")
	assert.Equal(t, Int(60), z.ID, "the zone id comes from the request")
	assert.Equal(t, Int(10), z.ServiceID)
	assert.Equal(t, "booble.com", z.Name)
	soa := NewContentList("ns1.example.net", "hostmaster.booble.com", "2024010101", "10800", "3600", "604800", "3600")
	assert.Equal(t, List[ZoneRecord]{
		{ID: 101, Name: "booble.com", Type: "SOA", TTL: 86400, Priority: 0, Content: soa},
		{ID: 102, Name: "booble.com", Type: "NS", TTL: 3600, Priority: 0, Content: NewContent("ns1.example.net")},
		{ID: 105, Name: "booble.com", Type: "MX", TTL: 3600, Priority: 10, Content: NewContent("mail.booble.com")},
		{ID: 118, Name: "www.booble.com", Type: "A", TTL: 300, Priority: 0, Content: NewContent("192.0.2.10")},
	}, z.Records, "records in key order, gaps closed, string ttls as numbers")

	s := z.Records[0].Content
	assert.True(t, s.IsList())
	assert.Len(t, s.Parts(), 7)
	assert.Equal(t, "2024010101", s.Parts()[2], "SOA serial")
	assert.Equal(t, "ns1.example.net hostmaster.booble.com 2024010101 10800 3600 604800 3600", s.String())
	assert.False(t, z.Records[2].Content.IsList())
}

func TestDNSZoneRecordsAsArray(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/10/dns/61", 200, "dns/zone_array.json")

	z, err := env.client.DNS.Zone(context.Background(), 10, 61)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/10/dns/61", "")
	assert.Equal(t, &Zone{
		ID:        61,
		Name:      "booble.com",
		ServiceID: 10,
		Records: List[ZoneRecord]{
			{ID: 10, Name: "qwerty", Type: "A", TTL: 1800, Priority: 0, Content: NewContent("127.0.0.1")},
			{ID: 11, Name: "_sip._tcp.booble.com", Type: "SRV", TTL: 3600, Priority: 10,
				Content: NewContentList("10", "5060", "vc01.booble.com")},
			{ID: 12, Name: "booble.com", Type: "TXT", TTL: 3600, Priority: 0,
				Content: NewContent("v=spf1 include:_spf.example.net  ~all")},
		},
	}, z)
	assert.Equal(t, []string{"10", "5060", "vc01.booble.com"}, z.Records[1].Content.Parts(), "SRV weight, port, target")
}

func TestDNSZoneCarriesItsOwnIDs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/10/dns/60", 200, `{"id": "600", "domain": "alt.example.com", "records": []}`)

	z, err := env.client.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)
	assert.Equal(t, &Zone{ID: 600, Name: "alt.example.com", ServiceID: 10, Records: List[ZoneRecord]{}}, z)
}

func TestDNSCreateZone(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	create := env.on(http.MethodPost, "/service/10/dns", 200, "dns/zone_created.json")
	list := env.on(http.MethodGet, "/service/10/dns", 200, "dns/zones.json")

	z, err := env.client.DNS.CreateZone(context.Background(), 10, "testzone.COM")
	require.NoError(t, err)

	assertRequest(t, create.only(t), http.MethodPost, "/service/10/dns", `{"name": "testzone.COM"}`)
	assertRequest(t, list.only(t), http.MethodGet, "/service/10/dns", "")
	assert.Equal(t, &Zone{ID: 62, Name: "TestZone.com.", ServiceID: 10}, z,
		"found by name, case-insensitively, ignoring the trailing dot")
}

func TestDNSCreateZoneNotListed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	create := env.on(http.MethodPost, "/service/10/dns", 200, "dns/zone_created.json")
	list := env.on(http.MethodGet, "/service/10/dns", 200, "dns/zones.json")

	z, err := env.client.DNS.CreateZone(context.Background(), 10, "other.example.")
	assert.Nil(t, z)
	require.Error(t, err)

	var lookup *ZoneLookupError
	require.ErrorAs(t, err, &lookup)
	assert.Equal(t, int64(10), lookup.ServiceID)
	assert.Equal(t, "other.example.", lookup.Name)
	assert.NoError(t, lookup.Err)
	assert.Equal(t, `unmetered: DNS zone "other.example." was created in service 10, but the service's zone list `+
		`does not include it; do not create it again: find it with DNS.Zones or DNS.List`, err.Error())
	assert.Equal(t, 1, create.count(), "the zone is created once")
	assert.Equal(t, 1, list.count())
}

func TestDNSCreateZoneLookupFails(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(1))
	create := env.on(http.MethodPost, "/service/10/dns", 200, "dns/zone_created.json")
	list := env.on(http.MethodGet, "/service/10/dns", http.StatusServiceUnavailable, `{"error":["busy"]}`)

	z, err := env.client.DNS.CreateZone(context.Background(), 10, "testzone.com")
	assert.Nil(t, z)
	var lookup *ZoneLookupError
	require.ErrorAs(t, err, &lookup)
	require.ErrorIs(t, lookup.Err, ErrServer)
	assert.False(t, errors.Is(err, ErrServer), "nothing invites retrying the creation")
	assert.Contains(t, err.Error(), `DNS zone "testzone.com" was created in service 10, but reading it back failed (`)
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

func TestDNSCreateRecord(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/service/10/dns/60/records", 200, "dns/record_created.json")

	r, err := env.client.DNS.CreateRecord(context.Background(), 10, 60, &ZoneRecordInput{
		Name: "_sip._tcp.example.com", Type: "SRV", TTL: 3600, Priority: 10,
		Content: NewContentList("10", "5060", "vc01.example.com"),
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/service/10/dns/60/records", `{
		"name": "_sip._tcp.example.com", "ttl": 3600, "priority": 10, "type": "SRV",
		"content": [10, 5060, "vc01.example.com"]
	}`)
	assert.Equal(t, &ZoneRecord{
		ID: 0, Name: "_sip._tcp.example.com", Type: "SRV", TTL: 3600, Priority: 10,
		Content: NewContentList("10", "5060", "vc01.example.com"),
	}, r, "the server's echo, without an id")
}

func TestDNSCreateRecordStringContent(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/service/10/dns/60/records", 200,
		`{"record": {"id": 77, "name": "example.com", "type": "A", "ttl": 3600, "priority": 0, "content": "192.0.2.7"},
		  "info": [["dnsnewrecordadded", "A"]]}`)

	r, err := env.client.DNS.CreateRecord(context.Background(), 10, 60, &ZoneRecordInput{
		Name: "example.com", Type: "A", Content: NewContent("192.0.2.7"),
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/service/10/dns/60/records",
		`{"name": "example.com", "priority": 0, "type": "A", "content": "192.0.2.7"}`)
	assert.Equal(t, &ZoneRecord{ID: 77, Name: "example.com", Type: "A", TTL: 3600, Content: NewContent("192.0.2.7")}, r)
}

func TestDNSCreateRecordWithoutEcho(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/service/10/dns/60/records", 200, `{"info": ["dnsnewrecordadded"]}`)

	in := &ZoneRecordInput{Name: "www", Type: "CNAME", TTL: 600, Content: NewContent("example.com.")}
	r, err := env.client.DNS.CreateRecord(context.Background(), 10, 60, in)
	require.NoError(t, err)
	assert.Equal(t, &ZoneRecord{Name: "www", Type: "CNAME", TTL: 600, Content: NewContent("example.com.")}, r)
}

func TestDNSUpdateRecord(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/service/10/dns/60/records/55", 200, "dns/record_updated.json")

	r, err := env.client.DNS.UpdateRecord(context.Background(), 10, 60, 55, &ZoneRecordInput{
		Name: "test", Type: "A", TTL: 3600, Content: NewContent("192.0.2.2"),
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPut, "/service/10/dns/60/records/55",
		`{"name": "test", "ttl": 3600, "priority": 0, "type": "A", "content": "192.0.2.2"}`)
	assert.Equal(t, &ZoneRecord{ID: 55, Name: "test", Type: "A", TTL: 3600, Priority: 0, Content: NewContent("192.0.2.2")}, r)
}

func TestDNSUpdateRecordWithoutEcho(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPut, "/service/10/dns/60/records/55", 200, `{"success": true}`)

	r, err := env.client.DNS.UpdateRecord(context.Background(), 10, 60, 55, &ZoneRecordInput{
		Name: "mail", Type: "MX", Priority: 5, Content: NewContent("mx.example.com."),
	})
	require.NoError(t, err)
	assert.Equal(t, &ZoneRecord{ID: 55, Name: "mail", Type: "MX", Priority: 5, Content: NewContent("mx.example.com.")}, r)
}

func TestDNSDeleteRecord(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodDelete, "/service/10/dns/60/records/55", 200, "dns/record_deleted.json")

	require.NoError(t, env.client.DNS.DeleteRecord(context.Background(), 10, 60, 55))
	assertRequest(t, rec.only(t), http.MethodDelete, "/service/10/dns/60/records/55", "")
}

func TestDNSDeleteRecordRefused(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodDelete, "/service/10/dns/60/records/55", 200, `{"success": false}`)

	err := env.client.DNS.DeleteRecord(context.Background(), 10, 60, 55)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.MethodDelete, apiErr.Method)
	assert.Equal(t, "/service/10/dns/60/records/55", apiErr.Path)
}

func TestDNSCreatesAreNotReplayed(t *testing.T) {
	t.Parallel()
	calls := map[string]struct {
		route string
		call  func(*Client) error
	}{
		"CreateZone": {"/service/10/dns", func(c *Client) error {
			_, err := c.DNS.CreateZone(context.Background(), 10, "example.com")
			return err
		}},
		"CreateRecord": {"/service/10/dns/60/records", func(c *Client) error {
			_, err := c.DNS.CreateRecord(context.Background(), 10, 60, &ZoneRecordInput{Type: "A", Content: NewContent("192.0.2.1")})
			return err
		}},
	}
	for name, tc := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			others := catchAll(env)
			rec := env.on(http.MethodPost, tc.route, http.StatusServiceUnavailable, `{"error":["maintenance"]}`)

			err := tc.call(env.client)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrServer)
			assert.Equal(t, 1, rec.count(), "a creation is sent exactly once")
			assert.Equal(t, 0, others.count(), "no follow-up read after a failed creation")
		})
	}
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

func TestDNSErrorInOKBody(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/10/dns", http.StatusOK, `{"error":["invalid method"]}`)

	zones, err := env.client.DNS.Zones(context.Background(), 10)
	assert.Nil(t, zones)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"invalid method"}, apiErr.Messages)
	assert.Equal(t, http.StatusOK, apiErr.StatusCode)
}

func TestDNSZonesWithoutList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/10/dns", http.StatusOK, `{"info": []}`)

	zones, err := env.client.DNS.Zones(context.Background(), 10)
	require.NoError(t, err, "the portal leaves out empty lists")
	assert.Empty(t, zones)
}

func TestDNSInvalidArguments(t *testing.T) {
	t.Parallel()
	a := &ZoneRecordInput{Name: "www", Type: "A", Content: NewContent("192.0.2.1")}
	create := func(sid, zid int64, in *ZoneRecordInput) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.DNS.CreateRecord(ctx, sid, zid, in)
			return err
		}
	}
	update := func(sid, zid, rid int64, in *ZoneRecordInput) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.DNS.UpdateRecord(ctx, sid, zid, rid, in)
			return err
		}
	}
	assertInvalidArguments(t, []invalidCall{
		{"Zones zero service", func(ctx context.Context, c *Client) error { _, err := c.DNS.Zones(ctx, 0); return err }},
		{"Zone zero zone", func(ctx context.Context, c *Client) error { _, err := c.DNS.Zone(ctx, 10, 0); return err }},
		{"Zone negative service", func(ctx context.Context, c *Client) error { _, err := c.DNS.Zone(ctx, -10, 60); return err }},
		{"CreateZone empty name", func(ctx context.Context, c *Client) error { _, err := c.DNS.CreateZone(ctx, 10, " "); return err }},
		{"CreateZone zero service", func(ctx context.Context, c *Client) error {
			_, err := c.DNS.CreateZone(ctx, 0, "example.com")
			return err
		}},
		{"DeleteZone zero zone", func(ctx context.Context, c *Client) error { return c.DNS.DeleteZone(ctx, 10, 0) }},
		{"CreateRecord nil", create(10, 60, nil)},
		{"CreateRecord zero zone", create(10, 0, a)},
		{"CreateRecord no type", create(10, 60, &ZoneRecordInput{Content: NewContent("192.0.2.1")})},
		{"CreateRecord no content", create(10, 60, &ZoneRecordInput{Type: "A"})},
		{"CreateRecord empty list content", create(10, 60, &ZoneRecordInput{Type: "SRV", Content: NewContentList()})},
		{"CreateRecord negative ttl", create(10, 60, &ZoneRecordInput{Type: "A", TTL: -1, Content: NewContent("192.0.2.1")})},
		{"UpdateRecord zero record", update(10, 60, 0, a)},
		{"UpdateRecord nil", update(10, 60, 55, nil)},
		{"UpdateRecord negative priority", update(10, 60, 55,
			&ZoneRecordInput{Type: "MX", Priority: -5, Content: NewContent("mx.example.com.")})},
		{"DeleteRecord zero record", func(ctx context.Context, c *Client) error { return c.DNS.DeleteRecord(ctx, 10, 60, 0) }},
		{"DeleteRecord zero service", func(ctx context.Context, c *Client) error { return c.DNS.DeleteRecord(ctx, 0, 60, 55) }},
	})
}

func TestZoneRecordInputJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(ZoneRecordInput{
		Name: "booble.com", Type: "SOA", TTL: 86400,
		Content: NewContentList("ns1.example.net", "hostmaster.booble.com", "2024010101", "010", "-5", "3600"),
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name": "booble.com", "ttl": 86400, "priority": 0, "type": "SOA",
		"content": ["ns1.example.net", "hostmaster.booble.com", 2024010101, "010", -5, 3600]}`, string(b),
		"whole numbers become JSON numbers; other text, such as a zero-padded number, stays a string")
}
