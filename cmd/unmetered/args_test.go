package main

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
)

func TestParseWithin(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]period{
		"30d": {days: 30}, " 4W ": {days: 28}, "0d": {}, "2mo": {months: 2}, "1y": {years: 1}, "90d": {days: 90},
	} {
		got, err := parseWithin(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for in, hint := range map[string]string{
		"2m": `months are "mo"`, "30": "needs its unit", "1h": "", "720h": "", "30m": `"m" could be minutes`,
		"": "", "soon": "", "-1d": "", "3x": "", "1e9d": "", "2 mo": "", "1234567d": "", "1.5y": "",
	} {
		_, err := parseWithin(in)
		require.True(t, isUsage(err), "%q: %v", in, err)
		assert.Contains(t, err.Error(), "give days, weeks, months or years, like 30d, 4w, 2mo or 1y", in)
		assert.Contains(t, err.Error(), hint, in)
	}
}

// TestPeriodAfter: months and years are calendar ones, ending at the month's last day when the
// day does not exist there.
func TestPeriodAfter(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		return d
	}
	for _, tc := range []struct {
		from string
		p    period
		want string
	}{
		{"2030-06-15", period{months: 2}, "2030-08-15"},
		{"2030-01-31", period{months: 1}, "2030-02-28"},
		{"2032-01-31", period{months: 1}, "2032-02-29"},
		{"2032-02-29", period{years: 1}, "2033-02-28"},
		{"2030-12-15", period{months: 1}, "2031-01-15"},
		{"2030-11-30", period{months: 14}, "2032-01-30"},
		{"2030-06-15", period{days: 30}, "2030-07-15"},
		{"2030-06-15", period{}, "2030-06-15"},
	} {
		assert.Equal(t, tc.want, tc.p.after(day(tc.from)).Format(time.DateOnly), "%s + %+v", tc.from, tc.p)
	}
}

// TestExpiresWithin: counted from the portal's today (Expires less DaysToExpire), today
// included; expired and cancelled registrations and those without a date are not expiring.
func TestExpiresWithin(t *testing.T) {
	t.Parallel()
	exp := func(s string) unmetered.Date {
		d, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		return unmetered.Date{Time: d}
	}
	// The portal's today is 2030-01-31 for each of these.
	feb28 := unmetered.Domain{Status: unmetered.DomainActive, Expires: exp("2030-02-28"), DaysToExpire: 28}
	mar01 := unmetered.Domain{Status: unmetered.DomainActive, Expires: exp("2030-03-01"), DaysToExpire: 29}
	assert.True(t, expiresWithin(feb28, period{months: 1}))
	assert.False(t, expiresWithin(mar01, period{months: 1}), "not 30-day months, nor AddDate's 3 March")
	assert.True(t, expiresWithin(mar01, period{days: 29}))
	assert.False(t, expiresWithin(mar01, period{days: 28}))
	today := unmetered.Domain{Status: unmetered.DomainActive, Expires: exp("2030-01-31")}
	assert.True(t, expiresWithin(today, period{}))
	gone := feb28
	gone.Status = unmetered.DomainExpired
	assert.False(t, expiresWithin(gone, period{years: 1}))
	assert.False(t, expiresWithin(unmetered.Domain{Status: unmetered.DomainActive}, period{years: 1}), "no expiry date")
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
