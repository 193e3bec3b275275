package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/unmetered/unmetered-go"
)

// Desired is the record set a zone should hold, as read from the JSON file.
type Desired struct {
	// ServiceID is the DNS service that hosts the zone.
	ServiceID int64 `json:"service_id"`
	// Zone is the zone's name, e.g. "example.com".
	Zone string `json:"zone"`
	// Records are every record the zone should have, except its SOA (which is never touched).
	Records []Record `json:"records"`
}

// Record is one desired record. Content is a string, or a list for SRV (weight, port, target;
// the priority is Priority).
type Record struct {
	Name     string            `json:"name"`
	Type     string            `json:"type"`
	TTL      int64             `json:"ttl"`
	Priority int64             `json:"priority,omitempty"`
	Content  unmetered.Content `json:"content"`
}

// Op is one change of a plan.
type Op struct {
	Kind   string // "create", "update" or "delete"
	ID     int64  // the existing record's id (update, delete)
	Old    *Record
	Record *Record // the desired record (create, update)
}

// String renders the change as the plan prints it, e.g. "update #13 qwerty A ttl=1800 ... -> ...".
func (op Op) String() string {
	switch op.Kind {
	case "create":
		return "create " + op.Record.describe()
	case "update":
		return fmt.Sprintf("update #%d %s -> %s", op.ID, op.Old.describe(), op.Record.describe())
	default:
		return fmt.Sprintf("delete #%d %s", op.ID, op.Old.describe())
	}
}

func (r *Record) describe() string {
	s := fmt.Sprintf("%s %s ttl=%d", r.Name, r.Type, r.TTL)
	if r.Priority != 0 {
		s += fmt.Sprintf(" prio=%d", r.Priority)
	}
	return s + " " + r.Content.String()
}

// key identifies an RRset: the owner name relative to the zone and the type.
func key(zone, name, typ string) string {
	n := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
	z := strings.ToLower(strings.TrimSuffix(zone, "."))
	switch {
	case n == "" || n == "@" || n == z:
		n = "@"
	case strings.HasSuffix(n, "."+z):
		n = strings.TrimSuffix(n, "."+z)
	}
	return n + " " + strings.ToUpper(typ)
}

func same(a, b *Record) bool {
	return a.TTL == b.TTL && a.Priority == b.Priority && a.Content.String() == b.Content.String()
}

// Plan returns the fewest creates, updates and deletes that turn the zone's records into the
// desired set: records that already match are kept, a changed record of an RRset is updated in
// place rather than deleted and created, and only what is left over is created or deleted.
// SOA records are never touched. The plan lists creates, then updates, then deletes, so that
// applying it in order never leaves a name without records.
func Plan(zone string, existing []unmetered.ZoneRecord, desired []Record) []Op {
	type have struct {
		id  int64
		rec Record
	}
	current := map[string][]have{}
	for _, r := range existing {
		if strings.EqualFold(r.Type, "SOA") {
			continue
		}
		k := key(zone, r.Name, r.Type)
		current[k] = append(current[k], have{int64(r.ID), Record{Name: r.Name, Type: r.Type, TTL: int64(r.TTL),
			Priority: int64(r.Priority), Content: r.Content}})
	}
	wanted := map[string][]Record{}
	for _, r := range desired {
		if strings.EqualFold(r.Type, "SOA") {
			continue
		}
		k := key(zone, r.Name, r.Type)
		wanted[k] = append(wanted[k], r)
	}

	keys := map[string]bool{}
	for k := range current {
		keys[k] = true
	}
	for k := range wanted {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)

	var creates, updates, deletes []Op
	for _, k := range sorted {
		cur, want := current[k], wanted[k]
		// Keep exact matches.
		var restCur []have
		matched := make([]bool, len(want))
		for _, h := range cur {
			found := false
			for i := range want {
				if !matched[i] && same(&h.rec, &want[i]) {
					matched[i], found = true, true
					break
				}
			}
			if !found {
				restCur = append(restCur, h)
			}
		}
		var restWant []Record
		for i, w := range want {
			if !matched[i] {
				restWant = append(restWant, w)
			}
		}
		// Pair the rest into updates; what is left is created or deleted.
		n := min(len(restCur), len(restWant))
		for i := 0; i < n; i++ {
			old, rec := restCur[i].rec, restWant[i]
			updates = append(updates, Op{Kind: "update", ID: restCur[i].id, Old: &old, Record: &rec})
		}
		for i := n; i < len(restWant); i++ {
			rec := restWant[i]
			creates = append(creates, Op{Kind: "create", Record: &rec})
		}
		for i := n; i < len(restCur); i++ {
			old := restCur[i].rec
			deletes = append(deletes, Op{Kind: "delete", ID: restCur[i].id, Old: &old})
		}
	}
	return append(append(creates, updates...), deletes...)
}
