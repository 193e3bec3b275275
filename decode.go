package unmetered

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
)

// Generic decoding shared by the service methods: a whole response, a list under a key, an
// object under a key, and the conversion of wire forms to the public types.

// get is the shape of most reads: GET rt and decode the whole response into a new T.
func get[T any](ctx context.Context, c *Client, rt route) (*T, error) {
	out := new(T)
	if err := c.do(ctx, rt, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// required returns v, or an error naming the request and the key when the server's response
// lacked the object the method promises.
func required[T any](v *T, rt route, key string) (*T, error) {
	if v == nil {
		return nil, fmt.Errorf("unmetered: %s: the response has no %q", rt, key)
	}
	return v, nil
}

// getList GETs rt and decodes the List under key (an array, a number-keyed object or one bare
// object). An absent key or null is an empty list: the portal leaves out empty lists.
func getList[T any](ctx context.Context, c *Client, rt route, key string) ([]T, error) {
	return getListOf[T, T](ctx, c, rt, key, nil)
}

// getListOf is getList for a list whose elements arrive in the wire form W and are handed to
// the caller as conv makes them: each element is converted as it is decoded, into a slice
// made once, of the list's length (conv nil: W is T).
func getListOf[W, T any](ctx context.Context, c *Client, rt route, key string, conv func(*W) T) ([]T, error) {
	out := &keyedList[W, T]{key: key, conv: conv}
	if err := c.do(ctx, rt, nil, out); err != nil {
		return nil, err
	}
	return out.items, nil
}

// keyError is a failure to decode the value under a response's key. A body decoder returns it
// so that the failure leaves through the request path (and its redaction) like any other; the
// error then reads "unmetered: METHOD PATH: decoding "key": ...".
type keyError struct {
	key string
	err error
}

func (e *keyError) Error() string { return fmt.Sprintf("decoding %q: %v", e.key, e.err) }
func (e *keyError) Unwrap() error { return e.err }

// keyedList is getListOf's response: the list under key, each element decoded into W and
// converted by conv (nil: W is T). It decodes the whole body itself (see bodyDecoder), in one
// pass that also reads the envelope: the body's top level is read member by member, and an
// array under key, the common shape, element by element into a slice of its length (see
// listDecoder). Any other shape (a number-keyed or bare object, false, "") takes the List
// path, and so does a body whose top level or elements only encoding/json reads with
// certainty (decodeParsed).
type keyedList[W, T any] struct {
	key   string
	conv  func(*W) T
	items []T
	top   topLevel
}

func (l *keyedList[W, T]) decodeBody(body []byte) (*topLevel, error) {
	if !validJSON(body) {
		return nil, l.decodeParsed(body)
	}
	var ok bool
	if l.top, ok = scanTop(body, l.key); !ok || !l.top.object {
		return nil, l.decodeParsed(body)
	}
	switch v := l.top.value; {
	case v == nil || v[0] == 'n': // absent or null: no elements
		return &l.top, nil
	case v[0] == '[':
		if items, ok := (listDecoder[W, T]{l.conv}).decode(v); ok {
			l.items = items
			return &l.top, nil
		}
	}
	return &l.top, l.decodeLoose(l.top.value)
}

// decodeLoose decodes v, the value under the key, as a List.
func (l *keyedList[W, T]) decodeLoose(v []byte) error {
	var list looseList[W]
	if err := list.UnmarshalJSON(v); err != nil {
		return &keyError{l.key, err}
	}
	l.items = l.convertAll(list)
	return nil
}

// convertAll converts the wire forms ws.
func (l *keyedList[W, T]) convertAll(ws []W) []T {
	if l.conv == nil {
		return any(ws).([]T)
	}
	return convert(ws, l.conv)
}

// decodeParsed decodes the body with encoding/json alone: an array under the key straight into
// []W through a struct type made for key, anything else through an Object and the List path.
func (l *keyedList[W, T]) decodeParsed(body []byte) error {
	v := reflect.New(sliceUnder(l.key, reflect.TypeFor[[]W]()))
	err := json.Unmarshal(body, v.Interface())
	if err == nil {
		l.items = l.convertAll(v.Elem().Field(0).Interface().([]W))
		return nil
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return err
	}
	var out Object
	if err := json.Unmarshal(body, &out); err != nil {
		return err
	}
	if raw, ok := out[l.key]; ok {
		return l.decodeLoose(raw)
	}
	return nil
}

// decodeInto decodes a 2xx body that is not empty into out, in one pass with the envelope:
// failed (with the server's messages) when the body is the portal's failure envelope, else
// err from decoding. A body that is not JSON has no envelope. A failure leaves a caller's out
// (Client.Do's) as it was: a zero struct decoded in one pass is made zero again, and the
// envelope of a body encoding/json decodes is read first, from a scan of its top level.
func decodeInto(body []byte, out any) (msgs messages, failed bool, err error) {
	if bd, ok := out.(bodyDecoder); ok { // the SDK's own: nothing of it is kept on a failure
		top, err := bd.decodeBody(body)
		if err == nil || validJSON(body) {
			if msgs, failed := validEnvelopeFailure(body, top); failed {
				return msgs, true, nil
			}
		}
		return nil, false, err
	}
	if top, ok := decodeStruct(body, out); ok {
		if msgs, failed := top.failure(); failed {
			reflect.ValueOf(out).Elem().SetZero()
			return msgs, true, nil
		}
		return nil, false, nil
	}
	if mayHaveEnvelope(body) && validJSON(body) {
		if msgs, failed := validEnvelopeFailure(body, nil); failed {
			return msgs, true, nil
		}
	}
	return nil, false, json.Unmarshal(body, out)
}

// decodeStruct decodes the whole body into out, a pointer to a zero struct that structDecoder
// reads, in one pass that also reads the top level's envelope members into top. ok is false
// when that does not apply or the pass is not sure to decode as encoding/json does; out is
// then zero, as it was.
func decodeStruct(body []byte, out any) (top topLevel, ok bool) {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return top, false
	}
	v := rv.Elem()
	sd := structDecoderFor(v.Type())
	if sd == nil || !v.IsZero() || !validJSON(body) {
		return top, false
	}
	if i := skipSpace(body, 0); body[i] == '{' {
		if _, ok := sd.decode(body, i, v, &top); ok {
			return top, true
		}
		v.SetZero()
	}
	return topLevel{}, false
}

// bodyDecoder is a response that decodes itself from the whole body, in place of json.Unmarshal.
// top is the body's top level when the decoder read it on its way (the request path then takes
// the envelope from it), or nil.
type bodyDecoder interface {
	decodeBody(body []byte) (top *topLevel, err error)
}

var sliceUnderTypes sync.Map // sliceUnderKey → reflect.Type

type sliceUnderKey struct {
	key   string
	slice reflect.Type
}

// sliceUnder returns struct { Items <slice> `json:"<key>"` }.
func sliceUnder(key string, slice reflect.Type) reflect.Type {
	k := sliceUnderKey{key, slice}
	if t, ok := sliceUnderTypes.Load(k); ok {
		return t.(reflect.Type)
	}
	t := reflect.StructOf([]reflect.StructField{{Name: "Items", Type: slice, Tag: reflect.StructTag("json:" + strconv.Quote(key))}})
	sliceUnderTypes.Store(k, t)
	return t
}

// getKey GETs rt and decodes the object under key; a response without it (or with null) is
// an error naming the request and the key.
func getKey[T any](ctx context.Context, c *Client, rt route, key string) (*T, error) {
	out := &keyedValue[T]{key: key}
	if err := c.do(ctx, rt, nil, out); err != nil {
		return nil, err
	}
	return required(out.v, rt, key)
}

// keyedValue is getKey's response: the object under key, decoded inside the request path. The
// top level is read by scanTop, in the pass that also finds the envelope, and only the value
// under key is decoded; a top level only encoding/json reads with certainty goes through an
// Object, whose keys match exactly.
type keyedValue[T any] struct {
	key string
	v   *T
	top topLevel
}

func (k *keyedValue[T]) decodeBody(body []byte) (*topLevel, error) {
	if validJSON(body) {
		var ok bool
		if k.top, ok = scanTop(body, k.key); ok && k.top.object {
			return &k.top, k.decodeValue(k.top.value)
		}
	}
	var out Object
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, err
	}
	return nil, k.decodeValue(out[k.key])
}

