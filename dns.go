package unmetered

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// DNSService covers the API's "DNS" section: the DNS zones hosted by the account's DNS
// services, and their records. Reach it as Client.DNS.
//
// Find zones with List or FindZone (GET /dns, the call every real client uses), then read one
// with Zone and change its records with CreateRecord, CreateRecords, UpdateRecord and
// DeleteRecord, which take the zone. Records go in and come out in one canonical form, whatever
// form the server lists them in: names relative to the zone ("@" for the apex), targets fully
// qualified with the trailing dot, TXT text unquoted (see ZoneRecord and RecordRequest).
//
// CreateZone and CreateRecord(s) are never sent twice (a failure after the request may have
// reached the server is returned, not retried); the server's answer to them carries no id, so
// they then read the zones or the zone once, a read that is retried like any other, to return
// what was created with its id. Reads, updates and deletions are retried on transient failures.
//
// To bring a zone to a desired state with the fewest writes, plan with PlanZone and apply with
// ApplyPlan, or do both with EditZone; ZoneFor finds the zone that holds a name.
type DNSService service

// List returns the account's DNS service ids and all their zones (GET /dns).
func (s *DNSService) List(ctx context.Context) (*DNSOverview, error) {
	w, err := get[dnsOverviewWire](ctx, s.client, staticRoute(http.MethodGet, "/dns"))
	if err != nil {
		return nil, err
	}
	ov := w.public()
	return &ov, nil
}

// FindZone returns the zone named name, in any of the account's DNS services, from List (GET
// /dns). The name is compared case-insensitively, with or without a trailing dot
// ("example.com" or "example.com."). When no zone has that name the error wraps ErrNotFound.
func (s *DNSService) FindZone(ctx context.Context, name string) (*Zone, error) {
	want := zoneKey(name)
	if want == "" {
		return nil, fmt.Errorf("%w: FindZone needs a zone name", ErrInvalidArgument)
	}
	ov, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ov.Zones {
		if ov.Zones[i].Name == want {
			return &ov.Zones[i], nil
		}
	}
	return nil, fmt.Errorf("%w: the account has no DNS zone %q", ErrNotFound, want)
}

// Zones lists the zones of a DNS service, without records. It asks GET
// /service/@service_id/dns first; the real server answers that {"error": ["invalid method"]}
// even when the service has zones, and Zones then reads them from GET /dns (List) instead,
// which costs a second request: use List or FindZone when that matters. When GET /dns does
// not list the service either (it has no DNS hosting), the error is the "invalid method" one.
func (s *DNSService) Zones(ctx context.Context, serviceID int64) ([]Zone, error) {
	rt, err := newRoute(http.MethodGet, "/service/@service_id/dns", serviceID)
	if err != nil {
		return nil, err
	}
	zones, err := getListOf(ctx, s.client, rt, "zones", (*zoneWire).public)
	if err == nil {
		for i := range zones {
			if zones[i].ServiceID == 0 {
				zones[i].ServiceID = serviceID
			}
		}
		return zones, nil
	}
	if !isInvalidMethod(err) {
		return nil, err
	}
	ov, listErr := s.List(ctx)
	if listErr != nil {
		return nil, listErr
	}
	if !slices.Contains(ov.ServiceIDs, serviceID) {
		return nil, err
	}
	var found []Zone
	for _, z := range ov.Zones {
		if z.ServiceID == serviceID {
			found = append(found, z)
		}
	}
	return found, nil
}

// isInvalidMethod reports whether err is the portal's {"error": ["invalid method"]}.
func isInvalidMethod(err error) bool {
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		return false
	}
	return slices.ContainsFunc(apiErr.Messages, func(m string) bool {
		return strings.EqualFold(strings.TrimSpace(m), "invalid method")
	})
}

// Zone returns a zone with its records in canonical form (GET
// /service/@service_id/dns/@zone_id). The records may arrive as a list or as an object keyed by
// position (with gaps after deletions); both decode, in order.
func (s *DNSService) Zone(ctx context.Context, serviceID, zoneID int64) (*Zone, error) {
	rt, err := newRoute(http.MethodGet, "/service/@service_id/dns/@zone_id", serviceID, zoneID)
	if err != nil {
		return nil, err
	}
	w, err := get[zoneWire](ctx, s.client, rt)
	if err != nil {
		return nil, err
	}
	z := w.public()
	if z.ID == 0 {
		z.ID = zoneID
	}
	if z.ServiceID == 0 {
		z.ServiceID = serviceID
	}
	return &z, nil
}

