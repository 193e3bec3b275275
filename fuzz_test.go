package unmetered

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// More fuzz targets, beside those in types_test.go: the remaining flexible types, the types of
// the sections that decode themselves, and the shared response decoder. Each must return a
// value or an error for any input, never panic; what it accepts must survive a round trip.

func FuzzText(f *testing.F) {
	for _, s := range []string{`"736633"`, `865650`, `null`, `" x "`, `1e3`, `true`, `{}`, `"\u00e9"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v looseText
		if json.Unmarshal(b, &v) != nil {
			return
		}
		out, err := json.Marshal(string(v))
		require.NoError(t, err)
		var back looseText
		require.NoError(t, json.Unmarshal(out, &back))
		if utf8Clean(string(v)) {
			require.Equal(t, v, back)
		}
	})
}

func FuzzSecret(f *testing.F) {
	for _, s := range []string{`"hunter2-long"`, `123456`, `null`, `""`, `"[REDACTED]"`, `"%v"`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Secret
		if json.Unmarshal(b, &s) != nil {
			return
		}
		out, err := json.Marshal(s.Reveal())
		require.NoError(t, err)
		var back Secret
		require.NoError(t, json.Unmarshal(out, &back))
		if utf8Clean(s.Reveal()) {
			require.Equal(t, s.Reveal(), back.Reveal())
		}
		// However it is printed, a non-empty secret looks like any other.
		if s != "" {
			require.Equal(t, renderSecret(t, "placeholder"), renderSecret(t, s))
		}
	})
}

// renderSecret prints s in every way a program might: fmt verbs, JSON, slog.
func renderSecret(t *testing.T, s Secret) string {
	j, err := json.Marshal(s)
	require.NoError(t, err)
	text, err := s.MarshalText()
	require.NoError(t, err)
	var logged bytes.Buffer
	noTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	slog.New(slog.NewJSONHandler(&logged, &slog.HandlerOptions{ReplaceAttr: noTime})).Info("x", "secret", s,
		"in", struct{ S Secret }{s})
	return fmt.Sprintf("%v|%s|%q|%x|%X|%#v|%+v|%d|%10.3s|%v", s, s, s, s, s, s, s, s, s, []Secret{s}) +
		string(j) + string(text) + logged.String()
}

func FuzzPrivileges(f *testing.F) {
	for _, s := range []string{
		`{"billing":["payinvoice"],"services":{"full":1,"332":["basic","renew"]},"domains":[],"custom":{"a":1}}`,
		`[]`, `null`, `{"services":{"x":[]}}`, `{"billing":{"0":"a","2":"b"}}`, `{"domains":{"full":"Yes"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Privileges
		if json.Unmarshal(b, &p) == nil {
			requireStableJSON(t, &p, func() any { return new(Privileges) })
		}
		var o ObjectPrivileges
		if json.Unmarshal(b, &o) == nil {
			_ = o.IDs()
			requireStableJSON(t, &o, func() any { return new(ObjectPrivileges) })
		}
	})
}

func FuzzObjectAndMessage(f *testing.F) {
	for _, s := range []string{`{"a":"x","b":[1],"c":null}`, `[]`, `null`, `["key","arg",3]`, `"plain"`, `{"a":{"b":"\u0000"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var o Object
		if json.Unmarshal(b, &o) == nil {
			for _, k := range o.Keys() {
				require.True(t, o.Has(k))
				_ = o.Text(k)
				var v any
				_ = o.Decode(k, &v)
			}
		}
		var m message
		if json.Unmarshal(b, &m) == nil {
			_, _, _ = m.Key(), m.Args(), m.String()
		}
	})
}

// FuzzSectionTypes feeds every section type that decodes itself: none may panic, and what
// decodes must encode.
func FuzzSectionTypes(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","name":"example.com","records":{"0":{"id":"5","type":"SOA","content":["a","b"],"prio":"10","ttl":"3600"}}}`,
		`{"items":{"0":{"id":"1"}},"domains":{"a.com":{"price":"1.00"}},"index":4}`,
		`{"items":{"id":"7","type":"Hosting"},"invoice_id":"9","total":"1.20"}`,
		`{"contacts":[],"organization":[],"admin":{"firstname":"Joe"}}`,
		`{"modules":{"1":"PayPal"},"2":"Card"}`, `[]`, `null`, `{}`, `[{"x":1}]`, `"s"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, v := range []any{
			new(zoneWire), new(zoneRecordWire), new(orderResultWire), new(quoteItemWire), new(quoteProductWire), new(quoteDomainWire),
			new(quoteWire), new(certificateContactsWire), new(certificateContactWire), new(certificateOrganizationWire),
			new(upgradeResourceWire), new(upgradeOptionsWire), new(productDetailsWire), new(paymentMethods),
			new(domainContactSetWire), new(domainContactWire), new(dnssecFlagList),
		} {
			if json.Unmarshal(b, v) == nil {
				_, err := json.Marshal(v)
				require.NoError(t, err, "%T decoded %q but does not encode", v, b)
			}
		}
	})
}

// FuzzDecodeResponse runs the shared response decoder (status, envelope, body) on any body:
// it never panics, a failure envelope is always an *Error, and a success always had a JSON body.
func FuzzDecodeResponse(f *testing.F) {
	statuses := []int{200, 201, 204, 400, 401, 404, 429, 500, 502}
	for _, s := range []string{`{"error":["x"]}`, `{"success":false}`, `{"details":{"id":"4"}}`, ``, `<html>`, `{"error":[]}`, `{"info":[["a","b"]]}`, `{"d`} {
		f.Add(uint8(0), []byte(s))
	}
	c := &Client{secrets: newSecrets(testPassword)}
	r := &request{method: http.MethodGet, route: "/x"}
	f.Fuzz(func(t *testing.T, st uint8, b []byte) {
		status := statuses[int(st)%len(statuses)]
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {"3"}}}
		var out struct {
			Details *struct {
				ID   looseInt             `json:"id"`
				Tags looseList[looseText] `json:"tags"`
				Rest Object               `json:"rest"`
				When looseTime            `json:"when"`
				Cost Decimal              `json:"cost"`
				Info messages             `json:"info"`
				Tree *Privileges          `json:"tree"`
				Data map[string]any       `json:"data"`
			} `json:"details"`
		}
		for _, dst := range []any{&out, nil} {
			err := c.decode(r, resp, b, dst)
			var apiErr *Error
			isAPI := errors.As(err, &apiErr)
			if status < 200 || status > 299 {
				require.True(t, isAPI, "status %d gave %v", status, err)
				require.Equal(t, status, apiErr.StatusCode)
				continue
			}
			if _, failed := envelopeFailure(b); failed {
				require.True(t, isAPI, "a failure envelope gave %v", err)
			}
			if err == nil {
				trimmed := bytes.TrimSpace(b)
				require.True(t, status == 204 && len(trimmed) == 0 || json.Valid(trimmed),
					"status %d with body %q decoded as a success", status, b)
			}
			if isAPI {
				require.NotContains(t, apiErr.Error(), testPassword)
			}
		}
	})
}

