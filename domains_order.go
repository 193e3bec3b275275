package unmetered

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// DomainPeriod is the price of a domain for one registration period. Prices are in the account's
// currency; a zero price may mean the operation is free or not offered for the TLD.
type DomainPeriod struct {
	// TLDID is the TLD's id (sent by Lookup; zero in TLDs, where the TLD carries it).
	TLDID int64 `json:"tld_id"`
	// Years is the period's length in years.
	Years      int64   `json:"years"`
	Register   Decimal `json:"register,omitzero"`
	Transfer   Decimal `json:"transfer,omitzero"`
	Renew      Decimal `json:"renew,omitzero"`
	Redemption Decimal `json:"redemption,omitzero"`
}

// DomainLookup is the result of Lookup.
type DomainLookup struct {
	Name string `json:"name"`
	// Available reports whether the name can be registered.
	Available bool `json:"available"`
	// Premium reports a premium name, priced above the TLD's usual prices.
	Premium bool `json:"premium"`
	// Status is "ok" when the name is available, on servers that answer that way.
	Status string `json:"status"`
	// Periods are the registration periods on offer, with their prices.
	Periods []DomainPeriod `json:"periods"`
}

// Lookup checks whether a domain name (e.g. "example.com") is available for registration
// (POST /domain/lookup), with its prices. It changes nothing, so it is retried on transient
// failures like a read. An empty name is an error wrapping ErrInvalidArgument.
func (s *DomainsService) Lookup(ctx context.Context, name string) (*DomainLookup, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("%w: Lookup: the name is blank", ErrInvalidArgument)
	}
	var w domainLookupWire
	if err := s.client.do(ctx, staticRoute(http.MethodPost, "/domain/lookup"), map[string]string{"name": name}, &w); err != nil {
		return nil, err
	}
	out := w.public()
	return &out, nil
}

// TLD is a top-level domain on sale, with its prices per period.
type TLD struct {
	// ID is the TLD's id, for TLDForm and DomainOrderRequest.TLDID.
	ID int64 `json:"id"`
	// TLD is the extension with its leading dot, e.g. ".com".
	TLD     string         `json:"tld"`
	Periods []DomainPeriod `json:"periods"`
}

// TLDs lists the TLDs available for registration and transfer, with their prices
// (GET /domain/order).
func (s *DomainsService) TLDs(ctx context.Context) ([]TLD, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/domain/order"), "tlds", (*tldWire).public)
}

// TLDForm returns the extra form fields a TLD requires when ordering (GET /domain/order/@id/form);
// tldID is a TLD's ID from TLDs. An empty list means the TLD needs none. Send the answers in
// DomainOrderRequest.Data under each field's Name.
func (s *DomainsService) TLDForm(ctx context.Context, tldID int64) ([]FormField, error) {
	rt, err := newRoute(http.MethodGet, "/domain/order/@id/form", tldID)
	if err != nil {
		return nil, err
	}
	return getListOf(ctx, s.client, rt, "forms", (*formFieldWire).public)
}

// DomainOrderAction is what a DomainOrderRequest asks for: registering a new name or
// transferring one in.
type DomainOrderAction string

// The actions of DomainOrderRequest, as the API reference lists them.
const (
	DomainRegister DomainOrderAction = "register"
	DomainTransfer DomainOrderAction = "transfer"
)

// DomainOrderRequest is the request of Order. Name, Years and Action are required; zero
// optional fields are left out.
type DomainOrderRequest struct {
	// Name is the full domain name, e.g. "example.com".
	Name string `json:"name"`
	// Years is the registration period in years (at least 1; see TLDs for the periods on offer).
	Years  int64             `json:"years,string"`
	Action DomainOrderAction `json:"action"`
	// TLDID is the TLD's id from TLDs.
	TLDID int64 `json:"tld_id,string,omitempty"`
	// PayMethod is the payment method's id (see Billing.PaymentMethods).
	PayMethod int64 `json:"pay_method,omitempty"`
	// EPP is the transfer authorisation code, needed to transfer most domains.
	EPP string `json:"epp,omitempty"`
	// EPPRequired makes Order refuse a transfer without EPP before sending anything. It is not
	// sent.
	EPPRequired bool `json:"-"`
	// Nameservers are 2 to 4 nameservers to use; leave empty for the registrar's defaults.
	Nameservers []string `json:"nameservers,omitempty"`
	// Registrant, Admin, Tech and Billing are account contact ids (see Account.Contacts) for the
	// domain's WHOIS contacts; zero uses the account's own details.
	Registrant int64 `json:"registrant,omitempty"`
	Admin      int64 `json:"admin,omitempty"`
	Tech       int64 `json:"tech,omitempty"`
	Billing    int64 `json:"billing,omitempty"`
	// Data holds the answers to the TLD's extra form (TLDForm), keyed by field name. The API
	// reference documents no shape beyond that.
	Data map[string]any `json:"data,omitempty"`
	// AffiliateID credits the order to an affiliate.
	AffiliateID int64 `json:"aff_id,omitempty"`
}

