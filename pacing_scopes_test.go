package unmetered

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An announcement limits what it counts (ratelimit.go): a limit announced on login answers
// paces logins, one announced on refresh answers paces refreshes, and one announced on any
// other answer paces every request. httpmock servers on a virtual clock.

// announcing wraps respond so that its answers carry the rate-limit headers (limit, remaining
// and reset; "-" leaves one out) and a Date from clock.
func announcing(clock *virtualClock, respond httpmock.Responder, limit, remaining, reset string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		resp, err := respond(req)
		if err != nil {
			return nil, err
		}
		for k, v := range rateHeaders(limit, remaining, reset) {
			resp.Header[k] = v
		}
		resp.Header.Set("Date", clock.Now().UTC().Format(http.TimeFormat))
		return resp, nil
	}
}

// loginEnv is a WithLogin client on a virtual clock whose logins are answered with the
// rate-limit headers given (and whose tokens expire at exp), and the recorders of its logins,
// refreshes and reads of GET /details.
func loginEnv(t *testing.T, exp int64, limit, remaining, reset string, opts ...Option) (env *testEnv, clock *virtualClock, login, refresh, details *recorder) {
	t.Helper()
	clock = newVirtualClock(t0, 0)
	env = newTestEnv(t, append([]Option{WithLogin(testUser, testPassword), WithRetryWait(0, time.Minute)}, opts...)...)
	env.client.pacer.clock = clock
	var logins, refreshes atomic.Int64
	login = env.onFunc(http.MethodPost, "/login", announcing(clock, tokenResponder("login", exp, &logins), limit, remaining, reset))
	refresh = env.onFunc(http.MethodPost, "/token", tokenResponder("refresh", exp, &refreshes))
	details = env.on(http.MethodGet, "/details", 200, "account/details.json")
	return env, clock, login, refresh, details
}

// The real server announces its limit on login answers only, and counts logins: a JWT client
// whose login left none reads and writes without waiting (before: every call waited for the
// login's window, up to the maximum retry wait: 15 s by default).
func TestLoginLimitNeverHoldsBackOtherRequests(t *testing.T) {
	t.Parallel()
	env, clock, login, _, details := loginEnv(t, farFuture, "25", "0", "94")
	for range 100 {
		_, err := env.client.Account.Details(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, login.count())
	assert.Equal(t, 100, details.count())
	assert.Empty(t, clock.Slept(), "no request waited for the login's window")
}

// With no logins left in a known window, a login waits for the window's end when the caller's
// context allows it, and otherwise fails at once without being sent, saying when it can go.
func TestLoginWithinTheLimit(t *testing.T) {
	t.Parallel()
	env, clock, login, _, _ := loginEnv(t, farFuture, "25", "0", "240")
	_, err := env.client.Auth.Login(ctx, testUser, testPassword)
	require.NoError(t, err)
	start := clock.Now()

	// A deadline before the window's end (241 s: 240 and a second for whole-second rounding).
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	_, err = env.client.Auth.Login(dctx, testUser, testPassword)
	require.ErrorIs(t, err, ErrRateLimited)
	assert.False(t, MaybeApplied(err), "nothing was sent")
	assert.Equal(t, 1, login.count(), "the login the server would discard was not sent")
	assert.Empty(t, clock.Slept(), "it failed at once")
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, http.MethodPost, rl.Method)
	assert.Equal(t, "/login", rl.Path)
	assert.Equal(t, 241*time.Second, rl.RetryAfter)
	assert.Equal(t, start.Add(241*time.Second), rl.Until)
	assert.Equal(t, "unmetered: POST /login: not sent: the server's limit on logins allows none until "+
		start.Add(241*time.Second).UTC().Format("2006-01-02T15:04:05.000Z07:00")+" (in 4m1s), after the context's deadline", err.Error())
	assert.NotContains(t, err.Error(), testPassword)

	// Without a deadline, or with one after the window's end, it waits for the end and goes.
	lctx, cancel := context.WithTimeout(ctx, time.Hour)
	defer cancel()
	_, err = env.client.Auth.Login(lctx, testUser, testPassword)
	require.NoError(t, err)
	assert.Equal(t, 2, login.count())
	assert.Equal(t, []time.Duration{241 * time.Second}, clock.Slept())
}

