module github.com/unmetered/unmetered-go/unmeteredlego

go 1.26.0

require (
	github.com/go-acme/lego/v5 v5.6.0
	github.com/miekg/dns v1.1.73
	github.com/stretchr/testify v1.12.1
	github.com/unmetered/unmetered-go v0.0.0-00010101000000-000000000000
)

require (
	github.com/cenkalti/backoff/v5 v5.0.3 // indirect
	github.com/go-jose/go-jose/v4 v4.1.6 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	software.sslmate.com/src/go-pkcs12 v0.7.4 // indirect
)

// Build against the SDK in this repository. A release of this module must require a tagged
// version of the SDK instead: Go ignores the replace directives of a dependency, so "go get" of
// this module outside the checkout needs that tag.
replace github.com/unmetered/unmetered-go => ../
