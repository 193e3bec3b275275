package unmetered

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// catchAll records every request that no registered responder matched, and answers 500.
func catchAll(env *testEnv) *recorder {
	rec := &recorder{}
	env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		rec.add(req)
		return httpmock.NewStringResponse(http.StatusInternalServerError, `{"error":["unexpected request"]}`), nil
	})
	return rec
}

// invalidCall is a call that must fail with ErrInvalidArgument before sending anything.
type invalidCall struct {
	name string
	call func(ctx context.Context, c *Client) error
}

// assertInvalidArguments runs each call against a client that records any request at all.
func assertInvalidArguments(t *testing.T, calls []invalidCall) {
	t.Helper()
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := catchAll(env)
			err := tc.call(context.Background(), env.client)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidArgument)
			assert.Equal(t, 0, rec.count(), "requests sent")
			assert.Equal(t, 0, env.mock.GetTotalCallCount(), "requests sent")
		})
	}
}

func period(t *testing.T, code CycleCode, price, setup string, selected bool) ProductPeriod {
	return ProductPeriod{Title: string(code), Cycle: code, Price: mustDecimal(t, price), Setup: mustDecimal(t, setup), Selected: selected}
}

func TestCartCategories(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/category", 200, "cart/categories.json")

	cats, err := env.client.Cart.Categories(context.Background())
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/category", "")
	assert.Equal(t, []ProductCategory{
		{ID: 10, Name: "Hosting", Description: "", Slug: "hosting"},
		{ID: 6, Name: "Domains", Description: "", Slug: "domains"},
		{ID: 16, Name: "Dedicated", Description: "Bare-metal <b>servers</b>", Slug: "dedicated"},
	}, cats)
}

func TestCartProducts(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/category/10/product", 200, "cart/products.json")

	products, err := env.client.Cart.Products(context.Background(), 10)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/category/10/product", "")
	require.Len(t, products, 2)

	p := products[0]
	assert.Equal(t, int64(333), p.ID)
	assert.Equal(t, int64(1), p.Type)
	assert.Equal(t, "Starter Hosting", p.Name)
	assert.False(t, p.Stock)
	assert.Equal(t, int64(0), p.Qty)
	assert.Equal(t, PayRegular, p.PayType)
	assert.Equal(t, "Disk:10GB\nMemory:2GB\nMySql:10 DB\nEmail:100 Users\n", p.Description)
	assert.Empty(t, p.Tags)
	assert.Equal(t, []ProductPeriod{
		period(t, "m", "9.99", "0", true),
		period(t, "a", "109.89", "0", false),
		period(t, "b", "199.8", "0", false),
		period(t, "t", "299.7", "0", false),
	}, p.Periods)
	// Exact money: no float rounding on the way.
	assert.Equal(t, "109.89", p.Periods[1].Price.String())
	cents, err := p.Periods[1].Price.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(10989), cents)

	p = products[1]
	assert.Equal(t, int64(334), p.ID)
	assert.Equal(t, int64(1), p.Type)
	assert.Equal(t, "Business Hosting", p.Name)
	assert.True(t, p.Stock)
	assert.Equal(t, int64(5), p.Qty)
	assert.Equal(t, PayOnce, p.PayType)
	assert.Equal(t, "  <ul><li>Disk: 50GB</li></ul>\r\n", p.Description, "description kept verbatim")
	assert.Equal(t, []string{"new", "7", `{"name": "sale"}`}, p.Tags, "a string as its text, anything else as its JSON as sent")
	assert.Equal(t, []ProductPeriod{period(t, "q", "59.97", "10.00", true)}, p.Periods)
}

