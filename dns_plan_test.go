package unmetered_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go"
)

// The planner's tests, moved from internal/zoneplan (which the public planner replaced) and
// extended to every form of ZoneEdit.

func rec(id int64, name string, typ unmetered.RecordType, ttl int64, content string) unmetered.ZoneRecord {
	return unmetered.ZoneRecord{ID: id, Name: name, Type: typ, TTL: ttl, Content: content}
}

func req(name string, typ unmetered.RecordType, ttl int64, content string) unmetered.RecordRequest {
	return unmetered.RecordRequest{Name: name, Type: typ, TTL: ttl, Content: content}
}

func testZone(recs ...unmetered.ZoneRecord) *unmetered.Zone {
	return &unmetered.Zone{ID: 60, Name: "example.com", ServiceID: 10, Records: recs}
}

func lines(p *unmetered.ZonePlan) []string {
	out := []string{}
	for _, c := range p.Changes {
		out = append(out, c.String())
	}
	return out
}

func plan(t *testing.T, zone *unmetered.Zone, edit unmetered.ZoneEdit) []string {
	t.Helper()
	p, err := unmetered.PlanZone(zone, edit)
	require.NoError(t, err)
	return lines(p)
}

var soa = rec(1, "@", "SOA", 3600, "ns1.example.net. hostmaster.example.com. 1 2 3 4 5")

func TestPlanInSync(t *testing.T) {
	t.Parallel()
	mx := rec(3, "@", "MX", 3600, "mail.example.com.")
	mx.Priority = 10
	zone := testZone(soa, rec(2, "www", "A", 300, "192.0.2.1"), mx, rec(4, "@", "TXT", 3600, `v=spf1 include:"x" -all`))
	wantMX := req("example.com.", "mx", 3600, "Mail.Example.com")
	wantMX.Priority = 10
	assert.Empty(t, plan(t, zone, unmetered.ZoneEdit{Set: []unmetered.RecordRequest{
		req("WWW.example.com.", "a", 300, "192.0.2.1"), wantMX, req("@", "TXT", 0, `v=spf1 include:"x" -all`),
	}}), "canonical forms compare equal; a TTL of 0 matches any; the SOA is ignored")
}

func TestPlanFewestChanges(t *testing.T) {
	t.Parallel()
	zone := testZone(soa,
		rec(2, "www", "A", 300, "192.0.2.1"),
		rec(3, "www", "A", 300, "192.0.2.2"),
		rec(4, "old", "CNAME", 300, "www.example.com."),
		rec(5, "@", "TXT", 300, "v=spf1 -all"),
		rec(6, "www", "A", 300, "192.0.2.9"),
	)
	assert.Equal(t, []string{
		`create api AAAA ttl=300 "2001:db8::1"`,
		`update #2 www A ttl=300 "192.0.2.1" -> www A ttl=300 "192.0.2.3"`,
		`update #5 @ TXT ttl=300 "v=spf1 -all" -> @ TXT ttl=600 "v=spf1 -all"`,
		`delete #6 www A ttl=300 "192.0.2.9"`,
		`delete #4 old CNAME ttl=300 "www.example.com."`,
	}, plan(t, zone, unmetered.ZoneEdit{
		Set: []unmetered.RecordRequest{
			req("www", "A", 300, "192.0.2.2"),   // kept
			req("www", "A", 300, "192.0.2.3"),   // 192.0.2.1 updated in place
			req("@", "TXT", 600, "v=spf1 -all"), // ttl changed: update
			req("api", "AAAA", 300, "2001:db8::1"),
		},
		Clear: []unmetered.RRset{{Name: "old", Type: "cname"}},
	}), "old CNAME is cleared; each kind in the order the edit names the RRsets")
}

