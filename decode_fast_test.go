package unmetered

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The one-pass decoders (jsonscan.go, envelope.go, decode_fast.go) against encoding/json alone,
// the path they short-cut: the same values and the same errors for any body.

// listSeeds are bodies for the list fuzzers: every list and object of the fixtures under "d",
// and the shapes the decoders treat apart.
func listSeeds(f *testing.F) [][]byte {
	seeds := [][]byte{}
	for _, s := range []string{
		`{"d":[{"id":"1","name":"a"}]}`, `{"d":{"3":{"id":2},"1":{"id":1}}}`, `{"d":{"id":"1"}}`, `{"d":null}`,
		`{"d":false}`, `{"d":""}`, `[]`, `{}`, `null`, `{"D":[{"id":1}]}`, `{"d":[{"id":"x"}]}`, `{"d":[1]}`, `"x"`,
		`{"d":[]}`, `{"d":[null,{"id":2}]}`, `{"d":[{"id":1}],"d":[{"name":"b"}]}`, `{"d":[{"Name":"x","NAME":"y"}]}`,
		`{"d":[{"n\u0061me":"x"}]}`, `{"\u0064":[{"id":1}]}`, `{"d":[{"name":"a\/b\u00e9\n","status":"\ud83d\ude00"}]}`,
		"{\"d\":[{\"name\":\"\xff\xfe\"}]}", `{"d":[{"name":1}]}`, `{"d":[{"name":null,"id":null}]}`,
		` { "d" : [ { "id" : " 7 " , "name" : "x" } ] , "error" : [ ] } `, `{"error":["x"],"d":[]}`,
		`{"success":false,"d":[{"id":1}]}`, `{"success":"0","d":[]}`, `{"Error":["x"],"d":[]}`, `{"ſuccess":false}`,
		`{"error":["a"],"error":[]}`, `{"d":[{"id":"1"},]}`, `{"d":[{"records":{"0":{"ttl":"1"}}}]}`,
		`{"d":[{"items":[{"id":"1","qty":"2"}],"client":{"id":"3"},"datepaid":"2016-12-30 12:40:47"}]}`,
		`{"d":[{"priority":null,"prio":"5","content":["a","b"]}]}`, `{"d":["A","AAAA"]}`, `{"d":[{"é":1}]}`,
	} {
		seeds = append(seeds, []byte(s))
	}
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		var top map[string]json.RawMessage
		if json.Unmarshal(b, &top) != nil {
			continue
		}
		for _, v := range top {
			if t := bytes.TrimSpace(v); len(t) > 0 && (t[0] == '[' || t[0] == '{') {
				seeds = append(seeds, append(append([]byte(`{"d":`), v...), '}'))
			}
		}
	}
	return seeds
}

// errText is err's text, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// oldEnvelopeFailure is envelopeFailure as it was before scanTop: a byte check, then encoding/json.
func oldEnvelopeFailure(body []byte) (messages, bool) {
	if !mayHaveEnvelope(body) {
		return nil, false
	}
	return parsedEnvelopeFailure(body)
}

// checkList compares keyedList's decoder with decodeParsed for one element type.
func checkList[W, T any](t *testing.T, b []byte, conv func(*W) T) {
	t.Helper()
	fast := &keyedList[W, T]{key: "d", conv: conv}
	top, fastErr := fast.decodeBody(b)
	slow := &keyedList[W, T]{key: "d", conv: conv}
	slowErr := slow.decodeParsed(b)
	require.Equal(t, errText(slowErr), errText(fastErr), "%T", fast)
	if slowErr == nil {
		require.Equal(t, slow.items, fast.items, "%T", fast)
	}
	if top != nil {
		checkEnvelope(t, b, top)
	}
}

// checkEnvelope compares the envelope read from top, a decoder's scan of b's top level, with
// encoding/json's.
func checkEnvelope(t *testing.T, b []byte, top *topLevel) {
	t.Helper()
	msgs, failed := validEnvelopeFailure(b, top)
	wantMsgs, wantFailed := oldEnvelopeFailure(b)
	require.Equal(t, wantFailed, failed, "envelope")
	require.Equal(t, wantMsgs, msgs, "envelope")
}

// detailsBody is the response of GET /details as Account.Details decodes it.
type detailsBody struct {
	Client accountDetailsWire `json:"client"`
}