// A WithLogin session that must log in again (its refresh refused) when no login is left does
// not send the login; with a deadline before the window's end, the call fails at once with
// ErrRateLimited, and its own request is not sent either.
func TestSessionDoesNotSendALoginPastTheLimit(t *testing.T) {
	t.Parallel()
	exp := t0.Add(time.Hour)
	env, clock, login, _, details := loginEnv(t, exp.Unix(), "25", "0", "240")
	refused := env.on(http.MethodPost, "/token", 401, `{"error":["invalid refresh token"]}`)
	var now atomic.Int64
	now.Store(t0.Unix())
	env.client.Auth.session.now = func() time.Time { return time.Unix(now.Load(), 0) }
	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)

	now.Store(exp.Add(-time.Second).Unix()) // due for renewal; the refresh is refused
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	_, err = env.client.Account.Details(dctx)
	require.ErrorIs(t, err, ErrRateLimited)
	assert.False(t, MaybeApplied(err))
	assert.Equal(t, 1, refused.count(), "the refresh went")
	assert.Equal(t, 1, login.count(), "no second login was sent")
	assert.Equal(t, 1, details.count(), "the read was not sent")
	assert.Empty(t, clock.Slept())
}

// A session that only needs a refresh does not log in, and its refresh is not held back by
// the login's exhausted limit: a refresh is how a session avoids a login.
func TestRefreshIsNotHeldBackByTheLoginLimit(t *testing.T) {
	t.Parallel()
	exp := t0.Add(time.Hour)
	env, clock, login, refresh, details := loginEnv(t, exp.Unix(), "25", "0", "240")
	var now atomic.Int64
	now.Store(t0.Unix())
	env.client.Auth.session.now = func() time.Time { return time.Unix(now.Load(), 0) }
	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)

	now.Store(exp.Add(-time.Second).Unix()) // the token is about to expire: a refresh is due
	_, err = env.client.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, login.count(), "no second login")
	assert.Equal(t, 1, refresh.count(), "one refresh")
	assert.Equal(t, 2, details.count())
	assert.Empty(t, clock.Slept(), "the refresh did not wait for the login's window")
}

// A limit announced on refresh answers paces refreshes, and nothing else.
func TestRefreshAnnouncementPacesRefreshes(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	env := newTestEnv(t, WithRetryWait(0, 0))
	env.client.pacer.clock = clock
	var refreshes atomic.Int64
	refresh := env.onFunc(http.MethodPost, "/token", announcing(clock, tokenResponder("refresh", farFuture, &refreshes), "10", "0", "30.000"))
	details := env.on(http.MethodGet, "/details", 200, "account/details.json")
	_, err := env.client.Auth.Refresh(ctx, "refresh-token-1")
	require.NoError(t, err)
	for range 5 {
		_, err = env.client.Account.Details(ctx)
		require.NoError(t, err)
	}
	assert.Empty(t, clock.Slept(), "reads are not refreshes")
	_, err = env.client.Auth.Refresh(ctx, "refresh-token-2")
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{30 * time.Second}, clock.Slept(), "the second refresh waited for the window")
	assert.Equal(t, 2, refresh.count())
	assert.Equal(t, 5, details.count())
}

// A server that announces a limit on every answer counts requests in general: once an ordinary
// answer has said so, logins are paced by that limit too, and login answers feed it.
func TestGeneralLimitPacesLoginsToo(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	srv := &windowServer{t: t, clock: clock, limit: 3, window: 10 * time.Second, delta: true}
	env := newTestEnv(t, WithRetryWait(0, 0))
	env.client.pacer.clock = clock
	env.onFunc(http.MethodGet, "/details", srv.respond)
	var logins atomic.Int64
	env.onFunc(http.MethodPost, "/login", func(req *http.Request) (*http.Response, error) {
		resp, _ := srv.respond(req) // counts and announces as every other request
		if resp.StatusCode == http.StatusOK {
			ok, _ := tokenResponder("login", farFuture, &logins)(req)
			resp.Body = ok.Body
		}
		return resp, nil
	})
	calls := []func() error{
		func() error { _, err := env.client.Account.Details(ctx); return err },
		func() error { _, err := env.client.Auth.Login(ctx, testUser, testPassword); return err },
		func() error { _, err := env.client.Account.Details(ctx); return err },
		func() error { _, err := env.client.Auth.Login(ctx, testUser, testPassword); return err },
		func() error { _, err := env.client.Account.Details(ctx); return err },
		func() error { _, err := env.client.Account.Details(ctx); return err },
		func() error { _, err := env.client.Auth.Login(ctx, testUser, testPassword); return err },
	}
	for i, call := range calls {
		require.NoError(t, call(), "call %d", i)
	}
	assert.Zero(t, srv.limited, "responses 429")
	assert.Equal(t, []int{3, 3, 1}, srv.perWindow())
	assert.Equal(t, []time.Duration{10 * time.Second, 10 * time.Second}, clock.Slept())
}

