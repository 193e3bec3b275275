package unmetered

import (
	"fmt"
	"strings"
)

// Zone planning: from what a caller wants of a zone's records (a ZoneEdit) to the fewest
// creates, updates and deletes that give it (PlanZone). DNSService.ApplyPlan (dns_apply.go)
// carries a plan out. The command-line tool, the libdns provider and the examples all plan
// through here, so that matching, ownership and the CNAME rule are one code path.

// RRset names the records of one owner name and type, the unit a ZoneEdit owns: Name as in a
// RecordRequest (relative to the zone, "@" for the apex), Type in any case.
type RRset struct {
	Name string     `json:"name"`
	Type RecordType `json:"type"`
}

// ZoneEdit is what a caller wants of a zone's records, the input of PlanZone. Each field
// speaks of some RRsets (owner name and type); an RRset no field names is never touched, nor
// is the SOA record.
//
//   - Set: each RRset these records name ends with exactly these records, as libdns's
//     SetRecords, a zone file or a desired-state file mean it. Records of the same value
//     (Content and, for MX and SRV, Priority) count once, the first one's TTL winning.
//   - Clear: each of these RRsets ends empty, unless Set names it too.
//   - Remove: the zone's records that one of these filters matches are removed, from the
//     RRsets Set and Clear do not name.
//   - Add: each of these records ends in the zone: it is created unless its RRset already
//     holds a record of the same value (whatever its TTL; an RRset holds a value once,
//     RFC 2181 section 5). Add alone never changes or deletes a record.
//
// Records and filters take the forms of RecordRequest and RecordFilter, with the latitude
// those allow; PlanZone puts them in canonical form. A TTL of 0 in Set or Add means no
// preference: it matches a record of any TTL, a record updated in place keeps its TTL, and a
// new record gets the server's default.
//
// Some uses: a zone file kept in git is Set (with --prune, also Clear for every RRset of the
// zone); an ACME DNS-01 challenge is Add of one TXT value at _acme-challenge.NAME, and its
// cleanup Remove of exactly that value, so that two challenges at one name never disturb each
// other; an external-dns update is Remove of the old targets and Add of the new ones, which
// PlanZone pairs into updates in place.
type ZoneEdit struct {
	Set    []RecordRequest `json:"set,omitempty"`
	Clear  []RRset         `json:"clear,omitempty"`
	Remove []RecordFilter  `json:"remove,omitempty"`
	Add    []RecordRequest `json:"add,omitempty"`
	// AllowCNAMEConflicts plans a zone that would hold a CNAME at its apex or a CNAME beside
	// other records at one name, which PlanZone otherwise refuses with a *CNAMEConflictError.
	AllowCNAMEConflicts bool `json:"allow_cname_conflicts,omitempty"`
}

// RecordFilter selects records of a zone for ZoneEdit.Remove: those of its Name and,
// where set, of its Type, TTL and value. A field left empty matches any, as in libdns's
// DeleteRecords: {Name: "www"} selects every record at www, {Name: "www", Type: "A"} its A
// records, {Name: "_acme-challenge", Type: "TXT", Content: "token"} exactly that value.
type RecordFilter struct {
	// Name is required: relative to the zone ("www"), "@" for the apex, or absolute with the
	// trailing dot. It never selects the SOA record.
	Name string `json:"name"`
	// Type, when not empty, is the records' type, in any case.
	Type RecordType `json:"type,omitempty"`
	// TTL, when not 0, is the records' TTL in seconds.
	TTL int64 `json:"ttl,omitempty"`
	// Priority is compared with Content, for the types that have one (MX, SRV).
	Priority int64 `json:"priority,omitempty"`
	// Content, when not empty, is the records' value, in any form RecordRequest.Content takes;
	// it is compared in canonical form, so it needs a Type.
	Content string `json:"content,omitempty"`
}

// ChangeKind is what a RecordChange does: ChangeCreate, ChangeUpdate or ChangeDelete.
type ChangeKind string

