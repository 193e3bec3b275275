package unmetered

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// DomainsService covers the API's "Domains" section: the account's domain registrations, their
// nameservers, registrar settings, contacts, forwarding, DNSSEC keys and registrar-hosted DNS
// records, and buying domains (lookup, TLD prices, order, renew). Reach it as Client.Domains.
//
// Reads are retried on transient failures; Lookup is a read-only POST and is retried too.
// Order, Renew, CreateDNSRecord and RegisterNameserver are POSTs with side effects and are never
// sent twice once they may have reached the server. Two other writes are not idempotent either:
// DeleteDNSRecord (the indexes of later records shift) and AddDNSSECKey (each request adds a
// key); README's retry table says how each endpoint is retried.
type DomainsService service

// List returns the domains on the account (GET /domain), with summary fields only; use Get for
// nameservers and billing dates.
func (s *DomainsService) List(ctx context.Context) ([]Domain, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/domain"), "domains", (*domainWire).public)
}

// Get returns one domain's details, nameservers included (GET /domain/@id).
func (s *DomainsService) Get(ctx context.Context, id int64) (*Domain, error) {
	var out struct {
		Details *domainWire `json:"details"`
	}
	rt, err := newRoute(http.MethodGet, "/domain/@id", id)
	if err != nil {
		return nil, err
	}
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return nil, err
	}
	w, err := required(out.Details, rt, "details")
	if err != nil {
		return nil, err
	}
	d := w.public()
	return &d, nil
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
	return getListOf(ctx, s.client, rt, "details", (*domainWire).public)
}

