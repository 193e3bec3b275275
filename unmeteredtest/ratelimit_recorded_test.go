package unmeteredtest

import (
	"bufio"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fake under WithRateLimit against the recorded real server (traffic of a HostBill DNS API,
// 2023, in the repository's testdata/recorded/ratelimit-2023.tsv): the same requests at the same
// times get the same rate-limit headers.
func TestRateLimitReplaysTheRecording(t *testing.T) {
	t.Parallel()
	rows := readRecording(t)
	clock := newFakeClock()
	clock.now = rows[0].date
	srv := NewTestServer(t, WithClock(clock.Now), WithRateLimit(RecordedRateLimit, RecordedRateWindow))

	var windowEnd time.Time
	var created []int // ids of the records the replay created, the latest last
	nextID := 56      // the id the fake gives the next record
	var resetOffByOne []string
	for i, row := range rows {
		require.False(t, row.date.Before(clock.Now()), "row %d: the recording is in the order of its Dates", i)
		if row.login() && !row.date.Before(windowEnd) {
			// The first login of a window in the recording. Its Reset dates the window's start;
			// its Remaining says how many logins of the window the recording does not show
			// (three at 12:55:09, one at 13:11:52): make them first.
			windowEnd = row.date.Add(time.Duration(row.reset) * time.Second)
			clock.now = windowEnd.Add(-RecordedRateWindow)
			for range RecordedRateLimit - 1 - row.remaining {
				require.Equal(t, http.StatusOK, sendLogin(t, srv, false).Status)
			}
		}
		clock.now = row.date

		path := strings.NewReplacer("@service_id", "10", "@zone_id", "60").Replace(row.route)
		if strings.Contains(path, "@record_id") {
			id := 13 // a seeded record, when the replay created none
			if len(created) > 0 {
				id = created[len(created)-1]
			}
			path = strings.Replace(path, "@record_id", strconv.Itoa(id), 1)
		}
		var resp rawResponse
		switch {
		case row.login():
			resp = sendLogin(t, srv, false)
		case row.method == http.MethodPost:
			resp = send(t, srv, row.method, path, obj{"type": "TXT", "name": "replay", "content": "x", "ttl": 3600})
			created, nextID = append(created, nextID), nextID+1
		case row.method == http.MethodPut:
			resp = send(t, srv, row.method, path, obj{"type": "A", "name": "qwerty", "content": "192.0.2.7", "ttl": 60})
		default:
			resp = send(t, srv, row.method, path, nil)
			if row.method == http.MethodDelete && len(created) > 0 {
				created = created[:len(created)-1]
			}
		}
		assert.NotEqual(t, http.StatusTooManyRequests, resp.Status, "row %d", i)
		assert.Equal(t, row.date.Format(http.TimeFormat), resp.Header.Get("Date"), "row %d", i)
		if !row.login() {
			assertAnnounced(t, resp, "", "", "", "row %d: %s %s announces nothing", i, row.method, row.route)
			continue
		}
		assert.Equal(t, http.StatusOK, resp.Status, "row %d", i)
		assert.Equal(t, strconv.Itoa(RecordedRateLimit), resp.Header.Get("X-RateLimit-Limit"), "row %d", i)
		assert.Equal(t, strconv.Itoa(row.remaining), resp.Header.Get("X-RateLimit-Remaining"), "row %d", i)
		reset, err := strconv.Atoi(resp.Header.Get("X-RateLimit-Reset"))
		require.NoError(t, err)
		assert.Equal(t, windowEnd, row.date.Add(time.Duration(reset)*time.Second), "row %d: Date plus Reset lands on the window's end", i)
		if reset != row.reset {
			resetOffByOne = append(resetOffByOne, row.date.Format("15:04:05")+" "+strconv.Itoa(row.reset)+"/"+strconv.Itoa(reset))
			assert.Equal(t, row.reset-1, reset, "row %d", i)
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

// recordedAnswer is one answer of the recorded session.
type recordedAnswer struct {
	method, route    string
	remaining, reset int // of a login's answer
	date             time.Time
}

func (a recordedAnswer) login() bool { return a.method == http.MethodPost && a.route == "/login" }

// readRecording reads the recorded session, in the order of its Date headers. Every login's
// answer carries the three headers, and no other answer carries any.
func readRecording(t *testing.T) []recordedAnswer {
	t.Helper()
	f, err := os.Open("../testdata/recorded/ratelimit-2023.tsv")
	require.NoError(t, err)
	defer f.Close()
	var out []recordedAnswer
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "case\t") {
			continue
		}
		cols := strings.Split(line, "\t")
		require.Len(t, cols, 8, line)
		a := recordedAnswer{method: cols[1], route: cols[2]}
		a.date, err = http.ParseTime(cols[7])
		require.NoError(t, err)
		if a.login() {
			require.Equal(t, "25", cols[4], line)
			a.remaining, err = strconv.Atoi(cols[5])
			require.NoError(t, err)
			a.reset, err = strconv.Atoi(cols[6])
			require.NoError(t, err)
		} else {
			require.Equal(t, "\t\t", strings.Join(cols[4:7], "\t"), line)
		}
		out = append(out, a)
	}
	require.NoError(t, sc.Err())
	require.Len(t, out, 123)
	return out
}
