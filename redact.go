package unmetered

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/unmetered/unmetered-go/internal/secretkey"
)

// Redaction: no credential the client holds or a call sends reaches an error, a log line or a
// printed value, in any spelling a server or a proxy may echo it in.
//
// Every secret is expanded once, when it becomes known, into the spellings it can take on the
// wire (wireForms): as sent, JSON-escaped the ways JSON encoders write it, escaped twice (a body
// echoed inside a JSON string), URL-encoded, HTML-escaped and in base64. One strings.Replacer
// per set of secrets then replaces all of them in a single pass over a text. The sets are the
// client's own credentials (built in NewClient), the JWT session's current tokens (rebuilt when
// they change) and a call's own secrets (built at most once per call, and only when it fails).

const redacted = "[REDACTED]"

// minSecretLen is the shortest secret (and spelling) redacted: shorter values would mangle
// ordinary text and give little away.
const minSecretLen = 4

// minPrefixLen is the shortest start of a secret's spelling that is redacted at the end of a
// text that was cut (an excerpt, a WireError's value): fewer characters give little away.
const minPrefixLen = 3

// jwtPattern matches a JSON Web Token anywhere in a text.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

// secrets holds the client's credentials (password, Basic credentials) as spellings, finds
// the JWT session's current tokens through owner, and keeps the secrets the client has met
// since (learned). It holds no secret in its own fields: a Client printed by fmt field by
// field may show them (see heldAuth).
type secrets struct {
	own     *spellings
	owner   *loginSource // the JWT session, whose current tokens are secrets too
	session atomic.Pointer[sessionSpellings]
	learned *learnedSecrets
}

// maxLearned is how many secrets a client keeps besides those it was built with: the bearer
// and refresh tokens of sixteen renewals of a session. Older ones are dropped (they have long
// expired), so a process that runs for months does not grow without bound.
const maxLearned = 32

// learnedSecrets are the secrets a client has met while running: every bearer token it sent
// (a TokenSource's too), every token pair Auth.Login and Auth.Refresh returned, the passwords
// and refresh tokens it sent to /login, /token and /revoke. They stay secrets after they are
// replaced: an answer may echo an earlier token.
type learnedSecrets struct {
	mu sync.Mutex // held while secrets are added
	// set is replaced whole whenever a secret is added, never modified: read without the lock,
	// it lets a request whose secrets are all known (a session's bearer token, sent again and
	// again) skip the lock.
	set atomic.Pointer[learnedSet]
}

// learnedSet is the learned secrets at one time, and their spellings.
type learnedSet struct {
	values []string // oldest first
	sp     *spellings
}

// list returns the secrets learned so far, oldest first. The caller must not modify it.
func (l *learnedSecrets) list() []string {
	if set := l.set.Load(); set != nil {
		return set.values
	}
	return nil
}

// learn adds values (those not yet known) to the client's secrets. Every request calls it
// with its secrets; those are almost always known already, which it finds without a lock.
func (s *secrets) learn(values ...string) {
	if s == nil || s.learned == nil {
		return
	}
	l := s.learned
	if l.knows(values) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	next, changed := l.list(), false
	for _, v := range values {
		if len(v) < minSecretLen || slices.Contains(next, v) {
			continue
		}
		if len(next) == maxLearned {
			next = next[1:]
		}
		next = append(slices.Clip(next), v) // a new array: the stored set's is never modified
		changed = true
	}
	if changed {
		l.set.Store(&learnedSet{values: next, sp: newSpellings(next...)})
	}
}

// knows reports whether every one of values is known, or too short to count as a secret.
func (l *learnedSecrets) knows(values []string) bool {
	known := l.list()
	for _, v := range values {
		if len(v) >= minSecretLen && !containsFromEnd(known, v) {
			return false
		}
	}
	return true
}

// containsFromEnd reports whether list holds v, looking at its end first: the token a request
// sends is most often the latest learned.
func containsFromEnd(list []string, v string) bool {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] == v {
			return true
		}
	}
	return false
}

// learnedSp returns the spellings of the learned secrets.
func (s *secrets) learnedSp() *spellings {
	if s == nil || s.learned == nil {
		return nil
	}
	if set := s.learned.set.Load(); set != nil {
		return set.sp
	}
	return nil
}

