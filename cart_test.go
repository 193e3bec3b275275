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

func period(t *testing.T, code, price, setup string, selected bool) ProductPeriod {
	return ProductPeriod{Title: code, Value: code, Price: mustDecimal(t, price), Setup: mustDecimal(t, setup), Selected: Bool(selected)}
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
	assert.Equal(t, Int(333), p.ID)
	assert.Equal(t, Int(1), p.Type)
	assert.Equal(t, "Starter Hosting", p.Name)
	assert.False(t, bool(p.Stock))
	assert.Equal(t, Int(0), p.Qty)
	assert.Equal(t, "Regular", p.PayType)
	assert.Equal(t, "Disk:10GB\nMemory:2GB\nMySql:10 DB\nEmail:100 Users\n", p.Description)
	assert.Empty(t, p.Tags)
	assert.Equal(t, List[ProductPeriod]{
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
	assert.Equal(t, Int(334), p.ID)
	assert.Equal(t, Int(1), p.Type)
	assert.Equal(t, "Business Hosting", p.Name)
	assert.True(t, bool(p.Stock))
	assert.Equal(t, Int(5), p.Qty)
	assert.Equal(t, "Regular", p.PayType)
	assert.Equal(t, "  <ul><li>Disk: 50GB</li></ul>\r\n", p.Description, "description kept verbatim")
	assert.Equal(t, List[json.RawMessage]{json.RawMessage(`"new"`)}, p.Tags)
	assert.Equal(t, List[ProductPeriod]{period(t, "q", "59.97", "10.00", true)}, p.Periods)
}

func TestCartProduct(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/order/333", 200, "cart/product.json")

	p, err := env.client.Cart.Product(context.Background(), 333)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/order/333", "")
	assert.Equal(t, Int(333), p.ID)
	assert.Equal(t, "Starter Hosting", p.Name)
	assert.Equal(t, Int(49), p.CategoryID)
	assert.Equal(t, "Hosting", p.CategoryName)
	assert.Equal(t, "m", p.Recurring)
	assert.Equal(t, ProductCharges{
		Price: mustDecimal(t, "9.99"), RecurringPrice: mustDecimal(t, "9.99"), Setup: mustDecimal(t, "0"),
	}, p.ProductCharges)
	assert.True(t, p.ProrataDate.IsZero())

	assert.Equal(t, List[ProductField]{
		{
			Type: "select", Title: "pickcycle", ID: "cycle", Name: "cycle", Value: NewContent("m"),
			Items: List[ProductPeriod]{
				period(t, "m", "9.99", "0", true),
				period(t, "a", "109.89", "0", false),
			},
			Price: mustDecimal(t, "9.99"), Setup: mustDecimal(t, "0"),
		},
		{Type: "input", Title: "domain", ID: "domain", Name: "domain"},
	}, p.Config.Product)
	assert.Equal(t, "m", p.Config.Product[0].Value.String())
	assert.Equal(t, "", p.Config.Product[1].Value.String(), "null value")

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
		Items: List[FormItem]{
			{ID: 10330, Title: "512MB", Value: NewContent("1"), Price: mustDecimal(t, "0"), Setup: mustDecimal(t, "0")},
			{ID: 10331, Title: "1GB", Value: NewContent("1"), Price: mustDecimal(t, "2.5"), Setup: mustDecimal(t, "0")},
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
		Items: List[FormItem]{
			{ID: 10340, Title: "Hostname", Value: NewContent(""), Price: mustDecimal(t, "1.10"), Setup: mustDecimal(t, "5.00"), Selected: true},
		},
	}, host)

	require.Len(t, p.Config.Addons, 1)
	addon := p.Config.Addons[0]
	cycles := List[ProductPeriod]{
		period(t, "m", "5", "0", true),
		period(t, "q", "20", "0", false),
		period(t, "a", "50", "0", false),
	}
	assert.Equal(t, ProductAddon{
		ID: 31, Type: "subitem", Title: "Cpanel2: Add Extra IP",
		Description: "Automatically adds IP address to account",
		Value:       json.RawMessage(`null`),
		Config: List[ProductAddonOption]{
			{Type: "checkbox", Title: "add", Name: "addon[31]", Checked: false},
			{Type: "select", Title: "billingcycle", Name: "addon_cycles[31]", Items: cycles},
		},
		ProductCharges: ProductCharges{
			Price: mustDecimal(t, "0"), RecurringPrice: mustDecimal(t, "0"), Setup: mustDecimal(t, "0"),
		},
	}, addon)
	assert.Equal(t, []ProductPeriod(cycles), addon.Cycles())
	assert.Nil(t, ProductAddon{}.Cycles())

	require.Len(t, p.Config.Subproducts, 1)
	assert.Equal(t, []string{"id", "name"}, p.Config.Subproducts[0].Keys())
	assert.Equal(t, "335", p.Config.Subproducts[0].Text("id"))
	assert.Equal(t, "Backup Storage", p.Config.Subproducts[0].Text("name"))
}

func TestCartOrder(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/order/333", 200, "cart/order.json")

	res, err := env.client.Cart.Order(context.Background(), 333, &ProductOrder{
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
	}, res)
}

func TestCartOrderDefaults(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/order/333", 200, `{"order_num": 1, "invoice_id": "2", "total": "0.00", "items": []}`)

	res, err := env.client.Cart.Order(context.Background(), 333, nil)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/order/333", `{}`)
	assert.Equal(t, Int(1), res.OrderNumber)
	assert.Equal(t, Int(2), res.InvoiceID)
	assert.True(t, res.Total.IsZero())
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
	res, err := env.client.Cart.OrderItems(context.Background(), &CartOrder{
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
		OrderNumbers: List[Int]{179534732, 179534732, 179534732},
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

	q, err := env.client.Cart.Quote(context.Background(), &QuoteRequest{
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
		Recurring: List[QuoteRecurring]{
			{Title: "Annually", Value: "a", Price: mustDecimal(t, "81.18")},
			{Title: "Monthly", Value: "m", Price: mustDecimal(t, "1.48")},
		},
		Tax: List[QuoteTax]{{Name: "VAT", Tax: mustDecimal(t, "16.61"), Rate: mustDecimal(t, "23")}},
	}, q.Summary)
	total, err := q.Summary.Total.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(8881), total)

	require.Len(t, q.Items, 4)

	it := q.Items[0]
	assert.Equal(t, Int(0), it.Index)
	assert.True(t, bool(it.Valid))
	assert.Empty(t, it.Info)
	assert.Empty(t, it.Errors)
	require.NotNil(t, it.Product)
	assert.Equal(t, Int(1080), it.Product.ID)
	assert.Equal(t, "GeoTrust QuickSSL Premium", it.Product.Name)
	assert.Equal(t, Int(69), it.Product.CategoryID)
	assert.Equal(t, "SSL", it.Product.CategoryName)
	assert.Equal(t, "test.api", it.Product.Domain)
	assert.Equal(t, []string{"category_id", "category_name", "domain", "id", "name", "recurring"}, it.Product.Raw.Keys())
	assert.Equal(t, "a", it.Product.Raw.Text("recurring"), "undocumented fields are kept")
	assert.Empty(t, it.Domains)
	assert.JSONEq(t, `{}`, string(it.Coupon))

	it = q.Items[1]
	assert.Equal(t, Int(1), it.Index)
	assert.True(t, bool(it.Valid))
	assert.Equal(t, Messages{{"promo_applied", "SPRING"}}, it.Info)
	assert.Empty(t, it.Errors)
	require.NotNil(t, it.Product)
	assert.Equal(t, Int(840), it.Product.ID)
	assert.Equal(t, "VPS", it.Product.Name)
	assert.Equal(t, Int(19), it.Product.CategoryID)
	assert.Equal(t, "Proxmox", it.Product.CategoryName)
	assert.Equal(t, "user.test.api", it.Product.Domain)
	assert.Empty(t, it.Domains, "an empty list decodes as no domains")
	assert.JSONEq(t, `{"code": "SPRING", "discount": "1.50"}`, string(it.Coupon))

	it = q.Items[2]
	assert.Equal(t, Int(2), it.Index)
	assert.True(t, bool(it.Valid))
	assert.Nil(t, it.Product)
	require.Len(t, it.Domains, 2)
	com, net := it.Domains[0], it.Domains[1]
	assert.Equal(t, Int(6), com.ID)
	assert.Equal(t, Int(0), com.Index)
	assert.Equal(t, "hosting.com", com.Name, "domains keep the server's order")
	assert.Equal(t, ".com", com.TLD)
	assert.Equal(t, Int(6), com.CategoryID)
	assert.Equal(t, "Domains", com.CategoryName)
	assert.Equal(t, Int(1), com.Period)
	assert.Equal(t, mustDecimal(t, "12.00"), com.Price)
	assert.Equal(t, "register", com.Raw.Text("action"))
	assert.Equal(t, Int(7), net.ID)
	assert.Equal(t, Int(1), net.Index)
	assert.Equal(t, "hosting.net", net.Name)
	assert.Equal(t, ".net", net.TLD)
	assert.Equal(t, Int(6), net.CategoryID)
	assert.Equal(t, "Domains", net.CategoryName)
	assert.Equal(t, Int(2), net.Period)
	assert.Equal(t, mustDecimal(t, "25.5"), net.Price)

	it = q.Items[3]
	assert.Equal(t, Int(3), it.Index)
	assert.False(t, bool(it.Valid))
	assert.Nil(t, it.Product)
	assert.Empty(t, it.Domains)
	assert.Empty(t, it.Info)
	assert.Equal(t, Messages{{"Domain not found"}, {"cant_renew", "example.org"}}, it.Errors,
		"per-item errors decode into the item and do not fail the quote")
	assert.JSONEq(t, `[]`, string(it.Coupon))
}

func TestCartQuoteIsRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodPost, "/quote",
		httpmock.NewStringResponder(http.StatusServiceUnavailable, `{"error":["busy"]}`).
			Then(httpmock.NewStringResponder(http.StatusOK, `{"summary": {"total": "9.99"}, "items": []}`)))

	q, err := env.client.Cart.Quote(context.Background(), &QuoteRequest{Items: []CartItem{ProductItem(333, "")}})
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
			_, err := c.Cart.Order(context.Background(), 333, &ProductOrder{Cycle: "m"})
			return err
		}},
		"OrderItems": {"/order", func(c *Client) error {
			_, err := c.Cart.OrderItems(context.Background(), &CartOrder{Items: []CartItem{ProductItem(333, "m")}})
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

	res, err := env.client.Cart.Order(context.Background(), 333, &ProductOrder{Cycle: "x"})
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

func TestCartInvalidArguments(t *testing.T) {
	t.Parallel()
	one := []CartItem{ProductItem(1, "m")}
	quote := func(req *QuoteRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Cart.Quote(ctx, req); return err }
	}
	orderItems := func(req *CartOrder) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Cart.OrderItems(ctx, req); return err }
	}
	items := func(it ...CartItem) *CartOrder { return &CartOrder{Items: it} }
	assertInvalidArguments(t, []invalidCall{
		{"Products zero category", func(ctx context.Context, c *Client) error { _, err := c.Cart.Products(ctx, 0); return err }},
		{"Product negative id", func(ctx context.Context, c *Client) error { _, err := c.Cart.Product(ctx, -1); return err }},
		{"Order zero product", func(ctx context.Context, c *Client) error {
			_, err := c.Cart.Order(ctx, 0, &ProductOrder{})
			return err
		}},
		{"Order bad custom value", func(ctx context.Context, c *Client) error {
			_, err := c.Cart.Order(ctx, 1, &ProductOrder{Custom: CustomOptions{1: {2: []int{1}}}})
			return err
		}},
		{"Order nil context", func(_ context.Context, c *Client) error {
			//lint:ignore SA1012 a nil context must be refused, not panic
			_, err := c.Cart.Order(nil, 1, nil)
			return err
		}},
		{"OrderItems nil", orderItems(nil)},
		{"OrderItems no items", orderItems(&CartOrder{PayMethod: 1})},
		{"OrderItems unknown type", orderItems(items(CartItem{Type: "vps", ProductID: 1}))},
		{"OrderItems product without id", orderItems(items(CartItem{Type: CartItemProduct}))},
		{"OrderItems certificate without id", orderItems(items(CertificateItem(0, "csr", 1)))},
		{"OrderItems domain without action", orderItems(items(CartItem{Type: CartItemDomain, Name: "example.com"}))},
		{"OrderItems register without name", orderItems(items(DomainRegisterItem(6, "", 1)))},
		{"OrderItems transfer without name", orderItems(items(DomainTransferItem(6, "", 1, "epp")))},
		{"OrderItems renew without id", orderItems(items(DomainRenewItem(0, 1)))},
		{"OrderItems negative years", orderItems(items(DomainRenewItem(5, -1)))},
		{"OrderItems bad custom value", orderItems(items(CartItem{Type: CartItemProduct, ProductID: 1,
			Custom: CustomOptions{1: {2: map[string]int{}}}}))},
		{"Quote nil", quote(nil)},
		{"Quote no items", quote(&QuoteRequest{Output: QuoteShort})},
		{"Quote bad output", quote(&QuoteRequest{Output: "everything", Items: one})},
		{"Quote bad item", quote(&QuoteRequest{Items: []CartItem{{}}})},
	})
}

