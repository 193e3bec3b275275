package unmetered

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Scrubbing errors: the redaction of an error's text and of every error it wraps that errors.As
// can reach, keeping what errors.Is matches.

// maxScrubDepth bounds how deep scrub follows an error chain.
const maxScrubDepth = 64

// scrub returns err with every secret taken out of its text and out of every error it wraps
// that errors.As can reach: an *Error's Messages, Excerpt and Path, a *WireError's Value, a
// *url.Error's URL, a *strconv.NumError's Num, a *time.ParseError's values, and the text of any
// other error. An error that holds no secret is returned as it is (the same value); one that
// does is copied (known types) or replaced by an error with the redacted text that wraps the
// scrubbed errors it wrapped. errors.Is still matches whatever the original chain matched
// (sentinels, context and syscall errors); errors.As no longer reaches a replaced error of an
// unknown type.
func (rd redactor) scrub(err error) error {
	out, _ := rd.scrubDepth(err, 0)
	return out
}

func (rd redactor) scrubDepth(err error, depth int) (error, bool) {
	if err == nil || depth > maxScrubDepth {
		return err, false
	}
	switch e := err.(type) {
	case *Error:
		c := *e
		ch1 := rd.field(&c.Path)
		ch2 := rd.cutField(&c.Excerpt)
		msgs, ch3 := rd.texts(e.Messages)
		if !ch1 && !ch2 && !ch3 {
			return err, false
		}
		c.Messages = msgs
		return &c, true
	case *WireError:
		c := *e
		ch1 := rd.cutField(&c.Value)
		var ch2 bool
		c.Err, ch2 = rd.scrubDepth(e.Err, depth+1)
		if !ch1 && !ch2 {
			return err, false
		}
		return &c, true
	case *url.Error:
		c := *e
		ch1 := rd.field(&c.URL)
		var ch2 bool
		c.Err, ch2 = rd.scrubDepth(e.Err, depth+1)
		if !ch1 && !ch2 {
			return err, false
		}
		return &c, true
	case *strconv.NumError:
		c := *e
		if !rd.field(&c.Num) {
			return err, false
		}
		return &c, true
	case *time.ParseError:
		c := *e
		ch1, ch2, ch3 := rd.field(&c.Value), rd.field(&c.ValueElem), rd.field(&c.Message)
		if !ch1 && !ch2 && !ch3 {
			return err, false
		}
		return &c, true
	case *outcomeError:
		// The verdict for MaybeApplied stays; only the error it carries is scrubbed.
		inner, ch := rd.scrubDepth(e.err, depth+1)
		if !ch {
			return err, false
		}
		return &outcomeError{err: inner, maybeApplied: e.maybeApplied}, true
	case *redactedError:
		// Already scrubbed, perhaps with fewer secrets (wrapTransportError's): scrub it again.
		inner, ch := rd.scrubDepth(e.err, depth+1)
		msg := rd.text(quoteScrubbed(e.msg, e.err, inner, ch))
		if msg == e.msg && !ch {
			return err, false
		}
		return &redactedError{msg: msg, err: inner, orig: e.orig}, true
	}

	msg := err.Error()
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		w := u.Unwrap()
		inner, ch := rd.scrubDepth(w, depth+1)
		clean := rd.text(quoteScrubbed(msg, w, inner, ch))
		if clean == msg && !ch {
			return err, false
		}
		return &redactedError{msg: clean, err: inner, orig: err}, true
	case interface{ Unwrap() []error }:
		var (
			inners  []error
			changed bool
		)
		quoted := msg
		for _, w := range u.Unwrap() {
			inner, ch := rd.scrubDepth(w, depth+1)
			quoted = quoteScrubbed(quoted, w, inner, ch)
			inners, changed = append(inners, inner), changed || ch
		}
		clean := rd.text(quoted)
		if clean == msg && !changed {
			return err, false
		}
		return &redactedErrors{msg: clean, errs: inners, orig: err}, true
	}
	clean := rd.text(msg)
	if clean == msg {
		return err, false
	}
	return &redactedError{msg: clean, orig: err}, true
}

