package unmetered

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSequentialCallsUseOneConnection makes 1,000 calls one after another to a loopback server
// and counts the TCP connections it accepts: exactly one, so every response body, including
// failures, retried attempts and streamed downloads, was drained and closed for reuse.
func TestSequentialCallsUseOneConnection(t *testing.T) {
	t.Parallel()
	details := fixture(t, "account/details.json")
	balance := fixture(t, "billing/balance.json")
	var conns, balanceCalls atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/details":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(details)
		case "/api/contact/404":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":["no such contact"]}`))
		case "/api/notifications/3/ack": // the failure envelope with status 200
			_, _ = w.Write([]byte(`{"error":["already acknowledged"]}`))
		case "/api/balance": // 503 to every other request: each call is retried once
			if balanceCalls.Add(1)%2 == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte(`{"error":["busy"]}`))
				return
			}
			_, _ = w.Write(balance)
		case "/api/ticket/attachment/a.txt":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte("attached text"))
		default:
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	// The SDK's own transport, allowed one connection: a call that left a body undrained or
	// unclosed would keep it, and the next call would wait for it (failing at its deadline)
	// rather than open a second one. Without the cap the count was racy: the transport hands a
	// drained connection back to its pool from another goroutine, and on a loaded machine the
	// next call sometimes dialled before it was back.
	tr := defaultTransport().(*http.Transport)
	tr.MaxConnsPerHost = 1
	c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithBasicAuth(testUser, testPassword), WithRetryWait(0, 0),
		WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	t.Cleanup(c.rc.HTTPClient.CloseIdleConnections)

	calls := []func(ctx context.Context) error{
		func(ctx context.Context) error { _, err := c.Account.Details(ctx); return err },
		func(ctx context.Context) error {
			_, err := c.Account.Contact(ctx, 404)
			return wantFailure(err, ErrNotFound)
		},
		func(ctx context.Context) error { return wantFailure(c.Account.AckNotification(ctx, 3), nil) },
		func(ctx context.Context) error { _, err := c.Billing.Balance(ctx); return err },
		func(ctx context.Context) error {
			a, err := c.Support.Attachment(ctx, "7", "a.txt")
			if err != nil {
				return err
			}
			defer a.Body.Close()
			_, err = io.Copy(io.Discard, a.Body)
			return err
		},
	}
	for i := 0; i < 1000; i++ {
		callCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := calls[i%len(calls)](callCtx)
		cancel()
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, int64(1), conns.Load(), "TCP connections accepted for 1,000 sequential calls")
}

// wantFailure turns the expected *Error (matching target, if any) into nil, anything else into an
// error.
func wantFailure(err, target error) error {
	var apiErr *Error
	if !errors.As(err, &apiErr) || target != nil && !errors.Is(err, target) {
		return fmt.Errorf("want an *Error (%v), got %v", target, err)
	}
	return nil
}
