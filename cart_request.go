package unmetered

import (
	"encoding/json"
	"fmt"
)

// The requests of the Cart section: Order, OrderItems and Quote, and the items they carry.

// CustomOptions are the configurable options of an ordered product: form id → item id →
// value, as listed by Product (FormField.ID, FormItem.ID). The value is 1 to choose a
// select, radio or checkbox item, a quantity for a quantity or slider item, or the text of an
// input item. Values must be strings, booleans, Go integers or floats, Decimal (not the empty
// Decimal{}) or json.Number.
type CustomOptions map[int64]map[int64]any

func (c CustomOptions) validate(op string) error {
	for form, items := range c {
		for item, v := range items {
			switch v := v.(type) {
			case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
				float32, float64, json.Number:
			case Decimal:
				if !v.IsSet() { // it would be sent as null
					return fmt.Errorf("%w: %s: Custom[%d][%d] is an empty Decimal; make one with ParseDecimal",
						ErrInvalidArgument, op, form, item)
				}
			default:
				return fmt.Errorf("%w: %s: Custom[%d][%d] has a value of type %T; use a string, a number or a bool",
					ErrInvalidArgument, op, form, item, v)
			}
		}
	}
	return nil
}

// ProductOrderRequest is the request of Order. The SDK requires nothing in it (the zero value
// orders the product with its defaults); the product may require a domain, a cycle or options
// (see Product), which the server checks.
type ProductOrderRequest struct {
	// Domain is the domain the service is for, e.g. "example.com"; optional for some products.
	Domain string `json:"domain,omitempty"`
	// Cycle is the billing period (ProductPeriod.Cycle); "" for the product's default.
	Cycle CycleCode `json:"cycle,omitempty"`
	// PayMethod is the payment method id (Billing.PaymentMethods); 0 for the account's default.
	PayMethod int64 `json:"pay_method,omitempty"`
	// Custom are the configurable options: form id → item id → value.
	Custom CustomOptions `json:"custom,omitempty"`
	// PromoCode is a promotion code.
	PromoCode string `json:"promocode,omitempty"`
	// AffiliateID credits an affiliate with the order.
	AffiliateID int64 `json:"aff_id,omitempty"`
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

// CartDomainAction is what a CartItemDomain item does with its domain (CartItem.Action).
type CartDomainAction string

// The actions of a CartItemDomain item.
const (
	CartDomainRegister CartDomainAction = "register"
	CartDomainTransfer CartDomainAction = "transfer"
	CartDomainRenew    CartDomainAction = "renew"
)

// CartItem is one item of OrderItems or Quote. Set Type and the fields of that kind; the
// constructors ProductItem, DomainRegisterItem, DomainTransferItem, DomainRenewItem and
// CertificateItem fill the required ones. Zero fields are not sent.
type CartItem struct {
	Type CartItemType `json:"type"`

	// ProductID is the product (CartItemProduct) or certificate product (CartItemCertificate).
	ProductID int64 `json:"product_id,omitempty"`
	// Domain, Cycle, Custom and PromoCode are as in ProductOrderRequest (CartItemProduct).
	Domain    string        `json:"domain,omitempty"`
	Cycle     CycleCode     `json:"cycle,omitempty"`
	Custom    CustomOptions `json:"custom,omitempty"`
	PromoCode string        `json:"promocode,omitempty"`

	// Action is CartDomainRegister, CartDomainTransfer or CartDomainRenew (CartItemDomain).
	Action CartDomainAction `json:"action,omitempty"`
	// TLDID and Name are the TLD (Domains.TLDs) and the full domain name to register or
	// transfer, e.g. "example.com".
	TLDID int64  `json:"tld_id,omitempty"`
	Name  string `json:"name,omitempty"`
	// DomainID is the domain to renew.
	DomainID int64 `json:"domain_id,omitempty"`
	// Years is the registration, renewal or certificate period in years.
	Years int64 `json:"years,omitempty"`
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
	// Data is additional data some TLDs (their TLDForm answers, by field name) and certificate
	// products require, as in a domain or certificate order.
	Data map[string]any `json:"data,omitempty"`

	// CSR is the certificate signing request, PEM-encoded (CartItemCertificate).
	CSR string `json:"csr,omitempty"`
	// ApproverEmail receives the certificate's domain-validation email.
	ApproverEmail string `json:"approver_email,omitempty"`
	// Software is the server software id (Certificates.Software); nil leaves it out. It is a
	// pointer because 0 is a valid id.
	Software *int64 `json:"software,omitempty"`
	// Organization is the organisation a certificate that validates it is issued to, as in a
	// certificate order.
	Organization *CertificateOrganization `json:"organization,omitempty"`
}

// ProductItem returns a cart item ordering a product on a billing cycle ("" for the default).
func ProductItem(productID int64, cycle CycleCode) CartItem {
	return CartItem{Type: CartItemProduct, ProductID: productID, Cycle: cycle}
}

// DomainRegisterItem returns a cart item registering name (e.g. "example.com") under TLD tldID.
func DomainRegisterItem(tldID int64, name string, years int64) CartItem {
	return CartItem{Type: CartItemDomain, Action: CartDomainRegister, TLDID: tldID, Name: name, Years: years}
}

// DomainTransferItem returns a cart item transferring name in, with its EPP authorisation code.
func DomainTransferItem(tldID int64, name string, years int64, epp string) CartItem {
	return CartItem{Type: CartItemDomain, Action: CartDomainTransfer, TLDID: tldID, Name: name, Years: years, EPP: epp}
}

// DomainRenewItem returns a cart item renewing the account's domain domainID.
func DomainRenewItem(domainID int64, years int64) CartItem {
	return CartItem{Type: CartItemDomain, Action: CartDomainRenew, DomainID: domainID, Years: years}
}

// CertificateItem returns a cart item ordering certificate product productID for a CSR.
func CertificateItem(productID int64, csr string, years int64) CartItem {
	return CartItem{Type: CartItemCertificate, ProductID: productID, CSR: csr, Years: years}
}

func (it *CartItem) validate(op string, i int) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: Items[%d]: "+format, append([]any{ErrInvalidArgument, op, i}, args...)...)
	}
	if it.Years < 0 {
		return fail("Years cannot be negative")
	}
	switch it.Type {
	case CartItemProduct, CartItemCertificate:
		if it.ProductID <= 0 {
			return fail("a %s item needs a ProductID", it.Type)
		}
	case CartItemDomain:
		switch it.Action {
		case CartDomainRegister, CartDomainTransfer:
			if it.Name == "" {
				return fail("a domain %s item needs the domain Name", it.Action)
			}
		case CartDomainRenew:
			if it.DomainID <= 0 {
				return fail("a domain renew item needs the DomainID")
			}
		default:
			return fail("Action %q is not %q, %q or %q", it.Action,
				CartDomainRegister, CartDomainTransfer, CartDomainRenew)
		}
	default:
		return fail("Type %q is not %q, %q or %q", it.Type, CartItemProduct, CartItemDomain, CartItemCertificate)
	}
	return it.Custom.validate(fmt.Sprintf("%s: Items[%d]", op, i))
}

func validateItems(op string, items []CartItem) error {
	if len(items) == 0 {
		return fmt.Errorf("%w: %s needs at least one item in Items", ErrInvalidArgument, op)
	}
	for i := range items {
		if err := items[i].validate(op, i); err != nil {
			return err
		}
	}
	return nil
}

// CartOrderRequest is the request of OrderItems.
type CartOrderRequest struct {
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

// QuoteRequest is the request of Quote: the items of a CartOrderRequest.
type QuoteRequest struct {
	// PayMethod is the payment method id; it may change fees and taxes. 0 for the default.
	PayMethod int64 `json:"pay_method,omitempty"`
	// Output is QuoteShort (the default when empty), QuoteConfig or QuoteFull.
	Output QuoteOutput `json:"output,omitempty"`
	// Items are priced as OrderItems would order them (at least one).
	Items []CartItem `json:"items"`
}
