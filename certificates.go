package unmetered

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// CertificatesService covers the API's "SSL Certificates" section: the account's certificate
// services, their details and certificate files, and ordering new certificates. Reach it as
// Client.Certificates.
type CertificatesService service

// CertificateStatus is the status of a certificate service (the portal's order and billing
// state, not the certificate authority's: see Certificate.CertStatus). The server may send a
// status not listed here; the field then holds it as sent.
type CertificateStatus string

// The certificate service statuses. The API reference shows Pending; the others are the
// statuses HostBill, which runs the portal, gives a service through its life.
const (
	// CertificatePending: ordered, not yet provisioned (often an unpaid invoice).
	CertificatePending CertificateStatus = "Pending"
	// CertificateActive: paid and provisioned; the certificate is issued or being issued.
	CertificateActive CertificateStatus = "Active"
	// CertificateSuspended: suspended, usually for an overdue invoice.
	CertificateSuspended CertificateStatus = "Suspended"
	// CertificateTerminated: ended by the provider.
	CertificateTerminated CertificateStatus = "Terminated"
	// CertificateCancelled: cancelled at the customer's request.
	CertificateCancelled CertificateStatus = "Cancelled"
)

// Certificate is an SSL certificate service on the account. List fills the fields up to
// CategoryURL; Get fills every field but Category and CategoryURL. Amounts are exact decimals
// in the account's currency.
type Certificate struct {
	ID int64 `json:"id"`
	// Domain is the domain the certificate is for.
	Domain string `json:"domain"`
	// Name is the certificate product's name, e.g. "Comodo InstantSSL".
	Name   string            `json:"name"`
	Status CertificateStatus `json:"status"`
	// BillingCycle is the renewal period, e.g. "Annually" or "Biennially".
	BillingCycle string `json:"billing_cycle"`
	// Total is the recurring amount.
	Total Decimal `json:"total,omitzero"`
	// NextDue is the due date of the next renewal invoice.
	NextDue Date `json:"next_due,omitzero"`
	// CertEmail is the email address the certificate authority uses for the certificate (the
	// approver's address for domain validation).
	CertEmail string `json:"cert_email"`
	// CertStatus is the certificate authority's status of the certificate, as sent (e.g.
	// "Processing", "Issued"; "" before it is processed). The API reference lists no values.
	CertStatus string `json:"cert_status"`
	// CertExpires is when the issued certificate expires, in UTC (zero before it is issued).
	CertExpires time.Time `json:"cert_expires,omitzero"`
	// Category and CategoryURL name the product category (List only).
	Category    string `json:"category,omitempty"`
	CategoryURL string `json:"category_url,omitempty"`

	// The fields below are filled by Get only.

	DateCreated  Date    `json:"date_created,omitzero"`
	FirstPayment Decimal `json:"first_payment,omitzero"`
	NextInvoice  Date    `json:"next_invoice,omitzero"`
	Label        string  `json:"label,omitempty"`
	// CSR is the certificate signing request, PEM-encoded.
	CSR string `json:"csr,omitempty"`
	// Contacts are the certificate's administrative, billing and technical contacts.
	Contacts *CertificateContacts `json:"contacts,omitempty"`
	// Organization is the organization the certificate is issued to.
	Organization *CertificateOrganization `json:"organization,omitempty"`
	// Software is the id of the server software the certificate is for (see Software; 0 is a
	// valid id).
	Software int64 `json:"software"`
}

// CertificateContacts are a certificate's contacts; a contact the server leaves out is nil.
type CertificateContacts struct {
	Admin   *CertificateContact `json:"admin,omitempty"`
	Billing *CertificateContact `json:"billing,omitempty"`
	Tech    *CertificateContact `json:"tech,omitempty"`
}

// CertificateContact is one contact of a certificate, in the certificate authority's terms.
type CertificateContact struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	OrgName   string `json:"org_name"`
	JobTitle  string `json:"job_title"`
	Email     string `json:"email"`
	Address1  string `json:"address1"`
	Address2  string `json:"address2"`
	City      string `json:"city"`
	State     string `json:"state"`
	// PostalCode and Country (a two-letter code, e.g. "US") complete the address.
	PostalCode string `json:"postal_code"`
	Country    string `json:"country"`
	// Phone is the phone number without its country calling code, which is PhonePrefix
	// (e.g. "1").
	Phone       string `json:"phone"`
	PhonePrefix string `json:"phone_prefix"`
}

