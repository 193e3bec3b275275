package unmetered

import (
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"
	"weak"
)

// One account, one limit: the server counts an account's requests (and logins) whichever
// client sends them, so the clients of one account in a process share one pacer. Two clients
// each pacing by its own count would together send twice what the limit allows.
//
// The registry holds its pacers weakly: a pacer lives as long as a client uses it, and its
// entry goes with it.

// pacerKey names an account's pacer: the base URL (see normalizedBaseURL), the account's
// username in lower case (the portal's logins are email addresses), and the caller's fixed
// limit, if any (WithRateLimit(n, per): clients that keep to different limits by hand do not
// share a count). No password or token is part of it.
type pacerKey struct {
	baseURL, account string
	n                int
	per              time.Duration
}

var pacers = struct {
	mu sync.Mutex
	m  map[pacerKey]weak.Pointer[pacer]
}{m: map[pacerKey]weak.Pointer[pacer]{}}

// sharedPacer returns the pacer of the account key names, making it if no client has it.
func sharedPacer(key pacerKey) *pacer {
	pacers.mu.Lock()
	defer pacers.mu.Unlock()
	if p := pacers.m[key].Value(); p != nil {
		return p
	}
	p := newPacer(key.n, key.per)
	pacers.m[key] = weak.Make(p)
	runtime.AddCleanup(p, dropPacer, key)
	return p
}

// dropPacer removes key's entry once its pacer is gone, unless a new pacer has taken its place.
func dropPacer(key pacerKey) {
	pacers.mu.Lock()
	defer pacers.mu.Unlock()
	if wp, ok := pacers.m[key]; ok && wp.Value() == nil {
		delete(pacers.m, key)
	}
}

// accountPacer returns the pacer for a client of cfg: the account's shared one when the
// client has an account (WithBasicAuth, WithLogin), else one of its own (WithTokenSource, no
// credentials: the account is not known).
func accountPacer(cfg *config) *pacer {
	if cfg.account == "" {
		return newPacer(cfg.rateN, cfg.ratePer)
	}
	return sharedPacer(pacerKey{baseURL: normalizedBaseURL(cfg.baseURL), account: strings.ToLower(cfg.account),
		n: cfg.rateN, per: cfg.ratePer})
}

// normalizedBaseURL is a base URL (valid, as parseBaseURL leaves it) as one server: its origin
// as the redirect policy compares it (scheme and host in lower case, the scheme's default port
// made explicit) and its path.
func normalizedBaseURL(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	return origin(u) + u.EscapedPath()
}