// quoteScrubbed puts the text of scrubbed, the scrubbed form of a wrapped error, where msg (the
// wrapper's text) quotes the original's. The wrapper then shows what its scrubbed error shows,
// including what only the error knew to redact (the start of a secret where a WireError cut
// its value).
func quoteScrubbed(msg string, original, scrubbed error, changed bool) string {
	if !changed || original == nil {
		return msg
	}
	return strings.ReplaceAll(msg, original.Error(), scrubbed.Error())
}

// field redacts *s in place and reports whether it changed; cutField is field for one of the
// SDK's own excerpts.
func (rd redactor) field(s *string) bool {
	clean := rd.text(*s)
	changed := clean != *s
	*s = clean
	return changed
}

func (rd redactor) cutField(s *string) bool {
	clean := rd.cut(*s)
	changed := clean != *s
	*s = clean
	return changed
}

// texts redacts each of ss, copying the slice only when one changes.
func (rd redactor) texts(ss []string) ([]string, bool) {
	var out []string
	for i, s := range ss {
		if clean := rd.text(s); clean != s {
			if out == nil {
				out = append([]string(nil), ss...)
			}
			out[i] = clean
		}
	}
	if out == nil {
		return ss, false
	}
	return out, true
}

// redactedError stands in for an error whose text held a secret: it has the redacted text and
// wraps the scrubbed form of what the original wrapped. errors.Is matches what the original
// matched itself; errors.As does not reach the original.
type redactedError struct {
	msg  string
	err  error // the scrubbed wrapped error, if any
	orig error // the error replaced
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Is reports whether the replaced error itself matched target.
func (e *redactedError) Is(target error) bool { return isItself(e.orig, target) }

// Timeout and Temporary keep the net.Error answers of the replaced error, or else of the first
// error it wraps that gives them (as errors.As would have found, passing over the original).
func (e *redactedError) Timeout() bool {
	var t interface{ Timeout() bool }
	if !asItself(e.orig, &t) && !errors.As(e.err, &t) {
		return false
	}
	return t.Timeout()
}

func (e *redactedError) Temporary() bool {
	var t interface{ Temporary() bool }
	if !asItself(e.orig, &t) && !errors.As(e.err, &t) {
		return false
	}
	return t.Temporary()
}

// Format prints the redacted text for every verb; %#v shows no field of the replaced error.
func (e *redactedError) Format(f fmt.State, verb rune) { formatError(f, verb, e.msg) }

// redactedErrors is redactedError for an error that wraps several (errors.Join, fmt.Errorf with
// several %w).
type redactedErrors struct {
	msg  string
	errs []error
	orig error
}

func (e *redactedErrors) Error() string                 { return e.msg }
func (e *redactedErrors) Unwrap() []error               { return e.errs }
func (e *redactedErrors) Is(target error) bool          { return isItself(e.orig, target) }
func (e *redactedErrors) Format(f fmt.State, verb rune) { formatError(f, verb, e.msg) }

func formatError(f fmt.State, verb rune, msg string) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = fmt.Fprint(f, "&unmetered.redactedError{msg:"+strconv.Quote(msg)+"}")
	case verb == 'q':
		_, _ = fmt.Fprint(f, strconv.Quote(msg))
	default:
		_, _ = fmt.Fprint(f, msg)
	}
}

// isItself is errors.Is for err alone, not the errors it wraps.
func isItself(err, target error) bool {
	if err == nil {
		return false
	}
	if reflect.TypeOf(target).Comparable() && err == target {
		return true
	}
	if x, ok := err.(interface{ Is(error) bool }); ok {
		return x.Is(target)
	}
	return false
}

// asItself sets *target to err when err itself has target's interface type.
func asItself[T any](err error, target *T) bool {
	t, ok := err.(T)
	if ok {
		*target = t
	}
	return ok
}