// TestPlanOrder: creates, updates, deletes; each in the order the edit names the RRsets (Set,
// Clear, Add, then the zone's order for what only Remove touches), records in their order.
func TestPlanOrder(t *testing.T) {
	t.Parallel()
	zone := testZone(soa, rec(2, "z", "A", 300, "192.0.2.1"), rec(3, "y", "A", 300, "192.0.2.1"), rec(4, "x", "TXT", 300, "x"))
	assert.Equal(t, []string{
		`create c A ttl=300 "192.0.2.3"`,
		`create c A ttl=300 "192.0.2.1"`,
		`create b A ttl=300 "192.0.2.2"`,
		`create a A ttl=300 "192.0.2.1"`,
		`delete #2 z A ttl=300 "192.0.2.1"`,
		`delete #3 y A ttl=300 "192.0.2.1"`,
		`delete #4 x TXT ttl=300 "x"`,
	}, plan(t, zone, unmetered.ZoneEdit{
		Set:    []unmetered.RecordRequest{req("c", "A", 300, "192.0.2.3"), req("b", "A", 300, "192.0.2.2"), req("c", "A", 300, "192.0.2.1")},
		Clear:  []unmetered.RRset{{Name: "z", Type: "A"}, {Name: "y", Type: "A"}},
		Add:    []unmetered.RecordRequest{req("a", "A", 300, "192.0.2.1")},
		Remove: []unmetered.RecordFilter{{Name: "x"}},
	}))
}

func TestPlanLeavesWhatItDoesNotOwn(t *testing.T) {
	t.Parallel()
	zone := testZone(soa,
		rec(2, "www", "A", 300, "192.0.2.1"),
		rec(3, "www", "AAAA", 300, "2001:db8::1"), // same name, other type
		rec(4, "mail", "A", 300, "192.0.2.25"),    // other name
		rec(5, "@", "TXT", 300, "v=spf1 -all"),
	)
	assert.Equal(t, []string{`update #2 www A ttl=300 "192.0.2.1" -> www A ttl=300 "192.0.2.2"`},
		plan(t, zone, unmetered.ZoneEdit{Set: []unmetered.RecordRequest{req("www", "A", 300, "192.0.2.2")}}))
	assert.Empty(t, plan(t, zone, unmetered.ZoneEdit{}), "an empty edit owns nothing and deletes nothing")
	assert.Equal(t, []string{`delete #4 mail A ttl=300 "192.0.2.25"`},
		plan(t, zone, unmetered.ZoneEdit{Clear: []unmetered.RRset{{Name: "mail", Type: "A"}, {Name: "@", Type: "SOA"}}}),
		"cleared RRsets are emptied; the SOA never")
}

func TestPlanDescribesLongContentShort(t *testing.T) {
	t.Parallel()
	p, err := unmetered.PlanZone(testZone(), unmetered.ZoneEdit{Set: []unmetered.RecordRequest{req("dkim", "TXT", 300, "v=DKIM1; p="+strings.Repeat("A", 300))}})
	require.NoError(t, err)
	require.Len(t, p.Changes, 1)
	assert.Equal(t, `create dkim TXT ttl=300 "v=DKIM1; p=`+strings.Repeat("A", 46)+`..."`, p.Changes[0].String())
	assert.Len(t, p.Changes[0].Record.Content, 311, "the change itself is whole")
}

func TestPlanUpdateKeepsTheTTLLeftOut(t *testing.T) {
	t.Parallel()
	p, err := unmetered.PlanZone(testZone(rec(2, "www", "A", 300, "192.0.2.1")), unmetered.ZoneEdit{Set: []unmetered.RecordRequest{req("www", "A", 0, "192.0.2.2")}})
	require.NoError(t, err)
	require.Len(t, p.Changes, 1)
	assert.Equal(t, int64(300), p.Changes[0].Record.TTL, "sent explicitly, rather than left to the server")
	assert.Equal(t, []string{`create www A ttl=default "192.0.2.2"`},
		plan(t, testZone(), unmetered.ZoneEdit{Set: []unmetered.RecordRequest{req("www", "A", 0, "192.0.2.2")}}))
}

