package unmeteredtest

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

// soa is the content of a seeded zone's SOA record.
func soa(zone, serial string) unmetered.Content {
	return unmetered.NewContentList("ns1.unmetered.management.", "hostmaster."+zone+".", serial, "10800", "3600", "604800", "3600")
}

// recordIDs are the ids of records, in order.
func recordIDs(records []unmetered.ZoneRecord) []unmetered.Int {
	ids := make([]unmetered.Int, len(records))
	for i, r := range records {
		ids[i] = r.ID
	}
	return ids
}

func TestSDKDNSRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	all, err := c.DNS.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, unmetered.List[unmetered.Int]{10, 20}, all.ServiceIDs)
	assert.Equal(t, unmetered.List[unmetered.Zone]{{ID: 60, Name: "booble.com", ServiceID: 10}, {ID: 61, Name: "bgg12ooble.com", ServiceID: 20}},
		all.Zones)

	zones, err := c.DNS.Zones(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.Zone{{ID: 60, Name: "booble.com", ServiceID: 10}}, zones)
	_, err = c.DNS.Zones(ctx, 301)
	assert.Equal(t, []string{"invalid method"}, requireAPIError(t, err, http.StatusOK), "a service without DNS hosting, as the reference shows")

	z, err := c.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	assert.Equal(t, unmetered.Int(60), z.ID)
	assert.Equal(t, unmetered.Int(10), z.ServiceID)
	assert.Equal(t, "booble.com", z.Name)
	ns := func(id unmetered.Int, zone, host string) unmetered.ZoneRecord {
		return unmetered.ZoneRecord{ID: id, Name: zone + ".", Type: "NS", TTL: 3600, Content: unmetered.NewContent(host)}
	}
	assert.Equal(t, unmetered.List[unmetered.ZoneRecord]{
		{ID: 10, Name: "booble.com.", Type: "SOA", TTL: 3600, Content: soa("booble.com", "2017010501")},
		ns(11, "booble.com", "ns1.unmetered.management."),
		ns(12, "booble.com", "ns2.unmetered.management."),
		{ID: 13, Name: "qwerty", Type: "A", TTL: 1800, Content: unmetered.NewContent("127.0.0.1")},
		{ID: 14, Name: "@", Type: "MX", TTL: 3600, Priority: 10, Content: unmetered.NewContent("mail.booble.com")},
		{ID: 15, Name: "_sip._tcp", Type: "SRV", TTL: 3600, Priority: 10, Content: unmetered.NewContentList("10", "5060", "vc01.booble.com")},
	}, z.Records)
	srv := z.Records[5].Content
	assert.True(t, srv.IsList())
	assert.Equal(t, []string{"10", "5060", "vc01.booble.com"}, srv.Parts())
	assert.Equal(t, "10 5060 vc01.booble.com", srv.String())
	assert.Len(t, z.Records[0].Content.Parts(), 7, "SOA's seven fields")

	// Zone 61's records are keyed 0, 1, 2 and 4: an object with a gap, decoded in key order.
	z, err = c.DNS.Zone(ctx, 20, 61)
	require.NoError(t, err)
	assert.Equal(t, "bgg12ooble.com", z.Name)
	assert.Equal(t, []unmetered.Int{20, 21, 22, 24}, recordIDs(z.Records))
	assert.Equal(t, soa("bgg12ooble.com", "2016110201"), z.Records[0].Content)
	assert.Equal(t, unmetered.ZoneRecord{ID: 24, Name: "www", Type: "A", TTL: 300, Content: unmetered.NewContent("192.0.2.61")}, z.Records[3])

	_, err = c.DNS.Zone(ctx, 20, 60)
	require.ErrorIs(t, err, unmetered.ErrNotFound, "zone 60 belongs to service 10")
	_, err = c.DNS.Zone(ctx, 10, 99)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}

func TestSDKDNSRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))
	zone := func() *unmetered.Zone {
		t.Helper()
		z, err := c.DNS.Zone(ctx, 10, 60)
		require.NoError(t, err)
		return z
	}

	xmpp := unmetered.ZoneRecord{ID: 56, Name: "_xmpp._tcp", Type: "SRV", TTL: 600, Priority: 5,
		Content: unmetered.NewContentList("0", "5269", "xmpp.booble.com")}
	created, err := c.DNS.CreateRecord(ctx, 10, 60, &unmetered.ZoneRecordInput{Name: "_xmpp._tcp", Type: "SRV", TTL: 600, Priority: 5,
		Content: unmetered.NewContentList("0", "5269", "xmpp.booble.com")})
	require.NoError(t, err)
	assert.Equal(t, xmpp, *created)
	txt, err := c.DNS.CreateRecord(ctx, 10, 60, &unmetered.ZoneRecordInput{Name: "@", Type: "TXT", Content: unmetered.NewContent("v=spf1 mx -all")})
	require.NoError(t, err)
	assert.Equal(t, unmetered.Int(3600), txt.TTL, "the server's default TTL")
	z := zone()
	require.Len(t, z.Records, 8)
	assert.Equal(t, xmpp, z.Records[6])
	assert.Equal(t, unmetered.ZoneRecord{ID: 57, Name: "@", Type: "TXT", TTL: 3600, Content: unmetered.NewContent("v=spf1 mx -all")}, z.Records[7])

	updated, err := c.DNS.UpdateRecord(ctx, 10, 60, 13, &unmetered.ZoneRecordInput{Name: "qwerty", Type: "A", TTL: 300,
		Content: unmetered.NewContent("192.0.2.13")})
	require.NoError(t, err)
	want := unmetered.ZoneRecord{ID: 13, Name: "qwerty", Type: "A", TTL: 300, Content: unmetered.NewContent("192.0.2.13")}
	assert.Equal(t, want, *updated)
	assert.Equal(t, want, zone().Records[3])
	updated, err = c.DNS.UpdateRecord(ctx, 10, 60, 14, &unmetered.ZoneRecordInput{Name: "@", Type: "MX", TTL: 3600, Priority: 20,
		Content: unmetered.NewContent("mx2.booble.com")})
	require.NoError(t, err)
	assert.Equal(t, unmetered.Int(20), updated.Priority)

	require.NoError(t, c.DNS.DeleteRecord(ctx, 10, 60, 14))
	z = zone()
	assert.Equal(t, []unmetered.Int{10, 11, 12, 13, 15, 56, 57}, recordIDs(z.Records), "in order across the gap the delete left")
	assert.Equal(t, xmpp, z.Records[5])

	for _, bad := range []*unmetered.ZoneRecordInput{
		{Name: "x", Type: "A", Content: unmetered.NewContent("999.1.1.1")},
		{Name: "x", Type: "SOA", Content: unmetered.NewContent("a")},
		{Name: "", Type: "CNAME", Content: unmetered.NewContent("booble.com")},
		{Name: "x", Type: "SRV", Content: unmetered.NewContentList("10", "5060")},
	} {
		_, err := c.DNS.CreateRecord(ctx, 10, 60, bad)
		requireAPIError(t, err, http.StatusBadRequest)
	}
	requireAPIError(t, c.DNS.DeleteRecord(ctx, 10, 60, 10), http.StatusBadRequest) // the SOA
	_, err = c.DNS.UpdateRecord(ctx, 10, 60, 10, &unmetered.ZoneRecordInput{Name: "booble.com.", Type: "SOA", Content: unmetered.NewContent("x")})
	requireAPIError(t, err, http.StatusBadRequest)
	require.ErrorIs(t, c.DNS.DeleteRecord(ctx, 10, 60, 14), unmetered.ErrNotFound)
	_, err = c.DNS.UpdateRecord(ctx, 10, 60, 14, &unmetered.ZoneRecordInput{Name: "@", Type: "MX", Content: unmetered.NewContent("mx.booble.com")})
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	assert.Len(t, zone().Records, 7, "refused changes change nothing")
}

func TestSDKDNSZones(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	z, err := c.DNS.CreateZone(ctx, 20, "NewZone.com.")
	require.NoError(t, err)
	assert.Equal(t, &unmetered.Zone{ID: 62, Name: "newzone.com", ServiceID: 20}, z, "found by name in the service's zones")
	zones, err := c.DNS.Zones(ctx, 20)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.Zone{{ID: 61, Name: "bgg12ooble.com", ServiceID: 20}, *z}, zones)
	full, err := c.DNS.Zone(ctx, 20, 62)
	require.NoError(t, err)
	require.Len(t, full.Records, 3, "a new zone starts with its SOA and two NS records")
	assert.Equal(t, "SOA", full.Records[0].Type)
	assert.Equal(t, []string{"NS", "NS"}, []string{full.Records[1].Type, full.Records[2].Type})
	_, err = c.DNS.CreateZone(ctx, 10, "newzone.com")
	assert.Equal(t, []string{"Domain zone newzone.com already exists"}, requireAPIError(t, err, http.StatusBadRequest))
	_, err = c.DNS.CreateZone(ctx, 301, "other.com")
	requireAPIError(t, err, http.StatusOK)

	require.NoError(t, c.DNS.DeleteZone(ctx, 10, 60))
	_, err = c.DNS.Zone(ctx, 10, 60)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	require.ErrorIs(t, c.DNS.DeleteZone(ctx, 10, 60), unmetered.ErrNotFound)
	all, err := c.DNS.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, unmetered.List[unmetered.Zone]{{ID: 61, Name: "bgg12ooble.com", ServiceID: 20}, *z}, all.Zones)
	zones, err = c.DNS.Zones(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, zones)
}

