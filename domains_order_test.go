package unmetered

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testLookupPeriods(t *testing.T) []DomainPeriod {
	return []DomainPeriod{
		{TLDID: 6, Years: 1, Register: mustDecimal(t, "10.00"), Transfer: mustDecimal(t, "0.00"),
			Renew: mustDecimal(t, "15.00"), Redemption: mustDecimal(t, "40.00")},
		{TLDID: 6, Years: 2, Register: mustDecimal(t, "20.00"), Transfer: mustDecimal(t, "20.00"),
			Renew: mustDecimal(t, "20.00"), Redemption: mustDecimal(t, "80.00")},
	}
}

func TestDomainsLookup(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/domain/lookup", 200, "domains/lookup.json")

	got, err := env.client.Domains.Lookup(context.Background(), "example.com")
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/domain/lookup", `{"name":"example.com"}`)
	assert.Equal(t, &DomainLookup{
		Name: "example.com", Available: false, Premium: false, Periods: testLookupPeriods(t),
	}, got)
}

// Lookup changes nothing, so a 503 is retried like a read.
func TestDomainsLookupRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodPost, "/domain/lookup", httpmock.NewStringResponder(503, `{"error":["busy"]}`).
		Then(httpmock.NewStringResponder(200, `{"available":true,"status":"ok","name":"free.example","premium":"1","periods":[]}`)))

	got, err := env.client.Domains.Lookup(context.Background(), "free.example")
	require.NoError(t, err)

	reqs := rec.all()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assertRequest(t, r, http.MethodPost, "/domain/lookup", `{"name":"free.example"}`)
	}
	assert.Equal(t, &DomainLookup{Name: "free.example", Available: true, Premium: true, Status: "ok", Periods: []DomainPeriod{}}, got)
}

func TestDomainsTLDs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/domain/order", 200, "domains/tlds.json")

	got, err := env.client.Domains.TLDs(context.Background())
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/domain/order", "")
	assert.Equal(t, []TLD{
		{ID: 6, TLD: ".com", Periods: []DomainPeriod{
			{Years: 1, Register: mustDecimal(t, "10.00"), Transfer: mustDecimal(t, "0.00"),
				Renew: mustDecimal(t, "15.00"), Redemption: mustDecimal(t, "40.00")},
			{Years: 2, Register: mustDecimal(t, "20.00"), Transfer: mustDecimal(t, "20.00"),
				Renew: mustDecimal(t, "30.00"), Redemption: mustDecimal(t, "80.00")},
		}},
		{ID: 7, TLD: ".org", Periods: []DomainPeriod{
			{Years: 1, Register: mustDecimal(t, "12.5"), Transfer: mustDecimal(t, "12.50"),
				Renew: mustDecimal(t, "12.50"), Redemption: mustDecimal(t, "0.10")},
		}},
	}, got)
	cents, err := got[1].Periods[0].Redemption.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(10), cents, "prices are exact")
}

func TestDomainsTLDForm(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/domain/order/6/form", 200, "domains/tld_form.json")

	got, err := env.client.Domains.TLDForm(context.Background(), 6)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/domain/order/6/form", "")
	require.Len(t, got, 2)
	for i, config := range []string{`{"enableddefault":0}`, `[]`} {
		assert.JSONEq(t, config, string(got[i].Config))
		assert.JSONEq(t, `[]`, string(got[i].Value))
		assert.JSONEq(t, `[]`, string(got[i].TextValue))
		got[i].Config, got[i].Value, got[i].TextValue = nil, nil, nil // compared above
	}
	assert.Equal(t, []FormField{
		{
			ID: 1424, Type: "domaindnssupport", Title: "DNS Management", Description: "",
			Name: "custom[1424][9067]", Required: false, Multiple: false, FirstItemID: 9067,
			ProductCharges: ProductCharges{Price: mustDecimal(t, "0"), RecurringPrice: mustDecimal(t, "0"), Setup: mustDecimal(t, "0")},
			Items: []FormItem{
				{ID: 9067, Title: "", Value: "1", Price: mustDecimal(t, "4"), Setup: mustDecimal(t, "0")},
			},
		},
		{
			ID: 1755, Type: "select", Title: "Language", Description: "Language of the registration",
			Name: "custom[1755]", Required: true, Multiple: false, FirstItemID: 10952,
			ProductCharges: ProductCharges{Price: mustDecimal(t, "0"), RecurringPrice: mustDecimal(t, "1.25"),
				Setup: mustDecimal(t, "0.50"), ProrataDate: domainDate(2017, 1, 1)},
			Items: []FormItem{
				{ID: 10952, Title: "AFR", Value: "1", Price: mustDecimal(t, "0"), Setup: mustDecimal(t, "0")},
				{ID: 10953, Title: "ALB", Value: "alb", Price: mustDecimal(t, "0.99"),
					Setup: mustDecimal(t, "0.01"), Selected: true},
			},
		},
	}, got)
}

