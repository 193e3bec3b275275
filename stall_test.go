package unmetered

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trickleServer answers every request with its headers at once and then a body that never
// ends: one byte every interval (none at all when interval is 0), until the client goes away.
// served counts the requests.
func trickleServer(t *testing.T, contentType string, interval time.Duration) (*httptest.Server, *atomic.Int64) {
	return trickleServerProto(t, contentType, interval, false)
}

// trickleServerProto is trickleServer over HTTP/1.1, or over HTTP/2 with TLS.
func trickleServerProto(t *testing.T, contentType string, interval time.Duration, h2 bool) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var served atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h2 && r.ProtoMajor != 2 {
			t.Errorf("the request came over %s", r.Proto)
		}
		served.Add(1)
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"x":"`))
		w.(http.Flusher).Flush()
		if interval == 0 {
			<-r.Context().Done()
			return
		}
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				if _, err := w.Write([]byte("a")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}
	}))
	if h2 {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, &served
}

// stallClient is a client of srv whose answers stall after timeout.
func stallClient(t *testing.T, srv *httptest.Server, timeout time.Duration) *Client {
	t.Helper()
	tr := defaultTransport().(*http.Transport)
	if srv.TLS != nil { // trust the server's certificate, speak HTTP/2 with it
		tr = srv.Client().Transport.(*http.Transport)
	}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithBasicAuth(testUser, testPassword), WithRetryMax(1),
		WithRetryWait(0, 0), WithHTTPClient(&http.Client{Transport: tr}), WithStallTimeout(timeout))
	require.NoError(t, err)
	return c
}

// requireStalled checks that err is the stall: a timeout, like a lost connection's.
func requireStalled(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	var netErr net.Error
	require.ErrorAs(t, err, &netErr, "%v", err)
	assert.True(t, netErr.Timeout())
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the call's own deadline did not pass")
	assert.Contains(t, err.Error(), "stalled")
}

// TestStalledAnswersEndTheAttempt: a body that trickles (a byte every few milliseconds, far
// below 1 KiB per stall timeout) or stops after the headers ends the attempt as a lost
// connection would: a GET is retried, an order is not, and the call returns a timeout for
// which MaybeApplied is true, long before its own deadline.
func TestStalledAnswersEndTheAttempt(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		interval time.Duration
		h2       bool
	}{
		"trickle": {5 * time.Millisecond, false}, "silence": {0, false},
		"trickle over HTTP/2": {5 * time.Millisecond, true}, "silence over HTTP/2": {0, true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, served := trickleServerProto(t, "application/json", tc.interval, tc.h2)
			c := stallClient(t, srv, 100*time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // a safety net only
			defer cancel()

			_, err := c.Domains.Get(ctx, 47)
			requireStalled(t, err)
			assert.True(t, MaybeApplied(err))
			assert.Equal(t, int64(2), served.Swap(0), "a GET is retried")

			_, err = c.Cart.OrderItems(ctx, CartOrderRequest{Items: []CartItem{ProductItem(1, "m")}})
			requireStalled(t, err)
			assert.True(t, MaybeApplied(err), "the order may have been placed")
			assert.Equal(t, int64(1), served.Load(), "an order is not sent again")
		})
	}
}

// TestStalledDownloads: streamed downloads stall too, whether the SDK reads them
// (Certificates.Download) or the caller does (Support.Attachment's Body).
func TestStalledDownloads(t *testing.T) {
	t.Parallel()
	srv, _ := trickleServer(t, "application/octet-stream", 5*time.Millisecond)
	c := stallClient(t, srv, 100*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	_, err := c.Certificates.Download(ctx, 305)
	requireStalled(t, err)

	a, err := c.Support.Attachment(ctx, "736633", "7f3a9c1e")
	require.NoError(t, err, "the download starts")
	defer a.Body.Close()
	_, err = io.ReadAll(a.Body)
	requireStalled(t, err)
}

// TestStallTimeoutOption: the default is DefaultStallTimeout, 0 turns the bound off, and a
// negative timeout is refused.
func TestStallTimeoutOption(t *testing.T) {
	t.Parallel()
	transportOf := func(c *Client) http.RoundTripper { return c.rc.HTTPClient.Transport }
	stallOf := func(c *Client) *stallTransport {
		rt := transportOf(c)
		if p, ok := rt.(*pacedTransport); ok {
			rt = p.next
		}
		s, _ := rt.(*stallTransport)
		return s
	}
	c, err := NewClient()
	require.NoError(t, err)
	require.NotNil(t, stallOf(c))
	assert.Equal(t, DefaultStallTimeout, stallOf(c).timeout)
	assert.Equal(t, 30*time.Second, DefaultStallTimeout)

	c, err = NewClient(WithStallTimeout(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, time.Minute, stallOf(c).timeout)

	c, err = NewClient(WithStallTimeout(0))
	require.NoError(t, err)
	assert.Nil(t, stallOf(c), "off")

	_, err = NewClient(WithStallTimeout(-time.Second))
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorContains(t, err, "WithStallTimeout(-1s)")
}

// manualClock is a stall clock that moves only when told, firing the timers that fall due.
type manualClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*manualTimer
	armed  chan struct{} // receives when a timer is (re)armed
}

type manualTimer struct {
	c      *manualClock
	at     time.Time
	f      func()
	active bool
}

func newManualClock() *manualClock {
	return &manualClock{now: time.Unix(1_700_000_000, 0), armed: make(chan struct{}, 1)}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) AfterFunc(d time.Duration, f func()) stallTimer {
	t := &manualTimer{c: c, f: f}
	c.mu.Lock()
	c.timers = append(c.timers, t)
	c.mu.Unlock()
	t.Reset(d)
	return t
}

func (t *manualTimer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	was := t.active
	t.at, t.active = t.c.now.Add(d), true
	t.c.mu.Unlock()
	select {
	case t.c.armed <- struct{}{}:
	default:
	}
	return was
}

func (t *manualTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.active
	t.active = false
	return was
}

// Advance moves the clock on by d and runs the timers that fall due.
func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []func()
	for _, t := range c.timers {
		if t.active && !t.at.After(c.now) {
			t.active = false
			due = append(due, t.f)
		}
	}
	c.mu.Unlock()
	for _, f := range due {
		f()
	}
}

