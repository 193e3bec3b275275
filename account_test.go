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
	assert.Equal(t, Int(26), d.ID)
	assert.Equal(t, "joe@example.com", d.Email)
	assert.Equal(t, time.Date(2016, 12, 30, 12, 24, 28, 0, time.UTC), d.LastLogin.Time)
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

	d, err := env.client.Account.UpdateDetails(ctx, &Profile{
		CompanyName: String("Doe Hosting"),
		Address2:    String("3194"),
		Type:        String("Company"),
		RIPETech:    []string{"checked"},
		Authy:       []string{},
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPut, "/details",
		`{"companyname":"Doe Hosting","address2":"3194","type":"Company","ripetech":["checked"]}`)
	assert.Equal(t, Int(26), d.ID)
	assert.Equal(t, "Doe Hosting", d.CompanyName)
	assert.Equal(t, "3194", d.Address2)
	assert.Equal(t, time.Date(2016, 12, 30, 12, 34, 20, 0, time.UTC), d.LastLogin.Time)
	assert.Equal(t, "joe@example.com", d.Email)
	assert.Equal(t, "US", d.Country)
}

func TestAccountUpdateDetailsClearsWithEmptyString(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/details", 200, "account/details_update.json")
	_, err := env.client.Account.UpdateDetails(ctx, &Profile{CompanyName: String("")})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPut, "/details", `{"companyname":""}`)
}

func TestAccountUpdateDetailsNil(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/details", 200, "account/details_update.json")
	_, err := env.client.Account.UpdateDetails(ctx, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Zero(t, rec.count())
}

func TestAccountLogs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/logs", 200, "account/logs.json")

	logs, err := env.client.Account.Logs(ctx)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/logs", "")

	assert.Equal(t, []string{"logs"}, logs.Keys())
	var entries []struct {
		ID          Int    `json:"id"`
		Date        Time   `json:"date"`
		Type        string `json:"type"`
		Description string `json:"description"`
	}
	require.NoError(t, logs.Decode("logs", &entries))
	require.Len(t, entries, 2)
	assert.Equal(t, Int(1501), entries[0].ID)
	assert.Equal(t, time.Date(2017, 1, 4, 9, 15, 0, 0, time.UTC), entries[0].Date.Time)
	assert.Equal(t, "Login", entries[0].Type)
	assert.Equal(t, "Logged in from 172.100.2.1", entries[0].Description)
	assert.Equal(t, Int(1502), entries[1].ID)
	assert.Equal(t, "Profile updated", entries[1].Description)
}

func TestAccountAffiliates(t *testing.T) {
	t.Parallel()
	a := func(env *testEnv) *AccountService { return env.client.Account }
	cases := []struct {
		route, fixture, key, field, want string
		call                             func(*testEnv) (Object, error)
	}{
		{"/affiliates/summary", "affiliate_summary.json", "summary", "balance", "15.50",
			func(e *testEnv) (Object, error) { r, err := a(e).AffiliateSummary(ctx); return objectOf(r, err) }},
		{"/affiliates/campaigns", "affiliate_campaigns.json", "campaigns", "name", "Spring",
			func(e *testEnv) (Object, error) { r, err := a(e).AffiliateCampaigns(ctx); return objectOf(r, err) }},
		{"/affiliates/commissions", "affiliate_commissions.json", "commissions", "amount", "4.90",
			func(e *testEnv) (Object, error) { r, err := a(e).AffiliateCommissions(ctx); return objectOf(r, err) }},
		{"/affiliates/payouts", "affiliate_payouts.json", "payouts", "date", "2017-02-01",
			func(e *testEnv) (Object, error) { r, err := a(e).AffiliatePayouts(ctx); return objectOf(r, err) }},
		{"/affiliates/vouchers", "affiliate_vouchers.json", "vouchers", "code", "SPRING10",
			func(e *testEnv) (Object, error) { r, err := a(e).AffiliateVouchers(ctx); return objectOf(r, err) }},
		{"/affiliates/commissionplans", "affiliate_commissionplans.json", "plans", "type", "Percent",
			func(e *testEnv) (Object, error) {
				r, err := a(e).AffiliateCommissionPlans(ctx)
				return objectOf(r, err)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.route, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodGet, tc.route, 200, "account/"+tc.fixture)
			obj, err := tc.call(env)
			require.NoError(t, err)
			assertRequest(t, rec.only(t), http.MethodGet, tc.route, "")
			require.True(t, obj.Has(tc.key), "response key %q kept", tc.key)
			var inner Object
			if err := obj.Decode(tc.key, &inner); err != nil { // a list: check its first element
				var list []Object
				require.NoError(t, obj.Decode(tc.key, &list))
				require.NotEmpty(t, list)
				inner = list[0]
			}
			assert.Equal(t, tc.want, inner.Text(tc.field))
		})
	}
}

