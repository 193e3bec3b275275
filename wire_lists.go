package unmetered

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The wire's loose compound values: lists sent as arrays or as objects keyed by number, DNS
// content sent as a string or a list, and the portal's message lists.

// looseList is a JSON array that the server may also send as an object keyed by numbers
// ({"0":{…},"1":{…},"17":{…}}, as HostBill does when PHP array keys have gaps). Both decode, the
// object in ascending key order. An object with any other key is a list of one (the portal
// sends one-element results bare). null, false and "" decode to an empty list.
type looseList[T any] []T

// UnmarshalJSON implements json.Unmarshaler. Valid JSON is read element by element into a slice
// of the list's length (see listDecoder and keyedElements); what that does not read with
// certainty, and anything not valid, goes to encoding/json (unmarshalParsed).
func (l *looseList[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && (b[0] == '[' || b[0] == '{') && validJSON(b) {
		var items []T
		var ok bool
		if b[0] == '[' {
			items, ok = (listDecoder[T, T]{}).decode(b)
		} else {
			items, ok = keyedElements[T](b)
		}
		if ok {
			*l = items
			return nil
		}
	}
	return l.unmarshalParsed(b)
}

// unmarshalParsed is UnmarshalJSON by encoding/json alone.
func (l *looseList[T]) unmarshalParsed(b []byte) error {
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
		entries := make([]keyedEntry, 0, len(obj))
		for k, v := range obj {
			n, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64)
			if err != nil { // not number-keyed: a single element sent bare
				var one T
				if err := json.Unmarshal(b, &one); err != nil {
					return err
				}
				*l = looseList[T]{one}
				return nil
			}
			entries = append(entries, keyedEntry{n, []byte(k), v})
		}
		sortKeyed(entries)
		items := make([]T, len(entries))
		for i, e := range entries {
			if err := json.Unmarshal(e.value, &items[i]); err != nil {
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

// keyedEntry is one member of a number-keyed list.
type keyedEntry struct {
	n     int64  // the key's number
	key   []byte // the key
	value []byte
}

// sortKeyed puts a number-keyed list's members in the order of their numbers, and of their
// keys for one number written twice ("1" and "01"; before, such members came in any order).
func sortKeyed(entries []keyedEntry) {
	slices.SortFunc(entries, func(a, b keyedEntry) int {
		if c := cmp.Compare(a.n, b.n); c != 0 {
			return c
		}
		return bytes.Compare(a.key, b.key)
	})
}

// keyedElements decodes the valid JSON object b as looseList does, without copying its members:
// number-keyed, each element into a slice of their count in key order; keyed otherwise, one
// element. ok is false when it cannot be sure to give what encoding/json does: a key with
// escapes or non-ASCII bytes or written twice, or an element listDecoder leaves to encoding/json.
func keyedElements[T any](b []byte) (items []T, ok bool) {
	entries := make([]keyedEntry, 0, countMembers(b))
	for m := newMembers(b, 0); ; {
		k, v, more := m.next()
		if !more {
			break
		}
		if !plainKey(k) {
			return nil, false
		}
		t := bytes.TrimSpace(k)
		n, isInt := parseIntBytes(t)
		if !isInt {
			var err error
			if n, err = strconv.ParseInt(string(t), 10, 64); err != nil { // not number-keyed: one element
				one := make([]T, 1)
				if _, ok := decodeElement(structDecoderFor(reflect.TypeFor[T]()), b, 0, &one[0]); !ok {
					return nil, false
				}
				return one, true
			}
		}
		entries = append(entries, keyedEntry{n, k, v})
	}
	sortKeyed(entries)
	for i := 1; i < len(entries); i++ {
		if bytes.Equal(entries[i].key, entries[i-1].key) {
			return nil, false // a key twice: encoding/json's map keeps the last
		}
	}
	items = make([]T, len(entries))
	sd := structDecoderFor(reflect.TypeFor[T]())
	for i, e := range entries {
		if _, ok := decodeElement(sd, e.value, 0, &items[i]); !ok {
			return nil, false
		}
	}
	return items, true
}

// looseContent is a value the server sends either as a string or as an array of strings, such as a
// DNS record's content ("192.0.2.1" for an A record; seven fields for SOA; weight, port and
// target for SRV). Numbers inside an array are kept as their text.
type looseContent struct {
	parts  []string
	isList bool
}

// newContent returns content holding a single string ("" is empty content).
func newContent(s string) looseContent {
	if s == "" {
		return looseContent{}
	}
	return looseContent{parts: []string{s}}
}

// newContentList returns content holding an array of strings.
func newContentList(parts ...string) looseContent {
	return looseContent{parts: append([]string(nil), parts...), isList: true}
}

// IsList reports whether the server sent an array.
func (c looseContent) IsList() bool { return c.isList }

// Parts returns the array's elements, or the single string as a one-element slice (nil when
// empty). The slice is a copy.
func (c looseContent) Parts() []string { return append([]string(nil), c.parts...) }

// String returns the single string, or the array's elements joined by spaces (zone-file order).
func (c looseContent) String() string { return strings.Join(c.parts, " ") }

// UnmarshalJSON implements json.Unmarshaler.
func (c *looseContent) UnmarshalJSON(b []byte) error {
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
		*c = looseContent{parts: parts, isList: true}
		return nil
	}
	s, null, err := scalarTextRaw("Content", b)
	if err != nil {
		return err
	}
	if null {
		*c = looseContent{}
		return nil
	}
	*c = newContent(s)
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
func (c looseContent) MarshalJSON() ([]byte, error) {
	if c.isList {
		return json.Marshal(append([]string{}, c.parts...))
	}
	return json.Marshal(c.String())
}

// message is one item of the server's "info" or "error" lists: a message key, optionally
// followed by arguments, e.g. ["dnsnewrecordadded", "TXT"]. A plain string is a message of one.
type message []string

// Key returns the message key (the first element), or "".
func (m message) Key() string {
	if len(m) == 0 {
		return ""
	}
	return m[0]
}

// Args returns the arguments after the key.
func (m message) Args() []string {
	if len(m) < 2 {
		return nil
	}
	return m[1:]
}

// String returns the key and its arguments separated by spaces.
func (m message) String() string { return strings.Join(m, " ") }

// UnmarshalJSON implements json.Unmarshaler.
func (m *message) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return wireError("Message", b, err)
		}
		msg := make(message, 0, len(raw))
		for _, r := range raw {
			msg = append(msg, rawText(r))
		}
		*m = msg
		return nil
	}
	*m = message{rawText(b)}
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

// messages is the server's "info" or "error" list. It also accepts a single string, and treats
// null, false and "" as empty.
type messages []message

// UnmarshalJSON implements json.Unmarshaler.
func (ms *messages) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return wireError("Messages", b, errors.New("empty value"))
	case b[0] == '[':
		var list []message
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
			var l looseList[message]
			if err := l.UnmarshalJSON(b); err != nil {
				return err
			}
			*ms = messages(l)
			return nil
		}
		sort.Strings(keys)
		list := make(messages, 0, len(keys))
		for _, k := range keys {
			list = append(list, message{k, rawText(obj[k])})
		}
		*ms = list
	default:
		*ms = messages{{rawText(b)}}
	}
	return nil
}

// Strings returns each message rendered by Message.String.
func (ms messages) Strings() []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	return out
}

// isEmptyJSONArray reports whether b is [] (PHP encodes an empty map as an empty array).
func isEmptyJSONArray(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '[' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0 && b[len(b)-1] == ']'
}
