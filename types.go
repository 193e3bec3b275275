package unmetered

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The wire types below absorb the portal's loose JSON (numbers as strings, PHP flags, "0000-00-00"
// dates, arrays sent as objects) so that the SDK's structs hold plain Go meanings. Each decodes
// malformed input to a *WireError, never a panic, and encodes back to the form the server uses.

// WireError reports a JSON value that a flexible wire type could not decode.
type WireError struct {
	Type  string // the SDK type, e.g. "Int"
	Value string // a short excerpt of the offending JSON
	Err   error  // the underlying parse error, if any
}

// Error names the type and the offending value.
func (e *WireError) Error() string {
	msg := fmt.Sprintf("unmetered: cannot decode %s as %s", e.Value, e.Type)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying parse error.
func (e *WireError) Unwrap() error { return e.Err }

// wireErrorValueBytes bounds the excerpt of the offending JSON kept in WireError.Value.
const wireErrorValueBytes = 40

func wireError(typ string, b []byte, err error) error {
	cut := len(b) > wireErrorValueBytes
	if cut {
		n := wireErrorValueBytes
		for n > wireErrorValueBytes-utf8.UTFMax && !utf8.RuneStart(b[n]) {
			n-- // cut before a character, not inside it
		}
		b = b[:n]
	}
	v := strings.ToValidUTF8(string(b), "?")
	if cut {
		v += "…"
	}
	return &WireError{Type: typ, Value: v, Err: err}
}

// maxNumberLen bounds the text of a number (Int, Decimal, and a Date or Time, which may be Unix
// seconds): an int64 has at most 20 characters, the portal's money and dates fewer than 30. A
// longer value is refused at once with a *WireError, without being copied or parsed. Before
// the bound, a 1 MB run of digits in an id cost ~6 s of CPU (big.Rat's conversion of a long
// decimal is quadratic, and so are Decimal's Rat, Cents and Cmp) and was copied whole into the
// error.
const maxNumberLen = 64

// errNumberTooLong is the cause in the *WireError for a number over maxNumberLen.
var errNumberTooLong = fmt.Errorf("longer than the %d characters any real value needs", maxNumberLen)

// numberText is scalarBytes for a number: a text over maxNumberLen is an error before any
// parsing.
func numberText(typ string, b []byte) (text []byte, null bool, err error) {
	t, null, err := scalarBytes(typ, b)
	if err == nil && len(t) > maxNumberLen {
		return nil, false, wireError(typ, b, errNumberTooLong)
	}
	return t, null, err
}

// scalarText returns the text of a JSON string or bare scalar, and whether the value was null.
// A string's surrounding spaces are trimmed.
func scalarText(typ string, b []byte) (text string, null bool, err error) {
	t, null, err := scalarBytes(typ, b)
	return string(t), null, err
}

// scalarBytes is scalarText without the string: for a plain string (see unquoteBytes) or a bare
// scalar the text is a slice of b, so callers that only parse it allocate nothing.
func scalarBytes(typ string, b []byte) (text []byte, null bool, err error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, false, wireError(typ, b, errors.New("empty value"))
	}
	switch b[0] {
	case 'n':
		if string(b) == "null" {
			return nil, true, nil
		}
	case '"':
		if t, ok := unquoteBytes(b); ok {
			return bytes.TrimSpace(t), false, nil
		}
		s, err := unquote(typ, b)
		return []byte(strings.TrimSpace(s)), false, err
	case '{', '[':
		return nil, false, wireError(typ, b, errors.New("expected a scalar"))
	}
	return b, false, nil
}

// unquoteBytes returns the content of the JSON string b when it is plain printable ASCII without
// escapes, as most of the portal's strings are, so that no second pass of encoding/json is needed.
func unquoteBytes(b []byte) ([]byte, bool) {
	n := len(b)
	if n < 2 || b[0] != '"' || b[n-1] != '"' {
		return nil, false
	}
	for _, c := range b[1 : n-1] {
		if c == '\\' || c == '"' || c < 0x20 || c >= 0x80 {
			return nil, false
		}
	}
	return b[1 : n-1], true
}

