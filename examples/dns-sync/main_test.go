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

func TestDryRunAgainstFake(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-file", "desired.json", "-dry-run"}, noEnv, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "fake portal")
	assert.Contains(t, out.String(), "Plan for booble.com: 3 change(s)")
	assert.Contains(t, out.String(), "create www A ttl=300 192.0.2.10")
	assert.Contains(t, out.String(), "update #13 qwerty A ttl=1800 127.0.0.1 -> qwerty A ttl=1800 192.0.2.10")
	assert.Contains(t, out.String(), "delete #15 _sip._tcp SRV")
	assert.Contains(t, out.String(), "dry run: nothing changed")
}

func TestSyncAppliesThenIsInSync(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	desired, err := readDesired("desired.json")
	require.NoError(t, err)
	ctx := context.Background()

	var out bytes.Buffer
	require.NoError(t, sync(ctx, client, desired, false, &out))
	assert.Contains(t, out.String(), "applied 3 change(s)")

	zone, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	assert.Empty(t, Plan("booble.com", zone.Records, desired.Records), "the zone now matches the file")
	assert.Equal(t, 1, srv.Count("POST", "/service/@id/dns/@id/records"))
	assert.Equal(t, 1, srv.Count("PUT", "/service/@id/dns/@id/records/@id"))
	assert.Equal(t, 1, srv.Count("DELETE", "/service/@id/dns/@id/records/@id"))

	out.Reset()
	require.NoError(t, sync(ctx, client, desired, false, &out))
	assert.Contains(t, out.String(), "booble.com is in sync")
}

func TestBadInput(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"-file", "missing.json"}, noEnv, &out, &errOut))
	assert.Equal(t, 2, run(context.Background(), []string{"-nope"}, noEnv, &out, &errOut))
}
