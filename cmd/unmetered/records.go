package main

import (
	"fmt"
	"strings"

	unmetered "github.com/unmetered/unmetered-go"
)

// Record selection, shared by "dns record update|delete" and "domain dns update|delete":
// records are chosen by owner name, type and (when given) value, never by an id or index
// alone, which a typo or a shifted index would turn into the wrong record.

// selectRecords returns the records of recs that match: exactly one, or with all every match
// (at least one). No match is an error wrapping ErrNotFound; several without all is a usage
// error (exit code 2, nothing changed) that lists them and says how to choose (hasAll: the
// command has --all).
func selectRecords[T any](recs []T, match func(T) bool, describe func(T) string, what string, all, hasAll bool) ([]T, error) {
	found := filter(recs, match)
	switch {
	case len(found) == 0:
		return nil, fmt.Errorf("no record matches %s: %w", what, unmetered.ErrNotFound)
	case len(found) == 1 || all:
		return found, nil
	}
	lines := make([]string, len(found))
	for i, r := range found {
		lines[i] = describe(r)
	}
	how := "give the VALUE of the one you mean"
	if hasAll {
		how += ", or --all for every one"
	}
	return nil, usageErrorf("%d records match %s (%s): %s", len(found), what, strings.Join(lines, "; "), how)
}

// selection spells what a selection asks for, for messages: `www A "192.0.2.1"`.
func selection(name, typ, value string, hasValue bool) string {
	s := name + " " + strings.ToUpper(typ)
	if hasValue {
		s += fmt.Sprintf(" %q", value)
	}
	return s
}

// sameHost compares host names and targets as DNS does: without case, with or without the
// final dot.
func sameHost(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(strings.TrimSpace(a), "."), strings.TrimSuffix(strings.TrimSpace(b), "."))
}

// ownerName spells a registrar record's owner name for comparison: "@" for the apex ("" or
// "@"), lower case, without a final dot.
func ownerName(s string) string {
	s = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if s == "" {
		return "@"
	}
	return s
}
