package unmetered

import "encoding/json"

// The public result types of the Cart section: the catalogue and quotes. The requests are in
// cart_request.go, the wire forms in cart_wire.go, the order result in order.go.

// ProductCategory is a category of products for sale (GET /category).
type ProductCategory struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Slug        string `json:"slug"`
}

// PayType is how a product is billed. The reference shows PayRegular; PayOnce and PayFree are
// HostBill's other billing types. The server may send another: CartProduct.PayType then holds
// it as sent.
type PayType string

// The billing types of a product.
const (
	// PayRegular bills the product on a recurring cycle (see CartProduct.Periods).
	PayRegular PayType = "Regular"
	// PayOnce bills the product once.
	PayOnce PayType = "Once"
	// PayFree is a product that costs nothing.
	PayFree PayType = "Free"
)

// ProductPeriod is one billing cycle of a product or addon, with its exact prices.
type ProductPeriod struct {
	// Title is the cycle's label as the server sends it (often the cycle code itself).
	Title string `json:"title"`
	// Cycle is the billing period to order with, e.g. CycleCodeMonthly.
	Cycle CycleCode `json:"cycle"`
	// Price is the recurring price per cycle; Setup the one-time setup fee.
	Price Decimal `json:"price,omitzero"`
	Setup Decimal `json:"setup,omitzero"`
	// Selected marks the cycle preselected by the portal.
	Selected bool `json:"selected"`
}

// CartProduct is a product for sale in a category (GET /category/@category_id/product).
type CartProduct struct {
	ID int64 `json:"id"`
	// Type is HostBill's product type id.
	Type int64  `json:"type"`
	Name string `json:"name"`
	// Stock is true when the product's stock is limited (HostBill's stock control); Qty is then
	// the number of units left.
	Stock bool  `json:"stock"`
	Qty   int64 `json:"qty"`
	// PayType is how the product is billed, e.g. PayRegular.
	PayType PayType `json:"pay_type"`
	// Description is kept verbatim, line breaks and spacing included; it may contain HTML.
	Description string `json:"description"`
	// Tags are the product's tags (the reference shows only an empty list): a string as its
	// text, any other value as its JSON.
	Tags []string `json:"tags"`
	// Periods are the billing cycles on offer, with exact prices.
	Periods []ProductPeriod `json:"periods"`
}

// ProductCharges are the prices of a product, form or addon as configured by default.
type ProductCharges struct {
	// Price is the price of the first cycle; RecurringPrice the price of each following one.
	Price          Decimal `json:"price,omitzero"`
	RecurringPrice Decimal `json:"recurring_price,omitzero"`
	// Setup is the one-time setup fee.
	Setup Decimal `json:"setup,omitzero"`
	// ProrataDate is the date billing is aligned to when prorating; zero when not prorated.
	ProrataDate Date `json:"prorata_date,omitzero"`
}

// ProductDetails is a product with its order configuration (GET /order/@product_id).
type ProductDetails struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	CategoryID   int64  `json:"category_id"`
	CategoryName string `json:"category_name"`
	// Recurring is the default billing period.
	Recurring CycleCode `json:"recurring"`
	ProductCharges
	// Config lists what can be chosen when ordering the product.
	Config ProductConfig `json:"config"`
}

// ProductConfig is what can be chosen when ordering a product.
type ProductConfig struct {
	// Product holds the product's own fields: the billing cycle ("cycle", a select whose items
	// are the cycles) and the domain ("domain", an input).
	Product []ProductField `json:"product"`
	// Forms are the configurable options; order them with ProductOrderRequest.Custom, keyed by
	// the form's ID and the chosen item's ID.
	Forms []FormField `json:"forms"`
	// Addons are the addons that can be ordered with the product.
	Addons []ProductAddon `json:"addons"`
	// Subproducts are bundled products, each kept as sent: the API reference shows only an
	// empty list and the fake portal sends none, so their shape is not known.
	Subproducts []json.RawMessage `json:"subproducts"`
}

// ProductField is one of a product's own order fields, such as the billing cycle or the domain.
type ProductField struct {
	// Type is the control: "select" or "input".
	Type  string `json:"type"`
	Title string `json:"title"`
	// ID and Name name the field, e.g. "cycle" or "domain": the ProductOrderRequest field to
	// set.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Value is the current value (the cycle code for "cycle"); "" when the server sends null.
	Value string `json:"value"`
	// Items are the choices of a select, such as the billing cycles with their prices.
	Items []ProductPeriod `json:"items"`
	Price Decimal         `json:"price,omitzero"`
	Setup Decimal         `json:"setup,omitzero"`
}

// FormField is one of HostBill's configurable order forms: a product's configurable option
// (ProductConfig.Forms) or a field of a TLD's extra order form (Domains.TLDForm).
type FormField struct {
	// ID is the form id: the outer key of ProductOrderRequest.Custom.
	ID int64 `json:"id"`
	// Type is the control, e.g. "select", "checkbox", "input", "slider", "qty" or
	// "domaindnssupport".
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Name is the form's field name, e.g. "custom[1618]": the key of a domain order's Data for a
	// TLD form.
	Name     string `json:"name"`
	Required bool   `json:"required"`
	// Multiple reports whether several items may be chosen.
	Multiple bool `json:"multiple"`
	// FirstItemID is the id of the form's first item.
	FirstItemID int64 `json:"first_item_id"`
	// Config is the form's extra configuration (such as "conditionals"), kept as sent (an
	// object, or [] when empty).
	Config json.RawMessage `json:"config,omitempty"`
	// Value and TextValue are the form's current value and its text, kept as sent (the API
	// reference shows empty lists).
	Value     json.RawMessage `json:"value,omitempty"`
	TextValue json.RawMessage `json:"text_value,omitempty"`
	// ProductCharges are what choosing the form costs, in the account's currency.
	ProductCharges
	// Items are the form's choices.
	Items []FormItem `json:"items"`
}

