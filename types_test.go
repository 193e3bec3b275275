package unmetered

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInt(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]looseInt{
		`47`: 47, `"47"`: 47, `" 47 "`: 47, `-3`: -3, `"0"`: 0, `null`: 0, `""`: 0, `47.0`: 47, `"12.00"`: 12,
		`9223372036854775807`: 9223372036854775807,
	} {
		var n looseInt
		require.NoError(t, json.Unmarshal([]byte(in), &n), in)
		assert.Equal(t, want, n, in)
	}
	for _, bad := range []string{`"abc"`, `true`, `[]`, `{}`, `4.5`, `"1e3x"`, `99999999999999999999`, `"`} {
		var n looseInt
		err := json.Unmarshal([]byte(bad), &n)
		assert.Error(t, err, bad)
	}
	out, err := json.Marshal(looseInt(42))
	require.NoError(t, err)
	assert.Equal(t, `42`, string(out))
	assert.Equal(t, "42", looseInt(42).String())
}

func TestBool(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		`true`: true, `false`: false, `1`: true, `0`: false, `"1"`: true, `"0"`: false,
		`"Yes"`: true, `"No"`: false, `"yes"`: true, `"on"`: true, `"off"`: false, `"true"`: true,
		`"false"`: false, `""`: false, `null`: false, `"Active"`: true,
	} {
		var b looseBool
		require.NoError(t, json.Unmarshal([]byte(in), &b), in)
		assert.Equal(t, want, bool(b), in)
	}
	for _, bad := range []string{`"maybe"`, `2`, `[]`, `{"a":1}`} {
		var b looseBool
		assert.Error(t, json.Unmarshal([]byte(bad), &b), bad)
	}
	out, _ := json.Marshal(looseBool(true))
	assert.Equal(t, `true`, string(out))
}

func TestDateAndTime(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Time{
		`"2016-12-30"`:          time.Date(2016, 12, 30, 0, 0, 0, 0, time.UTC),
		`"2016-12-30 12:40:47"`: time.Date(2016, 12, 30, 0, 0, 0, 0, time.UTC),
		`"0000-00-00"`:          {},
		`""`:                    {},
		`null`:                  {},
	} {
		var d Date
		require.NoError(t, json.Unmarshal([]byte(in), &d), in)
		assert.True(t, want.Equal(d.Time), "%s: got %v", in, d.Time)
	}
	for in, want := range map[string]time.Time{
		`"2016-12-30 12:40:47"`:       time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC),
		`"2016-12-30T12:40:47Z"`:      time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC),
		`"2016-12-30T14:40:47+02:00"`: time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC),
		`"2016-12-30"`:                time.Date(2016, 12, 30, 0, 0, 0, 0, time.UTC),
		`1483101647`:                  time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC),
		`"2016-12-30 1:02:03"`:        time.Date(2016, 12, 30, 1, 2, 3, 0, time.UTC), // unpadded hour: the slow path
		`"0000-00-00 00:00:00"`:       {},
		`"0000-00-00"`:                {},
		`null`:                        {},
	} {
		var tm looseTime
		require.NoError(t, json.Unmarshal([]byte(in), &tm), in)
		assert.True(t, want.Equal(tm.Time), "%s: got %v", in, tm.Time)
	}
	// 270000000000 is in the year 10525: it would decode, then encode as a date nothing parses.
	for _, bad := range []string{`"yesterday"`, `"2016-13-45"`, `[]`, `{}`, `"2016-12-30 25:00:00"`, `-5`, `270000000000`} {
		var d Date
		var tm looseTime
		assert.Error(t, json.Unmarshal([]byte(bad), &d), bad)
		assert.Error(t, json.Unmarshal([]byte(bad), &tm), bad)
	}

	out, _ := json.Marshal(Date{time.Date(2017, 1, 2, 0, 0, 0, 0, time.UTC)})
	assert.Equal(t, `"2017-01-02"`, string(out))
	out, _ = json.Marshal(Date{})
	assert.Equal(t, `null`, string(out), "no date, not a made-up one")
	out, _ = json.Marshal(looseTime{time.Date(2017, 1, 2, 3, 4, 5, 0, time.UTC)})
	assert.Equal(t, `"2017-01-02 03:04:05"`, string(out))
	out, _ = json.Marshal(looseTime{})
	assert.Equal(t, `"0000-00-00 00:00:00"`, string(out))
	assert.Equal(t, "", Date{}.String())
	assert.Equal(t, "2017-01-02 03:04:05", looseTime{time.Date(2017, 1, 2, 3, 4, 5, 0, time.UTC)}.String())
}

