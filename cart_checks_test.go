package unmetered

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Checks across the Cart section: input validation, the wire shapes it decodes, and the public
// form of its types.

func TestCartInvalidArguments(t *testing.T) {
	t.Parallel()
	one := []CartItem{ProductItem(1, "m")}
	quote := func(req QuoteRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Cart.Quote(ctx, req); return err }
	}
	orderItems := func(req CartOrderRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := c.Cart.OrderItems(ctx, req); return err }
	}
	items := func(it ...CartItem) CartOrderRequest { return CartOrderRequest{Items: it} }
	assertInvalidArguments(t, []invalidCall{
		{"Products zero category", func(ctx context.Context, c *Client) error { _, err := c.Cart.Products(ctx, 0); return err }},
		{"Product negative id", func(ctx context.Context, c *Client) error { _, err := c.Cart.Product(ctx, -1); return err }},
		{"Order zero product", func(ctx context.Context, c *Client) error {
			_, err := c.Cart.Order(ctx, 0, ProductOrderRequest{})
			return err
		}},
		{"Order bad custom value", func(ctx context.Context, c *Client) error {
			_, err := c.Cart.Order(ctx, 1, ProductOrderRequest{Custom: CustomOptions{1: {2: []int{1}}}})
			return err
		}},
		{"Order empty Decimal custom value", func(ctx context.Context, c *Client) error {
			_, err := c.Cart.Order(ctx, 1, ProductOrderRequest{Custom: CustomOptions{1: {2: Decimal{}}}})
			return err
		}},
		{"Order nil context", func(_ context.Context, c *Client) error {
			//lint:ignore SA1012 a nil context must be refused, not panic
			_, err := c.Cart.Order(nil, 1, ProductOrderRequest{})
			return err
		}},
		{"OrderItems zero request", orderItems(CartOrderRequest{})},
		{"OrderItems no items", orderItems(CartOrderRequest{PayMethod: 1})},
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
		{"Quote zero request", quote(QuoteRequest{})},
		{"Quote no items", quote(QuoteRequest{Output: QuoteShort})},
		{"Quote bad output", quote(QuoteRequest{Output: "everything", Items: one})},
		{"Quote bad item", quote(QuoteRequest{Items: []CartItem{{}}})},
		{"Quote bad domain action", quote(QuoteRequest{Items: []CartItem{{Type: CartItemDomain, Action: "Register", Name: "a.com"}}})},
	})
}

func TestCartDecodeShapes(t *testing.T) {
	t.Parallel()
	// "items" as a number-keyed object, null, or absent.
	order := func(body string) (OrderResult, error) {
		var w orderResultWire
		err := json.Unmarshal([]byte(body), &w)
		return w.public(), err
	}
	r, err := order(`{"items": {"0": {"id": "1"}, "2": {"id": "3"}}}`)
	require.NoError(t, err)
	assert.Equal(t, []OrderedItem{{ID: 1}, {ID: 3}}, r.Items)
	for _, body := range []string{`{"items": null}`, `{"items": {}}`, `{"items": []}`, `{"invoice_id": "9"}`} {
		r, err = order(body)
		require.NoError(t, err, body)
		assert.Empty(t, r.Items, body)
	}
	assert.Equal(t, int64(9), r.InvoiceID, "an answer without items")
	_, err = order(`{"items": {"id": {}}}`)
	require.Error(t, err)
	r, err = order(`{"order_num": "5", "order_num_list": [7, "7"]}`)
	require.NoError(t, err)
	assert.Equal(t, int64(5), r.OrderNumber, "order_num wins when both are sent")
	assert.Equal(t, []int64{7, 7}, r.OrderNumbers)

	// "domains" as null, a list, or absent; a broken entry is an error.
	item := func(body string) (QuoteItem, error) {
		var w quoteItemWire
		err := json.Unmarshal([]byte(body), &w)
		return w.public(), err
	}
	q, err := item(`{"domains": [{"name": "a.com"}]}`)
	require.NoError(t, err)
	assert.Equal(t, "a.com", q.Domains[0].Name)
	q, err = item(`{"domains": null, "index": 4, "info": "one message", "error": false}`)
	require.NoError(t, err)
	assert.Empty(t, q.Domains)
	assert.Equal(t, int64(4), q.Index)
	assert.Equal(t, []string{"one message"}, q.Info)
	assert.Nil(t, q.Errors)
	_, err = item(`{"domains": {"a.com": {"price": "x"}}}`)
	require.Error(t, err)
	_, err = item(`{"domains": 5}`)
	require.Error(t, err)
	var d quoteDomainWire
	require.Error(t, json.Unmarshal([]byte(`["not an object"]`), &d))
}

// TestCartPublicJSON: public results marshal with snake_case names and plain values.
func TestCartPublicJSON(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/order/333", 200, "cart/order.json")
	res, err := env.client.Cart.Order(context.Background(), 333, ProductOrderRequest{})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.JSONEq(t, `{"order_number": 873340995, "invoice_id": 308979, "total": "9.99",
		"items": [{"id": 10, "type": "Hosting", "name": "test.com", "product_id": 3}]}`, string(b))

	b, err = json.Marshal(period(t, CycleCodeMonthly, "9.99", "0", true))
	require.NoError(t, err)
	assert.JSONEq(t, `{"title": "m", "cycle": "m", "price": "9.99", "setup": "0", "selected": true}`, string(b))
}

// FuzzCartServicesWire decodes any body into the Cart, Services and order wire forms and
// converts what decodes to the public types: nothing panics, and every public result marshals.
func FuzzCartServicesWire(f *testing.F) {
	for _, s := range []string{
		`{"items":{"id":"7","type":"Hosting"},"invoice_id":"9","total":"1.20","order_num_list":[1,"2"]}`,
		`{"summary":{"total":"1","recurring":{"0":{"title":"Monthly","value":"m"}}},"items":[{"domains":{"a.com":{"id":"6"}},"product":{"id":1},"error":["x",["y","z"]]}]}`,
		`{"resources":[{"id":"1","type":"slider","min":"1","items":{"3":{"id":"4","selected":"1"}}}],"package":[]}`,
		`{"id":"333","config":{"forms":[{"id":"1","firstItemId":"2","items":[{"value":1}]}],"subproducts":[1]}}`,
		`{"ips":["192.0.2.1"],"rdns":[],"bandwidth":{"used":1}}`, `[]`, `null`, `{}`, `"s"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var publics []any
		decode := func(w any, public func() any) {
			if json.Unmarshal(b, w) == nil {
				publics = append(publics, public())
			}
		}
		var order orderResultWire
		decode(&order, func() any { return order.public() })
		var quote quoteWire
		decode(&quote, func() any { return quote.public() })
		var product productDetailsWire
		decode(&product, func() any { return product.public() })
		var cartProduct cartProductWire
		decode(&cartProduct, func() any { return cartProduct.public() })
		var svc serviceWire
		decode(&svc, func() any { return svc.public() })
		var opts upgradeOptionsWire
		decode(&opts, func() any { return opts.public() })
		var est upgradeEstimateWire
		decode(&est, func() any { return est.public() })
		var res upgradeResultWire
		decode(&res, func() any { return res.public() })
		var ips ipAddressesWire
		decode(&ips, func() any { return ips.public() })
		var rdns reverseDNSWire
		decode(&rdns, func() any { return rdns.public() })
		var bw bandwidthWire
		decode(&bw, func() any { return bw.public() })
		for _, p := range publics {
			_, err := json.Marshal(p)
			require.NoError(t, err, "%T from %q", p, b)
		}
	})
}
