package unmetered

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"sync"
	"unicode/utf8"
)

// The fast decoder of the wire structs: a JSON object read member by member (jsonscan.go) into
// a struct through a table of its fields made once per type; each loose field decoded by a
// direct call of its own UnmarshalJSON, each string field set from the bytes. encoding/json
// finds the field, then looks for an Unmarshaler, by reflection for every member of every
// element. The fast decoder only reads JSON that json.Valid has accepted (its callers check),
// and gives exactly what encoding/json gives, or says it cannot be sure (ok false): then the
// caller hands the whole document to encoding/json, whose result or error is the answer.

// fieldKind is how the fast decoder decodes a field.
type fieldKind uint8

const (
	kindJSON           fieldKind = iota // json.Unmarshal into the field: anything not listed below
	kindString                          // a string type without methods encoding/json uses
	kindUnmarshaler                     // a type with UnmarshalJSON, called through the interface
	kindInt                             // looseInt
	kindBool                            // looseBool
	kindDecimal                         // Decimal
	kindDate                            // Date
	kindTime                            // looseTime
	kindText                            // looseText
	kindStruct                          // a struct that the fast decoder may read (see plainStruct)
	kindPtrStruct                       // a pointer to one
	kindPtrUnmarshaler                  // a pointer to a type with UnmarshalJSON (*looseInt)
)

