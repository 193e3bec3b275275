package unmetered

import (
	"bytes"
	"context"
	"encoding/json"
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

// ProductCategory is a category of products for sale (GET /category).
type ProductCategory struct {
	ID          Int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Slug        string `json:"slug"`
}

// Categories lists the product categories (GET /category).
func (s *CartService) Categories(ctx context.Context) ([]ProductCategory, error) {
	return getList[ProductCategory](ctx, s.client, staticRoute(http.MethodGet, "/category"), "categories")
}

// ProductPeriod is one billing cycle of a product or addon, with its exact prices.
type ProductPeriod struct {
	// Title is the cycle's label as the server sends it (often the cycle code itself).
	Title string `json:"title"`
	// Value is the cycle code to order with, e.g. "m" monthly, "q" quarterly, "s" semi-annually,
	// "a" annually, "b" biennially, "t" triennially.
	Value string `json:"value"`
	// Price is the recurring price per cycle; Setup the one-time setup fee.
	Price Decimal `json:"price"`
	Setup Decimal `json:"setup"`
	// Selected marks the cycle preselected by the portal.
	Selected Bool `json:"selected"`
}

// CartProduct is a product for sale in a category (GET /category/@category_id/product).
type CartProduct struct {
	ID Int `json:"id"`
	// Type is HostBill's product type id.
	Type Int    `json:"type"`
	Name string `json:"name"`
	// Stock is true when the product's stock is limited (HostBill's stock control); Qty is then
	// the number of units left.
	Stock Bool `json:"stock"`
	Qty   Int  `json:"qty"`
	// PayType is how the product is billed, e.g. "Regular" (recurring), "Once" or "Free".
	PayType string `json:"paytype"`
	// Description is kept verbatim, line breaks and spacing included; it may contain HTML.
	Description string `json:"description"`
	// Tags are the product's tags, kept as sent (the API reference shows only an empty list).
	Tags List[json.RawMessage] `json:"tags"`
	// Periods are the billing cycles on offer, with exact prices.
	Periods List[ProductPeriod] `json:"periods"`
}

// Products lists the products for sale in a category (GET /category/@category_id/product).
func (s *CartService) Products(ctx context.Context, categoryID int64) ([]CartProduct, error) {
	rt, err := newRoute(http.MethodGet, "/category/@category_id/product", categoryID)
	if err != nil {
		return nil, err
	}
	return getList[CartProduct](ctx, s.client, rt, "products")
}

// ProductCharges are the prices of a product, form or addon as configured by default.
type ProductCharges struct {
	// Price is the price of the first cycle; RecurringPrice the price of each following one.
	Price          Decimal `json:"price"`
	RecurringPrice Decimal `json:"recurring_price"`
	// Setup is the one-time setup fee.
	Setup Decimal `json:"setup"`
	// ProrataDate is the date billing is aligned to when prorating; zero when not prorated.
	ProrataDate Date `json:"prorata_date"`
}

// ProductDetails is a product with its order configuration (GET /order/@product_id).
type ProductDetails struct {
	ID           Int    `json:"id"`
	Name         string `json:"name"`
	CategoryID   Int    `json:"category_id"`
	CategoryName string `json:"category_name"`
	// Recurring is the default billing cycle code (see ProductPeriod.Value).
	Recurring string `json:"recurring"`
	ProductCharges
	// Config lists what can be chosen when ordering the product.
	Config ProductConfig `json:"config"`
}

// ProductConfig is what can be chosen when ordering a product.
type ProductConfig struct {
	// Product holds the product's own fields: the billing cycle ("cycle", a select whose items
	// are the cycles) and the domain ("domain", an input).
	Product List[ProductField] `json:"product"`
	// Forms are the configurable options; order them with ProductOrder.Custom, keyed by the
	// form's ID and the chosen item's ID.
	Forms List[FormField] `json:"forms"`
	// Addons are the addons that can be ordered with the product.
	Addons List[ProductAddon] `json:"addons"`
	// Subproducts are bundled products, kept as sent (the API reference shows only an empty list).
	Subproducts List[ProductSubproduct] `json:"subproducts"`
}

// ProductField is one of a product's own order fields, such as the billing cycle or the domain.
type ProductField struct {
	// Type is the control: "select" or "input".
	Type  string `json:"type"`
	Title string `json:"title"`
	// ID and Name name the field, e.g. "cycle" or "domain": the ProductOrder field to set.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Value is the current value (the cycle code for "cycle"); empty when the server sends null.
	Value Content `json:"value"`
	// Items are the choices of a select, such as the billing cycles with their prices.
	Items List[ProductPeriod] `json:"items"`
	Price Decimal             `json:"price"`
	Setup Decimal             `json:"setup"`
}

// FormField is one of HostBill's configurable order forms: a product's configurable option
// (ProductConfig.Forms) or a field of a TLD's extra order form (Domains.TLDForm).
type FormField struct {
	// ID is the form id: the outer key of ProductOrder.Custom.
	ID Int `json:"id"`
	// Type is the control, e.g. "select", "checkbox", "input", "slider", "qty" or
	// "domaindnssupport".
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Name is the form's field name, e.g. "custom[1618]": the key of DomainOrder.Data for a TLD
	// form.
	Name     string `json:"name"`
	Required Bool   `json:"required"`
	// Multiple reports whether several items may be chosen.
	Multiple Bool `json:"multiple"`
	// FirstItemID is the id of the form's first item.
	FirstItemID Int `json:"firstItemId"`
	// Config is the form's extra configuration (such as "conditionals"), kept as sent (an
	// object, or [] when empty).
	Config json.RawMessage `json:"config"`
	// Value and TextValue are the form's current value and its text, kept as sent (the API
	// reference shows empty lists).
	Value     json.RawMessage `json:"value"`
	TextValue json.RawMessage `json:"textvalue"`
	// ProductCharges are what choosing the form costs, in the account's currency.
	ProductCharges
	// Items are the form's choices.
	Items List[FormItem] `json:"items"`
}

// FormItem is one choice of a FormField.
type FormItem struct {
	// ID is the item id: the inner key of ProductOrder.Custom.
	ID    Int    `json:"id"`
	Title string `json:"title"`
	// Value is the item's value as sent (a number such as 1 is kept as its text).
	Value    Content `json:"value"`
	Price    Decimal `json:"price"`
	Setup    Decimal `json:"setup"`
	Selected Bool    `json:"selected"`
}

// ProductAddon is an addon that can be ordered with a product.
type ProductAddon struct {
	ID Int `json:"id"`
	// Type is the addon's kind as sent, e.g. "subitem".
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Value is the addon's current value, kept as sent (null in the API reference).
	Value json.RawMessage `json:"value"`
	// Config holds the addon's controls: an "add" checkbox and a "billingcycle" select whose
	// items are the addon's cycles (see Cycles).
	Config List[ProductAddonOption] `json:"config"`
	ProductCharges
}

// Cycles returns the addon's billing cycles with their prices: the items of its
// "billingcycle" control (nil if it has none).
func (a ProductAddon) Cycles() []ProductPeriod {
	for _, o := range a.Config {
		if len(o.Items) > 0 {
			return o.Items
		}
	}
	return nil
}

// ProductAddonOption is one control of an addon: the "add" checkbox (Checked) or the
// "billingcycle" select (Items).
type ProductAddonOption struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	// Name is the control's field name, e.g. "addon[31]" or "addon_cycles[31]".
	Name    string              `json:"name"`
	Checked Bool                `json:"checked"`
	Items   List[ProductPeriod] `json:"items"`
}

