package unmetered

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

func TestAccountDetails(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/details", 200, "account/details.json")

	d, err := env.client.Account.Details(ctx)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/details", "")
	assert.Equal(t, int64(26), d.ID)
	assert.Equal(t, "joe@example.com", d.Email)
	assert.Equal(t, time.Date(2016, 12, 30, 12, 24, 28, 0, time.UTC), d.LastLogin)
	assert.Equal(t, "172.100.2.1", d.IP)
	assert.Equal(t, "hostname", d.Host)
	assert.Equal(t, "Joe", d.FirstName)
	assert.Equal(t, "Doe", d.LastName)
	assert.Equal(t, "", d.CompanyName)
	assert.Equal(t, "Pretty View Lane", d.Address1)
	assert.Equal(t, "3294", d.Address2)
	assert.Equal(t, "Santa Rosa", d.City)
	assert.Equal(t, "California", d.State)
	assert.Equal(t, "95401", d.PostCode)
	assert.Equal(t, "US", d.Country)
	assert.Equal(t, "+1.24123123", d.Phone)
}

func TestAccountUpdateDetails(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/details", 200, "account/details_update.json")

	on, off := true, false
	d, err := env.client.Account.UpdateDetails(ctx, UpdateDetailsRequest{
		CompanyName: String("Doe Hosting"),
		Address2:    String("3194"),
		Type:        AccountCompany,
		RIPETech:    &on,
		Authy:       &off,
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPut, "/details",
		`{"companyname":"Doe Hosting","address2":"3194","type":"Company","ripetech":["checked"],"authy":[]}`)
	assert.Equal(t, AccountDetails{
		ID: 26, Email: "joe@example.com", LastLogin: time.Date(2016, 12, 30, 12, 34, 20, 0, time.UTC),
		IP: "172.100.2.1", Host: "hostname", FirstName: "Joe", LastName: "Doe", CompanyName: "Doe Hosting",
		Address1: "Pretty View Lane", Address2: "3194", City: "Santa Rosa", State: "California",
		PostCode: "95401", Country: "US", Phone: "+1.24123123",
	}, *d)
}

func TestAccountUpdateDetailsEveryField(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/details", 200, "account/details_update.json")
	yes := true
	_, err := env.client.Account.UpdateDetails(ctx, UpdateDetailsRequest{
		Email: String("e@example.com"), FirstName: String("F"), LastName: String("L"), CompanyName: String(""),
		Address1: String("A1"), Address2: String("A2"), City: String("C"), State: String("S"), PostCode: String("P"),
		Country: String("GB"), Phone: String("+44.1"), Type: AccountPrivate, MobilePhone: String("+44 7"),
		RIPETech: &yes, RIPEAdmin: &yes, RIPEPerson: String("RP"), RIPERole: String("RR"), Authy: &yes,
	})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPut, "/details", `{
		"email":"e@example.com","firstname":"F","lastname":"L","companyname":"","address1":"A1",
		"address2":"A2","city":"C","state":"S","postcode":"P","country":"GB","phonenumber":"+44.1",
		"type":"Private","mobilephone":"+44 7","ripetech":["checked"],"ripeadmin":["checked"],
		"ripeperson":"RP","riperole":"RR","authy":["Yes"]}`)
}

func TestAccountUpdateDetailsClearsWithEmptyString(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/details", 200, "account/details_update.json")
	_, err := env.client.Account.UpdateDetails(ctx, UpdateDetailsRequest{CompanyName: String("")})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPut, "/details", `{"companyname":""}`)
}

func TestAccountUpdateDetailsEmpty(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onAny()
	_, err := env.client.Account.UpdateDetails(ctx, UpdateDetailsRequest{})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorContains(t, err, "UpdateDetails")
	assert.Zero(t, rec.count())
}

func TestAccountLogs(t *testing.T) {
	t.Parallel()
	logs := readFixture(t, "/logs", "account/logs.json", func(c *Client) ([]LogEntry, error) {
		return c.Account.Logs(ctx)
	})
	assert.Equal(t, []LogEntry{
		{ID: 1501, Date: time.Date(2017, 1, 4, 9, 15, 0, 0, time.UTC), Type: "Login", Description: "Logged in from 172.100.2.1"},
		{ID: 1502, Date: time.Date(2017, 1, 5, 10, 0, 0, 0, time.UTC), Type: "Profile", Description: "Profile updated"},
	}, logs)
}

