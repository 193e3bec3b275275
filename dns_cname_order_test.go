package unmetered_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// A name that changes between a CNAME and other records: a server that enforces RFC 1034
// section 3.6.2 (as the fake does) refuses a record beside a CNAME, so the plan deletes what
// is in the way before it creates.

// TestPlanClearsTheWayForACNAME: at a name where the plan creates a CNAME, the deletes of the
// other records there come before the creates; at a name where it creates other records, the
// delete of the CNAME does. Every other delete stays after the creates and updates.
func TestPlanClearsTheWayForACNAME(t *testing.T) {
	t.Parallel()
	zone := testZone(soa,
		rec(2, "www", "A", 300, "192.0.2.1"),
		rec(3, "www", "A", 300, "192.0.2.2"),
		rec(4, "www", "TXT", 300, "site"),
		rec(5, "web", "CNAME", 300, "www.example.com."),
		rec(6, "keep", "A", 300, "192.0.2.6"),
		rec(7, "old", "A", 300, "192.0.2.7"),
		rec(8, "alias", "CNAME", 300, "www.example.com."),
	)
	cname := func(name string) unmetered.RecordRequest { return req(name, "CNAME", 300, "target.example.net") }
	for name, tc := range map[string]struct {
		edit unmetered.ZoneEdit
		want []string
	}{
		"A to CNAME, beside other changes": {unmetered.ZoneEdit{
			Set:   []unmetered.RecordRequest{cname("www"), req("keep", "A", 300, "192.0.2.9")},
			Clear: []unmetered.RRset{{Name: "www", Type: "A"}, {Name: "www", Type: "TXT"}, {Name: "old", Type: "A"}},
			Add:   []unmetered.RecordRequest{req("new", "A", 300, "192.0.2.10")},
		}, []string{
			`delete #2 www A ttl=300 "192.0.2.1"`,
			`delete #3 www A ttl=300 "192.0.2.2"`,
			`delete #4 www TXT ttl=300 "site"`,
			`create www CNAME ttl=300 "target.example.net."`,
			`create new A ttl=300 "192.0.2.10"`,
			`update #6 keep A ttl=300 "192.0.2.6" -> keep A ttl=300 "192.0.2.9"`,
			`delete #7 old A ttl=300 "192.0.2.7"`,
		}},
		"CNAME to A and TXT": {unmetered.ZoneEdit{
			Set:   []unmetered.RecordRequest{req("web", "A", 300, "192.0.2.5"), req("web", "TXT", 300, "x")},
			Clear: []unmetered.RRset{{Name: "web", Type: "CNAME"}},
		}, []string{
			`delete #5 web CNAME ttl=300 "www.example.com."`,
			`create web A ttl=300 "192.0.2.5"`,
			`create web TXT ttl=300 "x"`,
		}},
		"external-dns: Remove the A records and the TXT, Add a CNAME": {unmetered.ZoneEdit{
			Remove: []unmetered.RecordFilter{{Name: "www"}},
			Add:    []unmetered.RecordRequest{cname("www")},
		}, []string{
			`delete #2 www A ttl=300 "192.0.2.1"`,
			`delete #3 www A ttl=300 "192.0.2.2"`,
			`delete #4 www TXT ttl=300 "site"`,
			`create www CNAME ttl=300 "target.example.net."`,
		}},
		"a CNAME for another: one update in place": {unmetered.ZoneEdit{Set: []unmetered.RecordRequest{cname("web")}}, []string{
			`update #5 web CNAME ttl=300 "www.example.com." -> web CNAME ttl=300 "target.example.net."`,
		}},
		"two CNAMEs swap names: each name cleared first": {unmetered.ZoneEdit{
			Set:   []unmetered.RecordRequest{req("alias", "A", 300, "192.0.2.8"), cname("old")},
			Clear: []unmetered.RRset{{Name: "alias", Type: "CNAME"}, {Name: "old", Type: "A"}},
		}, []string{
			`delete #8 alias CNAME ttl=300 "www.example.com."`,
			`delete #7 old A ttl=300 "192.0.2.7"`,
			`create alias A ttl=300 "192.0.2.8"`,
			`create old CNAME ttl=300 "target.example.net."`,
		}},
		"no CNAME involved: creates before deletes": {unmetered.ZoneEdit{
			Set:   []unmetered.RecordRequest{req("www", "AAAA", 300, "2001:db8::1")},
			Clear: []unmetered.RRset{{Name: "www", Type: "A"}},
		}, []string{
			`create www AAAA ttl=300 "2001:db8::1"`,
			`delete #2 www A ttl=300 "192.0.2.1"`,
			`delete #3 www A ttl=300 "192.0.2.2"`,
		}},
	} {
		assert.Equal(t, tc.want, plan(t, zone, tc.edit), name)
	}
}

// cnameWatch is a fake portal that, after each record write it answers, reads the zone as any
// other client could at that moment, and notes every name where it then finds a CNAME beside
// another record.
type cnameWatch struct {
	srv    *unmeteredtest.Server
	reader atomic.Pointer[unmetered.Client]
	mu     sync.Mutex
	seen   []string
}

func newCNAMEWatch(t *testing.T) (*cnameWatch, *unmetered.Client) {
	t.Helper()
	w := &cnameWatch{}
	w.srv = unmeteredtest.NewTestServer(t, unmeteredtest.WithRequestHook(w.after))
	reader, err := w.srv.Client()
	require.NoError(t, err)
	w.reader.Store(reader)
	client, err := w.srv.Client()
	require.NoError(t, err)
	return w, client
}