func TestList(t *testing.T) {
	t.Parallel()
	type rec struct {
		Name string   `json:"name"`
		TTL  looseInt `json:"ttl"`
	}
	var arr looseList[rec]
	require.NoError(t, json.Unmarshal([]byte(`[{"name":"a","ttl":"300"},{"name":"b","ttl":60}]`), &arr))
	assert.Equal(t, looseList[rec]{{"a", 300}, {"b", 60}}, arr)

	var obj looseList[rec]
	require.NoError(t, json.Unmarshal([]byte(`{"17":{"name":"c"},"0":{"name":"a"},"2":{"name":"b"}}`), &obj))
	assert.Equal(t, looseList[rec]{{"a", 0}, {"b", 0}, {"c", 0}}, obj, "number-keyed object in numeric key order")

	var one looseList[rec]
	require.NoError(t, json.Unmarshal([]byte(`{"name":"solo","ttl":"5"}`), &one))
	assert.Equal(t, looseList[rec]{{"solo", 5}}, one, "a bare object is a list of one")

	for _, empty := range []string{`null`, `false`, `""`, `[]`, `{}`} {
		var l looseList[rec]
		require.NoError(t, json.Unmarshal([]byte(empty), &l), empty)
		assert.Empty(t, l, empty)
	}
	for _, bad := range []string{`{"name":7}`, `"abc"`, `7`, `[1]`, `{"1":2}`, `true`} {
		var l looseList[rec]
		assert.Error(t, json.Unmarshal([]byte(bad), &l), bad)
	}
	out, err := json.Marshal(looseList[int]{1, 2})
	require.NoError(t, err)
	assert.Equal(t, `[1,2]`, string(out))
}

func TestContent(t *testing.T) {
	t.Parallel()
	var c looseContent
	require.NoError(t, json.Unmarshal([]byte(`"v=spf1 -all "`), &c))
	assert.False(t, c.IsList())
	assert.Equal(t, "v=spf1 -all ", c.String(), "kept verbatim")
	assert.Equal(t, []string{"v=spf1 -all "}, c.Parts())

	soa := `["ns1.example.com.","hostmaster.example.com.","2017010101","3600","600","1209600","300"]`
	require.NoError(t, json.Unmarshal([]byte(soa), &c))
	assert.True(t, c.IsList())
	assert.Len(t, c.Parts(), 7)
	assert.Equal(t, "ns1.example.com. hostmaster.example.com. 2017010101 3600 600 1209600 300", c.String())
	out, _ := json.Marshal(c)
	assert.JSONEq(t, soa, string(out))

	require.NoError(t, json.Unmarshal([]byte(`[10, 5060, "sip.example.com."]`), &c))
	assert.Equal(t, []string{"10", "5060", "sip.example.com."}, c.Parts(), "numbers kept as text")

	require.NoError(t, json.Unmarshal([]byte(`null`), &c))
	assert.Equal(t, "", c.String())
	assert.Nil(t, c.Parts())

	for _, bad := range []string{`{}`, `[{}]`, `[[1]]`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &c), bad)
	}
	out, _ = json.Marshal(newContent("1.2.3.4"))
	assert.Equal(t, `"1.2.3.4"`, string(out))
	out, _ = json.Marshal(newContentList("10", "sip.example.com."))
	assert.Equal(t, `["10","sip.example.com."]`, string(out))
	out, _ = json.Marshal(newContentList())
	assert.Equal(t, `[]`, string(out))
}

