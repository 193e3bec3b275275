package unmetered

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func domainDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// testDomain47 is domain 47 as details.json and by_name.json describe it.
func testDomain47(t *testing.T) Domain {
	return Domain{
		ID: 47, Name: "testname.com", Status: DomainActive,
		DateCreated: domainDate(2016, 12, 30), Expires: domainDate(2017, 12, 30),
		NextDue: domainDate(2017, 12, 30), NextInvoice: domainDate(2017, 11, 30),
		Period: 1, FirstPayment: mustDecimal(t, "10.00"), RecurringAmount: mustDecimal(t, "15.00"),
		IDProtection: false, AutoRenew: true,
		Nameservers: []string{"ns1.example.com", "ns2.example.com", "ns3.example.com", "ns4.example.com"},
	}
}

func TestDomainsList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/domain", 200, "domains/list.json")

	got, err := env.client.Domains.List(context.Background())
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/domain", "")
	assert.Equal(t, []Domain{
		{
			ID: 47, Name: "testname.com", Expires: domainDate(2017, 12, 30), RecurringAmount: mustDecimal(t, "15.00"),
			DateCreated: domainDate(2016, 12, 30), Status: DomainActive, Period: 1, AutoRenew: true, DaysToExpire: 365,
		},
		{
			ID: 52, Name: "example.org", RecurringAmount: mustDecimal(t, "16.24"),
			DateCreated: domainDate(2017, 1, 5), Status: DomainPending, Period: 2, AutoRenew: false, DaysToExpire: 0,
		},
	}, got)
	assert.Equal(t, "15.00", got[0].RecurringAmount.String(), "money keeps the server's digits")
	assert.True(t, got[1].Expires.IsZero(), "0000-00-00 is no date")
}

func TestDomainsGet(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/domain/47", 200, "domains/details.json")

	got, err := env.client.Domains.Get(context.Background(), 47)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/domain/47", "")
	assert.Equal(t, testDomain47(t), *got)
	cents, err := got.FirstPayment.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(1000), cents)
}

func TestDomainsGetWithoutDetails(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/domain/47", 200, `{"info":[]}`)

	_, err := env.client.Domains.Get(context.Background(), 47)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"details"`)
}

func TestDomainsGetByName(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/domain/name/testname.com", 200, "domains/by_name.json")

	got, err := env.client.Domains.GetByName(context.Background(), "testname.com")
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/domain/name/testname.com", "")
	expired := Domain{
		ID: 48, Name: "testname.com", Status: DomainExpired,
		DateCreated: domainDate(2016, 5, 30), Expires: domainDate(2017, 5, 30),
		NextDue: domainDate(2017, 5, 30), NextInvoice: domainDate(2017, 4, 30),
		Period: 1, FirstPayment: mustDecimal(t, "10.00"), RecurringAmount: mustDecimal(t, "15.00"),
		IDProtection: true, AutoRenew: false,
		Nameservers: []string{"ns1.example.com", "ns2.example.com"},
	}
	assert.Equal(t, []Domain{testDomain47(t), expired}, got)
}

// The server may send one registration as a bare object, or the list keyed by number.
func TestDomainsGetByNameShapes(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"object": `{"details":{"id":"47","name":"testname.com"}}`,
		"keyed":  `{"details":{"3":{"id":"47","name":"testname.com"}}}`,
		"array":  `{"details":[{"id":"47","name":"testname.com"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			env.on(http.MethodGet, "/domain/name/testname.com", 200, body)
			got, err := env.client.Domains.GetByName(context.Background(), "testname.com")
			require.NoError(t, err)
			assert.Equal(t, []Domain{{ID: 47, Name: "testname.com"}}, got)
		})
	}

	env := newTestEnv(t)
	env.on(http.MethodGet, "/domain/name/none.com", 200, `{"details":[]}`)
	got, err := env.client.Domains.GetByName(context.Background(), "none.com")
	require.NoError(t, err)
	assert.Empty(t, got)
}

// A name is always one escaped path segment: it cannot climb out of /domain/name/.
func TestDomainsGetByNameEscapes(t *testing.T) {
	t.Parallel()
	for name, route := range map[string]string{
		"a/../b":       "/domain/name/a%2F..%2Fb",
		"..":           "/domain/name/%2E%2E",
		".":            "/domain/name/%2E",
		"x.com?y=1#z":  "/domain/name/x.com%3Fy=1%23z",
		"100%.com":     "/domain/name/100%25.com",
		"bücher.de":    "/domain/name/b%C3%BCcher.de",
		"../../logout": "/domain/name/..%2F..%2Flogout",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodGet, route, 200, `{"details":[]}`)
			_, err := env.client.Domains.GetByName(context.Background(), name)
			require.NoError(t, err)
			assertRequest(t, rec.only(t), http.MethodGet, route, "")
		})
	}
}

// domainsRaw returns the fixture as the Raw field of a typed read holds it.
func domainsRaw(t *testing.T, name string) Object {
	t.Helper()
	var raw Object
	require.NoError(t, json.Unmarshal(fixture(t, name), &raw))
	return raw
}