func (w *cnameWatch) after(r unmeteredtest.Request) {
	reader := w.reader.Load()
	if reader == nil || r.Method == "GET" || !strings.HasPrefix(r.Route, "/service/@service_id/dns/@zone_id/records") {
		return
	}
	z, err := reader.DNS.Zone(context.Background(), 10, 60)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		w.seen = append(w.seen, "reading the zone: "+err.Error())
		return
	}
	types := map[string][]unmetered.RecordType{}
	for _, rec := range z.Records {
		types[rec.Name] = append(types[rec.Name], rec.Type)
	}
	for name, ts := range types {
		for _, typ := range ts {
			if typ == unmetered.RecordTypeCNAME && len(ts) > 1 {
				w.seen = append(w.seen, fmt.Sprintf("after %s %s: %s holds %v", r.Method, r.Path, name, ts))
				break
			}
		}
	}
}

// conflicts are the CNAME conflicts seen after any write.
func (w *cnameWatch) conflicts() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.seen...)
}

// writes are the record writes the fake answered, in order: "DELETE 13", "POST qwerty".
func (w *cnameWatch) writes(from int) []string {
	var out []string
	for _, r := range w.srv.Requests()[from:] {
		switch {
		case r.Method == "POST" && r.Route == "/service/@service_id/dns/@zone_id/records":
			out = append(out, "POST "+string(r.Body))
		case r.Method == "DELETE" || r.Method == "PUT":
			out = append(out, r.Method+" "+r.Path[strings.LastIndex(r.Path, "/")+1:])
		}
	}
	return out
}

// TestEditZoneReplacesACNAMEAtOneName: an A record replaced by a CNAME, and back, through
// EditZone against a fake that refuses a record beside a CNAME: the delete goes first each
// time, the server accepts every request, and no client ever finds a CNAME beside another
// record.
func TestEditZoneReplacesACNAMEAtOneName(t *testing.T) {
	t.Parallel()
	w, client := newCNAMEWatch(t)
	ctx := context.Background()
	zone, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	from := len(w.srv.Requests())

	rep, err := client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{
		Set:   []unmetered.RecordRequest{{Name: "qwerty", Type: "CNAME", TTL: 300, Content: "web.example.net."}},
		Clear: []unmetered.RRset{{Name: "qwerty", Type: "A"}},
	}, unmetered.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, "applied 2 of 2 changes to booble.com", rep.Summary())
	assert.Equal(t, []string{
		"DELETE 13",
		`POST {"name":"qwerty","type":"CNAME","ttl":300,"priority":0,"content":"web.example.net"}`,
	}, w.writes(from), "the A record goes before the CNAME comes")
	assert.Equal(t, []string{"qwerty web.example.net."}, named(t, client, "qwerty"))

	from = len(w.srv.Requests())
	rep, err = client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{
		Set:   []unmetered.RecordRequest{{Name: "qwerty", Type: "A", TTL: 300, Content: "192.0.2.7"}, {Name: "qwerty", Type: "TXT", TTL: 300, Content: "back"}},
		Clear: []unmetered.RRset{{Name: "qwerty", Type: "CNAME"}},
	}, unmetered.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, "applied 3 of 3 changes to booble.com", rep.Summary())
	writes := w.writes(from)
	require.Len(t, writes, 3)
	assert.True(t, strings.HasPrefix(writes[0], "DELETE "), "the CNAME goes before the A and TXT come: %v", writes)
	assert.Equal(t, []string{"qwerty 192.0.2.7", "qwerty back"}, named(t, client, "qwerty"))

	assert.Empty(t, w.conflicts())
}

// TestApplyFollowsThePlansOrder: ApplyPlan sends a plan's changes in its order, a run of one
// kind at a time; a plan built by hand in another order than PlanZone's is kept to as well.
func TestApplyFollowsThePlansOrder(t *testing.T) {
	t.Parallel()
	w, client := newCNAMEWatch(t)
	ctx := context.Background()
	zone, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	byID := map[int64]*unmetered.ZoneRecord{}
	for i := range zone.Records {
		byID[zone.Records[i].ID] = &zone.Records[i]
	}
	create := func(name string) unmetered.RecordChange {
		return unmetered.RecordChange{Kind: unmetered.ChangeCreate, Record: &unmetered.RecordRequest{Name: name, Type: "A", TTL: 300, Content: "192.0.2.1"}}
	}
	del := func(id int64) unmetered.RecordChange {
		return unmetered.RecordChange{Kind: unmetered.ChangeDelete, Old: byID[id]}
	}
	p := &unmetered.ZonePlan{Zone: unmetered.Zone{ID: 60, Name: "booble.com", ServiceID: 10},
		Changes: []unmetered.RecordChange{del(13), create("a"), create("b"), del(16), create("c")}}
	from := len(w.srv.Requests())
	rep, err := client.DNS.ApplyPlan(ctx, p, unmetered.ApplyOptions{Concurrency: 4})
	require.NoError(t, err)
	writes := w.writes(from)
	require.Len(t, writes, 5)
	assert.Equal(t, "DELETE 13", writes[0])
	assert.ElementsMatch(t, []string{"a", "b"}, []string{postName(t, writes[1]), postName(t, writes[2])}, "the second step")
	assert.Equal(t, "DELETE 16", writes[3])
	assert.Equal(t, "c", postName(t, writes[4]))
	require.Len(t, rep.Applied, 5)
	for _, i := range []int{1, 2, 4} {
		require.NotNil(t, rep.Applied[i].Stored, "each step of creates is read back")
		assert.Equal(t, rep.Applied[i].Record.Name, rep.Applied[i].Stored.Name)
	}
}

// postName is the name a "POST {...}" write of cnameWatch.writes created.
func postName(t *testing.T, write string) string {
	t.Helper()
	var body struct{ Name string }
	require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(write, "POST ")), &body))
	return body.Name
}
