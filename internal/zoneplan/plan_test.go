package zoneplan

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
)

func rec(id int64, name string, typ unmetered.RecordType, ttl int64, content string) unmetered.ZoneRecord {
	return unmetered.ZoneRecord{ID: id, Name: name, Type: typ, TTL: ttl, Content: content}
}

// want is a desired record in canonical form for zone example.com.
func want(t *testing.T, name string, typ unmetered.RecordType, ttl int64, content string) unmetered.RecordRequest {
	t.Helper()
	r, err := unmetered.RecordRequest{Name: name, Type: typ, TTL: ttl, Content: content}.Canonical("example.com")
	require.NoError(t, err)
	return r
}

func lines(plan []Op) []string {
	var out []string
	for _, op := range plan {
		out = append(out, op.String())
	}
	return out
}

func TestPlanInSync(t *testing.T) {
	existing := []unmetered.ZoneRecord{
		rec(1, "@", "SOA", 3600, "ns1. hostmaster. 1 2 3 4 5"),
		rec(2, "www", "A", 300, "192.0.2.1"),
		rec(3, "@", "MX", 3600, "mail.example.com."),
		rec(4, "@", "TXT", 3600, `v=spf1 include:"x" -all`),
	}
	existing[2].Priority = 10
	mx := want(t, "example.com.", "mx", 3600, "Mail.Example.com")
	mx.Priority = 10
	assert.Empty(t, Plan(existing, []unmetered.RecordRequest{
		want(t, "WWW.example.com.", "a", 300, "192.0.2.1"),
		mx,
		want(t, "@", "TXT", 0, `v=spf1 include:"x" -all`),
	}, nil), "canonical forms compare equal; a TTL of 0 matches any; the SOA is ignored")
}

func TestPlanFewestChanges(t *testing.T) {
	existing := []unmetered.ZoneRecord{
		rec(1, "@", "SOA", 3600, "ns1. hostmaster. 1 2 3 4 5"),
		rec(2, "www", "A", 300, "192.0.2.1"),
		rec(3, "www", "A", 300, "192.0.2.2"),
		rec(4, "old", "CNAME", 300, "www.example.com."),
		rec(5, "@", "TXT", 300, "v=spf1 -all"),
		rec(6, "www", "A", 300, "192.0.2.9"),
	}
	desired := []unmetered.RecordRequest{
		want(t, "www", "A", 300, "192.0.2.2"),   // kept
		want(t, "www", "A", 300, "192.0.2.3"),   // 192.0.2.1 updated in place
		want(t, "@", "TXT", 600, "v=spf1 -all"), // ttl changed: update
		want(t, "api", "AAAA", 300, "2001:db8::1"),
	}
	assert.Equal(t, []string{
		"create api AAAA ttl=300 2001:db8::1",
		"update #5 @ TXT ttl=300 v=spf1 -all -> @ TXT ttl=600 v=spf1 -all",
		"update #2 www A ttl=300 192.0.2.1 -> www A ttl=300 192.0.2.3",
		"delete #4 old CNAME ttl=300 www.example.com.",
		"delete #6 www A ttl=300 192.0.2.9",
	}, lines(Plan(existing, desired, []RRset{{"old", "CNAME"}})), "old CNAME is owned but wanted empty")
}

func TestPlanLeavesWhatItDoesNotOwn(t *testing.T) {
	existing := []unmetered.ZoneRecord{
		rec(1, "@", "SOA", 3600, "ns1. hostmaster. 1 2 3 4 5"),
		rec(2, "www", "A", 300, "192.0.2.1"),
		rec(3, "www", "AAAA", 300, "2001:db8::1"), // same name, other type
		rec(4, "mail", "A", 300, "192.0.2.25"),    // other name
		rec(5, "@", "TXT", 300, "v=spf1 -all"),
	}
	desired := []unmetered.RecordRequest{want(t, "www", "A", 300, "192.0.2.2")}
	assert.Equal(t, []string{"update #2 www A ttl=300 192.0.2.1 -> www A ttl=300 192.0.2.2"}, lines(Plan(existing, desired, nil)))
	assert.Empty(t, Plan(existing, nil, nil), "an empty file owns nothing and deletes nothing")
	assert.Equal(t, []string{"delete #4 mail A ttl=300 192.0.2.25"}, lines(Plan(existing, nil, []RRset{{"mail", "A"}, {"@", "SOA"}})),
		"owned RRsets are emptied; the SOA never")
}

func TestPlanDescribesLongContentShort(t *testing.T) {
	long := want(t, "dkim", "TXT", 300, "v=DKIM1; p="+string(make([]byte, 300)))
	plan := Plan(nil, []unmetered.RecordRequest{long}, nil)
	require.Len(t, plan, 1)
	assert.Len(t, plan[0].String(), len("create dkim TXT ttl=300 ")+80)
}

func TestPlanUpdateKeepsTheTTLLeftOut(t *testing.T) {
	existing := []unmetered.ZoneRecord{rec(2, "www", "A", 300, "192.0.2.1")}
	plan := Plan(existing, []unmetered.RecordRequest{want(t, "www", "A", 0, "192.0.2.2")}, nil)
	require.Len(t, plan, 1)
	assert.Equal(t, int64(300), plan[0].Record.TTL, "sent explicitly, rather than left to the server")
	assert.Equal(t, []string{"create www A ttl=default 192.0.2.2"}, lines(Plan(nil, []unmetered.RecordRequest{want(t, "www", "A", 0, "192.0.2.2")}, nil)))
}
