package unmetered

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Domains methods that change something: what each sends, and the input each refuses
// before sending.

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
		{"RegisterNameserver", http.MethodPost, "/domain/47/reg", "info.json",
			`{"nameserver":"ns1.testname.com","ip":"192.0.2.53"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.RegisterNameserver(ctx, 47, RegisterNameserverRequest{Nameserver: "ns1.testname.com", IP: "192.0.2.53"})
			}},
		{"RegisterNameserver IPv6", http.MethodPost, "/domain/47/reg", "info.json",
			`{"nameserver":"ns2.testname.com","ip":"2001:db8::53"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.RegisterNameserver(ctx, 47, RegisterNameserverRequest{Nameserver: "ns2.testname.com", IP: "2001:db8::53"})
			}},
		{"SetRegistrarLock on", http.MethodPut, "/domain/47/reglock", "info.json", `{"switch":true}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetRegistrarLock(ctx, 47, RegistrarLockRequest{Locked: true})
			}},
		{"SetRegistrarLock off", http.MethodPut, "/domain/47/reglock", "info.json", `{"switch":false}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetRegistrarLock(ctx, 47, RegistrarLockRequest{})
			}},
		{"SetIDProtection on", http.MethodPut, "/domain/47/idprotection", "info.json", `{"switch":true}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetIDProtection(ctx, 47, IDProtectionRequest{Enabled: true})
			}},
		{"SetIDProtection off", http.MethodPut, "/domain/47/idprotection", "info.json", `{"switch":false}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetIDProtection(ctx, 47, IDProtectionRequest{})
			}},
		{"SetAutoRenew on", http.MethodPut, "/domain/47/autorenew", "info.json", `{"autorenew":true}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetAutoRenew(ctx, 47, AutoRenewRequest{Enabled: true})
			}},
		{"SetAutoRenew off", http.MethodPut, "/domain/47/autorenew", "info.json", `{"autorenew":false}`,
			func(ctx context.Context, s *DomainsService) error { return s.SetAutoRenew(ctx, 47, AutoRenewRequest{}) }},
		{"UpdateContacts", http.MethodPut, "/domain/47/contact", "info.json",
			`{"contact_info":{
				"registrant":{"firstname":"Joe","lastname":"Doe","email":"joe@example.com","postcode":"95401","phonenumber":"+1.24123123"},
				"billing":{"companyname":"Example Ltd","address1":"1 Main St","address2":"Suite 2","city":"Austin","state":"Texas","country":"US"}
			}}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.UpdateContacts(ctx, 47, DomainContactsRequest{
					Registrant: &DomainContact{FirstName: "Joe", LastName: "Doe", Email: "joe@example.com", PostCode: "95401", Phone: "+1.24123123"},
					Billing: &DomainContact{CompanyName: "Example Ltd", Address1: "1 Main St", Address2: "Suite 2",
						City: "Austin", State: "Texas", Country: "US"},
				})
			}},
		{"SetEmailForwarding", http.MethodPut, "/domain/47/emforwarding", "info.json",
			`{"from":"info","to":"joe@example.com"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetEmailForwarding(ctx, 47, EmailForwardingRequest{From: "info", To: "joe@example.com"})
			}},
		{"SetForwarding", http.MethodPut, "/domain/47/forwarding", "info.json", `{"url":"https://www.example.com/"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetForwarding(ctx, 47, DomainForwardingRequest{URL: "https://www.example.com/"})
			}},
		{"SetForwarding frame", http.MethodPut, "/domain/47/forwarding", "info.json",
			`{"url":"https://www.example.com/","type":"frame"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.SetForwarding(ctx, 47, DomainForwardingRequest{URL: "https://www.example.com/", Type: DomainForwardFrame})
			}},
		{"AddDNSSECKey", http.MethodPut, "/domain/47/dnssec", "info.json",
			`{"flags":257,"alg":13,"pubkey":"ZmFrZS1wdWJsaWMta2V5"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.AddDNSSECKey(ctx, 47, DNSSECKeyRequest{Flags: DNSSECKeySigningKey, Algorithm: 13, PublicKey: "ZmFrZS1wdWJsaWMta2V5"})
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
				return s.CreateDNSRecord(ctx, 47, DomainDNSRecordRequest{Name: "www", Type: DomainDNSTypeA, Content: "192.0.2.1"})
			}},
		{"UpdateDNSRecord", http.MethodPut, "/domain/47/dns/2", "dns_info.json",
			`{"name":"@","type":"MX","priority":"10","content":"mail.example.com"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.UpdateDNSRecord(ctx, 47, 2, DomainDNSRecordRequest{Name: "@", Type: DomainDNSTypeMX, Priority: 10, Content: "mail.example.com"})
			}},
		{"UpdateDNSRecord index 0", http.MethodPut, "/domain/47/dns/0", "dns_info.json",
			`{"name":"","type":"TXT","priority":"0","content":"v=spf1 -all"}`,
			func(ctx context.Context, s *DomainsService) error {
				return s.UpdateDNSRecord(ctx, 47, 0, DomainDNSRecordRequest{Type: DomainDNSTypeTXT, Content: "v=spf1 -all"})
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

// assertDomainsInvalid checks that call fails with ErrInvalidArgument without sending anything,
// and returns its error.
func assertDomainsInvalid(t *testing.T, call func(context.Context, *DomainsService) error) error {
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
	return err
}

// Invalid input is refused before any request is sent, with an error naming the method and
// the field.
func TestDomainsInvalidInput(t *testing.T) {
	t.Parallel()
	record := DomainDNSRecordRequest{Type: DomainDNSTypeA, Content: "192.0.2.1"}
	last := DomainDNSRecord{ID: 1, Name: "www", Type: DomainDNSTypeA, Content: "192.0.2.1"}
	order := func(edit func(*DomainOrderRequest)) DomainOrderRequest {
		o := DomainOrderRequest{Name: "example.com", Years: 1, Action: DomainRegister}
		edit(&o)
		return o
	}
	calls := map[string]struct {
		call func(context.Context, *DomainsService) error
		want string // in the error
	}{
		"GetByName empty": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.GetByName(ctx, "")
			return err
		}, "@name"},
		"Get id 0": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Get(ctx, 0)
			return err
		}, "GET /domain/@id"},
		"SetNameservers blank": {func(ctx context.Context, s *DomainsService) error {
			return s.SetNameservers(ctx, 47, []string{"ns1.example.com", " "})
		}, "SetNameservers: nameserver 2 is blank"},
		"RegisterNameserver no host": {func(ctx context.Context, s *DomainsService) error {
			return s.RegisterNameserver(ctx, 47, RegisterNameserverRequest{IP: "192.0.2.53"})
		}, "RegisterNameserver: Nameserver is blank"},
		"RegisterNameserver bad IP": {func(ctx context.Context, s *DomainsService) error {
			return s.RegisterNameserver(ctx, 47, RegisterNameserverRequest{Nameserver: "ns1.example.com", IP: "192.0.2"})
		}, `RegisterNameserver: IP "192.0.2"`},
		"UpdateContacts empty": {func(ctx context.Context, s *DomainsService) error {
			return s.UpdateContacts(ctx, 47, DomainContactsRequest{})
		}, "UpdateContacts: the request has no contact"},
		"SetEmailForwarding no from": {func(ctx context.Context, s *DomainsService) error {
			return s.SetEmailForwarding(ctx, 47, EmailForwardingRequest{To: "joe@example.com"})
		}, "SetEmailForwarding: From is blank"},
		"SetEmailForwarding no to": {func(ctx context.Context, s *DomainsService) error {
			return s.SetEmailForwarding(ctx, 47, EmailForwardingRequest{From: "info", To: " "})
		}, "SetEmailForwarding: To is blank"},
		"SetForwarding no URL": {func(ctx context.Context, s *DomainsService) error {
			return s.SetForwarding(ctx, 47, DomainForwardingRequest{Type: DomainForwardFrame})
		}, "SetForwarding: URL is blank"},
		"AddDNSSECKey empty": {func(ctx context.Context, s *DomainsService) error {
			return s.AddDNSSECKey(ctx, 47, DNSSECKeyRequest{})
		}, "AddDNSSECKey: Flags 0"},
		"AddDNSSECKey algorithm": {func(ctx context.Context, s *DomainsService) error {
			return s.AddDNSSECKey(ctx, 47, DNSSECKeyRequest{Flags: DNSSECKeySigningKey, Algorithm: 256, PublicKey: "AwEAAc=="})
		}, "AddDNSSECKey: Algorithm 256"},
		"AddDNSSECKey no key": {func(ctx context.Context, s *DomainsService) error {
			return s.AddDNSSECKey(ctx, 47, DNSSECKeyRequest{Flags: DNSSECKeySigningKey, Algorithm: 13, PublicKey: "  "})
		}, "AddDNSSECKey: PublicKey is blank"},
		"DeleteDNSSECKey empty": {func(ctx context.Context, s *DomainsService) error {
			return s.DeleteDNSSECKey(ctx, 47, "")
		}, "@key"},
		"CreateDNSRecord empty": {func(ctx context.Context, s *DomainsService) error {
			return s.CreateDNSRecord(ctx, 47, DomainDNSRecordRequest{})
		}, "CreateDNSRecord: Type is blank"},
		"CreateDNSRecord no content": {func(ctx context.Context, s *DomainsService) error {
			return s.CreateDNSRecord(ctx, 47, DomainDNSRecordRequest{Type: DomainDNSTypeA})
		}, "CreateDNSRecord: Content is blank"},
		"CreateDNSRecord negative priority": {func(ctx context.Context, s *DomainsService) error {
			return s.CreateDNSRecord(ctx, 47, DomainDNSRecordRequest{Type: DomainDNSTypeMX, Content: "mx.example.com", Priority: -1})
		}, "CreateDNSRecord: Priority -1 is negative"},
		"UpdateDNSRecord empty": {func(ctx context.Context, s *DomainsService) error {
			return s.UpdateDNSRecord(ctx, 47, 1, DomainDNSRecordRequest{})
		}, "UpdateDNSRecord: Type is blank"},
		"UpdateDNSRecord negative index": {func(ctx context.Context, s *DomainsService) error {
			return s.UpdateDNSRecord(ctx, 47, -1, record)
		}, "@index"},
		"DeleteDNSRecord negative index": {func(ctx context.Context, s *DomainsService) error {
			return s.DeleteDNSRecord(ctx, 47, -1)
		}, "@index"},
		"UpdateDNSRecordChecked empty": {func(ctx context.Context, s *DomainsService) error {
			return s.UpdateDNSRecordChecked(ctx, 47, last, DomainDNSRecordRequest{})
		}, "UpdateDNSRecordChecked: Type is blank"},
		"UpdateDNSRecordChecked negative index": {func(ctx context.Context, s *DomainsService) error {
			return s.UpdateDNSRecordChecked(ctx, 47, DomainDNSRecord{ID: -1}, record)
		}, "UpdateDNSRecordChecked: record index -1 is negative"},
		"DeleteDNSRecordChecked negative index": {func(ctx context.Context, s *DomainsService) error {
			return s.DeleteDNSRecordChecked(ctx, 47, DomainDNSRecord{ID: -1})
		}, "DeleteDNSRecordChecked: record index -1 is negative"},
		"DeleteDNSRecordChecked domain 0": {func(ctx context.Context, s *DomainsService) error {
			return s.DeleteDNSRecordChecked(ctx, 0, last)
		}, "GET /domain/@id/dns"},
		"Lookup empty": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Lookup(ctx, "  ")
			return err
		}, "Lookup: the name is blank"},
		"Order zero": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, DomainOrderRequest{})
			return err
		}, "Order: Name is blank"},
		"Order no action": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrderRequest) { o.Action = "" }))
			return err
		}, "Order: Action"},
		"Order unknown action": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrderRequest) { o.Action = "Register" }))
			return err
		}, `Order: Action "Register"`},
		"Order zero years": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrderRequest) { o.Years = 0 }))
			return err
		}, "Order: Years must be at least 1, not 0"},
		"Order negative years": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrderRequest) { o.Years = -2 }))
			return err
		}, "Order: Years must be at least 1, not -2"},
		"Order one nameserver": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrderRequest) { o.Nameservers = []string{"ns1.example.com"} }))
			return err
		}, "Order: give 2 to 4 Nameservers"},
		"Order five nameservers": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrderRequest) {
				o.Nameservers = []string{"ns1.example.com", "ns2.example.com", "ns3.example.com", "ns4.example.com", "ns5.example.com"}
			}))
			return err
		}, "not 5"},
		"Order blank nameserver": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrderRequest) { o.Nameservers = []string{"ns1.example.com", ""} }))
			return err
		}, "Order: nameserver 2 is blank"},
		"Order transfer without required EPP": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, order(func(o *DomainOrderRequest) { o.Action, o.EPPRequired = DomainTransfer, true }))
			return err
		}, "needs an EPP code"},
		"Renew zero years": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Renew(ctx, 47, RenewRequest{PayMethod: 3})
			return err
		}, "Renew: Years must be at least 1, not 0"},
		"Renew domain 0": {func(ctx context.Context, s *DomainsService) error {
			_, err := s.Renew(ctx, 0, RenewRequest{Years: 1})
			return err
		}, "POST /domain/@id/renew"},
	}
	for name, c := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := assertDomainsInvalid(t, c.call)
			assert.ErrorContains(t, err, c.want)
		})
	}
}
