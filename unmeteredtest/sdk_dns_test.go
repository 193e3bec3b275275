package unmeteredtest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

// The SDK's DNS against the fake, which answers as the recorded real server does: whatever the
// server lists, the SDK gives records in its canonical form. The raw answers are checked in
// dns_raw_test.go.

// booble is the seeded zone 60.
var booble = &unmetered.Zone{ID: 60, Name: "booble.com", ServiceID: 10}

// seededBooble are zone 60's seeded records in canonical form.
var seededBooble = []unmetered.ZoneRecord{
	{ID: 10, Name: "@", Type: unmetered.RecordTypeSOA, TTL: 3600,
		Content: "ns1.unmetered.management. hostmaster.booble.com. 2017010501 10800 3600 604800 3600"},
	{ID: 11, Name: "@", Type: unmetered.RecordTypeNS, TTL: 3600, Content: "ns1.unmetered.management."},
	{ID: 12, Name: "@", Type: unmetered.RecordTypeNS, TTL: 3600, Content: "ns2.unmetered.management."},
	{ID: 13, Name: "qwerty", Type: unmetered.RecordTypeA, TTL: 1800, Content: "127.0.0.1"},
	{ID: 14, Name: "@", Type: unmetered.RecordTypeMX, TTL: 3600, Priority: 10, Content: "mail.booble.com."},
	{ID: 15, Name: "_sip._tcp", Type: unmetered.RecordTypeSRV, TTL: 3600, Priority: 10, Content: "10 5060 vc01.booble.com."},
	{ID: 16, Name: "@", Type: unmetered.RecordTypeTXT, TTL: 3600, Content: "v=spf1 mx -all"},
}

// records returns zone 60's records, failing the test on an error.
func records(t *testing.T, c *unmetered.Client) []unmetered.ZoneRecord {
	t.Helper()
	z, err := c.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)
	return z.Records
}

// without returns recs without the SOA record, whose serial moves with every change.
func without(recs []unmetered.ZoneRecord, typ unmetered.RecordType) []unmetered.ZoneRecord {
	var out []unmetered.ZoneRecord
	for _, r := range recs {
		if r.Type != typ {
			out = append(out, r)
		}
	}
	return out
}

func TestSDKDNSRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)

	all, err := c.DNS.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, &unmetered.DNSOverview{ServiceIDs: []int64{10, 20}, Zones: []unmetered.Zone{
		*booble, {ID: 61, Name: "bgg12ooble.com", ServiceID: 20},
	}}, all)
	z, err := c.DNS.FindZone(ctx, "Booble.com.")
	require.NoError(t, err)
	assert.Equal(t, booble, z)

	// The fake, like the recorded server, answers GET /service/@id/dns "invalid method": Zones
	// falls back on GET /dns.
	zones, err := c.DNS.Zones(ctx, 20)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.Zone{{ID: 61, Name: "bgg12ooble.com", ServiceID: 20}}, zones)
	assert.Equal(t, 1, srv.Count("GET", "/service/@id/dns"))
	assert.Equal(t, 3, srv.Count("GET", "/dns"), "List, FindZone, then the fallback")
	_, err = c.DNS.Zones(ctx, 301)
	assert.Equal(t, []string{"invalid method"}, requireAPIError(t, err, http.StatusOK), "a service without DNS hosting")

	z, err = c.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	assert.Equal(t, &unmetered.Zone{ID: 60, Name: "booble.com", ServiceID: 10, Records: seededBooble}, z,
		"listed absolute, unterminated and quoted; given relative, fully qualified and unquoted")

	// Zone 61's records are keyed 0, 1, 2 and 4: an object with a gap, decoded in key order.
	z, err = c.DNS.Zone(ctx, 20, 61)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.ZoneRecord{
		{ID: 20, Name: "@", Type: "SOA", TTL: 3600,
			Content: "ns1.unmetered.management. hostmaster.bgg12ooble.com. 2016110201 10800 3600 604800 3600"},
		{ID: 21, Name: "@", Type: "NS", TTL: 3600, Content: "ns1.unmetered.management."},
		{ID: 22, Name: "@", Type: "NS", TTL: 3600, Content: "ns2.unmetered.management."},
		{ID: 24, Name: "www", Type: "A", TTL: 300, Content: "192.0.2.61"},
	}, z.Records)

	_, err = c.DNS.Zone(ctx, 20, 60)
	require.ErrorIs(t, err, unmetered.ErrNotFound, "zone 60 belongs to service 10")
	_, err = c.DNS.Zone(ctx, 10, 99)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	_, err = c.DNS.FindZone(ctx, "example.org")
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}

