package unmeteredtest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fake against the recorded real server (design.md, "Real-server DNS facts"), in raw HTTP:
// one test per recorded behaviour. The SDK's side is in sdk_dns_test.go.

// zoneListing GETs a zone and returns its records by key (a list's index or the object's key),
// and whether they came as a JSON list.
func zoneListing(t *testing.T, srv *Server, path string) (map[string]map[string]any, bool) {
	t.Helper()
	got := sendOK(t, srv, "GET", path, nil)
	out := map[string]map[string]any{}
	switch recs := got["records"].(type) {
	case []any:
		for i, r := range recs {
			out[strconv.Itoa(i)] = r.(map[string]any)
		}
		return out, true
	case map[string]any:
		for k, r := range recs {
			out[k] = r.(map[string]any)
		}
		return out, false
	}
	t.Fatalf("records is neither a list nor an object: %v", got["records"])
	return nil, false
}

// recordNamed returns the one listed record with the name and type.
func recordNamed(t *testing.T, recs map[string]map[string]any, name, typ string) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, r := range recs {
		if r["name"] == name && r["type"] == typ {
			found = append(found, r)
		}
	}
	require.Len(t, found, 1, "records named %s %s", name, typ)
	return found[0]
}

// serial returns the zone's SOA serial as listed.
func serial(t *testing.T, srv *Server, path string) string {
	t.Helper()
	recs, _ := zoneListing(t, srv, path)
	soa := recordNamed(t, recs, zoneOf(path), "SOA")
	return list(t, soa, "content")[2].(string)
}

func zoneOf(path string) string {
	return map[string]string{"/service/10/dns/60": "booble.com", "/service/20/dns/61": "bgg12ooble.com"}[path]
}

func TestRawDNSZonesAreFoundThroughGETDNS(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	assert.Equal(t, map[string]any{
		"service_ids": []any{"10", "20"},
		"zones": []any{
			map[string]any{"domain_id": "60", "name": "booble.com", "service_id": "10"},
			map[string]any{"domain_id": "61", "name": "bgg12ooble.com", "service_id": "20"},
		},
	}, sendOK(t, srv, "GET", "/dns", nil), "the shape design.md records")

	// As recorded: the per-service list answers "invalid method" even though the zone exists.
	resp := send(t, srv, "GET", "/service/10/dns", nil)
	assert.Equal(t, http.StatusOK, resp.Status)
	assert.Equal(t, map[string]any{"error": []any{"invalid method"}}, resp.JSON(t))
	resp = send(t, srv, "GET", "/service/301/dns", nil)
	assert.Equal(t, map[string]any{"error": []any{"invalid method"}}, resp.JSON(t), "a service without DNS hosting")

	assert.Equal(t, map[string]any{"info": []any{"Domain zone newzone.com was created successfully."}},
		sendOK(t, srv, "POST", "/service/20/dns", obj{"name": "NewZone.com."}))
	zones := list(t, sendOK(t, srv, "GET", "/dns", nil), "zones")
	assert.Equal(t, map[string]any{"domain_id": "62", "name": "newzone.com", "service_id": "20"}, zones[2])
	assert.Equal(t, map[string]any{"info": []any{"Domain zone booble.com was deleted successfully."}},
		sendOK(t, srv, "DELETE", "/service/10/dns/60", nil))
}