// requireStableJSON checks that v encodes, and that decoding its encoding into a fresh value
// gives the same encoding.
func requireStableJSON(t *testing.T, v any, fresh func() any) {
	t.Helper()
	first, err := json.Marshal(v)
	require.NoError(t, err)
	back := fresh()
	require.NoError(t, json.Unmarshal(first, back), "%s", first)
	second, err := json.Marshal(back)
	require.NoError(t, err)
	require.JSONEq(t, string(first), string(second))
}

// utf8Clean reports whether s survives encoding/json unchanged (valid UTF-8 only).
func utf8Clean(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// FuzzFastPaths checks the decoders' allocation-free fast paths against the slow paths they
// short-cut: a plain string against encoding/json, digits against strconv, the portal's date
// layouts against time.ParseInLocation. They must agree whenever the fast path answers.
func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{`"plain text"`, `"tab\tin"`, `"\u00e9"`, `"ünï"`, `"a\"b"`, `"`, `""`, `"x`,
		`+5`, `-0`, `999999999999999999`, `9223372036854775807`, `0x1F`, `1_000`,
		`2016-02-29`, `2017-02-29`, `2016-04-31`, `2016-12-30 23:59:59`, `2016-12-30 24:00:00`,
		`0000-01-01`, `2016-12-30T12:00:00`, `2016-1-30`, `+016-12-30`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if fast, ok := unquoteBytes(b); ok {
			var slow string
			require.NoError(t, json.Unmarshal(b, &slow), "the fast path took %q", b)
			require.Equal(t, slow, string(fast))
		}
		if fast, ok := parseIntBytes(b); ok {
			slow, err := strconv.ParseInt(string(b), 10, 64)
			require.NoError(t, err, "the fast path took %q", b)
			require.Equal(t, slow, fast)
		}
		if fast, ok := parseLayoutBytes(b); ok {
			// (The reverse need not hold: time.Parse also takes "2016-12-30 1:02:03", which
			// the fast path leaves to parseTime.)
			layout := TimeLayout
			if len(b) == len(DateLayout) {
				layout = DateLayout
			}
			slow, err := time.ParseInLocation(layout, string(b), time.UTC)
			require.NoError(t, err, "the fast path took %q", b)
			require.True(t, slow.Equal(fast), "%q: %v, want %v", b, fast, slow)
		}
	})
}

