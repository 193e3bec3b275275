package unmetered

// Public types of the Domains section's registrations and registrar settings (domains.go).
// The wire forms they are decoded from are in domains_wire.go.

// DomainStatus is a domain registration's status. The server may send a status not listed
// here; the field then holds it as sent.
type DomainStatus string

// The domain statuses. The API reference shows Active and Expired; the others are the statuses
// HostBill, which runs the portal, gives a domain through its life: ordered (Pending, Pending
// Registration, Pending Transfer), Active, then Expired or Cancelled.
const (
	// DomainPending: ordered; the registration or transfer has not started (often an unpaid
	// invoice).
	DomainPending DomainStatus = "Pending"
	// DomainPendingRegistration: paid; the registrar has not registered the name yet.
	DomainPendingRegistration DomainStatus = "Pending Registration"
	// DomainPendingTransfer: the transfer in from another registrar is under way.
	DomainPendingTransfer DomainStatus = "Pending Transfer"
	// DomainActive: registered and in use.
	DomainActive DomainStatus = "Active"
	// DomainExpired: past its expiry date without renewal; Renew may still recover it.
	DomainExpired DomainStatus = "Expired"
	// DomainCancelled: the registration was cancelled.
	DomainCancelled DomainStatus = "Cancelled"
)

// Domain is a domain registration on the account. List fills the summary fields (ID, Name,
// Status, DateCreated, Expires, Period, RecurringAmount, AutoRenew and DaysToExpire); Get and
// GetByName fill everything but DaysToExpire.
type Domain struct {
	ID     int64        `json:"id"`
	Name   string       `json:"name"`
	Status DomainStatus `json:"status"`
	// DateCreated is the day the domain was ordered.
	DateCreated Date `json:"date_created,omitzero"`
	// Expires is the registration's expiry date (zero while the registrar has reported none,
	// e.g. for a pending registration).
	Expires Date `json:"expires,omitzero"`
	// NextDue is the due date of the next renewal invoice; NextInvoice the day it is issued
	// (Get and GetByName only).
	NextDue     Date `json:"next_due,omitzero"`
	NextInvoice Date `json:"next_invoice,omitzero"`
	// Period is the registration and billing period in years.
	Period int64 `json:"period"`
	// FirstPayment (Get and GetByName only) and RecurringAmount are amounts in the account's
	// currency.
	FirstPayment    Decimal `json:"first_payment,omitzero"`
	RecurringAmount Decimal `json:"recurring_amount,omitzero"`
	// IDProtection reports whether WHOIS ID protection is on (Get and GetByName only).
	IDProtection bool `json:"id_protection"`
	// AutoRenew reports whether a renewal is ordered automatically before the domain expires.
	AutoRenew bool `json:"auto_renew"`
	// Nameservers are the domain's nameservers, in order (Get and GetByName only; empty from
	// List).
	Nameservers []string `json:"nameservers,omitempty"`
	// DaysToExpire is the server's count of days from its today to Expires (List only). 0 means
	// the domain expires today, has expired or has no expiry date yet: check Status and Expires.
	DaysToExpire int64 `json:"days_to_expire"`
}

// The responses of the reads below are not documented by the API reference. Their typed fields
// follow the shape the fake portal (unmeteredtest) serves; Raw keeps the whole response as the
// server sent it, so that whatever else a real server sends is not lost.