// ProductSubproduct is a product bundled with another, kept whole: the API reference does not
// document its shape. Read it with Object's Decode, Text and Keys.
type ProductSubproduct struct{ Object }

// Product returns a product with its order configuration: billing cycles, configurable
// options (forms) with their items, addons with their cycles, and subproducts
// (GET /order/@product_id).
func (s *CartService) Product(ctx context.Context, productID int64) (*ProductDetails, error) {
	rt, err := newRoute(http.MethodGet, "/order/@product_id", productID)
	if err != nil {
		return nil, err
	}
	var out struct {
		Product *ProductDetails `json:"product"`
	}
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return nil, err
	}
	return required(out.Product, rt, "product")
}

// CustomOptions are the configurable options of an ordered product: form id → item id →
// value, as listed by Product (FormField.ID, FormItem.ID). The value is 1 to choose a
// select, radio or checkbox item, a quantity for a quantity or slider item, or the text of an
// input item. Values must be strings, booleans, Go integers or floats, Int or Decimal.
type CustomOptions map[int64]map[int64]any

func (c CustomOptions) validate(op string) error {
	for form, items := range c {
		for item, v := range items {
			switch v.(type) {
			case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
				float32, float64, Int, Decimal, json.Number:
			default:
				return fmt.Errorf("%w: %s: custom option %d/%d has a value of type %T; use a string, a number or a bool",
					ErrInvalidArgument, op, form, item, v)
			}
		}
	}
	return nil
}