// objectOf unwraps the Object embedded in one of the affiliate result types.
func objectOf[T interface{ raw() Object }](r T, err error) (Object, error) {
	if err != nil {
		return nil, err
	}
	return r.raw(), nil
}

func TestAccountContacts(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/contact", 200, "account/contacts.json")

	cs, err := env.client.Account.Contacts(ctx)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/contact", "")

	require.Len(t, cs, 2)
	assert.Equal(t, Int(49), cs[0].ID)
	assert.Equal(t, "mary@example.com", cs[0].Email)
	assert.Equal(t, "Mary", cs[0].FirstName)
	assert.Equal(t, "Sue", cs[0].LastName)
	assert.Equal(t, "", cs[0].CompanyName)
	assert.False(t, bool(cs[0].Company))
	assert.True(t, cs[0].LastLogin.IsZero(), "0000-00-00 00:00:00 is the zero time")
	assert.Nil(t, cs[0].Privileges)

	assert.Equal(t, Int(50), cs[1].ID, "numeric id decodes too")
	assert.Equal(t, "ops@example.com", cs[1].Email)
	assert.Equal(t, "Example Ltd", cs[1].CompanyName)
	assert.True(t, bool(cs[1].Company))
	assert.Equal(t, time.Date(2017, 1, 4, 9, 15, 0, 0, time.UTC), cs[1].LastLogin.Time)
}

func TestAccountCreateContact(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/contact", 200, "account/contact_create.json")

	id, err := env.client.Account.CreateContact(ctx, &NewContact{
		Profile: Profile{
			Email:     String("mary@example.com"),
			FirstName: String("Mary"),
			LastName:  String("Sue"),
			Type:      String("Private"),
		},
		Password: "contact-pass-1",
		Privileges: &Privileges{
			Support: []string{"tickets", "newticket"},
			Domains: &ObjectPrivileges{ByID: map[int64][]string{523: {"basic", "renew"}}},
		},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(1), id)
	assertRequest(t, rec.only(t), http.MethodPost, "/contact", `{
		"email":"mary@example.com","firstname":"Mary","lastname":"Sue","type":"Private",
		"password":"contact-pass-1",
		"privileges":{"support":["tickets","newticket"],"domains":{"523":["basic","renew"]}}}`)
}

func TestAccountCreateContactValidation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/contact", 200, "account/contact_create.json")
	_, err := env.client.Account.CreateContact(ctx, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = env.client.Account.CreateContact(ctx, &NewContact{Profile: Profile{FirstName: String("Mary")}})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "email")
	assert.Zero(t, rec.count(), "nothing is sent for invalid input")
}

func TestAccountContact(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/contact/49", 200, "account/contact.json")

	c, err := env.client.Account.Contact(ctx, 49)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/contact/49", "")

	assert.Equal(t, Int(49), c.ID)
	assert.Equal(t, "mary@example.com", c.Email)
	assert.Equal(t, "Mary", c.FirstName)
	assert.Equal(t, "Sue", c.LastName)
	assert.Equal(t, "", c.CompanyName)
	assert.Equal(t, "Pretty View Lane", c.Address1)
	assert.Equal(t, "3194", c.Address2)
	assert.Equal(t, "Santa Rosa", c.City)
	assert.Equal(t, "California", c.State)
	assert.Equal(t, "95401", c.PostCode)
	assert.Equal(t, "US", c.Country)
	assert.Equal(t, "+1.24123123", c.Phone)
	assert.Equal(t, "Private", c.Type)
	require.NotNil(t, c.Privileges)
	assert.Equal(t, []string{"tickets", "newticket"}, c.Privileges.Support)
	assert.Nil(t, c.Privileges.Billing)
	assert.Nil(t, c.Privileges.Services)
}

