package unmetered

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// DNSService covers the API's "DNS" section: the DNS zones hosted by the account's DNS
// services, and their records. Reach it as Client.DNS.
//
// Zones belong to a service: find the service ids and zone ids with List. CreateZone and
// CreateRecord are never sent twice (a failure after the request may have reached the server
// is returned, not retried); reads, updates and deletions are retried on transient failures.
type DNSService service

// DNSOverview is the response of GET /dns: the account's DNS services and all their zones.
type DNSOverview struct {
	// ServiceIDs are the ids of the account's DNS services.
	ServiceIDs List[Int] `json:"service_ids"`
	// Zones are the zones of all those services (without records).
	Zones List[Zone] `json:"zones"`
}

// Zone is a DNS zone. Zones, List and CreateZone fill ID, Name and ServiceID; Zone also fills
// Records.
type Zone struct {
	// ID is the zone id that Zone, DeleteZone and the record methods take (the server calls
	// it "domain_id").
	ID Int `json:"domain_id"`
	// Name is the zone's domain, e.g. "example.com".
	Name string `json:"name"`
	// ServiceID is the DNS service the zone belongs to.
	ServiceID Int `json:"service_id"`
	// Records are the zone's records in the server's order (filled by Zone only).
	Records List[ZoneRecord] `json:"records,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler. Besides the documented "domain_id" and "name" it
// accepts "id" and "domain" (HostBill's other spellings), since the API reference shows no
// example of GET /service/@service_id/dns.
func (z *Zone) UnmarshalJSON(b []byte) error {
	type plain Zone
	var w struct {
		*plain
		AltID   Int    `json:"id"`
		AltName string `json:"domain"`
	}
	*z = Zone{}
	w.plain = (*plain)(z)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if z.ID == 0 {
		z.ID = w.AltID
	}
	if z.Name == "" {
		z.Name = w.AltName
	}
	return nil
}

// ZoneRecord is a record of a DNS zone.
type ZoneRecord struct {
	// ID is the record id that UpdateRecord and DeleteRecord take. It is 0 when the server does
	// not send it (CreateRecord's answer may not: read the zone with Zone to find it).
	ID Int `json:"id"`
	// Name is the record's owner name as the server stores it, e.g. "www" or "www.example.com".
	Name string `json:"name"`
	// Type is the record type, e.g. "A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV" or "SOA".
	Type string `json:"type"`
	// TTL is the time to live in seconds.
	TTL Int `json:"ttl"`
	// Priority is the MX or SRV priority (0 for other types). The server also sends it as "prio".
	Priority Int `json:"priority"`
	// Content is the record's data: a single string (an address, a host name, a text), or a
	// list for records with several fields: SOA's seven fields (primary nameserver, hostmaster,
	// serial, refresh, retry, expire, minimum TTL) and SRV's weight, port and target (an SRV
	// record's priority is Priority). Content.String joins a list with spaces, in zone-file
	// order.
	Content Content `json:"content"`
}

// UnmarshalJSON implements json.Unmarshaler. It takes the priority from "prio" when the
// server sends no "priority".
func (r *ZoneRecord) UnmarshalJSON(b []byte) error {
	type plain ZoneRecord
	var w struct {
		*plain
		Priority *Int `json:"priority"`
		Prio     *Int `json:"prio"`
	}
	*r = ZoneRecord{}
	w.plain = (*plain)(r)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.Priority == nil {
		w.Priority = w.Prio
	}
	if w.Priority != nil {
		r.Priority = *w.Priority
	}
	return nil
}

// ZoneRecordInput is the request of CreateRecord and UpdateRecord.
type ZoneRecordInput struct {
	// Name is the record's owner name, e.g. "www" or "www.example.com".
	Name string
	// Type is the record type, e.g. "A", "MX", "TXT" or "SRV" (required).
	Type string
	// TTL is the time to live in seconds; 0 leaves it to the server's default.
	TTL int64
	// Priority is the MX or SRV priority; it is always sent (0 for other types).
	Priority int64
	// Content is the record's data (required): NewContent("192.0.2.1") for a single value,
	// NewContentList("10", "5060", "sip.example.com") for SRV's weight, port and target (its
	// priority goes in Priority).
	// In a list, parts that are whole numbers are sent as JSON numbers, as the API expects.
	Content Content
}

// MarshalJSON encodes the record in the API's shape.
func (r ZoneRecordInput) MarshalJSON() ([]byte, error) {
	var content any = r.Content.String()
	if r.Content.IsList() {
		parts := r.Content.Parts()
		list := make([]any, len(parts))
		for i, p := range parts {
			list[i] = p
			if n, err := strconv.ParseInt(p, 10, 64); err == nil && strconv.FormatInt(n, 10) == p {
				list[i] = n
			}
		}
		content = list
	}
	return json.Marshal(struct {
		Name     string `json:"name"`
		TTL      int64  `json:"ttl,omitempty"`
		Priority int64  `json:"priority"`
		Type     string `json:"type"`
		Content  any    `json:"content"`
	}{r.Name, r.TTL, r.Priority, r.Type, content})
}

func (r *ZoneRecordInput) validate(op string) error {
	switch {
	case r == nil:
		return fmt.Errorf("%w: %s needs a ZoneRecordInput", ErrInvalidArgument, op)
	case strings.TrimSpace(r.Type) == "":
		return fmt.Errorf("%w: %s needs a record type", ErrInvalidArgument, op)
	case strings.TrimSpace(r.Content.String()) == "":
		return fmt.Errorf("%w: %s needs the record's content", ErrInvalidArgument, op)
	case r.TTL < 0 || r.Priority < 0:
		return fmt.Errorf("%w: %s: TTL and priority cannot be negative", ErrInvalidArgument, op)
	}
	return nil
}

// List returns the account's DNS service ids and all their zones (GET /dns).
func (s *DNSService) List(ctx context.Context) (*DNSOverview, error) {
	return get[DNSOverview](ctx, s.client, staticRoute(http.MethodGet, "/dns"))
}

// Zones lists the zones of a DNS service (GET /service/@service_id/dns), without records.
func (s *DNSService) Zones(ctx context.Context, serviceID int64) ([]Zone, error) {
	rt, err := newRoute(http.MethodGet, "/service/@service_id/dns", serviceID)
	if err != nil {
		return nil, err
	}
	return getList[Zone](ctx, s.client, rt, "zones")
}

// Zone returns a zone with its records (GET /service/@service_id/dns/@zone_id). The records
// may arrive as a list or as an object keyed by number; both decode, in order.
func (s *DNSService) Zone(ctx context.Context, serviceID, zoneID int64) (*Zone, error) {
	rt, err := newRoute(http.MethodGet, "/service/@service_id/dns/@zone_id", serviceID, zoneID)
	if err != nil {
		return nil, err
	}
	z, err := get[Zone](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	if z.ID == 0 {
		z.ID = Int(zoneID)
	}
	if z.ServiceID == 0 {
		z.ServiceID = Int(serviceID)
	}
	return z, nil
}

// ZoneLookupError is CreateZone's error when the zone was created but could not be read back:
// the zone exists, so do not create it again; find it with Zones or List. Err is the error of
// the follow-up read, or nil when the read succeeded but did not list the zone.
// ZoneLookupError deliberately does not unwrap to Err, so that errors.Is(err, ErrServer) and
// similar checks do not invite retrying the creation.
type ZoneLookupError struct {
	ServiceID int64
	Name      string
	Err       error
}

// Error says the zone exists and how to find it.
func (e *ZoneLookupError) Error() string {
	msg := fmt.Sprintf("unmetered: DNS zone %q was created in service %d, but ", e.Name, e.ServiceID)
	if e.Err != nil {
		msg += "reading it back failed (" + e.Err.Error() + ")"
	} else {
		msg += "the service's zone list does not include it"
	}
	return msg + "; do not create it again: find it with DNS.Zones or DNS.List"
}

// CreateZone creates a zone named name (e.g. "example.com") in a DNS service
// (POST /service/@service_id/dns) and returns it. The server's answer carries no zone id, so
// CreateZone then reads the service's zones once (GET /service/@service_id/dns) and returns
// the one with that name (compared case-insensitively, ignoring a trailing dot). If that read
// fails or does not list the zone, the error is a *ZoneLookupError: the zone was created.
// The creation itself is never sent twice; MaybeApplied(err) tells whether a failed one may have
// created the zone (always true for a *ZoneLookupError).
func (s *DNSService) CreateZone(ctx context.Context, serviceID int64, name string) (*Zone, error) {
	rt, err := newRoute(http.MethodPost, "/service/@service_id/dns", serviceID)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("%w: CreateZone needs a zone name", ErrInvalidArgument)
	}
	body := struct {
		Name string `json:"name"`
	}{name}
	if err := s.client.do(ctx, rt, body, nil); err != nil {
		return nil, err
	}
	zones, err := s.Zones(ctx, serviceID)
	if err != nil {
		return nil, &ZoneLookupError{ServiceID: serviceID, Name: name, Err: err}
	}
	want := zoneKey(name)
	for i := range zones {
		if zoneKey(zones[i].Name) == want {
			return &zones[i], nil
		}
	}
	return nil, &ZoneLookupError{ServiceID: serviceID, Name: name}
}

func zoneKey(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}

// DeleteZone deletes a zone and all its records (DELETE /service/@service_id/dns/@zone_id).
func (s *DNSService) DeleteZone(ctx context.Context, serviceID, zoneID int64) error {
	rt, err := newRoute(http.MethodDelete, "/service/@service_id/dns/@zone_id", serviceID, zoneID)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}

// CreateRecord adds a record to a zone (POST /service/@service_id/dns/@zone_id/records) and
// returns the record as the server echoes it; if the server echoes none, the record as sent.
// The echo may lack the new record's id (ID 0): read the zone with Zone to find it.
// It is never sent twice: a failure after the request may have reached the server is
// returned, not retried; MaybeApplied(err) tells whether it may have.
func (s *DNSService) CreateRecord(ctx context.Context, serviceID, zoneID int64, rec *ZoneRecordInput) (*ZoneRecord, error) {
	rt, err := newRoute(http.MethodPost, "/service/@service_id/dns/@zone_id/records", serviceID, zoneID)
	if err != nil {
		return nil, err
	}
	return s.writeRecord(ctx, "CreateRecord", rt, 0, rec)
}

// UpdateRecord replaces a record of a zone
// (PUT /service/@service_id/dns/@zone_id/records/@record_id) and returns the record as the
// server echoes it; if the server echoes none, the record as sent.
func (s *DNSService) UpdateRecord(ctx context.Context, serviceID, zoneID, recordID int64, rec *ZoneRecordInput) (*ZoneRecord, error) {
	rt, err := newRoute(http.MethodPut, "/service/@service_id/dns/@zone_id/records/@record_id", serviceID, zoneID, recordID)
	if err != nil {
		return nil, err
	}
	return s.writeRecord(ctx, "UpdateRecord", rt, recordID, rec)
}

// writeRecord sends a record and returns the server's echo of it, or failing that, the record
// as sent (with id when known).
func (s *DNSService) writeRecord(ctx context.Context, op string, rt route, id int64, rec *ZoneRecordInput) (*ZoneRecord, error) {
	if err := rec.validate(op); err != nil {
		return nil, err
	}
	var out struct {
		Record *ZoneRecord `json:"record"`
	}
	if err := s.client.do(ctx, rt, rec, &out); err != nil {
		return nil, err
	}
	if out.Record == nil {
		out.Record = &ZoneRecord{Name: rec.Name, Type: rec.Type, TTL: Int(rec.TTL), Priority: Int(rec.Priority), Content: rec.Content}
	}
	if out.Record.ID == 0 {
		out.Record.ID = Int(id)
	}
	return out.Record, nil
}

// DeleteRecord removes a record from a zone
// (DELETE /service/@service_id/dns/@zone_id/records/@record_id).
func (s *DNSService) DeleteRecord(ctx context.Context, serviceID, zoneID, recordID int64) error {
	rt, err := newRoute(http.MethodDelete, "/service/@service_id/dns/@zone_id/records/@record_id", serviceID, zoneID, recordID)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}
