package unmetered

import (
	"log/slog"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// t0 is where virtual clocks start: a whole second, so windows end on whole milliseconds.
var t0 = time.Unix(1_800_000_000, 0)

func rateHeaders(limit, remaining, reset string) http.Header {
	h := http.Header{}
	for k, v := range map[string]string{"X-RateLimit-Limit": limit, "X-RateLimit-Remaining": remaining, "X-RateLimit-Reset": reset} {
		if v != "-" {
			h.Set(k, v)
		}
	}
	return h
}

func TestParseRateLimitHeaders(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 250_000_000)
	ok := []struct {
		name                    string
		limit, remaining, reset string
		offset                  time.Duration
		want                    rateLimit
	}{
		{"Unix time with a fraction", "25", "24", "1700000001.5", 0, rateLimit{25, 24, time.Unix(1_700_000_001, 500_000_000)}},
		{"Unix time in whole seconds: a second more", "25", "0", "1700000060", 0, rateLimit{25, 0, time.Unix(1_700_000_061, 0)}},
		{"Unix time, the server's clock an hour behind ours", "25", "3", "1699996401.000", -time.Hour, rateLimit{25, 3, time.Unix(1_700_000_001, 0)}},
		{"delta-seconds, whole (as the real server sends them): a second more", "25", "3", "30", 0, rateLimit{25, 3, now.Add(31 * time.Second)}},
		{"delta-seconds with a fraction", "25", "3", "0.125", 0, rateLimit{25, 3, now.Add(125 * time.Millisecond)}},
		{"delta-seconds with a zero fraction: exact", "25", "3", "30.000", 0, rateLimit{25, 3, now.Add(30 * time.Second)}},
		{"delta-seconds, digits past the nanosecond dropped", "25", "3", "1.0000000019", 0, rateLimit{25, 3, now.Add(time.Second + time.Nanosecond)}},
		{"zero delta: the window ends within the second", "25", "3", "0", 0, rateLimit{25, 3, now.Add(time.Second)}},
		{"zero delta with a fraction: the window ends now", "25", "3", "0.0", 0, rateLimit{25, 3, now}},
		{"just below the threshold: delta-seconds", "1", "0", "999999999", 0, rateLimit{1, 0, now.Add(1_000_000_000 * time.Second)}},
		{"spaces around values", " 25 ", " 3", "30.5 ", 0, rateLimit{25, 3, now.Add(30500 * time.Millisecond)}},
		{"remaining above the limit counts as the limit", "25", "40", "30.0", 0, rateLimit{25, 25, now.Add(30 * time.Second)}},
	}
	for _, tc := range ok {
		got, parsed := parseRateLimit(rateHeaders(tc.limit, tc.remaining, tc.reset), now, tc.offset)
		if assert.True(t, parsed, tc.name) {
			assert.Equal(t, tc.want.limit, got.limit, tc.name)
			assert.Equal(t, tc.want.remaining, got.remaining, tc.name)
			assert.True(t, tc.want.reset.Equal(got.reset), "%s: reset %s, want %s", tc.name, got.reset, tc.want.reset)
		}
	}

	malformed := map[string][3]string{
		"no headers":                  {"-", "-", "-"},
		"no limit":                    {"-", "3", "30"},
		"no remaining":                {"25", "-", "30"},
		"no reset":                    {"25", "3", "-"},
		"limit 0":                     {"0", "0", "30"},
		"negative limit":              {"-1", "0", "30"},
		"limit with a policy":         {"25, 25;w=60", "3", "30"},
		"limit not a number":          {"many", "3", "30"},
		"negative remaining":          {"25", "-1", "30"},
		"fractional remaining":        {"25", "2.5", "30"},
		"negative reset":              {"25", "3", "-5"},
		"reset in exponent":           {"25", "3", "1e3"},
		"reset infinite":              {"25", "3", "Inf"},
		"reset NaN":                   {"25", "3", "NaN"},
		"reset hexadecimal":           {"25", "3", "0x10"},
		"reset an HTTP date":          {"25", "3", "Wed, 21 Oct 2026 07:28:00 GMT"},
		"reset with a space":          {"25", "3", "1 000"},
		"reset ending in point":       {"25", "3", "30."},
		"reset starting with a point": {"25", "3", ".5"},
		"reset too large":             {"25", "3", "9999999999999"},
		"reset empty":                 {"25", "3", ""},
	}
	for name, v := range malformed {
		_, parsed := parseRateLimit(rateHeaders(v[0], v[1], v[2]), now, 0)
		assert.False(t, parsed, name)
	}
}