// The kinds of change of a plan.
const (
	ChangeCreate ChangeKind = "create"
	ChangeUpdate ChangeKind = "update"
	ChangeDelete ChangeKind = "delete"
)

// RecordChange is one change of a ZonePlan: one request to the server.
type RecordChange struct {
	Kind ChangeKind `json:"kind"`
	// Old is the zone's record, with its ID, that an update replaces or a delete removes; nil
	// for a create.
	Old *ZoneRecord `json:"old,omitempty"`
	// Record is the record a create adds or an update writes, in canonical form; nil for a
	// delete.
	Record *RecordRequest `json:"record,omitempty"`
}

// String spells the change for messages and logs: `create www A ttl=300 "192.0.2.1"`,
// `update #13 qwerty A ttl=1800 "127.0.0.1" -> qwerty A ttl=1800 "192.0.2.5"`,
// `delete #15 _sip._tcp SRV ttl=3600 prio=10 "10 5060 vc01.example.com."`.
func (c RecordChange) String() string {
	switch {
	case c.Kind == ChangeCreate && c.Record != nil:
		return "create " + describeChange(c.Record.Name, c.Record.Type, c.Record.TTL, c.Record.Priority, c.Record.Content)
	case c.Kind == ChangeUpdate && c.Old != nil && c.Record != nil:
		return fmt.Sprintf("update #%d %s -> %s", c.Old.ID, describeChange(c.Old.Name, c.Old.Type, c.Old.TTL, c.Old.Priority, c.Old.Content),
			describeChange(c.Record.Name, c.Record.Type, c.Record.TTL, c.Record.Priority, c.Record.Content))
	case c.Kind == ChangeDelete && c.Old != nil:
		return fmt.Sprintf("delete #%d %s", c.Old.ID, describeChange(c.Old.Name, c.Old.Type, c.Old.TTL, c.Old.Priority, c.Old.Content))
	}
	return fmt.Sprintf("%s (incomplete change)", c.Kind)
}

func describeChange(name string, typ RecordType, ttl, priority int64, content string) string {
	s := fmt.Sprintf("%s %s ttl=%d", name, typ, ttl)
	if ttl == 0 {
		s = fmt.Sprintf("%s %s ttl=default", name, typ)
	}
	if priority != 0 {
		s += fmt.Sprintf(" prio=%d", priority)
	}
	return s + " " + fmt.Sprintf("%q", shortContent(content))
}

// ZonePlan is the changes that bring a zone to what a ZoneEdit asks: PlanZone's result, which
// DNSService.ApplyPlan carries out.
type ZonePlan struct {
	// Zone is the zone planned for: its ID, Name and ServiceID (without records).
	Zone Zone `json:"zone"`
	// Changes are the creates, then the updates, then the deletes, with one exception: at a
	// name where the plan creates a CNAME, the deletes of the other records there come first,
	// and so does the delete of a CNAME at a name where the plan creates other records, as a
	// server that enforces RFC 1034 section 3.6.2 (PowerDNS, HostBill's DNS modules) refuses
	// a record beside a CNAME. Each kind follows the order in which the edit names the RRsets
	// (Set, then Clear, then Add; then the zone's order for those only Remove touches), and
	// within an RRset the order of its records. Applied in that order, an RRset that keeps
	// records never goes empty on the way, and a name keeps records throughout unless it
	// changes between a CNAME and other records: it is then empty between the deletes and
	// the creates.
	Changes []RecordChange `json:"changes"`

	// known are the ids of the records the plan was made from, so that ApplyPlan can tell a
	// record it created from one that was there; nil for a plan built by hand.
	known map[int64]bool
}

