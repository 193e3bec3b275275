package unmeteredtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestFailNextRequestsThenSucceed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)

	// The SDK retries a GET on 503 (three retries by default, no waits against the fake).
	srv.Fail("GET", "/domain/@id", Fault{Status: http.StatusServiceUnavailable, Times: 2})
	d, err := sdkClient(t, srv).Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, "testname.com", d.Name)
	assert.Equal(t, 3, srv.Count("GET", "/domain/@id"))

	// Without retries the fault is the caller's error, and the next request succeeds.
	noRetry := sdkClient(t, srv, unmetered.WithRetryMax(0))
	srv.Fail("GET", "/domain/@id", Fault{Status: http.StatusInternalServerError})
	_, err = noRetry.Domains.Get(ctx, 47)
	require.ErrorIs(t, err, unmetered.ErrServer)
	var apiErr *unmetered.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"Injected fault: 500 Internal Server Error"}, apiErr.Messages)
	_, err = noRetry.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, 5, srv.Count("GET", "/domain/@id"))
}

func TestFaultRetryAfter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)

	srv.Fail("GET", "/service", Fault{Status: http.StatusTooManyRequests, RetryAfter: 1500 * time.Millisecond})
	resp := send(t, srv, "GET", "/service", nil)
	assert.Equal(t, http.StatusTooManyRequests, resp.Status)
	assert.Equal(t, "2", resp.Header.Get("Retry-After"), "whole seconds, rounded up")

	srv.Fail("GET", "/service", Fault{Status: http.StatusTooManyRequests, RetryAfter: 3 * time.Second})
	_, err := sdkClient(t, srv, unmetered.WithRetryMax(0)).Services.List(ctx)
	require.ErrorIs(t, err, unmetered.ErrRateLimited)
	var apiErr *unmetered.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3*time.Second, apiErr.RetryAfter)

	// With retries, the SDK honours Retry-After up to its maximum wait (zero here) and succeeds.
	srv.Fail("GET", "/service", Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Hour})
	services, err := sdkClient(t, srv).Services.List(ctx)
	require.NoError(t, err)
	assert.Len(t, services, 4)
}

func TestFaultDropConnection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)

	srv.Fail("GET", "/details", Fault{DropConnection: true})
	_, err := sdkClient(t, srv, unmetered.WithRetryMax(0)).Account.Details(ctx)
	require.Error(t, err)
	var apiErr *unmetered.Error
	assert.False(t, errors.As(err, &apiErr), "a dropped connection has no HTTP status: %v", err)

	// A GET is retried after a dropped connection...
	srv.Fail("GET", "/details", Fault{DropConnection: true})
	_, err = sdkClient(t, srv).Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, srv.Count("GET", "/details"))

	// ...a POST that creates something is not, and nothing was created.
	srv.Fail("POST", "/contact", Fault{DropConnection: true})
	_, err = sdkClient(t, srv).Account.CreateContact(ctx, unmetered.CreateContactRequest{Email: "x@example.com"})
	require.Error(t, err)
	assert.Equal(t, 1, srv.Count("POST", "/contact"))
	contacts, err := sdkClient(t, srv).Account.Contacts(ctx)
	require.NoError(t, err)
	assert.Len(t, contacts, 2)

	for _, r := range srv.Requests() {
		if r.Method == "POST" {
			assert.Equal(t, 0, r.Status, "a dropped connection records no status")
		}
	}
}