func TestRawDNSListingIsAPHPArray(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	got := sendOK(t, srv, "GET", "/service/10/dns/60", nil)
	assert.Equal(t, "10", got["service_id"])
	assert.Equal(t, "booble.com", got["name"])
	recs, isList := zoneListing(t, srv, "/service/10/dns/60")
	assert.True(t, isList, "keys 0..n-1: PHP sends a list")
	assert.Equal(t, map[string]any{
		"id": "13", "domain_id": "60", "name": "qwerty.booble.com", "type": "A", "content": "127.0.0.1",
		"ttl": "1800", "prio": "0", "change_date": "0", "priority": "0",
	}, recs["3"], "every scalar a string; prio repeats priority")
	assert.Equal(t, "10", recs["4"]["prio"])
	assert.Equal(t, "10", recs["4"]["priority"])
	assert.Equal(t, []any{"ns1.unmetered.management", "hostmaster.booble.com", "2017010501", "10800", "3600", "604800", "3600"},
		recs["0"]["content"], "SOA content is an array of seven strings")
	assert.Equal(t, []any{"10", "5060", "vc01.booble.com"}, recs["5"]["content"])

	// Zone 61 was seeded with a gap; a delete makes one in zone 60: an object keyed by position.
	recs, isList = zoneListing(t, srv, "/service/20/dns/61")
	assert.False(t, isList)
	assert.ElementsMatch(t, []string{"0", "1", "2", "4"}, keysOf(recs))
	assert.Equal(t, map[string]any{"success": true}, sendOK(t, srv, "DELETE", "/service/10/dns/60/records/14", nil))
	recs, isList = zoneListing(t, srv, "/service/10/dns/60")
	assert.False(t, isList, "a delete leaves a gap")
	assert.ElementsMatch(t, []string{"0", "1", "2", "3", "5", "6"}, keysOf(recs), "positions are never renumbered")
}

func TestRawDNSNamesAreListedAbsoluteWithoutTheDot(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	for _, name := range []string{"delete.testfilt", "abs.booble.com.", "also.booble.com", "@", "Upper.Case"} {
		sendOK(t, srv, "POST", "/service/10/dns/60/records", obj{"type": "A", "name": name, "content": "192.0.2.1", "ttl": 300})
	}
	recs, _ := zoneListing(t, srv, "/service/10/dns/60")
	var names []string
	for _, r := range recs {
		if r["type"] == "A" && r["content"] == "192.0.2.1" {
			names = append(names, r["name"].(string))
		}
	}
	assert.ElementsMatch(t, []string{"delete.testfilt.booble.com", "abs.booble.com", "also.booble.com", "booble.com", "upper.case.booble.com"},
		names, "relative names get the zone appended; the apex is listed as the zone's name")

	resp := send(t, srv, "POST", "/service/10/dns/60/records", obj{"type": "A", "name": "www.example.net.", "content": "192.0.2.1"})
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.Equal(t, []any{"name www.example.net. is not in the zone booble.com"}, resp.JSON(t)["error"])
}

func TestRawDNSCreateEchoesWithoutID(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	// The recorded request and answer.
	got := sendOK(t, srv, "POST", "/service/10/dns/60/records",
		obj{"type": "TXT", "name": "delete.testfilt", "content": "challengetoken", "ttl": 3600})
	assert.Equal(t, map[string]any{
		"success": true,
		"record":  map[string]any{"name": "delete.testfilt", "type": "TXT", "ttl": num("3600"), "priority": num("0"), "content": "challengetoken"},
		"info":    []any{[]any{"dnsnewrecordadded", "TXT"}},
	}, got, "no id; the name and content as sent; numeric ttl and priority")

	// The id appears only in the listing, with the name absolute and the content quoted.
	recs, _ := zoneListing(t, srv, "/service/10/dns/60")
	rec := recordNamed(t, recs, "delete.testfilt.booble.com", "TXT")
	assert.Equal(t, "56", rec["id"])
	assert.Equal(t, `"challengetoken"`, rec["content"])
	assert.Equal(t, "3600", rec["ttl"])

	// String numbers and an SRV list are echoed as numbers and as sent.
	got = sendOK(t, srv, "POST", "/service/10/dns/60/records", obj{"name": "_xmpp._tcp", "type": "SRV", "ttl": "600", "priority": 5,
		"content": []any{0, 5269, "xmpp.booble.com."}})
	assert.Equal(t, map[string]any{"name": "_xmpp._tcp", "type": "SRV", "ttl": num("600"), "priority": num("5"),
		"content": []any{num("0"), num("5269"), "xmpp.booble.com."}}, got["record"])
	// Left out, the TTL is the server's default.
	got = sendOK(t, srv, "POST", "/service/10/dns/60/records", obj{"name": "d", "type": "A", "content": "192.0.2.4"})
	assert.Equal(t, num("3600"), at(t, got, "record", "ttl"))
}

