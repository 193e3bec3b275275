package unmetered_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The examples run against unmeteredtest's fake portal; with the real portal, build the client
// with unmetered.NewClient(unmetered.WithBasicAuth(email, password)) instead.

func ExampleNewClient() {
	client, err := unmetered.NewClient(
		unmetered.WithBasicAuth("you@example.com", "your-password"),
		unmetered.WithRetryMax(5),
	)
	if err != nil {
		fmt.Println(err) // an invalid option: nothing was sent
		return
	}
	_ = client
}

func ExampleNewClient_invalidOption() {
	_, err := unmetered.NewClient(unmetered.WithBaseURL("http://unmetered.management/api"))
	fmt.Println(errors.Is(err, unmetered.ErrInvalidArgument))
	// Output: true
}

func ExampleWithLogin() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	// A JWT session: the client logs in on its first request and refreshes its token by itself.
	client, err := srv.Client(unmetered.WithLogin(srv.Username(), srv.Password()))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	d, err := client.Account.Details(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Email)
	// End the session when done.
	if err := client.Auth.Revoke(ctx, ""); err != nil {
		fmt.Println(err)
		return
	}
	// Output: joe@example.com
}

func ExampleError() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = client.Billing.Invoice(context.Background(), 1)
	var apiErr *unmetered.Error
	switch {
	case errors.Is(err, unmetered.ErrNotFound) && errors.As(err, &apiErr):
		fmt.Println("no such invoice:", apiErr.StatusCode)
	case err != nil:
		fmt.Println(err)
		return
	}
	// Output: no such invoice: 404
}

// Do reaches routes the SDK has no method for, through the same authentication, retries and
// errors. A *json.RawMessage keeps the answer's JSON as it came.
func ExampleClient_Do() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	// A POST is sent once unless its endpoint is known to be replay-safe, or you pass
	// unmetered.Idempotent(). If it fails, MaybeApplied says whether it may have happened.
	err = client.Do(ctx, "POST", "/service/301/label", map[string]string{"label": "web"}, nil)
	if err != nil {
		fmt.Println(err, "maybe applied:", unmetered.MaybeApplied(err))
		return
	}
	var raw json.RawMessage
	if err := client.Do(ctx, "GET", "/service/301/label", nil, &raw); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(raw))

	var ns struct {
		Nameservers []string `json:"nameservers"`
	}
	if err := client.Do(ctx, "GET", "/domain/47/ns", nil, &ns); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ns.Nameservers[0])

	// A path that could leave the base URL is refused before anything is sent.
	err = client.Do(ctx, "GET", "/domain/../../admin", nil, nil)
	fmt.Println(errors.Is(err, unmetered.ErrInvalidArgument))
	// Output:
	// {"label":"web"}
	// ns1.example.com
	// true
}