func TestSDKDNSCreateRecordFindsTheRealID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)

	// The recorded creation: the server echoes no id; CreateRecord finds it in the zone.
	txt, err := c.DNS.CreateRecord(ctx, booble, unmetered.RecordRequest{Name: "delete.testfilt", Type: "TXT", TTL: 3600, Content: "challengetoken"})
	require.NoError(t, err)
	assert.Equal(t, &unmetered.ZoneRecord{ID: 56, Name: "delete.testfilt", Type: "TXT", TTL: 3600, Content: "challengetoken"}, txt)
	assert.Equal(t, 1, srv.Count("POST", "/service/@id/dns/@id/records"))
	assert.Equal(t, 1, srv.Count("GET", "/service/@id/dns/@id"), "one read to find the id")

	// The same text again: the new record, not the old one.
	again, err := c.DNS.CreateRecord(ctx, booble, unmetered.RecordRequest{Name: "delete.testfilt.booble.com.", Type: "TXT", TTL: 3600, Content: "challengetoken"})
	require.NoError(t, err)
	assert.Equal(t, int64(57), again.ID)

	for _, tc := range []struct {
		req  unmetered.RecordRequest
		want unmetered.ZoneRecord
	}{
		{unmetered.RecordRequest{Name: "@", Type: "A", Content: "192.0.2.1"},
			unmetered.ZoneRecord{ID: 58, Name: "@", Type: "A", TTL: 3600, Content: "192.0.2.1"}},
		{unmetered.RecordRequest{Name: "Mail2", Type: "MX", Priority: 20, Content: "MX2.booble.com"},
			unmetered.ZoneRecord{ID: 59, Name: "mail2", Type: "MX", TTL: 3600, Priority: 20, Content: "mx2.booble.com."}},
		{unmetered.RecordRequest{Name: "_xmpp._tcp", Type: "SRV", TTL: 600, Priority: 5, Content: "0 5269 xmpp.booble.com."},
			unmetered.ZoneRecord{ID: 60, Name: "_xmpp._tcp", Type: "SRV", TTL: 600, Priority: 5, Content: "0 5269 xmpp.booble.com."}},
		{unmetered.RecordRequest{Name: "www", Type: "CNAME", TTL: 300, Content: "booble.com."},
			unmetered.ZoneRecord{ID: 61, Name: "www", Type: "CNAME", TTL: 300, Content: "booble.com."}},
		{unmetered.RecordRequest{Name: "v6", Type: "AAAA", Content: "2001:DB8::0:1"},
			unmetered.ZoneRecord{ID: 62, Name: "v6", Type: "AAAA", TTL: 3600, Content: "2001:db8::1"}},
	} {
		got, err := c.DNS.CreateRecord(ctx, booble, tc.req)
		require.NoError(t, err, "%+v", tc.req)
		assert.Equal(t, &tc.want, got)
		assert.Contains(t, records(t, c), tc.want, "the record as Zone lists it")
	}
}