// envelopeBody is a response with members named like the envelope's, and a list and a
// pointer of every kind.
type envelopeBody struct {
	Error   messages            `json:"error"`
	Success looseBool           `json:"success"`
	D       []quoteItemWire     `json:"d"`
	Client  *accountDetailsWire `json:"client"`
	Prio    *looseInt           `json:"prio"`
	Date    Date                `json:"date"`
}

// checkStruct compares decodeStruct (and json.Unmarshal where it declines) with json.Unmarshal
// for one struct type, and the envelope it reads with encoding/json's.
func checkStruct[T any](t *testing.T, b []byte) {
	t.Helper()
	fast, slow := new(T), new(T)
	top, scanned := decodeStruct(b, fast)
	if !scanned {
		require.Equal(t, new(T), fast, "%T: declined, and left zero", fast)
	}
	var fastErr error
	if !scanned {
		fastErr = json.Unmarshal(b, fast)
	}
	slowErr := json.Unmarshal(b, slow)
	require.Equal(t, errText(slowErr), errText(fastErr), "%T", fast)
	require.Equal(t, slow, fast, "%T", fast)
	if scanned {
		checkEnvelope(t, b, &top)
	}
}

// checkLoose compares looseList's decoder with encoding/json's path for one element type.
func checkLoose[T any](t *testing.T, b []byte) {
	t.Helper()
	var fast, slow looseList[T]
	fastErr := fast.UnmarshalJSON(b)
	slowErr := slow.unmarshalParsed(bytes.TrimSpace(b))
	require.Equal(t, errText(slowErr), errText(fastErr), "%T", fast)
	require.Equal(t, slow, fast, "%T", fast)
}

// checkAll runs every differential check on b.
func checkAll(t *testing.T, b []byte) {
	t.Helper()
	checkList(t, b, (*domainWire).public)
	checkList(t, b, (*invoiceWire).public)
	checkList[zoneRecordWire, zoneRecordWire](t, b, nil)
	checkList(t, b, (*formFieldWire).public)
	checkList[DomainDNSRecordType, DomainDNSRecordType](t, b, nil)
	checkList(t, b, (*ticketWire).public)
	checkList(t, b, (*serviceWire).public)
	checkList(t, b, (*certificateWire).public)
	checkStruct[detailsBody](t, b)
	checkStruct[zoneWire](t, b)
	checkStruct[invoiceWire](t, b)
	checkStruct[dnsOverviewWire](t, b)
	checkStruct[envelopeBody](t, b)
	checkStruct[domainWire](t, b)
	checkLoose[zoneRecordWire](t, b)
	checkLoose[message](t, b)
	checkLoose[string](t, b)
	checkLoose[invoiceItemWire](t, b)
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) == nil {
		checkLoose[zoneRecordWire](t, top["d"])
		checkLoose[domainWire](t, top["d"])
	}
}

// FuzzListDecoder checks getListOf's one-pass decoder against encoding/json's path, for element
// types of every kind: eligible structs (with pointers, nested lists, dates, money, secrets),
// one with an embedded field (decoded by encoding/json element by element), a string type; and
// decodeStruct against json.Unmarshal for whole responses.
func FuzzListDecoder(f *testing.F) {
	for _, s := range listSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkAll(t, b)
	})
}

// FuzzKeyedValue checks getKey's decoder against encoding/json's path (an Object, then the
// value under the key).
func FuzzKeyedValue(f *testing.F) {
	for _, s := range listSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fast := &keyedValue[invoiceWire]{key: "d"}
		top, fastErr := fast.decodeBody(b)
		slow := &keyedValue[invoiceWire]{key: "d"}
		var obj Object
		slowErr := json.Unmarshal(b, &obj)
		if slowErr == nil {
			slowErr = slow.decodeValue(obj["d"])
		}
		require.Equal(t, errText(slowErr), errText(fastErr))
		require.Equal(t, slow.v, fast.v)
		if top != nil {
			checkEnvelope(t, b, top)
		}
	})
}

// FuzzEnvelope checks the envelope read from a scan of the top level against encoding/json's.
func FuzzEnvelope(f *testing.F) {
	for _, s := range listSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, failed := envelopeFailure(b)
		wantMsgs, wantFailed := oldEnvelopeFailure(b)
		require.Equal(t, wantFailed, failed)
		require.Equal(t, wantMsgs, msgs)
	})
}

