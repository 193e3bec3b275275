package unmeteredlego_test

import (
	"context"
	"fmt"
	"log"

	"github.com/go-acme/lego/v5/challenge/dns01"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredlego"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// A provider for the fake portal, and the two calls lego makes for a challenge: Present,
// and after validation CleanUp. With lego, pass the provider to
// legoClient.Challenge.SetDNS01Provider instead of calling these yourself.
func ExampleNewDNSProviderConfig() {
	srv := unmeteredtest.NewServer() // use your own credentials, and no BaseURL, for the portal
	defer srv.Close()

	cfg := unmeteredlego.NewDefaultConfig()
	cfg.Username, cfg.Password = srv.Username(), srv.Password()
	cfg.BaseURL = srv.URL()
	cfg.Auth = unmeteredlego.AuthJWT // one login for the provider's life
	provider, err := unmeteredlego.NewDNSProviderConfig(cfg)
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	const domain, token, keyAuth = "www.booble.com", "token", "token.thumbprint"
	if err := provider.Present(ctx, domain, token, keyAuth); err != nil {
		log.Fatal(err)
	}
	info := dns01.GetChallengeInfo(ctx, domain, keyAuth)
	printChallenge(srv, info.Value)

	if err := provider.CleanUp(ctx, domain, token, keyAuth); err != nil {
		log.Fatal(err)
	}
	printChallenge(srv, info.Value)
	// Output:
	// _acme-challenge.www TXT 120 holds the challenge's value: true
	// _acme-challenge.www: no TXT record
}

// printChallenge prints the TXT records at _acme-challenge.www of the fake's zone booble.com.
func printChallenge(srv *unmeteredtest.Server, value string) {
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	z, err := c.DNS.FindZone(ctx, "booble.com")
	if err != nil {
		log.Fatal(err)
	}
	if z, err = c.DNS.Zone(ctx, z.ServiceID, z.ID); err != nil {
		log.Fatal(err)
	}
	found := false
	for _, r := range z.Records {
		if r.Name == "_acme-challenge.www" && r.Type == unmetered.RecordTypeTXT {
			fmt.Println(r.Name, r.Type, r.TTL, "holds the challenge's value:", r.Content == value)
			found = true
		}
	}
	if !found {
		fmt.Println("_acme-challenge.www: no TXT record")
	}
}
