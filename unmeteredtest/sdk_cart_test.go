package unmeteredtest

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestSDKCartCatalogue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	cats, err := c.Cart.Categories(ctx)
	require.NoError(t, err)
	require.Len(t, cats, 5)
	assert.Equal(t, unmetered.ProductCategory{ID: 10, Name: "Hosting", Slug: "hosting"}, cats[0])
	assert.Equal(t, "dns", cats[4].Slug)

	products, err := c.Cart.Products(ctx, 10)
	require.NoError(t, err)
	require.Len(t, products, 2)
	p := products[0]
	assert.Equal(t, int64(333), p.ID)
	assert.Equal(t, int64(1), p.Type)
	assert.Equal(t, "Starter Hosting", p.Name)
	assert.False(t, p.Stock)
	assert.Zero(t, p.Qty)
	assert.Equal(t, unmetered.PayRegular, p.PayType)
	assert.Equal(t, "Disk:10GB<br/>Memory:2GB<br/>MySql:10 DB<br/>Email:100 Users<br/>", p.Description)
	assert.Empty(t, p.Tags)
	require.Len(t, p.Periods, 4)
	assert.Equal(t, []unmetered.CycleCode{unmetered.CycleCodeMonthly, unmetered.CycleCodeAnnually, unmetered.CycleCodeBiennially, unmetered.CycleCodeTriennially},
		[]unmetered.CycleCode{p.Periods[0].Cycle, p.Periods[1].Cycle, p.Periods[2].Cycle, p.Periods[3].Cycle})
	assert.True(t, p.Periods[0].Selected)
	assert.False(t, p.Periods[1].Selected)
	assertDecimal(t, "9.99", p.Periods[0].Price)
	assertDecimal(t, "109.89", p.Periods[1].Price)
	assertDecimal(t, "199.8", p.Periods[2].Price)
	assertDecimal(t, "0", p.Periods[1].Setup)
	products, err = c.Cart.Products(ctx, 6)
	require.NoError(t, err)
	assert.Empty(t, products, "domains are not products")
	_, err = c.Cart.Products(ctx, 999)
	require.ErrorIs(t, err, unmetered.ErrNotFound)

	d, err := c.Cart.Product(ctx, 333)
	require.NoError(t, err)
	assert.Equal(t, int64(333), d.ID)
	assert.Equal(t, "Starter Hosting", d.Name)
	assert.Equal(t, "Hosting", d.CategoryName)
	assert.Equal(t, int64(10), d.CategoryID)
	assert.Equal(t, unmetered.CycleCodeMonthly, d.Recurring)
	assertDecimal(t, "9.99", d.Price)
	assertDecimal(t, "9.99", d.RecurringPrice)
	assert.True(t, d.ProrataDate.IsZero())
	require.Len(t, d.Config.Product, 2)
	cycle, domain := d.Config.Product[0], d.Config.Product[1]
	assert.Equal(t, []string{"select", "cycle", "m"}, []string{cycle.Type, cycle.ID, cycle.Value})
	require.Len(t, cycle.Items, 4)
	assertDecimal(t, "299.7", cycle.Items[3].Price)
	assert.Equal(t, []string{"input", "domain", ""}, []string{domain.Type, domain.Name, domain.Value}, "a null value")
	require.Len(t, d.Config.Forms, 1)
	form := d.Config.Forms[0]
	assert.Equal(t, int64(1618), form.ID)
	assert.Equal(t, "Disk Size", form.Title)
	assert.Equal(t, "custom[1618]", form.Name)
	assert.False(t, form.Required)
	assert.Equal(t, int64(10330), form.FirstItemID)
	require.Len(t, form.Items, 3)
	assert.Equal(t, int64(10331), form.Items[1].ID)
	assert.Equal(t, "1GB", form.Items[1].Title)
	assert.Equal(t, "1", form.Items[1].Value, "a number kept as its text")
	require.Len(t, d.Config.Addons, 1)
	addon := d.Config.Addons[0]
	assert.Equal(t, int64(31), addon.ID)
	assert.Equal(t, "Cpanel2: Add Extra IP", addon.Title)
	cycles := addon.Cycles()
	require.Len(t, cycles, 3)
	assert.Equal(t, unmetered.CycleCodeAnnually, cycles[2].Cycle)
	assertDecimal(t, "50", cycles[2].Price)
	assert.Empty(t, d.Config.Subproducts)
	_, err = c.Cart.Product(ctx, 1)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}

