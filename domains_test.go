package unmetered

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func domainDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// testDomain47 is domain 47 as details.json and by_name.json describe it.
func testDomain47(t *testing.T) Domain {
	return Domain{
		ID: 47, Name: "testname.com", Status: "Active",
		DateCreated: domainDate(2016, 12, 30), Expires: domainDate(2017, 12, 30),
		NextDue: domainDate(2017, 12, 30), NextInvoice: domainDate(2017, 11, 30),
		Period: 1, FirstPayment: mustDecimal(t, "10.00"), RecurringAmount: mustDecimal(t, "15.00"),
		IDProtection: false, AutoRenew: true,
		Nameservers: List[string]{"ns1.example.com", "ns2.example.com", "ns3.example.com", "ns4.example.com"},
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
			DateCreated: domainDate(2016, 12, 30), Status: "Active", Period: 1, AutoRenew: true, DaysToExpire: 365,
		},
		{
			ID: 52, Name: "example.org", RecurringAmount: mustDecimal(t, "16.24"),
			DateCreated: domainDate(2017, 1, 5), Status: "Pending", Period: 2, AutoRenew: false, DaysToExpire: 0,
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
		ID: 48, Name: "testname.com", Status: "Expired",
		DateCreated: domainDate(2016, 5, 30), Expires: domainDate(2017, 5, 30),
		NextDue: domainDate(2017, 5, 30), NextInvoice: domainDate(2017, 4, 30),
		Period: 1, FirstPayment: mustDecimal(t, "10.00"), RecurringAmount: mustDecimal(t, "15.00"),
		IDProtection: true, AutoRenew: false,
		Nameservers: List[string]{"ns1.example.com", "ns2.example.com"},
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

// domainsObject returns the Object inside a struct{ Object } response type.
func domainsObject[T any](v *T, err error) (Object, error) {
	if err != nil {
		return nil, err
	}
	return reflect.ValueOf(v).Elem().Field(0).Interface().(Object), nil
}

// The reads whose responses the reference does not document keep the whole response.
func TestDomainsObjectReads(t *testing.T) {
	t.Parallel()
	reads := []struct {
		route, fixture string
		call           func(context.Context, *DomainsService) (Object, error)
	}{
		{"/domain/47/ns", "nameservers.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.Nameservers(ctx, 47))
		}},
		{"/domain/47/epp", "epp.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.EPPCode(ctx, 47))
		}},
		{"/domain/47/sync", "sync.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.Sync(ctx, 47))
		}},
		{"/domain/47/reglock", "reglock.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.RegistrarLock(ctx, 47))
		}},
		{"/domain/47/contact", "contacts.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.Contacts(ctx, 47))
		}},
		{"/domain/47/emforwarding", "emforwarding.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.EmailForwarding(ctx, 47))
		}},
		{"/domain/47/autorenew", "autorenew.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.AutoRenew(ctx, 47))
		}},
		{"/domain/47/dnssec/flags", "dnssec_flags.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.DNSSECFlags(ctx, 47))
		}},
		{"/domain/47/dnssec", "dnssec_keys.json", func(ctx context.Context, s *DomainsService) (Object, error) {
			return domainsObject(s.DNSSECKeys(ctx, 47))
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
			assertDomainsObject(t, "domains/"+r.fixture, got)
		})
	}
}

// assertDomainsObject checks that got holds every top-level key of the fixture, with its value.
func assertDomainsObject(t *testing.T, fixtureName string, got Object) {
	t.Helper()
	var want map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(fixture(t, fixtureName), &want))
	require.ElementsMatch(t, Object(want).Keys(), got.Keys())
	for k, v := range want {
		assert.JSONEq(t, string(v), string(got[k]), k)
	}
}

