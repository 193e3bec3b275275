package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/unmetered/unmetered-go"
)

func rec(id int64, name, typ string, ttl int64, content string) unmetered.ZoneRecord {
	return unmetered.ZoneRecord{ID: unmetered.Int(id), Name: name, Type: typ, TTL: unmetered.Int(ttl), Content: unmetered.NewContent(content)}
}

func want(name, typ string, ttl int64, content string) Record {
	return Record{Name: name, Type: typ, TTL: ttl, Content: unmetered.NewContent(content)}
}

func kinds(plan []Op) []string {
	var out []string
	for _, op := range plan {
		out = append(out, op.String())
	}
	return out
}

func TestPlanInSync(t *testing.T) {
	existing := []unmetered.ZoneRecord{
		rec(1, "example.com", "SOA", 3600, "ns1 hostmaster 1 2 3 4 5"),
		rec(2, "www.example.com.", "A", 300, "192.0.2.1"),
	}
	assert.Empty(t, Plan("example.com", existing, []Record{want("www", "a", 300, "192.0.2.1")}),
		"names relative or absolute, types in any case, SOA ignored")
}

func TestPlanFewestChanges(t *testing.T) {
	existing := []unmetered.ZoneRecord{
		rec(1, "@", "SOA", 3600, "ns1 hostmaster 1 2 3 4 5"),
		rec(2, "www", "A", 300, "192.0.2.1"),
		rec(3, "www", "A", 300, "192.0.2.2"),
		rec(4, "old", "CNAME", 300, "www.example.com."),
		rec(5, "@", "TXT", 300, "v=spf1 -all"),
	}
	desired := []Record{
		want("www", "A", 300, "192.0.2.2"),   // kept
		want("www", "A", 300, "192.0.2.3"),   // 192.0.2.1 updated in place
		want("@", "TXT", 600, "v=spf1 -all"), // ttl changed: update
		want("api", "AAAA", 300, "2001:db8::1"),
	}
	plan := Plan("example.com", existing, desired)
	assert.Equal(t, []string{
		"create api AAAA ttl=300 2001:db8::1",
		"update #5 @ TXT ttl=300 v=spf1 -all -> @ TXT ttl=600 v=spf1 -all",
		"update #2 www A ttl=300 192.0.2.1 -> www A ttl=300 192.0.2.3",
		"delete #4 old CNAME ttl=300 www.example.com.",
	}, kinds(plan))
}

func TestPlanEmptyDesiredDeletesAllButSOA(t *testing.T) {
	existing := []unmetered.ZoneRecord{rec(1, "@", "SOA", 1, "x"), rec(2, "a", "A", 1, "192.0.2.1")}
	assert.Equal(t, []string{"delete #2 a A ttl=1 192.0.2.1"}, kinds(Plan("example.com", existing, nil)))
}