func TestPacerLearnsClockOffsetFromDate(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 300_000_000)
	p := newPacer(0, 0)
	date := func(at time.Time) http.Header {
		return http.Header{"Date": {at.UTC().Format(http.TimeFormat)}}
	}
	p.learnOffset(http.Header{"Date": {"yesterday"}}, now, now)
	assert.False(t, p.offsetKnown, "a malformed Date teaches nothing")
	p.learnOffset(date(now), now, now) // Date 00:00:00 while our clock reads 00:00:00.3
	assert.Equal(t, -300*time.Millisecond, p.offset, "at most what the Date shows: the server's clock may be 300 ms behind")

	p.learnOffset(date(now.Add(-time.Hour)), now, now)
	assert.Equal(t, -time.Hour-300*time.Millisecond, p.offset, "a Date that rules the estimate out: a clock was set; start over")
	p.learnOffset(date(now.Add(-time.Hour).Add(time.Second)), now.Add(time.Second), now.Add(time.Second))
	assert.Equal(t, -time.Hour-300*time.Millisecond, p.offset, "consistent evidence leaves it")
	later := now.Add(900 * time.Millisecond) // the server's clock reads 00:00:01.2 an hour ago
	p.learnOffset(date(later.Add(-time.Hour)), later, later)
	assert.Equal(t, -time.Hour-200*time.Millisecond, p.offset, "a Date written sooner after the server's second ticked narrows it")
	p.learnOffset(date(now.Add(5*time.Second)), now, now)
	assert.Equal(t, 4700*time.Millisecond, p.offset, "a server ahead of us")

	// The offset applies to a Reset given as a Unix time, not to delta-seconds.
	rl, ok := parseRateLimit(rateHeaders("5", "0", "1700000010.000"), now, p.offset)
	require.True(t, ok)
	assert.Equal(t, time.Unix(1_700_000_005, 300_000_000), rl.reset)
	rl, ok = parseRateLimit(rateHeaders("5", "0", "10.000"), now, p.offset)
	require.True(t, ok)
	assert.Equal(t, now.Add(10*time.Second), rl.reset)
}

// The estimate of the server's clock never exceeds the truth, whichever way the clocks differ
// and whatever the answers' transit times: a Unix-time Reset then never ends early on our
// clock. Answers at many moments narrow it to within a round trip of the truth.
func TestPacerOffsetNeverExceedsTheTruth(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{-1500 * time.Millisecond, -300 * time.Millisecond, 0, 700 * time.Millisecond, time.Hour} {
		p := newPacer(0, 0)
		local := time.Unix(1_700_000_000, 123_000_000)
		for i := range 200 {
			sent := local.Add(time.Duration(i) * 37 * time.Millisecond)
			transit := time.Duration(i%5) * time.Millisecond // each way
			server := sent.Add(transit).Add(skew)            // when the server writes its Date
			p.learnOffset(http.Header{"Date": {server.UTC().Format(http.TimeFormat)}}, sent, sent.Add(2*transit))
			require.LessOrEqual(t, p.offset, skew, "skew %s, answer %d", skew, i)
		}
		assert.Greater(t, p.offset, skew-40*time.Millisecond, "skew %s: narrowed to within the sampling step", skew)
	}
}