// TestSDKDNSTXTRoundTrip: whatever the text, what CreateRecord sends, the server stores (quoted)
// and Zone lists, reads back as the text sent.
func TestSDKDNSTXTRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))
	dkim := "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 12)
	for i, text := range []string{
		"v=spf1 include:_spf.example.net ~all", `say "hi" to \everyone\`, "  padded  ", strings.Repeat("x", 255),
		dkim, strings.Repeat("ümlaut ", 80), "line\nbreak",
	} {
		name := "txt" + string(rune('a'+i))
		rec, err := c.DNS.CreateRecord(ctx, booble, unmetered.RecordRequest{Name: name, Type: "TXT", Content: text})
		require.NoError(t, err, "%.40q", text)
		assert.Equal(t, text, rec.Content)
		updated, err := c.DNS.UpdateRecord(ctx, booble, rec.ID, unmetered.RecordRequest{Name: name, Type: "TXT", Content: text + "!"})
		require.NoError(t, err)
		assert.Equal(t, text+"!", updated.Content, "the update's echo reads the same way")
		assert.Contains(t, records(t, c), *updated)
	}
}

func TestSDKDNSCreateRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)

	var reqs []unmetered.RecordRequest
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		reqs = append(reqs, unmetered.RecordRequest{Name: n, Type: "A", TTL: 60, Content: "192.0.2.7"})
	}
	recs, err := c.DNS.CreateRecords(ctx, booble, reqs)
	require.NoError(t, err)
	require.Len(t, recs, 5)
	for i, r := range recs {
		assert.Equal(t, unmetered.ZoneRecord{ID: int64(56 + i), Name: reqs[i].Name, Type: "A", TTL: 60, Content: "192.0.2.7"}, r)
	}
	assert.Equal(t, 5, srv.Count("POST", "/service/@id/dns/@id/records"))
	assert.Equal(t, 1, srv.Count("GET", "/service/@id/dns/@id"), "n records, n+1 requests")

	// A refused record stops the batch; the ones before it come back with their ids.
	recs, err = c.DNS.CreateRecords(ctx, booble, []unmetered.RecordRequest{
		{Name: "f", Type: "A", Content: "192.0.2.8"},
		{Name: "g", Type: "CNAME", Content: "single-label-target"},
		{Name: "h", Type: "A", Content: "192.0.2.9"},
	})
	assert.Equal(t, []string{"A CNAME record's content must be a host name"}, requireAPIError(t, err, http.StatusBadRequest))
	assert.Equal(t, []unmetered.ZoneRecord{{ID: 61, Name: "f", Type: "A", TTL: 3600, Content: "192.0.2.8"}}, recs)
	assert.Equal(t, 7, srv.Count("POST", "/service/@id/dns/@id/records"))
}

func TestSDKDNSUpdateAndDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	clock.now = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	c := sdkClient(t, NewTestServer(t, WithClock(clock.Now)))
	serial := func() string { return strings.Fields(records(t, c)[0].Content)[2] }

	qwerty := seededBooble[3].Request()
	qwerty.TTL, qwerty.Content = 300, "192.0.2.13"
	updated, err := c.DNS.UpdateRecord(ctx, booble, 13, qwerty)
	require.NoError(t, err)
	want := unmetered.ZoneRecord{ID: 13, Name: "qwerty", Type: "A", TTL: 300, Content: "192.0.2.13"}
	assert.Equal(t, want, *updated)
	assert.Equal(t, want, records(t, c)[3])
	assert.Equal(t, "2026030401", serial(), "each change bumps the SOA serial")

	mx := seededBooble[4].Request()
	mx.Priority, mx.Content = 20, "mx2.booble.com"
	updated, err = c.DNS.UpdateRecord(ctx, booble, 14, mx)
	require.NoError(t, err)
	assert.Equal(t, unmetered.ZoneRecord{ID: 14, Name: "@", Type: "MX", TTL: 3600, Priority: 20, Content: "mx2.booble.com."}, *updated)
	assert.Equal(t, "2026030402", serial())

	// A refused edit: 200 with "success": false, an *Error like any other; nothing changes.
	_, err = c.DNS.UpdateRecord(ctx, booble, 10, unmetered.RecordRequest{Name: "@", Type: "SOA", Content: "a. b. 1 2 3 4 5"})
	assert.Equal(t, []string{"An error occurred while editing the DNS record"}, requireAPIError(t, err, http.StatusOK))
	assert.Equal(t, "2026030402", serial())

	require.NoError(t, c.DNS.DeleteRecord(ctx, booble, 14))
	assert.Equal(t, []int64{10, 11, 12, 13, 15, 16}, ids(records(t, c)), "in order across the gap the delete left")
	assert.Equal(t, "2026030403", serial())
	require.ErrorIs(t, c.DNS.DeleteRecord(ctx, booble, 14), unmetered.ErrNotFound)
	requireAPIError(t, c.DNS.DeleteRecord(ctx, booble, 10), http.StatusBadRequest) // the SOA
	_, err = c.DNS.UpdateRecord(ctx, booble, 14, mx)
	require.ErrorIs(t, err, unmetered.ErrNotFound)

	for _, bad := range []unmetered.RecordRequest{
		{Name: "x", Type: "SOA", Content: "a. b. 1 2 3 4 5"},
		{Name: "x", Type: "TXT", Content: strings.Repeat("a", 100)}, // fine
	} {
		_, err := c.DNS.CreateRecord(ctx, booble, bad)
		if bad.Type == "SOA" {
			requireAPIError(t, err, http.StatusBadRequest)
		} else {
			require.NoError(t, err)
		}
	}
	assert.Len(t, without(records(t, c), "TXT"), 5, "a refused create changes nothing")
}

func ids(recs []unmetered.ZoneRecord) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func TestSDKDNSZones(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)

	z, err := c.DNS.CreateZone(ctx, 20, "NewZone.com.")
	require.NoError(t, err, "found through GET /dns although GET /service/20/dns answers invalid method")
	assert.Equal(t, &unmetered.Zone{ID: 62, Name: "newzone.com", ServiceID: 20}, z)
	assert.Equal(t, 0, srv.Count("GET", "/service/@id/dns"))
	full, err := c.DNS.Zone(ctx, 20, 62)
	require.NoError(t, err)
	require.Len(t, full.Records, 3, "a new zone starts with its SOA and two NS records")
	assert.Equal(t, []unmetered.ZoneRecord{
		{ID: 57, Name: "@", Type: "NS", TTL: 3600, Content: "ns1.unmetered.management."},
		{ID: 58, Name: "@", Type: "NS", TTL: 3600, Content: "ns2.unmetered.management."},
	}, full.Records[1:])
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
	assert.Equal(t, []unmetered.Zone{{ID: 61, Name: "bgg12ooble.com", ServiceID: 20}, *z}, all.Zones)
	zones, err := c.DNS.Zones(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, zones)
}

// TestSDKDNSRateLimited: the fallback when the SDK does not pace (WithRateLimit(0, 0)) against
// a server that limits every request: it answers the server's 429s by retrying after
// Retry-After (here without waiting), and reports ErrRateLimited when the retries run out
// inside the window. The SDK's own tests cover pacing against the fake.
func TestSDKDNSRateLimited(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := NewTestServer(t, WithClock(clock.Now), WithRequestRateLimit(2, time.Minute, ResetSeconds))
	c := sdkClient(t, srv, unmetered.WithRetryMax(2), unmetered.WithRateLimit(0, 0))
	ctx := context.Background()

	_, err := c.DNS.List(ctx)
	require.NoError(t, err)
	_, err = c.DNS.CreateRecord(ctx, booble, unmetered.RecordRequest{Name: "x", Type: "A", Content: "192.0.2.1"})
	var lookup *unmetered.RecordLookupError
	require.ErrorAs(t, err, &lookup, "the create used the last request of the window; its lookup was refused")
	require.ErrorIs(t, lookup.Err, unmetered.ErrRateLimited)
	var apiErr *unmetered.Error
	require.True(t, errors.As(lookup.Err, &apiErr))
	assert.Equal(t, time.Minute, apiErr.RetryAfter)
	assert.Equal(t, 3, srv.Count("GET", "/service/@id/dns/@id"), "the read was tried 1 + 2 times")
	assert.Equal(t, 1, srv.Count("POST", "/service/@id/dns/@id/records"), "the create was sent once")

	clock.Advance(time.Minute)
	recs := records(t, c)
	assert.Equal(t, unmetered.ZoneRecord{ID: 56, Name: "x", Type: "A", TTL: 3600, Content: "192.0.2.1"}, recs[len(recs)-1],
		"the record exists: do not create it again")
}

// TestSDKDNSDeleteRecordAnswerLost: the portal deletes the record and a proxy loses its answer
// (503). The SDK replays the replay-safe DELETE, which the portal answers 404, and reports
// success: the record is gone, as asked. A later delete of it is ErrNotFound again.
func TestSDKDNSDeleteRecordAnswerLost(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]Fault{
		"503":                {Status: http.StatusServiceUnavailable, AfterAction: true},
		"dropped connection": {DropConnection: true, AfterAction: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := NewTestServer(t)
			c := sdkClient(t, srv)
			srv.Fail("DELETE", "/service/@id/dns/@id/records/@id", f)
			require.NoError(t, c.DNS.DeleteRecord(context.Background(), booble, 14))
			assert.Equal(t, 2, srv.Count("DELETE", "/service/@id/dns/@id/records/@id"), "the first attempt and its replay")
			for _, r := range records(t, c) {
				assert.NotEqual(t, int64(14), r.ID, "record 14 is deleted")
			}
			require.ErrorIs(t, c.DNS.DeleteRecord(context.Background(), booble, 14), unmetered.ErrNotFound)
		})
	}
}