func TestAccountAffiliateSummary(t *testing.T) {
	t.Parallel()
	sum := readFixture(t, "/affiliates/summary", "account/affiliate_summary.json", func(c *Client) (*AffiliateSummary, error) {
		return c.Account.AffiliateSummary(ctx)
	})
	assert.Equal(t, int64(120), sum.Visits)
	assert.Equal(t, int64(4), sum.Signups)
	assert.Equal(t, mustDecimal(t, "15.50"), sum.Balance)
	assert.Equal(t, "USD", sum.Currency)
	assert.Equal(t, []string{"balance", "currency", "pending", "signups", "visits"}, sum.Raw.Keys(), "Raw keeps every key")
	assert.Equal(t, "3.20", sum.Raw.Text("pending"))

	env := newTestEnv(t)
	env.on(http.MethodGet, "/affiliates/summary", 200, `{"success":true}`)
	_, err := env.client.Account.AffiliateSummary(ctx)
	assert.ErrorContains(t, err, `"summary"`)
	env = newTestEnv(t)
	env.on(http.MethodGet, "/affiliates/summary", 200, `{"summary":{"visits":"many"}}`)
	_, err = env.client.Account.AffiliateSummary(ctx)
	var wireErr *WireError
	assert.ErrorAs(t, err, &wireErr)
}

func TestAccountAffiliateLists(t *testing.T) {
	t.Parallel()
	campaigns := readFixture(t, "/affiliates/campaigns", "account/affiliate_campaigns.json", func(c *Client) ([]AffiliateCampaign, error) {
		return c.Account.AffiliateCampaigns(ctx)
	})
	assert.Equal(t, []AffiliateCampaign{{ID: 3, Name: "Spring", URL: "https://unmetered.management/?aff=3"}}, campaigns)

	commissions := readFixture(t, "/affiliates/commissions", "account/affiliate_commissions.json", func(c *Client) ([]AffiliateCommission, error) {
		return c.Account.AffiliateCommissions(ctx)
	})
	assert.Equal(t, []AffiliateCommission{
		{ID: 7, Amount: mustDecimal(t, "4.90"), Status: "Approved"},
		{ID: 8, Amount: mustDecimal(t, "12"), Status: "Pending"},
	}, commissions)

	payouts := readFixture(t, "/affiliates/payouts", "account/affiliate_payouts.json", func(c *Client) ([]AffiliatePayout, error) {
		return c.Account.AffiliatePayouts(ctx)
	})
	assert.Equal(t, []AffiliatePayout{{ID: 2, Amount: mustDecimal(t, "50.00"), Date: Date{day(2017, 2, 1)}}}, payouts)

	vouchers := readFixture(t, "/affiliates/vouchers", "account/affiliate_vouchers.json", func(c *Client) ([]AffiliateVoucher, error) {
		return c.Account.AffiliateVouchers(ctx)
	})
	assert.Equal(t, []AffiliateVoucher{{ID: 11, Code: "SPRING10", Value: "10%"}, {ID: 12, Code: "FIVE", Value: "5"}}, vouchers)

	plans := readFixture(t, "/affiliates/commissionplans", "account/affiliate_commissionplans.json", func(c *Client) ([]AffiliateCommissionPlan, error) {
		return c.Account.AffiliateCommissionPlans(ctx)
	})
	assert.Equal(t, []AffiliateCommissionPlan{{ID: 1, Name: "Default", Type: "Percent", Rate: mustDecimal(t, "15")}}, plans)
}

func TestAccountErrors(t *testing.T) {
	t.Parallel()
	a := func(c *Client) *AccountService { return c.Account }
	assertReadErrors(t, map[string]func(*Client) error{
		"/details":                    func(c *Client) error { return second(a(c).Details(ctx)) },
		"/logs":                       func(c *Client) error { return second(a(c).Logs(ctx)) },
		"/affiliates/summary":         func(c *Client) error { return second(a(c).AffiliateSummary(ctx)) },
		"/affiliates/campaigns":       func(c *Client) error { return second(a(c).AffiliateCampaigns(ctx)) },
		"/affiliates/commissions":     func(c *Client) error { return second(a(c).AffiliateCommissions(ctx)) },
		"/affiliates/payouts":         func(c *Client) error { return second(a(c).AffiliatePayouts(ctx)) },
		"/affiliates/vouchers":        func(c *Client) error { return second(a(c).AffiliateVouchers(ctx)) },
		"/affiliates/commissionplans": func(c *Client) error { return second(a(c).AffiliateCommissionPlans(ctx)) },
		"/contact":                    func(c *Client) error { return second(a(c).Contacts(ctx)) },
		"/contact/7":                  func(c *Client) error { return second(a(c).Contact(ctx, 7)) },
		"/contact/privileges":         func(c *Client) error { return second(a(c).ContactPrivileges(ctx)) },
		"/notifications":              func(c *Client) error { return second(a(c).Notifications(ctx, NotificationFilter{})) },
		"/notifications/new":          func(c *Client) error { return second(a(c).NewNotifications(ctx, NotificationFilter{})) },
		"/statuses":                   func(c *Client) error { return second(a(c).Statuses(ctx, StatusFilter{})) },
	})
}

