package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// Output formats of -o.
const (
	formatTable = "table"
	formatJSON  = "json"
)

// checkOutput validates -o.
func (a *app) checkOutput() error {
	switch a.output {
	case formatTable, formatJSON:
		return nil
	}
	bad := a.output
	a.output = formatTable // so the error itself is printed as text
	return &usageError{err: fmt.Errorf("-o %q: the output format is table or json", bad), badCommandLine: true}
}

// column is one column of a list's table: its header and how to read a row's cell.
type column[T any] struct {
	header string
	value  func(T) any
}

// printList prints items as a table with one row per item, or with -o json as a JSON array of
// the SDK's types ([] when there are none, never null).
func printList[T any](a *app, items []T, cols []column[T]) error {
	if a.output == formatJSON {
		if items == nil {
			items = []T{}
		}
		return writeJSON(a.out, items)
	}
	tw := newTable(a.out)
	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = c.header
	}
	fmt.Fprintln(tw, strings.Join(headers, "\t"))
	cells := make([]string, len(cols))
	for _, item := range items {
		for i, c := range cols {
			cells[i] = cell(c.value(item))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// field is one line of an object's table: a label and its value.
type field struct {
	label string
	value any
}

// printObject prints one object as "LABEL: value" lines, or with -o json as the SDK's type v.
func (a *app) printObject(v any, fields []field) error {
	if a.output == formatJSON {
		return writeJSON(a.out, v)
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

// printSection prints a titled table below an object's lines (table output only: in JSON the
// list is a field of the object).
func printSection[T any](a *app, title string, items []T, cols []column[T]) error {
	if len(items) == 0 {
		return nil
	}
	fmt.Fprintf(a.out, "\n%s:\n", title)
	return printList(a, items, cols)
}
