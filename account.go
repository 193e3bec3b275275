package unmetered

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
)

// AccountService covers the API's "Clientarea" section: the account's profile, logs, affiliate
// program, contacts, portal notifications and statuses. Reach it as Client.Account.
type AccountService service

// AccountDetails is the account holder's registration profile.
type AccountDetails struct {
	ID          Int    `json:"id"`
	Email       string `json:"email"`
	LastLogin   Time   `json:"lastlogin"`
	IP          string `json:"ip"`
	Host        string `json:"host"`
	FirstName   string `json:"firstname"`
	LastName    string `json:"lastname"`
	CompanyName string `json:"companyname"`
	Address1    string `json:"address1"`
	Address2    string `json:"address2"`
	City        string `json:"city"`
	State       string `json:"state"`
	PostCode    string `json:"postcode"`
	Country     string `json:"country"`
	Phone       string `json:"phonenumber"`
}

// Profile holds the registration fields that UpdateDetails, CreateContact and UpdateContact send.
// A nil field is left out of the request (and so left unchanged by an update); point at "" to
// clear a field. The String function makes a pointer from a literal.
type Profile struct {
	Email       *string `json:"email,omitempty"`
	FirstName   *string `json:"firstname,omitempty"`
	LastName    *string `json:"lastname,omitempty"`
	CompanyName *string `json:"companyname,omitempty"`
	Address1    *string `json:"address1,omitempty"`
	Address2    *string `json:"address2,omitempty"`
	City        *string `json:"city,omitempty"`
	State       *string `json:"state,omitempty"`
	PostCode    *string `json:"postcode,omitempty"`
	Country     *string `json:"country,omitempty"` // two-letter code, e.g. "US"
	Phone       *string `json:"phonenumber,omitempty"`
	// Type is the account type: "Private" or "Company".
	Type *string `json:"type,omitempty"`
	// MobilePhone receives SMS notifications; start it with the country prefix, e.g. "+1".
	MobilePhone *string `json:"mobilephone,omitempty"`
	// RIPETech and RIPEAdmin mark the profile as RIPE technical or administrative/abuse contact:
	// []string{"checked"} to set, an empty non-nil slice to clear.
	RIPETech   []string `json:"ripetech,omitempty"`
	RIPEAdmin  []string `json:"ripeadmin,omitempty"`
	RIPEPerson *string  `json:"ripeperson,omitempty"`
	RIPERole   *string  `json:"riperole,omitempty"`
	// Authy enables two-factor authentication with Authy: []string{"Yes"}.
	Authy []string `json:"authy,omitempty"`
}

// String returns a pointer to s, for the optional fields of request structs such as Profile.
func String(s string) *string { return &s }

// Details returns the account's registration details (GET /details).
func (s *AccountService) Details(ctx context.Context) (*AccountDetails, error) {
	var out struct {
		Client *AccountDetails `json:"client"`
	}
	rt := staticRoute(http.MethodGet, "/details")
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return nil, err
	}
	return required(out.Client, rt, "client")
}

// UpdateDetails changes the account's registration details (PUT /details) and returns them as
// the server now holds them. Only the non-nil fields of p are sent.
func (s *AccountService) UpdateDetails(ctx context.Context, p *Profile) (*AccountDetails, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: UpdateDetails needs a Profile", ErrInvalidArgument)
	}
	var out struct {
		Client *AccountDetails `json:"client"`
	}
	rt := staticRoute(http.MethodPut, "/details")
	if err := s.client.do(ctx, rt, p, &out); err != nil {
		return nil, err
	}
	return required(out.Client, rt, "client")
}

// Logs is the account's history log (GET /logs). The API reference does not document its shape,
// so the response is kept whole: read it with Object's Decode, Text and Keys.
type Logs struct{ Object }

// Logs returns the account's history log (GET /logs).
func (s *AccountService) Logs(ctx context.Context) (*Logs, error) {
	return get[Logs](ctx, s.client, staticRoute(http.MethodGet, "/logs"))
}

