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