func TestAccountContactNotFound(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/contact/404", 404, `{"error":["contact_not_found"]}`)

	_, err := env.client.Account.Contact(ctx, 404)
	require.ErrorIs(t, err, ErrNotFound)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 404, apiErr.StatusCode)
	assert.Equal(t, http.MethodGet, apiErr.Method)
	assert.Equal(t, "/contact/404", apiErr.Path)
	assert.Equal(t, []string{"contact_not_found"}, apiErr.Messages)
}

func TestAccountUpdateContact(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/contact/49", 200, "account/contact_update.json")

	err := env.client.Account.UpdateContact(ctx, 49, &ContactUpdate{
		Profile:    Profile{Phone: String("+1.5550100")},
		Privileges: &Privileges{Billing: []string{"payinvoice"}, Services: &ObjectPrivileges{Full: true}},
	})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPut, "/contact/49",
		`{"phonenumber":"+1.5550100","privileges":{"billing":["payinvoice"],"services":{"full":1}}}`)

	require.ErrorIs(t, env.client.Account.UpdateContact(ctx, 49, nil), ErrInvalidArgument)
	assert.Equal(t, 1, rec.count())
}

func TestAccountContactPrivileges(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/contact/privileges", 200, "account/privileges.json")

	p, err := env.client.Account.ContactPrivileges(ctx)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/contact/privileges", "")

	assert.Equal(t, []string{"emails", "payinvoice", "orders", "balance", "addfunds", "creditcard"}, p.Billing)
	assert.Equal(t, []string{"newticket", "tickets", "closeticket", "emails"}, p.Support)
	assert.Equal(t, []string{"editmain", "emails", "editipaccess", "manageprofiles", "affiliates"}, p.Misc)
	require.NotNil(t, p.Services)
	assert.True(t, p.Services.Full)
	assert.Equal(t, []int64{332}, p.Services.IDs())
	assert.Equal(t, []string{"basic", "billing", "cancelation", "upgrade", "notify", "logindetails"}, p.Services.ByID[332])
	require.NotNil(t, p.Domains)
	assert.True(t, p.Domains.Full)
	assert.Equal(t, []string{"basic", "renew", "notify", "contactinfo", "nameservers"}, p.Domains.ByID[523])
	assert.Empty(t, p.Other)
}

