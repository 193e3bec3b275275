package unmeteredtest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestSDKBillingRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t, WithClock(fixedClock)))

	b, err := c.Billing.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, "USD", b.Currency)
	assertDecimal(t, "15.00", b.Balance, "the unpaid invoice 308977")
	assertDecimal(t, "50.00", b.Credit)

	// The seeded dates are relative to the server's clock (seedNow, 2025-03-15).
	invoices, err := c.Billing.Invoices(ctx)
	require.NoError(t, err)
	require.Len(t, invoices, 2)
	paid := invoices[0]
	assert.Equal(t, int64(308976), paid.ID)
	assert.Equal(t, "2016/12/1", paid.Number)
	assert.Equal(t, unmetered.InvoicePaid, paid.Status)
	assert.Equal(t, "USD", paid.Currency)
	assert.Equal(t, []string{"2025-02-08", "2025-02-08", "2025-02-15", "2025-02-15"},
		[]string{paid.Date.String(), paid.DateOrig.String(), paid.DueDate.String(), paid.PayBefore.String()})
	assert.Equal(t, time.Date(2025, 2, 8, 12, 40, 47, 0, time.UTC), paid.DatePaid)
	assert.Zero(t, paid.MergeID, "null merge_id")
	assertDecimal(t, "19.65", paid.Total)
	assert.Nil(t, paid.Client, "the list carries no billed party")
	assert.False(t, paid.Overdue(seedNow))
	unpaid := invoices[1]
	assert.Equal(t, unmetered.InvoiceUnpaid, unpaid.Status)
	assert.True(t, unpaid.DatePaid.IsZero(), "0000-00-00 00:00:00 while unpaid")
	assertDecimal(t, "15.00", unpaid.Total)
	assert.Equal(t, "2025-03-05", unpaid.Date.String())
	assert.Equal(t, "2025-03-12", unpaid.DueDate.String())
	assert.True(t, unpaid.Overdue(seedNow), "due three days ago")
	assert.False(t, unpaid.Overdue(seedNow.AddDate(0, 0, -3)), "not on its due day")

	inv, err := c.Billing.Invoice(ctx, 308976)
	require.NoError(t, err)
	assert.Equal(t, "2016/12/1", inv.Number)
	assert.Equal(t, unmetered.InvoicePaid, inv.Status)
	assert.Equal(t, paid.DueDate, inv.DueDate)
	for want, got := range map[string]unmetered.Decimal{
		"16.24": inv.Subtotal, "3.41": inv.Tax, "19.65": inv.Total, "0": inv.Credit, "21": inv.TaxRate,
		"1": inv.Rate, "0.00": inv.Tax2,
	} {
		assertDecimal(t, want, got)
	}
	assert.False(t, inv.TaxExempt)
	require.Len(t, inv.Items, 2)
	fee := inv.Items[1]
	assert.Equal(t, int64(12309), fee.ID)
	assert.Equal(t, int64(308976), fee.InvoiceID)
	assert.Equal(t, int64(-2), fee.ItemID, "a payment-gateway fee bills no object")
	assert.Equal(t, "PayPal Payment Fee", fee.Description)
	assert.True(t, fee.Taxed)
	assertDecimal(t, "1.24", fee.Amount)
	assertDecimal(t, "1", fee.Quantity)
	assertDecimal(t, "1.24", fee.LineTotal)
	assertDecimal(t, "15.00", inv.Items[0].Amount)
	require.NotNil(t, inv.Client)
	assert.Equal(t, int64(26), inv.Client.ID)
	assert.Equal(t, "joe@example.com", inv.Client.Email)
	assert.Equal(t, "Santa Rosa", inv.Client.City)
	assert.True(t, inv.Client.LastLogin.IsZero(), "not on the invoice")

	_, err = c.Billing.Invoice(ctx, 1)
	require.ErrorIs(t, err, unmetered.ErrNotFound)

	methods, err := c.Billing.PaymentMethods(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.PaymentMethod{{ID: 1, Name: "BankTransfer"}, {ID: 2, Name: "Stripe"}, {ID: 4, Name: "CreditCard"}, {ID: 5, Name: "PayPal"}},
		methods)

	fees, err := c.Billing.PaymentFees(ctx)
	require.NoError(t, err)
	require.Len(t, fees, 4)
	for i, m := range methods {
		assert.Equal(t, m.ID, fees[i].ID, "the fees list uses the payment method ids")
	}
	assert.Equal(t, "Stripe", fees[1].Name)
	assertDecimal(t, "0.5", fees[1].FixedFee)
	assertDecimal(t, "2.9", fees[1].PercentFee)
	assertDecimal(t, "0", fees[0].PercentFee)
}

