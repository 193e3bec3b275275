package unmetered

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The JSON of the public types (json.Marshal of a result, the CLI's -o json) says only what the
// server said: a date, time or amount the answer lacked is left out, never printed as a zero
// it did not send ("0001-01-01T00:00:00Z", "0000-00-00", "0"), and an amount it sent as "0.00"
// is kept.

// returnedStructs returns every struct type of the package that a service method returns, and
// every one those reach through exported fields (the types users marshal).
func returnedStructs(t *testing.T) []reflect.Type {
	t.Helper()
	pkg := reflect.TypeFor[Client]().PkgPath()
	seen := map[reflect.Type]bool{}
	var out []reflect.Type
	var walk func(typ reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			if typ.Kind() == reflect.Map {
				walk(typ.Key())
			}
			typ = typ.Elem()
		}
		if typ.PkgPath() != pkg || seen[typ] || typ.Kind() != reflect.Struct {
			return
		}
		seen[typ] = true
		out = append(out, typ)
		for i := 0; i < typ.NumField(); i++ {
			if f := typ.Field(i); f.IsExported() {
				walk(f.Type)
			}
		}
	}
	client := reflect.TypeFor[Client]()
	for i := 0; i < client.NumField(); i++ {
		if f := client.Field(i); f.IsExported() {
			for j := 0; j < f.Type.NumMethod(); j++ {
				m := f.Type.Method(j)
				for k := 0; k < m.Type.NumOut(); k++ {
					walk(m.Type.Out(k))
				}
			}
		}
	}
	require.Greater(t, len(out), 60, "every returned type is walked")
	return out
}

var (
	decimalType = reflect.TypeFor[Decimal]()
	dateType    = reflect.TypeFor[Date]()
	timeType    = reflect.TypeFor[time.Time]()
	rawType     = reflect.TypeFor[json.RawMessage]()
	objectType  = reflect.TypeFor[Object]()
	secretType  = reflect.TypeFor[Secret]()
)

// jsonFields returns the exported fields of struct type typ as encoding/json sees them:
// embedded structs' fields promoted, "-" left out.
func jsonFields(typ reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if !f.IsExported() || f.Tag.Get("json") == "-" {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		out = append(out, f)
	}
	return out
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// TestPublicJSONTags: every date, time and amount of a returned type is omitzero (so its zero
// value, which means "not sent", is left out), and every json.RawMessage is omitempty (nil is
// "not sent"; a sent null is kept as the bytes null).
func TestPublicJSONTags(t *testing.T) {
	t.Parallel()
	for _, typ := range returnedStructs(t) {
		for _, f := range jsonFields(typ) {
			tag := f.Tag.Get("json")
			switch f.Type {
			case decimalType, dateType, timeType:
				assert.Contains(t, tag, ",omitzero", "%s.%s", typ.Name(), f.Name)
			case rawType:
				assert.Contains(t, tag, ",omitempty", "%s.%s", typ.Name(), f.Name)
			}
		}
	}
}

// TestPublicJSONLeavesOutWhatWasNotSent marshals the zero value of every returned type: no date,
// time or amount appears, and no made-up zero date.
func TestPublicJSONLeavesOutWhatWasNotSent(t *testing.T) {
	t.Parallel()
	for _, typ := range returnedStructs(t) {
		b, err := json.Marshal(reflect.New(typ).Interface())
		require.NoError(t, err, typ.Name())
		assert.NotContains(t, string(b), "0001-01-01", typ.Name())
		assert.NotContains(t, string(b), "0000-00-00", typ.Name())
		if typ.Implements(reflect.TypeFor[json.Marshaler]()) {
			continue // its own shape (Privileges)
		}
		var keys map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(b, &keys), typ.Name())
		for _, f := range jsonFields(typ) {
			switch f.Type {
			case decimalType, dateType, timeType, rawType:
				assert.NotContains(t, keys, jsonName(f), "%s.%s was not sent: %s", typ.Name(), f.Name, b)
			}
		}
	}
}

