package unmetered

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// DomainDNSRecordType is the type of a registrar DNS record. DNSRecordTypes lists the types a
// domain's DNS management supports; the server may send a type not listed here, and the field
// then holds it as sent.
type DomainDNSRecordType string

// The record types of the registrar's DNS management, as the API reference lists them.
const (
	DomainDNSTypeA     DomainDNSRecordType = "A"
	DomainDNSTypeCNAME DomainDNSRecordType = "CNAME"
	// DomainDNSTypeURL redirects web requests for the name to the URL in the content.
	DomainDNSTypeURL DomainDNSRecordType = "URL"
	// DomainDNSTypeFrame shows the URL in the content inside a frame under the name.
	DomainDNSTypeFrame DomainDNSRecordType = "FRAME"
	DomainDNSTypeMX    DomainDNSRecordType = "MX"
	// DomainDNSTypeMXE is a mail exchanger given by IP address: the registrar makes the host
	// record for it.
	DomainDNSTypeMXE DomainDNSRecordType = "MXE"
	DomainDNSTypeTXT DomainDNSRecordType = "TXT"
)

// DomainDNSRecord is a DNS record the registrar hosts for a domain (its "DNS Management"). These
// records are addressed by index, not by a stable id: the index is the record's ID as DNSRecords
// reports it, and the indexes of later records shift when one is removed. Use
// UpdateDNSRecordChecked and DeleteDNSRecordChecked to act on a record only if it is still where
// you read it.
type DomainDNSRecord struct {
	// ID is the record's index, used by UpdateDNSRecord and DeleteDNSRecord.
	ID   int64               `json:"id"`
	Name string              `json:"name"`
	Type DomainDNSRecordType `json:"type"`
	// TTL is in seconds; 0 means the registrar's default.
	TTL int64 `json:"ttl"`
	// Priority applies to MX-like records; 0 otherwise.
	Priority int64 `json:"priority"`
	// Content is the record's data, e.g. an IP address for an A record. Some registrars send
	// multi-part records (SOA, SRV) as a list: their parts are joined with single spaces, in
	// zone-file order ("10 5060 sip.example.com").
	Content string `json:"content"`
}

// same reports whether r and o are the same record at the same index: every field equal.
func (r DomainDNSRecord) same(o DomainDNSRecord) bool {
	return r.ID == o.ID && r.Name == o.Name && r.Type == o.Type && r.TTL == o.TTL && r.Priority == o.Priority &&
		r.Content == o.Content
}

// describe names the record for error messages: index, name, type, priority and content.
func (r DomainDNSRecord) describe() string {
	s := fmt.Sprintf("#%d %s %s", r.ID, r.Name, r.Type)
	if r.Priority != 0 {
		s += fmt.Sprintf(" %d", r.Priority)
	}
	return s + " " + r.Content
}

// DomainDNSRecordRequest is the request of CreateDNSRecord and UpdateDNSRecord. Type and
// Content are required.
type DomainDNSRecordRequest struct {
	// Name is the host name below the domain, e.g. "www"; "" or "@" for the domain itself.
	Name string `json:"name"`
	// Type is one of DNSRecordTypes, e.g. DomainDNSTypeA.
	Type DomainDNSRecordType `json:"type"`
	// Priority is for MX-like records; leave 0 otherwise.
	Priority int64 `json:"priority,string"`
	// Content is the record's data, e.g. "192.0.2.1" for an A record.
	Content string `json:"content"`
}

func (r *DomainDNSRecordRequest) check(method string) error {
	switch {
	case strings.TrimSpace(string(r.Type)) == "":
		return fmt.Errorf("%w: %s: Type is blank", ErrInvalidArgument, method)
	case strings.TrimSpace(r.Content) == "":
		return fmt.Errorf("%w: %s: Content is blank", ErrInvalidArgument, method)
	case r.Priority < 0:
		return fmt.Errorf("%w: %s: Priority %d is negative", ErrInvalidArgument, method, r.Priority)
	}
	return nil
}

