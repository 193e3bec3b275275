package unmetered

import (
	"regexp"
	"strings"
	"sync"
)

// Redaction: no credential the client holds or a call sends reaches an error, a log line or a
// printed value.

// secrets redacts the client's credentials (password, Basic credentials, tokens) from anything
// that becomes an error message, whatever a server or proxy echoes back.
type secrets struct {
	mu     sync.RWMutex
	values []string
	owner  *loginSource // the JWT session, whose current tokens are secrets too
}

const redacted = "[REDACTED]"

// jwtPattern matches a JSON Web Token anywhere in a text.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

func newSecrets(values ...string) *secrets {
	s := &secrets{}
	for _, v := range values {
		s.add(v)
	}
	return s
}

func (s *secrets) add(v string) {
	if len(v) < 4 { // too short to redact without mangling ordinary text
		return
	}
	s.mu.Lock()
	s.values = append(s.values, v)
	s.mu.Unlock()
}

// redact replaces the client's secrets, the session's current tokens, anything shaped like a
// JWT and the call's own secrets (extra: a password or token the call sent) with [REDACTED].
func (s *secrets) redact(text string, extra ...string) string {
	if text == "" {
		return text
	}
	for _, v := range extra {
		if len(v) >= 4 {
			text = strings.ReplaceAll(text, v, redacted)
		}
	}
	if s == nil {
		return jwtPattern.ReplaceAllString(text, redacted)
	}
	s.mu.RLock()
	for _, v := range s.values {
		text = strings.ReplaceAll(text, v, redacted)
	}
	s.mu.RUnlock()
	if s.owner != nil {
		for _, v := range s.owner.secretValues() {
			text = strings.ReplaceAll(text, v, redacted)
		}
	}
	return jwtPattern.ReplaceAllString(text, redacted)
}

// redactErr returns err unchanged when its text holds no secret, else an error with the same
// chain for errors.Is/As whose text is redacted.
func (s *secrets) redactErr(err error, extra ...string) error {
	msg := err.Error()
	if clean := s.redact(msg, extra...); clean != msg {
		return &redactedError{msg: clean, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