// ProductOrder is the request of Order. Only ProductID (the argument) is required by the SDK;
// the product may require a domain, a cycle or options (see Product).
type ProductOrder struct {
	// Domain is the domain the service is for, e.g. "example.com"; optional for some products.
	Domain string `json:"domain,omitempty"`
	// Cycle is the billing cycle code (ProductPeriod.Value); empty for the product's default.
	Cycle string `json:"cycle,omitempty"`
	// PayMethod is the payment method id (Billing.PaymentMethods); 0 for the account's default.
	PayMethod int64 `json:"pay_method,omitempty"`
	// Custom are the configurable options: form id → item id → value.
	Custom CustomOptions `json:"custom,omitempty"`
	// PromoCode is a promotion code.
	PromoCode string `json:"promocode,omitempty"`
	// AffiliateID credits an affiliate with the order.
	AffiliateID int64 `json:"aff_id,omitempty"`
}

// OrderResult is the order an order request created, with its invoice.
type OrderResult struct {
	// OrderNumber is the order's number (set by Order).
	OrderNumber Int `json:"order_num"`
	// OrderNumbers are the order numbers of OrderItems' items (set by OrderItems).
	OrderNumbers List[Int] `json:"order_num_list"`
	// InvoiceID is the invoice to pay for the order (see Billing.Invoice).
	InvoiceID Int `json:"invoice_id"`
	// Total is the invoice total.
	Total Decimal `json:"total"`
	// Items are the services and domains created by the order (POST /order/@product_id sends
	// one item bare; List reads it as a list of one).
	Items List[OrderedItem] `json:"items"`
}

// OrderedItem is a service or domain created by an order.
type OrderedItem struct {
	// ID is the new service's or domain's id.
	ID Int `json:"id"`
	// Type is the item's kind as sent, e.g. "Hosting" or "Domain Register".
	Type string `json:"type"`
	// Name is the item's name, usually its domain.
	Name string `json:"name"`
	// ProductID is the product (or TLD) ordered.
	ProductID Int `json:"product_id"`
}

// Order places an order for one product (POST /order/@product_id) and returns the order and
// its invoice. It is never sent twice: a failure after the request may have reached the server
// is returned, not retried; when MaybeApplied(err) is true, check Billing.Invoices before
// ordering again. Use Quote first to
// see the price. req may be nil to order with the product's defaults.
func (s *CartService) Order(ctx context.Context, productID int64, req *ProductOrder) (*OrderResult, error) {
	rt, err := newRoute(http.MethodPost, "/order/@product_id", productID)
	if err != nil {
		return nil, err
	}
	if req == nil {
		req = &ProductOrder{}
	}
	if err := req.Custom.validate("Order"); err != nil {
		return nil, err
	}
	out := new(OrderResult)
	if err := s.client.do(ctx, rt, req, out); err != nil {
		return nil, err
	}
	return out, nil
}

// CartItemType is the kind of a CartItem.
type CartItemType string

// The kinds of CartItem.
const (
	// CartItemProduct orders a product, as Order does.
	CartItemProduct CartItemType = "product"
	// CartItemDomain registers, transfers or renews a domain.
	CartItemDomain CartItemType = "domain"
	// CartItemCertificate orders an SSL certificate.
	CartItemCertificate CartItemType = "certificate"
)

// The actions of a CartItemDomain item (CartItem.Action).
const (
	CartDomainRegister = "register"
	CartDomainTransfer = "transfer"
	CartDomainRenew    = "renew"
)

