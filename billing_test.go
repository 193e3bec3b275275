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
	assert.Equal(t, []Invoice{
		{ID: 308976, Number: "2016/12/1", Status: InvoicePaid, Currency: "USD",
			Date: Date{day(2016, 12, 30)}, DateOrig: Date{day(2016, 12, 29)}, DueDate: Date{day(2017, 1, 6)},
			PayBefore: Date{day(2017, 1, 5)}, DatePaid: time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC),
			MergeID: 0, Total: mustDecimal(t, "19.65")},
		{ID: 308977, Number: "2017/01/1", Status: InvoiceUnpaid, Currency: "EUR",
			Date: Date{day(2017, 1, 2)}, DateOrig: Date{day(2017, 1, 2)}, DueDate: Date{day(2017, 1, 9)},
			PayBefore: Date{day(2017, 1, 9)}, MergeID: 308976, Total: mustDecimal(t, "0.30")},
	}, list, "null merge_id is 0; 0000-00-00 00:00:00 is the zero time; the list has no lines or billed party")
}

func TestBillingInvoice(t *testing.T) {
	t.Parallel()
	inv := readFixture(t, "/invoice/308976", "billing/invoice.json", func(c *Client) (*Invoice, error) {
		return c.Billing.Invoice(context.Background(), 308976)
	})
	d := func(s string) Decimal { return mustDecimal(t, s) }
	assert.Equal(t, &Invoice{
		ID: 308976, Number: "2016/12/1", Status: InvoicePaid, Currency: "USD",
		Date: Date{day(2016, 12, 30)}, DueDate: Date{day(2017, 1, 6)}, PayBefore: Date{day(2017, 1, 5)},
		DatePaid: time.Date(2016, 12, 30, 12, 40, 47, 0, time.UTC),
		Total:    d("19.65"), Subtotal: d("16.24"), Credit: d("0"), Tax: d("3.41"), TaxRate: d("21"),
		Tax2: d("0.1"), TaxRate2: d("0.5"), TaxExempt: false, Rate: d("1"), Rate2: d("0"), Rate3: d("1.0001"),
		Notes: "Thank you",
		Items: []InvoiceItem{
			{ID: 12305, InvoiceID: 308976, Type: "Other", ItemID: 0, Description: "Example Service",
				Amount: d("15.00"), Quantity: d("1.00"), LineTotal: d("15.00"), Taxed: true},
			{ID: 12309, InvoiceID: 308976, Type: "Other", ItemID: -2, Description: "PayPal Payment Fee",
				Amount: d("0.62"), Quantity: d("2.00"), LineTotal: d("1.24"), Taxed: false},
		},
		Client: &AccountDetails{
			ID: 26, Email: "joe@example.com", FirstName: "Joe", LastName: "Doe", CompanyName: "Example Ltd",
			Address1: "Pretty View Lane", Address2: "3194", City: "Santa Rosa", State: "California",
			PostCode: "95401", Country: "US", Phone: "+1.24123123",
		},
	}, inv)
	cents, err := inv.Total.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(1965), cents, "a number total is exact too")
}

func TestInvoiceOverdue(t *testing.T) {
	t.Parallel()
	due := Date{day(2017, 1, 9)}
	for _, tc := range []struct {
		status InvoiceStatus
		due    Date
		now    time.Time
		want   bool
	}{
		{InvoiceUnpaid, due, time.Date(2017, 1, 9, 23, 59, 0, 0, time.UTC), false},
		{InvoiceUnpaid, due, time.Date(2017, 1, 10, 0, 0, 0, 0, time.UTC), true},
		{InvoiceUnpaid, due, time.Date(2017, 1, 9, 23, 0, 0, 0, time.FixedZone("UTC-5", -5*3600)), false},
		{InvoicePaid, due, time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{InvoiceUnpaid, Date{}, time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		inv := Invoice{Status: tc.status, DueDate: tc.due}
		assert.Equal(t, tc.want, inv.Overdue(tc.now), "%s due %s at %s", tc.status, tc.due, tc.now)
	}
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
			var req ApplyCreditRequest
			if tc.amount != "" {
				d := mustDecimal(t, tc.amount)
				req.Amount = &d
			}

			res, err := env.client.Billing.ApplyCredit(context.Background(), 308976, req)
			require.NoError(t, err)

			assertRequest(t, rec.only(t), http.MethodPost, "/invoice/308976/credit", tc.wantBody)
			assert.Equal(t, &CreditResult{InvoiceStatus: InvoicePaid, Applied: mustDecimal(t, "2.1")}, res)
		})
	}
}

func TestBillingApplyCreditRefused(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/invoice/308976/credit", 200, `{"success":false,"invoice_status":"Unpaid","applied":0}`)
	_, err := env.client.Billing.ApplyCredit(context.Background(), 308976, ApplyCreditRequest{})
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, "/invoice/308976/credit", apiErr.Path)
}

func TestBillingApplyCreditInvalid(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onAny()
	zero, negative, absent := mustDecimal(t, "0.00"), mustDecimal(t, "-1"), Decimal{}

	for _, tc := range []struct {
		id     int64
		amount *Decimal
	}{{0, nil}, {-4, nil}, {1, &zero}, {1, &negative}, {1, &absent}} {
		_, err := env.client.Billing.ApplyCredit(context.Background(), tc.id, ApplyCreditRequest{Amount: tc.amount})
		assert.ErrorIs(t, err, ErrInvalidArgument, "id %d amount %v", tc.id, tc.amount)
	}
	_, err := env.client.Billing.ApplyCredit(context.Background(), 1, ApplyCreditRequest{Amount: &negative})
	assert.ErrorContains(t, err, "ApplyCredit: Amount must be greater than zero, got -1")
	_, err = env.client.Billing.ApplyCredit(context.Background(), 1, ApplyCreditRequest{Amount: &absent})
	assert.ErrorContains(t, err, "ApplyCredit: Amount must be greater than zero, got an empty Decimal")
	assert.Equal(t, 0, rec.count(), "nothing sent")
}

func TestBillingApplyCreditNotRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/invoice/7/credit", 503, `{"error":["busy"]}`)

	_, err := env.client.Billing.ApplyCredit(context.Background(), 7, ApplyCreditRequest{})
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
