// Package zoneplan plans and applies the changes that bring the records of a DNS-service zone
// to a desired set: the diff shared by the unmetered command's "dns apply" and the dns-sync
// example. Records are in the SDK's canonical form (unmetered.ZoneRecord,
// unmetered.RecordRequest.Canonical), so that they compare with ==.
package zoneplan

import (
	"fmt"
	"sort"

	unmetered "github.com/unmetered/unmetered-go"
)

// RRset names the records of one owner name and type.
type RRset struct {
	Name string               `json:"name"`
	Type unmetered.RecordType `json:"type"`
}

// Kind is what an Op does to a record.
type Kind string

// The kinds of change.
const (
	Create Kind = "create"
	Update Kind = "update"
	Delete Kind = "delete"
)

// Op is one change of a plan.
type Op struct {
	Kind   Kind
	ID     int64                    // the existing record's id (Update, Delete)
	Old    *unmetered.ZoneRecord    // the existing record (Update, Delete)
	Record *unmetered.RecordRequest // the desired record (Create, Update)
}

// String renders the change as the plan prints it, e.g.
// "update #13 qwerty A ttl=1800 127.0.0.1 -> qwerty A ttl=1800 192.0.2.10".
func (op Op) String() string {
	switch op.Kind {
	case Create:
		return "create " + describe(op.Record.Name, op.Record.Type, op.Record.TTL, op.Record.Priority, op.Record.Content)
	case Update:
		return fmt.Sprintf("update #%d %s -> %s", op.ID, describe(op.Old.Name, op.Old.Type, op.Old.TTL, op.Old.Priority, op.Old.Content),
			describe(op.Record.Name, op.Record.Type, op.Record.TTL, op.Record.Priority, op.Record.Content))
	default:
		return fmt.Sprintf("delete #%d %s", op.ID, describe(op.Old.Name, op.Old.Type, op.Old.TTL, op.Old.Priority, op.Old.Content))
	}
}

func describe(name string, typ unmetered.RecordType, ttl, priority int64, content string) string {
	s := fmt.Sprintf("%s %s ttl=%d", name, typ, ttl)
	if ttl == 0 {
		s = fmt.Sprintf("%s %s ttl=default", name, typ)
	}
	if priority != 0 {
		s += fmt.Sprintf(" prio=%d", priority)
	}
	if len(content) > 80 {
		content = content[:77] + "..."
	}
	return s + " " + content
}

// key identifies an RRset in canonical form.
func key(name string, typ unmetered.RecordType) RRset { return RRset{Name: name, Type: typ} }

// same reports whether the zone's record already is the desired one. Both are in canonical
// form, so fields compare with ==; a desired TTL of 0 (the server's default) matches any.
func same(have *unmetered.ZoneRecord, want *unmetered.RecordRequest) bool {
	return have.Content == want.Content && have.Priority == want.Priority && (want.TTL == 0 || have.TTL == want.TTL)
}

// Plan returns the fewest creates, updates and deletes that give every RRset that desired or
// owns names exactly its desired records: an RRset (owner name and type) is owned when a
// desired record names it or owns lists it. desired and owns must be in canonical form
// (RecordRequest.Canonical). RRsets not owned are never touched, nor is the SOA.
// Records that already match are kept, a changed record is updated in place rather than
// deleted and created, and only what is left over is created or deleted. The plan lists
// creates, then updates, then deletes, so that applying it in that order never leaves an
// owned name without records.
func Plan(existing []unmetered.ZoneRecord, desired []unmetered.RecordRequest, owns []RRset) []Op {
	wanted := map[RRset][]*unmetered.RecordRequest{}
	for i := range desired {
		k := key(desired[i].Name, desired[i].Type)
		wanted[k] = append(wanted[k], &desired[i])
	}
	for _, o := range owns {
		if _, ok := wanted[o]; !ok {
			wanted[o] = nil
		}
	}
	current := map[RRset][]*unmetered.ZoneRecord{}
	for i := range existing {
		r := &existing[i]
		k := key(r.Name, r.Type)
		if _, owned := wanted[k]; owned && r.Type != unmetered.RecordTypeSOA {
			current[k] = append(current[k], r)
		}
	}
	keys := make([]RRset, 0, len(wanted))
	for k := range wanted {
		if k.Type != unmetered.RecordTypeSOA {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].Name < keys[j].Name || keys[i].Name == keys[j].Name && keys[i].Type < keys[j].Type
	})

	var creates, updates, deletes []Op
	for _, k := range keys {
		cur, want := current[k], wanted[k]
		// Keep exact matches.
		matched := make([]bool, len(want))
		var restCur []*unmetered.ZoneRecord
		for _, h := range cur {
			found := false
			for i, w := range want {
				if !matched[i] && same(h, w) {
					matched[i], found = true, true
					break
				}
			}
			if !found {
				restCur = append(restCur, h)
			}
		}
		var restWant []*unmetered.RecordRequest
		for i, w := range want {
			if !matched[i] {
				restWant = append(restWant, w)
			}
		}
		// Pair the rest into updates; what is left is created or deleted.
		n := min(len(restCur), len(restWant))
		for i := range n {
			w := *restWant[i]
			if w.TTL == 0 {
				w.TTL = restCur[i].TTL // keep the TTL, rather than trust the server to
			}
			updates = append(updates, Op{Kind: Update, ID: restCur[i].ID, Old: restCur[i], Record: &w})
		}
		for _, w := range restWant[n:] {
			creates = append(creates, Op{Kind: Create, Record: w})
		}
		for _, h := range restCur[n:] {
			deletes = append(deletes, Op{Kind: Delete, ID: h.ID, Old: h})
		}
	}
	return append(append(creates, updates...), deletes...)
}