// ZoneLookupError is CreateZone's error when the zone was created but could not be found
// afterwards: the zone exists, so do not create it again; find it with FindZone or List. Err
// is the error of the follow-up read, or nil when the read succeeded but did not list the
// zone. ZoneLookupError deliberately does not unwrap to Err, so that errors.Is(err, ErrServer)
// and similar checks do not invite retrying the creation.
type ZoneLookupError struct {
	ServiceID int64
	Name      string
	Err       error
}

// Error says the zone exists and how to find it.
func (e *ZoneLookupError) Error() string {
	msg := fmt.Sprintf("unmetered: DNS zone %q was created in service %d, but ", e.Name, e.ServiceID)
	if e.Err != nil {
		msg += "reading the zones back failed (" + e.Err.Error() + ")"
	} else {
		msg += "GET /dns does not list it in that service"
	}
	return msg + "; do not create it again: find it with DNS.FindZone or DNS.List"
}

// CreateZone creates a zone named name (e.g. "example.com") in a DNS service (POST
// /service/@service_id/dns) and returns it. The server's answer carries no zone id, so
// CreateZone then reads the account's zones once (GET /dns) and returns the one of that
// service with that name (compared case-insensitively, ignoring a trailing dot). If that read
// fails or does not list the zone, the error is a *ZoneLookupError: the zone was created. The
// creation itself is never sent twice; MaybeApplied(err) tells whether a failed one may have
// created the zone (always true for a *ZoneLookupError).
func (s *DNSService) CreateZone(ctx context.Context, serviceID int64, name string) (*Zone, error) {
	rt, err := newRoute(http.MethodPost, "/service/@service_id/dns", serviceID)
	if err != nil {
		return nil, err
	}
	if zoneKey(name) == "" {
		return nil, fmt.Errorf("%w: CreateZone needs a zone name", ErrInvalidArgument)
	}
	body := struct {
		Name string `json:"name"`
	}{name}
	if err := s.client.do(ctx, rt, body, nil); err != nil {
		return nil, err
	}
	ov, err := s.List(ctx)
	if err != nil {
		return nil, &ZoneLookupError{ServiceID: serviceID, Name: name, Err: err}
	}
	for i, z := range ov.Zones {
		if z.ServiceID == serviceID && z.Name == zoneKey(name) {
			return &ov.Zones[i], nil
		}
	}
	return nil, &ZoneLookupError{ServiceID: serviceID, Name: name}
}

// DeleteZone deletes a zone and all its records (DELETE /service/@service_id/dns/@zone_id).
func (s *DNSService) DeleteZone(ctx context.Context, serviceID, zoneID int64) error {
	rt, err := newRoute(http.MethodDelete, "/service/@service_id/dns/@zone_id", serviceID, zoneID)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}

// RecordLookupError is the error of CreateRecord and CreateRecords when records were created
// but could not be found in the zone afterwards (the server's answer to a creation carries no
// id, so the SDK reads the zone to find it): the records exist, so do not create them again;
// find them with Zone. Err is the error of the follow-up read, or nil when the read succeeded
// but listed no record matching one created (by canonical Name, Type and Content), which
// happens when the server stores a record in a form the SDK does not recognise.
// RecordLookupError deliberately does not unwrap to Err, so that errors.Is(err, ErrServer) and
// similar checks do not invite retrying the creation.
type RecordLookupError struct {
	ServiceID int64
	ZoneID    int64
	Zone      string
	// Records are the created records not found, in canonical form.
	Records []RecordRequest
	Err     error
}