func TestCartDecodeShapes(t *testing.T) {
	t.Parallel()
	// "items" as a number-keyed object, null, or absent.
	var r OrderResult
	require.NoError(t, json.Unmarshal([]byte(`{"items": {"0": {"id": "1"}, "2": {"id": "3"}}}`), &r))
	assert.Equal(t, List[OrderedItem]{{ID: 1}, {ID: 3}}, r.Items)
	r = OrderResult{}
	require.NoError(t, json.Unmarshal([]byte(`{"items": null}`), &r))
	assert.Empty(t, r.Items)
	require.NoError(t, json.Unmarshal([]byte(`{"items": {}}`), &r))
	assert.Empty(t, r.Items)
	require.Error(t, json.Unmarshal([]byte(`{"items": {"id": {}}}`), &r))
	r = OrderResult{}
	require.NoError(t, json.Unmarshal([]byte(`{"invoice_id": "9"}`), &r), "an answer without items")
	assert.Empty(t, r.Items)
	assert.Equal(t, Int(9), r.InvoiceID)

	// "domains" as null, a list, or absent; a broken entry is an error.
	var q QuoteItem
	require.NoError(t, json.Unmarshal([]byte(`{"domains": [{"name": "a.com"}]}`), &q))
	assert.Equal(t, "a.com", q.Domains[0].Name)
	require.NoError(t, json.Unmarshal([]byte(`{"domains": null, "index": 4}`), &q))
	assert.Empty(t, q.Domains)
	assert.Equal(t, Int(4), q.Index)
	require.Error(t, json.Unmarshal([]byte(`{"domains": {"a.com": {"price": "x"}}}`), &q))
	require.Error(t, json.Unmarshal([]byte(`{"domains": 5}`), &q))
	var d QuoteDomain
	require.Error(t, json.Unmarshal([]byte(`["not an object"]`), &d))

}
