package unmetered

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// AccountService covers the API's "Clientarea" section: the account's profile, logs, affiliate
// program, contacts, portal notifications and statuses. Reach it as Client.Account.
type AccountService service

// Details returns the account's registration details (GET /details).
func (s *AccountService) Details(ctx context.Context) (*AccountDetails, error) {
	return s.details(ctx, staticRoute(http.MethodGet, "/details"), nil)
}

// UpdateDetails changes the account's registration details (PUT /details) and returns them as
// the server now holds them. Only the fields req sets are sent; a request that sets none is
// refused with an error wrapping ErrInvalidArgument before anything is sent.
func (s *AccountService) UpdateDetails(ctx context.Context, req UpdateDetailsRequest) (*AccountDetails, error) {
	body := req.body()
	if body == (profileBody{}) {
		return nil, fmt.Errorf("%w: UpdateDetails: the request sets no field", ErrInvalidArgument)
	}
	return s.details(ctx, staticRoute(http.MethodPut, "/details"), body)
}

// details sends rt and reads the account under "client". It decodes in one pass, into a wire
// form held by value (no getKey, no second allocation): Details is the SDK's per-call overhead
// benchmark. An absent, null or empty "client" is an error.
func (s *AccountService) details(ctx context.Context, rt route, body any) (*AccountDetails, error) {
	var out struct {
		Client accountDetailsWire `json:"client"`
	}
	if err := s.client.do(ctx, rt, body, &out); err != nil {
		return nil, err
	}
	if out.Client == (accountDetailsWire{}) {
		return nil, fmt.Errorf("unmetered: %s: the response has no %q", rt, "client")
	}
	d := out.Client.public()
	return &d, nil
}

// Logs returns the account's history log (GET /logs), oldest first. See LogEntry for the shape
// the SDK reads.
func (s *AccountService) Logs(ctx context.Context) ([]LogEntry, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/logs"), "logs", (*logEntryWire).public)
}

// AffiliateSummary returns the affiliate account's summary (GET /affiliates/summary).
func (s *AccountService) AffiliateSummary(ctx context.Context) (*AffiliateSummary, error) {
	w, raw, err := getKeyRaw[affiliateSummaryWire](ctx, s.client, staticRoute(http.MethodGet, "/affiliates/summary"), "summary")
	if err != nil {
		return nil, err
	}
	return &AffiliateSummary{Visits: int64(w.Visits), Signups: int64(w.Signups), Balance: w.Balance,
		Currency: w.Currency, Raw: raw}, nil
}

// AffiliateCampaigns lists the affiliate campaigns (GET /affiliates/campaigns).
func (s *AccountService) AffiliateCampaigns(ctx context.Context) ([]AffiliateCampaign, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/affiliates/campaigns"), "campaigns", (*affiliateCampaignWire).public)
}

// AffiliateCommissions lists the affiliate commissions (GET /affiliates/commissions).
func (s *AccountService) AffiliateCommissions(ctx context.Context) ([]AffiliateCommission, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/affiliates/commissions"), "commissions", (*affiliateCommissionWire).public)
}

// AffiliatePayouts lists the affiliate payouts (GET /affiliates/payouts).
func (s *AccountService) AffiliatePayouts(ctx context.Context) ([]AffiliatePayout, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/affiliates/payouts"), "payouts", (*affiliatePayoutWire).public)
}

// AffiliateVouchers lists the affiliate vouchers (GET /affiliates/vouchers).
func (s *AccountService) AffiliateVouchers(ctx context.Context) ([]AffiliateVoucher, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/affiliates/vouchers"), "vouchers", (*affiliateVoucherWire).public)
}

// AffiliateCommissionPlans lists the affiliate commission plans (GET /affiliates/commissionplans).
func (s *AccountService) AffiliateCommissionPlans(ctx context.Context) ([]AffiliateCommissionPlan, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/affiliates/commissionplans"), "plans", (*affiliateCommissionPlanWire).public)
}

// Contacts lists the contacts on the account (GET /contact), with their summary fields (see
// Contact).
func (s *AccountService) Contacts(ctx context.Context) ([]Contact, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/contact"), "contacts", (*accountContactWire).public)
}

// Contact returns one contact with its address and privileges (GET /contact/@id). An unknown
// id is an error matching ErrNotFound.
func (s *AccountService) Contact(ctx context.Context, id int64) (*Contact, error) {
	rt, err := newRoute(http.MethodGet, "/contact/@id", id)
	if err != nil {
		return nil, err
	}
	w, err := getKey[accountContactWire](ctx, s.client, rt, "contact")
	if err != nil {
		return nil, err
	}
	c := w.public()
	return &c, nil
}

