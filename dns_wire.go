package unmetered

// Wire forms of the DNS section: what the server sends, with its loose types, and what the SDK
// sends. public() turns each into the canonical public form.

// dnsOverviewWire is GET /dns: {"service_ids": ["10"], "zones": [{...}]}.
type dnsOverviewWire struct {
	ServiceIDs looseList[looseInt] `json:"service_ids"`
	Zones      looseList[zoneWire] `json:"zones"`
}

func (w *dnsOverviewWire) public() DNSOverview {
	ids := make([]int64, len(w.ServiceIDs))
	for i, id := range w.ServiceIDs {
		ids[i] = int64(id)
	}
	return DNSOverview{ServiceIDs: ids, Zones: convert(w.Zones, (*zoneWire).public)}
}

// zoneWire is a zone as GET /dns lists it ({"domain_id", "name", "service_id"}) or as GET
// /service/@service_id/dns/@zone_id returns it ({"service_id", "name", "records"}). "id" and
// "domain" are HostBill's other spellings of "domain_id" and "name".
type zoneWire struct {
	ID        looseInt                  `json:"domain_id"`
	AltID     looseInt                  `json:"id"`
	Name      string                    `json:"name"`
	AltName   string                    `json:"domain"`
	ServiceID looseInt                  `json:"service_id"`
	Records   looseList[zoneRecordWire] `json:"records"`
}

func (w *zoneWire) public() Zone {
	z := Zone{ID: int64(w.ID), Name: zoneKey(w.Name), ServiceID: int64(w.ServiceID)}
	if z.ID == 0 {
		z.ID = int64(w.AltID)
	}
	if z.Name == "" {
		z.Name = zoneKey(w.AltName)
	}
	if w.Records != nil {
		z.Records = make([]ZoneRecord, len(w.Records))
		for i := range w.Records {
			z.Records[i] = w.Records[i].public(z.Name)
		}
	}
	return z
}

// zoneRecordWire is a record as the zone lists it ({"id": "15280", "name":
// "google._domainkey.example.com", "type": "TXT", "content": "\"v=DKIM1; ...\"", "ttl": "43200",
// "prio": "0", "priority": "0", ...}) or as POST and PUT echo it (numbers, the name as sent).
type zoneRecordWire struct {
	ID       looseInt     `json:"id"`
	Name     string       `json:"name"`
	Type     string       `json:"type"`
	TTL      looseInt     `json:"ttl"`
	Priority *looseInt    `json:"priority"`
	Prio     *looseInt    `json:"prio"` // the priority again; read when "priority" is missing
	Content  looseContent `json:"content"`
}

// public is the record in canonical form for the zone named zone (a zoneKey).
func (w *zoneRecordWire) public(zone string) ZoneRecord {
	r := ZoneRecord{
		ID:   int64(w.ID),
		Name: serverName(zone, w.Name),
		Type: canonicalType(RecordType(w.Type)),
		TTL:  int64(w.TTL),
	}
	switch {
	case w.Priority != nil:
		r.Priority = int64(*w.Priority)
	case w.Prio != nil:
		r.Priority = int64(*w.Prio)
	}
	r.Content = serverContent(r.Type, w.Content, r.Priority)
	return r
}

// recordBody is the body of POST .../records and PUT .../records/@record_id, as the API
// reference and the recorded traffic show it.
type recordBody struct {
	Name     string     `json:"name"`
	Type     RecordType `json:"type"`
	TTL      int64      `json:"ttl,omitempty"` // left out: the server's default
	Priority int64      `json:"priority"`
	Content  any        `json:"content"`
}

// body is the canonical request r as the server takes it, for the zone named zone (a zoneKey).
func (r RecordRequest) body(zone string) recordBody {
	return recordBody{Name: wireName(zone, r.Name), Type: r.Type, TTL: r.TTL, Priority: r.Priority, Content: wireContent(r.Type, r.Content)}
}
