package unmeteredtest_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// A test starts a fake portal, gets an SDK client for it and checks what its calls changed.
func Example() {
	srv := unmeteredtest.NewServer() // in a test: unmeteredtest.NewTestServer(t)
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	if err := client.Domains.SetAutoRenew(ctx, 47, unmetered.AutoRenewRequest{Enabled: false}); err != nil {
		fmt.Println(err)
		return
	}
	d, err := client.Domains.Get(ctx, 47)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Name, "renews automatically:", d.AutoRenew)
	// Output: testname.com renews automatically: false
}

// Fail makes the portal unreliable on purpose; Count shows how the client coped.
func ExampleServer_Fail() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client() // retries up to 3 times, without waiting
	if err != nil {
		fmt.Println(err)
		return
	}

	srv.Fail("GET", "/service", unmeteredtest.Fault{Status: 503, Times: 2})
	services, err := client.Services.List(context.Background())
	fmt.Println(len(services), err, srv.Count("GET", "/service"))

	srv.Fail("GET", "/service", unmeteredtest.Fault{Status: 429, RetryAfter: 30 * time.Second})
	noRetries, err := srv.Client(unmetered.WithRetryMax(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = noRetries.Services.List(context.Background())
	fmt.Println(err)
	// Output:
	// 4 <nil> 3
	// unmetered: GET /service: 429 Too Many Requests: Injected fault: 429 Too Many Requests (retry after 30s)
}

// A fault with AfterAction lets the portal act and then loses its answer: the ticket is opened,
// the client gets an error, and unmetered.MaybeApplied says the request may have taken effect.
// Code that must not open a ticket twice checks it, and looks before trying again.
func ExampleFault_afterAction() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	srv.Fail("POST", "/tickets", unmeteredtest.Fault{Status: 502, AfterAction: true})
	_, err = client.Support.CreateTicket(ctx, unmetered.CreateTicketRequest{DepartmentID: 2, Subject: "Disk full", Body: "Please look."})
	fmt.Println(err)
	fmt.Println("maybe applied:", unmetered.MaybeApplied(err), "sent:", srv.Count("POST", "/tickets"))

	tickets, err := client.Support.Tickets(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("tickets:", len(tickets))
	// Output:
	// unmetered: POST /tickets: 502 Bad Gateway: Injected fault: 502 Bad Gateway
	// maybe applied: true sent: 1
	// tickets: 3
}

// WithClock and WithTokenLifetime let a test expire a JWT without sleeping; the SDK's
// WithLogin session refreshes it by itself.
func ExampleWithClock() {
	var ahead atomic.Int64 // how far the server's clock runs ahead of the real one
	clock := func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	srv := unmeteredtest.NewServer(unmeteredtest.WithClock(clock), unmeteredtest.WithTokenLifetime(10*time.Minute))
	defer srv.Close()
	client, err := srv.Client(unmetered.WithLogin(srv.Username(), srv.Password()))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	_, err = client.Account.Details(ctx) // logs in
	fmt.Println(err)
	ahead.Add(int64(time.Hour)) // the token has expired
	_, err = client.Account.Details(ctx)
	fmt.Println(err, srv.Count("POST", "/login"), srv.Count("POST", "/token"))
	// Output:
	// <nil>
	// <nil> 1 1
}