func TestSDKBillingApplyCredit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))
	balance := func(wantBalance, wantCredit string) {
		t.Helper()
		b, err := c.Billing.Balance(ctx)
		require.NoError(t, err)
		assertDecimal(t, wantBalance, b.Balance, "balance")
		assertDecimal(t, wantCredit, b.Credit, "credit")
	}

	// A partial payment from credit, then the rest.
	part := unmetered.DecimalFromCents(550)
	res, err := c.Billing.ApplyCredit(ctx, 308977, unmetered.ApplyCreditRequest{Amount: &part})
	require.NoError(t, err)
	assert.Equal(t, unmetered.InvoiceUnpaid, res.InvoiceStatus)
	assertDecimal(t, "5.50", res.Applied)
	balance("9.50", "44.50")

	res, err = c.Billing.ApplyCredit(ctx, 308977, unmetered.ApplyCreditRequest{})
	require.NoError(t, err)
	assert.Equal(t, unmetered.InvoicePaid, res.InvoiceStatus)
	assertDecimal(t, "9.50", res.Applied, "what was left to pay")
	balance("0.00", "35.00")

	inv, err := c.Billing.Invoice(ctx, 308977)
	require.NoError(t, err)
	assert.Equal(t, unmetered.InvoicePaid, inv.Status)
	assertDecimal(t, "15.00", inv.Credit)
	assert.False(t, inv.Overdue(time.Now()), "a paid invoice is not overdue")
	assert.WithinDuration(t, time.Now(), inv.DatePaid, time.Minute, "paid now, by the server's clock")
	invoices, err := c.Billing.Invoices(ctx)
	require.NoError(t, err)
	assert.Equal(t, unmetered.InvoicePaid, invoices[1].Status)

	_, err = c.Billing.ApplyCredit(ctx, 308977, unmetered.ApplyCreditRequest{})
	assert.Equal(t, []string{"Invoice #308977 is Paid, not Unpaid"}, requireAPIError(t, err, 400))

	// A new order's invoice: more than the credit is refused, so is a fraction of a cent; then
	// the credit runs out.
	order, err := c.Cart.Order(ctx, 340, unmetered.ProductOrderRequest{Cycle: unmetered.CycleCodeMonthly})
	require.NoError(t, err)
	assertDecimal(t, "188.00", order.Total, "89.00 a month and 99.00 setup")
	id := int64(order.InvoiceID)
	tooMuch := unmetered.DecimalFromCents(4000)
	_, err = c.Billing.ApplyCredit(ctx, id, unmetered.ApplyCreditRequest{Amount: &tooMuch})
	assert.Equal(t, []string{"The amount exceeds the account credit of 35.00"}, requireAPIError(t, err, 400))
	fraction, err := unmetered.ParseDecimal("1.234")
	require.NoError(t, err)
	_, err = c.Billing.ApplyCredit(ctx, id, unmetered.ApplyCreditRequest{Amount: &fraction})
	requireAPIError(t, err, 400)
	res, err = c.Billing.ApplyCredit(ctx, id, unmetered.ApplyCreditRequest{})
	require.NoError(t, err)
	assert.Equal(t, unmetered.InvoiceUnpaid, res.InvoiceStatus)
	assertDecimal(t, "35.00", res.Applied, "all the credit there is")
	_, err = c.Billing.ApplyCredit(ctx, id, unmetered.ApplyCreditRequest{})
	assert.Equal(t, []string{"There is no credit on the account"}, requireAPIError(t, err, 400))
	balance("153.00", "0.00")
}