// CertificateOrganization is the organization a certificate is issued to. Order sends only its
// non-empty fields.
type CertificateOrganization struct {
	Name     string `json:"name,omitempty"`
	Unit     string `json:"unit,omitempty"`
	Address1 string `json:"address1,omitempty"`
	Address2 string `json:"address2,omitempty"`
	// Locality is the city.
	Locality   string `json:"locality,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	// Country is a two-letter code, e.g. "US".
	Country string `json:"country,omitempty"`
}

// List lists the account's SSL certificate services (GET /certificate).
func (s *CertificatesService) List(ctx context.Context) ([]Certificate, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/certificate"), "sslservices", (*certificateWire).public)
}

// Get returns one certificate service with its CSR, contacts and organization
// (GET /certificate/@id). An unknown id is an error matching ErrNotFound.
func (s *CertificatesService) Get(ctx context.Context, id int64) (*Certificate, error) {
	rt, err := newRoute(http.MethodGet, "/certificate/@id", id)
	if err != nil {
		return nil, err
	}
	w, err := getKey[certificateWire](ctx, s.client, rt, "service")
	if err != nil {
		return nil, err
	}
	c := w.public()
	return &c, nil
}

// CertificateProduct is a certificate product available to order.
type CertificateProduct struct {
	// ID is the product id that Software and Order take.
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Periods are the orderable validity periods with their prices.
	Periods     []CertificatePeriod `json:"periods"`
	Category    string              `json:"category"`
	CategoryURL string              `json:"category_url"`
}

// CertificatePeriod is one orderable validity period of a certificate product. Prices are
// exact decimals in the account's currency.
type CertificatePeriod struct {
	Years int64 `json:"years"`
	// Price is the price of a new certificate; Renew the price of a renewal.
	Price Decimal `json:"price,omitzero"`
	Renew Decimal `json:"renew,omitzero"`
}

// Products lists the certificate products available to order, with their periods and prices
// (GET /certificate/order).
func (s *CertificatesService) Products(ctx context.Context) ([]CertificateProduct, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/certificate/order"), "products", (*certificateProductWire).public)
}

// CertificateSoftware is a server software choice for a certificate product. Note that 0 is a
// valid id.
type CertificateSoftware struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Software lists the server software choices of certificate product productID
// (GET /certificate/order/@product_id/software), whose ids Order's Software takes.
func (s *CertificatesService) Software(ctx context.Context, productID int64) ([]CertificateSoftware, error) {
	rt, err := newRoute(http.MethodGet, "/certificate/order/@product_id/software", productID)
	if err != nil {
		return nil, err
	}
	return getListOf(ctx, s.client, rt, "software", (*certificateSoftwareWire).public)
}

// CertificateOrderRequest is the request of Order. ProductID, CSR, Years and PayMethod are
// required; the other fields are sent only when set.
type CertificateOrderRequest struct {
	// ProductID is the certificate product's id (see Products).
	ProductID int64
	// CSR is the certificate signing request (PEM). The API reference labels this parameter
	// "Domain name"; send what the product asks for.
	CSR string
	// Years is the validity period, one of the product's Periods.
	Years int64
	// PayMethod is the payment method's id (see Billing.PaymentMethods).
	PayMethod int64
	// ApproverEmail is the address used for domain validation.
	ApproverEmail string
	// Admin, Tech and Billing are the ids of account contacts (see Account.Contacts) to use as
	// the certificate's contacts.
	Admin   int64
	Tech    int64
	Billing int64
	// Organization is the organization to issue the certificate to; nil leaves it out.
	Organization *CertificateOrganization
	// Software is the server software's id (see Software); nil leaves it out. 0 is a valid id,
	// hence the pointer: sw := int64(2); order.Software = &sw.
	Software *int64
	// Data holds additional fields some products require, sent as the "data" object. The API
	// reference documents no shape beyond that.
	Data map[string]any
	// AffiliateID credits the order to an affiliate.
	AffiliateID int64
}

// Order orders a certificate (POST /certificate/order) and returns the order number and the
// invoice to pay. It refuses, before sending anything, a product id, years or pay method below
// 1, and a blank CSR (errors wrapping ErrInvalidArgument).
//
// It is never sent twice: a failure after the request may have reached the server is returned,
// not retried; when MaybeApplied(err) is true, check List (and Billing.Invoices) before ordering
// again.
func (s *CertificatesService) Order(ctx context.Context, o CertificateOrderRequest) (*OrderResult, error) {
	switch {
	case o.ProductID <= 0:
		return nil, fmt.Errorf("%w: Order: ProductID must be a product id (see Products), not %d", ErrInvalidArgument, o.ProductID)
	case strings.TrimSpace(o.CSR) == "":
		return nil, fmt.Errorf("%w: Order: CSR is blank", ErrInvalidArgument)
	case o.Years <= 0:
		return nil, fmt.Errorf("%w: Order: Years must be at least 1, not %d", ErrInvalidArgument, o.Years)
	case o.PayMethod <= 0:
		return nil, fmt.Errorf("%w: Order: PayMethod must be a payment method id (see Billing.PaymentMethods), not %d", ErrInvalidArgument, o.PayMethod)
	}
	return placeOrder(ctx, s.client, staticRoute(http.MethodPost, "/certificate/order"), o.wire())
}
