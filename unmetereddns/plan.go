package unmetereddns

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go"
)

// What a call asks for, checked before anything is sent, and the edit of the zone that gives
// it, which the SDK's zone planner (unmetered.PlanZone) turns into the fewest changes.

// inputs converts the records of AppendRecords and SetRecords to canonical form, with names
// relative to the caller's zone. The first record that cannot be written is an error naming
// it; nothing has been sent.
func (cl *call) inputs(recs []libdns.Record) ([]record, error) {
	out := make([]record, 0, len(recs))
	for i, in := range recs {
		r, err := fromLibdns(cl.given, in)
		if err != nil {
			return nil, cl.errorf("record %d (%s): %w", i, describeInput(in), err)
		}
		out = append(out, r)
	}
	return out, nil
}

// matcher is an input record of DeleteRecords: a name, and a type, TTL and value that may be
// left empty to match any.
type matcher struct {
	name string
	typ  string // "" for any
	ttl  int64  // seconds; 0 for any
	data string // libdns RR data; "" for any
}

// matchers reads the input of DeleteRecords, with names relative to the caller's zone. A
// record without a name is an error (libdns: the name must always be given); nothing has been
// sent.
func (cl *call) matchers(recs []libdns.Record) ([]matcher, error) {
	out := make([]matcher, 0, len(recs))
	for i, in := range recs {
		bad := func(format string, args ...any) error {
			return cl.errorf("record %d (%s): %w: %s", i, describeInput(in), unmetered.ErrInvalidArgument, fmt.Sprintf(format, args...))
		}
		if in == nil {
			return nil, bad("a nil record")
		}
		rr := in.RR()
		if rr.Name == "" {
			return nil, bad("the record has no name, which DeleteRecords requires; the zone's apex is \"@\"")
		}
		if rr.TTL < 0 {
			return nil, bad("TTL %s is negative", rr.TTL)
		}
		// Canonical checks a whole record: check the name with a stand-in TXT record.
		c, err := canonical(cl.given, rr.Name, "TXT", 0, 0, "name check")
		if err != nil {
			return nil, cl.errorf("record %d (%s): %w", i, describeInput(in), err)
		}
		m := matcher{name: c.Name, typ: strings.ToUpper(strings.TrimSpace(rr.Type)), ttl: int64(rr.TTL / time.Second), data: rr.Data}
		if m.typ != "" && m.data != "" {
			// A value that cannot be a record of the type matches nothing; say so now.
			if _, err := m.want(cl.given, m.typ); err != nil {
				return nil, cl.errorf("record %d (%s): %w", i, describeInput(in), err)
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// want is the matcher's value as a record of type typ, in canonical form.
func (m matcher) want(z, typ string) (record, error) {
	prio, content, err := splitData(typ, m.data)
	if err != nil {
		return record{}, fmt.Errorf("%w: %s", unmetered.ErrInvalidArgument, err)
	}
	return canonical(z, m.name, typ, 0, prio, content)
}

// filters are the matcher as the SDK's planner takes it, for the zone's records have. A
// value without a type is read as a value of each type the name holds (libdns data starts
// with a priority for some types), where it can be one. In a registrar zone the TTL is not
// compared: the registrar takes none.
func (m matcher) filters(z *zoneHandle, have []record) []unmetered.RecordFilter {
	ttl := m.ttl
	if z.registrar() {
		ttl = 0
	}
	types := []string{m.typ}
	if m.typ == "" && m.data != "" {
		types = nil
		for _, r := range have {
			if r.Name == m.name && r.Type != typeSOA && !slices.Contains(types, r.Type) {
				types = append(types, r.Type)
			}
		}
	}
	var out []unmetered.RecordFilter
	for _, typ := range types {
		f := unmetered.RecordFilter{Name: m.name, Type: unmetered.RecordType(typ), TTL: ttl}
		if m.data != "" {
			w, err := m.want(z.name, typ)
			if err != nil {
				continue // no record of this type can hold the value
			}
			f.Priority, f.Content = w.Priority, w.Content
		}
		out = append(out, f)
	}
	return out
}

// requests are records as the SDK's planner takes them. In a registrar zone their TTLs are
// left out, as the registrar takes none.
func (z *zoneHandle) requests(recs []record) []unmetered.RecordRequest {
	out := make([]unmetered.RecordRequest, len(recs))
	for i, r := range recs {
		out[i] = r.request()
		if z.registrar() {
			out[i].TTL = 0
		}
	}
	return out
}

// displaced are the RRsets of the zone's records have that SetRecords of want replaces beside
// those want names, as RFC 1034 section 3.6.2 has a CNAME alone at its name: at a name where
// want sets a CNAME, every other RRset there; at a name where want sets other records, the
// CNAME there. The SOA is never one (nor can a CNAME be set beside it, at the apex).
func displaced(want, have []record) []unmetered.RRset {
	types := map[string]map[string]bool{}
	for _, w := range want {
		if types[w.Name] == nil {
			types[w.Name] = map[string]bool{}
		}
		types[w.Name][w.Type] = true
	}
	var out []unmetered.RRset
	for _, h := range have {
		set := types[h.Name]
		if set == nil || set[h.Type] || h.Type == typeSOA || !set["CNAME"] && h.Type != "CNAME" {
			continue
		}
		if k := (unmetered.RRset{Name: h.Name, Type: unmetered.RecordType(h.Type)}); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