// Nameservers returns the domain's nameservers as the registrar reports them
// (GET /domain/@id/ns). Get also lists the nameservers the portal holds.
func (s *DomainsService) Nameservers(ctx context.Context, id int64) (*DomainNameservers, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/ns", id)
	if err != nil {
		return nil, err
	}
	w, raw, err := getWithRaw[domainNameserversWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	return &DomainNameservers{Nameservers: []string(w.Nameservers), Raw: raw}, nil
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

// RegisterNameserver registers a nameserver host under the domain with its address (a glue
// record) at the registrar (POST /domain/@id/reg). A blank Nameserver, or an IP that is not an
// IPv4 or IPv6 address, is an error wrapping ErrInvalidArgument, returned before anything is
// sent. It is never sent twice: a failure after the request may have reached the server is
// returned, not retried; MaybeApplied(err) tells whether it may have.
func (s *DomainsService) RegisterNameserver(ctx context.Context, id int64, r RegisterNameserverRequest) error {
	if strings.TrimSpace(r.Nameserver) == "" {
		return fmt.Errorf("%w: RegisterNameserver: Nameserver is blank", ErrInvalidArgument)
	}
	if _, err := netip.ParseAddr(r.IP); err != nil {
		return fmt.Errorf("%w: RegisterNameserver: IP %q is not an IP address", ErrInvalidArgument, r.IP)
	}
	rt, err := newRoute(http.MethodPost, "/domain/@id/reg", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, r, nil)
}

// EPPCode asks the registrar for the domain's EPP (transfer authorisation) code
// (GET /domain/@id/epp). Depending on the registrar the code is in the response or emailed to
// the registrant (then Code is empty).
func (s *DomainsService) EPPCode(ctx context.Context, id int64) (*DomainEPPCode, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/epp", id)
	if err != nil {
		return nil, err
	}
	w, err := get[domainEPPCodeWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	return &DomainEPPCode{Code: w.Code}, nil
}

// Sync refreshes the domain's status and expiry date from the registrar (GET /domain/@id/sync)
// and returns them.
func (s *DomainsService) Sync(ctx context.Context, id int64) (*DomainSync, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/sync", id)
	if err != nil {
		return nil, err
	}
	w, raw, err := getWithRaw[domainSyncWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	return &DomainSync{Status: w.Status, Expires: w.Expires, Raw: raw}, nil
}

// RegistrarLock returns the domain's registrar (transfer) lock state (GET /domain/@id/reglock).
func (s *DomainsService) RegistrarLock(ctx context.Context, id int64) (*DomainRegistrarLock, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/reglock", id)
	if err != nil {
		return nil, err
	}
	w, raw, err := getWithRaw[domainRegistrarLockWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	return &DomainRegistrarLock{Locked: bool(w.Locked), Raw: raw}, nil
}

// switchBody is the request of the on/off settings.
type switchBody struct {
	Switch bool `json:"switch"`
}

// SetRegistrarLock turns the domain's registrar (transfer) lock on or off
// (PUT /domain/@id/reglock with {"switch": r.Locked}).
func (s *DomainsService) SetRegistrarLock(ctx context.Context, id int64, r RegistrarLockRequest) error {
	rt, err := newRoute(http.MethodPut, "/domain/@id/reglock", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, switchBody{r.Locked}, nil)
}

// SetIDProtection turns WHOIS ID protection on or off (PUT /domain/@id/idprotection with
// {"switch": r.Enabled}). The registrar may charge for it.
func (s *DomainsService) SetIDProtection(ctx context.Context, id int64, r IDProtectionRequest) error {
	rt, err := newRoute(http.MethodPut, "/domain/@id/idprotection", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, switchBody{r.Enabled}, nil)
}

// Contacts returns the domain's WHOIS contacts (GET /domain/@id/contact).
func (s *DomainsService) Contacts(ctx context.Context, id int64) (*DomainContacts, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/contact", id)
	if err != nil {
		return nil, err
	}
	w, raw, err := getWithRaw[domainContactsWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	c := w.public()
	c.Raw = raw
	return &c, nil
}

// UpdateContacts replaces the domain's WHOIS contacts given in r (PUT /domain/@id/contact, sent
// as {"contact_info": {"registrant": {...}, ...}}); the contacts r leaves nil are unchanged. A
// request without any contact is an error wrapping ErrInvalidArgument, returned before anything
// is sent.
func (s *DomainsService) UpdateContacts(ctx context.Context, id int64, r DomainContactsRequest) error {
	body := r.wire()
	if len(body) == 0 {
		return fmt.Errorf("%w: UpdateContacts: the request has no contact", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodPut, "/domain/@id/contact", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, map[string]any{"contact_info": body}, nil)
}

// EmailForwarding returns the domain's email forwarding rules (GET /domain/@id/emforwarding).
func (s *DomainsService) EmailForwarding(ctx context.Context, id int64) (*DomainEmailForwarding, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/emforwarding", id)
	if err != nil {
		return nil, err
	}
	w, raw, err := getWithRaw[domainEmailForwardingWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	return &DomainEmailForwarding{Rules: []DomainEmailForward(w.Rules), Raw: raw}, nil
}

// SetEmailForwarding forwards mail for r.From (a mailbox name or address at the domain) to the
// address r.To (PUT /domain/@id/emforwarding), replacing the mailbox's rule if it has one. Both
// are required: an empty one is an error wrapping ErrInvalidArgument, returned before anything
// is sent.
func (s *DomainsService) SetEmailForwarding(ctx context.Context, id int64, r EmailForwardingRequest) error {
	switch {
	case strings.TrimSpace(r.From) == "":
		return fmt.Errorf("%w: SetEmailForwarding: From is blank", ErrInvalidArgument)
	case strings.TrimSpace(r.To) == "":
		return fmt.Errorf("%w: SetEmailForwarding: To is blank", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodPut, "/domain/@id/emforwarding", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, r, nil)
}

// SetForwarding forwards the domain's web requests to r.URL (PUT /domain/@id/forwarding). A
// blank URL is an error wrapping ErrInvalidArgument, returned before anything is sent.
func (s *DomainsService) SetForwarding(ctx context.Context, id int64, r DomainForwardingRequest) error {
	if strings.TrimSpace(r.URL) == "" {
		return fmt.Errorf("%w: SetForwarding: URL is blank", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodPut, "/domain/@id/forwarding", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, r, nil)
}

// AutoRenew returns the domain's automatic renewal setting (GET /domain/@id/autorenew). Get
// and List report it too, as Domain.AutoRenew.
func (s *DomainsService) AutoRenew(ctx context.Context, id int64) (*DomainAutoRenew, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/autorenew", id)
	if err != nil {
		return nil, err
	}
	w, raw, err := getWithRaw[domainAutoRenewWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	return &DomainAutoRenew{Enabled: bool(w.Enabled), Raw: raw}, nil
}

// SetAutoRenew turns automatic renewal on or off (PUT /domain/@id/autorenew with
// {"autorenew": r.Enabled}).
func (s *DomainsService) SetAutoRenew(ctx context.Context, id int64, r AutoRenewRequest) error {
	body := struct {
		AutoRenew bool `json:"autorenew"`
	}{r.Enabled}
	rt, err := newRoute(http.MethodPut, "/domain/@id/autorenew", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, body, nil)
}
