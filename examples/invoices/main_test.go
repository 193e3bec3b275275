package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func noEnv(string) string { return "" }

func TestListAgainstFake(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-fake"}, noEnv, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "fake portal")
	assert.Regexp(t, `#308977 .* due \d{4}-\d\d-\d\d .* 15\.00 USD  OVERDUE\n`, out.String(),
		"the seeded invoice fell due three days ago")
	assert.Contains(t, out.String(), "1 unpaid invoice(s), 1 overdue, 15.00 USD")
	assert.Contains(t, out.String(), "account credit 50.00")
}

func TestPayNeedsYes(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-fake", "-pay"}, noEnv, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "would pay 1 invoice(s)")
	assert.NotContains(t, out.String(), "applied")
}

func TestPayWithCredit(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	unpaid, err := unpaidInvoices(ctx, client)
	require.NoError(t, err)
	require.Len(t, unpaid, 1)
	before, err := client.Billing.Balance(ctx)
	require.NoError(t, err)

	var out bytes.Buffer
	require.NoError(t, payAll(ctx, client, unpaid, &out))
	assert.Contains(t, out.String(), "invoice #308977: applied")
	assert.Equal(t, 1, srv.Count("POST", "/invoice/@id/credit"))

	inv, err := client.Billing.Invoice(ctx, 308977)
	require.NoError(t, err)
	after, err := client.Billing.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, -1, after.Credit.Cmp(before.Credit), "credit went down")
	if inv.Status == unmetered.InvoicePaid {
		left, err := unpaidInvoices(ctx, client)
		require.NoError(t, err)
		assert.Empty(t, left)
	}
}

// A job copied from the example never runs on fake data by accident: without -fake it needs
// the credentials and names the one missing.
func TestInvoicesWithoutCredentialsFails(t *testing.T) {
	var out, errOut bytes.Buffer
	env := map[string]string{"UNMETERED_USERNAME": "joe@example.com"}
	assert.Equal(t, 1, run(context.Background(), nil, func(k string) string { return env[k] }, &out, &errOut))
	assert.Contains(t, errOut.String(), "UNMETERED_PASSWORD")
	assert.Empty(t, out.String(), "nothing ran")
}

// The totals per currency are exact sums with the invoices' own decimal places.
func TestTotalsPerCurrency(t *testing.T) {
	amount := func(s string) unmetered.Decimal {
		d, err := unmetered.ParseDecimal(s)
		require.NoError(t, err)
		return d
	}
	unpaid := []unmetered.Invoice{
		{ID: 1, Currency: "USD", Total: amount("19.65")},
		{ID: 2, Currency: "EUR", Total: amount("10.00")},
		{ID: 3, Currency: "USD", Total: amount("0.35")},
		{ID: 4, Currency: "USD", Total: amount("0.10")},
		{ID: 5, Currency: "USD", Total: amount("0.20")},
	}
	var out bytes.Buffer
	printInvoices(&out, unpaid, &unmetered.Balance{Currency: "USD", Credit: amount("0.00")}, time.Now())
	assert.Contains(t, out.String(), "5 unpaid invoice(s), 0 overdue, 10.00 EUR, 20.30 USD; account credit 0.00 USD\n")
}
