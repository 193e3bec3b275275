package unmetered

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// CertificatesService covers the API's "SSL Certificates" section: the account's certificate
// services, their details and certificate files, and ordering new certificates. Reach it as
// Client.Certificates.
type CertificatesService service

// Certificate is an SSL certificate service on the account. List fills the fields up to
// CategoryURL; Get fills every field but Category and CategoryURL. Amounts are exact decimals
// in the account's currency.
type Certificate struct {
	ID Int `json:"id"`
	// Domain is the domain the certificate is for.
	Domain string `json:"domain"`
	// Name is the certificate product's name, e.g. "Comodo InstantSSL".
	Name string `json:"name"`
	// Status is the service's status: "Pending", "Active", "Suspended", "Cancelled"...
	Status string `json:"status"`
	// BillingCycle is the renewal period, e.g. "Annually".
	BillingCycle string `json:"billingcycle"`
	// Total is the recurring amount.
	Total   Decimal `json:"total"`
	NextDue Date    `json:"next_due"`
	// CertEmail is the email address the certificate authority uses for the certificate (the
	// approver's address for domain validation).
	CertEmail string `json:"cert_email"`
	// CertStatus is the certificate authority's status of the certificate ("" before it is
	// processed).
	CertStatus string `json:"cert_status"`
	// CertExpires is when the certificate expires.
	CertExpires Time `json:"cert_expires"`
	// Category and CategoryURL name the product category (List only).
	Category    string `json:"category"`
	CategoryURL string `json:"category_url"`

	// The fields below are filled by Get only.

	DateCreated  Date    `json:"date_created"`
	FirstPayment Decimal `json:"firstpayment"`
	NextInvoice  Date    `json:"next_invoice"`
	Label        string  `json:"label"`
	// CSR is the certificate signing request, PEM-encoded.
	CSR string `json:"csr"`
	// Contacts are the certificate's administrative, billing and technical contacts.
	Contacts *CertificateContacts `json:"contacts,omitempty"`
	// Organization is the organization the certificate is issued to.
	Organization *CertificateOrganization `json:"organization,omitempty"`
	// Software is the id of the server software the certificate is for (see Software).
	Software Int `json:"software"`
}

// CertificateContacts are a certificate's contacts; a contact the server leaves out is nil.
type CertificateContacts struct {
	Admin   *CertificateContact `json:"admin,omitempty"`
	Billing *CertificateContact `json:"billing,omitempty"`
	Tech    *CertificateContact `json:"tech,omitempty"`
}

// CertificateContact is one contact of a certificate, in the certificate authority's terms.
type CertificateContact struct {
	FirstName string `json:"FName"`
	LastName  string `json:"LName"`
	OrgName   string `json:"OrgName"`
	JobTitle  string `json:"JobTitle"`
	Email     string `json:"EmailAddress"`
	Address1  string `json:"Address1"`
	Address2  string `json:"Address2"`
	City      string `json:"City"`
	State     string `json:"State"`
	// PostalCode and Country (a two-letter code, e.g. "US") complete the address.
	PostalCode string `json:"PostalCode"`
	Country    string `json:"Country"`
	// Phone is the phone number without its country calling code, which is PhonePrefix
	// (e.g. "1"). The server sends both as numbers or strings.
	Phone       Text `json:"Phone"`
	PhonePrefix Text `json:"PreFix"`
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
	PostalCode string `json:"postalcode,omitempty"`
	// Country is a two-letter code, e.g. "US".
	Country string `json:"country,omitempty"`
}

// The server may send an empty object as [] (PHP's empty array); these decode it as empty.

// UnmarshalJSON implements json.Unmarshaler; [] and null decode to no contacts.
func (c *CertificateContacts) UnmarshalJSON(b []byte) error {
	type plain CertificateContacts
	return decodeLooseObject(b, (*plain)(c))
}

