package unmetered

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPublicTypesArePlain walks every type a service method takes or returns and every type
// those reach through exported fields: no exported field has one of the SDK's unexported types
// (the wire's loose Int, Bool, Time, List, Content and the like stay in the wire forms).
func TestPublicTypesArePlain(t *testing.T) {
	t.Parallel()
	pkg := reflect.TypeFor[Client]().PkgPath()
	seen := map[reflect.Type]bool{}
	var check func(path string, typ reflect.Type)
	check = func(path string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			if typ.Kind() == reflect.Map {
				check(path+"[key]", typ.Key())
			}
			typ = typ.Elem()
		}
		if typ.PkgPath() != pkg || seen[typ] {
			return
		}
		seen[typ] = true
		assert.True(t, typ.Name() == "" || typ.Name()[0] >= 'A' && typ.Name()[0] <= 'Z',
			"%s has the unexported type %s", path, typ)
		if typ.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < typ.NumField(); i++ {
			if f := typ.Field(i); f.IsExported() {
				check(path+"."+f.Name, f.Type)
			}
		}
	}
	client := reflect.TypeFor[Client]()
	methods := 0
	for i := 0; i < client.NumField(); i++ {
		f := client.Field(i)
		if !f.IsExported() {
			continue
		}
		svc := f.Type
		for j := 0; j < svc.NumMethod(); j++ {
			m := svc.Method(j)
			methods++
			for k := 1; k < m.Type.NumIn(); k++ { // 0 is the receiver
				check(f.Name+"."+m.Name+" argument", m.Type.In(k))
			}
			for k := 0; k < m.Type.NumOut(); k++ {
				check(f.Name+"."+m.Name+" result", m.Type.Out(k))
			}
		}
	}
	assert.Greater(t, methods, 100, "every service method is walked")
	assert.Greater(t, len(seen), 100, "and the types they reach")
}

// TestExamplesDoNotExitPastDefers: log.Fatal exits without running deferred calls (a fake
// server left open, a session not revoked), so no example, runnable or Example function, calls
// it or os.Exit outside the one process wrapper (examples/internal/portal.Main).
func TestExamplesDoNotExitPastDefers(t *testing.T) {
	t.Parallel()
	var files []string
	for _, pattern := range []string{"*example*_test.go", "unmeteredtest/*example*_test.go", "unmetereddns/*example*_test.go", "examples/*/*.go"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.Greater(t, len(files), 10)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, bad := range []string{"log.Fatal", "log.Panic", "os.Exit("} {
			assert.NotContains(t, string(b), bad, f)
		}
	}
}
