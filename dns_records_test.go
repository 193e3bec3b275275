package unmetered

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The record methods: CreateRecord, CreateRecords, UpdateRecord, DeleteRecord.

// TestDNSCreateRecordRecorded replays the recorded creation: the answer has no id, the zone
// listing afterwards has the record with its id, its name absolute and its content quoted.
func TestDNSCreateRecordRecorded(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	create := env.on(http.MethodPost, "/service/292/dns/1178/records", 200, "dns/record_created.json")
	read := env.on(http.MethodGet, "/service/292/dns/1178", 200, "dns/zone_after_create.json")

	r, err := env.client.DNS.CreateRecord(context.Background(), astylos, RecordRequest{
		Name: "delete.testfilt", Type: "txt", TTL: 3600, Content: "challengetoken",
	})
	require.NoError(t, err)

	assertRequest(t, create.only(t), http.MethodPost, "/service/292/dns/1178/records",
		`{"type": "TXT", "name": "delete.testfilt", "content": "challengetoken", "ttl": 3600, "priority": 0}`)
	assertRequest(t, read.only(t), http.MethodGet, "/service/292/dns/1178", "")
	assert.Equal(t, &ZoneRecord{ID: 406467, Name: "delete.testfilt", Type: RecordTypeTXT, TTL: 3600, Content: "challengetoken"}, r,
		"the stored record with its real id; of two matches, the one with the TTL sent")
}

func TestDNSCreateRecordTakesTheNewestMatch(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/service/292/dns/1178/records", 200, "dns/record_created.json")
	env.on(http.MethodGet, "/service/292/dns/1178", 200, "dns/zone_after_create.json")

	// With the server's default TTL both stored records match: the newer one is taken.
	r, err := env.client.DNS.CreateRecord(context.Background(), astylos, RecordRequest{
		Name: "delete.testfilt.astylos.dk.", Type: RecordTypeTXT, Content: "challengetoken",
	})
	require.NoError(t, err)
	assert.Equal(t, int64(406467), r.ID)
}

func TestDNSCreateRecordNotFoundAfterwards(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	create := env.on(http.MethodPost, "/service/292/dns/1178/records", 200, "dns/record_created.json")
	env.on(http.MethodGet, "/service/292/dns/1178", 200, "dns/zone_recorded.json")

	r, err := env.client.DNS.CreateRecord(context.Background(), astylos, RecordRequest{
		Name: "delete.testfilt", Type: RecordTypeTXT, TTL: 3600, Content: "challengetoken",
	})
	assert.Nil(t, r, "never a record with ID 0")
	var lookup *RecordLookupError
	require.ErrorAs(t, err, &lookup)
	assert.Equal(t, &RecordLookupError{ServiceID: 292, ZoneID: 1178, Zone: "astylos.dk",
		Records: []RecordRequest{{Name: "delete.testfilt", Type: RecordTypeTXT, TTL: 3600, Content: "challengetoken"}}}, lookup)
	assert.Equal(t, `unmetered: DNS record delete.testfilt TXT "challengetoken" was created in zone astylos.dk `+
		`(service 292, zone 1178), but the zone lists no such record; do not create it again: find it with DNS.Zone`, err.Error())
	assert.Equal(t, 1, create.count())
}

func TestDNSCreateRecordLookupReadFails(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(2))
	create := env.on(http.MethodPost, "/service/292/dns/1178/records", 200, "dns/record_created.json")
	read := env.on(http.MethodGet, "/service/292/dns/1178", 502, `{"error":["bad gateway"]}`)

	_, err := env.client.DNS.CreateRecord(context.Background(), astylos, RecordRequest{Name: "x", Type: RecordTypeA, Content: "192.0.2.1"})
	var lookup *RecordLookupError
	require.ErrorAs(t, err, &lookup)
	require.ErrorIs(t, lookup.Err, ErrServer)
	assert.False(t, errors.Is(err, ErrServer), "nothing invites retrying the creation")
	assert.Contains(t, err.Error(), `DNS record x A "192.0.2.1" was created in zone astylos.dk (service 292, zone 1178), `+
		`but reading the zone back failed (`)
	assert.Equal(t, 1, create.count(), "the record is created once")
	assert.Equal(t, 3, read.count(), "the read is retried")
}

