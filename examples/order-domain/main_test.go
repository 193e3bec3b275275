package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func noEnv(string) string { return "" }

func TestQuoteWithoutYes(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-fake", "-name", "example-shop.com"}, noEnv, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "example-shop.com is available")
	assert.Contains(t, out.String(), "quote: 1 year(s), total ")
	assert.Contains(t, out.String(), "not ordering without -yes")
	assert.NotContains(t, out.String(), "ordered")
}

func TestOrderWithYes(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	var out bytes.Buffer
	require.NoError(t, order(ctx, client, "example-shop.com", 2, 0, true, &out))
	assert.Contains(t, out.String(), "ordered example-shop.com")
	assert.Equal(t, 1, srv.Count("POST", "/domain/order"))

	domains, err := client.Domains.GetByName(ctx, "example-shop.com")
	require.NoError(t, err)
	assert.NotEmpty(t, domains, "the order created a pending domain")
}

func TestTakenName(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 3, run(context.Background(), []string{"-fake", "-name", "example.com"}, noEnv, &out, &errOut))
	assert.Contains(t, errOut.String(), "not available")
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"-fake"}, noEnv, &out, &errOut))
	assert.Equal(t, 2, run(context.Background(), []string{"-fake", "-name", "x.com", "-years", "0"}, noEnv, &out, &errOut))
}

func TestOrderDomainWithoutCredentialsFails(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 1, run(context.Background(), []string{"-name", "example-shop.com"}, noEnv, &out, &errOut))
	assert.Contains(t, errOut.String(), "UNMETERED_USERNAME and UNMETERED_PASSWORD not set")
	assert.Empty(t, out.String(), "nothing ran")
}