func TestRawDNSTXTIsStoredQuoted(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	long := strings.Repeat("a", 255)
	for name, content := range map[string]string{
		"plain":   "v=DKIM1; k=rsa; p=MIGf",
		"quotes":  `say "hi" \o/`,
		"split":   `"` + long + `" "tail"`,
		"escaped": `"a \"b\" \\c \065"`,
	} {
		sendOK(t, srv, "POST", "/service/10/dns/60/records", obj{"type": "TXT", "name": name, "content": content})
	}
	recs, _ := zoneListing(t, srv, "/service/10/dns/60")
	content := func(name string) any { return recordNamed(t, recs, name+".booble.com", "TXT")["content"] }
	assert.Equal(t, `"v=DKIM1; k=rsa; p=MIGf"`, content("plain"), "unquoted content is put in quotes")
	assert.Equal(t, `"say \"hi\" \\o/"`, content("quotes"), "its quotes and backslashes escaped")
	assert.Equal(t, `"`+long+`" "tail"`, content("split"), "quoted character-strings are stored as sent")
	assert.Equal(t, `"a \"b\" \\c \065"`, content("escaped"))
	assert.Equal(t, `"v=spf1 mx -all"`, recordNamed(t, recs, "booble.com", "TXT")["content"], "the seeded TXT record")

	for content, msg := range map[string]string{
		long + "a":                  "TXT character-strings are limited to 255 bytes: split longer values into quoted strings",
		`"` + long + `a"`:           "TXT character-strings are limited to 255 bytes: split longer values into quoted strings",
		`"unterminated`:             "TXT content has an unterminated quoted string or a bad escape",
		`"ok" "bad escape at end \`: "TXT content has an unterminated quoted string or a bad escape",
	} {
		resp := send(t, srv, "POST", "/service/10/dns/60/records", obj{"type": "TXT", "name": "bad", "content": content})
		assert.Equal(t, http.StatusBadRequest, resp.Status, content)
		assert.Equal(t, []any{msg}, resp.JSON(t)["error"], content)
	}
}

func TestRawDNSTargetsAreListedWithoutTheDot(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	for _, r := range []obj{
		{"type": "CNAME", "name": "www", "content": "booble.com."},
		{"type": "MX", "name": "mail", "priority": 20, "content": "mx2.booble.com."},
		{"type": "NS", "name": "sub", "content": "ns1.dns.services."},
		{"type": "SRV", "name": "_sip._udp", "priority": 1, "content": []any{5, 5060, "sip.booble.com."}},
		{"type": "SRV", "name": "_imap._tcp", "content": "0 0 ."},
	} {
		sendOK(t, srv, "POST", "/service/10/dns/60/records", r)
	}
	recs, _ := zoneListing(t, srv, "/service/10/dns/60")
	assert.Equal(t, "booble.com", recordNamed(t, recs, "www.booble.com", "CNAME")["content"])
	assert.Equal(t, "mx2.booble.com", recordNamed(t, recs, "mail.booble.com", "MX")["content"])
	assert.Equal(t, "20", recordNamed(t, recs, "mail.booble.com", "MX")["priority"])
	assert.Equal(t, "ns1.dns.services", recordNamed(t, recs, "sub.booble.com", "NS")["content"])
	assert.Equal(t, []any{"5", "5060", "sip.booble.com"}, recordNamed(t, recs, "_sip._udp.booble.com", "SRV")["content"])
	assert.Equal(t, []any{"0", "0", "."}, recordNamed(t, recs, "_imap._tcp.booble.com", "SRV")["content"], `"." means no service`)
	for _, ns := range []any{recs["1"]["content"], recs["2"]["content"]} {
		assert.False(t, strings.HasSuffix(ns.(string), "."), "seeded NS %v", ns)
	}
}

func TestRawDNSUpdateAndFailedEdit(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	got := sendOK(t, srv, "PUT", "/service/10/dns/60/records/13", obj{"name": "qwerty", "type": "A", "content": "192.0.2.13", "ttl": 300})
	assert.Equal(t, map[string]any{
		"success": true,
		"record":  map[string]any{"id": "13", "name": "qwerty", "type": "A", "ttl": num("300"), "priority": num("0"), "content": "192.0.2.13"},
		"info":    []any{"dnsrecordupdated"},
	}, got)
	got = sendOK(t, srv, "PUT", "/service/10/dns/60/records/13", obj{"ttl": 600})
	assert.Equal(t, map[string]any{"id": "13", "name": "qwerty.booble.com", "type": "A", "ttl": num("600"), "priority": num("0"),
		"content": "192.0.2.13"}, got["record"], "a partial update keeps the other fields")

	// A refused edit is a 200 with "success": false, as recorded, and changes nothing.
	for _, body := range []obj{
		{"content": "not-an-address"},
		{"type": "CNAME", "content": "a b"},
		{"ttl": 0},
	} {
		resp := send(t, srv, "PUT", "/service/10/dns/60/records/13", body)
		assert.Equal(t, http.StatusOK, resp.Status)
		assert.Equal(t, map[string]any{"success": false, "error": []any{"An error occurred while editing the DNS record"}}, resp.JSON(t))
	}
	resp := send(t, srv, "PUT", "/service/10/dns/60/records/10", obj{"content": "x"})
	assert.Equal(t, map[string]any{"success": false, "error": []any{"An error occurred while editing the DNS record"}}, resp.JSON(t),
		"the SOA record cannot be edited")
	recs, _ := zoneListing(t, srv, "/service/10/dns/60")
	assert.Equal(t, "192.0.2.13", recs["3"]["content"])
	assert.Equal(t, "600", recs["3"]["ttl"])

	assert.Equal(t, http.StatusNotFound, send(t, srv, "PUT", "/service/10/dns/60/records/99", obj{"ttl": 1}).Status)
}

// TestRawDNSCNAMEIsAloneAtItsName: like DNS servers that enforce RFC 1034 section 3.6.2, the
// fake never lets a CNAME stand beside another record at one name (nor at the apex, beside
// the SOA): a creation is refused 400 naming the name, an edit with the refused-edit answer.
func TestRawDNSCNAMEIsAloneAtItsName(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	const records = "/service/10/dns/60/records"
	before, _ := zoneListing(t, srv, "/service/10/dns/60")
	for _, tc := range []struct {
		body obj
		want string
	}{
		{obj{"type": "CNAME", "name": "qwerty", "content": "web.example.net."},
			"qwerty.booble.com already has other records: a CNAME must be the only record at its name (RFC 1034 section 3.6.2)"},
		{obj{"type": "CNAME", "name": "@", "content": "web.example.net."},
			"booble.com already has other records: a CNAME must be the only record at its name (RFC 1034 section 3.6.2)"},
	} {
		resp := send(t, srv, "POST", records, tc.body)
		assert.Equal(t, http.StatusBadRequest, resp.Status)
		assert.Equal(t, []any{tc.want}, resp.JSON(t)["error"])
	}

	sendOK(t, srv, "POST", records, obj{"type": "CNAME", "name": "alias", "content": "web.example.net."})
	for _, typ := range []string{"A", "CNAME"} {
		content := map[string]string{"A": "192.0.2.1", "CNAME": "other.example.net."}[typ]
		resp := send(t, srv, "POST", records, obj{"type": typ, "name": "alias", "content": content})
		assert.Equal(t, http.StatusBadRequest, resp.Status, typ)
		want := "alias.booble.com has a CNAME record: no other record can be added at its name (RFC 1034 section 3.6.2)"
		if typ == "CNAME" {
			want = "alias.booble.com already has other records: a CNAME must be the only record at its name (RFC 1034 section 3.6.2)"
		}
		assert.Equal(t, []any{want}, resp.JSON(t)["error"], typ)
	}
	// An edit that would move the A record beside the CNAME is refused; one that turns the
	// only record at its name into a CNAME is not.
	resp := send(t, srv, "PUT", records+"/13", obj{"name": "alias"})
	assert.Equal(t, map[string]any{"success": false, "error": []any{"An error occurred while editing the DNS record"}}, resp.JSON(t))
	after, _ := zoneListing(t, srv, "/service/10/dns/60")
	assert.Len(t, after, len(before)+1, "only the CNAME at alias was added")
	for k, r := range before {
		if r["type"] == "SOA" {
			continue // the serial moved for the CNAME added
		}
		assert.Equal(t, r["name"], after[k]["name"], "refused requests changed nothing")
		assert.Equal(t, r["content"], after[k]["content"], "refused requests changed nothing")
	}
	sendOK(t, srv, "PUT", records+"/13", obj{"type": "CNAME", "content": "web.example.net."})

	// Once the CNAME is gone, other records can be added at its name.
	recs, _ := zoneListing(t, srv, "/service/10/dns/60")
	alias := recordNamed(t, recs, "alias.booble.com", "CNAME")
	sendOK(t, srv, "DELETE", records+"/"+alias["id"].(string), nil)
	sendOK(t, srv, "POST", records, obj{"type": "A", "name": "alias", "content": "192.0.2.1"})
}

func TestRawDNSDelete(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	assert.Equal(t, map[string]any{"success": true}, sendOK(t, srv, "DELETE", "/service/10/dns/60/records/13", nil))
	assert.Equal(t, http.StatusNotFound, send(t, srv, "DELETE", "/service/10/dns/60/records/13", nil).Status)
	resp := send(t, srv, "DELETE", "/service/10/dns/60/records/10", nil)
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.Equal(t, []any{"The SOA record cannot be deleted"}, resp.JSON(t)["error"])
}

func TestRawDNSEachChangeBumpsTheSerial(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	clock.now = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	srv := NewTestServer(t, WithClock(clock.Now))
	const z = "/service/10/dns/60"

	assert.Equal(t, "2017010501", serial(t, srv, z))
	sendOK(t, srv, "POST", z+"/records", obj{"type": "A", "name": "a", "content": "192.0.2.1"})
	assert.Equal(t, "2026030401", serial(t, srv, z), "an old serial moves to today's first")
	sendOK(t, srv, "PUT", z+"/records/13", obj{"content": "192.0.2.2"})
	assert.Equal(t, "2026030402", serial(t, srv, z))
	sendOK(t, srv, "DELETE", z+"/records/13", nil)
	assert.Equal(t, "2026030403", serial(t, srv, z))
	clock.Advance(24 * time.Hour)
	sendOK(t, srv, "DELETE", z+"/records/14", nil)
	assert.Equal(t, "2026030501", serial(t, srv, z))

	send(t, srv, "PUT", z+"/records/15", obj{"content": "bad"}) // refused: no change
	send(t, srv, "POST", z+"/records", obj{"type": "A", "name": "b", "content": "bad"})
	assert.Equal(t, "2026030501", serial(t, srv, z), "refused changes leave the serial alone")
	sendOK(t, srv, "GET", z, nil)
	assert.Equal(t, "2016110201", serial(t, srv, "/service/20/dns/61"), "other zones keep theirs")
}

// TestRawRegistrarDNSIndexesShift: registrar DNS (/domain/@id/dns) is addressed by position,
// 1-based, and a delete moves the later records down.
func TestRawRegistrarDNSIndexesShift(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	names := func() []string {
		var out []string
		for i, r := range list(t, sendOK(t, srv, "GET", "/domain/47/dns", nil), "records") {
			assert.Equal(t, num(strconv.Itoa(i+1)), at(t, r, "id"), "the id is the position")
			out = append(out, at(t, r, "name").(string))
		}
		return out
	}
	assert.Equal(t, []string{"test", "@", "www"}, names())
	sendOK(t, srv, "DELETE", "/domain/47/dns/1", nil)
	assert.Equal(t, []string{"@", "www"}, names(), "index 1 is now the record that was 2")
	sendOK(t, srv, "DELETE", "/domain/47/dns/1", nil)
	assert.Equal(t, []string{"www"}, names(), "the same index deletes the next record")
	assert.Equal(t, http.StatusNotFound, send(t, srv, "DELETE", "/domain/47/dns/2", nil).Status)
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// num is a JSON number as the raw tests decode it.
func num(s string) json.Number { return json.Number(s) }