// UnmarshalJSON implements json.Unmarshaler; [] and null decode to an empty contact.
func (c *CertificateContact) UnmarshalJSON(b []byte) error {
	type plain CertificateContact
	return decodeLooseObject(b, (*plain)(c))
}

// UnmarshalJSON implements json.Unmarshaler; [] and null decode to an empty organization.
func (o *CertificateOrganization) UnmarshalJSON(b []byte) error {
	type plain CertificateOrganization
	return decodeLooseObject(b, (*plain)(o))
}

// decodeLooseObject decodes a JSON object into v (a pointer to a struct without its own
// UnmarshalJSON), treating [] as an empty object.
func decodeLooseObject(b []byte, v any) error {
	if isEmptyJSONArray(b) {
		return nil
	}
	return json.Unmarshal(b, v)
}

// List lists the account's SSL certificate services (GET /certificate).
func (s *CertificatesService) List(ctx context.Context) ([]Certificate, error) {
	return getList[Certificate](ctx, s.client, staticRoute(http.MethodGet, "/certificate"), "sslservices")
}

// Get returns one certificate service with its CSR, contacts and organization
// (GET /certificate/@id). An unknown id is an error matching ErrNotFound.
func (s *CertificatesService) Get(ctx context.Context, id int64) (*Certificate, error) {
	rt, err := newRoute(http.MethodGet, "/certificate/@id", id)
	if err != nil {
		return nil, err
	}
	return getKey[Certificate](ctx, s.client, rt, "service")
}

// maxCertificateBytes bounds a downloaded certificate file: a chain of certificates is a few
// kilobytes.
const maxCertificateBytes = 4 << 20

// CertificateFile is an issued certificate as Download returns it.
type CertificateFile struct {
	// Data is the certificate data: PEM text (one or more CERTIFICATE blocks) or DER bytes.
	// When the server answers the bytes themselves, Data is exactly what it served; when it
	// wraps them in JSON, Data is the certificate text taken from that JSON.
	Data []byte
	// ContentType is the response's Content-Type header as sent.
	ContentType string
	// Raw is the JSON object the certificate came in, kept whole (other keys, such as a CA
	// bundle, included); nil when the server answered the certificate itself.
	Raw Object
}

// Certificates parses Data with ParseCertificates.
func (f *CertificateFile) Certificates() ([]*x509.Certificate, error) {
	if f == nil {
		return ParseCertificates(nil)
	}
	return ParseCertificates(f.Data)
}

// certificateKeys are the JSON keys Download looks in first for the certificate text.
var certificateKeys = []string{"crt", "certificate", "cert"}

