package unmetered

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// day returns midnight UTC of a date, for Date expectations.

func TestBillingBalance(t *testing.T) {
	t.Parallel()
	b := readFixture(t, "/balance", "billing/balance.json", func(c *Client) (*Balance, error) {
		return c.Billing.Balance(context.Background())
	})
	assert.Equal(t, "USD", b.Currency)
	assert.Equal(t, "123456.55", b.Balance.String())
	cents, err := b.Balance.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(12345655), cents)
	assert.Equal(t, "0.10", b.Credit.String())
}

func TestBillingBalanceWithoutDetails(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/balance", 200, `{"success":true}`)

	_, err := env.client.Billing.Balance(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"details"`)
}

func TestBillingInvoices(t *testing.T) {
	t.Parallel()
	list := readFixture(t, "/invoice", "billing/invoices.json", func(c *Client) ([]Invoice, error) {
		return c.Billing.Invoices(context.Background())
	})
	require.Len(t, list, 2)
	inv := list[0]
	assert.Equal(t, Int(308976), inv.ID)
	assert.Equal(t, day(2016, 12, 30), inv.Date.Time)
	assert.Equal(t, day(2016, 12, 29), inv.DateOrig.Time)
	assert.Equal(t, day(2017, 1, 6), inv.DueDate.Time)
	assert.Equal(t, day(2017, 1, 5), inv.PayBefore.Time)
	assert.Equal(t, "19.65", inv.Total.String())
	assert.Equal(t, time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC), inv.DatePaid.Time)
	assert.Equal(t, "Paid", inv.Status)
	assert.Equal(t, Int(0), inv.MergeID, "null merge_id")
	assert.Equal(t, "2016/12/1", inv.Number)
	assert.Equal(t, "USD", inv.Currency)
	assert.Nil(t, inv.Client)
	assert.Empty(t, inv.Items)

	inv = list[1]
	assert.Equal(t, Int(308977), inv.ID)
	assert.Equal(t, day(2017, 1, 2), inv.Date.Time)
	assert.Equal(t, day(2017, 1, 2), inv.DateOrig.Time)
	assert.Equal(t, day(2017, 1, 9), inv.DueDate.Time)
	assert.Equal(t, day(2017, 1, 9), inv.PayBefore.Time)
	assert.Equal(t, "0.30", inv.Total.String())
	assert.True(t, inv.DatePaid.IsZero(), "unpaid")
	assert.Equal(t, "Unpaid", inv.Status)
	assert.Equal(t, Int(308976), inv.MergeID)
	assert.Equal(t, "2017/01/1", inv.Number)
	assert.Equal(t, "EUR", inv.Currency)
}

func TestBillingInvoice(t *testing.T) {
	t.Parallel()
	inv := readFixture(t, "/invoice/308976", "billing/invoice.json", func(c *Client) (*Invoice, error) {
		return c.Billing.Invoice(context.Background(), 308976)
	})
	assert.Equal(t, Int(308976), inv.ID)
	assert.Equal(t, "Paid", inv.Status)
	assert.Equal(t, day(2016, 12, 30), inv.Date.Time)
	assert.True(t, inv.DateOrig.IsZero())
	assert.Equal(t, day(2017, 1, 6), inv.DueDate.Time)
	assert.Equal(t, day(2017, 1, 5), inv.PayBefore.Time)
	assert.Equal(t, time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC), inv.DatePaid.Time)
	for name, got := range map[string]struct {
		d    Decimal
		want string
	}{
		"subtotal": {inv.Subtotal, "16.24"}, "credit": {inv.Credit, "0"}, "tax": {inv.Tax, "3.41"},
		"taxrate": {inv.TaxRate, "21"}, "tax2": {inv.Tax2, "0.1"}, "taxrate2": {inv.TaxRate2, "0.5"},
		"total": {inv.Total, "19.65"}, "rate": {inv.Rate, "1"}, "rate2": {inv.Rate2, "0"}, "rate3": {inv.Rate3, "1.0001"},
	} {
		assert.Equal(t, got.want, got.d.String(), name)
	}
	cents, err := inv.Total.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(1965), cents, "a number total is exact too")
	assert.False(t, bool(inv.TaxExempt))
	assert.Equal(t, "Thank you", inv.Notes)
	assert.Equal(t, "2016/12/1", inv.Number)
	assert.Equal(t, "USD", inv.Currency)

	assert.Equal(t, []InvoiceItem{
		{ID: 12305, InvoiceID: 308976, Type: "Other", ItemID: 0, Description: "Example Service",
			Amount: mustDecimal(t, "15.00"), Quantity: mustDecimal(t, "1.00"), LineTotal: mustDecimal(t, "15.00"), Taxed: true},
		{ID: 12309, InvoiceID: 308976, Type: "Other", ItemID: -2, Description: "PayPal Payment Fee",
			Amount: mustDecimal(t, "0.62"), Quantity: mustDecimal(t, "2.00"), LineTotal: mustDecimal(t, "1.24"), Taxed: false},
	}, []InvoiceItem(inv.Items))

	assert.Equal(t, &AccountDetails{
		ID: 26, Email: "joe@example.com", FirstName: "Joe", LastName: "Doe", CompanyName: "Example Ltd",
		Address1: "Pretty View Lane", Address2: "3194", City: "Santa Rosa", State: "California",
		PostCode: "95401", Country: "US", Phone: "+1.24123123",
	}, inv.Client)
}

func TestBillingApplyCredit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		amount   string // "" means nil
		wantBody string
	}{
		{"amount", "2.10", `{"amount":"2.10"}`},
		{"pay in full", "", `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodPost, "/invoice/308976/credit", 200, "billing/credit.json")
			var amount *Decimal
			if tc.amount != "" {
				d := mustDecimal(t, tc.amount)
				amount = &d
			}

			res, err := env.client.Billing.ApplyCredit(context.Background(), 308976, amount)
			require.NoError(t, err)

			assertRequest(t, rec.only(t), http.MethodPost, "/invoice/308976/credit", tc.wantBody)
			assert.True(t, bool(res.Success))
			assert.Equal(t, "Paid", res.InvoiceStatus)
			assert.Equal(t, "2.1", res.Applied.String())
		})
	}
}

