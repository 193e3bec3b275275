package unmetered

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// DomainsService covers the API's "Domains" section: the account's domain registrations, their
// nameservers, registrar settings, contacts, forwarding, DNSSEC keys and registrar-hosted DNS
// records, and buying domains (lookup, TLD prices, order, renew). Reach it as Client.Domains.
//
// Reads, PUTs and DELETEs are retried on transient failures; Lookup is a read-only POST and is
// retried too. Order, Renew, CreateDNSRecord and RegisterNameserver are POSTs with side effects
// and are never sent twice once they may have reached the server.
type DomainsService service

// Domain is a domain registration on the account. List fills the summary fields (ID, Name,
// Expires, RecurringAmount, DateCreated, Status, Period, AutoRenew, DaysToExpire); Get and
// GetByName fill the details (everything but DaysToExpire).
type Domain struct {
	ID   Int    `json:"id"`
	Name string `json:"name"`
	// Status is the registration's status, e.g. "Active", "Pending", "Expired", "Cancelled".
	Status      string `json:"status"`
	DateCreated Date   `json:"date_created"`
	// Expires is the registration's expiry date (zero when the registrar has not reported one).
	Expires     Date `json:"expires"`
	NextDue     Date `json:"next_due"`
	NextInvoice Date `json:"next_invoice"`
	// Period is the billing period in years.
	Period Int `json:"period"`
	// FirstPayment and RecurringAmount are amounts in the account's currency.
	FirstPayment    Decimal `json:"firstpayment"`
	RecurringAmount Decimal `json:"recurring_amount"`
	// IDProtection reports whether WHOIS ID protection is on.
	IDProtection Bool `json:"idprotection"`
	// AutoRenew reports whether the domain is renewed automatically.
	AutoRenew Bool `json:"autorenew"`
	// Nameservers are the domain's nameservers, in order.
	Nameservers List[string] `json:"nameservers"`
	// DaysToExpire is the number of days until Expires (filled by List only).
	DaysToExpire Int `json:"daytoexpire"`
}

// List returns the domains on the account (GET /domain), with summary fields only; use Get for
// nameservers and billing dates.
func (s *DomainsService) List(ctx context.Context) ([]Domain, error) {
	return getList[Domain](ctx, s.client, staticRoute(http.MethodGet, "/domain"), "domains")
}

// Get returns one domain's details, nameservers included (GET /domain/@id).
func (s *DomainsService) Get(ctx context.Context, id int64) (*Domain, error) {
	var out struct {
		Details *Domain `json:"details"`
	}
	rt, err := newRoute(http.MethodGet, "/domain/@id", id)
	if err != nil {
		return nil, err
	}
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return nil, err
	}
	return required(out.Details, rt, "details")
}

// GetByName returns the registrations of the domain name (GET /domain/name/@name), e.g.
// "example.com". The server answers a list because several registrations (an expired one and
// its successor, say) can share one name. A name with no registration on the account is an
// empty list or, from servers that answer 404, an error matching ErrNotFound. The name is sent as one
// escaped path segment, whatever it contains; an empty name is an error wrapping
// ErrInvalidArgument.
func (s *DomainsService) GetByName(ctx context.Context, name string) ([]Domain, error) {
	rt, err := newRoute(http.MethodGet, "/domain/name/@name", name)
	if err != nil {
		return nil, err
	}
	return getList[Domain](ctx, s.client, rt, "details")
}