// A wait for the server's window is not capped by the maximum retry wait: WithRetryWait(0, 0),
// which unmeteredtest's Server.Client sets, still paces. It is bounded by maxPacingWait against
// an absurd Reset, and by the caller's deadline: a deadline before the window's end fails at
// once, unsent and not retried.
func TestPacingWaitsForTheWholeWindow(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		reset func(now time.Time) string
		wait  time.Duration
	}{
		"30 s":                       {func(time.Time) string { return "30.000" }, 30 * time.Second},
		"30 s, whole seconds":        {func(time.Time) string { return "30" }, 31 * time.Second},
		"a day: an hour at the most": {func(time.Time) string { return "86400" }, maxPacingWait},
		"a Unix time 10 minutes away": {func(now time.Time) string {
			return strconv.FormatFloat(float64(now.Add(10*time.Minute+250*time.Millisecond).UnixMilli())/1000, 'f', 3, 64)
		}, 10*time.Minute + 250*time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := newVirtualClock(t0, 0)
			env := newTestEnv(t, WithRetryWait(0, 0))
			env.client.pacer.clock = clock
			rec := env.onFunc(http.MethodGet, "/details", func(req *http.Request) (*http.Response, error) {
				return announcing(clock, httpmock.NewBytesResponder(200, fixture(t, "account/details.json")),
					"5", "0", tc.reset(clock.Now()))(req)
			})
			for range 3 {
				_, err := env.client.Account.Details(ctx)
				require.NoError(t, err)
			}
			assert.Equal(t, 3, rec.count())
			assert.Equal(t, []time.Duration{tc.wait, tc.wait}, clock.Slept())

			dctx, cancel := context.WithTimeout(ctx, tc.wait-time.Second)
			defer cancel()
			_, err := env.client.Account.Details(dctx)
			require.ErrorIs(t, err, ErrRateLimited)
			assert.False(t, MaybeApplied(err))
			var rl *RateLimitError
			require.ErrorAs(t, err, &rl)
			assert.Equal(t, tc.wait, rl.RetryAfter)
			assert.Contains(t, err.Error(), "the server's limit on requests allows none until")
			assert.Equal(t, 3, rec.count(), "not sent, nor retried")
			assert.Len(t, clock.Slept(), 2, "failed at once")
			var apiErr *Error
			assert.False(t, errors.As(err, &apiErr), "no status: the server never saw it")
		})
	}
}

// A refresh held back by a rate limit (here a 429 once the retries are spent) is not a refusal
// of the token: the session does not log in instead, spending one of the account's logins.
func TestRateLimitedRefreshDoesNotLogIn(t *testing.T) {
	t.Parallel()
	exp := t0.Add(time.Hour)
	env, _, login, _, details := loginEnv(t, exp.Unix(), "25", "20", "240", WithRetryMax(1))
	limited := env.on(http.MethodPost, "/token", 429, `{"error":["Too many requests"]}`)
	var now atomic.Int64
	now.Store(t0.Unix())
	env.client.Auth.session.now = func() time.Time { return time.Unix(now.Load(), 0) }
	_, err := env.client.Account.Details(ctx)
	require.NoError(t, err)

	now.Store(exp.Add(-time.Second).Unix()) // a refresh is due; the server refuses it for rate
	_, err = env.client.Account.Details(ctx)
	require.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, 2, limited.count(), "the refresh and its retry")
	assert.Equal(t, 1, login.count(), "no login in its place")
	assert.Equal(t, 1, details.count())
}