func (o *DomainOrderRequest) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: Order: "+format, append([]any{ErrInvalidArgument}, args...)...)
	}
	switch {
	case strings.TrimSpace(o.Name) == "":
		return bad("Name is blank")
	case o.Action != DomainRegister && o.Action != DomainTransfer:
		return bad("Action %q is neither %q nor %q", o.Action, DomainRegister, DomainTransfer)
	case o.Years < 1:
		return bad("Years must be at least 1, not %d", o.Years)
	case len(o.Nameservers) == 1 || len(o.Nameservers) > 4:
		return bad("give 2 to 4 Nameservers (or none for the defaults), not %d", len(o.Nameservers))
	case o.Action == DomainTransfer && o.EPPRequired && strings.TrimSpace(o.EPP) == "":
		return bad("the transfer of %s needs an EPP code", o.Name)
	}
	return checkNameservers("Order", o.Nameservers)
}

// Order orders a domain registration or transfer (POST /domain/order) and returns the order and
// its invoice. Check the name with Lookup first: an order for an unavailable name may be
// cancelled. The request is checked before anything is sent (an error wrapping
// ErrInvalidArgument): a name, an action of DomainRegister or DomainTransfer, Years of at least 1,
// none or 2 to 4 nameservers, and an EPP code for a transfer when EPPRequired is set. It is never
// sent twice: a failure after the request may have reached the server is returned, not retried
// (when MaybeApplied(err) is true, check the account's orders or invoices before ordering again).
func (s *DomainsService) Order(ctx context.Context, o DomainOrderRequest) (*OrderResult, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	return placeOrder(ctx, s.client, staticRoute(http.MethodPost, "/domain/order"), o)
}

// DomainRenewal is what Renew ordered: the renewal's order and the invoice to pay for it. The
// API reference does not document the response; the typed fields follow the fake portal
// (unmeteredtest), which answers as Order does, and Raw keeps the whole response as sent.
type DomainRenewal struct {
	OrderNumber int64 `json:"order_number"`
	// InvoiceID is the renewal's invoice (see Billing.Invoice).
	InvoiceID int64 `json:"invoice_id"`
	// Total is the renewal's cost, the invoice total in the account's currency.
	Total Decimal `json:"total,omitzero"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// RenewRequest is the request of Renew.
type RenewRequest struct {
	// Years is the renewal period in years, at least 1 (see TLDs for the periods on offer).
	Years int64 `json:"years,string"`
	// PayMethod is the payment method's id (see Billing.PaymentMethods); 0 leaves it to the
	// account's default.
	PayMethod int64 `json:"pay_method,omitempty"`
}

// Renew orders the renewal of a domain (POST /domain/@id/renew) and returns the order and the
// invoice to pay. Years below 1 is an error wrapping ErrInvalidArgument, returned before
// anything is sent. It is never sent twice: a failure after the request may have reached the
// server is returned, not retried (when MaybeApplied(err) is true, check PendingRenewals before
// renewing again).
//
// Renew orders a renewal even when one is already ordered and not yet paid (the expiry date
// moves only once the renewal's invoice is paid): each call makes one more invoice. A job that
// renews what expires soon, run daily, checks PendingRenewals first and pays the invoice it
// finds rather than ordering again.
func (s *DomainsService) Renew(ctx context.Context, id int64, r RenewRequest) (*DomainRenewal, error) {
	if r.Years < 1 {
		return nil, fmt.Errorf("%w: Renew: Years must be at least 1, not %d", ErrInvalidArgument, r.Years)
	}
	rt, err := newRoute(http.MethodPost, "/domain/@id/renew", id)
	if err != nil {
		return nil, err
	}
	w := new(withRaw[domainRenewalWire])
	if err := s.client.do(ctx, rt, r, w); err != nil {
		return nil, err
	}
	out := w.wire.public()
	out.Raw = w.raw
	return &out, nil
}

// invoiceItemDomainRenew is the type of the invoice line that bills a domain's renewal, as
// HostBill names it; the line's ItemID is the domain's id.
const invoiceItemDomainRenew = "Domain Renew"

// PendingRenewals returns the unpaid invoices that renew the domain id, with their lines: an
// invoice with a line of type "Domain Renew" whose ItemID is id, which is how HostBill bills a
// renewal, whether ordered with Renew (or a renewal item of Cart.OrderItems) or issued by the
// portal ahead of the expiry. A domain's expiry date moves only once such an invoice is paid,
// so an empty list is what to check before Renew, which would otherwise order a second
// renewal; to renew, pay the invoice found (Billing.ApplyCredit). The line's description is
// not read: it is free text the portal's templates write.
//
// It reads the invoice list (GET /invoice), then each unpaid invoice (GET /invoice/@id), in
// the list's order; an invoice deleted in between is skipped. An id below 1 is an error
// wrapping ErrInvalidArgument, returned before anything is sent.
func (s *DomainsService) PendingRenewals(ctx context.Context, id int64) ([]Invoice, error) {
	if id < 1 {
		return nil, fmt.Errorf("%w: PendingRenewals: the domain id must be a positive id, not %d", ErrInvalidArgument, id)
	}
	list, err := s.client.Billing.Invoices(ctx)
	if err != nil {
		return nil, err
	}
	var out []Invoice
	for _, summary := range list {
		if summary.Status != InvoiceUnpaid {
			continue
		}
		inv, err := s.client.Billing.Invoice(ctx, summary.ID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if inv.Status == InvoiceUnpaid && renews(inv, id) {
			out = append(out, *inv)
		}
	}
	return out, nil
}

// renews reports whether inv has a line that renews the domain id.
func renews(inv *Invoice, id int64) bool {
	for _, it := range inv.Items {
		if it.ItemID == id && strings.EqualFold(strings.TrimSpace(it.Type), invoiceItemDomainRenew) {
			return true
		}
	}
	return false
}