// sessionSpellings are the spellings of the session's tokens at one time.
type sessionSpellings struct {
	tokens [2]string
	sp     *spellings
}

func newSecrets(values ...string) *secrets {
	return &secrets{own: newSpellings(values...), learned: &learnedSecrets{}}
}

// sessionSp returns the spellings of the session's current tokens, rebuilt only when they change.
func (s *secrets) sessionSp() *spellings {
	if s == nil || s.owner == nil {
		return nil
	}
	var key [2]string
	copy(key[:], s.owner.secretValues())
	if cur := s.session.Load(); cur != nil && cur.tokens == key {
		return cur.sp
	}
	// Two goroutines may both build the spellings of new tokens; either result will do.
	next := &sessionSpellings{tokens: key, sp: newSpellings(key[:]...)}
	s.session.Store(next)
	return next.sp
}

// redactor returns the redactor of the client's and the session's secrets and of extra.
func (s *secrets) redactor(extra *spellings) redactor {
	if s == nil {
		return redactor{extra}
	}
	return redactor{s.own, s.sessionSp(), s.learnedSp(), extra}
}

// Redact returns b with every secret of the client replaced by "[REDACTED]", the way the SDK
// keeps them out of its own errors and log lines: its password and Basic credentials, the
// values given to WithSecrets, the bearer and refresh tokens of its session, current and
// earlier (the most recent 32 it has met, a TokenSource's included), and the passwords and
// tokens it has sent to Auth.Login, Refresh and Revoke. Each is found in every spelling a
// server, a proxy or an error page may echo it in: as sent, JSON-escaped (also twice),
// URL-encoded, HTML-escaped, and in base64 at any alignment (inside a Basic header value
// too). Anything shaped like a JSON Web Token is replaced as well, whoever issued it.
//
// Use it on text the SDK does not produce itself but a program prints, such as a raw answer of
// Do: a server may echo a credential in a message that no key names as one. The result is b
// itself when it holds nothing to redact; b is never modified. Secrets of fewer than 4 bytes
// are not redacted (they would mangle ordinary text and give little away).
func (c *Client) Redact(b []byte) []byte {
	if c == nil || len(b) == 0 {
		return b
	}
	text := string(b)
	if out := c.secrets.redactor(nil).text(text); out != text {
		return []byte(out)
	}
	return b
}

// WithSecrets names values the client must never show besides its own credentials: it
// redacts them, in every spelling, from its errors, its log lines and what Redact returns.
// Use it for a secret the client does not hold itself, such as the password a TokenSource of
// your own logs in with. Values of fewer than 4 bytes are ignored.
func WithSecrets(values ...string) Option {
	return func(c *config) error {
		c.secrets = append(c.secrets, values...)
		return nil
	}
}

// redactErr returns err with the secrets redact knows taken out of its text and out of every
// error it wraps; see redactor.scrub.
func (s *secrets) redactErr(err error, extra ...string) error {
	return s.redactor(newSpellings(extra...)).scrub(err)
}

// callSecrets are a request's own secrets as spellings, built at most once per call.
type callSecrets struct {
	n  int // len(request.secrets) when sp was built; a replay may add the new bearer token
	sp *spellings
}

// redactorFor returns the redactor for r's errors: the client's and the session's secrets, the
// values r names in r.secrets, and those its body or query carries under a credential's key
// (see sensitiveValues). r may be nil.
func (c *Client) redactorFor(r *request) redactor {
	var extra *spellings
	if r != nil {
		if r.redaction == nil || r.redaction.n != len(r.secrets) {
			values := append(append([]string(nil), r.secrets...), sensitiveValues(r.body, r.route)...)
			r.redaction = &callSecrets{n: len(r.secrets), sp: newSpellings(values...)}
		}
		extra = r.redaction.sp
	}
	return c.secrets.redactor(extra)
}

// redactErr is the exit of the request path: every error a call returns passes through it.
func (c *Client) redactErr(r *request, err error) error {
	if err == nil {
		return nil
	}
	return c.redactorFor(r).scrub(err)
}

// spellings are the wire spellings of some secrets, longest first, with one replacer for all.
type spellings struct {
	forms []string
	r     *strings.Replacer
}