// The pacer reads Date headers only from the answer that brings the first Reset given as a
// Unix time on: before it (and for a server that counts Resets from the answer, as the real
// one does) no window needs the server's clock, and a Date is a parse on every answer. From
// then on every answer narrows the estimate, whether it announces a limit or not.
func TestPacerReadsDatesOnlyForUnixTimeResets(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	p := newPacer(0, 0)
	p.clock = clock
	logger := slog.New(discardHandler{})
	answer := func(h http.Header, date time.Time) {
		t.Helper()
		ticket, err := p.wait(ctx, pacedRequest(), "/details", paceOther, logger)
		require.NoError(t, err)
		h.Set("Date", date.UTC().Format(http.TimeFormat))
		p.done(ticket, &http.Response{StatusCode: 200, Header: h}, 0)
	}
	behind := t0.Add(-time.Hour) // the server's clock

	answer(http.Header{}, behind)
	answer(rateHeaders("25", "24", "30"), behind)
	assert.False(t, p.offsetKnown, "no answer needed the server's clock")

	reset := strconv.FormatInt(behind.Add(time.Minute).Unix(), 10)
	answer(rateHeaders("25", "23", reset), behind)
	require.True(t, p.offsetKnown, "the answer with the first Unix-time Reset")
	assert.Equal(t, -time.Hour, p.offset)
	assert.Equal(t, t0.Add(time.Minute+time.Second), p.scopes[paceOther].reset,
		"that answer's own Date put its Reset on our clock (plus the second of a whole-second value)")

	clock.now = t0.Add(1500 * time.Millisecond)
	answer(http.Header{}, behind.Add(2*time.Second)) // written later in the server's second
	assert.Equal(t, -time.Hour+500*time.Millisecond, p.offset, "later answers narrow it, announcing or not")
}

// The pacer's reckoning with answers that arrive out of order. Its own count of a window is
// exact while it is the server's only caller, so answers only lower it (another client); an
// answer from a window already over changes nothing, even one whose Reset (in delta-seconds)
// still lies a little ahead; an attempt in flight when a window ends may count in the next;
// a window the server began before the pacer expected is counted from the server's
// Remaining, less everything that may still reach it.
func TestPacerCountsAttemptsInFlight(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	p := newPacer(0, 0) // no waits: the test moves the clock itself
	p.clock = clock
	// An answer has come, without a limit: the first attempts need not go one at a time.
	p.answered[paceOther] = true
	req := pacedRequest()
	logger := slog.New(discardHandler{})
	grant := func() uint64 {
		t.Helper()
		ticket, err := p.wait(ctx, req, "/details", paceOther, logger)
		require.NoError(t, err)
		return ticket
	}
	answer := func(ticket uint64, remaining int, reset time.Time) {
		p.done(ticket, &http.Response{StatusCode: 200, Header: rateHeaders("10", strconv.Itoa(remaining),
			strconv.FormatFloat(reset.Sub(clock.Now()).Seconds(), 'f', 3, 64))}, 0)
	}
	sc := &p.scopes[paceOther]
	end := t0.Add(10 * time.Second)

	first, second, third := grant(), grant(), grant()
	answer(second, 8, end)
	assert.Equal(t, 6, sc.remaining, "the first announcement, less first and third, which may still arrive")
	answer(first, 9, end)
	answer(third, 7, end)
	assert.Equal(t, 6, sc.remaining)

	a, b, c := grant(), grant(), grant()
	assert.Equal(t, 3, sc.remaining)
	answer(c, 6, end) // c arrived before a and b
	answer(a, 5, end)
	assert.Equal(t, 3, sc.remaining, "nothing counted twice")
	answer(b, 2, end) // another client used two
	assert.Equal(t, 2, sc.remaining)

	h := grant()    // still in flight when the window ends: it may yet count in the next one
	clock.now = end // the window is over: a new one by our count, its end not yet known
	d, e := grant(), grant()
	assert.Equal(t, 7, sc.remaining, "10 less h, d and e")
	assert.True(t, sc.reset.IsZero())
	answer(d, 2, end.Add(50*time.Millisecond)) // late, from the window we left (delta-seconds jitter)
	assert.Equal(t, 7, sc.remaining)
	assert.True(t, sc.reset.IsZero())
	answer(e, 9, end.Add(10*time.Second))
	assert.Equal(t, end.Add(10*time.Second), sc.reset)
	assert.Equal(t, 7, sc.remaining)
	answer(h, 1, end) // it counted in the window before, after all
	assert.Equal(t, 7, sc.remaining)

	clock.now = end.Add(6 * time.Second)
	f, g := grant(), grant()
	assert.Equal(t, 5, sc.remaining)
	answer(g, 9, end.Add(16*time.Second)) // the server's window ended early; g began the next
	assert.Equal(t, end.Add(16*time.Second), sc.reset)
	assert.Equal(t, 8, sc.remaining, "9 less f, which may still reach it")
	answer(f, 7, end.Add(10*time.Second)) // f was counted in the window before
	assert.Equal(t, 8, sc.remaining)
	assert.Empty(t, p.inflight)
	assert.Equal(t, [paceKinds]int{}, p.inFlight, "the counts of attempts in flight by kind")
}