// FuzzKeyedList checks getList's one-pass decoder against the List path it short-cuts: the same
// items, and an error exactly when the List path fails.
func FuzzKeyedList(f *testing.F) {
	for _, s := range []string{`{"d":[{"id":"1","name":"a"}]}`, `{"d":{"3":{"id":2},"1":{"id":1}}}`, `{"d":{"id":"1"}}`,
		`{"d":null}`, `{"d":false}`, `{"d":""}`, `[]`, `{}`, `{"D":[{"id":1}]}`, `{"d":[{"id":"x"}]}`, `{"d":[1]}`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fast := &keyedList[domainWire, domainWire]{key: "d"}
		_, fastErr := fast.decodeBody(b)
		var fastItemErr error // the list under the key failed, not the body
		if keyErr := (*keyError)(nil); errors.As(fastErr, &keyErr) {
			fastErr, fastItemErr = nil, keyErr.err
		}

		var obj Object
		slowErr := json.Unmarshal(b, &obj)
		var slow looseList[domainWire]
		var itemErr error
		if raw, ok := obj["d"]; ok && slowErr == nil {
			itemErr = slow.UnmarshalJSON(raw)
		}
		require.Equal(t, slowErr == nil, fastErr == nil, "body error: fast %v, slow %v", fastErr, slowErr)
		if slowErr != nil {
			return
		}
		require.Equal(t, itemErr == nil, fastItemErr == nil, "list error: fast %v, slow %v", fastItemErr, itemErr)
		if itemErr == nil && exactKey(obj, "d") {
			require.Equal(t, []domainWire(slow), fast.items)
		}
	})
}

// exactKey reports whether key is the only spelling of key (in any case) in o: encoding/json
// matches struct fields case-insensitively, the List path only the exact key.
func exactKey(o Object, key string) bool {
	for k := range o {
		if strings.EqualFold(k, key) && k != key {
			return false
		}
	}
	return true
}

// FuzzRedact puts one of a secret's wire spellings (wireForms) into a text: the redactor must
// leave no trace of it, nor of its start where a text is cut ("…"), and an error carrying the
// text must come out of scrub without it and still match its sentinel.
func FuzzRedact(f *testing.F) {
	f.Add(trickyPassword, "Bad request: ", `"}`, uint8(3))
	f.Add("hunter2-long-pass", "x", "", uint8(0))
	f.Add("aaaa", "aa", "aa", uint8(1))
	f.Add("é✓€😀 x", "…", "…", uint8(9))
	f.Add("pass/word+ +%", "q=", "&", uint8(40))
	f.Fuzz(func(t *testing.T, secret, prefix, suffix string, which uint8) {
		if len(secret) < minSecretLen || strings.Contains(secret+prefix+suffix, "\x00") {
			return
		}
		forms := wireForms(secret)
		form := forms[int(which)%len(forms)]
		if len(form) < minSecretLen {
			return // too short to be redacted by design
		}
		rd := redactor{newSpellings(secret)}
		unmarked := func(s string) string { return strings.ReplaceAll(s, redacted, "\x00") }

		out := rd.text(prefix + form + suffix)
		require.NotContains(t, unmarked(out), form)

		if k := minPrefixLen + int(which)%max(1, len(form)-minPrefixLen); k < len(form) {
			cut := rd.cut(prefix + form[:k] + "…")
			require.False(t, strings.HasSuffix(unmarked(cut), form[:k]+"…"), "the start of a secret at a cut: %q", cut)
		}

		err := rd.scrub(fmt.Errorf("%w: %s", ErrNotFound, prefix+form+suffix))
		require.ErrorIs(t, err, ErrNotFound)
		require.NotContains(t, unmarked(err.Error()), form)
	})
}