// CreateContact adds a contact to the account (POST /contact) and returns its id. req.Email is
// required; a request without it is refused before anything is sent.
//
// It is never sent twice: a failure after the request may have reached the server is returned,
// not retried; when MaybeApplied(err) is true, check Contacts before trying again.
func (s *AccountService) CreateContact(ctx context.Context, req CreateContactRequest) (int64, error) {
	if strings.TrimSpace(req.Email) == "" {
		return 0, fmt.Errorf("%w: CreateContact: Email is required", ErrInvalidArgument)
	}
	var out struct {
		ContactID looseInt `json:"contact_id"`
	}
	// The contact's password must not reach an error if the server echoes the request.
	rt := staticRoute(http.MethodPost, "/contact")
	r := rt.request(req.body())
	r.secrets = []string{req.Password}
	if err := s.client.call(ctx, r, &out); err != nil {
		return 0, err
	}
	if out.ContactID <= 0 {
		return 0, fmt.Errorf("unmetered: %s: the response carries no contact_id", rt)
	}
	return int64(out.ContactID), nil
}

// UpdateContact changes a contact's details or privileges (PUT /contact/@id). Only the fields
// req sets are sent; a request that sets none is refused before anything is sent.
func (s *AccountService) UpdateContact(ctx context.Context, id int64, req UpdateContactRequest) error {
	rt, err := newRoute(http.MethodPut, "/contact/@id", id)
	if err != nil {
		return err
	}
	body := req.body()
	if body.isEmpty() {
		return fmt.Errorf("%w: UpdateContact: the request sets no field", ErrInvalidArgument)
	}
	return s.client.do(ctx, rt, body, nil)
}

// ContactPrivileges returns the privileges that can be granted to contacts
// (GET /contact/privileges), including per-service and per-domain privileges.
func (s *AccountService) ContactPrivileges(ctx context.Context) (*Privileges, error) {
	return getKey[Privileges](ctx, s.client, staticRoute(http.MethodGet, "/contact/privileges"), "privileges")
}

// query is the filter as the query string of the notification reads.
func (f *NotificationFilter) query(method string) (url.Values, error) {
	if f.RelID < 0 {
		return nil, fmt.Errorf("%w: %s: NotificationFilter.RelID must be 0 (any) or an id, got %d",
			ErrInvalidArgument, method, f.RelID)
	}
	q := url.Values{}
	if f.RelType != "" {
		q.Set("rel_type", f.RelType)
	}
	if f.RelID > 0 {
		q.Set("rel_id", strconv.FormatInt(f.RelID, 10))
	}
	return q, nil
}

// Notifications lists the portal notifications, read or not, that match filter
// (GET /notifications); NotificationFilter{} lists them all.
func (s *AccountService) Notifications(ctx context.Context, filter NotificationFilter) ([]Notification, error) {
	return s.notifications(ctx, "Notifications", "/notifications", filter)
}

// NewNotifications lists the unread portal notifications that match filter
// (GET /notifications/new); NotificationFilter{} lists them all.
func (s *AccountService) NewNotifications(ctx context.Context, filter NotificationFilter) ([]Notification, error) {
	return s.notifications(ctx, "NewNotifications", "/notifications/new", filter)
}

func (s *AccountService) notifications(ctx context.Context, method, path string, filter NotificationFilter) ([]Notification, error) {
	q, err := filter.query(method)
	if err != nil {
		return nil, err
	}
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, path).withQuery(q), "notifications", (*notificationWire).public)
}

// AckNotification marks a notification as read (PUT /notifications/@id/ack).
func (s *AccountService) AckNotification(ctx context.Context, id int64) error {
	rt, err := newRoute(http.MethodPut, "/notifications/@id/ack", id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, nil, nil)
}

// Statuses lists the entries of the portal's status page that match filter (GET /statuses);
// StatusFilter{} lists them all.
func (s *AccountService) Statuses(ctx context.Context, filter StatusFilter) ([]PortalStatus, error) {
	rt := staticRoute(http.MethodGet, "/statuses")
	if filter.Status != "" {
		rt = rt.withQuery(url.Values{"status": {filter.Status}})
	}
	return getListOf(ctx, s.client, rt, "statuses", (*portalStatusWire).public)
}

// Status returns one entry of the portal's status page (the API serves this read as
// PUT /statuses/@id). An unknown id is an error matching ErrNotFound.
func (s *AccountService) Status(ctx context.Context, id int64) (*PortalStatus, error) {
	rt, err := newRoute(http.MethodPut, "/statuses/@id", id)
	if err != nil {
		return nil, err
	}
	w, err := getKey[portalStatusWire](ctx, s.client, rt, "status")
	if err != nil {
		return nil, err
	}
	p := w.public()
	return &p, nil
}