// The affiliate reads' responses are not documented by the API reference; each is kept whole as
// an Object (read it with Decode, Text and Keys) under its own type, so that typed fields can be
// added later without breaking callers.
type (
	// AffiliateSummary is the response of GET /affiliates/summary.
	AffiliateSummary struct{ Object }
	// AffiliateCampaigns is the response of GET /affiliates/campaigns.
	AffiliateCampaigns struct{ Object }
	// AffiliateCommissions is the response of GET /affiliates/commissions.
	AffiliateCommissions struct{ Object }
	// AffiliatePayouts is the response of GET /affiliates/payouts.
	AffiliatePayouts struct{ Object }
	// AffiliateVouchers is the response of GET /affiliates/vouchers.
	AffiliateVouchers struct{ Object }
	// AffiliateCommissionPlans is the response of GET /affiliates/commissionplans.
	AffiliateCommissionPlans struct{ Object }
)

// AffiliateSummary returns the affiliate account's summary (GET /affiliates/summary).
func (s *AccountService) AffiliateSummary(ctx context.Context) (*AffiliateSummary, error) {
	return get[AffiliateSummary](ctx, s.client, staticRoute(http.MethodGet, "/affiliates/summary"))
}

// AffiliateCampaigns returns the affiliate campaigns (GET /affiliates/campaigns).
func (s *AccountService) AffiliateCampaigns(ctx context.Context) (*AffiliateCampaigns, error) {
	return get[AffiliateCampaigns](ctx, s.client, staticRoute(http.MethodGet, "/affiliates/campaigns"))
}

// AffiliateCommissions returns the affiliate commissions (GET /affiliates/commissions).
func (s *AccountService) AffiliateCommissions(ctx context.Context) (*AffiliateCommissions, error) {
	return get[AffiliateCommissions](ctx, s.client, staticRoute(http.MethodGet, "/affiliates/commissions"))
}

// AffiliatePayouts returns the affiliate payouts (GET /affiliates/payouts).
func (s *AccountService) AffiliatePayouts(ctx context.Context) (*AffiliatePayouts, error) {
	return get[AffiliatePayouts](ctx, s.client, staticRoute(http.MethodGet, "/affiliates/payouts"))
}

// AffiliateVouchers returns the affiliate vouchers (GET /affiliates/vouchers).
func (s *AccountService) AffiliateVouchers(ctx context.Context) (*AffiliateVouchers, error) {
	return get[AffiliateVouchers](ctx, s.client, staticRoute(http.MethodGet, "/affiliates/vouchers"))
}

// AffiliateCommissionPlans returns the affiliate commission plans (GET /affiliates/commissionplans).
func (s *AccountService) AffiliateCommissionPlans(ctx context.Context) (*AffiliateCommissionPlans, error) {
	return get[AffiliateCommissionPlans](ctx, s.client, staticRoute(http.MethodGet, "/affiliates/commissionplans"))
}

// Contact is a contact (a sub-profile that may log in) on the account. The list endpoint fills
// the summary fields (ID, Email, names, Company, LastLogin); Contact fills the rest.
type Contact struct {
	ID          Int    `json:"id"`
	Email       string `json:"email"`
	FirstName   string `json:"firstname"`
	LastName    string `json:"lastname"`
	CompanyName string `json:"companyname"`
	// Company reports whether the contact is a company (the list's "company" flag).
	Company   Bool   `json:"company"`
	LastLogin Time   `json:"lastlogin"`
	Address1  string `json:"address1"`
	Address2  string `json:"address2"`
	City      string `json:"city"`
	State     string `json:"state"`
	PostCode  string `json:"postcode"`
	Country   string `json:"country"`
	Phone     string `json:"phonenumber"`
	// Type is the account type: "Private" or "Company".
	Type string `json:"type"`
	// Privileges are the contact's privileges (filled by Contact, not by Contacts).
	Privileges *Privileges `json:"privileges,omitempty"`
}

// Contacts lists the contacts on the account (GET /contact).
func (s *AccountService) Contacts(ctx context.Context) ([]Contact, error) {
	return getList[Contact](ctx, s.client, staticRoute(http.MethodGet, "/contact"), "contacts")
}

// Contact returns one contact with its address and privileges (GET /contact/@id).
func (s *AccountService) Contact(ctx context.Context, id int64) (*Contact, error) {
	var out struct {
		Contact *Contact `json:"contact"`
	}
	rt, err := newRoute(http.MethodGet, "/contact/@id", id)
	if err != nil {
		return nil, err
	}
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return nil, err
	}
	return required(out.Contact, rt, "contact")
}

// NewContact is the request of CreateContact.
type NewContact struct {
	Profile
	// Password, when set, lets the contact log in with its own email address.
	Password string `json:"password,omitempty"`
	// Privileges to grant, in the shape ContactPrivileges returns.
	Privileges *Privileges `json:"privileges,omitempty"`
}