func TestSDKCartOrderProduct(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	item := unmetered.ProductItem(333, "a")
	item.Domain = "shop.example.com"
	item.Custom = unmetered.CustomOptions{1618: {10331: 1}}
	q, err := c.Cart.Quote(ctx, unmetered.QuoteRequest{PayMethod: 1, Items: []unmetered.CartItem{item}})
	require.NoError(t, err)
	require.Len(t, q.Items, 1)
	assert.True(t, q.Items[0].Valid)
	require.NotNil(t, q.Items[0].Product)
	assert.Equal(t, "shop.example.com", q.Items[0].Product.Domain)
	assert.Equal(t, int64(333), q.Items[0].Product.ID)
	assert.Equal(t, unmetered.CycleCodeAnnually, q.Items[0].Product.Recurring)
	assertDecimal(t, "109.89", q.Items[0].Product.Price)

	res, err := c.Cart.Order(ctx, 333, unmetered.ProductOrderRequest{Domain: "shop.example.com", Cycle: unmetered.CycleCodeAnnually, PayMethod: 1,
		Custom: unmetered.CustomOptions{1618: {10331: 1}}})
	require.NoError(t, err)
	assert.Equal(t, int64(563647679), res.OrderNumber, "the next order number")
	assert.Nil(t, res.OrderNumbers)
	assertDecimal(t, "109.89", res.Total)
	assertDecimal(t, q.Summary.Total.String(), res.Total, "the quote's total")
	require.Len(t, res.Items, 1)
	assert.Equal(t, unmetered.OrderedItem{ID: 310, Type: "Hosting", Name: "shop.example.com", ProductID: 333}, res.Items[0])

	s, err := c.Services.Get(ctx, 310)
	require.NoError(t, err)
	assert.Equal(t, unmetered.ServicePending, s.Status)
	assert.Equal(t, unmetered.CycleAnnually, s.BillingCycle)
	assert.Equal(t, "shop.example.com", s.Domain)
	assertDecimal(t, "109.89", s.Total)

	invoices, err := c.Billing.Invoices(ctx)
	require.NoError(t, err)
	require.Len(t, invoices, 3)
	assert.Equal(t, res.InvoiceID, invoices[2].ID)
	assert.Equal(t, unmetered.InvoiceUnpaid, invoices[2].Status)
	assertDecimal(t, "109.89", invoices[2].Total)
	inv, err := c.Billing.Invoice(ctx, res.InvoiceID)
	require.NoError(t, err)
	require.Len(t, inv.Items, 1)
	assert.Equal(t, int64(310), inv.Items[0].ItemID)
	assertDecimal(t, "109.89", inv.Items[0].Amount)
	assertDecimal(t, q.Summary.Total.String(), inv.Total, "the quote's total is what the invoice asks")
	b, err := c.Billing.Balance(ctx)
	require.NoError(t, err)
	assertDecimal(t, "124.89", b.Balance, "15.00 unpaid before, and the new invoice")

	// A product without a domain, ordered with its defaults.
	res, err = c.Cart.Order(ctx, 350, unmetered.ProductOrderRequest{})
	require.NoError(t, err)
	assertDecimal(t, "2.00", res.Total, "the first period: monthly")
	s, err = c.Services.Get(ctx, res.Items[0].ID)
	require.NoError(t, err)
	assert.Equal(t, unmetered.CycleMonthly, s.BillingCycle)

	for _, tc := range []struct {
		req unmetered.ProductOrderRequest
		msg string
	}{
		{unmetered.ProductOrderRequest{Domain: "shop.example.com", Cycle: unmetered.CycleCodeQuarterly},
			`cycle "q" is not offered for Starter Hosting; see GET /order/333`},
		{unmetered.ProductOrderRequest{Cycle: unmetered.CycleCodeMonthly}, "domain must be a domain name, e.g. example.com"},
		{unmetered.ProductOrderRequest{Domain: "shop.example.com", PromoCode: "FREE"}, "Promotion code FREE is not valid"},
		{unmetered.ProductOrderRequest{Domain: "shop.example.com", PayMethod: 3}, "Unknown payment method 3; see GET /payment"},
	} {
		_, err := c.Cart.Order(ctx, 333, tc.req)
		assert.Equal(t, []string{tc.msg}, requireAPIError(t, err, 400), "%+v", tc.req)
	}
	_, err = c.Cart.Order(ctx, 999, unmetered.ProductOrderRequest{})
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	invoices, err = c.Billing.Invoices(ctx)
	require.NoError(t, err)
	assert.Len(t, invoices, 4, "refused orders invoice nothing")
}