func TestCartProduct(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/order/333", 200, "cart/product.json")

	p, err := env.client.Cart.Product(context.Background(), 333)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/order/333", "")
	assert.Equal(t, int64(333), p.ID)
	assert.Equal(t, "Starter Hosting", p.Name)
	assert.Equal(t, int64(49), p.CategoryID)
	assert.Equal(t, "Hosting", p.CategoryName)
	assert.Equal(t, CycleCodeMonthly, p.Recurring)
	assert.Equal(t, ProductCharges{
		Price: mustDecimal(t, "9.99"), RecurringPrice: mustDecimal(t, "9.99"), Setup: mustDecimal(t, "0"),
	}, p.ProductCharges)
	assert.True(t, p.ProrataDate.IsZero())

	assert.Equal(t, []ProductField{
		{
			Type: "select", Title: "pickcycle", ID: "cycle", Name: "cycle", Value: "m",
			Items: []ProductPeriod{
				period(t, "m", "9.99", "0", true),
				period(t, "a", "109.89", "0", false),
			},
			Price: mustDecimal(t, "9.99"), Setup: mustDecimal(t, "0"),
		},
		{Type: "input", Title: "domain", ID: "domain", Name: "domain"},
	}, p.Config.Product)
	assert.Equal(t, "", p.Config.Product[1].Value, "null value")

	require.Len(t, p.Config.Forms, 2)
	disk, host := p.Config.Forms[0], p.Config.Forms[1]
	assert.JSONEq(t, `{"conditionals": []}`, string(disk.Config))
	assert.JSONEq(t, `[]`, string(host.Config))
	disk.Config, host.Config = nil, nil
	assert.Equal(t, FormField{
		ID: 1618, Type: "select", Title: "Disk Size", Description: "", Name: "custom[1618]",
		Required: false, Multiple: false, FirstItemID: 10330,
		Value:     json.RawMessage(`[]`),
		TextValue: json.RawMessage(`[]`),
		ProductCharges: ProductCharges{
			Price: mustDecimal(t, "0"), RecurringPrice: mustDecimal(t, "0"), Setup: mustDecimal(t, "0"),
		},
		Items: []FormItem{
			{ID: 10330, Title: "512MB", Value: "1", Price: mustDecimal(t, "0"), Setup: mustDecimal(t, "0")},
			{ID: 10331, Title: "1GB", Value: "1", Price: mustDecimal(t, "2.5"), Setup: mustDecimal(t, "0")},
		},
	}, disk)
	assert.Equal(t, FormField{
		ID: 1620, Type: "input", Title: "Hostname", Description: "Server host name", Name: "custom[1620]",
		Required: true, Multiple: false, FirstItemID: 10340,
		Value:     json.RawMessage(`""`),
		TextValue: json.RawMessage(`""`),
		ProductCharges: ProductCharges{
			Price: mustDecimal(t, "1.10"), RecurringPrice: mustDecimal(t, "1.10"), Setup: mustDecimal(t, "5.00"),
			ProrataDate: Date{time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)},
		},
		Items: []FormItem{
			{ID: 10340, Title: "Hostname", Value: "", Price: mustDecimal(t, "1.10"), Setup: mustDecimal(t, "5.00"), Selected: true},
		},
	}, host)

	require.Len(t, p.Config.Addons, 1)
	addon := p.Config.Addons[0]
	cycles := []ProductPeriod{
		period(t, "m", "5", "0", true),
		period(t, "q", "20", "0", false),
		period(t, "a", "50", "0", false),
	}
	assert.Equal(t, ProductAddon{
		ID: 31, Type: "subitem", Title: "Cpanel2: Add Extra IP",
		Description: "Automatically adds IP address to account",
		Value:       json.RawMessage(`null`),
		Config: []ProductAddonOption{
			{Type: "checkbox", Title: "add", Name: "addon[31]", Checked: false},
			{Type: "select", Title: "billingcycle", Name: "addon_cycles[31]", Items: cycles},
		},
		ProductCharges: ProductCharges{
			Price: mustDecimal(t, "0"), RecurringPrice: mustDecimal(t, "0"), Setup: mustDecimal(t, "0"),
		},
	}, addon)
	assert.Equal(t, cycles, addon.Cycles())
	assert.Nil(t, ProductAddon{}.Cycles())

	require.Len(t, p.Config.Subproducts, 2)
	assert.JSONEq(t, `{"id": "335", "name": "Backup Storage"}`, string(p.Config.Subproducts[0]))
	assert.JSONEq(t, `336`, string(p.Config.Subproducts[1]), "an undocumented shape is kept as sent")
}