// unquote returns the content of the JSON string b.
func unquote(typ string, b []byte) (string, error) {
	if t, ok := unquoteBytes(b); ok {
		return string(t), nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", wireError(typ, b, err)
	}
	return s, nil
}

// parseIntBytes parses [+-]digits of at most 18 digits (no overflow possible) without
// allocating; anything else is left to strconv.
func parseIntBytes(b []byte) (int64, bool) {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		i, neg = 1, b[0] == '-'
	}
	if d := len(b) - i; d == 0 || d > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// Int is an integer (an id, a count, a quantity) that the server sends either as a JSON number
// or as a string: 47 and "47" both decode to 47. null and "" decode to 0. Convert with int64(n).
// A value over 64 characters is refused without being parsed.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	t, null, err := numberText("Int", b)
	if err != nil {
		return err
	}
	if null || len(t) == 0 {
		*n = 0
		return nil
	}
	if v, ok := parseIntBytes(t); ok {
		*n = Int(v)
		return nil
	}
	s := string(t)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// PHP sometimes renders whole numbers as floats ("47.0", 47.0, 4.7e1).
		if v, ok := wholeDecimal(s); ok {
			*n = Int(v)
			return nil
		}
		return wireError("Int", b, err)
	}
	*n = Int(v)
	return nil
}

// wholeDecimal returns the value of a decimal text (as validDecimal accepts) that is a whole
// number within int64, such as "47.0" or "4.7e1". It works on the digits, never with big
// numbers: "1e9999" costs what "1" does.
func wholeDecimal(s string) (int64, bool) {
	if !validDecimal(s) {
		return 0, false
	}
	neg := s[0] == '-'
	s = strings.TrimLeft(s, "+-")
	mantissa, expText, _ := strings.Cut(strings.ToLower(s), "e")
	exp := 0
	if expText != "" {
		e, err := strconv.Atoi(expText) // at most 4 digits (validDecimal)
		if err != nil {
			return 0, false
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mantissa, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	exp -= len(frac)
	trimmed := strings.TrimRight(digits, "0")
	exp += len(digits) - len(trimmed)
	switch {
	case trimmed == "":
		return 0, true
	case exp < 0 || len(trimmed)+exp > 19: // a fraction, or more than int64's 19 digits
		return 0, false
	}
	sign := ""
	if neg {
		sign = "-" // parsed with its sign: -9223372036854775808 fits, its absolute value does not
	}
	v, err := strconv.ParseInt(sign+trimmed+strings.Repeat("0", exp), 10, 64)
	return v, err == nil
}

// MarshalJSON encodes the integer as a JSON number.
func (n Int) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(n), 10), nil
}

// String returns the decimal form of n.
func (n Int) String() string { return strconv.FormatInt(int64(n), 10) }

// Bool is a flag that the server sends as true/false, 1/0, "1"/"0", "Yes"/"No", "on"/"off" or
// "true"/"false" (case-insensitive). null and "" decode to false.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *Bool) UnmarshalJSON(b []byte) error {
	t, null, err := scalarBytes("Bool", b)
	if err != nil {
		return err
	}
	if null {
		*f = false
		return nil
	}
	switch string(t) { // the common spellings, without allocating
	case "1", "true":
		*f = true
		return nil
	case "0", "false", "":
		*f = false
		return nil
	}
	if len(t) > len("inactive") { // longer than any spelling: refused without copying it
		return wireError("Bool", b, errors.New("not a recognised flag"))
	}
	switch strings.ToLower(string(t)) {
	case "1", "true", "yes", "y", "on", "enabled", "active":
		*f = true
	case "0", "false", "no", "n", "off", "", "disabled", "inactive":
		*f = false
	default:
		return wireError("Bool", b, errors.New("not a recognised flag"))
	}
	return nil
}

