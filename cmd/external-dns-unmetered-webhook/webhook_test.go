package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// ownership is the TXT target external-dns's TXT registry writes for a Service's A record
// (endpoint.Labels.Serialize(true, ...)): in double quotes.
const ownership = `"heritage=external-dns,external-dns/owner=default,external-dns/resource=service/default/nginx"`

func TestNegotiationAnswersTheDomainFilter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"include", []string{"DOMAIN_FILTER=booble.com"}, `{"include":["booble.com"]}`},
		{"include and exclude", []string{"DOMAIN_FILTER=Booble.com., .example.org", "EXCLUDE_DOMAIN_FILTER=internal.booble.com"},
			`{"include":["booble.com",".example.org"],"exclude":["internal.booble.com"]}`},
		{"every zone", nil, `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tc.env...)
			resp, body := h.do(http.MethodGet, "/", "", mediaType, nil)
			require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
			// external-dns compares the Content-Type with its constant, byte for byte.
			assert.Equal(t, []string{"application/external.dns.webhook+json;version=1"}, resp.Header.Values("Content-Type"))
			assert.JSONEq(t, tc.want, string(body))
			assert.Equal(t, tc.want, strings.TrimSpace(string(body)), "the domain filter as external-dns marshals it")
			assert.Zero(t, h.portal.Count(http.MethodGet, "/dns"), "negotiation asks the portal nothing")
		})
	}
}

func TestRecordsListsOneEndpointPerRRsetOfTheFilteredZones(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	eps := h.records()
	// The seeded zone booble.com, SOA left out: names absolute without the dot, targets as
	// external-dns writes them, each RRset's stored TTL.
	assert.Equal(t, []Endpoint{
		{DNSName: "booble.com", RecordType: "NS", RecordTTL: 3600, Targets: []string{"ns1.unmetered.management", "ns2.unmetered.management"}},
		{DNSName: "qwerty.booble.com", RecordType: "A", RecordTTL: 1800, Targets: []string{"127.0.0.1"}},
		{DNSName: "booble.com", RecordType: "MX", RecordTTL: 3600, Targets: []string{"10 mail.booble.com"}},
		{DNSName: "_sip._tcp.booble.com", RecordType: "SRV", RecordTTL: 3600, Targets: []string{"10 10 5060 vc01.booble.com"}},
		{DNSName: "booble.com", RecordType: "TXT", RecordTTL: 3600, Targets: []string{"v=spf1 mx -all"}},
	}, eps)
	assert.False(t, h.touched(otherZone), "a zone outside DOMAIN_FILTER is never read")
}

func TestRecordsWithoutAFilterListsEveryZone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	eps := h.records()
	assert.NotNil(t, find(eps, "qwerty.booble.com", "A"))
	www := find(eps, "www.bgg12ooble.com", "A")
	require.NotNil(t, www)
	assert.Equal(t, Endpoint{DNSName: "www.bgg12ooble.com", RecordType: "A", RecordTTL: 300, Targets: []string{"192.0.2.61"}}, *www)
}

func TestRecordsFailureIsA500(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	h.portal.Fail(http.MethodGet, "/service/@service_id/dns/@zone_id", unmeteredtest.Fault{Status: http.StatusNotFound})
	resp, body := h.do(http.MethodGet, "/records", "", mediaType, nil)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode, "a 5xx, which external-dns retries")
	assert.Equal(t, mediaType, resp.Header.Get("Content-Type"))
	var e errorBody
	require.NoError(t, json.Unmarshal(body, &e))
	assert.Contains(t, e.Error, "reading the zone booble.com")
}

// TestLifecycle is external-dns's life with one Service, as its TXT registry (v0.23) sends the
// calls: create an A record with its ownership TXT record, read them back, send the same
// change set again, move the A record, delete both. Every step writes only what differs.
func TestLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")

	// The Service's endpoint, adjusted first: every label comes back, and nothing a loop
	// would then see differ.
	desired := []*Endpoint{{DNSName: "nginx.booble.com", RecordType: "A", Targets: []string{"192.0.2.10"},
		Labels: map[string]string{"resource": "service/default/nginx"}}}
	resp, body := h.post("/adjustendpoints", desired)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Equal(t, mediaType, resp.Header.Get("Content-Type"))
	var adjusted []Endpoint
	require.NoError(t, json.Unmarshal(body, &adjusted))
	require.Equal(t, []Endpoint{{DNSName: "nginx.booble.com", RecordType: "A", Targets: []string{"192.0.2.10"},
		Labels: map[string]string{"resource": "service/default/nginx"}}}, adjusted)

	// Create: the record and its ownership record, as the registry adds it.
	record := &Endpoint{DNSName: "nginx.booble.com", RecordType: "A", Targets: []string{"192.0.2.10"},
		Labels: map[string]string{"owner": "default", "resource": "service/default/nginx"}}
	owner := &Endpoint{DNSName: "a-nginx.booble.com", RecordType: "TXT", Targets: []string{ownership},
		Labels: map[string]string{"ownedRecord": "nginx.booble.com"}}
	create := Changes{Create: []*Endpoint{record, owner}}
	h.apply(create)
	assert.Equal(t, 2, h.writes(), "two records created")

	eps := h.records()
	a := find(eps, "nginx.booble.com", "A")
	require.NotNil(t, a)
	assert.Equal(t, Endpoint{DNSName: "nginx.booble.com", RecordType: "A", RecordTTL: 3600, Targets: []string{"192.0.2.10"}}, *a,
		"the stored TTL (the portal's default), so that external-dns plans no TTL change")
	txt := find(eps, "a-nginx.booble.com", "TXT")
	require.NotNil(t, txt)
	require.Equal(t, []string{ownership}, txt.Targets, "the ownership record reads back byte for byte")
	var stored []string
	for _, r := range h.zoneRecords(10, 60) {
		if r.Name == "a-nginx" {
			stored = append(stored, r.Content)
		}
	}
	assert.Equal(t, []string{ownership}, stored, "the portal holds the target as the TXT text, its quotes included")

	// The same change set again (external-dns retrying, or a loop that ran twice) writes nothing.
	h.apply(create)
	assert.Equal(t, 2, h.writes(), "a second identical POST /records changes nothing")

	// Update: the address moves; the ownership record is in both lists, unchanged.
	listedTXT := &Endpoint{DNSName: txt.DNSName, RecordType: "TXT", Targets: txt.Targets, RecordTTL: txt.RecordTTL}
	h.apply(Changes{
		UpdateOld: []*Endpoint{{DNSName: "nginx.booble.com", RecordType: "A", Targets: []string{"192.0.2.10"}, RecordTTL: 3600,
			Labels: map[string]string{"owner": "default", "resource": "service/default/nginx"}}, listedTXT},
		UpdateNew: []*Endpoint{{DNSName: "nginx.booble.com", RecordType: "A", Targets: []string{"192.0.2.20"},
			Labels: map[string]string{"owner": "default", "resource": "service/default/nginx"}}, owner},
	})
	assert.Equal(t, 3, h.writes(), "one update in place; the TXT record in both lists is no change")
	assert.Equal(t, 1, h.portal.Count(http.MethodPut, "/service/@service_id/dns/@zone_id/records/@record_id"))
	eps = h.records()
	assert.Equal(t, []string{"192.0.2.20"}, find(eps, "nginx.booble.com", "A").Targets)
	assert.Equal(t, []string{ownership}, find(eps, "a-nginx.booble.com", "TXT").Targets)

	// Delete both: v0.23 sends the ownership record's value as listed.
	del := Changes{Delete: []*Endpoint{
		{DNSName: "nginx.booble.com", RecordType: "A", Targets: []string{"192.0.2.20"}, RecordTTL: 3600,
			Labels: map[string]string{"owner": "default", "resource": "service/default/nginx"}},
		{DNSName: "a-nginx.booble.com", RecordType: "TXT", Targets: []string{ownership}, RecordTTL: 3600},
	}}
	h.apply(del)
	assert.Equal(t, 5, h.writes(), "two deletes")
	eps = h.records()
	assert.Nil(t, find(eps, "nginx.booble.com", "A"))
	assert.Nil(t, find(eps, "a-nginx.booble.com", "TXT"))
	h.apply(del)
	assert.Equal(t, 5, h.writes(), "deleting what is gone writes nothing")

	// The seeded records were never touched, nor the zone outside the filter.
	assert.NotNil(t, find(eps, "qwerty.booble.com", "A"))
	assert.False(t, h.touched(otherZone))
}

func TestUpdateOfTheTTLAloneIsOneWrite(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	h.apply(Changes{
		UpdateOld: []*Endpoint{{DNSName: "qwerty.booble.com", RecordType: "A", Targets: []string{"127.0.0.1"}, RecordTTL: 1800}},
		UpdateNew: []*Endpoint{{DNSName: "qwerty.booble.com", RecordType: "A", Targets: []string{"127.0.0.1"}, RecordTTL: 300}},
	})
	assert.Equal(t, 1, h.writes())
	assert.Equal(t, int64(300), find(h.records(), "qwerty.booble.com", "A").RecordTTL)
}

func TestChangesInTheCasingBeforeV017(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	// external-dns before v0.17 sent plan.Changes with Go's field names.
	body := `{"Create":[{"dnsName":"old.booble.com","targets":["192.0.2.7"],"recordType":"A"}],"UpdateOld":null,"UpdateNew":null,"Delete":null}`
	resp, b := h.do(http.MethodPost, "/records", mediaType, "", []byte(body))
	require.Equal(t, http.StatusNoContent, resp.StatusCode, string(b))
	assert.Equal(t, []string{"192.0.2.7"}, find(h.records(), "old.booble.com", "A").Targets)
}

func TestZoneOutsideTheFilterIsNeverTouched(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	h.apply(Changes{
		Create: []*Endpoint{{DNSName: "new.bgg12ooble.com", RecordType: "A", Targets: []string{"192.0.2.1"}}},
		Delete: []*Endpoint{{DNSName: "www.bgg12ooble.com", RecordType: "A", Targets: []string{"192.0.2.61"}}},
	})
	assert.Zero(t, h.writes())
	assert.False(t, h.touched(otherZone), "neither read nor written")
	assert.Contains(t, h.logs.String(), "skipping a change outside DOMAIN_FILTER")
	assert.Contains(t, h.logs.String(), "name=new.bgg12ooble.com")
}

func TestNameWithoutAZoneIsSkipped(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.apply(Changes{Create: []*Endpoint{
		{DNSName: "www.example.net", RecordType: "A", Targets: []string{"192.0.2.1"}},
		{DNSName: "www.booble.com", RecordType: "A", Targets: []string{"192.0.2.2"}},
	}})
	assert.Equal(t, 1, h.writes(), "the name in an account's zone is written, the other skipped")
	assert.Contains(t, h.logs.String(), "skipping a change no zone of the account holds")
}

// TestPartialFailureIsA500 checks that a change set not wholly applied is never answered 204:
// external-dns then plans again from the zones as they are, and the retry writes only what is
// missing.
func TestPartialFailureIsA500(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ch := Changes{Create: []*Endpoint{
		{DNSName: "a.booble.com", RecordType: "A", Targets: []string{"192.0.2.1"}},
		{DNSName: "b.bgg12ooble.com", RecordType: "A", Targets: []string{"192.0.2.2"}},
	}}
	h.portal.Fail(http.MethodPost, "/service/@service_id/dns/@zone_id/records", unmeteredtest.Fault{Status: http.StatusBadRequest})
	resp, body := h.post("/records", ch)
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode, string(body))
	assert.Equal(t, mediaType, resp.Header.Get("Content-Type"))
	var e errorBody
	require.NoError(t, json.Unmarshal(body, &e))
	assert.Contains(t, e.Error, "zone booble.com")
	assert.Contains(t, e.Error, "applied 0 of 1 changes to booble.com, 1 failed")
	assert.Nil(t, find(h.records(), "a.booble.com", "A"))
	assert.NotNil(t, find(h.records(), "b.bgg12ooble.com", "A"), "the other zone was still applied")

	h.apply(ch)
	assert.NotNil(t, find(h.records(), "a.booble.com", "A"))
	assert.Equal(t, 3, h.portal.Count(http.MethodPost, "/service/@service_id/dns/@zone_id/records"),
		"the failed create, the other zone's, and the retry of the first only")
}

func TestInvalidEndpointLeavesItsZoneAlone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	resp, body := h.post("/records", Changes{Create: []*Endpoint{
		{DNSName: "good.booble.com", RecordType: "A", Targets: []string{"192.0.2.1"}},
		{DNSName: "mail2.booble.com", RecordType: "MX", Targets: []string{"mx.booble.com"}},
	}})
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Contains(t, string(body), `zone booble.com left unchanged: mail2.booble.com MX: MX target \"mx.booble.com\" is not \"preference host\"`)
	assert.Zero(t, h.writes(), "no half of the zone's change set")
}

