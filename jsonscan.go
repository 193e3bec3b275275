package unmetered

import "bytes"

// Finding one's way in JSON that is known to be valid (json.Valid said so, or encoding/json
// handed it to an UnmarshalJSON after checking the whole document): where a value ends, the
// members of an object, the elements of an array, without decoding any of them. The decoders
// use these to read a response's top level, and a list's elements one at a time, in the pass
// that decodes them. Nothing here checks validity: given JSON that is not valid the results are
// meaningless (but never a panic or an endless loop).

// skipSpace returns the index of the first byte at or after i that is not JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// stringEnd returns the index just past the string that starts at b[i] ('"'): the next quote
// not escaped, that is not preceded by an odd number of backslashes.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			break
		}
		q := j + k
		p := q - 1
		for p > i && b[p] == '\\' {
			p--
		}
		if (q-1-p)%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return len(b)
}

// valueEnd returns the index just past the value that starts at b[i] (not white space).
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = stringEnd(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) { // a number, true, false or null
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// members iterates over the members of a valid JSON object.
type members struct {
	b []byte
	i int // the next byte to read
}

// newMembers starts on the object at b[i] ('{').
func newMembers(b []byte, i int) members { return members{b: b, i: i + 1} }

// next returns the next member: its key as written between the quotes (escapes not decoded)
// and its value, without white space. ok is false after the last member; end is then the
// index just past the object.
func (m *members) next() (key, value []byte, ok bool) {
	b, i := m.b, skipSpace(m.b, m.i)
	if i < len(b) && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		m.i = min(i+1, len(b)) // past the '}'
		return nil, nil, false
	}
	keyEnd := stringEnd(b, i)
	key = b[i+1 : max(keyEnd-1, i+1)]
	i = skipSpace(b, keyEnd)
	i = skipSpace(b, i+1) // past the ':'
	end := valueEnd(b, i)
	m.i = end
	return key, b[i:end], true
}

// end is the index just past the object, once next has returned false.
func (m *members) end() int { return m.i }

// elements iterates over the elements of a valid JSON array.
type elements struct {
	b []byte
	i int
}

// newElements starts on the array at b[i] ('[').
func newElements(b []byte, i int) elements { return elements{b: b, i: i + 1} }

// next returns the next element without white space; ok is false after the last one.
func (e *elements) next() (value []byte, ok bool) {
	b, i := e.b, skipSpace(e.b, e.i)
	if i < len(b) && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	if i >= len(b) || b[i] == ']' {
		e.i = min(i+1, len(b))
		return nil, false
	}
	end := valueEnd(b, i)
	e.i = end
	return b[i:end], true
}

// countElements returns the number of elements of the valid JSON array arr.
func countElements(arr []byte) int {
	n := 0
	for e := newElements(arr, 0); ; n++ {
		if _, ok := e.next(); !ok {
			return n
		}
	}
}

// countMembers returns the number of members of the valid JSON object obj.
func countMembers(obj []byte) int {
	n := 0
	for m := newMembers(obj, 0); ; n++ {
		if _, _, ok := m.next(); !ok {
			return n
		}
	}
}

// plainKey reports whether a key as written is its own text: printable ASCII without escapes.
// encoding/json matches other keys after decoding their escapes, and non-ASCII ones with
// Unicode case folding ("ſ" matches "s"); the fast decoders leave those to it.
func plainKey(key []byte) bool {
	for _, c := range key {
		if c < 0x20 || c >= 0x80 || c == '\\' {
			return false
		}
	}
	return true
}

// equalFoldASCII reports whether the ASCII texts a and b are equal ignoring case, as
// encoding/json matches a plain key to a field's name.
func equalFoldASCII(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// maxDepth is encoding/json's bound on nesting: a document nested deeper is not valid to it.
const maxDepth = 10000

// validJSON reports whether b is one valid JSON value, as json.Valid does (FuzzValid checks
// that the two agree on any input), in a quarter of its time: one loop over the bytes instead of
// a state machine called through a function value for each byte.
func validJSON(b []byte) bool {
	var stack [maxDepth/64 + 1]uint64 // bit set: the container at that depth is an object
	depth := 0
	i := skipSpace(b, 0)
	for { // i is at a value
		if i >= len(b) {
			return false
		}
		var ok bool
		switch c := b[i]; c {
		case '{', '[':
			if depth++; depth > maxDepth {
				return false
			}
			d := depth - 1
			stack[d/64] &^= 1 << (d % 64)
			closer := byte(']')
			if c == '{' {
				stack[d/64] |= 1 << (d % 64)
				closer = '}'
			}
			if i = skipSpace(b, i+1); i < len(b) && b[i] == closer {
				depth--
				i++
				ok = true
				break
			}
			if c == '{' {
				if i, ok = memberKey(b, i); !ok {
					return false
				}
			}
			continue
		case '"':
			i, ok = validString(b, i)
		case 't':
			i, ok = literal(b, i, "true")
		case 'f':
			i, ok = literal(b, i, "false")
		case 'n':
			i, ok = literal(b, i, "null")
		default:
			i, ok = validNumber(b, i)
		}
		if !ok {
			return false
		}
		// After a value: close containers, or go on to the next value.
		for {
			i = skipSpace(b, i)
			if depth == 0 {
				return i == len(b)
			}
			if i >= len(b) {
				return false
			}
			d := depth - 1
			object := stack[d/64]&(1<<(d%64)) != 0
			switch c := b[i]; {
			case c == ',':
				i = skipSpace(b, i+1)
				if object {
					if i, ok = memberKey(b, i); !ok {
						return false
					}
				}
			case c == '}' && object, c == ']' && !object:
				depth--
				i++
				continue
			default:
				return false
			}
			break
		}
	}
}

// memberKey reads `"key" :` at b[i] and returns the index of the value that follows.
func memberKey(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return 0, false
	}
	i, ok := validString(b, i)
	if !ok {
		return 0, false
	}
	if i = skipSpace(b, i); i >= len(b) || b[i] != ':' {
		return 0, false
	}
	return skipSpace(b, i+1), true
}

// validString reads the string at b[i] ('"'): no control characters, only JSON's escapes. Any
// other byte is accepted, invalid UTF-8 included, as encoding/json accepts it.
func validString(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return 0, false
		case c == '\\':
			if i++; i >= len(b) {
				return 0, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return 0, false
				}
				for _, h := range b[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return 0, false
					}
				}
				i += 4
			default:
				return 0, false
			}
		}
	}
	return 0, false
}

// literal reads the literal word at b[i].
func literal(b []byte, i int, word string) (int, bool) {
	if len(b)-i < len(word) || string(b[i:i+len(word)]) != word {
		return 0, false
	}
	return i + len(word), true
}

// validNumber reads the number at b[i]: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(b []byte, i int) (int, bool) {
	digits := func(i int) int {
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return 0, false
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		i = digits(i + 1)
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return 0, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return 0, false
		}
		i = j
	}
	return i, true
}