// DomainNameservers is the response of Nameservers (GET /domain/@id/ns).
type DomainNameservers struct {
	// Nameservers are the nameservers the registrar holds for the domain, in order.
	Nameservers []string `json:"nameservers"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// DomainEPPCode is the response of EPPCode (GET /domain/@id/epp). It has no Raw field: the
// response is the code itself, which must not print by accident.
type DomainEPPCode struct {
	// Code is the transfer authorisation code: a credential, so it prints as "[REDACTED]";
	// read it with Code.Reveal(). It is empty when the registrar sends the code to the
	// registrant by email instead.
	Code Secret `json:"code"`
}

// DomainSync is the response of Sync (GET /domain/@id/sync): the domain as the registrar
// reported it.
type DomainSync struct {
	Status  DomainStatus `json:"status"`
	Expires Date         `json:"expires,omitzero"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// DomainRegistrarLock is the response of RegistrarLock (GET /domain/@id/reglock).
type DomainRegistrarLock struct {
	// Locked reports whether the registrar (transfer) lock is on.
	Locked bool `json:"locked"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// DomainAutoRenew is the response of AutoRenew (GET /domain/@id/autorenew).
type DomainAutoRenew struct {
	// Enabled reports whether automatic renewal is on.
	Enabled bool `json:"enabled"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// DomainContacts are a domain's WHOIS contacts (GET /domain/@id/contact). A contact the
// server leaves out is nil.
type DomainContacts struct {
	Registrant *DomainContact `json:"registrant,omitempty"`
	Admin      *DomainContact `json:"admin,omitempty"`
	Tech       *DomainContact `json:"tech,omitempty"`
	Billing    *DomainContact `json:"billing,omitempty"`
	// Raw is the whole response as sent: registrars may keep more fields per contact.
	Raw Object `json:"raw,omitempty"`
}

// DomainContact is one WHOIS contact of a domain, in the fields of the account's own profile
// (see AccountDetails).
type DomainContact struct {
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	CompanyName string `json:"company_name"`
	Email       string `json:"email"`
	Address1    string `json:"address1"`
	Address2    string `json:"address2"`
	City        string `json:"city"`
	State       string `json:"state"`
	PostCode    string `json:"post_code"`
	// Country is a two-letter code, e.g. "US".
	Country string `json:"country"`
	// Phone is the phone number, e.g. "+1.24123123".
	Phone string `json:"phone"`
}

// DomainEmailForwarding is the response of EmailForwarding (GET /domain/@id/emforwarding).
type DomainEmailForwarding struct {
	// Rules are the forwarding rules, one per mailbox.
	Rules []DomainEmailForward `json:"rules"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// DomainEmailForward is one email forwarding rule of a domain.
type DomainEmailForward struct {
	// From is the mailbox at the domain, e.g. "info" for info@example.com.
	From string `json:"from"`
	// To is the address mail is forwarded to.
	To string `json:"to"`
}

// AutoRenewRequest is the request of SetAutoRenew.
type AutoRenewRequest struct {
	// Enabled turns automatic renewal on (true) or off (false).
	Enabled bool
}

// RegistrarLockRequest is the request of SetRegistrarLock.
type RegistrarLockRequest struct {
	// Locked turns the registrar (transfer) lock on (true) or off (false).
	Locked bool
}

// IDProtectionRequest is the request of SetIDProtection.
type IDProtectionRequest struct {
	// Enabled turns WHOIS ID protection on (true) or off (false).
	Enabled bool
}

// EmailForwardingRequest is the request of SetEmailForwarding. Both fields are required.
type EmailForwardingRequest struct {
	// From is the mailbox at the domain, e.g. "info" (or "info@example.com").
	From string `json:"from"`
	// To is the address to forward its mail to.
	To string `json:"to"`
}

// DomainForwardingType is how SetForwarding forwards web requests. The API reference
// documents none; these are the kinds the fake portal (unmeteredtest) accepts.
type DomainForwardingType string

// The kinds of web forwarding.
const (
	// DomainForwardPermanent redirects with HTTP 301 (the fake portal's default).
	DomainForwardPermanent DomainForwardingType = "301"
	// DomainForwardTemporary redirects with HTTP 302.
	DomainForwardTemporary DomainForwardingType = "302"
	// DomainForwardFrame shows the target inside a frame under the domain's own address.
	DomainForwardFrame DomainForwardingType = "frame"
)

// DomainForwardingRequest is the request of SetForwarding. The API reference documents no
// fields; these are the ones the fake portal (unmeteredtest) takes. URL is required; a zero
// Type is left out (the server's default).
type DomainForwardingRequest struct {
	// URL is the target, an http or https address.
	URL  string               `json:"url"`
	Type DomainForwardingType `json:"type,omitempty"`
}

// RegisterNameserverRequest is the request of RegisterNameserver: a nameserver host under the
// domain and its address (a glue record). The API reference documents no fields; these are the
// ones the fake portal (unmeteredtest) takes. Both are required.
type RegisterNameserverRequest struct {
	// Nameserver is the host name, under the domain, e.g. "ns1.example.com".
	Nameserver string `json:"nameserver"`
	// IP is its IPv4 or IPv6 address, e.g. "192.0.2.53".
	IP string `json:"ip"`
}

// DomainContactsRequest is the request of UpdateContacts: the WHOIS contacts to replace. A nil
// contact is left unchanged; each one given replaces that contact as a whole, with its empty
// fields left out, so send every field (read Contacts, change what you need, send it back). At
// least one contact is required.
type DomainContactsRequest struct {
	Registrant *DomainContact
	Admin      *DomainContact
	Tech       *DomainContact
	Billing    *DomainContact
}