// TestOwnershipRecordStoredWithoutQuotes checks a TXT ownership record whose zone holds the
// text without its quotes (written from a zone file, or by another tool): external-dns's
// quoted target still finds it.
func TestOwnershipRecordStoredWithoutQuotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	c, err := h.portal.Client()
	require.NoError(t, err)
	zone := &unmetered.Zone{ID: 60, ServiceID: 10, Name: "booble.com"}
	_, err = c.DNS.CreateRecord(t.Context(), zone, unmetered.RecordRequest{Name: "a-nginx", Type: "TXT", Content: strings.Trim(ownership, `"`)})
	require.NoError(t, err)
	before := h.writes()

	h.apply(Changes{Delete: []*Endpoint{{DNSName: "a-nginx.booble.com", RecordType: "TXT", Targets: []string{ownership}}}})
	assert.Equal(t, before+1, h.writes())
	assert.Nil(t, find(h.records(), "a-nginx.booble.com", "TXT"))
}

// TestListingReadsBackWhatAdjustGives checks, for each type, that a record external-dns wants,
// adjusted and created, lists exactly as adjusted: otherwise every loop would plan an update.
func TestListingReadsBackWhatAdjustGives(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	want := []*Endpoint{
		{DNSName: "V4.Booble.com.", RecordType: "A", Targets: []string{"192.0.2.1", "192.0.2.2"}},
		{DNSName: "v6.booble.com", RecordType: "aaaa", Targets: []string{"2001:DB8:0::1"}, RecordTTL: 600},
		{DNSName: "alias.booble.com", RecordType: "CNAME", Targets: []string{"Target.Example.NET."}},
		{DNSName: "m.booble.com", RecordType: "MX", Targets: []string{"010 Mail.booble.com.", "20 mx2.booble.com"}},
		{DNSName: "_xmpp._tcp.booble.com", RecordType: "SRV", Targets: []string{"1 50 5222 xmpp.booble.com."}},
		{DNSName: "sub.booble.com", RecordType: "NS", Targets: []string{"ns1.other.net"}},
		{DNSName: "1.2.0.192.booble.com", RecordType: "PTR", Targets: []string{"host.booble.com"}},
		{DNSName: "t.booble.com", RecordType: "TXT", Targets: []string{"v=spf1 -all", `"quoted"`, "  spaced  ", `a "b" \c`}},
		{DNSName: "long.booble.com", RecordType: "TXT", Targets: []string{strings.Repeat("x", 300)}},
	}
	resp, body := h.post("/adjustendpoints", want)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var adjusted []*Endpoint
	require.NoError(t, json.Unmarshal(body, &adjusted))
	require.Len(t, adjusted, len(want))
	assert.Equal(t, "v4.booble.com", adjusted[0].DNSName)
	assert.Equal(t, "AAAA", adjusted[1].RecordType)
	assert.Equal(t, []string{"2001:db8::1"}, adjusted[1].Targets)
	assert.Equal(t, []string{"target.example.net"}, adjusted[2].Targets)
	assert.Equal(t, []string{"10 mail.booble.com", "20 mx2.booble.com"}, adjusted[3].Targets)
	assert.Equal(t, []string{"1 50 5222 xmpp.booble.com"}, adjusted[4].Targets)
	assert.Equal(t, want[7].Targets, adjusted[7].Targets, "TXT exactly as given")

	h.apply(Changes{Create: adjusted})
	listed := h.records()
	for _, e := range adjusted {
		got := find(listed, e.DNSName, e.RecordType)
		if assert.NotNil(t, got, "%s %s", e.DNSName, e.RecordType) {
			assert.ElementsMatch(t, e.Targets, got.Targets, "%s %s", e.DNSName, e.RecordType)
		}
	}
	writes := h.writes()
	h.apply(Changes{Create: adjusted})
	assert.Equal(t, writes, h.writes(), "creating them again writes nothing")
}