// CartItem is one item of OrderItems or Quote. Set Type and the fields of that kind; the
// constructors ProductItem, DomainRegisterItem, DomainTransferItem, DomainRenewItem and
// CertificateItem fill the required ones.
type CartItem struct {
	Type CartItemType `json:"type"`

	// ProductID is the product (CartItemProduct) or certificate product (CartItemCertificate).
	ProductID int64 `json:"product_id,omitempty"`
	// Domain, Cycle, Custom and PromoCode are as in ProductOrder (CartItemProduct).
	Domain    string        `json:"domain,omitempty"`
	Cycle     string        `json:"cycle,omitempty"`
	Custom    CustomOptions `json:"custom,omitempty"`
	PromoCode string        `json:"promocode,omitempty"`

	// Action is CartDomainRegister, CartDomainTransfer or CartDomainRenew (CartItemDomain).
	Action string `json:"action,omitempty"`
	// TLDID and Name are the TLD (Domains.TLDs) and the full domain name to register or
	// transfer, e.g. "example.com".
	TLDID int64  `json:"tld_id,omitempty"`
	Name  string `json:"name,omitempty"`
	// DomainID is the domain to renew.
	DomainID int64 `json:"domain_id,omitempty"`
	// Years is the registration, renewal or certificate period in years.
	Years int `json:"years,omitempty"`
	// EPP is the transfer authorisation code, required to transfer most domains.
	EPP string `json:"epp,omitempty"`
	// Nameservers are 2 to 4 nameservers for a registered or transferred domain (optional).
	Nameservers []string `json:"nameservers,omitempty"`
	// Registrant is a contact id (Account.Contacts) for the domain's registrant (optional).
	Registrant int64 `json:"registrant,omitempty"`
	// Admin, Tech and Billing are contact ids for the domain's or certificate's contacts (optional).
	Admin   int64 `json:"admin,omitempty"`
	Tech    int64 `json:"tech,omitempty"`
	Billing int64 `json:"billing,omitempty"`
	// Data is additional data some TLDs and certificate products require.
	Data map[string]string `json:"data,omitempty"`

	// CSR is the certificate signing request, PEM-encoded (CartItemCertificate).
	CSR string `json:"csr,omitempty"`
	// ApproverEmail receives the certificate's domain-validation email.
	ApproverEmail string `json:"approver_email,omitempty"`
	// Software is the server software id (Certificates.Software); nil leaves it out. It is a
	// pointer because 0 is a valid id.
	Software *int64 `json:"software,omitempty"`
	// Organization holds the organisation's details for certificates that validate it.
	Organization map[string]string `json:"organization,omitempty"`
}

// ProductItem returns a cart item ordering a product on a billing cycle ("" for the default).
func ProductItem(productID int64, cycle string) CartItem {
	return CartItem{Type: CartItemProduct, ProductID: productID, Cycle: cycle}
}

// DomainRegisterItem returns a cart item registering name (e.g. "example.com") under TLD tldID.
func DomainRegisterItem(tldID int64, name string, years int) CartItem {
	return CartItem{Type: CartItemDomain, Action: CartDomainRegister, TLDID: tldID, Name: name, Years: years}
}

// DomainTransferItem returns a cart item transferring name in, with its EPP authorisation code.
func DomainTransferItem(tldID int64, name string, years int, epp string) CartItem {
	return CartItem{Type: CartItemDomain, Action: CartDomainTransfer, TLDID: tldID, Name: name, Years: years, EPP: epp}
}

// DomainRenewItem returns a cart item renewing the account's domain domainID.
func DomainRenewItem(domainID int64, years int) CartItem {
	return CartItem{Type: CartItemDomain, Action: CartDomainRenew, DomainID: domainID, Years: years}
}

// CertificateItem returns a cart item ordering certificate product productID for a CSR.
func CertificateItem(productID int64, csr string, years int) CartItem {
	return CartItem{Type: CartItemCertificate, ProductID: productID, CSR: csr, Years: years}
}

func (it *CartItem) validate(op string, i int) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: item %d: "+format, append([]any{ErrInvalidArgument, op, i}, args...)...)
	}
	if it.Years < 0 {
		return fail("years cannot be negative")
	}
	switch it.Type {
	case CartItemProduct, CartItemCertificate:
		if it.ProductID <= 0 {
			return fail("a %s item needs a product id", it.Type)
		}
	case CartItemDomain:
		switch it.Action {
		case CartDomainRegister, CartDomainTransfer:
			if it.Name == "" {
				return fail("a domain %s item needs the domain name", it.Action)
			}
		case CartDomainRenew:
			if it.DomainID <= 0 {
				return fail("a domain renew item needs the domain id")
			}
		default:
			return fail("domain action %q is not %q, %q or %q", it.Action,
				CartDomainRegister, CartDomainTransfer, CartDomainRenew)
		}
	default:
		return fail("item type %q is not %q, %q or %q", it.Type, CartItemProduct, CartItemDomain, CartItemCertificate)
	}
	return it.Custom.validate(op)
}

