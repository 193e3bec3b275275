package unmetered

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go/internal/recording"
)

// readRecording reads the recorded session (testdata/recorded/ratelimit-2023.tsv: a HostBill
// DNS API's traffic in 2023), in the order of its Date headers.
func readRecording(t *testing.T) []recording.Answer {
	t.Helper()
	rows, err := recording.Read(recording.RateLimit2023)
	require.NoError(t, err)
	require.Len(t, rows, 123)
	return rows
}

// recordedPath is a recorded route with the recorded zone's ids ("None" stays: the recorded
// client sent it).
func recordedPath(row recording.Answer) string {
	return strings.NewReplacer("@service_id", "292", "@zone_id", "1178", "@record_id", "406467").Replace(row.Route)
}

// The SDK against the recorded session: a server answering every request as recorded (its limit
// announced on the 26 logins only, Remaining falling from 21 to 0, then a new window), each
// request sent at its recorded time on the pacer's clock. No read or write is ever held back
// and no login waits; at the moment the window's last login is used, a login fails at once
// (nothing sent) for a caller whose deadline comes before the window's end, while a read goes.
func TestPacingReplaysTheRecordedSession(t *testing.T) {
	t.Parallel()
	rows := readRecording(t)
	clock := newVirtualClock(rows[0].Date, 0)
	env := newTestEnv(t, WithRetryWait(0, time.Minute))
	env.client.pacer.clock = clock

	var mu sync.Mutex
	next := 0        // the row the next request replays
	probing := false // a request outside the recording: answered without headers
	var sentAt []time.Time
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		body := `{"success":true}`
		if probing {
			return httpmock.NewStringResponse(http.StatusOK, body), nil
		}
		row := rows[next]
		next++
		sentAt = append(sentAt, clock.Now())
		assert.Equal(t, row.Method+" /api"+recordedPath(row), req.Method+" "+req.URL.Path, "request %d", next)
		if row.Login() {
			body = `{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNiJ9.recorded-access","refresh":"recorded-refresh"}`
		}
		resp := httpmock.NewStringResponse(row.Status, body)
		if row.Announced {
			for k, v := range rateHeaders(strconv.Itoa(row.Limit), strconv.Itoa(row.Remaining), strconv.Itoa(row.Reset)) {
				resp.Header[k] = v
			}
		}
		resp.Header.Set("Date", row.Date.Format(http.TimeFormat))
		return resp, nil
	})

	var windowEnd time.Time // the latest end a login's answer announced, and a second for rounding
	for i, row := range rows {
		at := row.Date
		require.False(t, at.Before(clock.Now()), "row %d: the recording is in the order of its Dates", i)
		clock.now = at
		if row.Login() {
			if end := at.Add(time.Duration(row.Reset+1) * time.Second); end.After(windowEnd) {
				windowEnd = end
			}
		}
		var err error
		if row.Login() {
			_, err = env.client.Auth.Login(ctx, testUser, testPassword)
		} else {
			var body any
			if row.Method == http.MethodPost || row.Method == http.MethodPut {
				body = map[string]any{"type": "TXT", "name": "replay", "content": "x", "ttl": 3600}
			}
			err = env.client.Do(ctx, row.Method, recordedPath(row), body, nil)
		}
		require.NoError(t, err, "row %d: %s %s", i, row.Method, row.Route)

		if row.Login() && row.Announced && row.Remaining == 0 {
			mu.Lock()
			probing = true
			mu.Unlock()
			dctx, cancel := context.WithTimeout(ctx, time.Minute)
			_, err := env.client.Auth.Login(dctx, testUser, testPassword)
			cancel()
			require.ErrorIs(t, err, ErrRateLimited, "no login is left in the window")
			var rl *RateLimitError
			require.ErrorAs(t, err, &rl)
			assert.Equal(t, windowEnd, rl.Until, "the window's end, as late as any answer put it (12:57:34 + 96 s), and a second for rounding")
			require.NoError(t, env.client.Do(ctx, http.MethodGet, "/dns", nil, nil), "a read goes")
			mu.Lock()
			probing = false
			mu.Unlock()
		}
	}
	assert.Equal(t, len(rows), next, "every recorded request was sent")
	assert.Empty(t, clock.Slept(), "nothing was held back")
	for i, row := range rows {
		assert.Equal(t, row.Date, sentAt[i], "row %d went at its recorded time", i)
	}
}