func TestAdjustKeepsLabelsAndLeavesOutWhatCannotBeWritten(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	labels := map[string]string{"owner": "default", "resource": "ingress/web/site", "ownedRecord": "x", "custom/key": "v"}
	resp, body := h.post("/adjustendpoints", []*Endpoint{
		{DNSName: "www.booble.com", RecordType: "A", Targets: []string{"192.0.2.1", "192.0.2.1"}, Labels: labels, RecordTTL: 60,
			SetIdentifier: "eu", ProviderSpecific: []ProviderSpecificProperty{{Name: "alias", Value: "true"}}},
		{DNSName: "bad.booble.com", RecordType: "A", Targets: []string{"not-an-address"}},
		{DNSName: "naptr.booble.com", RecordType: "NAPTR", Targets: []string{`100 10 "u" "E2U+sip" "!^.*$!sip:x@booble.com!" .`}},
		{DNSName: "ttl.booble.com", RecordType: "A", Targets: []string{"192.0.2.1"}, RecordTTL: -1},
		{DNSName: "bad..booble.com", RecordType: "A", Targets: []string{"192.0.2.1"}},
		{DNSName: "empty.booble.com", RecordType: "TXT", Targets: []string{""}},
	})
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.JSONEq(t, `[{"dnsName":"www.booble.com","targets":["192.0.2.1"],"recordType":"A","recordTTL":60,`+
		`"labels":{"owner":"default","resource":"ingress/web/site","ownedRecord":"x","custom/key":"v"}}]`, string(body))
	logs := h.logs.String()
	for _, s := range []string{"invalid target", "record type this webhook does not write", "invalid TTL", "invalid name", "set identifier"} {
		assert.Contains(t, logs, s)
	}
	assert.Zero(t, h.portal.Count(http.MethodGet, "/dns"), "adjusting asks the portal nothing")
}