// CreateContact adds a contact to the account (POST /contact) and returns its id. It is never
// sent twice: a failure after the request may have reached the server is returned, not retried;
// when MaybeApplied(err) is true, check Contacts before trying again.
func (s *AccountService) CreateContact(ctx context.Context, c *NewContact) (int64, error) {
	if c == nil {
		return 0, fmt.Errorf("%w: CreateContact needs a NewContact", ErrInvalidArgument)
	}
	if c.Email == nil || *c.Email == "" {
		return 0, fmt.Errorf("%w: CreateContact needs an email address", ErrInvalidArgument)
	}
	var out struct {
		ContactID Int `json:"contact_id"`
	}
	// The contact's password must not reach an error if the server echoes the request.
	rt := staticRoute(http.MethodPost, "/contact")
	r := rt.request(c)
	r.secrets = []string{c.Password}
	if err := s.client.call(ctx, r, &out); err != nil {
		return 0, err
	}
	if out.ContactID == 0 {
		return 0, fmt.Errorf("unmetered: POST /contact: the response carries no contact_id")
	}
	return int64(out.ContactID), nil
}

// ContactUpdate is the request of UpdateContact; nil fields are left unchanged.
type ContactUpdate struct {
	Profile
	// Privileges, when non-nil, replace the contact's privileges.
	Privileges *Privileges `json:"privileges,omitempty"`
}

// UpdateContact changes a contact's details or privileges (PUT /contact/@id).
func (s *AccountService) UpdateContact(ctx context.Context, id int64, u *ContactUpdate) error {
	if u == nil {
		return fmt.Errorf("%w: UpdateContact needs a ContactUpdate", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodPut, "/contact/@id", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, u, nil)
}

// ContactPrivileges lists the privileges that can be granted to contacts (GET /contact/privileges),
// including per-service and per-domain privileges.
func (s *AccountService) ContactPrivileges(ctx context.Context) (*Privileges, error) {
	var out struct {
		Privileges *Privileges `json:"privileges"`
	}
	rt := staticRoute(http.MethodGet, "/contact/privileges")
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return nil, err
	}
	return required(out.Privileges, rt, "privileges")
}

// Privileges is the privilege tree of a contact, or the tree of grantable privileges.
// Billing, Support and Misc hold keys such as "payinvoice", "newticket" or "manageprofiles";
// Services and Domains hold full control and per-object grants. Sections the SDK does not know
// are kept in Other and sent back unchanged.
type Privileges struct {
	Billing  []string          `json:"billing,omitempty"`
	Support  []string          `json:"support,omitempty"`
	Misc     []string          `json:"misc,omitempty"`
	Services *ObjectPrivileges `json:"services,omitempty"`
	Domains  *ObjectPrivileges `json:"domains,omitempty"`
	Other    Object            `json:"-"`
}

// UnmarshalJSON accepts the tree as an object, or as an empty array (PHP's empty map).
func (p *Privileges) UnmarshalJSON(b []byte) error {
	*p = Privileges{}
	if isEmptyJSONArray(b) || string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return wireError("Privileges", b, err)
	}
	for key, v := range raw {
		var err error
		switch key {
		case "billing":
			p.Billing, err = decodeStrings(v)
		case "support":
			p.Support, err = decodeStrings(v)
		case "misc":
			p.Misc, err = decodeStrings(v)
		case "services":
			p.Services = new(ObjectPrivileges)
			err = json.Unmarshal(v, p.Services)
		case "domains":
			p.Domains = new(ObjectPrivileges)
			err = json.Unmarshal(v, p.Domains)
		default:
			if p.Other == nil {
				p.Other = Object{}
			}
			p.Other[key] = v
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON encodes the tree in the shape the server sends, Other's sections included.
func (p Privileges) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(p.Other)+5)
	for k, v := range p.Other {
		m[k] = v
	}
	if p.Billing != nil {
		m["billing"] = p.Billing
	}
	if p.Support != nil {
		m["support"] = p.Support
	}
	if p.Misc != nil {
		m["misc"] = p.Misc
	}
	if p.Services != nil {
		m["services"] = p.Services
	}
	if p.Domains != nil {
		m["domains"] = p.Domains
	}
	return json.Marshal(m)
}