func TestPrivilegesShapes(t *testing.T) {
	t.Parallel()
	var p Privileges
	require.NoError(t, p.UnmarshalJSON([]byte(`[]`)), "PHP's empty array is an empty tree")
	assert.Equal(t, Privileges{}, p)

	require.NoError(t, p.UnmarshalJSON([]byte(`{"dns":["zones"],"billing":{"0":"emails","2":"orders"}}`)))
	assert.Equal(t, []string{"emails", "orders"}, p.Billing, "number-keyed object in key order")
	assert.JSONEq(t, `["zones"]`, string(p.Other["dns"]), "unknown sections are kept")
	out, err := p.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"dns":["zones"],"billing":["emails","orders"]}`, string(out), "and sent back")

	var o ObjectPrivileges
	require.Error(t, o.UnmarshalJSON([]byte(`{"abc":["x"]}`)))
	require.Error(t, p.UnmarshalJSON([]byte(`"nope"`)))
}

func TestAccountNotifications(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, route string
		filter      *NotificationFilter
		wantQuery   map[string]string
		call        func(*AccountService, *NotificationFilter) (*Notifications, error)
	}{
		{"all unfiltered", "/notifications", nil, map[string]string{},
			func(a *AccountService, f *NotificationFilter) (*Notifications, error) { return a.Notifications(ctx, f) }},
		{"all filtered", "/notifications", &NotificationFilter{RelType: "Invoice", RelID: "308976"},
			map[string]string{"rel_type": "Invoice", "rel_id": "308976"},
			func(a *AccountService, f *NotificationFilter) (*Notifications, error) { return a.Notifications(ctx, f) }},
		{"new filtered by type", "/notifications/new", &NotificationFilter{RelType: "Invoice"},
			map[string]string{"rel_type": "Invoice"},
			func(a *AccountService, f *NotificationFilter) (*Notifications, error) {
				return a.NewNotifications(ctx, f)
			}},
		{"new empty filter", "/notifications/new", &NotificationFilter{}, map[string]string{},
			func(a *AccountService, f *NotificationFilter) (*Notifications, error) {
				return a.NewNotifications(ctx, f)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			rec := env.on(http.MethodGet, tc.route, 200, "account/notifications.json")
			n, err := tc.call(env.client.Account, tc.filter)
			require.NoError(t, err)
			r := rec.only(t)
			assertRequest(t, r, http.MethodGet, tc.route, "")
			got := map[string]string{}
			for k := range r.Query {
				got[k] = r.Query.Get(k)
			}
			assert.Equal(t, tc.wantQuery, got)

			var list []struct {
				ID      Int    `json:"id"`
				RelType string `json:"rel_type"`
				RelID   Int    `json:"rel_id"`
				Subject string `json:"subject"`
				Seen    Bool   `json:"seen"`
			}
			require.NoError(t, n.Decode("notifications", &list))
			require.Len(t, list, 1)
			assert.Equal(t, Int(81), list[0].ID)
			assert.Equal(t, "Invoice", list[0].RelType)
			assert.Equal(t, Int(308976), list[0].RelID)
			assert.Equal(t, "Invoice due", list[0].Subject)
			assert.False(t, bool(list[0].Seen))
		})
	}
}

func TestAccountNotificationFilterCannotChangeRoute(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/notifications", 200, "account/notifications.json")
	_, err := env.client.Account.Notifications(ctx, &NotificationFilter{RelType: "x&rel_id=1#/../details"})
	require.NoError(t, err)
	r := rec.only(t)
	assert.Equal(t, "/api/notifications", r.Path)
	assert.Equal(t, "x&rel_id=1#/../details", r.Query.Get("rel_type"))
	assert.Empty(t, r.Query.Get("rel_id"))
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

	st, err := env.client.Account.Statuses(ctx, "Active")
	require.NoError(t, err)
	_, err = env.client.Account.Statuses(ctx, "")
	require.NoError(t, err)

	reqs := rec.all()
	require.Len(t, reqs, 2)
	assertRequest(t, reqs[0], http.MethodGet, "/statuses", "")
	assert.Equal(t, "Active", reqs[0].Query.Get("status"))
	assert.Empty(t, reqs[1].Query, "no filter, no query")

	var list []struct {
		ID     Int    `json:"id"`
		Status string `json:"status"`
		Name   string `json:"name"`
		Date   Time   `json:"date"`
	}
	require.NoError(t, st.Decode("statuses", &list))
	require.Len(t, list, 1)
	assert.Equal(t, Int(5), list[0].ID)
	assert.Equal(t, "Active", list[0].Status)
	assert.Equal(t, "Core network", list[0].Name)
	assert.Equal(t, time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), list[0].Date.Time)
}

func TestAccountStatus(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/statuses/5", 200, "account/status.json")

	st, err := env.client.Account.Status(ctx, 5)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPut, "/statuses/5", "")
	var s struct {
		ID          Int    `json:"id"`
		Status      string `json:"status"`
		Name        string `json:"name"`
		Description string `json:"description"`
	}
	require.NoError(t, st.Decode("status", &s))
	assert.Equal(t, Int(5), s.ID)
	assert.Equal(t, "Active", s.Status)
	assert.Equal(t, "Core network", s.Name)
	assert.Equal(t, "All systems operational", s.Description)
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

// raw gives tests the Object inside the kept-whole response types.
func (o Object) raw() Object { return o }