func TestMediaTypesAndMethods(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "DOMAIN_FILTER=booble.com")
	changes := []byte(`{"create":[{"dnsName":"x.booble.com","targets":["192.0.2.1"],"recordType":"A"}]}`)
	for _, tc := range []struct {
		name                        string
		method, path, ctype, accept string
		body                        []byte
		status                      int
	}{
		{"negotiation without Accept", "GET", "/", "", "", nil, 200},
		{"negotiation accepting anything", "GET", "/", "", "text/html, */*;q=0.1", nil, 200},
		{"negotiation of another version", "GET", "/", "", "application/external.dns.webhook+json;version=2", nil, 406},
		{"negotiation of JSON", "GET", "/", "", "application/json", nil, 406},
		{"the media type refused with q=0", "GET", "/records", "", mediaType + ";q=0", nil, 406},
		{"records with a space before version", "GET", "/records", "", "application/external.dns.webhook+json; version=1", nil, 200},
		{"changes as JSON", "POST", "/records", "application/json", "", changes, 415},
		{"changes without a Content-Type", "POST", "/records", "", "", changes, 415},
		{"changes of another version", "POST", "/records", "application/external.dns.webhook+json;version=2", "", changes, 415},
		{"adjust as JSON", "POST", "/adjustendpoints", "application/json", mediaType, []byte(`[]`), 415},
		{"adjust refusing the answer's type", "POST", "/adjustendpoints", mediaType, "application/json", []byte(`[]`), 406},
		{"malformed changes", "POST", "/records", mediaType, "", []byte(`{"create":`), 400},
		{"a method the path lacks", "DELETE", "/records", "", "", nil, 405},
		{"an unknown path", "GET", "/metrics", "", "", nil, 404},
		{"a path the mux would clean", "GET", "//records", "", "", nil, 404},
	} {
		resp, body := h.do(tc.method, tc.path, tc.ctype, tc.accept, tc.body)
		assert.Equal(t, tc.status, resp.StatusCode, "%s: %s", tc.name, body)
		assert.Equal(t, mediaType, resp.Header.Get("Content-Type"), tc.name)
		if tc.status >= 400 {
			var e errorBody
			assert.NoError(t, json.Unmarshal(body, &e), tc.name)
			assert.NotEmpty(t, e.Error, tc.name)
		}
	}
	resp, _ := h.do("PUT", "/records", "", "", nil)
	assert.Equal(t, "GET, POST", resp.Header.Get("Allow"))
	assert.Zero(t, h.writes(), "no refused change set was applied")
}

func TestOversizedBodyIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(a *app) { a.hook.maxBody = 1000 }, "DOMAIN_FILTER=booble.com")
	body := []byte(`[{"dnsName":"` + strings.Repeat("a", 1000) + `"}]`)
	resp, msg := h.do(http.MethodPost, "/adjustendpoints", mediaType, "", body)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, string(msg))
	assert.Contains(t, string(msg), "the request body is over 1000 bytes")
	resp, msg = h.do(http.MethodPost, "/adjustendpoints", mediaType, "", body[:900])
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a body within the limit is read (and here malformed): %s", msg)
}
