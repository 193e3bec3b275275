package unmetered

import (
	"context"
	"fmt"
	"net/http"
)

// CartService covers the API's "Cart" section: product categories, products and their
// configuration, orders and order quotes. Reach it as Client.Cart.
//
// Orders (Order, OrderItems) are never sent twice: a failure after the request may have reached
// the server is returned, not retried, so check the account's invoices before ordering again.
// Quote changes nothing and is retried like a read.
type CartService service

// Categories lists the product categories (GET /category).
func (s *CartService) Categories(ctx context.Context) ([]ProductCategory, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/category"), "categories", (*productCategoryWire).public)
}

// Products lists the products for sale in a category (GET /category/@category_id/product).
func (s *CartService) Products(ctx context.Context, categoryID int64) ([]CartProduct, error) {
	rt, err := newRoute(http.MethodGet, "/category/@category_id/product", categoryID)
	if err != nil {
		return nil, err
	}
	return getListOf(ctx, s.client, rt, "products", (*cartProductWire).public)
}

// Product returns a product with its order configuration: billing cycles, configurable
// options (forms) with their items, addons with their cycles, and subproducts
// (GET /order/@product_id).
func (s *CartService) Product(ctx context.Context, productID int64) (*ProductDetails, error) {
	rt, err := newRoute(http.MethodGet, "/order/@product_id", productID)
	if err != nil {
		return nil, err
	}
	w, err := getKey[productDetailsWire](ctx, s.client, rt, "product")
	if err != nil {
		return nil, err
	}
	out := w.public()
	return &out, nil
}

// Order places an order for one product (POST /order/@product_id) and returns the order and
// its invoice. The zero ProductOrderRequest orders the product with its defaults:
//
//	res, err := client.Cart.Order(ctx, 333, unmetered.ProductOrderRequest{
//		Domain: "example.com", Cycle: unmetered.CycleCodeAnnually,
//	})
//
// It is never sent twice: a failure after the request may have reached the server is returned,
// not retried; when MaybeApplied(err) is true, check Billing.Invoices before ordering again. Use
// Quote first to see the price.
func (s *CartService) Order(ctx context.Context, productID int64, req ProductOrderRequest) (*OrderResult, error) {
	rt, err := newRoute(http.MethodPost, "/order/@product_id", productID)
	if err != nil {
		return nil, err
	}
	if err := req.Custom.validate("Order"); err != nil {
		return nil, err
	}
	return placeOrder(ctx, s.client, rt, req)
}

// OrderItems places one order for several products, domains (register, transfer, renew) and
// certificates (POST /order) and returns the orders and their invoice. It is never sent twice:
// a failure after the request may have reached the server is returned, not retried; when
// MaybeApplied(err) is true, check Billing.Invoices before ordering again. Use Quote with the
// same items to see the price.
func (s *CartService) OrderItems(ctx context.Context, req CartOrderRequest) (*OrderResult, error) {
	if err := validateItems("OrderItems", req.Items); err != nil {
		return nil, err
	}
	return placeOrder(ctx, s.client, staticRoute(http.MethodPost, "/order"), req)
}

// Quote prices cart items without ordering them (POST /quote): totals, discount, credit,
// recurring amounts and taxes, and per item whether it can be ordered and why not. It changes
// nothing, so it is retried like a read. An invalid item does not fail the call: check each
// QuoteItem's Valid and Errors.
func (s *CartService) Quote(ctx context.Context, req QuoteRequest) (*Quote, error) {
	switch req.Output {
	case "", QuoteShort, QuoteConfig, QuoteFull:
	default:
		return nil, fmt.Errorf("%w: Quote: Output %q is not %q, %q or %q",
			ErrInvalidArgument, req.Output, QuoteShort, QuoteConfig, QuoteFull)
	}
	if err := validateItems("Quote", req.Items); err != nil {
		return nil, err
	}
	var w quoteWire
	if err := s.client.do(ctx, staticRoute(http.MethodPost, "/quote"), req, &w); err != nil {
		return nil, err
	}
	out := w.public()
	return &out, nil
}