// FormItem is one choice of a FormField.
type FormItem struct {
	// ID is the item id: the inner key of ProductOrderRequest.Custom.
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// Value is the item's value as text (a number such as 1 is "1").
	Value    string  `json:"value"`
	Price    Decimal `json:"price,omitzero"`
	Setup    Decimal `json:"setup,omitzero"`
	Selected bool    `json:"selected"`
}

// ProductAddon is an addon that can be ordered with a product.
type ProductAddon struct {
	ID int64 `json:"id"`
	// Type is the addon's kind as sent, e.g. "subitem".
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Value is the addon's current value, kept as sent (null in the API reference).
	Value json.RawMessage `json:"value,omitempty"`
	// Config holds the addon's controls: an "add" checkbox and a "billingcycle" select whose
	// items are the addon's cycles (see Cycles).
	Config []ProductAddonOption `json:"config"`
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
	Name    string          `json:"name"`
	Checked bool            `json:"checked"`
	Items   []ProductPeriod `json:"items"`
}

// Quote is the price of a set of cart items, with each item's validity.
type Quote struct {
	Summary QuoteSummary `json:"summary"`
	Items   []QuoteItem  `json:"items"`
}

// QuoteSummary is the quote's money: exact decimals in the account's currency.
type QuoteSummary struct {
	// Subtotal is the total before taxes; Cost what the items cost before discounts and credit.
	Subtotal Decimal `json:"subtotal,omitzero"`
	Cost     Decimal `json:"cost,omitzero"`
	// Discount and Credit are the promotion discount and the account credit applied.
	Discount Decimal `json:"discount,omitzero"`
	Credit   Decimal `json:"credit,omitzero"`
	// Total is what is due now, taxes included.
	Total Decimal `json:"total,omitzero"`
	// Recurring are the amounts due on each following cycle.
	Recurring []QuoteRecurring `json:"recurring"`
	// Tax are the taxes applied.
	Tax []QuoteTax `json:"tax"`
}

// QuoteRecurring is the amount due every cycle for the items billed on that cycle.
type QuoteRecurring struct {
	// Title is the cycle's name as the server sends it, e.g. "Annually"; Cycle its code, e.g.
	// CycleCodeAnnually.
	Title string    `json:"title"`
	Cycle CycleCode `json:"cycle"`
	Price Decimal   `json:"price,omitzero"`
}

// QuoteTax is one tax applied to a quote.
type QuoteTax struct {
	Name string `json:"name"`
	// Tax is the tax amount; Rate the tax rate in percent (23 for 23%).
	Tax  Decimal `json:"tax,omitzero"`
	Rate Decimal `json:"rate,omitzero"`
}

// QuoteItem is one priced cart item.
type QuoteItem struct {
	// Index is the item's position in the request's Items.
	Index int64 `json:"index"`
	// Valid is false when the item cannot be ordered as given; Errors says why.
	Valid bool `json:"valid"`
	// Info and Errors are the server's messages about this item, each a message key and its
	// arguments separated by spaces (e.g. "cant_renew example.org"). An item's errors do not
	// fail the quote: check Valid.
	Info   []string `json:"info"`
	Errors []string `json:"errors"`
	// Product is the product or certificate ordered; nil for a domain item.
	Product *QuoteProduct `json:"product"`
	// Domains are the domains the item registers, transfers or renews, in the server's order.
	Domains []QuoteDomain `json:"domains"`
	// Coupon is the promotion applied to the item, kept as sent (an empty object when none; the
	// reference shows no other).
	Coupon json.RawMessage `json:"coupon,omitempty"`
}

// QuoteProduct is the product of a QuoteItem. The fields below are those the API reference and
// the fake portal show; Raw keeps every field sent, including those QuoteConfig and QuoteFull
// add.
type QuoteProduct struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	CategoryID   int64  `json:"category_id"`
	CategoryName string `json:"category_name"`
	Domain       string `json:"domain"`
	// Price and Setup are the first cycle's price and setup fee; Recurring is the billing
	// period. Zero when the server leaves them out.
	Price     Decimal   `json:"price,omitzero"`
	Setup     Decimal   `json:"setup,omitzero"`
	Recurring CycleCode `json:"recurring"`
	// Raw is the whole product as sent.
	Raw Object `json:"raw,omitempty"`
}

// QuoteDomain is a domain of a QuoteItem. Raw keeps every field sent.
type QuoteDomain struct {
	// ID is the TLD's id.
	ID    int64 `json:"id"`
	Index int64 `json:"index"`
	// Name is the domain, e.g. "hosting.com"; TLD its extension, e.g. ".com".
	Name         string `json:"name"`
	TLD          string `json:"tld"`
	CategoryID   int64  `json:"category_id"`
	CategoryName string `json:"category_name"`
	// Period is the number of years.
	Period int64   `json:"period"`
	Price  Decimal `json:"price,omitzero"`
	// Raw is the whole domain as sent.
	Raw Object `json:"raw,omitempty"`
}
