package unmetered

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"time"
)

// The SDK's own value types, for what Go has no good type for: Date (a calendar date), Object (a
// JSON object nobody documents) and Secret (a value that never prints). Decimal (exact money)
// is in decimal.go.

// Layouts of the portal's dates and times. They carry no zone; the SDK reads them as UTC.
const (
	DateLayout = "2006-01-02"
	TimeLayout = "2006-01-02 15:04:05"
)

// zeroDate reports the portal's spellings of "no date".
func zeroDate(s []byte) bool {
	switch string(s) {
	case "", "0000-00-00", "0000-00-00 00:00:00", "0":
		return true
	}
	return false
}

// decodeTime reads the text of a Date or Time: the zero value for the portal's "no date", else
// the time. The portal's own layouts are parsed without allocating; others go to parseTime.
func decodeTime(typ string, b []byte) (time.Time, error) {
	t, null, err := numberText(typ, b)
	if err != nil || null || zeroDate(t) {
		return time.Time{}, err
	}
	if v, ok := parseLayoutBytes(t); ok {
		return v, nil
	}
	v, err := parseTime(string(t))
	if err != nil {
		return time.Time{}, wireError(typ, b, err)
	}
	return v, nil
}

// parseLayoutBytes parses "2006-01-02" or "2006-01-02 15:04:05", zero-padded, as UTC. What it
// accepts, time.ParseInLocation accepts with the same result; it reports false for anything
// else, which parseTime then tries (time.Parse also takes an unpadded hour) or refuses.
func parseLayoutBytes(b []byte) (time.Time, bool) {
	if len(b) != len(DateLayout) && len(b) != len(TimeLayout) || b[4] != '-' || b[7] != '-' {
		return time.Time{}, false
	}
	num := func(p []byte) int {
		if p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' {
			return -1
		}
		return int(p[0]-'0')*10 + int(p[1]-'0')
	}
	century, year, month, day := num(b[0:2]), num(b[2:4]), num(b[5:7]), num(b[8:10])
	hour, minute, sec := 0, 0, 0
	if len(b) == len(TimeLayout) {
		if b[10] != ' ' || b[13] != ':' || b[16] != ':' {
			return time.Time{}, false
		}
		hour, minute, sec = num(b[11:13]), num(b[14:16]), num(b[17:19])
	}
	if century < 0 || year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 ||
		minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(century*100+year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day { // 31 April, 29 February of a common year: not normalised, refused
		return time.Time{}, false
	}
	return t, true
}

// Date is a calendar date sent as "2016-12-30". "0000-00-00", "" and null decode to the zero
// value, which means no date (check with IsZero); it prints as "" and marshals as null. A
// date-time decodes to its date. A value over 64 characters is refused without being parsed.
type Date struct {
	time.Time
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *Date) UnmarshalJSON(b []byte) error {
	t, err := decodeTime("Date", b)
	if err != nil {
		return err
	}
	if t.IsZero() {
		*d = Date{}
		return nil
	}
	y, m, day := t.Date()
	*d = Date{time.Date(y, m, day, 0, 0, 0, 0, time.UTC)}
	return nil
}

// MarshalJSON encodes the date as "2006-01-02", and the zero value (no date) as null. A struct
// field tagged omitzero, as every date of the SDK's types is, leaves the zero value out.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.Format(DateLayout) + `"`), nil
}

// String returns "2006-01-02", or "" for the zero value.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// maxUnixSeconds is 10000-01-01 00:00:00 UTC: later times have no four-digit year, so they
// could not be written back in the portal's layouts.
const maxUnixSeconds = 253402300800

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{TimeLayout, DateLayout, time.RFC3339, "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	if secs, err := strconv.ParseInt(s, 10, 64); err == nil && secs > 0 && secs < maxUnixSeconds {
		return time.Unix(secs, 0).UTC(), nil
	}
	return time.Time{}, errors.New("not a date or time")
}

// Object is a JSON object kept as the server sent it, for responses whose shape the API reference
// does not document. Nothing is lost: read a key with Decode (into your own type) or Text.
type Object map[string]json.RawMessage

// UnmarshalJSON implements json.Unmarshaler; null and [] (PHP's empty map) decode to an empty
// Object.
func (o *Object) UnmarshalJSON(b []byte) error {
	m := map[string]json.RawMessage{}
	if isEmptyJSONArray(b) {
		*o = m
		return nil
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return wireError("Object", b, err)
	}
	*o = m
	return nil
}

// String returns the object as JSON, its keys sorted, so that %v and %s print what the server
// sent rather than a map of byte slices; a nil Object prints as "null".
func (o Object) String() string {
	b, err := json.Marshal(map[string]json.RawMessage(o))
	if err != nil { // a value that is not JSON, put there by hand
		return fmt.Sprintf("%q", map[string]json.RawMessage(o))
	}
	return string(b)
}

// Has reports whether the server sent key.
func (o Object) Has(key string) bool {
	_, ok := o[key]
	return ok
}

// Decode unmarshals the value at key into v. It returns an error if key is absent.
func (o Object) Decode(key string, v any) error {
	raw, ok := o[key]
	if !ok {
		return fmt.Errorf("unmetered: the response has no %q", key)
	}
	return json.Unmarshal(raw, v)
}

// Text returns the value at key as text: a string's content, or the JSON of anything else
// ("" when absent).
func (o Object) Text(key string) string {
	raw, ok := o[key]
	if !ok {
		return ""
	}
	return rawText(raw)
}

// Keys returns the object's keys in sorted order.
func (o Object) Keys() []string {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Secret is a credential sent by the server, such as a service's password. It never shows its
// value by accident: every fmt verb, slog, encoding/json and encoding.TextMarshaler give
// "[REDACTED]" (or "" when the secret is empty). Read the value with Reveal, and store it
// yourself if you must; a Service marshalled to JSON does not carry it.
type Secret string

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// String returns "[REDACTED]", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString hides the value from %#v.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// Format hides the value from every fmt verb (%v, %s, %q, %x, ...).
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' || verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(strconv.Quote(s.String())))
		return
	}
	_, _ = f.Write([]byte(s.String()))
}

// LogValue hides the value from slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText hides the value from text encoders.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalJSON hides the value from encoding/json (and so from JSON log handlers).
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads the value as the server sends it: a string, or a number kept as its
// text. null decodes to "".
func (s *Secret) UnmarshalJSON(b []byte) error {
	v, null, err := scalarTextRaw("Secret", bytes.TrimSpace(b))
	if err != nil {
		return err
	}
	if null {
		v = ""
	}
	*s = Secret(v)
	return nil
}