// PlanZone returns the fewest changes that give zone what edit asks (see ZoneEdit), from the
// zone's records as they are: zone.Records, in canonical form, as DNSService.Zone returns
// them. Records already as wanted are kept; a record to be replaced is updated in place (its
// TTL alone, when only that differs) rather than deleted and created; only what is left over
// is created or deleted. RRsets the edit does not name are not touched, and neither is the
// SOA record. Nothing is sent: PlanZone only reads its arguments.
//
// It refuses (wrapping ErrInvalidArgument) an edit with a record or filter that is not valid
// for the zone (naming it), an SOA record in Set or Add (the SOA is the server's; one in Clear
// is ignored), and, unless edit.AllowCNAMEConflicts, a result with a CNAME at the apex or
// beside other records at a name it writes to (a *CNAMEConflictError).
func PlanZone(zone *Zone, edit ZoneEdit) (*ZonePlan, error) {
	if zone == nil {
		return nil, fmt.Errorf("%w: PlanZone needs a zone", ErrInvalidArgument)
	}
	z := zoneKey(zone.Name)
	if z == "" {
		return nil, fmt.Errorf("%w: PlanZone: the zone has no name", ErrInvalidArgument)
	}
	want, err := canonicalEdit(z, edit)
	if err != nil {
		return nil, err
	}

	current := map[RRset][]*ZoneRecord{}
	for i := range zone.Records {
		r := &zone.Records[i]
		if r.Type != RecordTypeSOA {
			k := RRset{r.Name, r.Type}
			current[k] = append(current[k], r)
		}
	}
	// The RRsets the edit touches, in the order the edit names them, then the zone's.
	keys := want.order
	touched := map[RRset]bool{}
	for _, k := range keys {
		touched[k] = true
	}
	for i := range zone.Records {
		r := &zone.Records[i]
		if k := (RRset{r.Name, r.Type}); !touched[k] && r.Type != RecordTypeSOA && want.removes(r) {
			touched[k] = true
			keys = append(keys, k)
		}
	}

	var d diff
	for _, k := range keys {
		var target []RecordRequest
		if want.owned[k] {
			target = want.set[k]
		} else {
			for _, r := range current[k] {
				if !want.removes(r) {
					target = append(target, r.Request())
				}
			}
		}
		for _, a := range want.add[k] {
			if !containsValue(target, a) {
				target = append(target, a)
			}
		}
		d.rrset(current[k], target)
	}

	changes := d.ordered()
	if !edit.AllowCNAMEConflicts {
		if conflicts := cnameConflicts(zone.Records, changes); len(conflicts) > 0 {
			return nil, &CNAMEConflictError{Zone: z, Conflicts: conflicts}
		}
	}
	plan := &ZonePlan{Zone: Zone{ID: zone.ID, Name: z, ServiceID: zone.ServiceID}, Changes: changes, known: map[int64]bool{}}
	for i := range changes {
		if old := changes[i].Old; old != nil {
			c := *old // the plan's own copy, not an alias of the caller's zone
			changes[i].Old = &c
		}
	}
	for _, r := range zone.Records {
		plan.known[r.ID] = true
	}
	return plan, nil
}

// plannedEdit is a ZoneEdit in canonical form, by RRset.
type plannedEdit struct {
	order  []RRset                   // the RRsets Set, Clear and Add name, as they first name them
	owned  map[RRset]bool            // named by Set or Clear
	set    map[RRset][]RecordRequest // without repeated values
	add    map[RRset][]RecordRequest // without repeated values
	remove []RecordFilter
}

// removes reports whether a Remove filter selects the zone's record r.
func (p *plannedEdit) removes(r *ZoneRecord) bool {
	for _, f := range p.remove {
		if f.matches(r) {
			return true
		}
	}
	return false
}

