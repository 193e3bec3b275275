package unmetered

import (
	"bytes"
	"encoding/json"
)

// The wire forms of the Cart section: the JSON the portal sends, with its loose types, and
// their conversion to the public types of cart_types.go.

type productCategoryWire struct {
	ID          looseInt `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Slug        string   `json:"slug"`
}

func (w *productCategoryWire) public() ProductCategory {
	return ProductCategory{ID: int64(w.ID), Name: w.Name, Description: w.Description, Slug: w.Slug}
}

type productPeriodWire struct {
	Title    string    `json:"title"`
	Value    string    `json:"value"`
	Price    Decimal   `json:"price"`
	Setup    Decimal   `json:"setup"`
	Selected looseBool `json:"selected"`
}

func (w *productPeriodWire) public() ProductPeriod {
	return ProductPeriod{Title: w.Title, Cycle: CycleCode(w.Value), Price: w.Price, Setup: w.Setup, Selected: bool(w.Selected)}
}

func periods(ws looseList[productPeriodWire]) []ProductPeriod {
	return convert(ws, (*productPeriodWire).public)
}

type cartProductWire struct {
	ID          looseInt                     `json:"id"`
	Type        looseInt                     `json:"type"`
	Name        string                       `json:"name"`
	Stock       looseBool                    `json:"stock"`
	Qty         looseInt                     `json:"qty"`
	PayType     string                       `json:"paytype"`
	Description string                       `json:"description"`
	Tags        looseList[json.RawMessage]   `json:"tags"`
	Periods     looseList[productPeriodWire] `json:"periods"`
}

func (w *cartProductWire) public() CartProduct {
	var tags []string
	if w.Tags != nil {
		tags = make([]string, len(w.Tags))
		for i, t := range w.Tags {
			tags[i] = rawText(t)
		}
	}
	return CartProduct{
		ID: int64(w.ID), Type: int64(w.Type), Name: w.Name, Stock: bool(w.Stock), Qty: int64(w.Qty),
		PayType: PayType(w.PayType), Description: w.Description, Tags: tags, Periods: periods(w.Periods),
	}
}

type productDetailsWire struct {
	ID           looseInt `json:"id"`
	Name         string   `json:"name"`
	CategoryID   looseInt `json:"category_id"`
	CategoryName string   `json:"category_name"`
	Recurring    string   `json:"recurring"`
	ProductCharges
	Config productConfigWire `json:"config"`
}

func (w *productDetailsWire) public() ProductDetails {
	return ProductDetails{
		ID: int64(w.ID), Name: w.Name, CategoryID: int64(w.CategoryID), CategoryName: w.CategoryName,
		Recurring: CycleCode(w.Recurring), ProductCharges: w.ProductCharges, Config: w.Config.public(),
	}
}

type productConfigWire struct {
	Product     looseList[productFieldWire] `json:"product"`
	Forms       looseList[formFieldWire]    `json:"forms"`
	Addons      looseList[productAddonWire] `json:"addons"`
	Subproducts looseList[json.RawMessage]  `json:"subproducts"`
}

func (w *productConfigWire) public() ProductConfig {
	return ProductConfig{
		Product: convert(w.Product, (*productFieldWire).public), Forms: convert(w.Forms, (*formFieldWire).public),
		Addons: convert(w.Addons, (*productAddonWire).public), Subproducts: w.Subproducts,
	}
}

type productFieldWire struct {
	Type  string                       `json:"type"`
	Title string                       `json:"title"`
	ID    string                       `json:"id"`
	Name  string                       `json:"name"`
	Value looseContent                 `json:"value"`
	Items looseList[productPeriodWire] `json:"items"`
	Price Decimal                      `json:"price"`
	Setup Decimal                      `json:"setup"`
}

func (w *productFieldWire) public() ProductField {
	return ProductField{
		Type: w.Type, Title: w.Title, ID: w.ID, Name: w.Name, Value: w.Value.String(),
		Items: periods(w.Items), Price: w.Price, Setup: w.Setup,
	}
}

// formFieldWire is a configurable form as GET /order/@product_id and GET
// /domain/order/@id/form send it.
type formFieldWire struct {
	ID          looseInt        `json:"id"`
	Type        string          `json:"type"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Name        string          `json:"name"`
	Required    looseBool       `json:"required"`
	Multiple    looseBool       `json:"multiple"`
	FirstItemID looseInt        `json:"firstItemId"`
	Config      json.RawMessage `json:"config"`
	Value       json.RawMessage `json:"value"`
	TextValue   json.RawMessage `json:"textvalue"`
	ProductCharges
	Items looseList[formItemWire] `json:"items"`
}