// ObjectPrivileges are the privileges over services or domains: Full grants full control over
// all of them; ByID grants privileges (e.g. "basic", "renew", "nameservers") per service or
// domain id.
type ObjectPrivileges struct {
	Full bool
	ByID map[int64][]string
}

// IDs returns the ids in ByID in ascending order.
func (o *ObjectPrivileges) IDs() []int64 {
	ids := make([]int64, 0, len(o.ByID))
	for id := range o.ByID {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// UnmarshalJSON reads {"full": 1, "332": ["basic", ...]} (or an empty array).
func (o *ObjectPrivileges) UnmarshalJSON(b []byte) error {
	*o = ObjectPrivileges{}
	if isEmptyJSONArray(b) || string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return wireError("ObjectPrivileges", b, err)
	}
	for key, v := range raw {
		if key == "full" {
			var full Bool
			if err := full.UnmarshalJSON(v); err != nil {
				return err
			}
			o.Full = bool(full)
			continue
		}
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return wireError("ObjectPrivileges", b, fmt.Errorf("key %q is neither \"full\" nor an id", key))
		}
		list, err := decodeStrings(v)
		if err != nil {
			return err
		}
		if o.ByID == nil {
			o.ByID = map[int64][]string{}
		}
		o.ByID[id] = list
	}
	return nil
}

// MarshalJSON writes the server's shape: {"full": 1, "332": [...]}.
func (o ObjectPrivileges) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(o.ByID)+1)
	if o.Full {
		m["full"] = 1
	}
	for id, list := range o.ByID {
		m[strconv.FormatInt(id, 10)] = list
	}
	return json.Marshal(m)
}

func decodeStrings(b []byte) ([]string, error) {
	var l List[string]
	if err := l.UnmarshalJSON(b); err != nil {
		return nil, err
	}
	return []string(l), nil
}

// NotificationFilter narrows Notifications and NewNotifications; empty fields do not filter.
type NotificationFilter struct {
	// RelType is the relation type, e.g. "Invoice", "Service" or "Domain".
	RelType string
	// RelID is the id of the related object.
	RelID string
}

func (f *NotificationFilter) query() url.Values {
	if f == nil {
		return nil
	}
	q := url.Values{}
	if f.RelType != "" {
		q.Set("rel_type", f.RelType)
	}
	if f.RelID != "" {
		q.Set("rel_id", f.RelID)
	}
	return q
}

// Notifications is a list of portal notifications. Its shape is not documented by the API
// reference, so the response is kept whole: read it with Object's Decode, Text and Keys.
type Notifications struct{ Object }

// Notifications returns all portal notifications, optionally filtered (GET /notifications).
// filter may be nil.
func (s *AccountService) Notifications(ctx context.Context, filter *NotificationFilter) (*Notifications, error) {
	return get[Notifications](ctx, s.client, staticRoute(http.MethodGet, "/notifications").withQuery(filter.query()))
}

// NewNotifications returns only unread portal notifications, optionally filtered
// (GET /notifications/new). filter may be nil.
func (s *AccountService) NewNotifications(ctx context.Context, filter *NotificationFilter) (*Notifications, error) {
	return get[Notifications](ctx, s.client, staticRoute(http.MethodGet, "/notifications/new").withQuery(filter.query()))
}

// AckNotification marks a notification as read (PUT /notifications/@id/ack).
func (s *AccountService) AckNotification(ctx context.Context, id int64) error {
	rt, err := newRoute(http.MethodPut, "/notifications/@id/ack", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}

// Statuses is the response of GET /statuses, kept whole (its shape is not documented).
type Statuses struct{ Object }

// Statuses lists the account's statuses, only those with the given status when status is not
// empty (GET /statuses?status=...).
func (s *AccountService) Statuses(ctx context.Context, status string) (*Statuses, error) {
	rt := staticRoute(http.MethodGet, "/statuses")
	if status != "" {
		rt = rt.withQuery(url.Values{"status": {status}})
	}
	return get[Statuses](ctx, s.client, rt)
}

// StatusDetails is the response of PUT /statuses/@id, kept whole (its shape is not documented).
type StatusDetails struct{ Object }

// Status returns the details of one status (the API serves this read as PUT /statuses/@id).
func (s *AccountService) Status(ctx context.Context, id int64) (*StatusDetails, error) {
	rt, err := newRoute(http.MethodPut, "/statuses/@id", id)
	if err != nil {
		return nil, err
	}
	out := new(StatusDetails)
	if err := s.client.do(ctx, rt, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}
