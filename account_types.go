package unmetered

import "time"

// Public types of the Account service (the API's "Clientarea" section). Their wire forms and
// conversions are in account_wire.go; the privilege tree is in account_privileges.go.

// AccountType is whether an account or contact is a private person or a company, as the
// reference lists it. The server may send values not listed here; the field then holds them as
// sent.
type AccountType string

// The account types the reference lists.
const (
	AccountPrivate AccountType = "Private"
	AccountCompany AccountType = "Company"
)

// AccountDetails is the account holder's registration profile.
type AccountDetails struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	// LastLogin, IP and Host describe the latest login. An invoice's billed party (Invoice.Client)
	// does not carry them: they are then zero and empty, and left out of its JSON.
	LastLogin   time.Time `json:"last_login,omitzero"`
	IP          string    `json:"ip,omitempty"`
	Host        string    `json:"host,omitempty"`
	FirstName   string    `json:"first_name"`
	LastName    string    `json:"last_name"`
	CompanyName string    `json:"company_name"`
	Address1    string    `json:"address1"`
	Address2    string    `json:"address2"`
	City        string    `json:"city"`
	State       string    `json:"state"`
	PostCode    string    `json:"post_code"`
	// Country is the two-letter country code, e.g. "US".
	Country string `json:"country"`
	Phone   string `json:"phone"`
}

// UpdateDetailsRequest is the request of Account.UpdateDetails. A nil field is not sent, so the
// server leaves it unchanged; point at "" to clear a text field. The String function makes a
// pointer from a literal: UpdateDetailsRequest{City: unmetered.String("Austin")}.
type UpdateDetailsRequest struct {
	Email       *string
	FirstName   *string
	LastName    *string
	CompanyName *string
	Address1    *string
	Address2    *string
	City        *string
	State       *string
	PostCode    *string
	// Country is a two-letter country code, e.g. "US".
	Country *string
	Phone   *string
	// Type changes the account type when not empty.
	Type AccountType
	// MobilePhone receives SMS notifications; start it with the country prefix, e.g. "+1".
	MobilePhone *string
	// RIPETech and RIPEAdmin mark the profile as RIPE technical, or administrative and abuse,
	// contact; Authy turns two-factor authentication with Authy on. nil leaves the setting
	// unchanged, a pointer to true or false sets it.
	RIPETech   *bool
	RIPEAdmin  *bool
	RIPEPerson *string
	RIPERole   *string
	Authy      *bool
}

// String returns a pointer to s, for the optional fields of request structs such as
// UpdateDetailsRequest.
func String(s string) *string { return &s }

// LogEntry is one entry of the account's history log.
//
// The API reference documents no shape for GET /logs; the SDK reads {"logs": [{"id", "date",
// "type", "description"}]}, as unmeteredtest serves it. Entries the server sends in another
// shape decode with empty fields.
type LogEntry struct {
	ID   int64     `json:"id"`
	Date time.Time `json:"date,omitzero"`
	// Type is the kind of event, e.g. "Login" or "Profile".
	Type        string `json:"type"`
	Description string `json:"description"`
}

// AffiliateSummary is the affiliate account's summary.
//
// The API reference documents no shape for the affiliate reads. The typed fields are those
// unmeteredtest serves ({"summary": {"visits", "signups", "balance", "currency"}}); Raw keeps
// the whole summary object as sent, for anything else the portal reports.
type AffiliateSummary struct {
	// Visits and Signups count the visitors referred and the accounts they opened.
	Visits  int64 `json:"visits"`
	Signups int64 `json:"signups"`
	// Balance is the commission earned and not yet paid out, in Currency.
	Balance  Decimal `json:"balance,omitzero"`
	Currency string  `json:"currency"`
	// Raw is the summary object as the server sent it.
	Raw Object `json:"raw,omitempty"`
}

// AffiliateCampaign is an affiliate campaign: a referral link. The reference documents no shape;
// the SDK reads {"campaigns": [{"id", "name", "url"}]}, as unmeteredtest serves it.
type AffiliateCampaign struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// AffiliateCommission is a commission earned by a referral. The reference documents no shape;
// the SDK reads {"commissions": [{"id", "amount", "status"}]}, as unmeteredtest serves it.
type AffiliateCommission struct {
	ID     int64   `json:"id"`
	Amount Decimal `json:"amount,omitzero"`
	// Status is the commission's status as the server names it, e.g. "Approved".
	Status string `json:"status"`
}

// AffiliatePayout is a payout of affiliate commissions. The reference documents no shape; the
// SDK reads {"payouts": [{"id", "amount", "date"}]}, as unmeteredtest serves it.
type AffiliatePayout struct {
	ID     int64   `json:"id"`
	Amount Decimal `json:"amount,omitzero"`
	Date   Date    `json:"date,omitzero"`
}

// AffiliateVoucher is a promotion code tied to the affiliate account. The reference documents
// no shape; the SDK reads {"vouchers": [{"id", "code", "value"}]}, as unmeteredtest serves it.
type AffiliateVoucher struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	// Value is the discount as the server words it, e.g. "10%" or "5.00".
	Value string `json:"value"`
}

