package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/spf13/cobra"
)

// Output formats of -o.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatYAML  = "yaml"
	// columnsPrefix starts "-o columns=id,name": a list's table with the columns named, in
	// that order.
	columnsPrefix = "columns="
)

// outputFlagHelp is the help of -o.
const outputFlagHelp = "output format: table, json, yaml, or columns=NAME,... (a list's table with those columns)"

// checkOutput validates -o and --jq for cmd, the command about to run, before anything is sent:
// an unknown format, a column the command's list does not have, or --jq with an output that is
// not JSON is a usage error. It leaves a.output one of the formats and a.columns the columns
// picked.
func (a *app) checkOutput(cmd *cobra.Command) error {
	given := a.output
	if a.jqExpr != "" && cmd.Flags().Changed("output") && given != formatJSON {
		a.output = formatTable
		return &usageError{err: fmt.Errorf("--jq filters JSON: it cannot go with -o %s (drop -o, or give -o json)", given), badCommandLine: true}
	}
	switch {
	case given == formatTable, given == formatJSON, given == formatYAML:
	case strings.HasPrefix(given, columnsPrefix):
		a.output = formatTable // so that an error is printed as text
		cols, err := pickColumns(cmd, strings.TrimPrefix(given, columnsPrefix))
		if err != nil {
			return err
		}
		a.columns = cols
	default:
		a.output = formatTable
		return &usageError{err: fmt.Errorf("-o %q: the output format is table, json, yaml or columns=NAME,NAME (a list's columns)", given), badCommandLine: true}
	}
	if a.jqExpr != "" {
		return a.compileJQ()
	}
	return nil
}

// structured reports whether the output is data for programs (-o json, -o yaml, --jq) rather
// than text for people.
func (a *app) structured() bool {
	return a.output == formatJSON || a.output == formatYAML || a.jq != nil
}

// writeData writes v, one of the SDK's types or a command's result, in the structured output
// format: JSON, YAML with the same fields and names, or what --jq makes of the JSON.
func (a *app) writeData(v any) error {
	switch {
	case a.jq != nil:
		return a.writeJQ(v)
	case a.output == formatYAML:
		return writeYAML(a.out, v)
	default:
		return writeJSON(a.out, v)
	}
}

// column is one column of a list's table: its header and how to read a row's cell.
type column[T any] struct {
	header string
	value  func(T) any
}

// columnsAnnotation is the cobra annotation of a command that prints a list: the headers of its
// table's columns, comma-separated (see listCommand).
const columnsAnnotation = "unmetered-columns"

// columnName is a header's name for -o columns: lower case, words joined by '_' ("NEXT DUE" is
// next_due, "AUTO-RENEW" auto_renew).
func columnName(header string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(header))
}

// listCommand marks cmd as a command whose output is a list printed with cols: -o columns=...
// may pick among them and --no-header drops the header row. cmd must print its list with
// exactly these cols.
func listCommand[T any](a *app, cmd *cobra.Command, cols []column[T]) *cobra.Command {
	// The headers as they are: the names are made from them only for -o columns (every
	// command is built at every start).
	var headers strings.Builder
	for i, c := range cols {
		if i > 0 {
			headers.WriteByte(',')
		}
		headers.WriteString(c.header)
	}
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[columnsAnnotation] = headers.String()
	cmd.Flags().BoolVar(&a.noHeader, "no-header", false, "leave out the table's header row")
	return cmd
}

// pickColumns parses the NAME,... of -o columns=NAME,... for cmd: names of its list's columns in
// any case, '-' or '_' between words. A command that prints no list, an empty or an unknown
// name is a usage error that lists the columns there are.
func pickColumns(cmd *cobra.Command, spec string) ([]string, error) {
	names := columnNames(cmd)
	if names == nil {
		return nil, &usageError{err: fmt.Errorf("-o columns: %q prints no list; -o columns=... picks the columns of a list's table", cmd.CommandPath()), badCommandLine: true}
	}
	var picked []string
	for want := range strings.SplitSeq(spec, ",") {
		name := columnName(want)
		if !slices.Contains(names, name) {
			what := fmt.Sprintf("no column %q", strings.TrimSpace(want))
			if name == "" {
				what = "an empty column name"
			}
			return nil, &usageError{err: fmt.Errorf("-o columns: %s; %q has %s", what, cmd.CommandPath(), strings.Join(names, ", ")), badCommandLine: true}
		}
		picked = append(picked, name)
	}
	return picked, nil
}