func (w *formFieldWire) public() FormField {
	return FormField{
		ID: int64(w.ID), Type: w.Type, Title: w.Title, Description: w.Description, Name: w.Name,
		Required: bool(w.Required), Multiple: bool(w.Multiple), FirstItemID: int64(w.FirstItemID),
		Config: w.Config, Value: w.Value, TextValue: w.TextValue, ProductCharges: w.ProductCharges,
		Items: convert(w.Items, (*formItemWire).public),
	}
}

type formItemWire struct {
	ID       looseInt     `json:"id"`
	Title    string       `json:"title"`
	Value    looseContent `json:"value"`
	Price    Decimal      `json:"price"`
	Setup    Decimal      `json:"setup"`
	Selected looseBool    `json:"selected"`
}

func (w *formItemWire) public() FormItem {
	return FormItem{
		ID: int64(w.ID), Title: w.Title, Value: w.Value.String(), Price: w.Price, Setup: w.Setup,
		Selected: bool(w.Selected),
	}
}

type productAddonWire struct {
	ID          looseInt                          `json:"id"`
	Type        string                            `json:"type"`
	Title       string                            `json:"title"`
	Description string                            `json:"description"`
	Value       json.RawMessage                   `json:"value"`
	Config      looseList[productAddonOptionWire] `json:"config"`
	ProductCharges
}

func (w *productAddonWire) public() ProductAddon {
	return ProductAddon{
		ID: int64(w.ID), Type: w.Type, Title: w.Title, Description: w.Description, Value: w.Value,
		Config: convert(w.Config, (*productAddonOptionWire).public), ProductCharges: w.ProductCharges,
	}
}

type productAddonOptionWire struct {
	Type    string                       `json:"type"`
	Title   string                       `json:"title"`
	Name    string                       `json:"name"`
	Checked looseBool                    `json:"checked"`
	Items   looseList[productPeriodWire] `json:"items"`
}

func (w *productAddonOptionWire) public() ProductAddonOption {
	return ProductAddonOption{Type: w.Type, Title: w.Title, Name: w.Name, Checked: bool(w.Checked), Items: periods(w.Items)}
}

type quoteWire struct {
	Summary quoteSummaryWire         `json:"summary"`
	Items   looseList[quoteItemWire] `json:"items"`
}

func (w *quoteWire) public() Quote {
	return Quote{Summary: w.Summary.public(), Items: convert(w.Items, (*quoteItemWire).public)}
}

type quoteSummaryWire struct {
	Subtotal  Decimal                       `json:"subtotal"`
	Cost      Decimal                       `json:"cost"`
	Discount  Decimal                       `json:"discount"`
	Credit    Decimal                       `json:"credit"`
	Total     Decimal                       `json:"total"`
	Recurring looseList[quoteRecurringWire] `json:"recurring"`
	Tax       looseList[quoteTaxWire]       `json:"tax"`
}

func (w *quoteSummaryWire) public() QuoteSummary {
	return QuoteSummary{
		Subtotal: w.Subtotal, Cost: w.Cost, Discount: w.Discount, Credit: w.Credit, Total: w.Total,
		Recurring: convert(w.Recurring, (*quoteRecurringWire).public), Tax: convert(w.Tax, (*quoteTaxWire).public),
	}
}

type quoteRecurringWire struct {
	Title string  `json:"title"`
	Value string  `json:"value"`
	Price Decimal `json:"price"`
}

func (w *quoteRecurringWire) public() QuoteRecurring {
	return QuoteRecurring{Title: w.Title, Cycle: CycleCode(w.Value), Price: w.Price}
}

