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