func validateItems(op string, items []CartItem) error {
	if len(items) == 0 {
		return fmt.Errorf("%w: %s needs at least one item", ErrInvalidArgument, op)
	}
	for i := range items {
		if err := items[i].validate(op, i); err != nil {
			return err
		}
	}
	return nil
}

// CartOrder is the request of OrderItems.
type CartOrder struct {
	// PayMethod is the payment method id (Billing.PaymentMethods); 0 for the account's default.
	PayMethod int64 `json:"pay_method,omitempty"`
	// IgnoreErrors places the order even if some items are rejected; by default one rejected
	// item fails the whole order.
	IgnoreErrors bool `json:"ignore_errors,omitempty"`
	// Items are the products, domains and certificates to order (at least one).
	Items []CartItem `json:"items"`
	// AffiliateID credits an affiliate with the order.
	AffiliateID int64 `json:"aff_id,omitempty"`
}

// OrderItems places one order for several products, domains (register, transfer, renew) and
// certificates (POST /order) and returns the orders and their invoice. It is never sent twice:
// a failure after the request may have reached the server is returned, not retried; when
// MaybeApplied(err) is true, check Billing.Invoices before ordering again. Use Quote with the same items to see the price.
func (s *CartService) OrderItems(ctx context.Context, req *CartOrder) (*OrderResult, error) {
	if req == nil {
		return nil, fmt.Errorf("%w: OrderItems needs a CartOrder", ErrInvalidArgument)
	}
	if err := validateItems("OrderItems", req.Items); err != nil {
		return nil, err
	}
	out := new(OrderResult)
	if err := s.client.do(ctx, staticRoute(http.MethodPost, "/order"), req, out); err != nil {
		return nil, err
	}
	return out, nil
}

// QuoteOutput selects how much Quote reports about each item.
type QuoteOutput string

// The levels of QuoteRequest.Output.
const (
	// QuoteShort gives basic details about each item (the server's default).
	QuoteShort QuoteOutput = "short"
	// QuoteConfig adds the items' form components.
	QuoteConfig QuoteOutput = "config"
	// QuoteFull gives all details the cart holds.
	QuoteFull QuoteOutput = "full"
)

// QuoteRequest is the request of Quote: the items of a CartOrder.
type QuoteRequest struct {
	// PayMethod is the payment method id; it may change fees and taxes. 0 for the default.
	PayMethod int64 `json:"pay_method,omitempty"`
	// Output is QuoteShort (the default when empty), QuoteConfig or QuoteFull.
	Output QuoteOutput `json:"output,omitempty"`
	// Items are priced as OrderItems would order them (at least one).
	Items []CartItem `json:"items"`
}

// Quote is the price of a set of cart items, with each item's validity.
type Quote struct {
	Summary QuoteSummary    `json:"summary"`
	Items   List[QuoteItem] `json:"items"`
}

// QuoteSummary is the quote's money: exact decimals in the account's currency.
type QuoteSummary struct {
	// Subtotal is the total before taxes; Cost what the items cost before discounts and credit.
	Subtotal Decimal `json:"subtotal"`
	Cost     Decimal `json:"cost"`
	// Discount and Credit are the promotion discount and the account credit applied.
	Discount Decimal `json:"discount"`
	Credit   Decimal `json:"credit"`
	// Total is what is due now, taxes included.
	Total Decimal `json:"total"`
	// Recurring are the amounts due on each following cycle.
	Recurring List[QuoteRecurring] `json:"recurring"`
	// Tax are the taxes applied.
	Tax List[QuoteTax] `json:"tax"`
}

// QuoteRecurring is the amount due every cycle for the items billed on that cycle.
type QuoteRecurring struct {
	// Title is the cycle's name, e.g. "Annually"; Value its code, e.g. "a".
	Title string  `json:"title"`
	Value string  `json:"value"`
	Price Decimal `json:"price"`
}

// QuoteTax is one tax applied to a quote.
type QuoteTax struct {
	Name string `json:"name"`
	// Tax is the tax amount; Rate the tax rate in percent (23 for 23%).
	Tax  Decimal `json:"tax"`
	Rate Decimal `json:"value"`
}