// The loose types called without an interface conversion.
var directKinds = map[reflect.Type]fieldKind{
	reflect.TypeFor[looseInt]():  kindInt,
	reflect.TypeFor[looseBool](): kindBool,
	reflect.TypeFor[Decimal]():   kindDecimal,
	reflect.TypeFor[Date]():      kindDate,
	reflect.TypeFor[looseTime](): kindTime,
	reflect.TypeFor[looseText](): kindText,
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

type fastField struct {
	name  string // the JSON key
	index int    // in the struct
	kind  fieldKind
	typ   reflect.Type
}

// structDecoder decodes JSON objects into one struct type.
type structDecoder struct {
	fields []fastField
	byName map[string]*fastField
}

var structDecoders sync.Map // reflect.Type → *structDecoder, nil when the type is not eligible

// structDecoderFor returns the decoder of the struct type t, or nil when t is not a plain
// struct of the kind the wire types are: it has its own UnmarshalJSON or UnmarshalText, an
// embedded field, a tag option other than omitempty and omitzero, a key that is not plain
// ASCII, or two keys equal ignoring case. encoding/json decodes those types itself.
func structDecoderFor(t reflect.Type) *structDecoder {
	if d, ok := structDecoders.Load(t); ok {
		return d.(*structDecoder)
	}
	d := newStructDecoder(t)
	structDecoders.Store(t, d)
	return d
}

func newStructDecoder(t reflect.Type) *structDecoder {
	if !plainStruct(t) {
		return nil
	}
	d := &structDecoder{byName: map[string]*fastField{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			return nil
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := bytes.Cut([]byte(tag), []byte(","))
		for len(opts) > 0 {
			var opt []byte
			opt, opts, _ = bytes.Cut(opts, []byte(","))
			if s := string(opt); s != "omitempty" && s != "omitzero" {
				return nil
			}
		}
		key := string(name)
		if key == "" {
			key = f.Name
		}
		if !simpleKey(key) {
			return nil
		}
		for _, g := range d.fields {
			if equalFoldASCII([]byte(g.name), key) {
				return nil
			}
		}
		d.fields = append(d.fields, fastField{name: key, index: i, kind: kindOf(f.Type), typ: f.Type})
	}
	for i := range d.fields {
		d.byName[d.fields[i].name] = &d.fields[i]
	}
	return d
}

// simpleKey reports whether a field's key is letters, digits and underscores only.
func simpleKey(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}

// plainStruct reports whether t is a struct that encoding/json decodes field by field: without
// an UnmarshalJSON or UnmarshalText of its own.
func plainStruct(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Kind() == reflect.Struct && !pt.Implements(unmarshalerType) && !pt.Implements(textUnmarshalerType)
}

func kindOf(t reflect.Type) fieldKind {
	if k, ok := directKinds[t]; ok {
		return k
	}
	pt := reflect.PointerTo(t)
	switch {
	case pt.Implements(unmarshalerType):
		return kindUnmarshaler
	case pt.Implements(textUnmarshalerType):
		return kindJSON
	case t.Kind() == reflect.String:
		return kindString
	case plainStruct(t):
		return kindStruct // its decoder is made when first needed: a type may hold itself
	case t.Kind() != reflect.Pointer:
		return kindJSON
	case t.Implements(unmarshalerType):
		return kindPtrUnmarshaler
	case plainStruct(t.Elem()) && !t.Implements(textUnmarshalerType):
		return kindPtrStruct
	}
	return kindJSON
}

// field returns the field a plain key names, as encoding/json matches it: exactly, or else
// ignoring case; nil for a key the struct does not have.
func (d *structDecoder) field(key []byte) *fastField {
	if f, ok := d.byName[string(key)]; ok {
		return f
	}
	for i := range d.fields {
		if equalFoldASCII(key, d.fields[i].name) {
			return &d.fields[i]
		}
	}
	return nil
}

// decode decodes the valid JSON value at b[i] into rv, an addressable value of the decoder's
// type, as encoding/json does, and returns the index just past the value. ok is false when it
// cannot be sure to: the value is neither an object nor null, a key has escapes or non-ASCII
// bytes, or a field's value fails to decode. When top is not nil, the value is a response's
// top level and its envelope members are noted in top as scanTop notes them.
func (d *structDecoder) decode(b []byte, i int, rv reflect.Value, top *topLevel) (end int, ok bool) {
	switch b[i] {
	case 'n':
		return i + len("null"), true // null leaves a struct as it is
	case '{':
	default:
		return 0, false
	}
	if top != nil {
		top.object = true
	}
	m := newMembers(b, i)
	for {
		key, val, more := m.next()
		if !more {
			return m.end(), true
		}
		if !plainKey(key) || top != nil && !top.note(key, val, "") {
			return 0, false
		}
		f := d.field(key)
		if f == nil {
			continue
		}
		if !decodeField(f, val, rv.Field(f.index)) {
			return 0, false
		}
	}
}

// decodeField decodes the valid JSON value v into the field fv.
func decodeField(f *fastField, v []byte, fv reflect.Value) bool {
	var err error
	switch f.kind {
	case kindString:
		switch v[0] {
		case 'n': // null leaves a string as it is
		case '"':
			s, ok := stringValue(v)
			if !ok {
				return json.Unmarshal(v, fv.Addr().Interface()) == nil
			}
			fv.SetString(s)
		default:
			return false // encoding/json's type error
		}
	case kindInt:
		err = fv.Addr().Interface().(*looseInt).UnmarshalJSON(v)
	case kindBool:
		err = fv.Addr().Interface().(*looseBool).UnmarshalJSON(v)
	case kindDecimal:
		err = fv.Addr().Interface().(*Decimal).UnmarshalJSON(v)
	case kindDate:
		err = fv.Addr().Interface().(*Date).UnmarshalJSON(v)
	case kindTime:
		err = fv.Addr().Interface().(*looseTime).UnmarshalJSON(v)
	case kindText:
		err = fv.Addr().Interface().(*looseText).UnmarshalJSON(v)
	case kindUnmarshaler:
		err = fv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(v)
	case kindStruct:
		if sd := structDecoderFor(f.typ); sd != nil {
			_, ok := sd.decode(v, 0, fv, nil)
			return ok
		}
		err = json.Unmarshal(v, fv.Addr().Interface())
	case kindPtrStruct, kindPtrUnmarshaler:
		// As encoding/json: null sets the pointer to nil; anything else is decoded into the
		// value it points to, made first if it is nil.
		if v[0] == 'n' {
			fv.SetZero()
			return true
		}
		if fv.IsNil() {
			fv.Set(reflect.New(f.typ.Elem()))
		}
		if f.kind == kindPtrUnmarshaler {
			err = fv.Interface().(json.Unmarshaler).UnmarshalJSON(v)
		} else if sd := structDecoderFor(f.typ.Elem()); sd != nil {
			_, ok := sd.decode(v, 0, fv.Elem(), nil)
			return ok
		} else {
			err = json.Unmarshal(v, fv.Interface())
		}
	default:
		err = json.Unmarshal(v, fv.Addr().Interface())
	}
	return err == nil
}

// stringValue returns the text of the valid JSON string v as encoding/json decodes it, unless
// v has a \u escape or bytes that are not UTF-8 (ok false: encoding/json decodes those).
func stringValue(v []byte) (string, bool) {
	s := v[1 : len(v)-1]
	escaped := false
	for _, c := range s {
		if c >= utf8.RuneSelf || c == '\\' {
			escaped = true
			break
		}
	}
	if !escaped {
		return string(s), true
	}
	if !utf8.Valid(s) {
		return "", false
	}
	i := bytes.IndexByte(s, '\\')
	if i < 0 {
		return string(s), true
	}
	var buf [64]byte
	out := append(buf[:0], s[:i]...)
	for ; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++ // valid JSON: an escaped byte follows
		switch s[i] {
		case '"', '\\', '/':
			out = append(out, s[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default: // \u
			return "", false
		}
	}
	return string(out), true
}

// listDecoder decodes the elements of a JSON array into a slice of T, each through a reused W
// converted by conv (nil when W is T: each element is then decoded in place).
type listDecoder[W, T any] struct {
	conv func(*W) T
}

// decode decodes the valid JSON array arr into a new slice of exactly its length (an empty,
// non-nil slice for [], as encoding/json gives). ok is false when an element cannot be
// decoded with certainty (see structDecoder.decode).
func (l listDecoder[W, T]) decode(arr []byte) ([]T, bool) {
	out := make([]T, countElements(arr))
	sd := structDecoderFor(reflect.TypeFor[W]())
	var w *W // the reused wire value, when there is a conversion
	if l.conv != nil {
		w = new(W)
	}
	i := 1 // past the '['
	for k := range out {
		i = skipSpace(arr, i)
		if arr[i] == ',' {
			i = skipSpace(arr, i+1)
		}
		dst := w
		if w == nil {
			p, ok := any(&out[k]).(*W)
			if !ok {
				return nil, false // W is not T: a conv is needed
			}
			dst = p
		} else {
			var zero W
			*w = zero
		}
		var ok bool
		if i, ok = decodeElement(sd, arr, i, dst); !ok {
			return nil, false
		}
		if w != nil {
			out[k] = l.conv(w)
		}
	}
	return out, true
}

// decodeElement decodes the valid JSON value at b[i] into *dst, a zero value, with sd when the
// type has one, else as encoding/json decodes an array's element; it returns the index just
// past the value.
func decodeElement[W any](sd *structDecoder, b []byte, i int, dst *W) (int, bool) {
	if sd != nil {
		return sd.decode(b, i, reflect.ValueOf(dst).Elem(), nil)
	}
	end := valueEnd(b, i)
	v := b[i:end]
	if u, ok := any(dst).(json.Unmarshaler); ok {
		return end, u.UnmarshalJSON(v) == nil
	}
	return end, json.Unmarshal(v, dst) == nil
}