func TestDNSCreateRecords(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	create := env.on(http.MethodPost, "/service/292/dns/1178/records", 200, "dns/record_created.json")
	read := env.on(http.MethodGet, "/service/292/dns/1178", 200, "dns/zone_recorded.json")

	recs, err := env.client.DNS.CreateRecords(context.Background(), astylos, []RecordRequest{
		{Name: "WWW", Type: RecordTypeCNAME, Content: "astylos.dk"},
		{Name: "@", Type: RecordTypeMX, Priority: 10, Content: "Mail.Astylos.dk."},
		{Name: "_sip._tcp.astylos.dk.", Type: RecordTypeSRV, Priority: 20, Content: "10 5060 sip.astylos.dk"},
		{Name: "google._domainkey", Type: RecordTypeTXT, TTL: 43200, Content: "v=DKIM1; k=rsa; p=MIGf"},
	})
	require.NoError(t, err)

	bodies := create.all()
	require.Len(t, bodies, 4, "one POST per record")
	assertRequest(t, bodies[0], http.MethodPost, "/service/292/dns/1178/records",
		`{"name": "www", "type": "CNAME", "priority": 0, "content": "astylos.dk"}`)
	assertRequest(t, bodies[1], http.MethodPost, "/service/292/dns/1178/records",
		`{"name": "astylos.dk", "type": "MX", "priority": 10, "content": "mail.astylos.dk"}`)
	assertRequest(t, bodies[2], http.MethodPost, "/service/292/dns/1178/records",
		`{"name": "_sip._tcp", "type": "SRV", "priority": 20, "content": [10, 5060, "sip.astylos.dk"]}`)
	assertRequest(t, bodies[3], http.MethodPost, "/service/292/dns/1178/records",
		`{"name": "google._domainkey", "type": "TXT", "ttl": 43200, "priority": 0, "content": "v=DKIM1; k=rsa; p=MIGf"}`)
	assert.Equal(t, 1, read.count(), "one read finds them all")
	assert.Equal(t, []int64{15276, 15273, 15290, 15280}, []int64{recs[0].ID, recs[1].ID, recs[2].ID, recs[3].ID}, "in request order")
	assert.Equal(t, ZoneRecord{ID: 15273, Name: "@", Type: RecordTypeMX, TTL: 3600, Priority: 10, Content: "mail.astylos.dk."}, recs[1])

	none, err := env.client.DNS.CreateRecords(context.Background(), astylos, nil)
	require.NoError(t, err)
	assert.Empty(t, none)
	assert.Equal(t, 4, create.count(), "nothing to create: nothing sent")
}

func TestDNSCreateRecordsStopsAtTheFirstFailure(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	n := 0
	create := env.onFunc(http.MethodPost, "/service/292/dns/1178/records", func(*http.Request) (*http.Response, error) {
		n++
		if n == 2 {
			return dnsAnswer(400, `{"error":["content is invalid"]}`), nil
		}
		return dnsAnswer(200, string(fixture(t, "dns/record_created.json"))), nil
	})
	read := env.on(http.MethodGet, "/service/292/dns/1178", 200, "dns/zone_recorded.json")

	recs, err := env.client.DNS.CreateRecords(context.Background(), astylos, []RecordRequest{
		{Name: "www", Type: RecordTypeCNAME, Content: "astylos.dk."},
		{Name: "bad", Type: RecordTypeA, Content: "192.0.2.9"},
		{Name: "never", Type: RecordTypeA, Content: "192.0.2.10"},
	})
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"content is invalid"}, apiErr.Messages)
	assert.Contains(t, err.Error(), `CreateRecords: record 1 (bad A "192.0.2.9") of 3: `)
	assert.Equal(t, 2, create.count(), "nothing after the failure is sent")
	assert.Equal(t, 1, read.count(), "the records created before it are looked up")
	assert.Equal(t, []ZoneRecord{{ID: 15276, Name: "www", Type: RecordTypeCNAME, TTL: 3600, Content: "astylos.dk."}}, recs)

	// The first failing: nothing created, nothing read.
	env2 := newTestEnv(t)
	env2.on(http.MethodPost, "/service/292/dns/1178/records", 400, `{"error":["no"]}`)
	read2 := env2.on(http.MethodGet, "/service/292/dns/1178", 200, "dns/zone_recorded.json")
	recs, err = env2.client.DNS.CreateRecords(context.Background(), astylos, []RecordRequest{{Name: "a", Type: RecordTypeA, Content: "192.0.2.1"}})
	assert.Nil(t, recs)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 0, read2.count())
}

func TestDNSCreateRecordsFailureAndLookupMiss(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	n := 0
	env.onFunc(http.MethodPost, "/service/292/dns/1178/records", func(*http.Request) (*http.Response, error) {
		if n++; n == 2 {
			return dnsAnswer(400, `{"error":["no"]}`), nil
		}
		return dnsAnswer(200, `{"success":true}`), nil
	})
	env.on(http.MethodGet, "/service/292/dns/1178", 200, "dns/zone_recorded.json")

	recs, err := env.client.DNS.CreateRecords(context.Background(), astylos, []RecordRequest{
		{Name: "missing", Type: RecordTypeA, Content: "192.0.2.1"},
		{Name: "refused", Type: RecordTypeA, Content: "192.0.2.2"},
	})
	assert.Empty(t, recs)
	var apiErr *Error
	var lookup *RecordLookupError
	require.ErrorAs(t, err, &apiErr, "the failed creation")
	require.ErrorAs(t, err, &lookup, "and the created record not found")
	assert.Equal(t, []RecordRequest{{Name: "missing", Type: RecordTypeA, Content: "192.0.2.1"}}, lookup.Records)
}