// TestRawDNSWireShapes checks what only the raw answers show, and the SDK's types absorb: on
// GET a record's ttl and priority are strings, in POST and PUT answers numbers; the records are
// a list while their keys run 0..n-1 and an object keyed by number once a delete leaves a gap;
// the answers' info lists.
func TestRawDNSWireShapes(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	records := func(zone string) (map[string]any, bool) {
		t.Helper()
		got := sendOK(t, srv, "GET", "/service/"+zone, nil)
		out := map[string]any{}
		switch recs := got["records"].(type) {
		case []any:
			for i, r := range recs {
				out[strconv.Itoa(i)] = r
			}
			return out, true
		case map[string]any:
			return recs, false
		}
		t.Fatalf("records is neither a list nor an object: %v", got["records"])
		return nil, false
	}

	recs, isList := records("10/dns/60")
	assert.True(t, isList, "a zone without gaps is a list")
	assert.Equal(t, map[string]any{"id": "13", "name": "qwerty", "type": "A", "ttl": "1800", "priority": "0", "prio": "0", "content": "127.0.0.1"}, recs["3"])
	assert.Equal(t, []any{"10", "5060", "vc01.booble.com"}, at(t, recs["5"], "content"))
	_, isList = records("20/dns/61")
	assert.False(t, isList, "the seeded zone 61 has a gap")

	created := sendOK(t, srv, "POST", "/service/10/dns/60/records", obj{"name": "_xmpp._tcp", "type": "SRV", "ttl": "600", "priority": 5,
		"content": []any{0, 5269, "xmpp.booble.com"}})
	assert.Equal(t, map[string]any{"id": "56", "name": "_xmpp._tcp", "type": "SRV", "ttl": num("600"), "priority": num("5"), "prio": num("5"),
		"content": []any{num("0"), num("5269"), "xmpp.booble.com"}}, created["record"])
	assert.Equal(t, []any{[]any{"dnsnewrecordadded", "SRV"}}, created["info"])

	updated := sendOK(t, srv, "PUT", "/service/10/dns/60/records/13", obj{"content": "192.0.2.13", "ttl": 300})
	assert.Equal(t, true, updated["success"])
	assert.Equal(t, []any{"dnsrecordupdated"}, updated["info"])
	assert.Equal(t, map[string]any{"id": "13", "name": "qwerty", "type": "A", "ttl": num("300"), "priority": num("0"), "prio": num("0"),
		"content": "192.0.2.13"}, updated["record"], "a partial update keeps the other fields")

	assert.Equal(t, map[string]any{"success": true}, sendOK(t, srv, "DELETE", "/service/10/dns/60/records/14", nil))
	recs, isList = records("10/dns/60")
	assert.False(t, isList, "a delete leaves a gap: the records become a number-keyed object")
	assert.ElementsMatch(t, []string{"0", "1", "2", "3", "5", "6"}, keys(recs))
	assert.Equal(t, "300", at(t, recs["3"], "ttl"))
	assert.Equal(t, []any{"0", "5269", "xmpp.booble.com"}, at(t, recs["6"], "content"))

	assert.Equal(t, map[string]any{"info": []any{"Domain zone newzone.com was created successfully."}},
		sendOK(t, srv, "POST", "/service/20/dns", obj{"name": "NewZone.com."}))
	assert.Equal(t, map[string]any{"info": []any{"Domain zone booble.com was deleted successfully."}},
		sendOK(t, srv, "DELETE", "/service/10/dns/60", nil))

	// A TTL of 0, which the SDK never sends (0 leaves it to the server), is refused.
	resp := send(t, srv, "POST", "/service/20/dns/61/records", obj{"name": "x", "type": "TXT", "content": "v=spf1 -all", "ttl": 0})
	assert.Equal(t, []any{"ttl must be an integer of at least 1"}, resp.JSON(t)["error"])
}

// num is a JSON number as the raw tests decode it.
func num(s string) json.Number { return json.Number(s) }

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
