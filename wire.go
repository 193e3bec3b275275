package unmetered

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// looseInt is an integer (an id, a count, a quantity) that the server sends either as a JSON number
// or as a string: 47 and "47" both decode to 47. null and "" decode to 0. Convert with int64(n).
// A value over 64 characters is refused without being parsed.
type looseInt int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *looseInt) UnmarshalJSON(b []byte) error {
	t, null, err := numberText("Int", b)
	if err != nil {
		return err
	}
	if null || len(t) == 0 {
		*n = 0
		return nil
	}
	if v, ok := parseIntBytes(t); ok {
		*n = looseInt(v)
		return nil
	}
	s := string(t)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// PHP sometimes renders whole numbers as floats ("47.0", 47.0, 4.7e1).
		if v, ok := wholeDecimal(s); ok {
			*n = looseInt(v)
			return nil
		}
		return wireError("Int", b, err)
	}
	*n = looseInt(v)
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
func (n looseInt) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(n), 10), nil
}

// String returns the decimal form of n.
func (n looseInt) String() string { return strconv.FormatInt(int64(n), 10) }

// looseBool is a flag that the server sends as true/false, 1/0, "1"/"0", "Yes"/"No", "on"/"off" or
// "true"/"false" (case-insensitive). null and "" decode to false.
type looseBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *looseBool) UnmarshalJSON(b []byte) error {
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
func (f looseBool) MarshalJSON() ([]byte, error) {
	return strconv.AppendBool(nil, bool(f)), nil
}

// looseTime is a point in time sent as "2016-12-30 12:40:47" (also accepted: RFC 3339, a bare date,
// and Unix seconds). "0000-00-00 00:00:00", "" and null decode to the zero value. A value over
// 64 characters is refused without being parsed.
type looseTime struct {
	time.Time
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *looseTime) UnmarshalJSON(b []byte) error {
	v, err := decodeTime("Time", b)
	if err != nil {
		return err
	}
	*t = looseTime{v}
	return nil
}

// MarshalJSON encodes the time as "2006-01-02 15:04:05" in UTC, and the zero value as
// "0000-00-00 00:00:00".
func (t looseTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte(`"0000-00-00 00:00:00"`), nil
	}
	return []byte(`"` + t.UTC().Format(TimeLayout) + `"`), nil
}

// String returns "2006-01-02 15:04:05", or "" for the zero value.
func (t looseTime) String() string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeLayout)
}

// looseText is a text value that the server sends either as a JSON string or as a number, such as a
// ticket number ("736633" in lists, 865650 from CreateTicket) or a phone number. Both decode to
// their text; null decodes to "". Convert with string(t).
type looseText string

// UnmarshalJSON implements json.Unmarshaler. A string is kept verbatim.
func (t *looseText) UnmarshalJSON(b []byte) error {
	s, null, err := scalarTextRaw("Text", bytes.TrimSpace(b))
	if err != nil {
		return err
	}
	if null {
		s = ""
	}
	*t = looseText(s)
	return nil
}

// String returns the text.
func (t looseText) String() string { return string(t) }