func TestDNSUpdateRecord(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/service/292/dns/1178/records/406467", 200, "dns/record_updated.json")

	r, err := env.client.DNS.UpdateRecord(context.Background(), astylos, 406467, RecordRequest{
		Name: "delete.testfilt", Type: RecordTypeTXT, TTL: 600, Content: "updatedtoken",
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPut, "/service/292/dns/1178/records/406467",
		`{"name": "delete.testfilt", "type": "TXT", "ttl": 600, "priority": 0, "content": "updatedtoken"}`)
	assert.Equal(t, &ZoneRecord{ID: 406467, Name: "delete.testfilt", Type: RecordTypeTXT, TTL: 600, Content: "updatedtoken"}, r)
}

func TestDNSUpdateRecordEchoes(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		answer string
		want   ZoneRecord
	}{
		"no echo": {`{"success": true}`,
			ZoneRecord{ID: 55, Name: "@", Type: RecordTypeMX, Priority: 5, Content: "mx.astylos.dk."}},
		"partial echo": {`{"success": true, "record": {"id": "55"}}`,
			ZoneRecord{ID: 55, Name: "@", Type: RecordTypeMX, Priority: 5, Content: "mx.astylos.dk."}},
		"echo in the listing's form": {`{"success": true, "record": {"id": "55", "name": "astylos.dk", "type": "MX",
			"ttl": "7200", "prio": "5", "content": "MX.astylos.dk"}}`,
			ZoneRecord{ID: 55, Name: "@", Type: RecordTypeMX, TTL: 7200, Priority: 5, Content: "mx.astylos.dk."}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodPut, "/service/292/dns/1178/records/55", 200, tc.answer)
			r, err := env.client.DNS.UpdateRecord(context.Background(), astylos, 55, RecordRequest{
				Name: "", Type: RecordTypeMX, Priority: 5, Content: "mx.astylos.dk",
			})
			require.NoError(t, err)
			assertRequest(t, rec.only(t), http.MethodPut, "/service/292/dns/1178/records/55",
				`{"name": "astylos.dk", "type": "MX", "priority": 5, "content": "mx.astylos.dk"}`)
			assert.Equal(t, &tc.want, r)
		})
	}
}

func TestDNSUpdateRecordFailedEdit(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPut, "/service/292/dns/1178/records/406467", 200, "dns/record_update_failed.json")

	r, err := env.client.DNS.UpdateRecord(context.Background(), astylos, 406467, RecordRequest{Name: "x", Type: "A", Content: "192.0.2.1"})
	assert.Nil(t, r)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr, "a 200 with success false is a failure")
	assert.Equal(t, http.StatusOK, apiErr.StatusCode)
	assert.Equal(t, []string{"An error occurred while editing the DNS record"}, apiErr.Messages)
	assert.Equal(t, "/service/292/dns/1178/records/406467", apiErr.Path)
}

func TestDNSDeleteRecord(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodDelete, "/service/292/dns/1178/records/406459", 200, "dns/record_deleted.json")

	require.NoError(t, env.client.DNS.DeleteRecord(context.Background(), &Zone{ServiceID: 292, ID: 1178}, 406459),
		"the zone's name is not needed")
	assertRequest(t, rec.only(t), http.MethodDelete, "/service/292/dns/1178/records/406459", "")
}

func TestDNSDeleteRecordRefused(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodDelete, "/service/10/dns/60/records/55", 200, `{"success": false}`)

	err := env.client.DNS.DeleteRecord(context.Background(), &Zone{ServiceID: 10, ID: 60}, 55)
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
			_, err := c.DNS.CreateRecord(context.Background(), &Zone{ServiceID: 10, ID: 60, Name: "example.com"},
				RecordRequest{Type: "A", Content: "192.0.2.1"})
			return err
		}},
		"CreateRecords": {"/service/10/dns/60/records", func(c *Client) error {
			_, err := c.DNS.CreateRecords(context.Background(), &Zone{ServiceID: 10, ID: 60, Name: "example.com"},
				[]RecordRequest{{Type: "A", Content: "192.0.2.1"}, {Type: "A", Content: "192.0.2.2"}})
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