// The responses of the following reads are not documented by the API reference, so each is kept
// whole as an Object (read it with Decode, Text and Keys) under its own type, so that typed
// fields can be added later without breaking callers.
type (
	// DomainNameservers is the response of GET /domain/@id/ns.
	DomainNameservers struct{ Object }
	// DomainEPPCode is the response of GET /domain/@id/epp (the transfer authorisation code).
	DomainEPPCode struct{ Object }
	// DomainSync is the response of GET /domain/@id/sync.
	DomainSync struct{ Object }
	// DomainRegistrarLock is the response of GET /domain/@id/reglock.
	DomainRegistrarLock struct{ Object }
	// DomainContacts is the response of GET /domain/@id/contact (the WHOIS contacts).
	DomainContacts struct{ Object }
	// DomainEmailForwarding is the response of GET /domain/@id/emforwarding.
	DomainEmailForwarding struct{ Object }
	// DomainAutoRenew is the response of GET /domain/@id/autorenew.
	DomainAutoRenew struct{ Object }
)

// Nameservers returns the domain's nameservers as the registrar reports them
// (GET /domain/@id/ns). Get also lists the nameservers the portal holds.
func (s *DomainsService) Nameservers(ctx context.Context, id int64) (*DomainNameservers, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/ns", id)
	if err != nil {
		return nil, err
	}
	return get[DomainNameservers](ctx, s.client, rt)
}

// SetNameservers replaces the domain's nameservers (PUT /domain/@id/ns), in the order given.
// An empty (or nil) list means the registrar's default nameservers. Blank entries are an error
// wrapping ErrInvalidArgument, returned before anything is sent.
func (s *DomainsService) SetNameservers(ctx context.Context, id int64, nameservers []string) error {
	if err := checkNameservers("SetNameservers", nameservers); err != nil {
		return err
	}
	body := map[string][]string{"nameservers": append([]string{}, nameservers...)}
	rt, err := newRoute(http.MethodPut, "/domain/@id/ns", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, body, nil)
}

func checkNameservers(method string, nameservers []string) error {
	for i, ns := range nameservers {
		if strings.TrimSpace(ns) == "" {
			return fmt.Errorf("%w: %s: nameserver %d is blank", ErrInvalidArgument, method, i+1)
		}
	}
	return nil
}

// RegisterNameserver registers a nameserver host under the domain (a glue record) with the
// registrar (POST /domain/@id/reg). The API reference documents no request fields: pass nil to
// send no body, or the fields the registrar expects (such as the host name and its IP address),
// sent as one JSON object. It is never sent twice: a failure after the request may have reached
// the server is returned, not retried; MaybeApplied(err) tells whether it may have.
func (s *DomainsService) RegisterNameserver(ctx context.Context, id int64, fields map[string]any) error {
	rt, err := newRoute(http.MethodPost, "/domain/@id/reg", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, optionalBody(fields), nil)
}

// optionalBody returns fields as a request body, or no body at all when it is empty (a nil map
// inside an interface would otherwise be sent as "null").
func optionalBody(fields map[string]any) any {
	if len(fields) == 0 {
		return nil
	}
	return fields
}

// EPPCode asks the registrar for the domain's EPP (transfer authorisation) code
// (GET /domain/@id/epp). Depending on the registrar the code is in the response or emailed to
// the registrant.
func (s *DomainsService) EPPCode(ctx context.Context, id int64) (*DomainEPPCode, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/epp", id)
	if err != nil {
		return nil, err
	}
	return get[DomainEPPCode](ctx, s.client, rt)
}

// Sync refreshes the domain's status and expiry date from the registrar (GET /domain/@id/sync).
func (s *DomainsService) Sync(ctx context.Context, id int64) (*DomainSync, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/sync", id)
	if err != nil {
		return nil, err
	}
	return get[DomainSync](ctx, s.client, rt)
}

// RegistrarLock returns the domain's registrar (transfer) lock state (GET /domain/@id/reglock).
func (s *DomainsService) RegistrarLock(ctx context.Context, id int64) (*DomainRegistrarLock, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/reglock", id)
	if err != nil {
		return nil, err
	}
	return get[DomainRegistrarLock](ctx, s.client, rt)
}

// switchBody is the request of the on/off settings.
type switchBody struct {
	Switch bool `json:"switch"`
}