// canonicalEdit checks edit and puts it in canonical form for the zone z (a zoneKey).
func canonicalEdit(z string, edit ZoneEdit) (*plannedEdit, error) {
	p := &plannedEdit{owned: map[RRset]bool{}, set: map[RRset][]RecordRequest{}, add: map[RRset][]RecordRequest{}}
	named := map[RRset]bool{}
	name := func(k RRset) {
		if !named[k] {
			named[k] = true
			p.order = append(p.order, k)
		}
	}
	records := func(field string, in []RecordRequest, into map[RRset][]RecordRequest) error {
		for i, r := range in {
			c, err := r.canonical(fmt.Sprintf("PlanZone: %s[%d]", field, i), z)
			if err != nil {
				return err
			}
			if c.Type == RecordTypeSOA {
				return fmt.Errorf("%w: PlanZone: %s[%d]: the SOA record is the server's; it cannot be written", ErrInvalidArgument, field, i)
			}
			k := RRset{c.Name, c.Type}
			name(k)
			if !containsValue(into[k], c) {
				into[k] = append(into[k], c)
			}
		}
		return nil
	}
	if err := records("Set", edit.Set, p.set); err != nil {
		return nil, err
	}
	for k := range p.set {
		p.owned[k] = true
	}
	for i, s := range edit.Clear {
		where := fmt.Sprintf("PlanZone: Clear[%d]", i)
		typ := canonicalType(s.Type)
		if typ == "" {
			return nil, fmt.Errorf("%w: %s: Type is required", ErrInvalidArgument, where)
		}
		rel, err := requestName(z, s.Name)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: Name %q %s", ErrInvalidArgument, where, s.Name, err)
		}
		if typ != RecordTypeSOA {
			p.owned[RRset{rel, typ}] = true
			name(RRset{rel, typ})
		}
	}
	if err := records("Add", edit.Add, p.add); err != nil {
		return nil, err
	}
	for i, f := range edit.Remove {
		c, err := f.canonical(fmt.Sprintf("PlanZone: Remove[%d]", i), z)
		if err != nil {
			return nil, err
		}
		p.remove = append(p.remove, c)
	}
	return p, nil
}