func TestBillingApplyCreditInvalid(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onAny()
	zero, negative := mustDecimal(t, "0.00"), mustDecimal(t, "-1")

	for _, tc := range []struct {
		id     int64
		amount *Decimal
	}{{0, nil}, {-4, nil}, {1, &zero}, {1, &negative}} {
		_, err := env.client.Billing.ApplyCredit(context.Background(), tc.id, tc.amount)
		assert.ErrorIs(t, err, ErrInvalidArgument, "id %d amount %v", tc.id, tc.amount)
	}
	assert.Equal(t, 0, rec.count(), "nothing sent")
}

func TestBillingApplyCreditNotRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/invoice/7/credit", 503, `{"error":["busy"]}`)

	_, err := env.client.Billing.ApplyCredit(context.Background(), 7, nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, rec.count(), "a side-effect POST is sent once")
}

func TestBillingPaymentMethods(t *testing.T) {
	t.Parallel()
	methods := readFixture(t, "/payment", "billing/payment.json", func(c *Client) ([]PaymentMethod, error) {
		return c.Billing.PaymentMethods(context.Background())
	})
	assert.Equal(t, []PaymentMethod{{9, "PayPal"}, {10, "BankTransfer"}, {100, "Stripe"}}, methods, "ordered by id")
}

func TestBillingPaymentMethodsShapes(t *testing.T) {
	t.Parallel()
	for body, want := range map[string][]PaymentMethod{
		`{"payments":[]}`:                nil,
		`{"payments":null}`:              nil,
		`{}`:                             nil,
		`{"payments":["Cash","Cheque"]}`: {{0, "Cash"}, {1, "Cheque"}},
	} {
		env := newTestEnv(t)
		env.on(http.MethodGet, "/payment", 200, body)
		got, err := env.client.Billing.PaymentMethods(context.Background())
		require.NoError(t, err, body)
		assert.Equal(t, want, got, body)
	}
	env := newTestEnv(t)
	env.on(http.MethodGet, "/payment", 200, `{"payments":{"cash":"Cash"}}`)
	_, err := env.client.Billing.PaymentMethods(context.Background())
	var wireErr *WireError
	assert.ErrorAs(t, err, &wireErr)
}

func TestBillingPaymentFees(t *testing.T) {
	t.Parallel()
	fees := readFixture(t, "/payment/fees", "billing/payment_fees.json", func(c *Client) ([]PaymentFee, error) {
		return c.Billing.PaymentFees(context.Background())
	})
	assert.Equal(t, []PaymentFee{
		{ID: 1, Name: "Bank Transfer", FixedFee: mustDecimal(t, "0.0"), PercentFee: mustDecimal(t, "0.0")},
		{ID: 2, Name: "Stripe", FixedFee: mustDecimal(t, "0.5"), PercentFee: mustDecimal(t, "2.9")},
		{ID: 4, Name: "Credit Card", FixedFee: mustDecimal(t, "0.1"), PercentFee: mustDecimal(t, "2.4")},
	}, fees)
}

func TestBillingErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	calls := map[string]func(*Client) error{
		"/balance":      func(c *Client) error { _, err := c.Billing.Balance(ctx); return err },
		"/invoice":      func(c *Client) error { _, err := c.Billing.Invoices(ctx); return err },
		"/invoice/9":    func(c *Client) error { _, err := c.Billing.Invoice(ctx, 9); return err },
		"/payment":      func(c *Client) error { _, err := c.Billing.PaymentMethods(ctx); return err },
		"/payment/fees": func(c *Client) error { _, err := c.Billing.PaymentFees(ctx); return err },
	}
	assertReadErrors(t, calls)
}

// readFixture serves fixture for GET route, runs call, checks that it sent exactly that GET
// (escaped path, auth, no body) and returns its result.
func readFixture[T any](t *testing.T, route, fixture string, call func(*Client) (T, error)) T {
	t.Helper()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, route, 200, fixture)
	v, err := call(env.client)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, route, "")
	return v
}

// onAny answers every request that no other responder matches, whatever its method and route,
// with 200 {} and records it: a test of input validation asserts its count stays 0.
func (e *testEnv) onAny() *recorder {
	rec := &recorder{}
	e.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		rec.add(req)
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	return rec
}

// assertReadErrors checks, for each GET route and the call that reads it, that a 404 matches
// ErrNotFound and that a 200 body with an "error" list is an *Error carrying the message.
func assertReadErrors(t *testing.T, calls map[string]func(*Client) error) {
	t.Helper()
	for route, call := range calls {
		env := newTestEnv(t)
		env.on(http.MethodGet, route, 404, `{"error":["not found"]}`)
		err := call(env.client)
		assert.ErrorIs(t, err, ErrNotFound, route)

		env = newTestEnv(t)
		env.on(http.MethodGet, route, 200, `{"error":["request refused"]}`)
		err = call(env.client)
		var apiErr *Error
		if assert.True(t, errors.As(err, &apiErr), route) {
			assert.Equal(t, 200, apiErr.StatusCode, route)
			assert.Equal(t, []string{"request refused"}, apiErr.Messages, route)
			assert.Equal(t, route, apiErr.Path, route)
		}
	}
}
