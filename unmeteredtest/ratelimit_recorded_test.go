package unmeteredtest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go/internal/recording"
)

// The fake under WithRateLimit against the recorded real server (traffic of a HostBill DNS API,
// 2023, in the repository's testdata/recorded/ratelimit-2023.tsv): the same requests at the same
// times get the same rate-limit headers.
func TestRateLimitReplaysTheRecording(t *testing.T) {
	t.Parallel()
	rows := readRecording(t)
	clock := newFakeClock()
	clock.now = rows[0].Date
	srv := NewTestServer(t, WithClock(clock.Now), WithRateLimit(RecordedRateLimit, RecordedRateWindow))

	var windowEnd time.Time
	var created []int // ids of the records the replay created, the latest last
	nextID := 56      // the id the fake gives the next record
	var resetOffByOne []string
	for i, row := range rows {
		require.False(t, row.Date.Before(clock.Now()), "row %d: the recording is in the order of its Dates", i)
		if row.Login() && !row.Date.Before(windowEnd) {
			// The first login of a window in the recording. Its Reset dates the window's start;
			// its Remaining says how many logins of the window the recording does not show
			// (three at 12:55:09, one at 13:11:52): make them first.
			windowEnd = row.Date.Add(time.Duration(row.Reset) * time.Second)
			clock.now = windowEnd.Add(-RecordedRateWindow)
			for range RecordedRateLimit - 1 - row.Remaining {
				require.Equal(t, http.StatusOK, sendLogin(t, srv, false).Status)
			}
		}
		clock.now = row.Date

		path := strings.NewReplacer("@service_id", "10", "@zone_id", "60").Replace(row.Route)
		if strings.Contains(path, "@record_id") {
			id := 13 // a seeded record, when the replay created none
			if len(created) > 0 {
				id = created[len(created)-1]
			}
			path = strings.Replace(path, "@record_id", strconv.Itoa(id), 1)
		}
		var resp rawResponse
		switch {
		case row.Login():
			resp = sendLogin(t, srv, false)
		case row.Method == http.MethodPost:
			resp = send(t, srv, row.Method, path, obj{"type": "TXT", "name": "replay", "content": "x", "ttl": 3600})
			created, nextID = append(created, nextID), nextID+1
		case row.Method == http.MethodPut:
			resp = send(t, srv, row.Method, path, obj{"type": "A", "name": "qwerty", "content": "192.0.2.7", "ttl": 60})
		default:
			resp = send(t, srv, row.Method, path, nil)
			if row.Method == http.MethodDelete && len(created) > 0 {
				created = created[:len(created)-1]
			}
		}
		assert.NotEqual(t, http.StatusTooManyRequests, resp.Status, "row %d", i)
		assert.Equal(t, row.Date.Format(http.TimeFormat), resp.Header.Get("Date"), "row %d", i)
		if !row.Login() {
			assertAnnounced(t, resp, "", "", "", "row %d: %s %s announces nothing", i, row.Method, row.Route)
			continue
		}
		assert.Equal(t, http.StatusOK, resp.Status, "row %d", i)
		assert.Equal(t, strconv.Itoa(RecordedRateLimit), resp.Header.Get("X-RateLimit-Limit"), "row %d", i)
		assert.Equal(t, strconv.Itoa(row.Remaining), resp.Header.Get("X-RateLimit-Remaining"), "row %d", i)
		reset, err := strconv.Atoi(resp.Header.Get("X-RateLimit-Reset"))
		require.NoError(t, err)
		assert.Equal(t, windowEnd, row.Date.Add(time.Duration(reset)*time.Second), "row %d: Date plus Reset lands on the window's end", i)
		if reset != row.Reset {
			resetOffByOne = append(resetOffByOne, row.Date.Format("15:04:05")+" "+strconv.Itoa(row.Reset)+"/"+strconv.Itoa(reset))
			assert.Equal(t, row.Reset-1, reset, "row %d", i)
		}
	}
	// Three times the real server's Date plus Reset landed a second after the other 23 logins'
	// (12:59:10 instead of 12:59:09: its Date and its Reset were not read at the same moment);
	// the fake, which reads one clock once, lands on the window's end every time. So the real
	// window's end may lie up to a second after Date plus Reset, the second the SDK adds.
	assert.Equal(t, []string{"12:57:10 120/119", "12:57:16 114/113", "12:57:34 96/95"}, resetOffByOne,
		"recorded/fake Reset where they differ")
	assert.Equal(t, 26+4, srv.Count("POST", "/login"), "the recorded logins and the four it does not show")
}

// readRecording reads the recorded session, in the order of its Date headers. Every login's
// answer carries the three headers, and no other answer carries any.
func readRecording(t *testing.T) []recording.Answer {
	t.Helper()
	rows, err := recording.Read("../" + recording.RateLimit2023)
	require.NoError(t, err)
	require.Len(t, rows, 123)
	for i, row := range rows {
		require.Equal(t, row.Login(), row.Announced, "row %d: %s %s", i, row.Method, row.Route)
		if row.Login() {
			require.Equal(t, 25, row.Limit, "row %d", i)
		}
	}
	return rows
}