// A login's announcement that is malformed (a Reset that is garbage or negative) teaches
// nothing: the next login goes. One that is absurd (a Reset days or centuries away, in
// delta-seconds or as a Unix time) holds the next login back an hour at most. One whose window
// is already over (a Unix time in the past) holds nothing back. None of them ever holds back a
// read.
func TestLoginAnnouncementWithOddResets(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		reset string
		wait  []time.Duration // of the second login, without a deadline
	}{
		"garbage":                     {"soon", nil},
		"negative":                    {"-5", nil},
		"a fraction only":             {".5", nil},
		"days away in delta-seconds":  {"999999999", []time.Duration{maxPacingWait}},
		"centuries away as Unix time": {"99999999999", []time.Duration{maxPacingWait}},
		"a Unix time in the past":     {"1000000000", nil},
		"zero, whole seconds":         {"0", []time.Duration{time.Second}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env, clock, login, _, details := loginEnv(t, farFuture, "25", "0", tc.reset)
			for range 10 {
				_, err := env.client.Account.Details(ctx)
				require.NoError(t, err)
			}
			assert.Empty(t, clock.Slept(), "no read waited")
			_, err := env.client.Auth.Login(ctx, testUser, testPassword)
			require.NoError(t, err)
			assert.Equal(t, tc.wait, clock.Slept())
			assert.Equal(t, 2, login.count())
			assert.Equal(t, 10, details.count())
		})
	}
}

// A login limit whose Reset is a Unix time on a server clock behind or ahead of ours: the next
// login waits for the window's end on the server's clock (and the second a whole-second value
// may have lost), never less; a deadline before it fails at once.
func TestLoginLimitWhateverTheServersClock(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{-time.Hour, -1500 * time.Millisecond, -300 * time.Millisecond, 0, 1500 * time.Millisecond, time.Hour} {
		t.Run(skew.String(), func(t *testing.T) {
			t.Parallel()
			clock := newVirtualClock(t0, 0)
			env := newTestEnv(t, WithLogin(testUser, testPassword), WithRetryWait(0, time.Minute))
			env.client.pacer.clock = clock
			var logins atomic.Int64
			windowEnd := t0.Add(skew).Add(240 * time.Second) // on the server's clock
			remaining := 0                                   // what the first login's answer says
			env.onFunc(http.MethodPost, "/login", func(req *http.Request) (*http.Response, error) {
				resp, err := tokenResponder("login", farFuture, &logins)(req)
				serverNow := clock.Now().Add(skew)
				if !serverNow.Before(windowEnd) { // a new window
					windowEnd, remaining = serverNow.Add(240*time.Second), 24
				}
				for k, v := range rateHeaders("25", strconv.Itoa(remaining), strconv.FormatInt(windowEnd.Unix(), 10)) {
					resp.Header[k] = v
				}
				resp.Header.Set("Date", serverNow.UTC().Format(http.TimeFormat))
				return resp, err
			})
			_, err := env.client.Auth.Login(ctx, testUser, testPassword)
			require.NoError(t, err)
			dctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			_, err = env.client.Auth.Login(dctx, testUser, testPassword)
			require.ErrorIs(t, err, ErrRateLimited)
			assert.Equal(t, int64(1), logins.Load(), "not sent")
			_, err = env.client.Auth.Login(ctx, testUser, testPassword)
			require.NoError(t, err)
			assert.Equal(t, []time.Duration{241 * time.Second}, clock.Slept(), "the window and a second for rounding")
			assert.Equal(t, int64(2), logins.Load())
		})
	}
}

