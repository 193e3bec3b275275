package unmetered

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDomainsDNSRecords(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/domain/47/dns", 200, "domains/dns_records.json")

	got, err := env.client.Domains.DNSRecords(context.Background(), 47)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/domain/47/dns", "")
	assert.Equal(t, []DomainDNSRecord{
		{ID: 1, Name: "test", TTL: 0, Priority: 0, Type: DomainDNSTypeA, Content: "100.100.10.1"},
		{ID: 2, Name: "@", TTL: 3600, Priority: 10, Type: DomainDNSTypeMX, Content: "mail.example.com"},
	}, got)
}

// The list may arrive as an object keyed by index: it decodes in index order, and multi-part
// content stays a list.
func TestDomainsDNSRecordsKeyed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/domain/47/dns", 200, "domains/dns_records_keyed.json")

	got, err := env.client.Domains.DNSRecords(context.Background(), 47)
	require.NoError(t, err)

	assert.Equal(t, []DomainDNSRecord{
		{ID: 2, Name: "www", TTL: 300, Type: DomainDNSTypeCNAME, Content: "example.com"},
		{ID: 10, Name: "_sip._tcp", TTL: 300, Type: "SRV", Content: "10 5060 sip.example.com"},
	}, got)
}

func TestDomainsDNSRecordsEmpty(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"empty array": `{"records":[]}`,
		"null":        `{"records":null}`,
		"missing":     `{}`,
		"false":       `{"records":false}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			env.on(http.MethodGet, "/domain/47/dns", 200, body)
			got, err := env.client.Domains.DNSRecords(context.Background(), 47)
			require.NoError(t, err)
			assert.Empty(t, got)
		})
	}
}

func TestDomainsDNSRecordTypes(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/domain/47/dns/types", 200, "domains/dns_types.json")

	got, err := env.client.Domains.DNSRecordTypes(context.Background(), 47)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/domain/47/dns/types", "")
	assert.Equal(t, []DomainDNSRecordType{DomainDNSTypeA, DomainDNSTypeCNAME, DomainDNSTypeURL, DomainDNSTypeFrame,
		DomainDNSTypeMX, DomainDNSTypeMXE, DomainDNSTypeTXT}, got)
}

// A PUT to an index is sent once: after a 503, which may come after the update acted, another
// writer may have moved another record into the index. A 429 (the server did not act) is
// retried.
func TestDomainsUpdateDNSRecordSentOnce(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodPut, "/domain/47/dns/1", httpmock.NewStringResponder(503, `{"error":["busy"]}`).
		Then(httpmock.NewStringResponder(200, `{"info":["DNS Management updated successfully"]}`)))
	err := env.client.Domains.UpdateDNSRecord(context.Background(), 47, 1, DomainDNSRecordRequest{Type: DomainDNSTypeA, Content: "192.0.2.1"})
	require.ErrorIs(t, err, ErrServer)
	assert.True(t, MaybeApplied(err))
	assert.Equal(t, 1, rec.count())

	env = newTestEnv(t)
	rec = env.onFunc(http.MethodPut, "/domain/47/dns/1", httpmock.NewStringResponder(429, `{"error":["slow down"]}`).
		Then(httpmock.NewStringResponder(200, `{"info":["DNS Management updated successfully"]}`)))
	require.NoError(t, env.client.Domains.UpdateDNSRecord(context.Background(), 47, 1, DomainDNSRecordRequest{Type: DomainDNSTypeA, Content: "192.0.2.1"}))
	assert.Equal(t, 2, rec.count())
}

// dnsRecordsBody renders records as GET /domain/@id/dns answers them.
func dnsRecordsBody(t *testing.T, records ...DomainDNSRecord) string {
	t.Helper()
	b, err := json.Marshal(map[string][]DomainDNSRecord{"records": records})
	require.NoError(t, err)
	return string(b)
}

// The registrar's records as a client read them: DeleteDNSRecordChecked and
// UpdateDNSRecordChecked are given the MX at index 2.
var (
	checkedA   = DomainDNSRecord{ID: 1, Name: "test", Type: DomainDNSTypeA, Content: "100.100.10.1"}
	checkedMX  = DomainDNSRecord{ID: 2, Name: "@", Type: DomainDNSTypeMX, TTL: 3600, Priority: 10, Content: "mail.example.com"}
	checkedWWW = DomainDNSRecord{ID: 3, Name: "www", Type: DomainDNSTypeCNAME, TTL: 3600, Content: "example.com"}
)

// checkedWrite is one checked write of the MX read at index 2.
type checkedWrite struct {
	name, method, body string
	call               func(context.Context, *DomainsService) error
}

var checkedWrites = []checkedWrite{
	{"DeleteDNSRecordChecked", http.MethodDelete, "", func(ctx context.Context, s *DomainsService) error {
		return s.DeleteDNSRecordChecked(ctx, 47, checkedMX)
	}},
	{"UpdateDNSRecordChecked", http.MethodPut, `{"name":"@","type":"MX","priority":"20","content":"mx2.example.com"}`,
		func(ctx context.Context, s *DomainsService) error {
			return s.UpdateDNSRecordChecked(ctx, 47, checkedMX,
				DomainDNSRecordRequest{Name: "@", Type: DomainDNSTypeMX, Priority: 20, Content: "mx2.example.com"})
		}},
}

// The record is still where the caller read it: one read, then exactly one write to its index.
func TestDomainsCheckedWriteUnchanged(t *testing.T) {
	t.Parallel()
	for _, w := range checkedWrites {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			// The server may answer numbers as strings: the comparison is of the decoded record.
			reads := env.on(http.MethodGet, "/domain/47/dns", 200, `{"records":[
				{"id":"1","name":"test","ttl":"0","priority":"0","type":"A","content":"100.100.10.1"},
				{"id":"2","name":"@","ttl":"3600","priority":"10","type":"MX","content":"mail.example.com"},
				{"id":3,"name":"www","ttl":3600,"priority":0,"type":"CNAME","content":"example.com"}]}`)
			writes := env.on(w.method, "/domain/47/dns/2", 200, "domains/dns_info.json")

			require.NoError(t, w.call(context.Background(), env.client.Domains))

			assertRequest(t, reads.only(t), http.MethodGet, "/domain/47/dns", "")
			assertRequest(t, writes.only(t), w.method, "/domain/47/dns/2", w.body)
		})
	}
}

// A delete before the record shifted the index: index 2 now holds the next record, and the
// checked write refuses it.
func TestDomainsCheckedWriteMoved(t *testing.T) {
	t.Parallel()
	for _, w := range checkedWrites {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			moved := checkedWWW
			moved.ID = 2
			mx := checkedMX
			mx.ID = 1 // record 1 was deleted: the MX moved to index 1, www to 2
			env.on(http.MethodGet, "/domain/47/dns", 200, dnsRecordsBody(t, mx, moved))
			writes := env.onAny()

			err := w.call(context.Background(), env.client.Domains)

			require.ErrorIs(t, err, ErrConflict)
			assert.NotErrorIs(t, err, ErrInvalidArgument)
			assert.ErrorContains(t, err, w.name+": domain 47's record 2 changed since it was read: "+
				"it is now #2 www CNAME example.com, not #2 @ MX 10 mail.example.com; nothing was sent")
			assert.Equal(t, 0, writes.count(), "nothing written")
		})
	}
}

// The record at the index was edited (by someone else) since the caller read it.
func TestDomainsCheckedWriteChanged(t *testing.T) {
	t.Parallel()
	edits := map[string]func(*DomainDNSRecord){
		"content":  func(r *DomainDNSRecord) { r.Content = "mail2.example.com" },
		"priority": func(r *DomainDNSRecord) { r.Priority = 20 },
		"ttl":      func(r *DomainDNSRecord) { r.TTL = 300 },
		"name":     func(r *DomainDNSRecord) { r.Name = "mail" },
		"type":     func(r *DomainDNSRecord) { r.Type = DomainDNSTypeMXE },
	}
	for _, w := range checkedWrites {
		for field, edit := range edits {
			t.Run(w.name+" "+field, func(t *testing.T) {
				t.Parallel()
				env := newTestEnv(t)
				changed := checkedMX
				edit(&changed)
				env.on(http.MethodGet, "/domain/47/dns", 200, dnsRecordsBody(t, checkedA, changed, checkedWWW))
				writes := env.onAny()

				err := w.call(context.Background(), env.client.Domains)

				require.ErrorIs(t, err, ErrConflict)
				assert.ErrorContains(t, err, "record 2 changed since it was read")
				assert.Equal(t, 0, writes.count(), "nothing written")
			})
		}
	}
}

// The index no longer exists: the list shrank below it.
func TestDomainsCheckedWriteGone(t *testing.T) {
	t.Parallel()
	for _, w := range checkedWrites {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			env.on(http.MethodGet, "/domain/47/dns", 200, dnsRecordsBody(t, checkedA))
			writes := env.onAny()

			err := w.call(context.Background(), env.client.Domains)

			require.ErrorIs(t, err, ErrConflict)
			assert.ErrorContains(t, err, w.name+": domain 47 has no record 2 any more (#2 @ MX 10 mail.example.com was moved or removed); nothing was sent")
			assert.Equal(t, 0, writes.count(), "nothing written")
		})
	}
}

// A failed re-read is returned as it is (it is not a conflict), and nothing is written.
func TestDomainsCheckedWriteReadFails(t *testing.T) {
	t.Parallel()
	for _, w := range checkedWrites {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, WithRetryMax(0))
			env.on(http.MethodGet, "/domain/47/dns", 404, `{"error":["Domain not found"]}`)
			writes := env.onAny()

			err := w.call(context.Background(), env.client.Domains)

			require.ErrorIs(t, err, ErrNotFound)
			assert.NotErrorIs(t, err, ErrConflict)
			assert.ErrorContains(t, err, w.name+": re-reading the records of domain 47")
			assert.Equal(t, 0, writes.count(), "nothing written")
		})
	}
}
