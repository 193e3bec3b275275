package main

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/spf13/cobra"

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
	items := []row{{1, "web\tserver\nx"}, {22, "\x1b]0;owned\x07b"}}

	// On a terminal: aligned columns, for people.
	a := &app{out: &buf, output: formatTable, outTTY: true}
	require.NoError(t, printList(a, items, rowCols))
	assert.Equal(t, "ID  NAME\n1   web server x\n22   ]0;owned b\n", buf.String())

	// Piped: one tab between cells, nothing padded or cut; a cell's own tabs and newlines are
	// spaces, so the tabs always separate.
	buf.Reset()
	a.outTTY = false
	require.NoError(t, printList(a, items, rowCols))
	assert.Equal(t, "ID\tNAME\n1\tweb server x\n22\t ]0;owned b\n", buf.String())

	for _, tty := range []bool{true, false} {
		buf.Reset()
		a.outTTY = tty
		require.NoError(t, printList(a, nil, rowCols))
		assert.Equal(t, "ID"+map[bool]string{true: "  ", false: "\t"}[tty]+"NAME\n", buf.String(), "an empty table keeps its header")
	}
}

func TestPrintListColumns(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	items := []row{{1, "a"}, {22, "b"}}
	a := &app{out: &buf, output: formatTable, columns: []string{"name", "id", "name"}}
	require.NoError(t, printList(a, items, rowCols))
	assert.Equal(t, "NAME\tID\tNAME\na\t1\ta\nb\t22\tb\n", buf.String())

	buf.Reset()
	a.noHeader, a.columns = true, []string{"id"}
	require.NoError(t, printList(a, items, rowCols))
	assert.Equal(t, "1\n22\n", buf.String())

	buf.Reset()
	a.columns = nil
	a.outTTY = true
	require.NoError(t, printList(a, items, rowCols))
	assert.Equal(t, "1   a\n22  b\n", buf.String(), "--no-header on a terminal")

	// -o json ignores both: the JSON has every field.
	buf.Reset()
	a.output, a.columns = formatJSON, []string{"id"}
	require.NoError(t, printList(a, items, rowCols))
	assert.JSONEq(t, `[{"id": 1, "name": "a"}, {"id": 22, "name": "b"}]`, buf.String())
}

func TestColumnName(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]string{"ID": "id", "NEXT DUE": "next_due", "AUTO-RENEW": "auto_renew", " Days left ": "days_left"} {
		assert.Equal(t, want, columnName(header), header)
	}
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

// outputCmds returns a command that prints rowCols's list and one that prints no list, with the
// root's persistent flags, for checkOutput.
func outputCmds(a *app) (list, other *cobra.Command) {
	root := &cobra.Command{Use: "unmetered"}
	root.PersistentFlags().StringVarP(&a.output, "output", "o", formatTable, "")
	root.PersistentFlags().StringVarP(&a.jqExpr, "jq", "q", "", "")
	list = listCommand(a, &cobra.Command{Use: "list"}, rowCols)
	other = &cobra.Command{Use: "show"}
	root.AddCommand(list, other)
	return list, other
}

func TestCheckOutput(t *testing.T) {
	t.Parallel()
	check := func(cmd *cobra.Command, args ...string) error {
		require.NoError(t, cmd.ParseFlags(args))
		return cmd.Root().PersistentPreRunE(cmd, nil)
	}
	for _, tc := range []struct {
		args    []string
		output  string
		columns []string
	}{
		{nil, formatTable, nil},
		{[]string{"-o", "json"}, formatJSON, nil},
		{[]string{"-o", "yaml"}, formatYAML, nil},
		{[]string{"-o", "columns=NAME,id"}, formatTable, []string{"name", "id"}},
		{[]string{"-o", "columns= Name , ID"}, formatTable, []string{"name", "id"}},
		{[]string{"--jq", ".[].id"}, formatTable, nil},
		{[]string{"-o", "json", "-q", ".[].id"}, formatJSON, nil},
	} {
		a := &app{}
		list, _ := outputCmds(a)
		list.Root().PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return a.checkOutput(cmd) }
		require.NoError(t, check(list, tc.args...), "%v", tc.args)
		assert.Equal(t, tc.output, a.output, "%v", tc.args)
		assert.Equal(t, tc.columns, a.columns, "%v", tc.args)
		assert.Equal(t, slices.Contains(tc.args, ".[].id"), a.jq != nil, "%v", tc.args)
		assert.Equal(t, a.jq != nil || tc.output != formatTable, a.structured(), "%v", tc.args)
	}
	for _, tc := range []struct {
		list bool
		args []string
		want string
	}{
		{true, []string{"-o", "xml"}, `-o "xml": the output format is table, json, yaml or columns=NAME,NAME (a list's columns)`},
		{true, []string{"-o", "columns=id,size"}, `-o columns: no column "size"; "unmetered list" has id, name`},
		{true, []string{"-o", "columns=id,,name"}, `-o columns: an empty column name; "unmetered list" has id, name`},
		{true, []string{"-o", "columns="}, `-o columns: an empty column name; "unmetered list" has id, name`},
		{false, []string{"-o", "columns=id"}, `-o columns: "unmetered show" prints no list; -o columns=... picks the columns of a list's table`},
		{true, []string{"-o", "yaml", "--jq", "."}, `--jq filters JSON: it cannot go with -o yaml (drop -o, or give -o json)`},
		{true, []string{"-o", "table", "--jq", "."}, `--jq filters JSON: it cannot go with -o table (drop -o, or give -o json)`},
		{true, []string{"-o", "columns=id", "--jq", "."}, `--jq filters JSON: it cannot go with -o columns=id (drop -o, or give -o json)`},
		{true, []string{"--jq", ".[] | "}, `--jq ".[] | ": unexpected EOF`},
		{true, []string{"--jq", "nosuchfunction(1)"}, `--jq "nosuchfunction(1)": function not defined: nosuchfunction/1`},
	} {
		a := &app{}
		list, other := outputCmds(a)
		cmd := other
		if tc.list {
			cmd = list
		}
		cmd.Root().PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return a.checkOutput(cmd) }
		err := check(cmd, tc.args...)
		assert.EqualError(t, err, tc.want, "%v", tc.args)
		assert.Equal(t, exitUsage, exitCode(err), "%v", tc.args)
		assert.Equal(t, formatTable, a.output, "%v: the error about -o is itself printed as text", tc.args)
	}
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
