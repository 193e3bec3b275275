package unmeteredlego_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"log"

	"github.com/go-acme/lego/v5/acme"
	"github.com/go-acme/lego/v5/certificate"
	"github.com/go-acme/lego/v5/lego"
	"github.com/go-acme/lego/v5/registration"

	"github.com/unmetered/unmetered-go/unmeteredlego"
)

// acmeUser is an ACME account, as lego's registration.User.
type acmeUser struct {
	email        string
	key          crypto.Signer
	registration *acme.ExtendedAccount
}

func (u *acmeUser) GetEmail() string                       { return u.email }
func (u *acmeUser) GetRegistration() *acme.ExtendedAccount { return u.registration }
func (u *acmeUser) GetPrivateKey() crypto.Signer           { return u.key }

// A certificate for a domain and its wildcard from Let's Encrypt's staging CA, with the
// challenges solved in your Unmetered DNS. The provider reads UNMETERED_USERNAME,
// UNMETERED_PASSWORD and the package's other variables. (Compiled, not run: it needs the
// network and an account.)
func Example_lego() {
	ctx := context.Background()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	user := &acmeUser{email: "you@example.com", key: key}
	config := lego.NewConfig(user)
	config.CADirURL = lego.DirectoryURLLetsEncryptStaging
	legoClient, err := lego.NewClient(config)
	if err != nil {
		log.Fatal(err)
	}
	if user.registration, err = legoClient.Registration.Register(ctx, registration.RegisterOptions{TermsOfServiceAgreed: true}); err != nil {
		log.Fatal(err)
	}

	provider, err := unmeteredlego.NewDNSProvider()
	if err != nil {
		log.Fatal(err)
	}
	if err := legoClient.Challenge.SetDNS01Provider(provider); err != nil {
		log.Fatal(err)
	}
	cert, err := legoClient.Certificate.Obtain(ctx, certificate.ObtainRequest{
		Domains: []string{"example.com", "*.example.com"},
		Bundle:  true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s", cert.Certificate)
}