func TestMessages(t *testing.T) {
	t.Parallel()
	var ms messages
	require.NoError(t, json.Unmarshal([]byte(`["client_info_updated", ["dnsnewrecordadded", "TXT"], ["x", 3]]`), &ms))
	require.Len(t, ms, 3)
	assert.Equal(t, "client_info_updated", ms[0].Key())
	assert.Nil(t, ms[0].Args())
	assert.Equal(t, "dnsnewrecordadded", ms[1].Key())
	assert.Equal(t, []string{"TXT"}, ms[1].Args())
	assert.Equal(t, "dnsnewrecordadded TXT", ms[1].String())
	assert.Equal(t, "x 3", ms[2].String())
	assert.Equal(t, []string{"client_info_updated", "dnsnewrecordadded TXT", "x 3"}, ms.Strings())

	for in, want := range map[string][]string{
		`"single message"`:       {"single message"},
		`null`:                   {},
		`false`:                  {},
		`""`:                     {},
		`[]`:                     {},
		`{"0":"a","1":"b"}`:      {"a", "b"},
		`{"domain":"is taken"}`:  {"domain is taken"},
		`42`:                     {"42"},
		`[{"field":"required"}]`: {`{"field":"required"}`},
	} {
		var m messages
		require.NoError(t, json.Unmarshal([]byte(in), &m), in)
		assert.Equal(t, want, []string(append([]string{}, m.Strings()...)), in)
	}
	assert.Equal(t, "", message(nil).Key())
}

func TestObject(t *testing.T) {
	t.Parallel()
	var o Object
	require.NoError(t, json.Unmarshal([]byte(`{"b":"text","a":{"n":"5"},"c":7}`), &o))
	assert.Equal(t, []string{"a", "b", "c"}, o.Keys())
	assert.Equal(t, "text", o.Text("b"))
	assert.Equal(t, "7", o.Text("c"))
	assert.Equal(t, "", o.Text("missing"))
	assert.True(t, o.Has("a"))
	var inner struct {
		N looseInt `json:"n"`
	}
	require.NoError(t, o.Decode("a", &inner))
	assert.Equal(t, looseInt(5), inner.N)
	assert.Error(t, o.Decode("missing", &inner))
	assert.Error(t, json.Unmarshal([]byte(`[1,2]`), &o))
	require.NoError(t, json.Unmarshal([]byte(`[]`), &o), "PHP's empty map")
	assert.Empty(t, o)
}

func TestWireErrorIsClear(t *testing.T) {
	t.Parallel()
	var n looseInt
	err := json.Unmarshal([]byte(`"forty-two and a very long tail that goes on and on"`), &n)
	var wire *WireError
	require.ErrorAs(t, err, &wire)
	assert.Equal(t, "Int", wire.Type)
	assert.Contains(t, err.Error(), "cannot decode")
	assert.Contains(t, err.Error(), "…", "long values are cut")
}

// The fuzz targets feed arbitrary bytes to every flexible type: they must return a value or an
// error, never panic, and what they accept must survive a round trip.

func FuzzInt(f *testing.F) {
	for _, s := range []string{`47`, `"47"`, `null`, `""`, `"12.00"`, `1e3`, `"-0"`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var n looseInt
		if json.Unmarshal(b, &n) != nil {
			return
		}
		out, err := json.Marshal(n)
		require.NoError(t, err)
		var back looseInt
		require.NoError(t, json.Unmarshal(out, &back))
		require.Equal(t, n, back)
	})
}

func FuzzBool(f *testing.F) {
	for _, s := range []string{`true`, `"1"`, `"Yes"`, `0`, `null`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v looseBool
		if json.Unmarshal(b, &v) != nil {
			return
		}
		out, _ := json.Marshal(v)
		var back looseBool
		require.NoError(t, json.Unmarshal(out, &back))
		require.Equal(t, v, back)
	})
}