// newSpellings expands values (those shorter than minSecretLen are skipped) into their wire
// spellings. It returns nil when there is nothing to redact.
func newSpellings(values ...string) *spellings {
	seen := map[string]bool{}
	var forms []string
	for _, v := range values {
		if len(v) < minSecretLen {
			continue
		}
		for _, f := range wireForms(v) {
			if len(f) >= minSecretLen && !seen[f] {
				seen[f] = true
				forms = append(forms, f)
			}
		}
	}
	if len(forms) == 0 {
		return nil
	}
	// strings.Replacer tries its old strings in argument order at each position: longest first,
	// so that a spelling that starts with another is replaced whole.
	sort.Slice(forms, func(i, j int) bool {
		if len(forms[i]) != len(forms[j]) {
			return len(forms[i]) > len(forms[j])
		}
		return forms[i] < forms[j]
	})
	args := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		args = append(args, f, redacted)
	}
	return &spellings{forms: forms, r: strings.NewReplacer(args...)}
}

func (s *spellings) replace(text string) string {
	if s == nil {
		return text
	}
	return s.r.Replace(text)
}

// tailPrefix returns the length of the longest end of text (at least minPrefixLen bytes) that
// is the start of one of the spellings, or 0.
func (s *spellings) tailPrefix(text string) int {
	if s == nil {
		return 0
	}
	longest := 0
	for _, f := range s.forms {
		// Candidates start in the last len(f)-1 bytes of text (a whole spelling was replaced).
		from := max(len(text)-len(f)+1, 0)
		for i := from; i <= len(text)-max(minPrefixLen, longest+1); i++ {
			if text[i] == f[0] && strings.HasPrefix(f, text[i:]) {
				longest = len(text) - i
				break
			}
		}
	}
	return longest
}

// redactor redacts texts and errors with some sets of spellings (nil sets are skipped) and the
// JWT pattern.
type redactor []*spellings

// text returns s with every spelling of every secret, and anything shaped like a JWT, replaced,
// in time linear in s.
func (rd redactor) text(s string) string {
	if s == "" {
		return s
	}
	for _, set := range rd {
		s = set.replace(s)
	}
	if strings.Contains(s, "eyJ") {
		s = jwtPattern.ReplaceAllString(s, redacted)
	}
	return s
}

// cut is text for one of the SDK's own excerpts (WireError.Value, Error.Excerpt), which end in
// "…" where they were cut short: the start of a secret at the cut is replaced too.
func (rd redactor) cut(s string) string {
	body, truncated := strings.CutSuffix(s, "…")
	body = rd.text(body)
	if !truncated {
		return body
	}
	return rd.cutTail(body) + "…"
}

// cutTail replaces the longest end of s that starts a secret's spelling.
func (rd redactor) cutTail(s string) string {
	n := 0
	for _, set := range rd {
		n = max(n, set.tailPrefix(s))
	}
	if n == 0 {
		return s
	}
	return s[:len(s)-n] + redacted
}

// sensitiveValues returns the values a request sends under a credential's key, in its JSON
// body (at any depth; every string or number below such a key) or its query. It runs only on
// a failed call's way out, so a call that succeeds pays nothing for it.
func sensitiveValues(body any, route string) []string {
	var out []string
	if body != nil {
		if b, err := json.Marshal(body); err == nil {
			dec := json.NewDecoder(strings.NewReader(string(b)))
			dec.UseNumber()
			var v any
			if dec.Decode(&v) == nil {
				collectSensitive(v, false, &out)
			}
		}
	}
	if _, query, ok := strings.Cut(route, "?"); ok {
		if q, err := url.ParseQuery(query); err == nil {
			for k, vs := range q {
				if sensitiveKey(k) {
					out = append(out, vs...)
				}
			}
		}
	}
	return out
}

func collectSensitive(v any, under bool, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			collectSensitive(e, under || sensitiveKey(k), out)
		}
	case []any:
		for _, e := range x {
			collectSensitive(e, under, out)
		}
	case string:
		if under {
			*out = append(*out, x)
		}
	case json.Number:
		if under {
			*out = append(*out, string(x))
		}
	}
}

// sensitiveKey reports whether a body or query key names a credential (internal/secretkey, the
// rule the unmetered command also applies to the answers it prints raw).
func sensitiveKey(key string) bool { return secretkey.Is(key) }
