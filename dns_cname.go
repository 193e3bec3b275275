package unmetered

import (
	"fmt"
	"sort"
	"strings"
)

// The CNAME rule of RFC 1034 section 3.6.2, as PlanZone enforces it: a CNAME is the only
// record at its name, and never at the zone's apex.

// CNAMEConflict is a name at which a planned zone would break RFC 1034 section 3.6.2: a CNAME
// at the apex, or a CNAME beside other records.
type CNAMEConflict struct {
	// Name is the owner name, relative to the zone ("@" for the apex).
	Name string `json:"name"`
	// Records are what the name would hold after the plan, by type and value: the zone's
	// records that stay (with their IDs) and those the plan writes (ID 0 for new ones).
	Records []ZoneRecord `json:"records"`
}

// CNAMEConflictError is PlanZone's error when the zone would hold a CNAME at its apex or a
// CNAME beside any other record at one name (RFC 1034 section 3.6.2: resolvers then answer
// the CNAME and hide the rest, or fail). It wraps ErrInvalidArgument: nothing was planned or
// sent. Only names the plan writes to are checked, so a conflict the zone already has
// elsewhere does not block other changes. To plan such a zone anyway, set
// ZoneEdit.AllowCNAMEConflicts.
type CNAMEConflictError struct {
	Zone      string
	Conflicts []CNAMEConflict
}

// Error names each name at fault and what it would hold.
func (e *CNAMEConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: zone %s: a CNAME must be the only record at its name, and the zone's apex cannot have one (RFC 1034 section 3.6.2): ",
		ErrInvalidArgument, e.Zone)
	for i, c := range e.Conflicts {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.Name + " would hold ")
		for j, r := range c.Records {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(string(r.Type))
			if r.Type != RecordTypeSOA {
				content := r.Content
				if len(content) > 40 {
					content = content[:37] + "..."
				}
				fmt.Fprintf(&b, " %q", content)
			}
		}
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrInvalidArgument) true.
func (e *CNAMEConflictError) Unwrap() error { return ErrInvalidArgument }

// cnameConflicts returns the names that changes write to where the zone would then hold a
// CNAME at the apex or a CNAME beside other records.
func cnameConflicts(existing []ZoneRecord, changes []RecordChange) []CNAMEConflict {
	gone := map[*ZoneRecord]bool{}
	written := map[string]bool{}
	var added []ZoneRecord
	for _, c := range changes {
		if c.Old != nil {
			gone[c.Old] = true
		}
		if c.Record != nil {
			written[c.Record.Name] = true
			r := c.Record
			id := int64(0)
			if c.Old != nil {
				id = c.Old.ID
			}
			added = append(added, ZoneRecord{ID: id, Name: r.Name, Type: r.Type, TTL: r.TTL, Priority: r.Priority, Content: r.Content})
		}
	}
	result := map[string][]ZoneRecord{}
	for i := range existing {
		if r := &existing[i]; written[r.Name] && !gone[r] {
			result[r.Name] = append(result[r.Name], *r)
		}
	}
	for _, r := range added {
		result[r.Name] = append(result[r.Name], r)
	}
	var out []CNAMEConflict
	for name, recs := range result {
		cnames := 0
		for _, r := range recs {
			if r.Type == RecordTypeCNAME {
				cnames++
			}
		}
		if cnames > 0 && (name == "@" || len(recs) > 1) {
			sort.SliceStable(recs, func(i, j int) bool {
				a, b := recs[i], recs[j]
				return a.Type < b.Type || a.Type == b.Type && (a.Priority < b.Priority || a.Priority == b.Priority && a.Content < b.Content)
			})
			out = append(out, CNAMEConflict{Name: name, Records: recs})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