// The reads whose responses the reference does not document decode into typed fields and keep
// the whole response in Raw.
func TestDomainsTypedReads(t *testing.T) {
	t.Parallel()
	reads := []struct {
		route, fixture string
		call           func(context.Context, *DomainsService) (any, error)
		want           func(raw Object) any
	}{
		{"/domain/47/ns", "nameservers.json",
			func(ctx context.Context, s *DomainsService) (any, error) { return s.Nameservers(ctx, 47) },
			func(raw Object) any {
				return &DomainNameservers{Nameservers: []string{"ns1.example.com", "ns2.example.com"}, Raw: raw}
			}},
		{"/domain/47/sync", "sync.json",
			func(ctx context.Context, s *DomainsService) (any, error) { return s.Sync(ctx, 47) },
			func(raw Object) any {
				return &DomainSync{Status: DomainActive, Expires: domainDate(2018, 12, 30), Raw: raw}
			}},
		{"/domain/47/reglock", "reglock.json",
			func(ctx context.Context, s *DomainsService) (any, error) { return s.RegistrarLock(ctx, 47) },
			func(raw Object) any { return &DomainRegistrarLock{Locked: true, Raw: raw} }},
		{"/domain/47/autorenew", "autorenew.json",
			func(ctx context.Context, s *DomainsService) (any, error) { return s.AutoRenew(ctx, 47) },
			func(raw Object) any { return &DomainAutoRenew{Enabled: true, Raw: raw} }},
		{"/domain/47/contact", "contacts.json",
			func(ctx context.Context, s *DomainsService) (any, error) { return s.Contacts(ctx, 47) },
			func(raw Object) any {
				return &DomainContacts{
					Registrant: &DomainContact{FirstName: "Joe", LastName: "Doe", Email: "joe@example.com",
						Address1: "Pretty View Lane", City: "Santa Rosa", State: "California", PostCode: "95401",
						Country: "US", Phone: "+1.24123123"},
					Admin: &DomainContact{FirstName: "Jane", LastName: "Doe", CompanyName: "Example Ltd", Email: "jane@example.com",
						Address1: "1 Main St", Address2: "Suite 2", City: "Austin", State: "Texas", PostCode: "73301",
						Country: "US", Phone: "5550100"},
					Tech: &DomainContact{}, // sent as [], PHP's empty map
					Raw:  raw,
				}
			}},
		{"/domain/47/emforwarding", "emforwarding.json",
			func(ctx context.Context, s *DomainsService) (any, error) { return s.EmailForwarding(ctx, 47) },
			func(raw Object) any {
				return &DomainEmailForwarding{Rules: []DomainEmailForward{
					{From: "info", To: "joe@example.com"}, {From: "sales", To: "mary@example.com"},
				}, Raw: raw}
			}},
		{"/domain/47/dnssec/flags", "dnssec_flags.json",
			func(ctx context.Context, s *DomainsService) (any, error) { return s.DNSSECFlags(ctx, 47) },
			func(raw Object) any {
				return &DNSSECFlags{Flags: []DNSSECFlagOption{
					{Value: DNSSECZoneSigningKey, Name: "Zone Signing Key"}, {Value: DNSSECKeySigningKey, Name: "Key Signing Key"},
				}, Raw: raw}
			}},
		{"/domain/47/dnssec", "dnssec_keys.json",
			func(ctx context.Context, s *DomainsService) (any, error) { return s.DNSSECKeys(ctx, 47) },
			func(raw Object) any {
				return &DNSSECKeys{Keys: []DNSSECKey{
					{ID: "k1", Flags: DNSSECKeySigningKey, Algorithm: 13, PublicKey: "ZmFrZS1wdWJsaWMta2V5"},
					{ID: "2", Flags: DNSSECZoneSigningKey, Algorithm: 8, PublicKey: "ZmFrZS16c2s="},
				}, Raw: raw}
			}},
	}
	for _, r := range reads {
		t.Run(r.route, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodGet, r.route, 200, "domains/"+r.fixture)

			got, err := r.call(context.Background(), env.client.Domains)
			require.NoError(t, err)

			assertRequest(t, rec.only(t), http.MethodGet, r.route, "")
			assert.Equal(t, r.want(domainsRaw(t, "domains/"+r.fixture)), got)
		})
	}
}

// The typed reads accept PHP's empty map ([]) and bodies without their key as empty.
func TestDomainsTypedReadsEmpty(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`[]`, `{}`, `{"nameservers":null}`, `{"nameservers":[]}`} {
		env := newTestEnv(t)
		env.on(http.MethodGet, "/domain/47/ns", 200, body)
		got, err := env.client.Domains.Nameservers(context.Background(), 47)
		require.NoError(t, err, body)
		assert.Empty(t, got.Nameservers, body)
	}
	for _, body := range []string{`{"contact_info":[]}`, `{"contact_info":null}`, `{}`} {
		env := newTestEnv(t)
		env.on(http.MethodGet, "/domain/47/contact", 200, body)
		got, err := env.client.Domains.Contacts(context.Background(), 47)
		require.NoError(t, err, body)
		assert.Nil(t, got.Registrant, body)
		assert.Nil(t, got.Admin, body)
	}
}