// TestPlanSetCountsAValueOnce: the same value twice in Set is one record, the first TTL
// winning; a record of the zone listed twice is made one.
func TestPlanSetCountsAValueOnce(t *testing.T) {
	t.Parallel()
	zone := testZone(rec(2, "www", "A", 300, "192.0.2.1"), rec(3, "www", "A", 300, "192.0.2.1"))
	assert.Equal(t, []string{`delete #3 www A ttl=300 "192.0.2.1"`}, plan(t, zone, unmetered.ZoneEdit{Set: []unmetered.RecordRequest{
		req("www", "A", 300, "192.0.2.1"), req("www", "A", 600, "192.0.2.1"),
	}}))
	assert.Equal(t, []string{`create mail A ttl=300 "192.0.2.25"`}, plan(t, zone, unmetered.ZoneEdit{Set: []unmetered.RecordRequest{
		req("mail", "A", 300, "192.0.2.25"), req("MAIL", "A", 600, "192.0.2.25"),
	}}))
	// An MX's priority is part of its value; an A record's priority field is not.
	mx := func(prio int64) unmetered.RecordRequest {
		r := req("@", "MX", 300, "mail.example.com")
		r.Priority = prio
		return r
	}
	assert.Equal(t, []string{`create @ MX ttl=300 prio=10 "mail.example.com."`, `create @ MX ttl=300 prio=20 "mail.example.com."`},
		plan(t, testZone(), unmetered.ZoneEdit{Set: []unmetered.RecordRequest{mx(10), mx(20), mx(10)}}))
	odd := rec(2, "www", "A", 300, "192.0.2.1")
	odd.Priority = 5
	assert.Empty(t, plan(t, testZone(odd), unmetered.ZoneEdit{Set: []unmetered.RecordRequest{req("www", "A", 300, "192.0.2.1")}}))
}

// TestPlanAdd: Add creates what is missing and never changes or deletes a record.
func TestPlanAdd(t *testing.T) {
	t.Parallel()
	zone := testZone(soa, rec(2, "_acme-challenge", "TXT", 60, "first"), rec(3, "www", "A", 300, "192.0.2.1"))
	add := func(recs ...unmetered.RecordRequest) []string {
		return plan(t, zone, unmetered.ZoneEdit{Add: recs})
	}
	assert.Equal(t, []string{`create _acme-challenge TXT ttl=60 "second"`}, add(req("_acme-challenge", "TXT", 60, "second")),
		"a second challenge at the same name leaves the first alone")
	assert.Empty(t, add(req("_acme-challenge", "TXT", 60, "first")), "a value already there is not added again")
	assert.Empty(t, add(req("_acme-challenge", "TXT", 300, "first")), "whatever its TTL: Add never changes a record")
	assert.Equal(t, []string{`create www A ttl=default "192.0.2.2"`}, add(req("www", "A", 0, "192.0.2.2"), req("www", "A", 0, "192.0.2.2")))
}

// TestPlanRemove: filters with libdns's empty-field semantics; never the SOA; never a record
// the filter does not select.
func TestPlanRemove(t *testing.T) {
	t.Parallel()
	mx := rec(6, "@", "MX", 3600, "mail.example.com.")
	mx.Priority = 10
	zone := testZone(soa,
		rec(2, "_acme-challenge", "TXT", 60, "first"),
		rec(3, "_acme-challenge", "TXT", 60, "second"),
		rec(4, "www", "A", 300, "192.0.2.1"),
		rec(5, "www", "TXT", 300, "hello"),
		mx,
	)
	remove := func(fs ...unmetered.RecordFilter) []string {
		return plan(t, zone, unmetered.ZoneEdit{Remove: fs})
	}
	assert.Equal(t, []string{`delete #2 _acme-challenge TXT ttl=60 "first"`},
		remove(unmetered.RecordFilter{Name: "_acme-challenge", Type: "TXT", Content: "first"}), "exactly that value")
	assert.Empty(t, remove(unmetered.RecordFilter{Name: "_acme-challenge", Type: "TXT", TTL: 120, Content: "first"}), "another TTL")
	assert.Empty(t, remove(unmetered.RecordFilter{Name: "_acme-challenge", Type: "TXT", Content: "gone"}), "no such value")
	assert.Equal(t, []string{`delete #2 _acme-challenge TXT ttl=60 "first"`, `delete #3 _acme-challenge TXT ttl=60 "second"`},
		remove(unmetered.RecordFilter{Name: "_acme-challenge", Type: "TXT"}), "no value: any")
	assert.Equal(t, []string{`delete #4 www A ttl=300 "192.0.2.1"`, `delete #5 www TXT ttl=300 "hello"`},
		remove(unmetered.RecordFilter{Name: "WWW.example.com."}), "a name alone: all its records")
	assert.Empty(t, remove(unmetered.RecordFilter{Name: "@", Type: "SOA"}), "never the SOA")
	assert.Empty(t, remove(unmetered.RecordFilter{Name: "@", Type: "MX", Priority: 20, Content: "mail.example.com"}), "an MX's priority is its value")
	assert.Equal(t, []string{`delete #6 @ MX ttl=3600 prio=10 "mail.example.com."`},
		remove(unmetered.RecordFilter{Name: "@", Type: "MX", Priority: 10, Content: "Mail.Example.com"}))

	for _, bad := range []unmetered.RecordFilter{
		{Type: "TXT"},
		{Name: "www", Content: "192.0.2.1"},
		{Name: "www", Type: "A", Content: "not an address"},
		{Name: "www.example.org.", Type: "A"},
		{Name: "www", TTL: -1},
	} {
		_, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Remove: []unmetered.RecordFilter{bad}})
		assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, "%+v", bad)
		assert.ErrorContains(t, err, "PlanZone: Remove[0]")
	}
}

