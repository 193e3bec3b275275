package unmetered

import "encoding/json"

// Wire forms of the SSL Certificates section: the portal's JSON with its loose types, converted
// to the public types of certificates.go by their public methods.

// certificateWire is a certificate service as GET /certificate and /certificate/@id send it.
type certificateWire struct {
	ID           looseInt                     `json:"id"`
	Domain       string                       `json:"domain"`
	Name         string                       `json:"name"`
	Status       CertificateStatus            `json:"status"`
	BillingCycle string                       `json:"billingcycle"`
	Total        Decimal                      `json:"total"`
	NextDue      Date                         `json:"next_due"`
	CertEmail    string                       `json:"cert_email"`
	CertStatus   string                       `json:"cert_status"`
	CertExpires  looseTime                    `json:"cert_expires"`
	Category     string                       `json:"category"`
	CategoryURL  string                       `json:"category_url"`
	DateCreated  Date                         `json:"date_created"`
	FirstPayment Decimal                      `json:"firstpayment"`
	NextInvoice  Date                         `json:"next_invoice"`
	Label        string                       `json:"label"`
	CSR          string                       `json:"csr"`
	Contacts     *certificateContactsWire     `json:"contacts"`
	Organization *certificateOrganizationWire `json:"organization"`
	Software     looseInt                     `json:"software"`
}

func (w *certificateWire) public() Certificate {
	return Certificate{
		ID: int64(w.ID), Domain: w.Domain, Name: w.Name, Status: w.Status, BillingCycle: w.BillingCycle,
		Total: w.Total, NextDue: w.NextDue, CertEmail: w.CertEmail, CertStatus: w.CertStatus,
		CertExpires: w.CertExpires.Time, Category: w.Category, CategoryURL: w.CategoryURL,
		DateCreated: w.DateCreated, FirstPayment: w.FirstPayment, NextInvoice: w.NextInvoice,
		Label: w.Label, CSR: w.CSR, Contacts: w.Contacts.public(), Organization: w.Organization.public(),
		Software: int64(w.Software),
	}
}

// The server may send an empty object as [] (PHP's empty array); the wire forms below decode it
// as empty.

type certificateContactsWire struct {
	Admin   *certificateContactWire `json:"admin"`
	Billing *certificateContactWire `json:"billing"`
	Tech    *certificateContactWire `json:"tech"`
}

// UnmarshalJSON implements json.Unmarshaler; [] and null decode to no contacts.
func (w *certificateContactsWire) UnmarshalJSON(b []byte) error {
	type plain certificateContactsWire
	return decodeLooseObject(b, (*plain)(w))
}

func (w *certificateContactsWire) public() *CertificateContacts {
	if w == nil {
		return nil
	}
	return &CertificateContacts{Admin: w.Admin.public(), Billing: w.Billing.public(), Tech: w.Tech.public()}
}

// certificateContactWire is a contact in the certificate authority's field names; the phone
// number and its prefix come as numbers or strings.
type certificateContactWire struct {
	FirstName   string    `json:"FName"`
	LastName    string    `json:"LName"`
	OrgName     string    `json:"OrgName"`
	JobTitle    string    `json:"JobTitle"`
	Email       string    `json:"EmailAddress"`
	Address1    string    `json:"Address1"`
	Address2    string    `json:"Address2"`
	City        string    `json:"City"`
	State       string    `json:"State"`
	PostalCode  looseText `json:"PostalCode"`
	Country     string    `json:"Country"`
	Phone       looseText `json:"Phone"`
	PhonePrefix looseText `json:"PreFix"`
}

// UnmarshalJSON implements json.Unmarshaler; [] and null decode to an empty contact.
func (w *certificateContactWire) UnmarshalJSON(b []byte) error {
	type plain certificateContactWire
	return decodeLooseObject(b, (*plain)(w))
}

func (w *certificateContactWire) public() *CertificateContact {
	if w == nil {
		return nil
	}
	return &CertificateContact{
		FirstName: w.FirstName, LastName: w.LastName, OrgName: w.OrgName, JobTitle: w.JobTitle, Email: w.Email,
		Address1: w.Address1, Address2: w.Address2, City: w.City, State: w.State, PostalCode: string(w.PostalCode),
		Country: w.Country, Phone: string(w.Phone), PhonePrefix: string(w.PhonePrefix),
	}
}