// pipeBody is a stallBody over a pipe on a manual clock: closing the pipe's reader ends a Read
// waiting on it, as closing a net/http body does.
func pipeBody(timeout time.Duration) (*stallBody, *io.PipeWriter, *manualClock) {
	pr, pw := io.Pipe()
	clock := newManualClock()
	return &stallBody{rc: pr, owner: &stallTransport{timeout: timeout, clock: clock}}, pw, clock
}

// TestStallBodyCountsOnlyWaiting drives a stallBody on a manual clock.
func TestStallBodyCountsOnlyWaiting(t *testing.T) {
	t.Parallel()
	const timeout = 30 * time.Second

	t.Run("a byte a second stalls after the timeout", func(t *testing.T) {
		t.Parallel()
		b, pw, clock := pipeBody(timeout)
		errc := make(chan error, 1)
		go func() { _, err := io.ReadAll(b); errc <- err }()
		for i := 0; i < 29; i++ { // 29 s of waiting: 29 bytes, not yet stalled
			<-clock.armed // the reader waits in Read
			clock.Advance(time.Second)
			_, err := pw.Write([]byte("x"))
			require.NoError(t, err, "byte %d", i)
		}
		<-clock.armed
		clock.Advance(time.Second) // the 30th second without 1 KiB
		err := <-errc
		var se *stallError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, timeout, se.timeout)
		_, err = b.Read(make([]byte, 1))
		assert.ErrorAs(t, err, &se, "it stays stalled")
	})

	t.Run("1 KiB within the timeout starts it anew", func(t *testing.T) {
		t.Parallel()
		b, pw, clock := pipeBody(timeout)
		done := make(chan error, 1)
		go func() { _, err := io.Copy(io.Discard, b); done <- err }()
		for i := 0; i < 10; i++ { // ten minutes at 1 KiB per 20 s: slow, but going
			<-clock.armed
			clock.Advance(20 * time.Second)
			_, err := pw.Write(make([]byte, stallProgress))
			require.NoError(t, err)
		}
		require.NoError(t, pw.Close())
		require.NoError(t, <-done)
	})

	t.Run("time between Reads does not count", func(t *testing.T) {
		t.Parallel()
		b, pw, clock := pipeBody(timeout)
		go func() {
			for i := 0; i < 10; i++ {
				_, _ = pw.Write([]byte("y"))
			}
			_ = pw.Close()
		}()
		buf := make([]byte, 1)
		for i := 0; i < 10; i++ { // a caller that takes a minute over each byte it reads
			n, err := b.Read(buf)
			require.NoError(t, err)
			require.Equal(t, 1, n)
			clock.Advance(time.Minute)
		}
		_, err := b.Read(buf)
		assert.Equal(t, io.EOF, err)
		require.NoError(t, b.Close())
	})
}

// stallingBody reads data, then waits until it is closed, as a connection that stopped
// sending does, and fails.
type stallingBody struct {
	data   []byte
	closed chan struct{}
	once   sync.Once
}

func (r *stallingBody) Read(p []byte) (int, error) {
	if len(r.data) > 0 {
		n := copy(p, r.data)
		r.data = r.data[n:]
		return n, nil
	}
	<-r.closed
	return 0, errors.New("read on closed response body")
}

func (r *stallingBody) Close() error {
	r.once.Do(func() { close(r.closed) })
	return nil
}

// A body the client has read to its end is given back to its transport with its timer, its
// reckoning cleared, for the next response; one whose timer went off never is, as its stall
// may still be running and would close the next response's body.
func TestStallBodyRecycledOnlyWhenItsTimerIsIdle(t *testing.T) {
	t.Parallel()
	const timeout = 30 * time.Second
	b, pw, clock := pipeBody(timeout)
	b.owner.next = cannedTransport{body: []byte(`{"ok":true}`)}
	go func() { _, _ = pw.Write([]byte("partial")) }()
	buf := make([]byte, 64)
	_, err := b.Read(buf) // the first Read makes the timer
	require.NoError(t, err)
	<-clock.armed
	go func() {
		<-clock.armed
		clock.Advance(timeout) // the second Read waits out the timeout
	}()
	_, err = b.Read(buf)
	var se *stallError
	require.ErrorAs(t, err, &se)
	require.NoError(t, b.Close())
	b.recycle()
	for range 20 {
		resp, err := b.owner.RoundTrip(pacedRequest())
		require.NoError(t, err)
		assert.NotSame(t, b, resp.Body, "a stalled body is not reused")
		next := resp.Body.(*stallBody)
		data, err := io.ReadAll(next)
		require.NoError(t, err)
		assert.Equal(t, `{"ok":true}`, string(data))
		require.NoError(t, next.Close())
		require.NotNil(t, next.timer)
		next.recycle()
		assert.Nil(t, next.rc, "the old body is let go")
		assert.Zero(t, next.waited)
		assert.Zero(t, next.got)
	}
}