func TestDomainsObjectReadAccessors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/domain/47/epp", 200, "domains/epp.json")
	env.on(http.MethodGet, "/domain/47/contact", 200, "domains/contacts.json")

	epp, err := env.client.Domains.EPPCode(context.Background(), 47)
	require.NoError(t, err)
	assert.Equal(t, "FAKE-EPP-0000", epp.Text("epp_code"))

	contacts, err := env.client.Domains.Contacts(context.Background(), 47)
	require.NoError(t, err)
	var info map[string]map[string]string
	require.NoError(t, contacts.Decode("contact_info", &info))
	assert.Equal(t, "jane@example.com", info["admin"]["email"])
}

// The changes answer an envelope only; each sends its documented method, route and body.
func TestDomainsChanges(t *testing.T) {
	t.Parallel()
	changes := []struct {
		name, method, route, fixture, body string
		call                               func(context.Context, *DomainsService) error
	}{
		{"SetNameservers", http.MethodPut, "/domain/47/ns", "info.json",
			`{"nameservers":["ns1.example.com","ns2.example.com"]}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetNameservers(ctx, 47, []string{"ns1.example.com", "ns2.example.com"})
			}},
		{"SetNameservers defaults", http.MethodPut, "/domain/47/ns", "info.json", `{"nameservers":[]}`,
			func(ctx context.Context, s *DomainsService) error { return s.SetNameservers(ctx, 47, nil) }},
		{"RegisterNameserver", http.MethodPost, "/domain/47/reg", "info.json", "",
			func(ctx context.Context, s *DomainsService) error { return s.RegisterNameserver(ctx, 47, nil) }},
		{"RegisterNameserver fields", http.MethodPost, "/domain/47/reg", "info.json",
			`{"nameserver":"ns1.testname.com","ip":"192.0.2.53"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.RegisterNameserver(ctx, 47, map[string]any{"nameserver": "ns1.testname.com", "ip": "192.0.2.53"})
			}},
		{"SetRegistrarLock on", http.MethodPut, "/domain/47/reglock", "info.json", `{"switch":true}`,
			func(ctx context.Context, s *DomainsService) error { return s.SetRegistrarLock(ctx, 47, true) }},
		{"SetRegistrarLock off", http.MethodPut, "/domain/47/reglock", "info.json", `{"switch":false}`,
			func(ctx context.Context, s *DomainsService) error { return s.SetRegistrarLock(ctx, 47, false) }},
		{"SetIDProtection on", http.MethodPut, "/domain/47/idprotection", "info.json", `{"switch":true}`,
			func(ctx context.Context, s *DomainsService) error { return s.SetIDProtection(ctx, 47, true) }},
		{"SetIDProtection off", http.MethodPut, "/domain/47/idprotection", "info.json", `{"switch":false}`,
			func(ctx context.Context, s *DomainsService) error { return s.SetIDProtection(ctx, 47, false) }},
		{"SetAutoRenew on", http.MethodPut, "/domain/47/autorenew", "info.json", `{"autorenew":true}`,
			func(ctx context.Context, s *DomainsService) error { return s.SetAutoRenew(ctx, 47, true) }},
		{"SetAutoRenew off", http.MethodPut, "/domain/47/autorenew", "info.json", `{"autorenew":false}`,
			func(ctx context.Context, s *DomainsService) error { return s.SetAutoRenew(ctx, 47, false) }},
		{"UpdateContacts", http.MethodPut, "/domain/47/contact", "info.json",
			`{"contact_info":{"registrant":{"firstname":"Joe","email":"joe@example.com"}}}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.UpdateContacts(ctx, 47, map[string]any{
					"registrant": map[string]string{"firstname": "Joe", "email": "joe@example.com"},
				})
			}},
		{"SetEmailForwarding", http.MethodPut, "/domain/47/emforwarding", "info.json",
			`{"from":"info","to":"joe@example.com"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetEmailForwarding(ctx, 47, "info", "joe@example.com")
			}},
		{"SetForwarding", http.MethodPut, "/domain/47/forwarding", "info.json", "",
			func(ctx context.Context, s *DomainsService) error { return s.SetForwarding(ctx, 47, nil) }},
		{"SetForwarding fields", http.MethodPut, "/domain/47/forwarding", "info.json",
			`{"url":"https://www.example.com/"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetForwarding(ctx, 47, map[string]any{"url": "https://www.example.com/"})
			}},
		{"AddDNSSECKey", http.MethodPut, "/domain/47/dnssec", "info.json",
			`{"flags":257,"alg":13,"pubkey":"ZmFrZS1wdWJsaWMta2V5"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.AddDNSSECKey(ctx, 47, map[string]any{"flags": 257, "alg": 13, "pubkey": "ZmFrZS1wdWJsaWMta2V5"})
			}},
		{"DeleteDNSSECKey", http.MethodDelete, "/domain/47/dnssec/k1", "info.json", "",
			func(ctx context.Context, s *DomainsService) error { return s.DeleteDNSSECKey(ctx, 47, "k1") }},
		{"DeleteDNSSECKey escaped", http.MethodDelete, "/domain/47/dnssec/a%2F..%2Fb", "info.json", "",
			func(ctx context.Context, s *DomainsService) error { return s.DeleteDNSSECKey(ctx, 47, "a/../b") }},
		{"DeleteDNSSECKey dot-dot", http.MethodDelete, "/domain/47/dnssec/%2E%2E", "info.json", "",
			func(ctx context.Context, s *DomainsService) error { return s.DeleteDNSSECKey(ctx, 47, "..") }},
		{"DeleteDNSSECKey query", http.MethodDelete, "/domain/47/dnssec/k%3Fx=1%23y", "info.json", "",
			func(ctx context.Context, s *DomainsService) error { return s.DeleteDNSSECKey(ctx, 47, "k?x=1#y") }},
		{"CreateDNSRecord", http.MethodPost, "/domain/47/dns", "dns_info.json",
			`{"name":"www","type":"A","priority":"0","content":"192.0.2.1"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.CreateDNSRecord(ctx, 47, &DomainDNSRecordRequest{Name: "www", Type: "A", Content: "192.0.2.1"})
			}},
		{"UpdateDNSRecord", http.MethodPut, "/domain/47/dns/2", "dns_info.json",
			`{"name":"@","type":"MX","priority":"10","content":"mail.example.com"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.UpdateDNSRecord(ctx, 47, 2, &DomainDNSRecordRequest{Name: "@", Type: "MX", Priority: 10, Content: "mail.example.com"})
			}},
		{"UpdateDNSRecord index 0", http.MethodPut, "/domain/47/dns/0", "dns_info.json",
			`{"name":"","type":"TXT","priority":"0","content":"v=spf1 -all"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.UpdateDNSRecord(ctx, 47, 0, &DomainDNSRecordRequest{Type: "TXT", Content: "v=spf1 -all"})
			}},
		{"DeleteDNSRecord", http.MethodDelete, "/domain/47/dns/2", "dns_info.json", "",
			func(ctx context.Context, s *DomainsService) error { return s.DeleteDNSRecord(ctx, 47, 2) }},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(c.method, c.route, 200, "domains/"+c.fixture)

			require.NoError(t, c.call(context.Background(), env.client.Domains))

			assertRequest(t, rec.only(t), c.method, c.route, c.body)
		})
	}
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

func assertDomainsInvalid(t *testing.T, call func(context.Context, *DomainsService) error) {
	t.Helper()
	env := newTestEnv(t)
	sent := &recorder{} // any request at all, whatever its route
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		sent.add(req)
		return httpmock.NewStringResponse(500, ""), nil
	})
	err := call(context.Background(), env.client.Domains)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, 0, sent.count(), "nothing is sent")
}

// Invalid input is refused before any request is sent.
func TestDomainsInvalidInput(t *testing.T) {
	t.Parallel()
	record := &DomainDNSRecordRequest{Type: "A", Content: "192.0.2.1"}
	order := func(edit func(*DomainOrder)) *DomainOrder {
		o := &DomainOrder{Name: "example.com", Years: 1, Action: DomainRegister}
		edit(o)
		return o
	}
	calls := map[string]func(context.Context, *DomainsService) error{
		"GetByName empty": func(ctx context.Context, s *DomainsService) error {
			_, err := s.GetByName(ctx, "")
			return err
		},
		"SetNameservers blank": func(ctx context.Context, s *DomainsService) error {
			return s.SetNameservers(ctx, 47, []string{"ns1.example.com", " "})
		},
		"UpdateContacts empty": func(ctx context.Context, s *DomainsService) error {
			return s.UpdateContacts(ctx, 47, nil)
		},
		"SetEmailForwarding no from": func(ctx context.Context, s *DomainsService) error {
			return s.SetEmailForwarding(ctx, 47, "", "joe@example.com")
		},
		"SetEmailForwarding no to": func(ctx context.Context, s *DomainsService) error {
			return s.SetEmailForwarding(ctx, 47, "info", " ")
		},
		"AddDNSSECKey empty": func(ctx context.Context, s *DomainsService) error {
			return s.AddDNSSECKey(ctx, 47, map[string]any{})
		},
		"DeleteDNSSECKey empty": func(ctx context.Context, s *DomainsService) error {
			return s.DeleteDNSSECKey(ctx, 47, "")
		},
		"CreateDNSRecord nil": func(ctx context.Context, s *DomainsService) error {
			return s.CreateDNSRecord(ctx, 47, nil)
		},
		"CreateDNSRecord no type": func(ctx context.Context, s *DomainsService) error {
			return s.CreateDNSRecord(ctx, 47, &DomainDNSRecordRequest{Content: "192.0.2.1"})
		},
		"CreateDNSRecord no content": func(ctx context.Context, s *DomainsService) error {
			return s.CreateDNSRecord(ctx, 47, &DomainDNSRecordRequest{Type: "A"})
		},
		"CreateDNSRecord negative priority": func(ctx context.Context, s *DomainsService) error {
			return s.CreateDNSRecord(ctx, 47, &DomainDNSRecordRequest{Type: "MX", Content: "mx.example.com", Priority: -1})
		},
		"UpdateDNSRecord nil": func(ctx context.Context, s *DomainsService) error {
			return s.UpdateDNSRecord(ctx, 47, 1, nil)
		},
		"UpdateDNSRecord negative index": func(ctx context.Context, s *DomainsService) error {
			return s.UpdateDNSRecord(ctx, 47, -1, record)
		},
		"DeleteDNSRecord negative index": func(ctx context.Context, s *DomainsService) error {
			return s.DeleteDNSRecord(ctx, 47, -1)
		},
		"Lookup empty": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Lookup(ctx, "  ")
			return err
		},
		"Order nil": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, nil)
			return err
		},
		"Order no name": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) { o.Name = "" }))
			return err
		},
		"Order no action": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) { o.Action = "" }))
			return err
		},
		"Order unknown action": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) { o.Action = "Register" }))
			return err
		},
		"Order zero years": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) { o.Years = 0 }))
			return err
		},
		"Order negative years": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) { o.Years = -2 }))
			return err
		},
		"Order one nameserver": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) { o.Nameservers = []string{"ns1.example.com"} }))
			return err
		},
		"Order five nameservers": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) {
				o.Nameservers = []string{"ns1.example.com", "ns2.example.com", "ns3.example.com", "ns4.example.com", "ns5.example.com"}
			}))
			return err
		},
		"Order blank nameserver": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) { o.Nameservers = []string{"ns1.example.com", ""} }))
			return err
		},
		"Order transfer without required EPP": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrder) { o.Action, o.EPPRequired = DomainTransfer, true }))
			return err
		},
		"Renew zero years": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Renew(ctx, 47, 0, 3)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			assertDomainsInvalid(t, call)
		})
	}
}

// A transfer without an EPP code is sent when the caller does not require one (some TLDs need none).
func TestDomainsOrderTransferWithoutEPP(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/domain/order", 200, "domains/order.json")
	_, err := env.client.Domains.Order(context.Background(), &DomainOrder{Name: "example.com", Years: 1, Action: DomainTransfer})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPost, "/domain/order", `{"name":"example.com","years":"1","action":"transfer"}`)
}