// columnNames returns the names of the columns of cmd's list (see columnName), or nil when cmd
// prints no list.
func columnNames(cmd *cobra.Command) []string {
	headers := cmd.Annotations[columnsAnnotation]
	if headers == "" {
		return nil
	}
	names := strings.Split(headers, ",")
	for i, h := range names {
		names[i] = columnName(h)
	}
	return names
}

// selectColumns returns the columns of cols that names picks, in that order, or cols when names
// is empty.
func selectColumns[T any](cols []column[T], names []string) ([]column[T], error) {
	if len(names) == 0 {
		return cols, nil
	}
	out := make([]column[T], 0, len(names))
	for _, name := range names {
		i := slices.IndexFunc(cols, func(c column[T]) bool { return columnName(c.header) == name })
		if i < 0 { // listCommand was given other columns than the command prints
			return nil, fmt.Errorf("-o columns: this list has no column %q", name)
		}
		out = append(out, cols[i])
	}
	return out, nil
}

// printList prints items as a table with one row per item (see writeTable; -o columns picks
// and orders its columns, --no-header drops its header), or in the structured format as a list
// of the SDK's types: [] when there are none, never null.
func printList[T any](a *app, items []T, cols []column[T]) error {
	if a.structured() {
		if items == nil {
			items = []T{}
		}
		return a.writeData(items)
	}
	cols, err := selectColumns(cols, a.columns)
	if err != nil {
		return err
	}
	var header []string
	if !a.noHeader {
		header = headers(cols)
	}
	return writeTable(a.out, a.outTTY, header, rows(items, cols))
}

func headers[T any](cols []column[T]) []string {
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.header
	}
	return h
}

// rows returns the cells of items' table.
func rows[T any](items []T, cols []column[T]) [][]string {
	out := make([][]string, len(items))
	for i, item := range items {
		cells := make([]string, len(cols))
		for j, c := range cols {
			cells[j] = cell(c.value(item))
		}
		out[i] = cells
	}
	return out
}

// writeTable writes a table: on a terminal (aligned) its columns padded to line up, for people;
// otherwise each row's cells separated by one tab and nothing cut, for cut, awk and
// "while IFS=$'\t' read", as gh does. header is its first row, unless nil. Cells hold no
// control characters (see cell), so a tab or newline always separates.
func writeTable(w io.Writer, aligned bool, header []string, rows [][]string) error {
	var tw interface {
		io.Writer
		Flush() error
	}
	if aligned {
		tw = newTable(w)
	} else {
		tw = bufio.NewWriter(w)
	}
	if header != nil {
		fmt.Fprintln(tw, strings.Join(header, "\t"))
	}
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// field is one line of an object's table: a label and its value.
type field struct {
	label string
	value any
}

// printObject prints one object as "LABEL: value" lines, aligned for people whatever stdout is
// (a script reads -o json), or in the structured format as the SDK's type v.
func (a *app) printObject(v any, fields []field) error {
	if a.structured() {
		return a.writeData(v)
	}
	tw := newTable(a.out)
	for _, f := range fields {
		fmt.Fprintf(tw, "%s:\t%s\n", f.label, cell(f.value))
	}
	return tw.Flush()
}

// progressf writes a progress note to stderr when stderr is a terminal, and nothing otherwise:
// a script's logs get no progress noise.
func (a *app) progressf(format string, args ...any) {
	if a.errTTY {
		fmt.Fprintf(a.err, format+"\n", args...)
	}
}

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

// writeJSON writes v as indented JSON with a final newline. HTML characters stay as they are:
// the output goes to jq and files, not to web pages.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// cell formats a value for a table: times in UTC as "2006-01-02 15:04:05" (the portal's layout)
// and zero times as "", the rest by fmt (so by their String method). Control characters a
// server sent (tabs, newlines, terminal escapes) become spaces, so a cell cannot break the table
// or drive the terminal.
func cell(v any) string {
	var s string
	switch v := v.(type) {
	case nil:
	case string:
		s = v
	case time.Time:
		if !v.IsZero() {
			s = v.UTC().Format("2006-01-02 15:04:05")
		}
	default: // fmt uses a Stringer's String, and survives a nil pointer
		s = fmt.Sprint(v)
	}
	return sanitize(s)
}

// sanitize replaces control characters with spaces.
func sanitize(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// printSection prints a titled table below an object's lines (table output only: in the
// structured formats the list is a field of the object). It belongs to the object's view, so it
// is aligned and keeps its header whatever stdout is.
func printSection[T any](a *app, title string, items []T, cols []column[T]) error {
	if len(items) == 0 {
		return nil
	}
	fmt.Fprintf(a.out, "\n%s:\n", title)
	return writeTable(a.out, true, headers(cols), rows(items, cols))
}
