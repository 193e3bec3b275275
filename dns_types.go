package unmetered

// DNSOverview is the response of GET /dns: the account's DNS services and all their zones.
type DNSOverview struct {
	// ServiceIDs are the ids of the account's DNS services.
	ServiceIDs []int64 `json:"service_ids"`
	// Zones are the zones of all those services, without records.
	Zones []Zone `json:"zones"`
}

// Zone is a DNS zone of one of the account's DNS services. List, Zones, FindZone and
// CreateZone fill ID, Name and ServiceID; Zone also fills Records.
//
// The record methods (CreateRecord, CreateRecords, UpdateRecord, DeleteRecord) take the zone
// itself, since they need its name as well as its ids: pass one that these methods returned, or
// build one with all three fields.
type Zone struct {
	// ID is the zone's id (the server calls it "domain_id").
	ID int64 `json:"id"`
	// Name is the zone's domain in lower case, without a trailing dot, e.g. "example.com".
	Name string `json:"name"`
	// ServiceID is the DNS service the zone belongs to.
	ServiceID int64 `json:"service_id"`
	// Records are the zone's records, SOA included, in the server's order, in canonical form
	// (see ZoneRecord). Only Zone fills them.
	Records []ZoneRecord `json:"records,omitempty"`
}

// RecordType is a DNS record type, e.g. RecordTypeA. The constants are the types the portal's
// DNS hosting accepts; the server may send others, which a ZoneRecord then holds as sent (in
// upper case).
type RecordType string

// The record types of the portal's DNS hosting.
const (
	RecordTypeA     RecordType = "A"
	RecordTypeAAAA  RecordType = "AAAA"
	RecordTypeCNAME RecordType = "CNAME"
	RecordTypeMX    RecordType = "MX"
	RecordTypeTXT   RecordType = "TXT"
	RecordTypeNS    RecordType = "NS"
	RecordTypeSRV   RecordType = "SRV"
	RecordTypeCAA   RecordType = "CAA"
	RecordTypePTR   RecordType = "PTR"
	// RecordTypeSOA is the zone's SOA record, which the server creates and keeps: it is listed,
	// but cannot be created, and the fake portal refuses to change or delete it.
	RecordTypeSOA RecordType = "SOA"
)

// ZoneRecord is a record of a DNS zone, in the SDK's canonical form. The server lists records
// differently (owner names absolute without the trailing dot, targets without the trailing
// dot, TXT text inside quotes, numbers as strings); the SDK turns what it lists and echoes into
// this one form, and turns a RecordRequest into what the server expects.
//
// The canonical form, by field:
//
//   - Name: the owner name relative to the zone, in lower case, "@" for the apex: "www",
//     "_acme-challenge.www", "*.dev", "@".
//   - Type: upper case, e.g. RecordTypeTXT.
//   - TTL: seconds.
//   - Priority: an MX record's preference or an SRV record's priority; 0 for other types.
//   - Content, by type:
//     A and AAAA: the address as net/netip writes it ("192.0.2.1", "2001:db8::1");
//     CNAME, NS, PTR and MX: the target host, fully qualified, with the trailing dot, in lower
//     case ("mail.example.com.");
//     SRV: "weight port target", the target as above ("5 5060 sip.example.com.");
//     TXT: the text itself, unquoted and unescaped: the record's character-strings joined
//     without separators, whatever their number and length;
//     SOA: the seven fields in zone-file order, host names as above
//     ("ns1.example.net. hostmaster.example.com. 2024010101 10800 3600 604800 3600");
//     CAA and other types: the data as the server holds it, surrounding space trimmed.
//
// Two records in canonical form are the same record when their Name, Type and Content are
// equal (and TTL and Priority, if those matter to the comparison): RecordRequest.Canonical
// gives a request in the same form, so that == compares what a program wants with what a zone
// holds.
type ZoneRecord struct {
	// ID is the record's id, which UpdateRecord and DeleteRecord take.
	ID int64 `json:"id"`
	// Name is the owner name relative to the zone, "@" for the apex.
	Name string `json:"name"`
	// Type is the record type.
	Type RecordType `json:"type"`
	// TTL is the time to live in whole seconds, as DNS, zone files and the API count it (not
	// a time.Duration, which would admit sub-second values DNS cannot hold and print as
	// nanoseconds in JSON).
	TTL int64 `json:"ttl"`
	// Priority is the MX preference or SRV priority; 0 for other types.
	Priority int64 `json:"priority"`
	// Content is the record's data in canonical form (see above).
	Content string `json:"content"`
}

// Request returns the record as a RecordRequest, to send it back changed:
//
//	req := rec.Request()
//	req.Content = "192.0.2.20"
//	updated, err := client.DNS.UpdateRecord(ctx, zone, rec.ID, req)
func (r ZoneRecord) Request() RecordRequest {
	return RecordRequest{Name: r.Name, Type: r.Type, TTL: r.TTL, Priority: r.Priority, Content: r.Content}
}

// RecordRequest is the record that CreateRecord, CreateRecords and UpdateRecord send. Its
// fields take the canonical form of ZoneRecord, with some latitude:
//
//   - Name: relative to the zone ("www"), "@" or "" for the apex, or absolute with the
//     trailing dot ("www.example.com."), which must then lie in the zone. A relative name that
//     ends in the zone's own name ("www.example.com" in zone example.com) is refused: it would
//     mean www.example.com.example.com, which is nearly always a mistake for "www".
//   - Type: any case; required.
//   - TTL: seconds, from 0 to 2147483647; 0 leaves it to the server's default.
//   - Priority: from 0 to 65535; for MX and SRV records.
//   - Content: required. Targets (CNAME, NS, PTR, MX, SRV) are always taken as fully
//     qualified, with or without the trailing dot: "mail.example.com" and "mail.example.com."
//     are the same target (the server has no relative targets). TXT content is the plain text,
//     of any length, with any characters: the SDK quotes, escapes and splits it into RFC 1035
//     character-strings of at most 255 bytes when the server needs that (values over 255 bytes,
//     or with quotes, backslashes, control characters, or leading or trailing spaces), and sends
//     other values as they are, as the real server was recorded to take them. Where the text was
//     split does not survive: a zone lists the text joined again.
//
// The JSON tags let a program read records from a file (as examples/dns-sync does).
type RecordRequest struct {
	Name     string     `json:"name"`
	Type     RecordType `json:"type"`
	TTL      int64      `json:"ttl,omitempty"`
	Priority int64      `json:"priority,omitempty"`
	Content  string     `json:"content"`
}

// Canonical returns r in the canonical form of ZoneRecord for the zone named zone (e.g.
// "example.com" or "example.com."), so that it compares with == to the records DNS.Zone
// lists. An invalid request (see RecordRequest) is an error wrapping ErrInvalidArgument that
// names the field.
func (r RecordRequest) Canonical(zone string) (RecordRequest, error) {
	return r.canonical("RecordRequest.Canonical", zone)
}
