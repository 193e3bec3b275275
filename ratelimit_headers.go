package unmetered

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Reading a rate limit's announcement: the X-RateLimit headers, and the Date header that puts
// a Reset given as a Unix time on our clock. See ratelimit.go for what the pacer does with it.

// resetUnixThreshold decides how X-RateLimit-Reset is read: a value below it is a number of
// seconds from the response (delta-seconds, as the real server and the IETF RateLimit drafts
// send it); from it on it is a Unix time in seconds (as GitHub and many PHP servers send it).
// 10^9 seconds is about 31 years as a delay and September 2001 as a Unix time, so neither
// reading reaches the other.
const resetUnixThreshold = 1e9

// rateLimit is what a response's rate-limit headers say.
type rateLimit struct {
	limit, remaining int
	reset            time.Time // on our clock, the latest the window may end
}

// parseRateLimit reads the X-RateLimit headers of a response received at now. offset is a
// lower bound of the server's clock minus ours, for a Reset given as a Unix time. ok is false
// unless all three are present and well formed: Limit an integer >= 1, Remaining an integer
// >= 0 (more than Limit counts as Limit), Reset a non-negative decimal number of seconds,
// fraction allowed, read as delta-seconds or a Unix time by resetUnixThreshold.
//
// The reset is the latest moment the window may end on our clock. A delta counts from now,
// when the answer arrived, which is after the server wrote it. A Unix time is moved onto our
// clock by offset, which is never more than the real offset. A value without a fraction may be
// rounded either way, as servers counting in whole seconds do (the real server sends
// "145"), so the window may end up to a second after it: that second is added. A value with a
// fraction is taken as exact.
func parseRateLimit(h http.Header, now time.Time, offset time.Duration) (rateLimit, bool) {
	// The keys in canonical form: Get then looks them up without allocating, and most
	// responses carry none of them.
	limit, ok := headerInt(h, "X-Ratelimit-Limit")
	if !ok || limit < 1 {
		return rateLimit{}, false
	}
	remaining, ok := headerInt(h, "X-Ratelimit-Remaining")
	if !ok {
		return rateLimit{}, false
	}
	secs, nanos, whole, ok := parseSeconds(strings.TrimSpace(h.Get("X-Ratelimit-Reset")))
	if !ok {
		return rateLimit{}, false
	}
	var reset time.Time
	if secs >= resetUnixThreshold {
		reset = time.Unix(secs, nanos).Add(-offset)
	} else {
		reset = now.Add(time.Duration(secs)*time.Second + time.Duration(nanos))
	}
	if whole {
		reset = reset.Add(time.Second)
	}
	return rateLimit{limit: limit, remaining: min(remaining, limit), reset: reset}, true
}

// resetIsUnixTime reports whether h carries an X-RateLimit-Reset given as a Unix time (see
// resetUnixThreshold), the one form that needs the server's clock.
func resetIsUnixTime(h http.Header) bool {
	secs, _, _, ok := parseSeconds(strings.TrimSpace(h.Get("X-Ratelimit-Reset")))
	return ok && secs >= resetUnixThreshold
}

// headerInt parses the header key as a non-negative integer of at most 9 digits.
func headerInt(h http.Header, key string) (int, bool) {
	v := strings.TrimSpace(h.Get(key))
	if v == "" {
		return 0, false // the common case, without parseNonNegativeInt's error
	}
	n, err := parseNonNegativeInt(v)
	return int(n), err == nil
}

// parseSeconds parses a non-negative decimal number of seconds ("12", "1700000001.5",
// "0.25"): digits, optionally a point and more digits, nothing else; whole reports that it
// has no point. Digits past the nanosecond are dropped; more than 12 whole digits (over 30,000
// years) are refused.
func parseSeconds(s string) (secs, nanos int64, whole, ok bool) {
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 12 || hasPoint && frac == "" {
		return 0, 0, false, false
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return 0, 0, false, false
		}
	}
	secs, _ = strconv.ParseInt(intPart, 10, 64)
	frac = (frac + "000000000")[:9]
	nanos, _ = strconv.ParseInt(frac, 10, 64)
	return secs, nanos, !hasPoint, true
}

// learnOffset narrows the estimate of the server's clock minus ours from a response's Date
// header, for an attempt let out at sent and answered at now.
//
// The estimate must never exceed the real offset: a Unix-time Reset then ends later on our
// clock than on the server's, never earlier, and the pacer cannot send into a window the
// server has not yet closed. The server's clock read at least Date when it answered, and ours
// at most now, so Date-now is a lower bound; the estimate is the greatest lower bound seen
// (answers written just after the server's second ticked bring it within a round trip of the
// truth). Its clock also read less than Date+1s, and ours at least sent, so an estimate above
// Date+1s-sent is wrong: a clock was set back. The estimate then starts over from this answer.
func (p *pacer) learnOffset(h http.Header, sent, now time.Time) {
	v := h.Get("Date")
	if v == "" {
		return
	}
	date, err := http.ParseTime(v)
	if err != nil {
		return
	}
	lo, hi := date.Sub(now), date.Add(time.Second).Sub(sent)
	if !p.offsetKnown || p.offset > hi || lo > p.offset {
		p.offset, p.offsetKnown = lo, true
	}
}