func TestAccountNotifications(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, route string
		filter      NotificationFilter
		wantQuery   map[string]string
		call        func(*AccountService, NotificationFilter) ([]Notification, error)
	}{
		{"all unfiltered", "/notifications", NotificationFilter{}, map[string]string{},
			func(a *AccountService, f NotificationFilter) ([]Notification, error) { return a.Notifications(ctx, f) }},
		{"all filtered", "/notifications", NotificationFilter{RelType: "Invoice", RelID: 308976},
			map[string]string{"rel_type": "Invoice", "rel_id": "308976"},
			func(a *AccountService, f NotificationFilter) ([]Notification, error) { return a.Notifications(ctx, f) }},
		{"new filtered by type", "/notifications/new", NotificationFilter{RelType: "Invoice"},
			map[string]string{"rel_type": "Invoice"},
			func(a *AccountService, f NotificationFilter) ([]Notification, error) {
				return a.NewNotifications(ctx, f)
			}},
		{"new filtered by id", "/notifications/new", NotificationFilter{RelID: 7}, map[string]string{"rel_id": "7"},
			func(a *AccountService, f NotificationFilter) ([]Notification, error) {
				return a.NewNotifications(ctx, f)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodGet, tc.route, 200, "account/notifications.json")
			list, err := tc.call(env.client.Account, tc.filter)
			require.NoError(t, err)
			r := rec.only(t)
			assertRequest(t, r, http.MethodGet, tc.route, "")
			got := map[string]string{}
			for k := range r.Query {
				got[k] = r.Query.Get(k)
			}
			assert.Equal(t, tc.wantQuery, got)

			assert.Equal(t, []Notification{
				{ID: 81, RelType: "Invoice", RelID: 308976, Subject: "Invoice due",
					Date: time.Date(2017, 1, 10, 8, 0, 0, 0, time.UTC), Seen: false},
				{ID: 83, RelType: "Ticket", RelID: 736633, Subject: "New reply to ticket #736633",
					Date: time.Date(2016, 12, 30, 12, 51, 4, 0, time.UTC), Seen: true},
			}, list)
		})
	}
}

func TestAccountNotificationFilterCannotChangeRoute(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/notifications", 200, "account/notifications.json")
	_, err := env.client.Account.Notifications(ctx, NotificationFilter{RelType: "x&rel_id=1#/../details"})
	require.NoError(t, err)
	r := rec.only(t)
	assert.Equal(t, "/api/notifications", r.Path)
	assert.Equal(t, "x&rel_id=1#/../details", r.Query.Get("rel_type"))
	assert.Empty(t, r.Query.Get("rel_id"))
}

func TestAccountNotificationFilterInvalid(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onAny()
	_, err := env.client.Account.Notifications(ctx, NotificationFilter{RelID: -1})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorContains(t, err, "Notifications: NotificationFilter.RelID")
	_, err = env.client.Account.NewNotifications(ctx, NotificationFilter{RelID: -5})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Zero(t, rec.count())
}

func TestAccountAckNotification(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/notifications/81/ack", 200, "account/notification_ack.json")
	require.NoError(t, env.client.Account.AckNotification(ctx, 81))
	assertRequest(t, rec.only(t), http.MethodPut, "/notifications/81/ack", "")
}

func TestAccountStatuses(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/statuses", 200, "account/statuses.json")

	list, err := env.client.Account.Statuses(ctx, StatusFilter{Status: "Active"})
	require.NoError(t, err)
	_, err = env.client.Account.Statuses(ctx, StatusFilter{})
	require.NoError(t, err)

	reqs := rec.all()
	require.Len(t, reqs, 2)
	assertRequest(t, reqs[0], http.MethodGet, "/statuses", "")
	assert.Equal(t, "Active", reqs[0].Query.Get("status"))
	assert.Empty(t, reqs[1].Query, "no filter, no query")

	assert.Equal(t, []PortalStatus{{ID: 5, Status: "Active", Name: "Core network",
		Description: "All systems operational", Date: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)}}, list)
}

func TestAccountStatus(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/statuses/5", 200, "account/status.json")

	st, err := env.client.Account.Status(ctx, 5)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPut, "/statuses/5", "")
	assert.Equal(t, &PortalStatus{ID: 5, Status: "Active", Name: "Core network",
		Description: "All systems operational", Date: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)}, st)

	env = newTestEnv(t)
	env.on(http.MethodPut, "/statuses/5", 200, `{"info":[]}`)
	_, err = env.client.Account.Status(ctx, 5)
	assert.ErrorContains(t, err, `"status"`)
}

func TestAccountErrorInOKBody(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/details", 200, `{"error":["invalid method"]}`)

	_, err := env.client.Account.Details(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid method")
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, []string{"invalid method"}, apiErr.Messages)
	assert.False(t, errors.Is(err, ErrNotFound))
}

func TestAccountMissingEnvelope(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/details", 200, `{"something":"else"}`)
	_, err := env.client.Account.Details(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"client"`)
}
