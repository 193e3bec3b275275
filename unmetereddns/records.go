package unmetereddns

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go"
)

// Records inside the provider: one canonical form for both kinds of zone, the SDK's (see
// unmetered.ZoneRecord), so that records compare with ==, and the conversions from and to
// libdns's types.

const typeSOA = string(unmetered.RecordTypeSOA)

// record is a record in canonical form.
type record struct {
	// Name is relative to the zone, lower case, "@" for the apex.
	Name string
	// Type is upper case.
	Type string
	// TTL is in seconds; 0 in a request: no preference.
	TTL int64
	// Priority is the MX (and MXE) preference or the SRV priority; 0 for other types.
	Priority int64
	// Content is the data without the priority: an address, a target with the trailing dot,
	// SRV's "weight port target.", TXT's text unquoted, CAA's `flags tag "value"`.
	Content string

	// id is the record's id in a DNS-service zone; 0 if unknown.
	id int64
	// listed is the record as the registrar listed it (index included), for the checked
	// writes; nil in a DNS-service zone and for records not read from the zone.
	listed *unmetered.DomainDNSRecord
}

// hasPriority reports whether the type's data starts with a priority (MX preference, SRV
// priority; MXE, the registrar's mail exchanger by address, like MX).
func hasPriority(typ string) bool { return typ == "MX" || typ == "SRV" || typ == "MXE" }

// data is the record's libdns RR data: the content, after the priority where the type has one.
func (r record) data() string {
	if hasPriority(r.Type) {
		return strconv.FormatInt(r.Priority, 10) + " " + r.Content
	}
	return r.Content
}

// sameValue reports whether o is a record of r's RRset with r's value: the same name, type
// and content and, for the types that have one, priority. TTLs are not compared: an RRset
// holds a value once (RFC 2181 section 5).
func (r record) sameValue(o record) bool {
	return r.Name == o.Name && r.Type == o.Type && r.Content == o.Content && (!hasPriority(r.Type) || r.Priority == o.Priority)
}

// describe is the record for messages: `www TXT "text"`, long data cut short.
func (r record) describe() string {
	d := r.data()
	if len(d) > 60 {
		d = d[:57] + "..."
	}
	return fmt.Sprintf("%s %s %q", r.Name, r.Type, d)
}

// canonical puts a record in canonical form for the zone z (a zone key), through the SDK's
// RecordRequest.Canonical, which checks it: a name in the zone, an address of the right
// family, a host name as a target, SRV's "weight port target", a TTL and priority in range.
func canonical(z, name, typ string, ttl, priority int64, content string) (record, error) {
	c, err := unmetered.RecordRequest{
		Name: name, Type: unmetered.RecordType(typ), TTL: ttl, Priority: priority, Content: content,
	}.Canonical(z)
	if err != nil {
		return record{}, err
	}
	r := record{Name: c.Name, Type: string(c.Type), TTL: c.TTL, Priority: c.Priority, Content: c.Content}
	if !hasPriority(r.Type) {
		r.Priority = 0
	}
	if r.Type == "CAA" {
		r.Content = canonicalCAA(r.Content)
	}
	return r, nil
}

// canonicalCAA writes CAA data as libdns does (`0 issue "letsencrypt.org"`), whether the value
// came quoted or not; data that is not "flags tag value" stays as it is.
func canonicalCAA(data string) string {
	parsed, err := libdns.RR{Type: "CAA", Data: data}.Parse()
	if err != nil {
		return data
	}
	return parsed.RR().Data
}

// splitData splits libdns RR data into the priority and the rest, for the types that start
// with a priority.
func splitData(typ, data string) (int64, string, error) {
	if !hasPriority(typ) {
		return 0, data, nil
	}
	f := strings.Fields(data)
	want := map[string]string{"MX": "preference target", "MXE": "preference address", "SRV": "priority weight port target"}[typ]
	if len(f) != strings.Count(want, " ")+1 {
		return 0, "", fmt.Errorf("data %q is not %q", data, want)
	}
	p, err := strconv.ParseUint(f[0], 10, 16)
	if err != nil {
		return 0, "", fmt.Errorf("data %q: %s is not from 0 to 65535", data, strings.Fields(want)[0])
	}
	return int64(p), strings.Join(f[1:], " "), nil
}

// fromLibdns converts an input record to canonical form for the zone z (a zone key).
func fromLibdns(z string, in libdns.Record) (record, error) {
	if in == nil {
		return record{}, fmt.Errorf("%w: a nil record", unmetered.ErrInvalidArgument)
	}
	rr := in.RR()
	typ := strings.ToUpper(strings.TrimSpace(rr.Type))
	switch {
	case strings.TrimSpace(rr.Name) == "":
		return record{}, fmt.Errorf("%w: the record has no name; the zone's apex is \"@\"", unmetered.ErrInvalidArgument)
	case typ == "":
		return record{}, fmt.Errorf("%w: the record has no type", unmetered.ErrInvalidArgument)
	case typ == typeSOA:
		return record{}, fmt.Errorf("%w: the SOA record is the server's; it cannot be written", unmetered.ErrInvalidArgument)
	case rr.TTL < 0:
		return record{}, fmt.Errorf("%w: TTL %s is negative", unmetered.ErrInvalidArgument, rr.TTL)
	}
	prio, content, err := splitData(typ, rr.Data)
	if err != nil {
		return record{}, fmt.Errorf("%w: %s", unmetered.ErrInvalidArgument, err)
	}
	return canonical(z, rr.Name, typ, int64(rr.TTL/time.Second), prio, content)
}

// libdns converts a record to libdns's type for it (libdns.Address, TXT, CNAME, MX, SRV, CAA,
// NS, ...; libdns.RR for types libdns has no struct for, and for data its struct cannot hold).
// In a DNS-service zone ProviderData is the record's id (an int64).
func (r record) libdns(registrar bool) libdns.Record {
	rr := libdns.RR{Name: r.Name, TTL: time.Duration(r.TTL) * time.Second, Type: r.Type, Data: r.data()}
	parsed, err := rr.Parse()
	if err != nil {
		return rr
	}
	var pd any
	if !registrar && r.id != 0 {
		pd = r.id
	}
	switch v := parsed.(type) {
	case libdns.Address:
		v.ProviderData = pd
		return v
	case libdns.TXT:
		v.ProviderData = pd
		return v
	case libdns.CNAME:
		v.ProviderData = pd
		return v
	case libdns.MX:
		v.ProviderData = pd
		return v
	case libdns.SRV:
		v.ProviderData = pd
		return v
	case libdns.CAA:
		v.ProviderData = pd
		return v
	case libdns.NS:
		v.ProviderData = pd
		return v
	case libdns.ServiceBinding:
		v.ProviderData = pd
		return v
	}
	return parsed
}

// describeInput is an input record for messages, as far as it can be read.
func describeInput(in libdns.Record) string {
	if in == nil {
		return "<nil>"
	}
	rr := in.RR()
	d := rr.Data
	if len(d) > 60 {
		d = d[:57] + "..."
	}
	return fmt.Sprintf("%s %s %q", rr.Name, rr.Type, d)
}