// canonical checks the filter and returns it in canonical form for the zone z (a zoneKey).
func (f RecordFilter) canonical(op, z string) (RecordFilter, error) {
	bad := func(format string, args ...any) (RecordFilter, error) {
		return RecordFilter{}, fmt.Errorf("%w: %s: %s", ErrInvalidArgument, op, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(f.Name) == "" {
		return bad("Name is required (the zone's apex is \"@\")")
	}
	name, err := requestName(z, f.Name)
	if err != nil {
		return bad("Name %q %s", f.Name, err)
	}
	out := RecordFilter{Name: name, Type: canonicalType(f.Type), TTL: f.TTL, Priority: f.Priority}
	if msg := outOfRange(f.TTL, f.Priority); msg != "" {
		return bad("%s", msg)
	}
	if f.Content != "" {
		if out.Type == "" {
			return bad("Content %q needs a Type to be compared", f.Content)
		}
		if out.Content, err = requestContent(out.Type, f.Content); err != nil {
			return bad("Content %q: %s", f.Content, err)
		}
	}
	return out, nil
}

// matches reports whether the canonical filter f selects the zone's record r.
func (f RecordFilter) matches(r *ZoneRecord) bool {
	switch {
	case r.Type == RecordTypeSOA, r.Name != f.Name, f.Type != "" && r.Type != f.Type, f.TTL != 0 && r.TTL != f.TTL:
		return false
	case f.Content == "":
		return true
	}
	return r.Content == f.Content && (!hasPriority(r.Type) || r.Priority == f.Priority)
}

// hasPriority reports whether the type's records have a priority that is part of their value:
// MX and SRV, and types the SDK does not know (the registrar's MXE, say). For the others the
// server's priority field means nothing and is not compared.
func hasPriority(t RecordType) bool {
	switch t {
	case RecordTypeA, RecordTypeAAAA, RecordTypeCNAME, RecordTypeTXT, RecordTypeNS, RecordTypeCAA, RecordTypePTR, RecordTypeSOA:
		return false
	}
	return true
}

// sameValue reports whether two records of one RRset hold the same value.
func sameValue(content string, priority int64, o RecordRequest) bool {
	return content == o.Content && (!hasPriority(o.Type) || priority == o.Priority)
}

func containsValue(recs []RecordRequest, r RecordRequest) bool {
	for _, o := range recs {
		if sameValue(o.Content, o.Priority, r) {
			return true
		}
	}
	return false
}

// same reports whether the zone's record already is the wanted one: the same value, and the
// same TTL unless want has no preference (0).
func same(have *ZoneRecord, want RecordRequest) bool {
	return sameValue(have.Content, have.Priority, want) && (want.TTL == 0 || have.TTL == want.TTL)
}

// diff collects the changes of a plan, by kind.
type diff struct {
	creates, updates, deletes []RecordChange
}

// ordered is the plan's order: the deletes that must go before the creates (clearsCNAMEWay),
// then the creates, the updates and the other deletes, each in the order collected.
func (d *diff) ordered() []RecordChange {
	created := map[string][]RecordType{}
	for _, c := range d.creates {
		created[c.Record.Name] = append(created[c.Record.Name], c.Record.Type)
	}
	var early, late []RecordChange
	for _, c := range d.deletes {
		if clearsCNAMEWay(c.Old, created[c.Old.Name]) {
			early = append(early, c)
		} else {
			late = append(late, c)
		}
	}
	out := make([]RecordChange, 0, len(early)+len(d.creates)+len(d.updates)+len(late))
	out = append(append(out, early...), d.creates...)
	return append(append(out, d.updates...), late...)
}

// clearsCNAMEWay reports whether the deletion of old must go before the creation of records of
// the types created at its name, because a server that enforces RFC 1034 section 3.6.2 would
// refuse one of them beside old: a CNAME created beside any other record, or any record
// created beside a CNAME (a second CNAME included).
func clearsCNAMEWay(old *ZoneRecord, created []RecordType) bool {
	for _, t := range created {
		if t == RecordTypeCNAME || old.Type == RecordTypeCNAME {
			return true
		}
	}
	return false
}

// rrset adds the fewest changes that turn one RRset's records cur into target: keep what
// already matches, update in place (a record wanted with another TTL first), create and
// delete what is left over.
func (d *diff) rrset(cur []*ZoneRecord, target []RecordRequest) {
	kept := make([]bool, len(cur))
	var restWant []RecordRequest
	for _, w := range target {
		found := false
		for i, h := range cur {
			if !kept[i] && same(h, w) {
				kept[i], found = true, true
				break
			}
		}
		if !found {
			restWant = append(restWant, w)
		}
	}
	var restCur []*ZoneRecord
	for i, h := range cur {
		if !kept[i] {
			restCur = append(restCur, h)
		}
	}
	used := make([]bool, len(restCur))
	update := func(j int, w RecordRequest) {
		used[j] = true
		if w.TTL == 0 {
			w.TTL = restCur[j].TTL // no preference: keep the record's, rather than trust the server to
		}
		d.updates = append(d.updates, RecordChange{Kind: ChangeUpdate, Old: restCur[j], Record: &w})
	}
	var unpaired []RecordRequest
	for _, w := range restWant {
		j := -1
		for i, h := range restCur {
			if !used[i] && sameValue(h.Content, h.Priority, w) {
				j = i
				break
			}
		}
		if j < 0 {
			unpaired = append(unpaired, w)
			continue
		}
		update(j, w)
	}
	for _, w := range unpaired {
		j := -1
		for i := range restCur {
			if !used[i] {
				j = i
				break
			}
		}
		if j < 0 {
			d.creates = append(d.creates, RecordChange{Kind: ChangeCreate, Record: &w})
			continue
		}
		update(j, w)
	}
	for i, h := range restCur {
		if !used[i] {
			d.deletes = append(d.deletes, RecordChange{Kind: ChangeDelete, Old: h})
		}
	}
}
