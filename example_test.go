package unmetered_test

import (
	"context"
	"errors"
	"fmt"
	"log"

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
		log.Fatal(err) // an invalid option: nothing was sent
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
		log.Fatal(err)
	}
	ctx := context.Background()
	d, err := client.Account.Details(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Email)
	// End the session when done.
	if err := client.Auth.Revoke(ctx, ""); err != nil {
		log.Fatal(err)
	}
	// Output: joe@example.com
}

func ExampleError() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Billing.Invoice(context.Background(), 1)
	var apiErr *unmetered.Error
	switch {
	case errors.Is(err, unmetered.ErrNotFound) && errors.As(err, &apiErr):
		fmt.Println("no such invoice:", apiErr.StatusCode)
	case err != nil:
		log.Fatal(err)
	}
	// Output: no such invoice: 404
}

func ExampleDNSService_CreateRecord() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	rec, err := client.DNS.CreateRecord(ctx, 10, 60, &unmetered.ZoneRecordInput{
		Name: "www", Type: "A", TTL: 300, Content: unmetered.NewContent("192.0.2.10"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.Name, rec.Type, rec.TTL, rec.Content)
	// Output: www A 300 192.0.2.10
}

func ExampleDecimal() {
	price, err := unmetered.ParseDecimal("19.65")
	if err != nil {
		log.Fatal(err)
	}
	cents, _ := price.Cents()
	fmt.Println(price, cents)
	// Output: 19.65 1965
}