// DNSRecords lists the DNS records the registrar hosts for the domain (GET /domain/@id/dns).
// The server may send the list as an array or as an object keyed by index; both decode, in
// index order.
func (s *DomainsService) DNSRecords(ctx context.Context, id int64) ([]DomainDNSRecord, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/dns", id)
	if err != nil {
		return nil, err
	}
	return getListOf(ctx, s.client, rt, "records", (*domainDNSRecordWire).public)
}

// CreateDNSRecord adds a DNS record (POST /domain/@id/dns); the registrar appends it, so the
// indexes of the records already there do not change. It is never sent twice: a failure after
// the request may have reached the server is returned, not retried (when MaybeApplied(err) is
// true, list the records to see whether it was added).
func (s *DomainsService) CreateDNSRecord(ctx context.Context, id int64, r DomainDNSRecordRequest) error {
	if err := r.check("CreateDNSRecord"); err != nil {
		return err
	}
	rt, err := newRoute(http.MethodPost, "/domain/@id/dns", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, r, nil)
}

// UpdateDNSRecord replaces the DNS record at index (PUT /domain/@id/dns/@index) with r, whatever
// record sits there now; index is the record's ID from DNSRecords. All of r's fields are sent.
// If another writer may have removed a record since you listed them, use UpdateDNSRecordChecked.
//
// It is never sent twice: when another writer removes an earlier record, the next record moves
// into the index, and a replay of an update that had already acted would overwrite it. A failure
// after the request may have reached the server is returned, not retried; when
// MaybeApplied(err) is true, list the records before trying again.
func (s *DomainsService) UpdateDNSRecord(ctx context.Context, id, index int64, r DomainDNSRecordRequest) error {
	if err := r.check("UpdateDNSRecord"); err != nil {
		return err
	}
	rt, err := newRoute(http.MethodPut, "/domain/@id/dns/@index", id, index)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, r, nil)
}

// DeleteDNSRecord removes the DNS record at index (DELETE /domain/@id/dns/@index), whatever
// record sits there now; index is the record's ID from DNSRecords. The indexes of later records
// shift down afterwards, so an index read before a delete may name another record after it:
// use DeleteDNSRecordChecked unless you have just listed the records and nothing else writes.
// For the same reason it is never sent twice (a replay would delete the next record); when
// MaybeApplied(err) is true, list the records before trying again.
func (s *DomainsService) DeleteDNSRecord(ctx context.Context, id, index int64) error {
	rt, err := newRoute(http.MethodDelete, "/domain/@id/dns/@index", id, index)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}

// UpdateDNSRecordChecked replaces the record last (as the caller last read it from DNSRecords)
// with r, only if it is still where it was: it lists the records again (GET /domain/@id/dns)
// and sends the update (PUT /domain/@id/dns/@index, index last.ID) only if that index still
// holds a record identical to last in every field. Otherwise it changes nothing and returns an
// error wrapping ErrConflict that says what the index holds now: list the records again and
// decide anew. An invalid r is an error wrapping ErrInvalidArgument, returned before anything is
// sent.
//
// The check narrows the race to the time between the re-read and the write; it cannot close it,
// because the API has no compare-and-swap: a writer that removes a record in that moment (the
// portal's web interface, another program) can still shift the index under the update. Within
// one program, serialise your own writes to a domain's records: the unmetereddns (libdns)
// provider is to hold one lock per zone across the re-read and the write, so that its own
// concurrent calls (several ACME challenges at once, say) never race each other.
//
// Like UpdateDNSRecord, the update is never sent twice: an attempt that may have reached the
// server is not replayed onto whatever the index holds by then. When MaybeApplied(err) is true
// the update may have been made; list the records and decide anew.
func (s *DomainsService) UpdateDNSRecordChecked(ctx context.Context, id int64, last DomainDNSRecord, r DomainDNSRecordRequest) error {
	if err := r.check("UpdateDNSRecordChecked"); err != nil {
		return err
	}
	if err := s.checkRecord(ctx, "UpdateDNSRecordChecked", id, last); err != nil {
		return err
	}
	return s.UpdateDNSRecord(ctx, id, last.ID, r)
}

