package unmetered

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordedAnswer is one answer of the recorded real-server session
// (testdata/recorded/ratelimit-2023.tsv): a HostBill DNS API's traffic in 2023.
type recordedAnswer struct {
	method, route string // route as recorded, with @service_id, @zone_id, @record_id
	status        int
	// limit, remaining and reset are the X-RateLimit-* headers, "" when the answer had none.
	limit, remaining, reset string
	date                    string // the Date header
}

// readRecording reads the recorded session, in the order of its Date headers.
func readRecording(t *testing.T) []recordedAnswer {
	t.Helper()
	f, err := os.Open("testdata/recorded/ratelimit-2023.tsv")
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
		status, err := strconv.Atoi(cols[3])
		require.NoError(t, err)
		out = append(out, recordedAnswer{method: cols[1], route: cols[2], status: status,
			limit: cols[4], remaining: cols[5], reset: cols[6], date: cols[7]})
	}
	require.NoError(t, sc.Err())
	require.Len(t, out, 123)
	return out
}

func (a recordedAnswer) at(t *testing.T) time.Time {
	t.Helper()
	d, err := http.ParseTime(a.date)
	require.NoError(t, err)
	return d
}

func (a recordedAnswer) login() bool { return a.method == http.MethodPost && a.route == "/login" }

// path is the route with the recorded zone's ids ("None" stays: the recorded client sent it).
func (a recordedAnswer) path() string {
	return strings.NewReplacer("@service_id", "292", "@zone_id", "1178", "@record_id", "406467").Replace(a.route)
}

// The SDK against the recorded session: a server answering every request as recorded (its limit
// announced on the 26 logins only, Remaining falling from 21 to 0, then a new window), each
// request sent at its recorded time on the pacer's clock. No read or write is ever held back
// and no login waits; at the moment the window's last login is used, a login fails at once
// (nothing sent) for a caller whose deadline comes before the window's end, while a read goes.
func TestPacingReplaysTheRecordedSession(t *testing.T) {
	t.Parallel()
	rows := readRecording(t)
	clock := newVirtualClock(rows[0].at(t), 0)
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
		assert.Equal(t, row.method+" /api"+row.path(), req.Method+" "+req.URL.Path, "request %d", next)
		if row.login() {
			body = `{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyNiJ9.recorded-access","refresh":"recorded-refresh"}`
		}
		resp := httpmock.NewStringResponse(row.status, body)
		for k, v := range rateHeaders(orNone(row.limit), orNone(row.remaining), orNone(row.reset)) {
			resp.Header[k] = v
		}
		resp.Header.Set("Date", row.date)
		return resp, nil
	})

	var windowEnd time.Time // the latest end a login's answer announced, and a second for rounding
	for i, row := range rows {
		at := row.at(t)
		require.False(t, at.Before(clock.Now()), "row %d: the recording is in the order of its Dates", i)
		clock.now = at
		if row.login() {
			reset, err := strconv.Atoi(row.reset)
			require.NoError(t, err)
			if end := at.Add(time.Duration(reset+1) * time.Second); end.After(windowEnd) {
				windowEnd = end
			}
		}
		var err error
		if row.login() {
			_, err = env.client.Auth.Login(ctx, testUser, testPassword)
		} else {
			var body any
			if row.method == http.MethodPost || row.method == http.MethodPut {
				body = map[string]any{"type": "TXT", "name": "replay", "content": "x", "ttl": 3600}
			}
			err = env.client.Do(ctx, row.method, row.path(), body, nil)
		}
		require.NoError(t, err, "row %d: %s %s", i, row.method, row.route)

		if row.login() && row.remaining == "0" {
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
		assert.Equal(t, row.at(t), sentAt[i], "row %d went at its recorded time", i)
	}
}

// orNone is v, or "-" (no header) for an empty value.
func orNone(v string) string {
	if v == "" {
		return "-"
	}
	return v
}