// A typed read whose response does not have the shape the SDK knows fails, naming the request,
// rather than returning empty fields.
func TestDomainsTypedReadsMismatch(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/domain/47/dnssec/flags", 200, `{"flags":{"KSK":"Key Signing Key"}}`)
	env.on(http.MethodGet, "/domain/47/reglock", 200, `{"reglock":"maybe"}`)

	_, err := env.client.Domains.DNSSECFlags(context.Background(), 47)
	assert.ErrorContains(t, err, `GET /domain/47/dnssec/flags: decoding the response: unmetered: DNSSEC flag "KSK" is not a number`)
	_, err = env.client.Domains.RegistrarLock(context.Background(), 47)
	var wire *WireError
	require.ErrorAs(t, err, &wire)
	assert.Equal(t, "Bool", wire.Type)
}

// The EPP code is a credential: it is read with Reveal and never printed by accident.
func TestDomainsEPPCode(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/domain/47/epp", 200, "domains/epp.json")

	epp, err := env.client.Domains.EPPCode(context.Background(), 47)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/domain/47/epp", "")
	assert.Equal(t, "FAKE-EPP-0000", epp.Code.Reveal())
	b, err := json.Marshal(epp)
	require.NoError(t, err)
	for _, printed := range []string{fmt.Sprintf("%v %+v %#v %s", epp, epp, epp, epp.Code), string(b)} {
		assert.NotContains(t, printed, "FAKE-EPP-0000")
		assert.Contains(t, printed, "[REDACTED]")
	}

	env = newTestEnv(t)
	env.on(http.MethodGet, "/domain/47/epp", 200, `{"info":["The EPP code was sent to the registrant"]}`)
	epp, err = env.client.Domains.EPPCode(context.Background(), 47)
	require.NoError(t, err)
	assert.Empty(t, epp.Code.Reveal(), "emailed, not in the response")
}

// Public types marshal with snake_case keys of their field names: the form the CLI prints.
func TestDomainsPublicJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(testDomain47(t))
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"id": 47, "name": "testname.com", "status": "Active", "date_created": "2016-12-30",
		"expires": "2017-12-30", "next_due": "2017-12-30", "next_invoice": "2017-11-30", "period": 1,
		"first_payment": "10.00", "recurring_amount": "15.00", "id_protection": false, "auto_renew": true,
		"nameservers": ["ns1.example.com", "ns2.example.com", "ns3.example.com", "ns4.example.com"],
		"days_to_expire": 0
	}`, string(b))
	var back Domain
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, testDomain47(t), back, "plain types round-trip")

	b, err = json.Marshal(DomainDNSRecord{ID: 2, Name: "@", Type: DomainDNSTypeMX, TTL: 3600, Priority: 10, Content: "mx.example.com"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":2,"name":"@","type":"MX","ttl":3600,"priority":10,"content":"mx.example.com"}`, string(b))
}

func TestDomainsFailures(t *testing.T) {
	t.Parallel()

	t.Run("404", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t)
		env.on(http.MethodGet, "/domain/99", 404, `{"error":["Domain not found"]}`)
		_, err := env.client.Domains.Get(context.Background(), 99)
		require.ErrorIs(t, err, ErrNotFound)
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "/domain/99", apiErr.Path)
		assert.Equal(t, []string{"Domain not found"}, apiErr.Messages)
	})

	t.Run("200 with error", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t)
		rec := env.on(http.MethodPut, "/domain/47/ns", 200, `{"error":["Invalid nameserver ns1.invalid"]}`)
		err := env.client.Domains.SetNameservers(context.Background(), 47, []string{"ns1.invalid", "ns2.invalid"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Invalid nameserver ns1.invalid")
		assert.Equal(t, 1, rec.count(), "an error in a 200 is not retried")
	})

	t.Run("list with error", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t)
		env.on(http.MethodGet, "/domain", 200, `{"error":["access denied"],"domains":[]}`)
		_, err := env.client.Domains.List(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "access denied")
	})

	t.Run("undecodable list", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t)
		env.on(http.MethodGet, "/domain", 200, `{"domains":"nope"}`)
		_, err := env.client.Domains.List(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), `GET /domain: decoding "domains"`)
		var wire *WireError
		require.ErrorAs(t, err, &wire)
		assert.Equal(t, "List", wire.Type)
	})
}

// A transfer without an EPP code is sent when the caller does not require one (some TLDs need none).
func TestDomainsOrderTransferWithoutEPP(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/domain/order", 200, "domains/order.json")
	_, err := env.client.Domains.Order(context.Background(), DomainOrderRequest{Name: "example.com", Years: 1, Action: DomainTransfer})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPost, "/domain/order", `{"name":"example.com","years":"1","action":"transfer"}`)
}