// Error says the records exist and how to find them.
func (e *RecordLookupError) Error() string {
	var b strings.Builder
	were, it := "was", "it"
	b.WriteString("unmetered: DNS record ")
	if len(e.Records) != 1 {
		were, it = "were", "them"
		b.WriteString("s ")
	}
	for i, r := range e.Records {
		if i == 3 {
			fmt.Fprintf(&b, " and %d more", len(e.Records)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(describeRecord(r))
	}
	fmt.Fprintf(&b, " %s created in zone %s (service %d, zone %d), but ", were, e.Zone, e.ServiceID, e.ZoneID)
	if e.Err != nil {
		b.WriteString("reading the zone back failed (" + e.Err.Error() + ")")
	} else {
		b.WriteString("the zone lists no such record")
	}
	b.WriteString("; do not create " + it + " again: find " + it + " with DNS.Zone")
	return b.String()
}

// describeRecord is a record for messages: `www A "192.0.2.1"`, long content cut short.
func describeRecord(r RecordRequest) string {
	return fmt.Sprintf("%s %s %q", r.Name, r.Type, shortContent(r.Content))
}

// shortContent is a record's content for messages: cut to 60 bytes, "..." included.
func shortContent(content string) string {
	if len(content) > 60 {
		return content[:57] + "..."
	}
	return content
}

// CreateRecord adds a record to a zone (POST /service/@service_id/dns/@zone_id/records) and
// returns it as stored, with its id, in canonical form. zone needs ServiceID, ID and Name (a
// zone from List, FindZone, Zones, CreateZone or Zone).
//
// The server's answer carries no id, so CreateRecord then reads the zone once (a read that is
// retried on transient failures) and returns the record matching the one sent by canonical
// Name, Type and Content; among several, the one with the same TTL and Priority, then the
// newest. If that read fails or finds no such record, the error is a *RecordLookupError: the
// record was created. The creation itself is never sent twice; MaybeApplied(err) tells whether
// a failed one may have created the record.
func (s *DNSService) CreateRecord(ctx context.Context, zone *Zone, req RecordRequest) (*ZoneRecord, error) {
	recs, err := s.createRecords(ctx, "CreateRecord", zone, []RecordRequest{req})
	if err != nil {
		return nil, err
	}
	return &recs[0], nil
}

// CreateRecords adds records to a zone, one POST each, in order, then reads the zone once to
// return them as stored, with their ids, in the order of reqs: n records cost n+1 requests
// (CreateRecord in a loop costs 2n). It checks every request before sending any.
//
// It stops at the first creation that fails and returns the records created before it with
// that error (wrapped, naming the record). When the follow-up read fails or misses a record,
// the error is (or joins) a *RecordLookupError listing the records not found, and the records
// returned are those found. No creation is sent twice; MaybeApplied(err) tells whether the
// failed one may have created its record.
func (s *DNSService) CreateRecords(ctx context.Context, zone *Zone, reqs []RecordRequest) ([]ZoneRecord, error) {
	return s.createRecords(ctx, "CreateRecords", zone, reqs)
}

func (s *DNSService) createRecords(ctx context.Context, op string, zone *Zone, reqs []RecordRequest) ([]ZoneRecord, error) {
	if zone == nil {
		return nil, fmt.Errorf("%w: %s needs a zone", ErrInvalidArgument, op)
	}
	rt, err := newRoute(http.MethodPost, "/service/@service_id/dns/@zone_id/records", zone.ServiceID, zone.ID)
	if err != nil {
		return nil, err
	}
	z := zoneKey(zone.Name)
	canon := make([]RecordRequest, len(reqs))
	for i, r := range reqs {
		where := op
		if len(reqs) > 1 {
			where = fmt.Sprintf("%s: record %d", op, i)
		}
		if canon[i], err = r.canonical(where, z); err != nil {
			return nil, err
		}
	}
	if len(reqs) == 0 {
		return nil, nil
	}
	sent := 0
	var createErr error
	for i := range canon {
		if err := s.client.do(ctx, rt, canon[i].body(z), nil); err != nil {
			createErr = err
			if len(reqs) > 1 {
				createErr = fmt.Errorf("unmetered: %s: record %d (%s) of %d: %w", op, i, describeRecord(canon[i]), len(reqs), err)
			}
			break
		}
		sent++
	}
	if sent == 0 {
		return nil, createErr
	}
	recs, lookupErr := s.findCreated(ctx, zone, canon[:sent])
	switch {
	case createErr == nil:
		return recs, lookupErr
	case lookupErr == nil:
		return recs, createErr
	}
	return recs, errors.Join(createErr, lookupErr)
}

// findCreated reads the zone and finds the records just created from their canonical
// requests.
func (s *DNSService) findCreated(ctx context.Context, zone *Zone, created []RecordRequest) ([]ZoneRecord, error) {
	lookupErr := func(missing []RecordRequest, err error) error {
		return &RecordLookupError{ServiceID: zone.ServiceID, ZoneID: zone.ID, Zone: zoneKey(zone.Name), Records: missing, Err: err}
	}
	full, err := s.Zone(ctx, zone.ServiceID, zone.ID)
	if err != nil {
		return nil, lookupErr(created, err)
	}
	used := make([]bool, len(full.Records))
	out := make([]ZoneRecord, 0, len(created))
	var missing []RecordRequest
	for _, c := range created {
		best := bestMatch(full.Records, c, func(i int) bool { return used[i] })
		if best < 0 {
			missing = append(missing, c)
			continue
		}
		used[best] = true
		out = append(out, full.Records[best])
	}
	if missing != nil {
		return out, lookupErr(missing, nil)
	}
	return out, nil
}

// bestMatch returns the index of the record of recs that the canonical request c created, or
// -1: of c's Name, Type and Content, the closest (see closer) among those skip leaves.
func bestMatch(recs []ZoneRecord, c RecordRequest, skip func(i int) bool) int {
	best := -1
	for i, r := range recs {
		if skip(i) || r.Name != c.Name || r.Type != c.Type || r.Content != c.Content {
			continue
		}
		if best < 0 || closer(c, r, recs[best]) {
			best = i
		}
	}
	return best
}

// closer reports whether a matches the request c better than b: by TTL and Priority (a TTL of
// 0 in c, the server's default, matches any), then as the newer record (the larger id).
func closer(c RecordRequest, a, b ZoneRecord) bool {
	score := func(r ZoneRecord) int {
		n := 0
		if c.TTL == 0 || r.TTL == c.TTL {
			n++
		}
		if r.Priority == c.Priority {
			n++
		}
		return n
	}
	if sa, sb := score(a), score(b); sa != sb {
		return sa > sb
	}
	return a.ID > b.ID
}

// UpdateRecord replaces a record of a zone (PUT
// /service/@service_id/dns/@zone_id/records/@record_id) and returns it in canonical form:
// as the server echoes it, with what the echo leaves out taken from req. zone needs ServiceID,
// ID and Name. All of req's fields are sent. The server may refuse an edit with a 200 and
// "success": false; that is an *Error like any other failure.
func (s *DNSService) UpdateRecord(ctx context.Context, zone *Zone, recordID int64, req RecordRequest) (*ZoneRecord, error) {
	if zone == nil {
		return nil, fmt.Errorf("%w: UpdateRecord needs a zone", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodPut, "/service/@service_id/dns/@zone_id/records/@record_id", zone.ServiceID, zone.ID, recordID)
	if err != nil {
		return nil, err
	}
	z := zoneKey(zone.Name)
	c, err := req.canonical("UpdateRecord", z)
	if err != nil {
		return nil, err
	}
	var out struct {
		Record *zoneRecordWire `json:"record"`
	}
	if err := s.client.do(ctx, rt, c.body(z), &out); err != nil {
		return nil, err
	}
	rec := ZoneRecord{ID: recordID, Name: c.Name, Type: c.Type, TTL: c.TTL, Priority: c.Priority, Content: c.Content}
	if w := out.Record; w != nil {
		echo := w.public(z)
		if echo.ID != 0 {
			rec.ID = echo.ID
		}
		if strings.TrimSpace(w.Name) != "" {
			rec.Name = echo.Name
		}
		if echo.Type != "" {
			rec.Type = echo.Type
		}
		if echo.TTL != 0 {
			rec.TTL = echo.TTL
		}
		if w.Priority != nil || w.Prio != nil {
			rec.Priority = echo.Priority
		}
		if len(w.Content.Parts()) > 0 {
			rec.Content = serverContent(rec.Type, w.Content, rec.Priority)
		}
	}
	return &rec, nil
}

// DeleteRecord removes a record from a zone (DELETE
// /service/@service_id/dns/@zone_id/records/@record_id). zone needs ServiceID and ID.
func (s *DNSService) DeleteRecord(ctx context.Context, zone *Zone, recordID int64) error {
	if zone == nil {
		return fmt.Errorf("%w: DeleteRecord needs a zone", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodDelete, "/service/@service_id/dns/@zone_id/records/@record_id", zone.ServiceID, zone.ID, recordID)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}