// A 429 that tells when the request may go again (its rate-limit headers, or a Retry-After)
// holds the retry back in the pacer, which knows the caller's deadline, and not in the retry
// policy's backoff before it, which does not: a deadline before that moment fails at once with
// the *RateLimitError that says when (before: the backoff slept first, up to the max retry
// wait, then failed with the context's deadline or the same error, late). Another program used
// the account's last login here, so the client's first login meets the 429.
func TestRateLimited429FailsAtOnceBeforeTheDeadline(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		method, path string
		headers      http.Header
		what         string
		until        time.Duration // from the 429: the later of the window's end and the Retry-After (40 s)
	}{
		"a login, the window announced": {http.MethodPost, "/login", rateHeaders("25", "0", "240"), "the server's limit on logins", 241 * time.Second},
		"a read, Retry-After only":      {http.MethodGet, "/details", http.Header{}, "the server's Retry-After", 40 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := newVirtualClock(t0, 0)
			env := newTestEnv(t, WithRetryWait(DefaultRetryWaitMin, time.Minute))
			env.client.pacer.clock = clock
			header := tc.headers.Clone()
			header.Set("Retry-After", "40")
			rec := env.onFunc(tc.method, tc.path, func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(http.StatusTooManyRequests, `{"error":["Too many requests"]}`)
				resp.Header = header.Clone()
				return resp, nil // without a Request, as a RoundTripper may answer
			})

			dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			var err error
			if tc.path == "/login" {
				_, err = env.client.Auth.Login(dctx, testUser, testPassword)
			} else {
				_, err = env.client.Account.Details(dctx)
			}
			require.ErrorIs(t, err, ErrRateLimited)
			var rl *RateLimitError
			require.ErrorAs(t, err, &rl, "the pacer's refusal, not the 429 nor the context's deadline")
			assert.Equal(t, tc.path, rl.Path)
			assert.Equal(t, tc.until, rl.RetryAfter)
			assert.Equal(t, t0.Add(tc.until), rl.Until)
			assert.Contains(t, err.Error(), tc.what+" allows none until")
			assert.NoError(t, dctx.Err(), "it failed before the deadline")
			assert.Equal(t, 1, rec.count(), "the retry was not sent")
			assert.Empty(t, clock.Slept())
		})
	}
}

// The retry policy's wait defers to the pacer only after a 429 whose retry the pacer holds
// back; other answers (a 429 that says nothing of when, a 503) keep their backoff.
func TestRetryWaitDefersToThePacerAfterA429(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	env := newTestEnv(t, WithRetryWait(time.Second, time.Minute))
	env.client.pacer.clock = clock
	pt := env.client.rc.HTTPClient.Transport.(*pacedTransport)
	answer := func(status int, h http.Header) *http.Response {
		t.Helper()
		req := pacedRequest()
		ticket, err := pt.pacer.wait(ctx, req, "/details", paceOther, env.client.logger)
		require.NoError(t, err)
		resp := &http.Response{StatusCode: status, Header: h, Request: req}
		pt.pacer.done(ticket, resp, pt.maxWait)
		return resp
	}
	wait := func(resp *http.Response) time.Duration {
		return env.client.rc.Backoff(time.Second, time.Minute, 3, resp) // 8 s, jittered in its upper half
	}
	assert.GreaterOrEqual(t, wait(answer(http.StatusServiceUnavailable, http.Header{})), 4*time.Second, "a 503")
	assert.GreaterOrEqual(t, wait(answer(http.StatusTooManyRequests, http.Header{})), 4*time.Second,
		"a 429 without a Retry-After: the pacer holds nothing back")
	assert.Zero(t, wait(answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"10"}})),
		"the pacer holds the retry until the Retry-After")
	clock.now = t0.Add(10 * time.Second)
	assert.GreaterOrEqual(t, wait(answer(http.StatusServiceUnavailable, http.Header{})), 4*time.Second, "a 503, the hold over")
	assert.Zero(t, wait(answer(http.StatusTooManyRequests, rateHeaders("5", "0", "30"))),
		"the pacer holds the retry until the window's end")
	assert.Empty(t, clock.Slept())
}

// A retry the pacer refuses keeps what the earlier attempt said (RateLimitError's doc): after a
// 503 that announced a used-up window, the refused retry of a read may have been applied.
func TestRateLimitErrorOfARetryKeepsMaybeApplied(t *testing.T) {
	t.Parallel()
	clock := newVirtualClock(t0, 0)
	env := newTestEnv(t, WithRetryWait(0, 0))
	env.client.pacer.clock = clock
	rec := env.onFunc(http.MethodGet, "/details", announcing(clock, func(*http.Request) (*http.Response, error) {
		return httpmock.NewStringResponse(http.StatusServiceUnavailable, `{"error":["maintenance"]}`), nil
	}, "5", "0", "240"))
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	_, err := env.client.Account.Details(dctx)
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.True(t, MaybeApplied(err), "the 503's attempt may have reached the server")
	assert.Equal(t, 1, rec.count(), "the retry was not sent")
	assert.Empty(t, clock.Slept())
}