type quoteTaxWire struct {
	Name string  `json:"name"`
	Tax  Decimal `json:"tax"`
	Rate Decimal `json:"value"`
}

func (w *quoteTaxWire) public() QuoteTax { return QuoteTax(*w) }

type quoteItemWire struct {
	Index   looseInt                         `json:"index"`
	Valid   looseBool                        `json:"valid"`
	Info    messages                         `json:"info"`
	Errors  messages                         `json:"error"`
	Product *quoteProductWire                `json:"product"`
	Domains objectValueList[quoteDomainWire] `json:"domains"`
	Coupon  json.RawMessage                  `json:"coupon"`
}

func (w *quoteItemWire) public() QuoteItem {
	var product *QuoteProduct
	if w.Product != nil {
		p := w.Product.public()
		product = &p
	}
	return QuoteItem{
		Index: int64(w.Index), Valid: bool(w.Valid), Info: messageStrings(w.Info), Errors: messageStrings(w.Errors),
		Product: product, Domains: convert(w.Domains, (*quoteDomainWire).public), Coupon: w.Coupon,
	}
}

// messageStrings renders the messages as strings; none is nil.
func messageStrings(ms messages) []string {
	if len(ms) == 0 {
		return nil
	}
	return ms.Strings()
}

type quoteProductWire struct {
	ID           looseInt `json:"id"`
	Name         string   `json:"name"`
	CategoryID   looseInt `json:"category_id"`
	CategoryName string   `json:"category_name"`
	Domain       string   `json:"domain"`
	Price        Decimal  `json:"price"`
	Setup        Decimal  `json:"setup"`
	Recurring    string   `json:"recurring"`
	raw          Object
}

// UnmarshalJSON decodes the known fields and keeps the whole object.
func (w *quoteProductWire) UnmarshalJSON(b []byte) error {
	type plain quoteProductWire
	return decodeWithRaw(b, (*plain)(w), &w.raw)
}

func (w *quoteProductWire) public() QuoteProduct {
	return QuoteProduct{
		ID: int64(w.ID), Name: w.Name, CategoryID: int64(w.CategoryID), CategoryName: w.CategoryName,
		Domain: w.Domain, Price: w.Price, Setup: w.Setup, Recurring: CycleCode(w.Recurring), Raw: w.raw,
	}
}

type quoteDomainWire struct {
	ID           looseInt `json:"id"`
	Index        looseInt `json:"index"`
	Name         string   `json:"name"`
	TLD          string   `json:"tld"`
	CategoryID   looseInt `json:"category_id"`
	CategoryName string   `json:"category_name"`
	Period       looseInt `json:"period"`
	Price        Decimal  `json:"price"`
	raw          Object
}

// UnmarshalJSON decodes the known fields and keeps the whole object.
func (w *quoteDomainWire) UnmarshalJSON(b []byte) error {
	type plain quoteDomainWire
	return decodeWithRaw(b, (*plain)(w), &w.raw)
}

func (w *quoteDomainWire) public() QuoteDomain {
	return QuoteDomain{
		ID: int64(w.ID), Index: int64(w.Index), Name: w.Name, TLD: w.TLD, CategoryID: int64(w.CategoryID),
		CategoryName: w.CategoryName, Period: int64(w.Period), Price: w.Price, Raw: w.raw,
	}
}

// decodeWithRaw decodes the object b into typed (a pointer to a method-less copy of the type)
// and keeps the whole object in raw.
func decodeWithRaw(b []byte, typed any, raw *Object) error {
	if err := json.Unmarshal(b, typed); err != nil {
		return err
	}
	return raw.UnmarshalJSON(b)
}

// objectValueList is a list the server sends as an array, or as an object whose values are
// the elements, in the order sent (PHP's associative arrays, keyed by name). null and absent
// are empty.
type objectValueList[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *objectValueList[T]) UnmarshalJSON(b []byte) error {
	values, err := objectValues[T](b)
	*l = values
	return err
}

// objectValues decodes an array, or the values of an object in the order the server sent
// them (PHP's associative arrays, keyed by name). null and an absent value decode to nil.
func objectValues[T any](b json.RawMessage) ([]T, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, nil
	}
	if b[0] != '{' {
		var list looseList[T]
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
