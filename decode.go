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
	out := &keyedList[T]{key: key}
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

// keyedList is getList's response: the list under key. It decodes the whole body itself (see
// bodyDecoder). The common shape, a JSON array, goes straight into []T through a struct type
// made for key, in encoding/json's own single pass; decoding it as a List would parse the
// list's bytes twice more (the skip before List.UnmarshalJSON, then its json.Unmarshal). Any
// other shape (a number-keyed or bare object, false, "") or a failure takes the List path.
type keyedList[T any] struct {
	key   string
	items []T
}

func (l *keyedList[T]) decodeBody(body []byte) error {
	v := reflect.New(sliceUnder(l.key, reflect.TypeFor[[]T]()))
	err := json.Unmarshal(body, v.Interface())
	if err == nil {
		l.items = v.Elem().Field(0).Interface().([]T)
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
		var list looseList[T]
		if err := list.UnmarshalJSON(raw); err != nil {
			return &keyError{l.key, err}
		}
		l.items = list
	}
	return nil
}

// bodyDecoder is a response that decodes itself from the whole body, in place of json.Unmarshal.
type bodyDecoder interface {
	decodeBody(body []byte) error
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

// keyedValue is getKey's response: the object under key, decoded inside the request path.
type keyedValue[T any] struct {
	key string
	v   *T
}

func (k *keyedValue[T]) decodeBody(body []byte) error {
	var out Object
	if err := json.Unmarshal(body, &out); err != nil {
		return err
	}
	if raw, ok := out[k.key]; ok {
		if err := json.Unmarshal(raw, &k.v); err != nil {
			return &keyError{k.key, err}
		}
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

func (r *withRaw[W]) decodeBody(body []byte) error {
	if err := json.Unmarshal(body, &r.raw); err != nil {
		return err
	}
	if isEmptyJSONArray(body) { // PHP's empty map: nothing to type
		return nil
	}
	return json.Unmarshal(body, &r.wire)
}

// getWithRaw GETs rt and decodes the whole response into the wire form W and into an Object.
func getWithRaw[W any](ctx context.Context, c *Client, rt route) (*W, Object, error) {
	out := new(withRaw[W])
	if err := c.do(ctx, rt, nil, out); err != nil {
		return nil, nil, err
	}
	return &out.wire, out.raw, nil
}
