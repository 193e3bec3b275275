package unmetered

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors for errors.Is. An *Error matches the sentinel of its HTTP status; errors that
// the SDK raises before sending anything wrap ErrInvalidArgument.
var (
	// ErrUnauthorized: the server answered 401 (bad credentials, or an expired token that could
	// not be refreshed).
	ErrUnauthorized = errors.New("unmetered: unauthorized")
	// ErrForbidden: the server answered 403 (the account or contact lacks the privilege).
	ErrForbidden = errors.New("unmetered: forbidden")
	// ErrNotFound: the server answered 404 (no such object on this account, or no such route).
	ErrNotFound = errors.New("unmetered: not found")
	// ErrRateLimited: the server answered 429 after the retries allowed (see Error.RetryAfter),
	// or the client did not send a request because a rate limit's window ends after the
	// context's deadline (see RateLimitError).
	ErrRateLimited = errors.New("unmetered: rate limited")
	// ErrServer: the server answered with a 5xx status after the retries allowed.
	ErrServer = errors.New("unmetered: server error")
	// ErrInvalidArgument: the SDK refused an option or a parameter before sending a request.
	ErrInvalidArgument = errors.New("unmetered: invalid argument")
	// ErrConflict: a checked write (such as Domains.UpdateDNSRecordChecked) read the object
	// again and found it no longer as the caller last read it, so it changed nothing. Read it
	// again, decide anew, and retry if the change still applies.
	ErrConflict = errors.New("unmetered: conflict")
)

// errorBodyBytes bounds how much of a failed response is read for its message.
const errorBodyBytes = 64 << 10

// excerptRunes bounds the excerpt of a non-JSON error body kept in Error.Excerpt.
const excerptRunes = 200

// Error is a failure reported by the API: a non-2xx status, a 2xx response whose body carries
// a non-empty "error" list (the portal sometimes reports failures with status 200), or a 2xx
// response whose body is empty or not JSON (an HTML page, a cut-off body).
// Use errors.Is with the sentinels (ErrNotFound, ...) to branch, and errors.As to read the details.
type Error struct {
	// StatusCode is the HTTP status of the response (200 for an error reported in a 2xx body).
	StatusCode int
	// Method and Path identify the request (Path is below the base URL, without the query).
	Method string
	Path   string
	// Messages are the server's messages from the body's "error" list, if any.
	Messages []string
	// RetryAfter is the wait the server asked for in a Retry-After header, when it gave one.
	RetryAfter time.Duration
	// Excerpt is the start of a body that was not JSON (an HTML page from a proxy, say), with
	// markup and whitespace collapsed.
	Excerpt string
}

// Error returns "unmetered: METHOD PATH: STATUS: messages".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("unmetered: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	b.WriteString(": ")
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if len(e.Messages) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Messages, "; "))
	} else if e.Excerpt != "" {
		b.WriteString(": non-JSON body: ")
		b.WriteString(e.Excerpt)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Is reports whether the error matches a status sentinel: ErrUnauthorized (401), ErrForbidden
// (403), ErrNotFound (404), ErrRateLimited (429) or ErrServer (5xx).
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// newError builds the *Error for a failed response. msgs, when known, are the body's "error"
// messages; otherwise they are read from body, or an excerpt is kept if body is not JSON.
func (c *Client) newError(r *request, resp *http.Response, body []byte, msgs messages) *Error {
	e := &Error{StatusCode: resp.StatusCode, Method: r.method, Path: routePath(r.route)}
	rd := c.redactorFor(r)
	if d, ok := retryAfter(resp.Header, time.Now()); ok {
		e.RetryAfter = d
	}
	if msgs == nil {
		var env struct {
			Error messages `json:"error"`
		}
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) > 0 && json.Unmarshal(trimmed, &env) == nil {
			msgs = env.Error
		} else if len(trimmed) > 0 {
			e.Excerpt = redactedExcerpt(trimmed, rd)
		}
	}
	for _, m := range msgs {
		e.Messages = append(e.Messages, rd.text(m.String()))
	}
	return e
}

var markup = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// excerptScanBytes bounds how much of a non-JSON body excerpt reads.
const excerptScanBytes = 8 << 10

// excerpt returns the start of a non-JSON body as readable text: tags dropped, whitespace
// collapsed, at most excerptRunes runes, valid UTF-8, ending in "…" when cut. Anything shaped
// like a JWT is redacted; newError uses redactedExcerpt with the call's secrets.
func excerpt(body []byte) string { return redactedExcerpt(body, nil) }

// redactedExcerpt is excerpt with the secrets rd knows redacted before anything is cut, and
// the start of one at the cut redacted too.
func redactedExcerpt(body []byte, rd redactor) string {
	cut := len(body) > excerptScanBytes
	if cut {
		body = body[:excerptScanBytes]
	}
	text := rd.text(string(body))
	text = markup.ReplaceAllString(text, " ")
	text = strings.Join(strings.Fields(strings.ToValidUTF8(text, "")), " ")
	if utf8.RuneCountInString(text) > excerptRunes {
		text, cut = string([]rune(text)[:excerptRunes]), true
	}
	if cut {
		text = rd.cutTail(text) + "…"
	}
	return text
}