// MarshalJSON encodes the flag as a JSON boolean.
func (f Bool) MarshalJSON() ([]byte, error) {
	return strconv.AppendBool(nil, bool(f)), nil
}

// Decimal is an exact decimal number, used for money and prices. It keeps the digits the server
// sent ("19.65" stays "19.65", never 19.649999...), and converts exactly with Rat or Cents.
// The zero value is 0. The server sends money as a string or a number; both decode. A value
// over 64 characters is refused without being parsed.
type Decimal struct {
	s string // validated decimal text as sent; "" means 0
}

// ParseDecimal parses a decimal such as "19.65", "-3", "0.005" or "1.5e3". It refuses anything
// else (thousands separators, currency signs, fractions, NaN, Inf, and any text over 64
// characters) with an error wrapping ErrInvalidArgument.
func ParseDecimal(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxNumberLen {
		return Decimal{}, fmt.Errorf("%w: a decimal of %d characters is %s", ErrInvalidArgument, len(s), errNumberTooLong)
	}
	if !validDecimal(s) {
		return Decimal{}, fmt.Errorf("%w: %q is not a decimal number", ErrInvalidArgument, s)
	}
	return Decimal{s: s}, nil
}

// DecimalFromCents returns the exact decimal for an integer amount of hundredths (1965 → "19.65").
func DecimalFromCents(cents int64) Decimal {
	r := new(big.Rat).SetFrac64(cents, 100)
	return Decimal{s: r.FloatString(2)}
}

// validDecimal accepts [+-]digits[.digits][(e|E)[+-]digits] with at least one digit before the
// exponent.
func validDecimal(s string) bool {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < n && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < n && s[i] == '.' {
		i++
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 || exp > 4 { // bound the exponent: no 1e999999999 allocations
			return false
		}
	}
	return i == n
}

// String returns the decimal as the server sent it ("0" for the zero value).
func (d Decimal) String() string {
	if d.s == "" {
		return "0"
	}
	return d.s
}

// Rat returns the exact value as a new *big.Rat.
func (d Decimal) Rat() *big.Rat {
	r, ok := new(big.Rat).SetString(d.String())
	if !ok { // unreachable for a validated Decimal
		return new(big.Rat)
	}
	return r
}

// Cents returns the value in hundredths (19.65 → 1965). It fails if the value has more than two
// significant decimal places or does not fit in an int64.
func (d Decimal) Cents() (int64, error) {
	r := d.Rat()
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, fmt.Errorf("unmetered: %s is not a whole number of cents", d.String())
	}
	return r.Num().Int64(), nil
}

// Float64 returns the nearest float64. It is for display and rough maths only: use Rat or Cents
// for money.
func (d Decimal) Float64() float64 {
	f, _ := d.Rat().Float64()
	return f
}

// Cmp compares d and e exactly: -1 if d < e, 0 if equal, +1 if d > e.
func (d Decimal) Cmp(e Decimal) int { return d.Rat().Cmp(e.Rat()) }

// IsZero reports whether the value is zero (whatever its digits: "0.00" is zero).
func (d Decimal) IsZero() bool { return d.Rat().Sign() == 0 }

// UnmarshalJSON implements json.Unmarshaler. null and "" decode to zero.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	t, null, err := numberText("Decimal", b)
	if err != nil {
		return err
	}
	if null || len(t) == 0 {
		*d = Decimal{}
		return nil
	}
	s := string(t)
	if !validDecimal(s) {
		return wireError("Decimal", b, errors.New("not a decimal number"))
	}
	*d = Decimal{s: s}
	return nil
}

// MarshalJSON encodes the decimal as a JSON string with the same digits, so no precision is lost
// on the way back to the server.
func (d Decimal) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, d.String()), nil
}

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
// value (check with IsZero). A date-time decodes to its date. A value over 64 characters is refused
// without being parsed.
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

