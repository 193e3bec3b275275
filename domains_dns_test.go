package unmetered

import (
	"context"
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
		{ID: 1, Name: "test", TTL: 0, Priority: 0, Type: DomainDNSTypeA, Content: NewContent("100.100.10.1")},
		{ID: 2, Name: "@", TTL: 3600, Priority: 10, Type: DomainDNSTypeMX, Content: NewContent("mail.example.com")},
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
		{ID: 2, Name: "www", TTL: 300, Type: DomainDNSTypeCNAME, Content: NewContent("example.com")},
		{ID: 10, Name: "_sip._tcp", TTL: 300, Type: "SRV", Content: NewContentList("10", "5060", "sip.example.com")},
	}, got)
	assert.Equal(t, "10 5060 sip.example.com", got[1].Content.String())
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

// A PUT is retried on a 503.
func TestDomainsUpdateDNSRecordRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodPut, "/domain/47/dns/1", httpmock.NewStringResponder(503, `{"error":["busy"]}`).
		Then(httpmock.NewStringResponder(200, `{"info":["DNS Management updated successfully"]}`)))

	err := env.client.Domains.UpdateDNSRecord(context.Background(), 47, 1, DomainDNSRecordRequest{Type: DomainDNSTypeA, Content: "192.0.2.1"})
	require.NoError(t, err)
	assert.Equal(t, 2, rec.count())
}
