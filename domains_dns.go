package unmetered

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// DomainDNSRecord is a DNS record the registrar hosts for a domain (its "DNS Management"). These
// records are addressed by index, not by a stable id: the index is the record's ID as DNSRecords
// reports it, and it can change when records are added or removed, so read the list again before
// updating or deleting.
type DomainDNSRecord struct {
	// ID is the record's index, used by UpdateDNSRecord and DeleteDNSRecord.
	ID   Int    `json:"id"`
	Name string `json:"name"`
	// Type is the record type, one of DNSRecordTypes (e.g. "A", "CNAME", "MX", "TXT", "URL").
	Type string `json:"type"`
	// TTL is in seconds; 0 means the registrar's default.
	TTL Int `json:"ttl"`
	// Priority applies to MX-like records; 0 otherwise.
	Priority Int `json:"priority"`
	// Content is the record's data, e.g. an IP address for an A record; some registrars send
	// multi-part records (SOA, SRV) as an array.
	Content Content `json:"content"`
}

// DomainDNSRecordRequest is the request of CreateDNSRecord and UpdateDNSRecord. Type and
// Content are required.
type DomainDNSRecordRequest struct {
	// Name is the host name below the domain, e.g. "www"; "" or "@" for the domain itself.
	Name string `json:"name"`
	// Type is one of DNSRecordTypes, e.g. "A".
	Type string `json:"type"`
	// Priority is for MX-like records; leave 0 otherwise.
	Priority int `json:"priority,string"`
	// Content is the record's data, e.g. "192.0.2.1" for an A record.
	Content string `json:"content"`
}

func (r *DomainDNSRecordRequest) check(method string) error {
	if r == nil {
		return fmt.Errorf("%w: %s needs a DomainDNSRecordRequest", ErrInvalidArgument, method)
	}
	if strings.TrimSpace(r.Type) == "" || strings.TrimSpace(r.Content) == "" {
		return fmt.Errorf("%w: %s needs a record type and content", ErrInvalidArgument, method)
	}
	if r.Priority < 0 {
		return fmt.Errorf("%w: %s: priority %d is negative", ErrInvalidArgument, method, r.Priority)
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
	return getList[DomainDNSRecord](ctx, s.client, rt, "records")
}

// CreateDNSRecord adds a DNS record (POST /domain/@id/dns). It is never sent twice: a failure
// after the request may have reached the server is returned, not retried (when MaybeApplied(err)
// is true, list the records to see whether it was added).
func (s *DomainsService) CreateDNSRecord(ctx context.Context, id int64, r *DomainDNSRecordRequest) error {
	if err := r.check("CreateDNSRecord"); err != nil {
		return err
	}
	rt, err := newRoute(http.MethodPost, "/domain/@id/dns", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, r, nil)
}

// UpdateDNSRecord replaces the DNS record at index (PUT /domain/@id/dns/@index); index is the
// record's ID from DNSRecords. All of r's fields are sent.
func (s *DomainsService) UpdateDNSRecord(ctx context.Context, id, index int64, r *DomainDNSRecordRequest) error {
	if err := r.check("UpdateDNSRecord"); err != nil {
		return err
	}
	rt, err := newRoute(http.MethodPut, "/domain/@id/dns/@index", id, index)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, r, nil)
}

// DeleteDNSRecord removes the DNS record at index (DELETE /domain/@id/dns/@index); index is the
// record's ID from DNSRecords. The indexes of later records may shift afterwards, so it is never
// sent twice (a replay would delete the next record); when MaybeApplied(err) is true, list the
// records before trying again.
func (s *DomainsService) DeleteDNSRecord(ctx context.Context, id, index int64) error {
	rt, err := newRoute(http.MethodDelete, "/domain/@id/dns/@index", id, index)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}

// DNSRecordTypes lists the record types the domain's DNS management supports
// (GET /domain/@id/dns/types), e.g. "A", "CNAME", "URL", "FRAME", "MX", "MXE", "TXT".
func (s *DomainsService) DNSRecordTypes(ctx context.Context, id int64) ([]string, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/dns/types", id)
	if err != nil {
		return nil, err
	}
	return getList[string](ctx, s.client, rt, "types")
}

// The DNSSEC reads' responses are not documented by the API reference; each is kept whole as an
// Object (read it with Decode, Text and Keys) under its own type.
type (
	// DNSSECFlags is the response of GET /domain/@id/dnssec/flags: the key flags the registrar
	// accepts.
	DNSSECFlags struct{ Object }
	// DNSSECKeys is the response of GET /domain/@id/dnssec: the domain's DNSSEC keys.
	DNSSECKeys struct{ Object }
)

// DNSSECFlags returns the DNSSEC key flags the registrar accepts for the domain
// (GET /domain/@id/dnssec/flags).
func (s *DomainsService) DNSSECFlags(ctx context.Context, id int64) (*DNSSECFlags, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/dnssec/flags", id)
	if err != nil {
		return nil, err
	}
	return get[DNSSECFlags](ctx, s.client, rt)
}

// DNSSECKeys returns the domain's DNSSEC keys (GET /domain/@id/dnssec).
func (s *DomainsService) DNSSECKeys(ctx context.Context, id int64) (*DNSSECKeys, error) {
	rt, err := newRoute(http.MethodGet, "/domain/@id/dnssec", id)
	if err != nil {
		return nil, err
	}
	return get[DNSSECKeys](ctx, s.client, rt)
}

// AddDNSSECKey adds a DNSSEC key to the domain (PUT /domain/@id/dnssec). The API reference
// documents no request fields: key holds the fields the registrar expects (such as the flags
// from DNSSECFlags, the algorithm and the public key), sent as one JSON object. An empty key is
// an error wrapping ErrInvalidArgument, returned before anything is sent. It is never sent twice
// (a replay would add a second key); when MaybeApplied(err) is true, check DNSSECKeys first.
func (s *DomainsService) AddDNSSECKey(ctx context.Context, id int64, key map[string]any) error {
	if len(key) == 0 {
		return fmt.Errorf("%w: AddDNSSECKey needs the key's fields", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodPut, "/domain/@id/dnssec", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, key, nil)
}

// DeleteDNSSECKey removes a DNSSEC key from the domain (DELETE /domain/@id/dnssec/@key). key
// identifies the key as DNSSECKeys reports it; it is sent as one escaped path segment, whatever
// it contains. An empty key is an error wrapping ErrInvalidArgument.
func (s *DomainsService) DeleteDNSSECKey(ctx context.Context, id int64, key string) error {
	rt, err := newRoute(http.MethodDelete, "/domain/@id/dnssec/@key", id, key)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}
