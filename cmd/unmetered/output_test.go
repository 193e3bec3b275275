package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
)

type row struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

var rowCols = []column[row]{
	{"ID", func(r row) any { return r.ID }},
	{"NAME", func(r row) any { return r.Name }},
}

func TestPrintListJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	a := &app{out: &buf, output: formatJSON}
	require.NoError(t, printList(a, []row{{1, "a<b>&c"}, {22, "b"}}, rowCols))
	assert.Equal(t, "[\n  {\n    \"id\": 1,\n    \"name\": \"a<b>&c\"\n  },\n  {\n    \"id\": 22,\n    \"name\": \"b\"\n  }\n]\n", buf.String())

	for name, empty := range map[string][]row{"nil": nil, "empty": {}} {
		buf.Reset()
		require.NoError(t, printList(a, empty, rowCols))
		assert.Equal(t, "[]\n", buf.String(), "%s: a list is a JSON array, never null", name)
	}
}

func TestPrintListTable(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	a := &app{out: &buf, output: formatTable}
	require.NoError(t, printList(a, []row{{1, "web\tserver\nx"}, {22, "\x1b]0;owned\x07b"}}, rowCols))
	assert.Equal(t, "ID  NAME\n1   web server x\n22   ]0;owned b\n", buf.String())

	buf.Reset()
	require.NoError(t, printList(a, nil, rowCols))
	assert.Equal(t, "ID  NAME\n", buf.String(), "an empty table keeps its header")
}

func TestPrintObject(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	a := &app{out: &buf, output: formatTable}
	v := row{7, "x"}
	fields := []field{{"ID", v.ID}, {"Name", v.Name}, {"Long label", ""}}
	require.NoError(t, a.printObject(v, fields))
	assert.Equal(t, "ID:          7\nName:        x\nLong label:  \n", buf.String())

	buf.Reset()
	a.output = formatJSON
	require.NoError(t, a.printObject(v, fields))
	assert.JSONEq(t, `{"id": 7, "name": "x"}`, buf.String())
}

func TestCell(t *testing.T) {
	t.Parallel()
	var nilDecimal *unmetered.Decimal
	at := time.Date(2024, 2, 29, 23, 30, 0, 0, time.FixedZone("CET", 3600))
	for _, tc := range []struct {
		in   any
		want string
	}{
		{nil, ""},
		{"plain", "plain"},
		{int64(47), "47"},
		{true, "true"},
		{at, "2024-02-29 22:30:00"},
		{time.Time{}, ""},
		{unmetered.Secret("hunter2"), "[REDACTED]"},
		{nilDecimal, "<nil>"},
		{"a\r\nb", "a  b"},
	} {
		assert.Equal(t, tc.want, cell(tc.in), "%#v", tc.in)
	}
}

func TestCheckOutput(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{formatTable, formatJSON} {
		a := &app{output: ok}
		assert.NoError(t, a.checkOutput())
	}
	a := &app{output: "yaml"}
	err := a.checkOutput()
	assert.Equal(t, exitUsage, exitCode(err))
	assert.Equal(t, formatTable, a.output, "the error about -o is itself printed as text")
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	a := &app{err: &buf}
	a.progressf("applying %d changes", 3)
	assert.Empty(t, buf.String(), "no progress in a script's logs")
	a.errTTY = true
	a.progressf("applying %d changes", 3)
	assert.Equal(t, "applying 3 changes\n", buf.String())
}