// MarshalJSON encodes the date as "2006-01-02", and the zero value as "0000-00-00".
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`"0000-00-00"`), nil
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

// Time is a point in time sent as "2016-12-30 12:40:47" (also accepted: RFC 3339, a bare date,
// and Unix seconds). "0000-00-00 00:00:00", "" and null decode to the zero value. A value over
// 64 characters is refused without being parsed.
type Time struct {
	time.Time
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	v, err := decodeTime("Time", b)
	if err != nil {
		return err
	}
	*t = Time{v}
	return nil
}

// MarshalJSON encodes the time as "2006-01-02 15:04:05" in UTC, and the zero value as
// "0000-00-00 00:00:00".
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte(`"0000-00-00 00:00:00"`), nil
	}
	return []byte(`"` + t.UTC().Format(TimeLayout) + `"`), nil
}

// String returns "2006-01-02 15:04:05", or "" for the zero value.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeLayout)
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

// List is a JSON array that the server may also send as an object keyed by numbers
// ({"0":{…},"1":{…},"17":{…}}, as HostBill does when PHP array keys have gaps). Both decode, the
// object in ascending key order. An object with any other key is a list of one (the portal
// sends one-element results bare). null, false and "" decode to an empty list.
type List[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *List[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return wireError("List", b, errors.New("empty value"))
	}
	switch b[0] {
	case '[':
		var items []T
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		*l = items
		return nil
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return err
		}
		type entry struct {
			key int64
			raw json.RawMessage
		}
		entries := make([]entry, 0, len(obj))
		for k, v := range obj {
			n, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64)
			if err != nil { // not number-keyed: a single element sent bare
				var one T
				if err := json.Unmarshal(b, &one); err != nil {
					return err
				}
				*l = List[T]{one}
				return nil
			}
			entries = append(entries, entry{n, v})
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
		items := make([]T, len(entries))
		for i, e := range entries {
			if err := json.Unmarshal(e.raw, &items[i]); err != nil {
				return err
			}
		}
		*l = items
		return nil
	}
	switch string(b) {
	case "null", "false", `""`:
		*l = nil
		return nil
	}
	return wireError("List", b, errors.New("expected an array or a number-keyed object"))
}

// Content is a value the server sends either as a string or as an array of strings, such as a
// DNS record's content ("192.0.2.1" for an A record; seven fields for SOA; weight, port and
// target for SRV). Numbers inside an array are kept as their text.
type Content struct {
	parts  []string
	isList bool
}

// NewContent returns content holding a single string ("" is empty content).
func NewContent(s string) Content {
	if s == "" {
		return Content{}
	}
	return Content{parts: []string{s}}
}

// NewContentList returns content holding an array of strings.
func NewContentList(parts ...string) Content {
	return Content{parts: append([]string(nil), parts...), isList: true}
}

// IsList reports whether the server sent an array.
func (c Content) IsList() bool { return c.isList }

// Parts returns the array's elements, or the single string as a one-element slice (nil when
// empty). The slice is a copy.
func (c Content) Parts() []string { return append([]string(nil), c.parts...) }

// String returns the single string, or the array's elements joined by spaces (zone-file order).
func (c Content) String() string { return strings.Join(c.parts, " ") }

// UnmarshalJSON implements json.Unmarshaler.
func (c *Content) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return wireError("Content", b, err)
		}
		parts := make([]string, len(raw))
		for i, r := range raw {
			s, _, err := scalarText("Content", r)
			if err != nil {
				return err
			}
			parts[i] = s
		}
		*c = Content{parts: parts, isList: true}
		return nil
	}
	s, null, err := scalarTextRaw("Content", b)
	if err != nil {
		return err
	}
	if null {
		*c = Content{}
		return nil
	}
	*c = NewContent(s)
	return nil
}