func TestFaultMalformedBody(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv, unmetered.WithRetryMax(0))

	srv.Fail("GET", "/details", Fault{Status: http.StatusBadGateway, Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"})
	_, err := c.Account.Details(ctx)
	var apiErr *unmetered.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	assert.Equal(t, "502 Bad Gateway", apiErr.Excerpt)

	// Status 0 with a Body: a 200 whose JSON is cut short.
	srv.Fail("GET", "/details", Fault{Body: `{"client": {"id": "26", "email":`})
	resp := send(t, srv, "GET", "/details", nil)
	assert.Equal(t, http.StatusOK, resp.Status)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	srv.Fail("GET", "/details", Fault{Body: `{"client": {"id": "26", "email":`})
	_, err = c.Account.Details(ctx)
	require.Error(t, err)
}

func TestFaultDelay(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	// A delay alone answers normally, late: here later than the caller waits. The caller gives
	// up only once the server holds the request (a deadline could pass before it got there, and
	// leave the hour's delay queued for the next request).
	srv.Fail("GET", "/balance", Fault{Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", srv.URL()+"/balance", nil)
	require.NoError(t, err)
	req.SetBasicAuth(srv.Username(), srv.Password())
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	require.Eventually(t, func() bool { return srv.Count("GET", "/balance") == 1 }, 10*time.Second, time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("answered during the delay: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)

	srv.Fail("GET", "/balance", Fault{Delay: time.Millisecond})
	assert.Equal(t, "USD", at(t, sendOK(t, srv, "GET", "/balance", nil), "details", "currency"))
}

func TestFaultsQueuePerRoute(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	srv.Fail("GET", "/service/@service_id/dns", Fault{Status: 500})
	srv.Fail("GET", "/service/@id/dns", Fault{Status: 503, Times: 2}) // the same route
	for _, want := range []int{500, 503, 503, 200} {
		assert.Equal(t, want, send(t, srv, "GET", "/service/10/dns", nil).Status)
		assert.Equal(t, 200, send(t, srv, "GET", "/service/10", nil).Status, "other routes are not affected")
	}
	assert.Equal(t, 4, srv.Count("GET", "/service/@service_id/dns"))
	assert.Equal(t, 4, srv.Count("GET", "/service/@id"))

	// Faults strike before authentication, and failed logins count too.
	srv.Fail("POST", "/login", Fault{Status: 503})
	assert.Equal(t, 503, sendAuth(t, srv, "POST", "/login", obj{"username": "x", "password": "y"}, nil).Status)
	assert.Equal(t, 401, sendAuth(t, srv, "POST", "/login", obj{"username": "x", "password": "y"}, nil).Status)
	assert.Equal(t, 2, srv.Count("POST", "/login"))

	assert.Panics(t, func() { srv.Fail("GET", "/domain/@id", Fault{Times: -1}) })
}

func TestRequestsAreRecorded(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	send(t, srv, "GET", "/domain/47?x=1", nil)
	send(t, srv, "GET", "/missing", nil)
	sendAuth(t, srv, "POST", "/login", obj{"username": srv.Username(), "password": srv.Password()}, nil)

	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, Request{Method: "GET", Route: "/domain/@id", Path: "/api/domain/47", Query: map[string][]string{"x": {"1"}},
		Auth: "Basic", Status: 200}, reqs[0])
	assert.Equal(t, "", reqs[1].Route)
	assert.Equal(t, 404, reqs[1].Status)
	assert.JSONEq(t, `{"username":"joe@example.com","password":"[REDACTED]"}`, string(reqs[2].Body))
	assert.Equal(t, "", reqs[2].Auth)
}

// TestConcurrentUse hammers one server from many goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sendOK(t, srv, "POST", "/tickets", obj{"dept_id": 2, "subject": fmt.Sprintf("Ticket %d", i), "body": "Hello"})
			assert.NoError(t, c.Services.SetLabel(ctx, 301, fmt.Sprintf("label %d", i)))
			_, err := c.Domains.List(ctx)
			assert.NoError(t, err)
			srv.Fail("GET", "/balance", Fault{Status: 503})
			send(t, srv, "GET", "/balance", nil)
			srv.Count("GET", "/balance")
			srv.Requests()
		}()
	}
	wg.Wait()
	assert.Len(t, list(t, sendOK(t, srv, "GET", "/tickets", nil), "tickets"), 18)
	assert.Equal(t, 16, srv.Count("GET", "/balance"))
}

// TestFaultAfterAction: the portal acts, then its answer is lost. The SDK sends a send-once
// request once, returns an error that MaybeApplied reports as possibly applied, and the change
// is there.
func TestFaultAfterAction(t *testing.T) {
	t.Parallel()
	ticket := unmetered.CreateTicketRequest{DepartmentID: 2, Subject: "Disk full", Body: "Please look"}
	for name, f := range map[string]Fault{
		"502":                {Status: http.StatusBadGateway, AfterAction: true},
		"HTML 504":           {Status: http.StatusGatewayTimeout, Body: "<html>504 Gateway Time-out</html>", AfterAction: true},
		"dropped connection": {DropConnection: true, AfterAction: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			srv := NewTestServer(t)
			c := sdkClient(t, srv)
			srv.Fail("POST", "/tickets", f)
			_, err := c.Support.CreateTicket(ctx, ticket)
			require.Error(t, err)
			assert.True(t, unmetered.MaybeApplied(err), "%v", err)
			assert.Equal(t, 1, srv.Count("POST", "/tickets"), "sent once")
			tickets, err := c.Support.Tickets(ctx)
			require.NoError(t, err)
			assert.Len(t, tickets, 3, "the ticket was opened although the client was not told")
			last := srv.Requests()[len(srv.Requests())-2]
			assert.Equal(t, "/tickets", last.Route)
			assert.Equal(t, f.Status, last.Status, "the status answered, 0 for a dropped connection")
		})
	}

	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t)
		c := sdkClient(t, srv)
		srv.Fail("POST", "/tickets", Fault{Delay: time.Hour, AfterAction: true})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() {
			_, err := c.Support.CreateTicket(ctx, ticket)
			done <- err
		}()
		// The answer is held back after the ticket was opened: give up once it exists.
		for len(list(t, sendOK(t, srv, "GET", "/tickets", nil), "tickets")) < 3 {
			time.Sleep(time.Millisecond)
		}
		cancel()
		err := <-done
		require.ErrorIs(t, err, context.Canceled)
		assert.True(t, unmetered.MaybeApplied(err), "%v", err)
		assert.Equal(t, 1, srv.Count("POST", "/tickets"))
	})

	t.Run("a delay alone answers late, after acting", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t)
		srv.Fail("PUT", "/domain/@id/autorenew", Fault{Delay: time.Millisecond, AfterAction: true})
		assert.Equal(t, http.StatusOK, send(t, srv, "PUT", "/domain/47/autorenew", obj{"autorenew": false}).Status)
		assert.Equal(t, "0", at(t, sendOK(t, srv, "GET", "/domain/47/autorenew", nil), "autorenew"), "the change was made")
	})

	t.Run("a replay-safe request is retried and succeeds", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t)
		srv.Fail("PUT", "/domain/@id/autorenew", Fault{Status: http.StatusServiceUnavailable, AfterAction: true})
		require.NoError(t, sdkClient(t, srv).Domains.SetAutoRenew(context.Background(), 47, unmetered.AutoRenewRequest{Enabled: false}))
		assert.Equal(t, 2, srv.Count("PUT", "/domain/@id/autorenew"))
	})

	t.Run("authentication still applies", func(t *testing.T) {
		t.Parallel()
		srv := NewTestServer(t)
		srv.Fail("GET", "/details", Fault{Delay: time.Millisecond, AfterAction: true})
		resp := sendAuth(t, srv, "GET", "/details", nil, nil)
		assert.Equal(t, http.StatusUnauthorized, resp.Status)
		assert.NotEmpty(t, resp.Header.Get("WWW-Authenticate"))
	})
}

