package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestZoneFileGenerateTextBound is the regression test of a $GENERATE line that multiplies its
// own length: the record bound held, but one directive of 4 KB of data over 10,000 names (4 KB
// of input) made 40 MB of records, and over 65,536 names a 10 KB line made 650 MB (7 GB
// allocated, 10 s). Such a file is refused before anything is expanded, by the bytes its
// directives would make. Not parallel: AllocsPerRun counts the process's allocations.
func TestZoneFileGenerateTextBound(t *testing.T) {
	long := "$GENERATE 0-9999 h$ TXT \"" + strings.Repeat("v", 4000) + "\"\n"
	_, err := parseZoneFile([]byte(long), "example.com", "long.zone")
	require.Error(t, err)
	assert.Equal(t, "long.zone: its $GENERATE directives make about 38 MiB of records, more than the 32 MiB a zone file may hold", err.Error())
	allocs := testing.AllocsPerRun(3, func() {
		_, _ = parseZoneFile([]byte(long), "example.com", "long.zone")
	})
	assert.Less(t, allocs, 200.0, "refused before expanding: a few allocations, not one per record")

	// What the estimate cannot see, modifiers that write more than their own length
	// (${0,255,d} is 10 bytes that write 255), the parse counts as it goes.
	wide := "$GENERATE 0-999 h$ TXT " + strings.Repeat("${0,255,d}", 45) + "\n"
	_, err = readZoneFile([]byte(wide), "example.com", "wide.zone", zoneFileBounds{records: maxZoneFileRecords, text: 1 << 20})
	require.Error(t, err)
	assert.Equal(t, "wide.zone: its records hold more than the 1 MiB of names and data a zone file may hold", err.Error())

	// A file within both bounds is read whole.
	zf, err := readZoneFile([]byte("$GENERATE 1-100 h$ A 192.0.2.1\n$GENERATE 1-100 g$ TXT \"v=1\"\n"), "example.com", "ok.zone",
		zoneFileBounds{records: 200, text: 8 << 10})
	require.NoError(t, err)
	assert.Len(t, zf.records, 200)
}

// TestZoneFileGenerateFields is the regression test of a $GENERATE directive of many fields,
// which miekg/dns joins in time that grows with their number times the line's length: 400 KB
// of "a " took 34 s and allocated 78 GB before the record was refused. A directive of more
// fields than a record needs is refused before miekg/dns reads it. Not parallel: AllocsPerRun.
func TestZoneFileGenerateFields(t *testing.T) {
	many := "$GENERATE 1-3 h$ TXT " + strings.Repeat("a ", 20000) + "\n"
	_, err := parseZoneFile([]byte(many), "example.com", "many.zone")
	require.Error(t, err)
	assert.Equal(t, "many.zone: a $GENERATE directive has 20004 fields, more than the 16 it may have (a range, an owner, a TTL, a class, a type and its data)",
		err.Error())
	allocs := testing.AllocsPerRun(3, func() {
		_, _ = parseZoneFile([]byte(many), "example.com", "many.zone")
	})
	assert.Less(t, allocs, 200.0, "refused before miekg/dns joins the fields")

	// The fields of a directive are counted through its continuation lines.
	paren := "$GENERATE 1-3 h$ TXT (\n" + strings.Repeat("\"a\"\n", 20) + ")\n"
	_, err = parseZoneFile([]byte(paren), "example.com", "paren.zone")
	assert.ErrorContains(t, err, "has 24 fields")
}

// TestDirectiveExtent: a directive ends at the newline outside parentheses and quotes; its
// fields are the words outside quotes, a quoted string (spaces, newlines and escaped quotes
// included) being one; comments count nothing.
func TestDirectiveExtent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text   string
		size   int // the directive's length in text
		fields int
	}{
		{"$GENERATE 1-5 h$ A 192.0.2.1\nnext", 29, 5},
		{"$GENERATE 1-5 h$ A 192.0.2.1", 28, 5},
		{"$GENERATE\t1-5\th$  A\t192.0.2.1\r\nnext", 31, 5},
		{"$GENERATE 1-5 h$ TXT \"a b\\\" c\" \"d\nx\"\nnext", 37, 6},
		{"$GENERATE 1-5 h$ TXT ( \"a\" ; \"b\" c\n \"d\" ) ; e f\nnext", 48, 6},
		{"$GENERATE 1-5 h$ TXT x\\\ny\nnext", 26, 5}, // an escaped newline counts on, never fewer
		{"$GENERATE 1-5 h$ TXT \"never closed\nnext", 39, 5},
		{"$GENERATE 1-5 h$ TXT ( open\nnext", 32, 6},
	} {
		size, fields := directiveExtent([]byte(tc.text))
		assert.Equal(t, tc.size, size, "%q", tc.text)
		assert.Equal(t, tc.fields, fields, "%q", tc.text)
	}
}
