package main

import (
	"fmt"
	"sort"

	"github.com/unmetered/unmetered-go"
)

// Desired is the record set a zone should hold, as read from the JSON file.
type Desired struct {
	// ServiceID, when set, is the DNS service the zone must belong to.
	ServiceID int64 `json:"service_id,omitempty"`
	// Zone is the zone's name, e.g. "example.com".
	Zone string `json:"zone"`
	// Records are the records the zone should hold. The file owns the RRsets (owner name and
	// type) these records name: records of those RRsets that are not listed are deleted.
	Records []unmetered.RecordRequest `json:"records"`
	// Owns are further RRsets the file owns without wanting records in them: their records are
	// deleted. Every RRset neither Records nor Owns names is left alone.
	Owns []RRset `json:"owns,omitempty"`
}

// RRset names the records of one owner name and type.
type RRset struct {
	Name string               `json:"name"`
	Type unmetered.RecordType `json:"type"`
}

// Op is one change of a plan.
type Op struct {
	Kind   string                   // "create", "update" or "delete"
	ID     int64                    // the existing record's id (update, delete)
	Old    *unmetered.ZoneRecord    // the existing record (update, delete)
	Record *unmetered.RecordRequest // the desired record (create, update)
}

// String renders the change as the plan prints it, e.g.
// "update #13 qwerty A ttl=1800 127.0.0.1 -> qwerty A ttl=1800 192.0.2.10".
func (op Op) String() string {
	switch op.Kind {
	case "create":
		return "create " + describe(op.Record.Name, op.Record.Type, op.Record.TTL, op.Record.Priority, op.Record.Content)
	case "update":
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

// Plan returns the fewest creates, updates and deletes that give every RRset the desired file
// owns exactly its desired records. desired and owns must be in canonical form
// (RecordRequest.Canonical). RRsets the file does not own are never touched, nor is the SOA.
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
			updates = append(updates, Op{Kind: "update", ID: restCur[i].ID, Old: restCur[i], Record: &w})
		}
		for _, w := range restWant[n:] {
			creates = append(creates, Op{Kind: "create", Record: w})
		}
		for _, h := range restCur[n:] {
			deletes = append(deletes, Op{Kind: "delete", ID: h.ID, Old: h})
		}
	}
	return append(append(creates, updates...), deletes...)
}