func TestSDKCartOrderItems(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	cert := unmetered.CertificateItem(26, "shop-example.net", 1)
	software := int64(5)
	cert.Software = &software
	items := []unmetered.CartItem{
		unmetered.ProductItem(345, "m"),
		unmetered.DomainRegisterItem(8, "shop-example.net", 1),
		cert,
		unmetered.DomainRenewItem(47, 1),
	}

	q, err := c.Cart.Quote(ctx, unmetered.QuoteRequest{PayMethod: 5, Output: unmetered.QuoteShort,
		Items: append(items, unmetered.ProductItem(1, ""))})
	require.NoError(t, err)
	assertDecimal(t, "38.45", q.Summary.Total, "2.50 + 11.00 + 9.95 + 15.00")
	assertDecimal(t, "38.45", q.Summary.Subtotal)
	assertDecimal(t, "0", q.Summary.Credit)
	assertDecimal(t, "0", q.Summary.Discount)
	require.Len(t, q.Summary.Recurring, 2)
	assert.Equal(t, []unmetered.QuoteRecurring{
		{Title: "Monthly", Cycle: unmetered.CycleCodeMonthly, Price: q.Summary.Recurring[0].Price},
		{Title: "Annually", Cycle: unmetered.CycleCodeAnnually, Price: q.Summary.Recurring[1].Price},
	}, q.Summary.Recurring)
	assertDecimal(t, "2.50", q.Summary.Recurring[0].Price)
	assertDecimal(t, "35.95", q.Summary.Recurring[1].Price, "11.00 + 9.95 + 15.00 a year")
	assert.Empty(t, q.Summary.Tax)
	require.Len(t, q.Items, 5)
	vps := q.Items[0]
	assert.Equal(t, int64(0), vps.Index)
	assert.True(t, vps.Valid)
	assert.Empty(t, vps.Errors)
	require.NotNil(t, vps.Product)
	assert.Equal(t, "VPS Large", vps.Product.Name)
	assert.Equal(t, int64(345), vps.Product.ID)
	assert.Equal(t, int64(19), vps.Product.CategoryID)
	assert.Equal(t, "VPS", vps.Product.CategoryName)
	assert.Empty(t, vps.Domains)
	reg := q.Items[1]
	assert.Nil(t, reg.Product, "a domain item has no product")
	require.Len(t, reg.Domains, 1)
	assert.Equal(t, "shop-example.net", reg.Domains[0].Name)
	assert.Equal(t, ".net", reg.Domains[0].TLD)
	assert.Equal(t, int64(8), reg.Domains[0].ID)
	assert.Equal(t, int64(1), reg.Domains[0].Period)
	assert.Equal(t, "Domains", reg.Domains[0].CategoryName)
	assertDecimal(t, "11.00", reg.Domains[0].Price)
	assert.Equal(t, "PositiveSSL", q.Items[2].Product.Name)
	renew := q.Items[3]
	assert.True(t, renew.Valid, "%v", renew.Errors)
	require.Len(t, renew.Domains, 1)
	assert.Equal(t, "testname.com", renew.Domains[0].Name)
	assertDecimal(t, "15.00", renew.Domains[0].Price)
	bad := q.Items[4]
	assert.Equal(t, int64(4), bad.Index)
	assert.False(t, bad.Valid)
	assert.Equal(t, []string{"product_id must be a product of GET /category/@category_id/product"}, bad.Errors)
	invoices, err := c.Billing.Invoices(ctx)
	require.NoError(t, err)
	assert.Len(t, invoices, 2, "a quote creates nothing")

	q, err = c.Cart.Quote(ctx, unmetered.QuoteRequest{PayMethod: 5, Items: items})
	require.NoError(t, err)
	res, err := c.Cart.OrderItems(ctx, unmetered.CartOrderRequest{PayMethod: 5, Items: items})
	require.NoError(t, err)
	assertDecimal(t, q.Summary.Total.String(), res.Total, "the quote's total is what the order charges")
	require.Len(t, res.OrderNumbers, 3, "one per item created")
	for _, n := range res.OrderNumbers {
		assert.Equal(t, res.OrderNumber, n, "one order")
	}
	assert.Equal(t, []unmetered.OrderedItem{
		{ID: 310, Type: "Hosting", Name: "", ProductID: 345},
		{ID: 53, Type: "Domain Register", Name: "shop-example.net", ProductID: 8},
		{ID: 311, Type: "Hosting", Name: "shop-example.net", ProductID: 26},
	}, res.Items, "the renewal creates nothing: it is only invoiced")

	inv, err := c.Billing.Invoice(ctx, res.InvoiceID)
	require.NoError(t, err)
	assertDecimal(t, res.Total.String(), inv.Total)
	require.Len(t, inv.Items, 4)
	assert.Equal(t, []int64{310, 53, 311, 47}, []int64{inv.Items[0].ItemID, inv.Items[1].ItemID, inv.Items[2].ItemID, inv.Items[3].ItemID})
	assert.Equal(t, "Domain Renew", inv.Items[3].Type)
	invoices, err = c.Billing.Invoices(ctx)
	require.NoError(t, err)
	require.Len(t, invoices, 3)
	assert.Equal(t, res.InvoiceID, invoices[2].ID)

	s, err := c.Services.Get(ctx, 310)
	require.NoError(t, err)
	assert.Equal(t, unmetered.ServicePending, s.Status)
	assert.Equal(t, "VPS Large", s.Name)
	d, err := c.Domains.Get(ctx, 53)
	require.NoError(t, err)
	assert.Equal(t, unmetered.DomainPending, d.Status)
	assert.Equal(t, "shop-example.net", d.Name)
	certs, err := c.Certificates.List(ctx)
	require.NoError(t, err)
	require.Len(t, certs, 3)
	assert.Equal(t, int64(311), certs[2].ID)
	assert.Equal(t, unmetered.CertificatePending, certs[2].Status)

	// One rejected item fails the whole order, unless errors are ignored.
	mixed := []unmetered.CartItem{unmetered.ProductItem(1, ""), unmetered.ProductItem(345, "a")}
	_, err = c.Cart.OrderItems(ctx, unmetered.CartOrderRequest{Items: mixed})
	assert.Equal(t, []string{"Item 1: product_id must be a product of GET /category/@category_id/product"}, requireAPIError(t, err, 400))
	res, err = c.Cart.OrderItems(ctx, unmetered.CartOrderRequest{Items: mixed, IgnoreErrors: true})
	require.NoError(t, err)
	require.Len(t, res.Items, 1)
	assertDecimal(t, "24.50", res.Total)
	_, err = c.Cart.OrderItems(ctx, unmetered.CartOrderRequest{Items: []unmetered.CartItem{unmetered.DomainRenewItem(52, 1)}})
	assert.Equal(t, []string{"Item 1: Only an Active or Expired domain can be renewed, not a Pending one"}, requireAPIError(t, err, 400))
}

// TestRawCartRefusals checks what the fake refuses that the SDK never sends: an order or quote
// without items, an item of an unknown type.
func TestRawCartRefusals(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	for _, path := range []string{"/order", "/quote"} {
		resp := send(t, srv, "POST", path, obj{})
		assert.Equal(t, http.StatusBadRequest, resp.Status, path)
		assert.Equal(t, []any{"items is required: a list of order items"}, resp.JSON(t)["error"], path)
	}
	q := sendOK(t, srv, "POST", "/quote", obj{"items": []obj{{"type": "voucher"}}})
	assert.Equal(t, false, at(t, q, "items", "0", "valid"))
	assert.Equal(t, []any{`type must be "product", "domain" or "certificate"`}, at(t, q, "items", "0", "error"))
}