func TestRequestLogIsBounded(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t, WithRequestLog(3))
	for _, id := range []string{"1", "2", "3", "4", "5"} {
		send(t, srv, "GET", "/domain/"+id, nil)
	}
	var paths []string
	for _, r := range srv.Requests() {
		paths = append(paths, r.Path)
	}
	assert.Equal(t, []string{"/api/domain/3", "/api/domain/4", "/api/domain/5"}, paths, "the last three, oldest first")
	assert.Equal(t, 5, srv.Count("GET", "/domain/@id"), "Count is not bounded")

	assert.Equal(t, DefaultRequestLogSize, NewTestServer(t).cfg.logSize)
	assert.Panics(t, func() { WithRequestLog(0) })
}

// TestFaultOnStrike: OnStrike runs when the fault strikes, after the portal acted for an
// AfterAction fault and before it for the others, and may talk to the server meanwhile.
func TestFaultOnStrike(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	other := sdkClient(t, srv)
	// The clients share the account's pacer, which lets a kind of request out one at a time
	// until the first answer: answer one first, or OnStrike's request would wait for the very
	// request whose answer waits for OnStrike (up to the pacer's bound for such waits).
	_, err := other.Account.Details(ctx)
	require.NoError(t, err)

	var seen []unmetered.DomainDNSRecord
	srv.Fail("DELETE", "/domain/@id/dns/@index", Fault{Status: http.StatusBadGateway, AfterAction: true, OnStrike: func() {
		var err error
		seen, err = other.Domains.DNSRecords(ctx, 47)
		assert.NoError(t, err)
	}})
	err = sdkClient(t, srv).Domains.DeleteDNSRecord(ctx, 47, 1)
	require.ErrorIs(t, err, unmetered.ErrServer)
	assert.Len(t, seen, 2, "the record was deleted before OnStrike ran")

	calls := 0
	srv.Fail("GET", "/domain/@id/dns", Fault{Status: http.StatusServiceUnavailable, Times: 2, OnStrike: func() { calls++ }})
	records, err := sdkClient(t, srv).Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	assert.Len(t, records, 2)
	assert.Equal(t, 2, calls, "once per strike")
}