// DeleteDNSRecordChecked removes the record last (as the caller last read it from DNSRecords)
// only if it is still where it was: it lists the records again (GET /domain/@id/dns) and sends
// the delete (DELETE /domain/@id/dns/@index, index last.ID) only if that index still holds a
// record identical to last in every field. Otherwise it changes nothing and returns an error
// wrapping ErrConflict that says what the index holds now. After it succeeds, the indexes of
// later records have shifted: list them again before the next checked write.
//
// As with UpdateDNSRecordChecked, a writer acting between the re-read and the delete is not
// detected (the API has no compare-and-swap); serialise your own writes per domain. The delete
// is never sent twice; when MaybeApplied(err) is true, list the records before trying again.
func (s *DomainsService) DeleteDNSRecordChecked(ctx context.Context, id int64, last DomainDNSRecord) error {
	if err := s.checkRecord(ctx, "DeleteDNSRecordChecked", id, last); err != nil {
		return err
	}
	return s.DeleteDNSRecord(ctx, id, last.ID)
}

// checkRecord lists the domain's records and returns nil if the index last.ID still holds a
// record identical to last, an error wrapping ErrConflict if not.
func (s *DomainsService) checkRecord(ctx context.Context, method string, id int64, last DomainDNSRecord) error {
	if last.ID < 0 {
		return fmt.Errorf("%w: %s: record index %d is negative", ErrInvalidArgument, method, last.ID)
	}
	records, err := s.DNSRecords(ctx, id)
	if err != nil {
		return fmt.Errorf("unmetered: %s: re-reading the records of domain %d: %w", method, id, err)
	}
	for _, now := range records {
		if now.ID != last.ID {
			continue
		}
		if now.same(last) {
			return nil
		}
		return fmt.Errorf("%w: %s: domain %d's record %d changed since it was read: it is now %s, not %s; nothing was sent",
			ErrConflict, method, id, last.ID, now.describe(), last.describe())
	}
	return fmt.Errorf("%w: %s: domain %d has no record %d any more (%s was moved or removed); nothing was sent",
		ErrConflict, method, id, last.ID, last.describe())
}

// DNSRecordTypes lists the record types the domain's DNS management supports
// (GET /domain/@id/dns/types), e.g. A, CNAME, URL, FRAME, MX, MXE and TXT.
func (s *DomainsService) DNSRecordTypes(ctx context.Context, id int64) ([]DomainDNSRecordType, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/dns/types", id)
	if err != nil {
		return nil, err
	}
	return getList[DomainDNSRecordType](ctx, s.client, rt, "types")
}

// DNSSECFlag is the flags field of a DNSSEC key (RFC 4034): which role the key plays.
// DNSSECFlags lists the values the registrar accepts.
type DNSSECFlag int64

// The DNSSEC key flags the fake portal (unmeteredtest) offers, as registrars commonly do.
const (
	// DNSSECZoneSigningKey (256) signs the zone's records.
	DNSSECZoneSigningKey DNSSECFlag = 256
	// DNSSECKeySigningKey (257, the secure entry point) signs the zone's keys; its digest is
	// what the parent zone publishes.
	DNSSECKeySigningKey DNSSECFlag = 257
)

// The DNSSEC reads' responses are not documented by the API reference. Their typed fields
// follow the shape the fake portal (unmeteredtest) serves; Raw keeps the whole response as sent.
type (
	// DNSSECFlags is the response of GET /domain/@id/dnssec/flags: the key flags the registrar
	// accepts.
	DNSSECFlags struct {
		// Flags are the accepted flags, in ascending order of value.
		Flags []DNSSECFlagOption `json:"flags"`
		// Raw is the whole response as sent.
		Raw Object `json:"raw,omitempty"`
	}
	// DNSSECKeys is the response of GET /domain/@id/dnssec: the domain's DNSSEC keys.
	DNSSECKeys struct {
		Keys []DNSSECKey `json:"keys"`
		// Raw is the whole response as sent.
		Raw Object `json:"raw,omitempty"`
	}
)