// TestPlanRemoveAndAddUpdateInPlace: an external-dns update (old targets removed, new ones
// added) is an update in place; old and new the same is no change; other values stay.
func TestPlanRemoveAndAddUpdateInPlace(t *testing.T) {
	t.Parallel()
	owner := `"heritage=external-dns,external-dns/owner=default"`
	zone := testZone(soa,
		rec(2, "app", "A", 300, "192.0.2.1"),
		rec(3, "app", "TXT", 300, owner),
		rec(4, "app", "TXT", 300, "v=spf1 -all"), // not external-dns's
	)
	assert.Equal(t, []string{`update #2 app A ttl=300 "192.0.2.1" -> app A ttl=300 "192.0.2.2"`}, plan(t, zone, unmetered.ZoneEdit{
		Remove: []unmetered.RecordFilter{{Name: "app", Type: "A", Content: "192.0.2.1"}, {Name: "app", Type: "TXT", Content: owner}},
		Add:    []unmetered.RecordRequest{req("app", "A", 300, "192.0.2.2"), req("app", "TXT", 300, owner)},
	}))
	assert.Equal(t, []string{`update #2 app A ttl=300 "192.0.2.1" -> app A ttl=60 "192.0.2.1"`}, plan(t, zone, unmetered.ZoneEdit{
		Remove: []unmetered.RecordFilter{{Name: "app", Type: "A", Content: "192.0.2.1"}},
		Add:    []unmetered.RecordRequest{req("app", "A", 60, "192.0.2.1")},
	}), "a TTL change alone")
}

// TestPlanRefusesBadInput: every record is checked, and the SOA cannot be written.
func TestPlanRefusesBadInput(t *testing.T) {
	t.Parallel()
	for name, edit := range map[string]unmetered.ZoneEdit{
		"Set[0]":   {Set: []unmetered.RecordRequest{req("@", "SOA", 0, "ns1.example.net. hostmaster.example.com. 1 2 3 4 5")}},
		"Add[1]":   {Add: []unmetered.RecordRequest{req("a", "A", 0, "192.0.2.1"), req("www.example.com", "A", 0, "192.0.2.1")}},
		"Clear[0]": {Clear: []unmetered.RRset{{Name: "www"}}},
	} {
		_, err := unmetered.PlanZone(testZone(), edit)
		assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, name)
		assert.ErrorContains(t, err, "PlanZone: "+name)
	}
	_, err := unmetered.PlanZone(nil, unmetered.ZoneEdit{})
	assert.ErrorIs(t, err, unmetered.ErrInvalidArgument)
	_, err = unmetered.PlanZone(&unmetered.Zone{}, unmetered.ZoneEdit{})
	assert.ErrorIs(t, err, unmetered.ErrInvalidArgument)
}