func TestCartOrder(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/order/333", 200, "cart/order.json")

	res, err := env.client.Cart.Order(context.Background(), 333, ProductOrderRequest{
		Domain:      "example.com",
		Cycle:       "m",
		PayMethod:   1,
		Custom:      CustomOptions{1618: {10330: 1}, 1620: {10340: "srv1.example.com"}},
		PromoCode:   "T346F",
		AffiliateID: 55,
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/order/333", `{
		"domain": "example.com",
		"cycle": "m",
		"pay_method": 1,
		"custom": {"1618": {"10330": 1}, "1620": {"10340": "srv1.example.com"}},
		"promocode": "T346F",
		"aff_id": 55
	}`)
	assert.Equal(t, &OrderResult{
		OrderNumber: 873340995,
		InvoiceID:   308979,
		Total:       mustDecimal(t, "9.99"),
		Items:       []OrderedItem{{ID: 10, Type: "Hosting", Name: "test.com", ProductID: 3}},
	}, res, "one item, sent bare")
}

func TestCartOrderDefaults(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/order/333", 200, `{"order_num": 1, "invoice_id": "2", "total": "0.00", "items": []}`)

	res, err := env.client.Cart.Order(context.Background(), 333, ProductOrderRequest{})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/order/333", `{}`)
	assert.Equal(t, int64(1), res.OrderNumber)
	assert.Nil(t, res.OrderNumbers)
	assert.Equal(t, int64(2), res.InvoiceID)
	assert.Equal(t, mustDecimal(t, "0.00"), res.Total, "a sent zero is kept")
	assert.Empty(t, res.Items)
}

func TestCartOrderItems(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/order", 200, "cart/order_items.json")

	hosting := ProductItem(1080, "a")
	hosting.Domain = "hosting.com"
	cert := CertificateItem(840, "-----BEGIN CERTIFICATE REQUEST-----", 1)
	cert.ApproverEmail = "admin@example.com"
	transfer := DomainTransferItem(7, "example.net", 1, "epp-code")
	transfer.Nameservers = []string{"ns1.example.com", "ns2.example.com"}
	transfer.Registrant = 49
	res, err := env.client.Cart.OrderItems(context.Background(), CartOrderRequest{
		PayMethod:    1,
		IgnoreErrors: true,
		Items: []CartItem{
			hosting,
			cert,
			DomainRegisterItem(6, "hosting.com", 1),
			transfer,
			DomainRenewItem(1002, 2),
		},
		AffiliateID: 55,
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/order", `{
		"pay_method": 1,
		"ignore_errors": true,
		"items": [
			{"type": "product", "product_id": 1080, "domain": "hosting.com", "cycle": "a"},
			{"type": "certificate", "product_id": 840, "csr": "-----BEGIN CERTIFICATE REQUEST-----", "years": 1,
			 "approver_email": "admin@example.com"},
			{"type": "domain", "tld_id": 6, "name": "hosting.com", "action": "register", "years": 1},
			{"type": "domain", "tld_id": 7, "name": "example.net", "action": "transfer", "years": 1, "epp": "epp-code",
			 "nameservers": ["ns1.example.com", "ns2.example.com"], "registrant": 49},
			{"type": "domain", "domain_id": 1002, "action": "renew", "years": 2}
		],
		"aff_id": 55
	}`)
	assert.Equal(t, &OrderResult{
		OrderNumber:  179534732,
		OrderNumbers: []int64{179534732, 179534732, 179534732},
		InvoiceID:    503425,
		Total:        mustDecimal(t, "94.40"),
		Items: []OrderedItem{
			{ID: 1025, Type: "Hosting", Name: "hosting.com", ProductID: 1080},
			{ID: 1026, Type: "Hosting", Name: "hosting.com", ProductID: 840},
			{ID: 354, Type: "Domain Register", Name: "hosting.com", ProductID: 6},
		},
	}, res)
}

func TestCartQuote(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/quote", 200, "cart/quote.json")

	q, err := env.client.Cart.Quote(context.Background(), QuoteRequest{
		PayMethod: 2,
		Output:    QuoteFull,
		Items:     []CartItem{ProductItem(1080, "a"), DomainRenewItem(1002, 1)},
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/quote", `{
		"pay_method": 2,
		"output": "full",
		"items": [
			{"type": "product", "product_id": 1080, "cycle": "a"},
			{"type": "domain", "domain_id": 1002, "action": "renew", "years": 1}
		]
	}`)

	assert.Equal(t, QuoteSummary{
		Subtotal: mustDecimal(t, "72.2"),
		Cost:     mustDecimal(t, "72.2"),
		Discount: mustDecimal(t, "1.50"),
		Credit:   mustDecimal(t, "0"),
		Total:    mustDecimal(t, "88.81"),
		Recurring: []QuoteRecurring{
			{Title: "Annually", Cycle: CycleCodeAnnually, Price: mustDecimal(t, "81.18")},
			{Title: "Monthly", Cycle: CycleCodeMonthly, Price: mustDecimal(t, "1.48")},
		},
		Tax: []QuoteTax{{Name: "VAT", Tax: mustDecimal(t, "16.61"), Rate: mustDecimal(t, "23")}},
	}, q.Summary)
	total, err := q.Summary.Total.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(8881), total)

	require.Len(t, q.Items, 4)

	it := q.Items[0]
	assert.Equal(t, int64(0), it.Index)
	assert.True(t, it.Valid)
	assert.Empty(t, it.Info)
	assert.Empty(t, it.Errors)
	require.NotNil(t, it.Product)
	assert.Equal(t, int64(1080), it.Product.ID)
	assert.Equal(t, "GeoTrust QuickSSL Premium", it.Product.Name)
	assert.Equal(t, int64(69), it.Product.CategoryID)
	assert.Equal(t, "SSL", it.Product.CategoryName)
	assert.Equal(t, "test.api", it.Product.Domain)
	assert.Equal(t, CycleCodeAnnually, it.Product.Recurring)
	assert.Equal(t, mustDecimal(t, "72.2"), it.Product.Price)
	assert.False(t, it.Product.Setup.IsSet(), "absent")
	assert.Equal(t, []string{"category_id", "category_name", "domain", "id", "name", "price", "recurring", "validity"}, it.Product.Raw.Keys())
	assert.Equal(t, "12", it.Product.Raw.Text("validity"), "undocumented fields are kept")
	assert.Empty(t, it.Domains)
	assert.JSONEq(t, `{}`, string(it.Coupon))

	it = q.Items[1]
	assert.Equal(t, int64(1), it.Index)
	assert.True(t, it.Valid)
	assert.Equal(t, []string{"promo_applied SPRING"}, it.Info)
	assert.Empty(t, it.Errors)
	require.NotNil(t, it.Product)
	assert.Equal(t, int64(840), it.Product.ID)
	assert.Equal(t, "VPS", it.Product.Name)
	assert.Equal(t, int64(19), it.Product.CategoryID)
	assert.Equal(t, "Proxmox", it.Product.CategoryName)
	assert.Equal(t, "user.test.api", it.Product.Domain)
	assert.Empty(t, it.Domains, "an empty list decodes as no domains")
	assert.JSONEq(t, `{"code": "SPRING", "discount": "1.50"}`, string(it.Coupon))

	it = q.Items[2]
	assert.Equal(t, int64(2), it.Index)
	assert.True(t, it.Valid)
	assert.Nil(t, it.Product)
	require.Len(t, it.Domains, 2)
	com, net := it.Domains[0], it.Domains[1]
	assert.Equal(t, int64(6), com.ID)
	assert.Equal(t, int64(0), com.Index)
	assert.Equal(t, "hosting.com", com.Name, "domains keep the server's order")
	assert.Equal(t, ".com", com.TLD)
	assert.Equal(t, int64(6), com.CategoryID)
	assert.Equal(t, "Domains", com.CategoryName)
	assert.Equal(t, int64(1), com.Period)
	assert.Equal(t, mustDecimal(t, "12.00"), com.Price)
	assert.Equal(t, "register", com.Raw.Text("action"))
	assert.Equal(t, int64(7), net.ID)
	assert.Equal(t, int64(1), net.Index)
	assert.Equal(t, "hosting.net", net.Name)
	assert.Equal(t, ".net", net.TLD)
	assert.Equal(t, int64(6), net.CategoryID)
	assert.Equal(t, "Domains", net.CategoryName)
	assert.Equal(t, int64(2), net.Period)
	assert.Equal(t, mustDecimal(t, "25.5"), net.Price)

	it = q.Items[3]
	assert.Equal(t, int64(3), it.Index)
	assert.False(t, it.Valid)
	assert.Nil(t, it.Product)
	assert.Empty(t, it.Domains)
	assert.Empty(t, it.Info)
	assert.Equal(t, []string{"Domain not found", "cant_renew example.org"}, it.Errors,
		"per-item errors decode into the item and do not fail the quote")
	assert.JSONEq(t, `[]`, string(it.Coupon))
}

func TestCartQuoteIsRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodPost, "/quote",
		httpmock.NewStringResponder(http.StatusServiceUnavailable, `{"error":["busy"]}`).
			Then(httpmock.NewStringResponder(http.StatusOK, `{"summary": {"total": "9.99"}, "items": []}`)))

	q, err := env.client.Cart.Quote(context.Background(), QuoteRequest{Items: []CartItem{ProductItem(333, "")}})
	require.NoError(t, err)
	assert.Equal(t, 2, rec.count(), "attempts")
	assert.Equal(t, mustDecimal(t, "9.99"), q.Summary.Total)
	for _, r := range rec.all() {
		assertRequest(t, r, http.MethodPost, "/quote", `{"items": [{"type": "product", "product_id": 333}]}`)
	}
}

func TestCartOrdersAreNotReplayed(t *testing.T) {
	t.Parallel()
	calls := map[string]struct {
		route string
		call  func(*Client) error
	}{
		"Order": {"/order/333", func(c *Client) error {
			_, err := c.Cart.Order(context.Background(), 333, ProductOrderRequest{Cycle: CycleCodeMonthly})
			return err
		}},
		"OrderItems": {"/order", func(c *Client) error {
			_, err := c.Cart.OrderItems(context.Background(), CartOrderRequest{Items: []CartItem{ProductItem(333, "m")}})
			return err
		}},
	}
	for name, tc := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodPost, tc.route, http.StatusServiceUnavailable, `{"error":["maintenance"]}`)

			err := tc.call(env.client)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrServer)
			assert.Equal(t, 1, rec.count(), "an order is sent exactly once")
		})
	}
}

func TestCartNotFound(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/order/999", http.StatusNotFound, `{"error":["product not found"]}`)

	p, err := env.client.Cart.Product(context.Background(), 999)
	assert.Nil(t, p)
	require.ErrorIs(t, err, ErrNotFound)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"product not found"}, apiErr.Messages)
	assert.Equal(t, "/order/999", apiErr.Path)
}

func TestCartErrorInOKBody(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/order/333", http.StatusOK, `{"error":["Invalid billing cycle"]}`)

	res, err := env.client.Cart.Order(context.Background(), 333, ProductOrderRequest{Cycle: "x"})
	assert.Nil(t, res)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Invalid billing cycle")
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusOK, apiErr.StatusCode)
	assert.Equal(t, 1, rec.count())
}

func TestCartMissingObject(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/order/333", http.StatusOK, `{}`)
	env.on(http.MethodGet, "/category", http.StatusOK, `{"info": []}`)
	env.on(http.MethodGet, "/category/7/product", http.StatusOK, `{"products": {"0": {"id": "x"}}}`)

	p, err := env.client.Cart.Product(context.Background(), 333)
	assert.Nil(t, p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"product"`)

	cats, err := env.client.Cart.Categories(context.Background())
	require.NoError(t, err, "the portal leaves out empty lists")
	assert.Empty(t, cats)

	products, err := env.client.Cart.Products(context.Background(), 7)
	assert.Nil(t, products)
	var wireErr *WireError
	require.ErrorAs(t, err, &wireErr)
	assert.Contains(t, err.Error(), `GET /category/7/product: decoding "products"`)
}
