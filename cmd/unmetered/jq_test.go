package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jqApp returns an app whose --jq is expr, compiled.
func jqApp(t *testing.T, expr string, tty bool) (*app, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	a := &app{out: &buf, outTTY: tty, jqExpr: expr}
	require.NoError(t, a.compileJQ())
	return a, &buf
}

func TestJQ(t *testing.T) {
	t.Parallel()
	items := []row{{1, "a\tb"}, {12345678901234567, "<b>"}}
	for _, tc := range []struct {
		expr string
		tty  bool
		want string
	}{
		// Strings raw, as gh --jq and jq -r print them.
		{".[].name", false, "a\tb\n<b>\n"},
		// Anything else as JSON: one line each when piped, indented on a terminal.
		{".[]", false, "{\"id\":1,\"name\":\"a\\tb\"}\n{\"id\":12345678901234567,\"name\":\"<b>\"}\n"},
		{".[0]", true, "{\n  \"id\": 1,\n  \"name\": \"a\\tb\"\n}\n"},
		{"[.[].id]", false, "[1,12345678901234567]\n"},
		{".[1].id + 1", false, "12345678901234568\n"}, // big ids keep every digit
		{"length", false, "2\n"},
		{".[] | select(.id > 5) | .id", false, "12345678901234567\n"},
		{"empty", false, ""},
		{".[0].missing", false, "null\n"},
		{"1, halt, 2", false, "1\n"},
	} {
		a, buf := jqApp(t, tc.expr, tc.tty)
		require.True(t, a.structured(), tc.expr)
		require.NoError(t, printList(a, items, rowCols), tc.expr)
		assert.Equal(t, tc.want, buf.String(), tc.expr)
	}
}

// TestJQRuntimeError: an expression that fails on the data prints what came before and is an
// error of exit code 1, not a usage error (the data could not have been known in advance).
func TestJQRuntimeError(t *testing.T) {
	t.Parallel()
	a, buf := jqApp(t, `.[] | .id, .name.x`, false)
	err := printList(a, []row{{1, "a"}}, rowCols)
	require.Error(t, err)
	assert.Equal(t, "1\n", buf.String())
	assert.Contains(t, err.Error(), "--jq: expected an object but got: string")
	assert.Equal(t, exitFailure, exitCode(err))

	a, _ = jqApp(t, `"stop" | halt_error`, false)
	err = a.writeData(1)
	assert.Equal(t, exitFailure, exitCode(err), "%v", err)
}

// TestJQCancelled: Ctrl-C ends an expression that would run forever.
func TestJQCancelled(t *testing.T) {
	t.Parallel()
	a, _ := jqApp(t, `def f: f; f`, false)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	a.ctx = ctx
	err := a.writeData(1)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