// QuoteItem is one priced cart item.
type QuoteItem struct {
	// Index is the item's position in the request's Items.
	Index Int `json:"index"`
	// Valid is false when the item cannot be ordered as given; Errors says why.
	Valid Bool `json:"valid"`
	// Info and Errors are the server's messages about this item. An item's errors do not fail
	// the quote: check Valid.
	Info   Messages `json:"info"`
	Errors Messages `json:"error"`
	// Product is the product or certificate ordered; nil for a domain item.
	Product *QuoteProduct `json:"product"`
	// Domains are the domains the item registers, transfers or renews, in the server's order.
	Domains []QuoteDomain `json:"-"`
	// Coupon is the promotion applied to the item, kept as sent (an empty object when none).
	Coupon json.RawMessage `json:"coupon"`
}

// UnmarshalJSON reads "domains", an object keyed by domain name, into Domains in order.
func (q *QuoteItem) UnmarshalJSON(b []byte) error {
	type plain QuoteItem
	var w struct {
		*plain
		Domains json.RawMessage `json:"domains"`
	}
	w.plain = (*plain)(q)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	domains, err := objectValues[QuoteDomain](w.Domains)
	q.Domains = domains
	return err
}

// QuoteProduct is the product of a QuoteItem. The fields below are those the API reference
// shows; Raw keeps every field sent, including those QuoteConfig and QuoteFull add.
type QuoteProduct struct {
	ID           Int    `json:"id"`
	Name         string `json:"name"`
	CategoryID   Int    `json:"category_id"`
	CategoryName string `json:"category_name"`
	Domain       string `json:"domain"`
	Raw          Object `json:"-"`
}

// UnmarshalJSON implements json.Unmarshaler, filling Raw as well.
func (p *QuoteProduct) UnmarshalJSON(b []byte) error {
	type plain QuoteProduct
	return decodeWithRaw(b, (*plain)(p), &p.Raw)
}

// QuoteDomain is a domain of a QuoteItem. Raw keeps every field sent.
type QuoteDomain struct {
	// ID is the TLD's id.
	ID    Int `json:"id"`
	Index Int `json:"index"`
	// Name is the domain, e.g. "hosting.com"; TLD its extension, e.g. ".com".
	Name         string `json:"name"`
	TLD          string `json:"tld"`
	CategoryID   Int    `json:"category_id"`
	CategoryName string `json:"category_name"`
	// Period is the number of years.
	Period Int     `json:"period"`
	Price  Decimal `json:"price"`
	Raw    Object  `json:"-"`
}

// UnmarshalJSON implements json.Unmarshaler, filling Raw as well.
func (d *QuoteDomain) UnmarshalJSON(b []byte) error {
	type plain QuoteDomain
	return decodeWithRaw(b, (*plain)(d), &d.Raw)
}

// Quote prices cart items without ordering them (POST /quote): totals, discount, credit,
// recurring amounts and taxes, and per item whether it can be ordered and why not. It changes
// nothing, so it is retried like a read. An invalid item does not fail the call: check each
// QuoteItem's Valid and Errors.
func (s *CartService) Quote(ctx context.Context, req *QuoteRequest) (*Quote, error) {
	if req == nil {
		return nil, fmt.Errorf("%w: Quote needs a QuoteRequest", ErrInvalidArgument)
	}
	switch req.Output {
	case "", QuoteShort, QuoteConfig, QuoteFull:
	default:
		return nil, fmt.Errorf("%w: Quote: output %q is not %q, %q or %q",
			ErrInvalidArgument, req.Output, QuoteShort, QuoteConfig, QuoteFull)
	}
	if err := validateItems("Quote", req.Items); err != nil {
		return nil, err
	}
	out := new(Quote)
	if err := s.client.do(ctx, staticRoute(http.MethodPost, "/quote"), req, out); err != nil {
		return nil, err
	}
	return out, nil
}

// decodeWithRaw decodes the object b into typed (a pointer to a method-less copy of the type)
// and keeps the whole object in raw.
func decodeWithRaw(b []byte, typed any, raw *Object) error {
	if err := json.Unmarshal(b, typed); err != nil {
		return err
	}
	return raw.UnmarshalJSON(b)
}

// objectValues decodes an array, or the values of an object in the order the server sent
// them (PHP's associative arrays, keyed by name). null and an absent value decode to nil.
func objectValues[T any](b json.RawMessage) ([]T, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, nil
	}
	if b[0] != '{' {
		var list List[T]
		err := list.UnmarshalJSON(b)
		return list, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // the opening brace
		return nil, err
	}
	var out []T
	for dec.More() {
		if _, err := dec.Token(); err != nil { // the key
			return nil, err
		}
		var v T
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