// SetRegistrarLock turns the domain's registrar (transfer) lock on or off
// (PUT /domain/@id/reglock with {"switch": on}).
func (s *DomainsService) SetRegistrarLock(ctx context.Context, id int64, on bool) error {
	rt, err := newRoute(http.MethodPut, "/domain/@id/reglock", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, switchBody{on}, nil)
}

// SetIDProtection turns WHOIS ID protection on or off (PUT /domain/@id/idprotection with
// {"switch": on}). The registrar may charge for it.
func (s *DomainsService) SetIDProtection(ctx context.Context, id int64, on bool) error {
	rt, err := newRoute(http.MethodPut, "/domain/@id/idprotection", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, switchBody{on}, nil)
}

// Contacts returns the domain's WHOIS contacts (GET /domain/@id/contact).
func (s *DomainsService) Contacts(ctx context.Context, id int64) (*DomainContacts, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/contact", id)
	if err != nil {
		return nil, err
	}
	return get[DomainContacts](ctx, s.client, rt)
}

// UpdateContacts changes the domain's WHOIS contacts (PUT /domain/@id/contact, sent as
// {"contact_info": contactInfo}). contactInfo is keyed by contact type ("registrant", "admin",
// "tech", "billing"), each a map of field names to values, in the shape Contacts returns.
// An empty contactInfo is an error wrapping ErrInvalidArgument, returned before anything is sent.
func (s *DomainsService) UpdateContacts(ctx context.Context, id int64, contactInfo map[string]any) error {
	if len(contactInfo) == 0 {
		return fmt.Errorf("%w: UpdateContacts needs contact details", ErrInvalidArgument)
	}
	body := map[string]any{"contact_info": contactInfo}
	rt, err := newRoute(http.MethodPut, "/domain/@id/contact", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, body, nil)
}

// EmailForwarding returns the domain's email forwarding rules (GET /domain/@id/emforwarding).
func (s *DomainsService) EmailForwarding(ctx context.Context, id int64) (*DomainEmailForwarding, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/emforwarding", id)
	if err != nil {
		return nil, err
	}
	return get[DomainEmailForwarding](ctx, s.client, rt)
}

// SetEmailForwarding forwards mail for from (an address or mailbox name at the domain) to the
// address to (PUT /domain/@id/emforwarding). Both are required: an empty one is an error
// wrapping ErrInvalidArgument, returned before anything is sent.
func (s *DomainsService) SetEmailForwarding(ctx context.Context, id int64, from, to string) error {
	if strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
		return fmt.Errorf("%w: SetEmailForwarding needs both a from and a to address", ErrInvalidArgument)
	}
	body := map[string]string{"from": from, "to": to}
	rt, err := newRoute(http.MethodPut, "/domain/@id/emforwarding", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, body, nil)
}

// SetForwarding changes the domain's (web) forwarding (PUT /domain/@id/forwarding). The API
// reference documents no request fields: pass nil to send no body, or the fields the registrar
// expects (such as the target URL), sent as one JSON object.
func (s *DomainsService) SetForwarding(ctx context.Context, id int64, fields map[string]any) error {
	rt, err := newRoute(http.MethodPut, "/domain/@id/forwarding", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, optionalBody(fields), nil)
}

// AutoRenew returns the domain's automatic renewal setting (GET /domain/@id/autorenew). Get
// reports it too, as a flag.
func (s *DomainsService) AutoRenew(ctx context.Context, id int64) (*DomainAutoRenew, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/autorenew", id)
	if err != nil {
		return nil, err
	}
	return get[DomainAutoRenew](ctx, s.client, rt)
}

// SetAutoRenew turns automatic renewal on or off (PUT /domain/@id/autorenew with
// {"autorenew": on}).
func (s *DomainsService) SetAutoRenew(ctx context.Context, id int64, on bool) error {
	body := struct {
		AutoRenew bool `json:"autorenew"`
	}{on}
	rt, err := newRoute(http.MethodPut, "/domain/@id/autorenew", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, body, nil)
}