// AffiliateCommissionPlan is a commission plan of the affiliate program. The reference documents
// no shape; the SDK reads {"plans": [{"id", "name", "type", "rate"}]}, as unmeteredtest serves
// it.
type AffiliateCommissionPlan struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Type is how Rate applies, as the server names it, e.g. "Percent" (Rate is a percentage of
	// the sale) or a fixed amount.
	Type string  `json:"type"`
	Rate Decimal `json:"rate,omitzero"`
}

// Contact is a contact (a sub-profile that may log in) on the account. Contacts (the list)
// fills ID, Email, FirstName, LastName, CompanyName, Company, Type and LastLogin; Contact (one
// contact) fills every field but LastLogin.
type Contact struct {
	ID          int64  `json:"id"`
	Email       string `json:"email"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	CompanyName string `json:"company_name"`
	// Company reports whether the contact is a company, and Type says the same: the list sends
	// a company flag and Contact the type, and the SDK fills each from the other.
	Company bool        `json:"company"`
	Type    AccountType `json:"type"`
	// LastLogin is zero when the contact never logged in (Contacts only).
	LastLogin time.Time `json:"last_login,omitzero"`
	// The address and phone are filled by Contact only; JSON leaves them out when empty.
	Address1 string `json:"address1,omitempty"`
	Address2 string `json:"address2,omitempty"`
	City     string `json:"city,omitempty"`
	State    string `json:"state,omitempty"`
	PostCode string `json:"post_code,omitempty"`
	Country  string `json:"country,omitempty"`
	Phone    string `json:"phone,omitempty"`
	// Privileges are the contact's privileges (Contact only; nil from Contacts).
	Privileges *Privileges `json:"privileges,omitempty"`
}

// CreateContactRequest is the request of Account.CreateContact. Email is required; empty fields
// are not sent.
type CreateContactRequest struct {
	Email       string
	FirstName   string
	LastName    string
	CompanyName string
	Address1    string
	Address2    string
	City        string
	State       string
	PostCode    string
	// Country is a two-letter country code, e.g. "US".
	Country string
	Phone   string
	// Type is the contact's account type; the server's default (Private) when empty.
	Type AccountType
	// MobilePhone receives SMS notifications; start it with the country prefix, e.g. "+1".
	MobilePhone string
	// RIPETech and RIPEAdmin make the contact a RIPE technical, or administrative and abuse,
	// contact; Authy turns two-factor authentication with Authy on.
	RIPETech   bool
	RIPEAdmin  bool
	RIPEPerson string
	RIPERole   string
	Authy      bool
	// Password, when set, lets the contact log in with its own email address. It never appears
	// in an error or log line.
	Password string
	// Privileges to grant, in the shape ContactPrivileges returns; nil grants none.
	Privileges *Privileges
}

// UpdateContactRequest is the request of Account.UpdateContact. A nil field is not sent, so the
// server leaves it unchanged; point at "" to clear a text field (see String).
type UpdateContactRequest struct {
	Email       *string
	FirstName   *string
	LastName    *string
	CompanyName *string
	Address1    *string
	Address2    *string
	City        *string
	State       *string
	PostCode    *string
	// Country is a two-letter country code, e.g. "US".
	Country *string
	Phone   *string
	// Type changes the contact's account type when not empty.
	Type        AccountType
	MobilePhone *string
	// RIPETech, RIPEAdmin and Authy: nil leaves the setting unchanged, a pointer to true or
	// false sets it (see UpdateDetailsRequest).
	RIPETech   *bool
	RIPEAdmin  *bool
	RIPEPerson *string
	RIPERole   *string
	Authy      *bool
	// Privileges, when not nil, replace the contact's privileges (an empty Privileges revokes
	// them all).
	Privileges *Privileges
}

// NotificationFilter narrows Notifications and NewNotifications; zero fields do not filter, so
// NotificationFilter{} lists everything.
type NotificationFilter struct {
	// RelType is the type of the related object, e.g. "Invoice", "Service", "Domain" or
	// "Ticket".
	RelType string
	// RelID is the id of the related object (at least 1), or 0 for any.
	RelID int64
}

// Notification is a portal notification: a message about an object of the account.
//
// The API reference documents no shape for the notification reads; the SDK reads
// {"notifications": [{"id", "rel_type", "rel_id", "subject", "date", "seen"}]}, as
// unmeteredtest serves it.
type Notification struct {
	ID int64 `json:"id"`
	// RelType and RelID name the object the notification is about, e.g. "Invoice" 308977.
	RelType string    `json:"rel_type"`
	RelID   int64     `json:"rel_id"`
	Subject string    `json:"subject"`
	Date    time.Time `json:"date,omitzero"`
	// Seen reports whether the notification was acknowledged (see AckNotification).
	Seen bool `json:"seen"`
}

// StatusFilter narrows Statuses; the zero value lists every status.
type StatusFilter struct {
	// Status, when not empty, keeps only the entries with that status, e.g. "Scheduled".
	Status string
}

// PortalStatus is an entry of the portal's status page: the state of a part of the network or
// a maintenance window.
//
// The API reference documents no shape for the status reads; the SDK reads {"statuses": [...]}
// and {"status": {...}} with the fields below, as unmeteredtest serves them.
type PortalStatus struct {
	ID int64 `json:"id"`
	// Status is the entry's state as the server names it, e.g. "Active" or "Scheduled".
	Status      string `json:"status"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Date is when the entry starts (a maintenance window) or was last updated.
	Date time.Time `json:"date,omitzero"`
}