// DNSSECFlagOption is one key flag a registrar accepts, with its name.
type DNSSECFlagOption struct {
	Value DNSSECFlag `json:"value"`
	// Name is the registrar's name for it, e.g. "Key Signing Key".
	Name string `json:"name"`
}

// DNSSECKey is a DNSSEC key of a domain, as the registrar holds it.
type DNSSECKey struct {
	// ID identifies the key for DeleteDNSSECKey.
	ID    string     `json:"id"`
	Flags DNSSECFlag `json:"flags"`
	// Algorithm is the DNSSEC algorithm number, e.g. 13 (ECDSA P-256 with SHA-256).
	Algorithm int64 `json:"algorithm"`
	// PublicKey is the public key, base64-encoded as in a DNSKEY record.
	PublicKey string `json:"public_key"`
}

// DNSSECKeyRequest is the request of AddDNSSECKey. The API reference documents no fields; these
// are the ones the fake portal (unmeteredtest) takes, named as in a DNSKEY record. All are
// required.
type DNSSECKeyRequest struct {
	// Flags is one of the values DNSSECFlags lists, e.g. DNSSECKeySigningKey.
	Flags DNSSECFlag `json:"flags"`
	// Algorithm is the DNSSEC algorithm number (1 to 255), e.g. 13.
	Algorithm int64 `json:"alg"`
	// PublicKey is the public key, base64-encoded as in a DNSKEY record.
	PublicKey string `json:"pubkey"`
}

// DNSSECFlags returns the DNSSEC key flags the registrar accepts for the domain
// (GET /domain/@id/dnssec/flags).
func (s *DomainsService) DNSSECFlags(ctx context.Context, id int64) (*DNSSECFlags, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/dnssec/flags", id)
	if err != nil {
		return nil, err
	}
	w, raw, err := getWithRaw[dnssecFlagsWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	return &DNSSECFlags{Flags: []DNSSECFlagOption(w.Flags), Raw: raw}, nil
}

// DNSSECKeys returns the domain's DNSSEC keys (GET /domain/@id/dnssec).
func (s *DomainsService) DNSSECKeys(ctx context.Context, id int64) (*DNSSECKeys, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/dnssec", id)
	if err != nil {
		return nil, err
	}
	w, raw, err := getWithRaw[dnssecKeysWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	return &DNSSECKeys{Keys: convert(w.Keys, (*dnssecKeyWire).public), Raw: raw}, nil
}

// AddDNSSECKey adds a DNSSEC key to the domain (PUT /domain/@id/dnssec). A flag below 1, an
// algorithm outside 1 to 255 or a blank public key is an error wrapping ErrInvalidArgument,
// returned before anything is sent. Although a PUT, it is not idempotent: each request adds a
// key, so it is never sent twice, and when MaybeApplied(err) is true list the keys (DNSSECKeys)
// before adding again.
func (s *DomainsService) AddDNSSECKey(ctx context.Context, id int64, r DNSSECKeyRequest) error {
	switch {
	case r.Flags < 1:
		return fmt.Errorf("%w: AddDNSSECKey: Flags %d is not a key flag (see DNSSECFlags)", ErrInvalidArgument, r.Flags)
	case r.Algorithm < 1 || r.Algorithm > 255:
		return fmt.Errorf("%w: AddDNSSECKey: Algorithm %d is not a DNSSEC algorithm number (1 to 255)", ErrInvalidArgument, r.Algorithm)
	case strings.TrimSpace(r.PublicKey) == "":
		return fmt.Errorf("%w: AddDNSSECKey: PublicKey is blank", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodPut, "/domain/@id/dnssec", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, r, nil)
}

// DeleteDNSSECKey removes a DNSSEC key from the domain (DELETE /domain/@id/dnssec/@key). key
// is the key's ID as DNSSECKeys reports it; it is sent as one escaped path segment, whatever
// it contains. An empty key is an error wrapping ErrInvalidArgument.
func (s *DomainsService) DeleteDNSSECKey(ctx context.Context, id int64, key string) error {
	rt, err := newRoute(http.MethodDelete, "/domain/@id/dnssec/@key", id, key)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}