func TestDomainsOrder(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/domain/order", 200, "domains/order.json")

	got, err := env.client.Domains.Order(context.Background(), DomainOrderRequest{
		Name: "example.com", Years: 2, Action: DomainTransfer, TLDID: 6, PayMethod: 3,
		EPP: "FAKE-EPP-0000", EPPRequired: true,
		Nameservers: []string{"ns1.example.com", "ns2.example.com"},
		Registrant:  11, Admin: 12, Tech: 13, Billing: 14,
		Data:        map[string]any{"custom[1755]": "10953"},
		AffiliateID: 55,
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/domain/order", `{
		"name": "example.com", "years": "2", "action": "transfer", "tld_id": "6", "pay_method": 3,
		"epp": "FAKE-EPP-0000", "nameservers": ["ns1.example.com", "ns2.example.com"],
		"registrant": 11, "admin": 12, "tech": 13, "billing": 14,
		"data": {"custom[1755]": "10953"}, "aff_id": 55
	}`)
	assert.Equal(t, &OrderResult{
		OrderNumber: 563647679, InvoiceID: 308977, Total: mustDecimal(t, "10.00"),
		Items: []OrderedItem{{ID: 10, Type: "Domain Register", Name: "test.com", ProductID: 3}},
	}, got)
}

// Only the required fields are sent when the optional ones are zero.
func TestDomainsOrderMinimal(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/domain/order", 200,
		`{"order_num":"1","invoice_id":2,"total":"10.00","items":[{"id":"10","name":"a.com"},{"id":"11","name":"b.com"}]}`)

	got, err := env.client.Domains.Order(context.Background(), DomainOrderRequest{Name: "a.com", Years: 1, Action: DomainRegister})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/domain/order", `{"name":"a.com","years":"1","action":"register"}`)
	assert.Equal(t, &OrderResult{
		OrderNumber: 1, InvoiceID: 2, Total: mustDecimal(t, "10.00"),
		Items: []OrderedItem{{ID: 10, Name: "a.com"}, {ID: 11, Name: "b.com"}},
	}, got)
}

func TestDomainsRenew(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		req  RenewRequest
		body string
	}{
		{RenewRequest{Years: 2, PayMethod: 3}, `{"years":"2","pay_method":3}`},
		{RenewRequest{Years: 1}, `{"years":"1"}`}, // 0: the account's default payment method
	} {
		env := newTestEnv(t)
		rec := env.on(http.MethodPost, "/domain/47/renew", 200, "domains/renew.json")

		got, err := env.client.Domains.Renew(context.Background(), 47, c.req)
		require.NoError(t, err)

		assertRequest(t, rec.only(t), http.MethodPost, "/domain/47/renew", c.body)
		assert.Equal(t, &DomainRenewal{OrderNumber: 563647680, InvoiceID: 308978, Total: mustDecimal(t, "15.00"),
			Raw: domainsRaw(t, "domains/renew.json")}, got)
	}
}

// Order, Renew and the other side-effect POSTs are never sent twice: a 503 answered is
// returned after one request.
func TestDomainsPostsNotReplayed(t *testing.T) {
	t.Parallel()
	posts := map[string]func(context.Context, *DomainsService) error{
		"/domain/order": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Order(ctx, DomainOrderRequest{Name: "a.com", Years: 1, Action: DomainRegister})
			return err
		},
		"/domain/47/renew": func(ctx context.Context, s *DomainsService) error {
			_, err := s.Renew(ctx, 47, RenewRequest{Years: 1, PayMethod: 3})
			return err
		},
		"/domain/47/reg": func(ctx context.Context, s *DomainsService) error {
			return s.RegisterNameserver(ctx, 47, RegisterNameserverRequest{Nameserver: "ns1.testname.com", IP: "192.0.2.53"})
		},
		"/domain/47/dns": func(ctx context.Context, s *DomainsService) error {
			return s.CreateDNSRecord(ctx, 47, DomainDNSRecordRequest{Type: DomainDNSTypeA, Content: "192.0.2.1"})
		},
	}
	for route, call := range posts {
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodPost, route, 503, `{"error":["maintenance"]}`)
			require.ErrorIs(t, call(context.Background(), env.client.Domains), ErrServer)
			assert.Equal(t, 1, rec.count())
		})
	}
}

func TestDomainsOrderError(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/domain/order", 200, `{"error":["Domain example.com is not available"]}`)

	got, err := env.client.Domains.Order(context.Background(), DomainOrderRequest{Name: "example.com", Years: 1, Action: DomainRegister})
	require.Error(t, err)
	assert.Nil(t, got)
	assert.Contains(t, err.Error(), "Domain example.com is not available")
}

// invoiceJSON is GET /invoice/@id for an invoice with the given status and lines (type,
// item_id), in the reference's shape.
func invoiceJSON(id int64, status string, lines ...[2]string) string {
	items := make([]string, len(lines))
	for i, l := range lines {
		items[i] = fmt.Sprintf(`{"id":"%d","invoice_id":"%d","type":%q,"item_id":%q,"description":"line %d","amount":"15.00","taxed":"0","qty":"1.00","linetotal":"15.00"}`,
			12300+i, id, l[0], l[1], i)
	}
	return fmt.Sprintf(`{"invoice":{"id":"%d","status":%q,"date":"2030-06-05","duedate":"2030-06-12","subtotal":15,"credit":0,"tax":0,"total":15,"items":[%s],"number":"2030/06/%d","currency":"USD"}}`,
		id, status, strings.Join(items, ","), id)
}

// PendingRenewals reads the list, then each unpaid invoice, and keeps those with a "Domain
// Renew" line for the domain: not a paid one, not a renewal of another domain, not another
// kind of line billing the same id (a service 47), not an invoice deleted in between.
func TestDomainsPendingRenewals(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	list := env.on(http.MethodGet, "/invoice", 200, `{"invoices":[`+
		`{"id":"501","status":"Paid","total":"15.00"},`+
		`{"id":"502","status":"Unpaid","total":"15.00"},`+
		`{"id":"503","status":"Unpaid","total":"30.00"},`+
		`{"id":"504","status":"Unpaid","total":"15.00"},`+
		`{"id":"505","status":"Cancelled","total":"15.00"},`+
		`{"id":"506","status":"Unpaid","total":"15.00"},`+
		`{"id":"507","status":"Unpaid","total":"15.00"}]}`)
	env.on(http.MethodGet, "/invoice/502", 200, invoiceJSON(502, "Unpaid", [2]string{"Hosting", "47"}, [2]string{"Domain Renew", "48"}))
	env.on(http.MethodGet, "/invoice/503", 200, invoiceJSON(503, "Unpaid", [2]string{"Hosting", "301"}, [2]string{"domain renew ", "47"}))
	env.on(http.MethodGet, "/invoice/504", 404, `{"error":["invoice not found"]}`)
	env.on(http.MethodGet, "/invoice/506", 200, invoiceJSON(506, "Paid", [2]string{"Domain Renew", "47"})) // paid since the list
	env.on(http.MethodGet, "/invoice/507", 200, invoiceJSON(507, "Unpaid", [2]string{"Domain Register", "47"}, [2]string{"Other", "-2"}))

	got, err := env.client.Domains.PendingRenewals(context.Background(), 47)
	require.NoError(t, err)
	assertRequest(t, list.only(t), http.MethodGet, "/invoice", "")
	require.Len(t, got, 1)
	assert.Equal(t, int64(503), got[0].ID)
	assert.Equal(t, InvoiceUnpaid, got[0].Status)
	require.Len(t, got[0].Items, 2)
	assert.Equal(t, int64(47), got[0].Items[1].ItemID)
	var paths []string
	for route, n := range env.mock.GetCallCountInfo() {
		if n > 0 {
			paths = append(paths, route)
		}
	}
	assert.ElementsMatch(t, []string{"GET " + testBaseURL + "/invoice", "GET " + testBaseURL + "/invoice/502", "GET " + testBaseURL + "/invoice/503",
		"GET " + testBaseURL + "/invoice/504", "GET " + testBaseURL + "/invoice/506", "GET " + testBaseURL + "/invoice/507"}, paths,
		"only the unpaid invoices are read")

	got, err = env.client.Domains.PendingRenewals(context.Background(), 52)
	require.NoError(t, err)
	assert.Empty(t, got, "no renewal of domain 52")

	env = newTestEnv(t, WithRetryMax(0))
	env.on(http.MethodGet, "/invoice", 200, `{"invoices":[{"id":"502","status":"Unpaid"}]}`)
	env.on(http.MethodGet, "/invoice/502", 500, `{"error":["database gone"]}`)
	_, err = env.client.Domains.PendingRenewals(context.Background(), 47)
	assert.ErrorIs(t, err, ErrServer, "a failure other than a deleted invoice is returned: no answer is no proof")
}