func FuzzDateTime(f *testing.F) {
	for _, s := range []string{`"2016-12-30"`, `"2016-12-30 12:40:47"`, `"0000-00-00"`, `1483101647`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Date
		if json.Unmarshal(b, &d) == nil {
			out, _ := json.Marshal(d)
			var back Date
			require.NoError(t, json.Unmarshal(out, &back))
			require.True(t, d.Equal(back.Time))
		}
		var tm looseTime
		if json.Unmarshal(b, &tm) == nil {
			out, _ := json.Marshal(tm)
			var back looseTime
			require.NoError(t, json.Unmarshal(out, &back))
			require.True(t, tm.Truncate(time.Second).Equal(back.Time))
		}
	})
}

func FuzzList(f *testing.F) {
	for _, s := range []string{`[1,2]`, `{"0":1,"5":2}`, `null`, `{"a":1}`, `false`, `{"-1":3,"1":4}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var l looseList[looseInt]
		if json.Unmarshal(b, &l) != nil {
			return
		}
		out, err := json.Marshal(l)
		require.NoError(t, err)
		var back looseList[looseInt]
		require.NoError(t, json.Unmarshal(out, &back))
		require.Equal(t, len(l), len(back))
	})
}

func FuzzContentAndMessages(f *testing.F) {
	for _, s := range []string{`"a"`, `["a",1]`, `null`, `[["k","v"]]`, `{"0":"x"}`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var c looseContent
		if json.Unmarshal(b, &c) == nil {
			out, err := json.Marshal(c)
			require.NoError(t, err)
			var back looseContent
			require.NoError(t, json.Unmarshal(out, &back))
			require.Equal(t, c.Parts(), back.Parts())
		}
		var ms messages
		_ = json.Unmarshal(b, &ms)
		_ = ms.Strings()
		var o Object
		_ = json.Unmarshal(b, &o)
		var p Privileges
		_ = json.Unmarshal(b, &p)
	})
}

func FuzzErrorBody(f *testing.F) {
	for _, s := range []string{`{"error":["x"]}`, `<html>oops</html>`, ``, `{"error":"x"}`, `{"success":false}`, "\xff\xfe"} {
		f.Add([]byte(s))
	}
	c := &Client{secrets: newSecrets(testPassword)}
	r := &request{method: "GET", route: "/x"}
	f.Fuzz(func(t *testing.T, b []byte) {
		e := c.newError(r, &http.Response{StatusCode: 502, Header: http.Header{}}, b, nil)
		require.NotEmpty(t, e.Error())
		_, _ = envelopeFailure(b)
	})
}

// allocatedBytes returns the bytes the process allocated while f ran. Callers do not run in
// parallel, so the figure is f's (give or take a few KiB of background work).
func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A number longer than any real value (a 1 MB run of digits in an id, say) is refused at once
// with a *WireError: without parsing it (big.Rat's conversion made this quadratic, ~6 s of CPU
// for 1 MB) and without copying it. Not parallel: it measures the bytes allocated.
func TestLongNumbersAreRefusedAtOnce(t *testing.T) {
	digits := strings.Repeat("7", 1<<20)
	for _, body := range [][]byte{[]byte(`{"v":` + digits + `}`), []byte(`{"v":"` + digits + `"}`), []byte(`{"v":"` + digits + `.5"}`)} {
		for name, v := range map[string]any{
			"Int": &struct{ V looseInt }{}, "Decimal": &struct{ V Decimal }{}, "Time": &struct{ V looseTime }{},
			"Date": &struct{ V Date }{}, "Bool": &struct{ V looseBool }{},
		} {
			var err error
			alloc := allocatedBytes(func() { err = json.Unmarshal(body, v) })
			var wire *WireError
			require.ErrorAs(t, err, &wire, name)
			assert.Equal(t, name, wire.Type)
			assert.Less(t, alloc, uint64(64<<10), "%s: bytes allocated to refuse a 1 MB number", name)
			assert.Less(t, len(err.Error()), 300, "%s: the error quotes an excerpt, not the value", name)
		}
	}

	// An exponent is worked out on the digits: "1e9999" costs an Int what "1" does (it was 2 ms of
	// big.Rat arithmetic and tens of KiB for each such value).
	hostile := []byte(`[` + strings.TrimSuffix(strings.Repeat(`"1e9999","-9.5e9999","1e-9999",`, 100), ",") + `]`)
	var ints []looseInt
	var err error
	alloc := allocatedBytes(func() { err = json.Unmarshal(hostile, &ints) })
	var wire *WireError
	require.ErrorAs(t, err, &wire)
	assert.Less(t, alloc, uint64(300*2<<10), "bytes allocated for 300 huge exponents")

	// The bound: 64 characters decode, 65 do not.
	long := "1" + strings.Repeat("0", maxNumberLen-3) + ".5" // 64 characters
	var d Decimal
	require.NoError(t, json.Unmarshal([]byte(`"`+long+`"`), &d))
	assert.Equal(t, long, d.String())
	assert.ErrorIs(t, json.Unmarshal([]byte(`"`+long+`0"`), &d), errNumberTooLong)
	var n looseInt
	require.NoError(t, json.Unmarshal([]byte(`"47.`+strings.Repeat("0", maxNumberLen-3)+`"`), &n))
	assert.Equal(t, looseInt(47), n)
	_, err = ParseDecimal(long + "0")
	assert.ErrorIs(t, err, ErrInvalidArgument)
}

// BenchmarkLongNumber decodes a body whose id is a run of digits of each size: the time per byte
// stays flat (linear decoding), where it grew with the size before numbers were bounded.
//
//	go test -run '^$' -bench LongNumber -benchmem
func BenchmarkLongNumber(b *testing.B) {
	for _, size := range []int{64 << 10, 1 << 20, 8 << 20} {
		body := []byte(`{"domains":[{"id":"` + strings.Repeat("7", size) + `"}]}`)
		b.Run(strconv.Itoa(size>>10)+"KiB", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				out := &keyedList[struct{ ID looseInt }, struct{ ID looseInt }]{key: "domains"}
				if _, err := out.decodeBody(body); !errors.Is(err, errNumberTooLong) {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzWholeDecimal checks Int's whole-number reading of decimal texts ("47.0", "4.7e1") against
// big.Rat, the exact arithmetic it replaced.
func FuzzWholeDecimal(f *testing.F) {
	for _, s := range []string{"47.0", "4.7e1", "-3.00", "0.5", "1e18", "9.223372036854775807e18", "9.223372036854775808e18",
		"-9223372036854775808.000", "1e9999", "0e9999", "000.000", "+12E-1", "120E-1", "1.", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := wholeDecimal(s)
		if !validDecimal(s) {
			require.False(t, ok)
			return
		}
		if _, exp, _ := strings.Cut(strings.ToLower(s), "e"); len(strings.TrimLeft(exp, "+-")) > 2 {
			return // big.Rat takes too long with big exponents to be a fuzz oracle
		}
		r, rok := new(big.Rat).SetString(s)
		require.True(t, rok, s)
		want := r.IsInt() && r.Num().IsInt64()
		require.Equal(t, want, ok, s)
		if ok {
			require.Equal(t, r.Num().Int64(), got, s)
		}
	})
}

func TestObjectPrintsAndMarshalsAsJSON(t *testing.T) {
	t.Parallel()
	var o Object
	require.NoError(t, json.Unmarshal([]byte(`{"b": [1, 2], "a": "x"}`), &o))
	assert.Equal(t, `{"a":"x","b":[1,2]}`, o.String())
	assert.Equal(t, `{"a":"x","b":[1,2]}`, fmt.Sprintf("%v", o))
	assert.Equal(t, `{"a":"x","b":[1,2]}`, fmt.Sprint(o))
	b, err := json.Marshal(struct{ Raw Object }{o})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Raw": {"a": "x", "b": [1, 2]}}`, string(b), "marshals as the object, not wrapped")
	assert.Equal(t, "null", Object(nil).String())
}
