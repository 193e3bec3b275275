package main

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
)

func TestParseWithin(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"30": 30, "30d": 30, " 2w": 14, "720h": 30, "1h": 1, "0": 0, "25h": 2} {
		got, err := parseWithin(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "soon", "-1", "-5h", "3x", "1e9"} {
		_, err := parseWithin(in)
		assert.True(t, isUsage(err), "%q: %v", in, err)
	}
}

func TestParseEnum(t *testing.T) {
	t.Parallel()
	got, err := parseEnum("--status", " unpaid", invoiceStatuses)
	require.NoError(t, err)
	assert.Equal(t, unmetered.InvoiceUnpaid, got)
	_, err = parseEnum("--status", "Overdue", invoiceStatuses)
	assert.True(t, isUsage(err))
	assert.EqualError(t, err, `--status "Overdue": use one of Paid, Unpaid, Cancelled, Refunded, Collections, Draft`)
}

func TestParseID(t *testing.T) {
	t.Parallel()
	id, err := parseID("invoice", "308977")
	require.NoError(t, err)
	assert.Equal(t, int64(308977), id)
	for _, in := range []string{"0", "-1", "abc", "1.5", "99999999999999999999"} {
		_, err := parseID("invoice", in)
		assert.True(t, isUsage(err), in)
	}
}

func TestSelectRecords(t *testing.T) {
	t.Parallel()
	recs := []unmetered.ZoneRecord{{ID: 1, Name: "www", Type: "A", Content: "192.0.2.1"}, {ID: 2, Name: "www", Type: "A", Content: "192.0.2.2"}}
	isWWW := func(r unmetered.ZoneRecord) bool { return r.Name == "www" }
	_, err := selectRecords(recs, isWWW, describeZoneRecord, "www A", false, false)
	assert.True(t, isUsage(err), "ambiguous: exit code 2")
	assert.EqualError(t, err, `2 records match www A (#1 www A "192.0.2.1"; #2 www A "192.0.2.2"): give the VALUE of the one you mean`)
	got, err := selectRecords(recs, isWWW, describeZoneRecord, "www A", true, true)
	require.NoError(t, err)
	assert.Len(t, got, 2)
	_, err = selectRecords(recs, func(unmetered.ZoneRecord) bool { return false }, describeZoneRecord, "x A", true, true)
	assert.True(t, errors.Is(err, unmetered.ErrNotFound))
	assert.Equal(t, exitFailure, exitCode(err))
}
