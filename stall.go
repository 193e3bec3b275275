package unmetered

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Stalled answers: a response whose body stops coming, or trickles in a byte at a time, ends
// the attempt as a lost connection would, instead of holding the call (and a command) for ever.

// DefaultStallTimeout is how long an answer's body may keep the client waiting for its next
// KiB before the attempt fails, unless WithStallTimeout says otherwise.
const DefaultStallTimeout = 30 * time.Second

// stallProgress is the progress a body must make within the stall timeout: this many bytes, or
// its end. A body trickling in slower than that (one byte a second) is stalled, not slow: at
// the default, 1 KiB per 30 s is 34 bytes a second.
const stallProgress = 1 << 10

// WithStallTimeout bounds how long the client waits for an answer that has started (its
// headers have arrived) to go on: when less than 1 KiB of the body arrives in d of waiting, and
// the body has not ended, the attempt fails like a lost connection. The retry policy treats it
// as one: a replay-safe request is tried again, a send-once request is not (the server has
// acted on it, or may have), and MaybeApplied reports true. The error is a net.Error whose
// Timeout() is true (and errors.Is(err, os.ErrDeadlineExceeded) holds).
//
// It covers the bodies the client reads itself and the streamed downloads it hands over
// (Certificates.Download, Support.Attachment): only time spent waiting inside Read counts, so
// a caller that reads a download slowly does not make it stall. The wait for the headers is
// the transport's: the default one gives up after 60 s (http.Transport.ResponseHeaderTimeout);
// with WithHTTPClient it is that client's. A stalled body is abandoned by closing it while its
// Read waits, which net/http's transports allow (the connection is dropped); a custom
// transport's bodies must allow it too.
//
// The default is DefaultStallTimeout (30 s). d of 0 turns the bound off: an answer may then
// take as long as the call's context allows. A negative d is an error.
func WithStallTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("%w: WithStallTimeout(%s): the timeout cannot be negative; 0 turns it off", ErrInvalidArgument, d)
		}
		c.stallTimeout = d
		return nil
	}
}

// stallClock is the time the stall timeout runs on: the real clock, or a test's.
type stallClock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) stallTimer
}

// stallTimer is the part of *time.Timer a stallBody uses.
type stallTimer interface {
	Reset(d time.Duration) bool
	Stop() bool
}

type realStallClock struct{}

func (realStallClock) Now() time.Time { return time.Now() }
func (realStallClock) AfterFunc(d time.Duration, f func()) stallTimer {
	return time.AfterFunc(d, f)
}

// stallTransport watches the bodies of the responses it passes on: one that stalls is closed
// under its reader (see stallBody).
type stallTransport struct {
	next    http.RoundTripper
	timeout time.Duration
	clock   stallClock
	// idle keeps the stallBodies given back by recycle, with their timers, for the next
	// responses: a call whose body the client reads itself then costs no allocation here.
	idle sync.Pool
}

func (t *stallTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.Body == nil || resp.Body == http.NoBody {
		return resp, err
	}
	b, _ := t.idle.Get().(*stallBody)
	if b == nil {
		b = &stallBody{owner: t}
	}
	b.rc = resp.Body
	resp.Body = b
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the transport underneath.
func (t *stallTransport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// stallBody is a response body that gives up when it stalls: its timer closes the body
// underneath, which makes the waiting Read return (net/http's bodies, HTTP/1 and HTTP/2,
// allow Close during a Read for this: it abandons the connection). The timer runs only while a
// Read waits: what the body has cost is the time spent inside Read since it last made
// stallProgress bytes of progress, so a caller that pauses between Reads never makes it stall.
//
// Per Read it costs a timer reset and stop and two clock readings (one for the Read that ends
// the body or makes progress); no goroutine. The body and
// its timer (made by its first Read) are reused for later responses once the client has read
// a body to its end itself (recycle), so a call costs no allocation for them. (Cancelling a
// context of the attempt's own, the other way to abandon a body, cost three allocations.)
type stallBody struct {
	rc    io.ReadCloser
	owner *stallTransport // its timeout and clock, and where recycle puts it

	timer   stallTimer    // armed only during a Read; made by the first one
	waited  time.Duration // time spent in Read since the last progress
	got     int           // bytes read since the last progress
	stalled atomic.Bool   // set by the timer, from its own goroutine
	// fired is set when a Read finds that its timer went off: its func (stall) has run or
	// is running, so the body is not reused.
	fired bool
}

func (b *stallBody) Read(p []byte) (int, error) {
	timeout := b.owner.timeout
	if b.stalled.Load() {
		return 0, &stallError{timeout: timeout}
	}
	start := b.owner.clock.Now()
	left := timeout - b.waited
	if b.timer == nil {
		b.timer = b.owner.clock.AfterFunc(left, b.stall)
	} else {
		b.timer.Reset(left)
	}
	n, err := b.rc.Read(p)
	if !b.timer.Stop() {
		b.fired = true // armed by this Read and stopped by nobody else: it went off
	}
	if b.got += n; b.got >= stallProgress || err != nil {
		b.got, b.waited = 0, 0 // progress, or the end: the time waited so far no longer counts
	} else {
		b.waited += b.owner.clock.Now().Sub(start)
	}
	if err != nil && err != io.EOF && b.stalled.Load() {
		err = &stallError{timeout: timeout} // not "read on closed body": say what happened
	}
	return n, err
}

// recycle gives b back to its transport for another response. The caller must have read it
// and closed it, and hold the only reference to it (bufferBody, which puts its own buffer in
// the response's place). A body whose timer went off is let go instead: its stall may still
// be running.
func (b *stallBody) recycle() {
	if b.fired || b.stalled.Load() {
		return
	}
	b.rc, b.waited, b.got = nil, 0, 0
	b.owner.idle.Put(b)
}

// stall runs when the timer fires: the body has waited out its timeout. Closing it unblocks
// the Read.
func (b *stallBody) stall() {
	b.stalled.Store(true)
	_ = b.rc.Close()
}

// Close closes the body underneath.
func (b *stallBody) Close() error { return b.rc.Close() }

// stallError is the error of a body that stalled. Like a deadline passing on a connection, it
// is a timeout.
type stallError struct{ timeout time.Duration }

func (e *stallError) Error() string {
	return fmt.Sprintf("the answer stalled: less than 1 KiB of it arrived in %s (WithStallTimeout)", e.timeout)
}

// Timeout reports true: the error is a timeout (net.Error).
func (e *stallError) Timeout() bool { return true }

// Temporary reports true, as for other timeouts (net.Error).
func (e *stallError) Temporary() bool { return true }

// Is makes errors.Is(err, os.ErrDeadlineExceeded) hold, as for a connection's deadline.
func (e *stallError) Is(target error) bool { return target == os.ErrDeadlineExceeded }