// scalarTextRaw is scalarText without trimming a string's spaces (content is kept verbatim).
func scalarTextRaw(typ string, b []byte) (string, bool, error) {
	if len(b) > 0 && b[0] == '"' {
		s, err := unquote(typ, b)
		return s, false, err
	}
	return scalarText(typ, b)
}

// MarshalJSON encodes the content in the form it holds: a string or an array of strings.
func (c Content) MarshalJSON() ([]byte, error) {
	if c.isList {
		return json.Marshal(append([]string{}, c.parts...))
	}
	return json.Marshal(c.String())
}

// Message is one item of the server's "info" or "error" lists: a message key, optionally
// followed by arguments, e.g. ["dnsnewrecordadded", "TXT"]. A plain string is a Message of one.
type Message []string

// Key returns the message key (the first element), or "".
func (m Message) Key() string {
	if len(m) == 0 {
		return ""
	}
	return m[0]
}

// Args returns the arguments after the key.
func (m Message) Args() []string {
	if len(m) < 2 {
		return nil
	}
	return m[1:]
}

// String returns the key and its arguments separated by spaces.
func (m Message) String() string { return strings.Join(m, " ") }

// UnmarshalJSON implements json.Unmarshaler.
func (m *Message) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return wireError("Message", b, err)
		}
		msg := make(Message, 0, len(raw))
		for _, r := range raw {
			msg = append(msg, rawText(r))
		}
		*m = msg
		return nil
	}
	*m = Message{rawText(b)}
	return nil
}

// rawText renders any JSON value as text: a string's content, otherwise the JSON itself.
func rawText(b json.RawMessage) string {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if json.Unmarshal(b, &s) == nil {
			return s
		}
	}
	if !utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "?")
	}
	return string(b)
}

// Messages is the server's "info" or "error" list. It also accepts a single string, and treats
// null, false and "" as empty.
type Messages []Message

// UnmarshalJSON implements json.Unmarshaler.
func (ms *Messages) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return wireError("Messages", b, errors.New("empty value"))
	case b[0] == '[':
		var list []Message
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*ms = list
	case string(b) == "null" || string(b) == "false" || string(b) == `""`:
		*ms = nil
	case b[0] == '{':
		// An object of messages: number-keyed (a list with gaps) in key order, or field → message
		// pairs in key order.
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return wireError("Messages", b, err)
		}
		keys := make([]string, 0, len(obj))
		numeric := true
		for k := range obj {
			keys = append(keys, k)
			if _, err := strconv.ParseInt(k, 10, 64); err != nil {
				numeric = false
			}
		}
		if numeric {
			var l List[Message]
			if err := l.UnmarshalJSON(b); err != nil {
				return err
			}
			*ms = Messages(l)
			return nil
		}
		sort.Strings(keys)
		list := make(Messages, 0, len(keys))
		for _, k := range keys {
			list = append(list, Message{k, rawText(obj[k])})
		}
		*ms = list
	default:
		*ms = Messages{{rawText(b)}}
	}
	return nil
}

// Strings returns each message rendered by Message.String.
func (ms Messages) Strings() []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	return out
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

// Text is a text value that the server sends either as a JSON string or as a number, such as a
// ticket number ("736633" in lists, 865650 from CreateTicket) or a phone number. Both decode to
// their text; null decodes to "". Convert with string(t).
type Text string

// UnmarshalJSON implements json.Unmarshaler. A string is kept verbatim.
func (t *Text) UnmarshalJSON(b []byte) error {
	s, null, err := scalarTextRaw("Text", bytes.TrimSpace(b))
	if err != nil {
		return err
	}
	if null {
		s = ""
	}
	*t = Text(s)
	return nil
}

// String returns the text.
func (t Text) String() string { return string(t) }

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

// isEmptyJSONArray reports whether b is [] (PHP encodes an empty map as an empty array).
func isEmptyJSONArray(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '[' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0 && b[len(b)-1] == ']'
}
