package unmetered

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
)

// TestNoMethodPanicsOnZeroInput calls every method of every service with zero values for every
// parameter after the context (nil pointers and maps, empty strings, zero ids) against a server
// that answers 404: each must return (an error, usually before sending), never panic.
func TestNoMethodPanicsOnZeroInput(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(0))
	env.mock.RegisterNoResponder(httpmock.NewStringResponder(http.StatusNotFound, `{"error":["not found"]}`))
	cv := reflect.ValueOf(env.client).Elem()
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	calls := 0
	for i := 0; i < cv.NumField(); i++ {
		field := cv.Field(i)
		if !cv.Type().Field(i).IsExported() || field.Kind() != reflect.Pointer {
			continue
		}
		svcName := cv.Type().Field(i).Name
		for m := 0; m < field.NumMethod(); m++ {
			method := field.Method(m)
			name := svcName + "." + field.Type().Method(m).Name
			mt := method.Type()
			if mt.NumIn() == 0 || mt.In(0) != ctxType {
				continue
			}
			args := []reflect.Value{reflect.ValueOf(context.Background())}
			for a := 1; a < mt.NumIn(); a++ {
				args = append(args, reflect.Zero(mt.In(a)))
			}
			calls++
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s panicked on zero input: %v", name, r)
					}
				}()
				out := method.Call(args)
				errVal := out[len(out)-1]
				assert.False(t, errVal.IsNil(), "%s: zero input against a 404 server returned no error", name)
			}()
		}
	}
	assert.Greater(t, calls, 100, "every service method was called")
}

// TestIDsBelowOneAreRefusedBeforeSending: one rule for every section. Every method whose first
// parameter after the context is an id, called with id 0 (and zero values for the rest), returns
// an error wrapping ErrInvalidArgument and sends nothing.
func TestIDsBelowOneAreRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, WithRetryMax(0))
	var sent []string
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		sent = append(sent, req.Method+" "+req.URL.Path)
		return httpmock.NewStringResponse(http.StatusOK, `{}`), nil
	})
	cv := reflect.ValueOf(env.client).Elem()
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	int64Type := reflect.TypeOf(int64(0))
	checked := map[string]bool{}
	for i := 0; i < cv.NumField(); i++ {
		field := cv.Field(i)
		if !cv.Type().Field(i).IsExported() || field.Kind() != reflect.Pointer {
			continue
		}
		for m := 0; m < field.NumMethod(); m++ {
			method, mt := field.Method(m), field.Method(m).Type()
			if mt.NumIn() < 2 || mt.In(0) != ctxType || mt.In(1) != int64Type {
				continue
			}
			name := cv.Type().Field(i).Name + "." + field.Type().Method(m).Name
			args := []reflect.Value{reflect.ValueOf(context.Background())}
			for a := 1; a < mt.NumIn(); a++ {
				args = append(args, reflect.Zero(mt.In(a)))
			}
			out := method.Call(args)
			err, _ := out[len(out)-1].Interface().(error)
			assert.ErrorIs(t, err, ErrInvalidArgument, name)
			checked[name] = true
		}
	}
	assert.Empty(t, sent, "nothing is sent for an id of 0")
	for _, name := range []string{"Account.Contact", "Billing.Invoice", "Billing.ApplyCredit", "Domains.Get",
		"Domains.Renew", "Certificates.Get", "Certificates.Download", "Services.Get", "Cart.Products"} {
		assert.True(t, checked[name], "%s takes an id first and was checked", name)
	}
	assert.Greater(t, len(checked), 40)
}