// decodeValue decodes raw, the value under the key (nil when absent).
func (k *keyedValue[T]) decodeValue(raw []byte) error {
	if raw == nil {
		return nil
	}
	if err := json.Unmarshal(raw, &k.v); err != nil {
		return &keyError{k.key, err}
	}
	return nil
}

// getKeyRaw is getKey that also returns the object under key as the server sent it, for
// results that keep it whole (a Raw field) because the reference documents no shape for them.
func getKeyRaw[T any](ctx context.Context, c *Client, rt route, key string) (*T, Object, error) {
	raw, err := getKey[Object](ctx, c, rt, key)
	if err != nil {
		return nil, nil, err
	}
	b, err := json.Marshal(*raw)
	if err == nil {
		v := new(T)
		if err = json.Unmarshal(b, v); err == nil {
			return v, *raw, nil
		}
	}
	return nil, nil, fmt.Errorf("unmetered: %s: decoding %q: %w", rt, key, err)
}

// convert maps each wire form in ws to its public type with conv. Services decode the portal's
// loose JSON into unexported wire types and hand their callers plain Go types made by conv.
func convert[W, T any](ws []W, conv func(*W) T) []T {
	if ws == nil {
		return nil
	}
	out := make([]T, len(ws))
	for i := range ws {
		out[i] = conv(&ws[i])
	}
	return out
}

// withRaw is a response decoded twice from one body: into its wire form W and, whole, into
// Raw. The responses the API reference leaves undocumented get typed fields for the shape the
// SDK knows and keep the rest.
type withRaw[W any] struct {
	wire W
	raw  Object
}

func (r *withRaw[W]) decodeBody(body []byte) (*topLevel, error) {
	if err := json.Unmarshal(body, &r.raw); err != nil {
		return nil, err
	}
	if isEmptyJSONArray(body) { // PHP's empty map: nothing to type
		return nil, nil
	}
	return nil, json.Unmarshal(body, &r.wire)
}

// getWithRaw GETs rt and decodes the whole response into the wire form W and into an Object.
func getWithRaw[W any](ctx context.Context, c *Client, rt route) (*W, Object, error) {
	out := new(withRaw[W])
	if err := c.do(ctx, rt, nil, out); err != nil {
		return nil, nil, err
	}
	return &out.wire, out.raw, nil
}