// TestPublicJSONRoundTrips: marshalling any returned type and unmarshalling the JSON gives the
// same value, whether its fields were not sent (the zero value), sent as zeros ("0.00", null),
// or sent with values. Secrets are the one exception, by design: they marshal as
// "[REDACTED]" (see TestServiceCredentialsNeverPrint), so the fill leaves them empty.
func TestPublicJSONRoundTrips(t *testing.T) {
	t.Parallel()
	for _, typ := range returnedStructs(t) {
		for _, fill := range []fillKind{fillNone, fillZeros, fillValues} {
			v := reflect.New(typ)
			fillValue(v.Elem(), fill, 0)
			b, err := json.Marshal(v.Interface())
			require.NoError(t, err, typ.Name())
			back := reflect.New(typ)
			require.NoError(t, json.Unmarshal(b, back.Interface()), "%s: %s", typ.Name(), b)
			assert.Equal(t, v.Interface(), back.Interface(), "%s (%s): %s", typ.Name(), fill, b)
		}
	}
}

// TestPublicJSONKeepsSentZeros: an amount the server sent as zero ("0.00", 0) is decoded as
// set and printed with its digits; one it sent as null or "", or left out, is absent and left
// out; so is a date it sent as "0000-00-00".
func TestPublicJSONKeepsSentZeros(t *testing.T) {
	t.Parallel()
	var w invoiceWire
	require.NoError(t, json.Unmarshal([]byte(`{"id": "7", "subtotal": "0.00", "total": 0, "credit": "0.00",
		"tax": null, "tax2": "", "duedate": "0000-00-00", "datepaid": "0000-00-00 00:00:00"}`), &w))
	inv := w.public()
	for name, d := range map[string]Decimal{"subtotal": inv.Subtotal, "total": inv.Total, "credit": inv.Credit} {
		assert.True(t, d.IsSet(), name)
		assert.Zero(t, d.Sign(), name)
	}
	for name, d := range map[string]Decimal{"tax": inv.Tax, "tax2": inv.Tax2, "rate": inv.Rate} {
		assert.False(t, d.IsSet(), name)
	}
	b, err := json.Marshal(inv)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id": 7, "number": "", "status": "", "currency": "", "subtotal": "0.00", "total": "0",
		"credit": "0.00", "tax_exempt": false}`, string(b))
}

type fillKind string

const (
	fillNone   fillKind = "not sent"
	fillZeros  fillKind = "sent as zeros"
	fillValues fillKind = "sent with values"
)

// fillValue sets v's exported fields for kind: nothing (fillNone); the zeros a server may send
// that JSON must keep apart from "not sent" (fillZeros: "0.00", null); or a value in every
// field, one element in every slice and map (fillValues).
func fillValue(v reflect.Value, kind fillKind, depth int) {
	if kind == fillNone || depth > 6 {
		return
	}
	switch v.Type() {
	case decimalType:
		s := map[fillKind]string{fillZeros: "0.00", fillValues: "19.65"}[kind]
		d, _ := ParseDecimal(s)
		v.Set(reflect.ValueOf(d))
		return
	case dateType:
		if kind == fillValues {
			v.Set(reflect.ValueOf(Date{time.Date(2016, 12, 30, 0, 0, 0, 0, time.UTC)}))
		}
		return
	case timeType:
		if kind == fillValues {
			v.Set(reflect.ValueOf(time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC)))
		}
		return
	case rawType:
		v.Set(reflect.ValueOf(json.RawMessage(map[fillKind]string{fillZeros: `null`, fillValues: `{"k":[1,"a"]}`}[kind])))
		return
	case objectType:
		if kind == fillValues {
			v.Set(reflect.ValueOf(Object{"k": json.RawMessage(`"v"`)}))
		}
		return
	case secretType:
		return // marshals as "[REDACTED]" by design
	}
	if kind == fillZeros {
		if v.Kind() == reflect.Struct {
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					fillValue(v.Field(i), kind, depth+1)
				}
			}
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fillValue(v.Field(i), kind, depth+1)
			}
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillValue(p.Elem(), kind, depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillValue(s.Index(0), kind, depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		fillValue(k, kind, depth+1)
		e := reflect.New(v.Type().Elem()).Elem()
		fillValue(e, kind, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	}
}