// TestPlanOwnsItsRecords: a plan does not alias the zone it was made from.
func TestPlanOwnsItsRecords(t *testing.T) {
	t.Parallel()
	zone := testZone(rec(2, "www", "A", 300, "192.0.2.1"))
	p, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Clear: []unmetered.RRset{{Name: "www", Type: "A"}}})
	require.NoError(t, err)
	zone.Records[0].Content = "changed"
	assert.Equal(t, "192.0.2.1", p.Changes[0].Old.Content)
	assert.Equal(t, unmetered.Zone{ID: 60, Name: "example.com", ServiceID: 10}, p.Zone)
}

// TestPlanCNAMERule: RFC 1034 section 3.6.2. A CNAME at the apex, or beside any other record
// at one name (in the zone as it would be), is refused unless the edit allows it.
func TestPlanCNAMERule(t *testing.T) {
	t.Parallel()
	zone := testZone(soa,
		rec(2, "www", "A", 300, "192.0.2.1"),
		rec(3, "web", "CNAME", 300, "www.example.com."),
		rec(4, "bad", "CNAME", 300, "www.example.com."), // a conflict the zone already has
		rec(5, "bad", "TXT", 300, "already"),
	)
	cname := func(name string) unmetered.RecordRequest { return req(name, "CNAME", 300, "target.example.net") }
	for name, tc := range map[string]struct {
		edit      unmetered.ZoneEdit
		conflicts []string // name: types
	}{
		"a CNAME at the apex":      {unmetered.ZoneEdit{Add: []unmetered.RecordRequest{cname("@")}}, []string{"@: CNAME SOA"}},
		"a CNAME beside an A":      {unmetered.ZoneEdit{Set: []unmetered.RecordRequest{cname("www")}}, []string{"www: A CNAME"}},
		"an A beside a CNAME":      {unmetered.ZoneEdit{Add: []unmetered.RecordRequest{req("web", "A", 300, "192.0.2.2")}}, []string{"web: A CNAME"}},
		"two CNAMEs":               {unmetered.ZoneEdit{Add: []unmetered.RecordRequest{cname("web")}}, []string{"web: CNAME CNAME"}},
		"TXT at a CNAME (ACME)":    {unmetered.ZoneEdit{Add: []unmetered.RecordRequest{req("web", "TXT", 60, "token")}}, []string{"web: CNAME TXT"}},
		"a CNAME beside a new TXT": {unmetered.ZoneEdit{Set: []unmetered.RecordRequest{cname("new"), req("new", "TXT", 60, "x")}}, []string{"new: CNAME TXT"}},
	} {
		_, err := unmetered.PlanZone(zone, tc.edit)
		var ce *unmetered.CNAMEConflictError
		require.True(t, errors.As(err, &ce), "%s: %v", name, err)
		assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, name)
		var got []string
		for _, c := range ce.Conflicts {
			s := c.Name + ":"
			for _, r := range c.Records {
				s += " " + string(r.Type)
			}
			got = append(got, s)
		}
		assert.Equal(t, tc.conflicts, got, name)
		assert.Contains(t, err.Error(), "zone example.com: a CNAME must be the only record at its name", name)

		tc.edit.AllowCNAMEConflicts = true
		p, err := unmetered.PlanZone(zone, tc.edit)
		require.NoError(t, err, name)
		assert.NotEmpty(t, p.Changes, "%s: allowed, it is planned", name)
	}
	_, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: []unmetered.RecordRequest{cname("www")}})
	assert.EqualError(t, err, `unmetered: invalid argument: zone example.com: a CNAME must be the only record at its name, and the zone's apex cannot have one (RFC 1034 section 3.6.2): www would hold A "192.0.2.1", CNAME "target.example.net."`)

	for name, edit := range map[string]unmetered.ZoneEdit{
		"an A replaced by a CNAME": {Set: []unmetered.RecordRequest{cname("www")}, Clear: []unmetered.RRset{{Name: "www", Type: "A"}}},
		"a CNAME replaced":         {Set: []unmetered.RecordRequest{cname("web")}},
		"elsewhere in the zone":    {Add: []unmetered.RecordRequest{req("other", "A", 300, "192.0.2.3")}},
		"the conflict removed":     {Remove: []unmetered.RecordFilter{{Name: "bad", Type: "TXT"}}},
	} {
		_, err := unmetered.PlanZone(zone, edit)
		assert.NoError(t, err, name)
	}
}