func pacedRequest() *http.Request {
	req, _ := http.NewRequest(http.MethodGet, testBaseURL+"/details", nil)
	return req
}

// When the first ordinary answer shows that the server counts requests in general, a login's
// announcement taken in before (as the login scope's) is of the same count: a login answered
// before the first read, which reached the server after it, must not be forgotten. Seen under
// load: the login's answer (Remaining 23) came first, the read's (24) next, and the pacer let
// 24 more out: 26 in a window of 25.
func TestPacerGeneralLimitKeepsEarlierLoginAnnouncement(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		loginReset string // of the login's answer, in seconds from it
		want       int
	}{
		"the same window":        {"0.100", 22}, // 23 less the read, which may have come after
		"a window already over":  {"0.000", 24}, // nothing to learn from it
		"no announcement at all": {"-", 24},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := newVirtualClock(t0, 0)
			p := newPacer(0, 0)
			p.clock = clock
			logger := slog.New(discardHandler{})
			login, err := p.wait(ctx, pacedRequest(), "/login", paceLogin, logger)
			require.NoError(t, err)
			read, err := p.wait(ctx, pacedRequest(), "/details", paceOther, logger)
			require.NoError(t, err)
			p.done(login, &http.Response{StatusCode: 200, Header: rateHeaders("25", "23", tc.loginReset)}, 0)
			assert.False(t, p.general)
			p.done(read, &http.Response{StatusCode: 200, Header: rateHeaders("25", "24", "0.100")}, 0)
			assert.True(t, p.general)
			assert.Equal(t, tc.want, p.scopes[paceOther].remaining)
			assert.Equal(t, t0.Add(100*time.Millisecond), p.scopes[paceOther].reset)
		})
	}
}

// A request waiting for the first answer to its kind waits at most maxAnswerWait: a first
// request that hangs, or a server that answers it only after another request of the account,
// does not hold back every other request.
func TestPacerFirstAnswerWaitIsBounded(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0) // one goroutine: each Sleep runs out at once
	p := newPacer(0, 0)
	p.clock = clock
	req := pacedRequest()
	logger := slog.New(discardHandler{})
	first, err := p.wait(ctx, req, "/details", paceOther, logger)
	require.NoError(t, err)

	second, err := p.wait(ctx, req, "/details", paceOther, logger) // the first is still unanswered
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{5 * time.Second}, clock.Slept(), "it waited for the first answer, a few seconds, then went")
	assert.Equal(t, t0.Add(maxAnswerWait), clock.Now())
	p.done(first, &http.Response{StatusCode: 200, Header: http.Header{}}, 0)
	p.done(second, &http.Response{StatusCode: 200, Header: http.Header{}}, 0)

	_, err = p.wait(ctx, req, "/details", paceOther, logger)
	require.NoError(t, err)
	assert.Len(t, clock.Slept(), 1, "an answer without a limit: nothing waits any more")
}