// FuzzScan checks the scanner on valid JSON against encoding/json: where a value ends, an
// array's elements, an object's members.
func FuzzScan(f *testing.F) {
	for _, s := range listSeeds(f) {
		f.Add(s)
	}
	f.Add([]byte(`["a\\",1,"\"",{"x":[1,{"y":"}"}]},true,null,-1.5e3]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		i := skipSpace(b, 0)
		require.Equal(t, len(bytes.TrimRight(b, " \t\r\n")), valueEnd(b, i))
		switch b[i] {
		case '[':
			var want []json.RawMessage
			require.NoError(t, json.Unmarshal(b, &want))
			require.Equal(t, len(want), countElements(b[i:]))
			e := newElements(b, i)
			for _, w := range want {
				v, ok := e.next()
				require.True(t, ok)
				require.Equal(t, string(w), string(v))
			}
			_, ok := e.next()
			require.False(t, ok)
		case '{':
			dec := json.NewDecoder(bytes.NewReader(b))
			_, err := dec.Token() // {
			require.NoError(t, err)
			m := newMembers(b, i)
			for {
				key, v, ok := m.next()
				require.Equal(t, dec.More(), ok)
				if !ok {
					break
				}
				tok, err := dec.Token()
				require.NoError(t, err)
				var k string
				require.NoError(t, json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &k))
				require.Equal(t, tok, k)
				var raw json.RawMessage
				require.NoError(t, dec.Decode(&raw))
				require.Equal(t, string(bytes.TrimSpace(raw)), string(v))
			}
			require.Equal(t, len(bytes.TrimRight(b, " \t\r\n")), m.end())
		}
	})
}

// FuzzStringValue checks the fast string decoding against encoding/json's.
func FuzzStringValue(f *testing.F) {
	for _, s := range []string{`"a"`, `"a\/b"`, `"\u00e9"`, `"é"`, "\"\xff\"", `"\\\"\b\f\n\r\t"`, `""`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var want string
		if len(b) < 2 || b[0] != '"' || json.Unmarshal(b, &want) != nil || valueEnd(b, 0) != len(b) {
			return // stringValue is given a string's exact span
		}
		if got, ok := stringValue(b); ok {
			require.Equal(t, want, got)
		}
	})
}

// bytesAllocated returns the fewest bytes one call of fn allocated over five calls. The count is
// the whole process's, so a goroutine an earlier test left finishing its work (a server shutting
// down, a retry's timer) may add to a call's: the fewest is the call's own. The calls run on one
// P: the client's pool of body buffers is per P, and a goroutine that the GC between calls moved
// to another P finds the buffer its last call put back out of reach (then every call allocates
// a body's worth more, as TestListMethodsAllocateOneSlice did in half of the package's runs).
func bytesAllocated(fn func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	least := uint64(1<<63 - 1)
	for i := 0; i < 5; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		fn()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// A list is decoded into one slice of its length, with no slice of wire forms beside it: the
// bytes a 10,000-element list allocates are the public slice and the elements' own strings.
// Before, the wire slice grew 1.25x at a time and was then copied: 11.4 MB for the domains
// (2.2 MB of public slice), 24.6 MB for the invoices (4.0 MB).
func TestListDecodeAllocatesOneSlice(t *testing.T) {
	for _, tc := range []struct {
		name      string
		body      []byte
		decode    func([]byte) (int, error)
		elemBytes uintptr
		strings   uint64 // bytes of strings per element, at most
	}{
		{"domains", domainListJSON(benchDomains), func(b []byte) (int, error) {
			l := &keyedList[domainWire, Domain]{key: "domains", conv: (*domainWire).public}
			_, err := l.decodeBody(b)
			return len(l.items), err
		}, reflect.TypeFor[Domain]().Size(), 64},
		{"invoices", invoiceListJSON(benchInvoices), func(b []byte) (int, error) {
			l := &keyedList[invoiceWire, Invoice]{key: "invoices", conv: (*invoiceWire).public}
			_, err := l.decodeBody(b)
			return len(l.items), err
		}, reflect.TypeFor[Invoice]().Size(), 64},
	} {
		var n int
		var err error
		got := bytesAllocated(func() { n, err = tc.decode(tc.body) })
		require.NoError(t, err, tc.name)
		require.Equal(t, 10000, n, tc.name)
		limit := uint64(n)*(uint64(tc.elemBytes)+tc.strings) + 64<<10
		assert.LessOrEqual(t, got, limit, "%s: %d bytes allocated for a public slice of %d", tc.name, got, uint64(n)*uint64(tc.elemBytes))
	}
}

// A response is parsed once: the envelope is read from the pass that decodes the payload, so
// a body with "success": true costs no allocation more than the same body without it. Before,
// such a body was parsed a second time by encoding/json for the envelope alone.
func TestEnvelopeReadInThePayloadsPass(t *testing.T) {
	c := &Client{secrets: newSecrets()}
	r := &request{method: http.MethodGet, route: "/x"}
	resp := &http.Response{StatusCode: http.StatusOK}
	list := `"records":[{"id":"1","name":"a","type":"A","ttl":"300","content":"192.0.2.1"},` +
		`{"id":"2","name":"b","type":"TXT","ttl":"300","content":"\"v=spf1 -all\""}]`
	for _, tc := range []struct {
		name string
		out  func() any
	}{
		{"list", func() any { return &keyedList[zoneRecordWire, zoneRecordWire]{key: "records"} }},
		{"value", func() any { return &keyedValue[[]zoneRecordWire]{key: "records"} }},
		{"struct", func() any {
			return &struct {
				Records []zoneRecordWire `json:"records"`
			}{}
		}},
		{"struct encoding/json decodes", func() any { // the ,string option: not for structDecoder
			return &struct {
				Records []zoneRecordWire `json:"records"`
				N       int              `json:"n,string"`
			}{}
		}},
	} {
		allocs := func(body string) float64 {
			return testing.AllocsPerRun(50, func() {
				require.NoError(t, c.decode(r, resp, []byte(body), tc.out()))
			})
		}
		plain := allocs(`{` + list + `}`)
		withEnvelope := allocs(`{"success":true,` + list + `,"info":["ok"]}`)
		assert.Equal(t, plain, withEnvelope, "%s: allocations with the envelope", tc.name)
		require.Error(t, c.decode(r, resp, []byte(`{"success":false,`+list+`}`), tc.out()), tc.name)
	}
}

// A number-keyed list whose keys write one number twice ("1" and "01") comes in the order of
// the keys' text among that number. Before, such members came in whatever order the map of
// members was iterated in: a different order from one decode to the next.
func TestKeyedListSameNumberTwice(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"1":"a","01":"b","0":"c"}`, `{"01":"b","1":"a","0":"c"}`} {
		for i := 0; i < 50; i++ {
			var fast, slow looseList[string]
			require.NoError(t, fast.UnmarshalJSON([]byte(body)))
			require.NoError(t, slow.unmarshalParsed([]byte(body)))
			require.Equal(t, looseList[string]{"c", "b", "a"}, fast, body)
			require.Equal(t, looseList[string]{"c", "b", "a"}, slow, body)
		}
	}
}

// FuzzValid checks validJSON against json.Valid on any input.
func FuzzValid(f *testing.F) {
	for _, s := range listSeeds(f) {
		f.Add(s)
	}
	for _, s := range []string{``, ` `, `-`, `-0`, `01`, `1.`, `.5`, `1e`, `1e+`, `1E-7`, `-01`, `1.5e3x`, `tru`, `truex`,
		`nul`, `[1,]`, `{"a":1,}`, `{"a"}`, `{"a" 1}`, `{1:2}`, `[,1]`, `"\u00zz"`, `"\u00e9"`, "\"\x01\"", `"\x"`,
		"\xef\xbb\xbf{}", `{} {}`, `[[]]]`, `{"a":[}`, `"\`, `"\u12`, `[1 2]`, `"a"` + "\t", "\x00", `1 `, ` 1`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		require.Equal(t, json.Valid(b), validJSON(b), "%q", b)
	})
}

// validJSON keeps to encoding/json's bound on nesting.
func TestValidJSONDepth(t *testing.T) {
	t.Parallel()
	for _, depth := range []int{maxDepth - 1, maxDepth, maxDepth + 1} {
		for _, open := range []string{"[", `{"a":`} {
			close := map[string]string{"[": "]", `{"a":`: "}"}[open]
			b := []byte(strings.Repeat(open, depth) + "1" + strings.Repeat(close, depth))
			require.Equal(t, json.Valid(b), validJSON(b), "depth %d", depth)
		}
	}
}