// certificateOrganizationWire is an organization as the portal sends and takes it (Order sends
// only the non-empty fields).
type certificateOrganizationWire struct {
	Name       string    `json:"name,omitempty"`
	Unit       string    `json:"unit,omitempty"`
	Address1   string    `json:"address1,omitempty"`
	Address2   string    `json:"address2,omitempty"`
	Locality   string    `json:"locality,omitempty"`
	State      string    `json:"state,omitempty"`
	PostalCode looseText `json:"postalcode,omitempty"`
	Country    string    `json:"country,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler; [] and null decode to an empty organization.
func (w *certificateOrganizationWire) UnmarshalJSON(b []byte) error {
	type plain certificateOrganizationWire
	return decodeLooseObject(b, (*plain)(w))
}

func (w *certificateOrganizationWire) public() *CertificateOrganization {
	if w == nil {
		return nil
	}
	return &CertificateOrganization{
		Name: w.Name, Unit: w.Unit, Address1: w.Address1, Address2: w.Address2, Locality: w.Locality,
		State: w.State, PostalCode: string(w.PostalCode), Country: w.Country,
	}
}

// organizationWire is o in the portal's field names.
func organizationWire(o *CertificateOrganization) *certificateOrganizationWire {
	if o == nil {
		return nil
	}
	return &certificateOrganizationWire{
		Name: o.Name, Unit: o.Unit, Address1: o.Address1, Address2: o.Address2, Locality: o.Locality,
		State: o.State, PostalCode: looseText(o.PostalCode), Country: o.Country,
	}
}

// decodeLooseObject decodes a JSON object into v (a pointer to a struct or map without its own
// UnmarshalJSON), treating [] as an empty object.
func decodeLooseObject(b []byte, v any) error {
	if isEmptyJSONArray(b) {
		return nil
	}
	return json.Unmarshal(b, v)
}

type certificateProductWire struct {
	ID          looseInt                         `json:"id"`
	Name        string                           `json:"name"`
	Description string                           `json:"description"`
	Periods     looseList[certificatePeriodWire] `json:"periods"`
	Category    string                           `json:"category"`
	CategoryURL string                           `json:"category_url"`
}

func (w *certificateProductWire) public() CertificateProduct {
	return CertificateProduct{
		ID: int64(w.ID), Name: w.Name, Description: w.Description,
		Periods: convert(w.Periods, (*certificatePeriodWire).public), Category: w.Category, CategoryURL: w.CategoryURL,
	}
}

type certificatePeriodWire struct {
	Years looseInt `json:"years"`
	Price Decimal  `json:"price"`
	Renew Decimal  `json:"renew"`
}

func (w *certificatePeriodWire) public() CertificatePeriod {
	return CertificatePeriod{Years: int64(w.Years), Price: w.Price, Renew: w.Renew}
}

type certificateSoftwareWire struct {
	ID   looseInt `json:"id"`
	Name string   `json:"name"`
}

func (w *certificateSoftwareWire) public() CertificateSoftware {
	return CertificateSoftware{ID: int64(w.ID), Name: w.Name}
}

// certificateOrderBody is the body of POST /certificate/order.
type certificateOrderBody struct {
	ProductID     int64                        `json:"product_id"`
	CSR           string                       `json:"csr"`
	Years         int64                        `json:"years"`
	PayMethod     int64                        `json:"pay_method"`
	ApproverEmail string                       `json:"approver_email,omitempty"`
	Admin         int64                        `json:"admin,omitempty"`
	Tech          int64                        `json:"tech,omitempty"`
	Billing       int64                        `json:"billing,omitempty"`
	Organization  *certificateOrganizationWire `json:"organization,omitempty"`
	Software      *int64                       `json:"software,omitempty"`
	Data          map[string]any               `json:"data,omitempty"`
	AffiliateID   int64                        `json:"aff_id,omitempty"`
}

func (o CertificateOrderRequest) wire() certificateOrderBody {
	return certificateOrderBody{
		ProductID: o.ProductID, CSR: o.CSR, Years: o.Years, PayMethod: o.PayMethod, ApproverEmail: o.ApproverEmail,
		Admin: o.Admin, Tech: o.Tech, Billing: o.Billing, Organization: organizationWire(o.Organization),
		Software: o.Software, Data: o.Data, AffiliateID: o.AffiliateID,
	}
}