// Download returns the issued certificate of service id (GET /certificate/@id/crt). The API
// reference does not show the response: the server may answer the certificate itself (PEM or
// DER) or JSON carrying it as text, under "crt" or another key; Download accepts all of these.
// A response without certificate text (empty, or JSON without it: the certificate is not issued
// yet, say) is an error, and so is an HTML page (an *Error with its excerpt). Parse the result
// with its Certificates method. It is retried on transient failures.
func (s *CertificatesService) Download(ctx context.Context, id int64) (*CertificateFile, error) {
	rt, err := newRoute(http.MethodGet, "/certificate/@id/crt", id)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.doStream(ctx, rt)
	if err != nil {
		return nil, err
	}
	r := rt.request(nil)
	defer drainAndClose(resp.Body)
	body, err := readLimited(resp.Body, maxCertificateBytes+1)
	if err != nil {
		return nil, s.client.wrapTransportError(ctx, r, fmt.Errorf("reading response: %w", err))
	}
	if len(body) > maxCertificateBytes {
		return nil, fmt.Errorf("unmetered: %s: the response exceeds %d MiB; it is not a certificate", rt, maxCertificateBytes>>20)
	}
	file := &CertificateFile{Data: body, ContentType: resp.Header.Get("Content-Type")}
	trimmed := bytes.TrimSpace(body)
	var text string
	switch {
	case len(trimmed) == 0:
	case trimmed[0] == '<': // an HTML page (a proxy's), never a certificate
		return nil, s.client.newError(r, resp, body, nil)
	case trimmed[0] == '{' || trimmed[0] == '"' || trimmed[0] == '[': // JSON (DER starts with 0x30, PEM with text)
		if err := s.client.envelopeError(r, resp, body); err != nil {
			return nil, err
		}
		if trimmed[0] == '"' {
			err = json.Unmarshal(trimmed, &text)
		} else if trimmed[0] == '{' {
			if err = json.Unmarshal(trimmed, &file.Raw); err == nil {
				text = certificateText(file.Raw)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("unmetered: %s: decoding the response: %w", rt, err)
		}
	default:
		return file, nil // the certificate itself, as served
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("unmetered: %s: the response carries no certificate (%s); it may not be issued yet",
			rt, describeJSON(file.Raw, trimmed))
	}
	file.Data = []byte(text)
	return file, nil
}

// describeJSON names what a certificate-less response held, for Download's error.
func describeJSON(o Object, body []byte) string {
	switch {
	case len(o) > 0:
		return "keys: " + strings.Join(o.Keys(), ", ")
	case len(body) == 0:
		return "empty body"
	}
	return "body " + excerpt(body)
}

// certificateText finds the certificate text in a JSON response: the first non-empty string
// under one of certificateKeys, else the first string value (in key order) holding a PEM
// certificate.
func certificateText(o Object) string {
	for _, key := range certificateKeys {
		var s string
		if o.Has(key) && json.Unmarshal(o[key], &s) == nil && strings.TrimSpace(s) != "" {
			return s
		}
	}
	for _, key := range o.Keys() {
		var s string
		if json.Unmarshal(o[key], &s) == nil && strings.Contains(s, "-----BEGIN CERTIFICATE") {
			return s
		}
	}
	return ""
}

// ParseCertificates parses certificate data: PEM text holding one or more CERTIFICATE blocks
// (text before a block, such as OpenSSL's "subject=" lines, is ignored), or DER bytes holding
// one or more certificates. It returns the certificates in order (usually the leaf first, then
// its chain). Anything else is an error saying what was found: empty data, a PEM block of
// another type (a key, a CSR, PKCS #7), malformed PEM, or bytes that are not DER certificates.
func ParseCertificates(data []byte) ([]*x509.Certificate, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("unmetered: no certificate data")
	}
	if !bytes.Contains(trimmed, []byte("-----BEGIN")) {
		certs, err := x509.ParseCertificates(data) // DER: not trimmed, any byte may be data
		if err != nil {
			return nil, fmt.Errorf("unmetered: certificate data is neither PEM nor DER certificates: %w", err)
		}
		if len(certs) == 0 {
			return nil, errors.New("unmetered: no certificate data")
		}
		return certs, nil
	}
	var certs []*x509.Certificate
	rest := trimmed
	for n := 1; ; n++ {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("unmetered: PEM block %d is a %q, not a CERTIFICATE", n, block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("unmetered: PEM block %d: %w", n, err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 || bytes.Contains(rest, []byte("-----BEGIN")) {
		return nil, fmt.Errorf("unmetered: malformed PEM certificate data after %d certificate(s)", len(certs))
	}
	return certs, nil
}

// CertificateProduct is a certificate product available to order.
type CertificateProduct struct {
	// ID is the product id that Software and Order take.
	ID          Int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Periods are the orderable validity periods with their prices.
	Periods     List[CertificatePeriod] `json:"periods"`
	Category    string                  `json:"category"`
	CategoryURL string                  `json:"category_url"`
}

// CertificatePeriod is one orderable validity period of a certificate product. Prices are
// exact decimals in the account's currency.
type CertificatePeriod struct {
	Years Int `json:"years"`
	// Price is the price of a new certificate; Renew the price of a renewal.
	Price Decimal `json:"price"`
	Renew Decimal `json:"renew"`
}

// Products lists the certificate products available to order, with their periods and prices
// (GET /certificate/order).
func (s *CertificatesService) Products(ctx context.Context) ([]CertificateProduct, error) {
	return getList[CertificateProduct](ctx, s.client, staticRoute(http.MethodGet, "/certificate/order"), "products")
}

// CertificateSoftware is a server software choice for a certificate product. Note that 0 is a
// valid id.
type CertificateSoftware struct {
	ID   Int    `json:"id"`
	Name string `json:"name"`
}

// Software lists the server software choices of certificate product productID
// (GET /certificate/order/@product_id/software), whose ids Order's Software takes.
func (s *CertificatesService) Software(ctx context.Context, productID int64) ([]CertificateSoftware, error) {
	rt, err := newRoute(http.MethodGet, "/certificate/order/@product_id/software", productID)
	if err != nil {
		return nil, err
	}
	return getList[CertificateSoftware](ctx, s.client, rt, "software")
}

// CertificateOrder is the request of Order. ProductID, CSR, Years and PayMethod are required;
// the other fields are sent only when set.
type CertificateOrder struct {
	// ProductID is the certificate product's id (see Products).
	ProductID int64 `json:"product_id"`
	// CSR is the certificate signing request (PEM). The API reference labels this parameter
	// "Domain name"; send what the product asks for.
	CSR string `json:"csr"`
	// Years is the validity period, one of the product's Periods.
	Years int `json:"years"`
	// PayMethod is the payment method's id (see Billing.PaymentMethods).
	PayMethod int64 `json:"pay_method"`
	// ApproverEmail is the address used for domain validation.
	ApproverEmail string `json:"approver_email,omitempty"`
	// Admin, Tech and Billing are the ids of account contacts (see Account.Contacts) to use as
	// the certificate's contacts.
	Admin   int64 `json:"admin,omitempty"`
	Tech    int64 `json:"tech,omitempty"`
	Billing int64 `json:"billing,omitempty"`
	// Organization is the organization to issue the certificate to.
	Organization *CertificateOrganization `json:"organization,omitempty"`
	// Software is the server software's id (see Software); nil leaves it out. 0 is a valid id,
	// hence the pointer: sw := int64(2); order.Software = &sw.
	Software *int64 `json:"software,omitempty"`
	// Data holds additional fields some products require, sent as the "data" object.
	Data map[string]any `json:"data,omitempty"`
	// AffiliateID credits the order to an affiliate.
	AffiliateID int64 `json:"aff_id,omitempty"`
}

// Order orders a certificate (POST /certificate/order) and returns the order number and the
// invoice to pay. It refuses, before sending anything, a nil order, a product id, years or pay
// method below 1, and a blank CSR.
//
// It is never sent twice: a failure after the request may have reached the server is returned,
// not retried, so check List (and Billing.Invoices) before ordering again.
func (s *CertificatesService) Order(ctx context.Context, o *CertificateOrder) (*OrderResult, error) {
	switch {
	case o == nil:
		return nil, fmt.Errorf("%w: Order needs a CertificateOrder", ErrInvalidArgument)
	case o.ProductID <= 0:
		return nil, fmt.Errorf("%w: Order needs a product id", ErrInvalidArgument)
	case strings.TrimSpace(o.CSR) == "":
		return nil, fmt.Errorf("%w: Order needs a CSR", ErrInvalidArgument)
	case o.Years <= 0:
		return nil, fmt.Errorf("%w: Order needs a number of years (1 or more), got %d", ErrInvalidArgument, o.Years)
	case o.PayMethod <= 0:
		return nil, fmt.Errorf("%w: Order needs a payment method id", ErrInvalidArgument)
	}
	return placeOrder(ctx, s.client, staticRoute(http.MethodPost, "/certificate/order"), o)
}
