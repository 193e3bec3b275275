package unmetereddns

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go"
)

// What a call asks for, checked before anything is sent, and the changes that give it.

// inputs converts the records of AppendRecords and SetRecords to canonical form. The first
// record that cannot be written is an error naming it; nothing has been sent.
func (z *zoneHandle) inputs(recs []libdns.Record) ([]record, error) {
	out := make([]record, 0, len(recs))
	for i, in := range recs {
		r, err := fromLibdns(z.name, in)
		if err != nil {
			return nil, z.errorf("record %d (%s): %w", i, describeInput(in), err)
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

// matchers reads the input of DeleteRecords. A record without a name is an error (libdns:
// the name must always be given); nothing has been sent.
func (z *zoneHandle) matchers(recs []libdns.Record) ([]matcher, error) {
	out := make([]matcher, 0, len(recs))
	for i, in := range recs {
		bad := func(format string, args ...any) error {
			return z.errorf("record %d (%s): %w: %s", i, describeInput(in), unmetered.ErrInvalidArgument, fmt.Sprintf(format, args...))
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
		c, err := canonical(z.name, rr.Name, "TXT", 0, 0, "name check")
		if err != nil {
			return nil, z.errorf("record %d (%s): %w", i, describeInput(in), err)
		}
		m := matcher{name: c.Name, typ: strings.ToUpper(strings.TrimSpace(rr.Type)), ttl: int64(rr.TTL / time.Second), data: rr.Data}
		if m.typ != "" && m.data != "" {
			// A value that cannot be a record of the type matches nothing; say so now.
			if _, err := m.want(z.name, m.typ); err != nil {
				return nil, z.errorf("record %d (%s): %w", i, describeInput(in), err)
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

// matches reports whether the zone's record r is one the matcher deletes.
func (m matcher) matches(z *zoneHandle, r record) bool {
	if r.Name != m.name || m.typ != "" && r.Type != m.typ {
		return false
	}
	if m.ttl != 0 && !z.registrar() && r.TTL != m.ttl {
		return false
	}
	if m.data == "" {
		return true
	}
	w, err := m.want(z.name, r.Type)
	return err == nil && w.sameValue(r)
}

// update replaces the zone's record old with new.
type update struct {
	old, new record
}

// changes are the writes of a call: creations, updates and deletions.
type changes struct {
	creates []record
	updates []update
	deletes []record
}

type rrset struct{ name, typ string }

// same reports whether the zone's record have already is the wanted one: the same value, and
// the same TTL unless want has no preference (0) or the zone is the registrar's (no TTLs).
func same(have, want record, registrar bool) bool {
	return have.sameValue(want) && (registrar || want.TTL == 0 || have.TTL == want.TTL)
}

// plan returns the fewest changes that give each RRset of want exactly want's records, from
// the zone's records have. RRsets want does not name are not touched. Records already as
// wanted are kept; the rest are paired into in-place updates (a record whose value is wanted
// with another TTL first); what is left over is created or deleted.
func plan(have, want []record, registrar bool) changes {
	wanted := map[rrset][]record{}
	for _, w := range want {
		k := rrset{w.Name, w.Type}
		dup := false
		for _, o := range wanted[k] {
			dup = dup || o.sameValue(w) && o.TTL == w.TTL
		}
		if !dup {
			wanted[k] = append(wanted[k], w)
		}
	}
	current := map[rrset][]record{}
	for _, h := range have {
		k := rrset{h.Name, h.Type}
		if _, ok := wanted[k]; ok && h.Type != typeSOA {
			current[k] = append(current[k], h)
		}
	}
	keys := make([]rrset, 0, len(wanted))
	for k := range wanted {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].name < keys[j].name || keys[i].name == keys[j].name && keys[i].typ < keys[j].typ
	})

	var c changes
	for _, k := range keys {
		cur, wants := current[k], wanted[k]
		// Keep the records already as wanted.
		kept := make([]bool, len(cur))
		var restWant []record
		for _, w := range wants {
			found := false
			for i, h := range cur {
				if !kept[i] && same(h, w, registrar) {
					kept[i], found = true, true
					break
				}
			}
			if !found {
				restWant = append(restWant, w)
			}
		}
		var restCur []record
		for i, h := range cur {
			if !kept[i] {
				restCur = append(restCur, h)
			}
		}
		// Pair the rest into updates: a record wanted with another TTL first, then in order.
		used := make([]bool, len(restCur))
		var unpaired []record
		for _, w := range restWant {
			i := -1
			for j, h := range restCur {
				if !used[j] && h.sameValue(w) {
					i = j
					break
				}
			}
			if i < 0 {
				unpaired = append(unpaired, w)
				continue
			}
			used[i] = true
			c.updates = append(c.updates, update{old: restCur[i], new: w})
		}
		for _, w := range unpaired {
			i := -1
			for j := range restCur {
				if !used[j] {
					i = j
					break
				}
			}
			if i < 0 {
				c.creates = append(c.creates, w)
				continue
			}
			used[i] = true
			if w.TTL == 0 {
				w.TTL = restCur[i].TTL // no preference: keep the record's TTL
			}
			c.updates = append(c.updates, update{old: restCur[i], new: w})
		}
		for j, h := range restCur {
			if !used[j] {
				c.deletes = append(c.deletes, h)
			}
		}
	}
	return c
}
