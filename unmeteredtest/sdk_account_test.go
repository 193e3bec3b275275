package unmeteredtest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

// requireAPIError asserts that err is an *unmetered.Error with the status, and returns its
// messages.
func requireAPIError(t *testing.T, err error, status int) []string {
	t.Helper()
	var apiErr *unmetered.Error
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, status, apiErr.StatusCode, "%v", err)
	require.NotEmpty(t, apiErr.Messages)
	return apiErr.Messages
}

// seedNow is the clock of the tests that check the seeded dates, which are relative to the
// server's clock when it starts.
var seedNow = time.Date(2025, 3, 15, 9, 30, 0, 0, time.UTC)

func fixedClock() time.Time { return seedNow }

func TestSDKAccountDetails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t, WithClock(fixedClock))
	c := sdkClient(t, srv)

	d, err := c.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, unmetered.AccountDetails{
		ID: 26, Email: "joe@example.com", LastLogin: seedNow.Add(-26 * time.Hour), IP: "172.100.2.1", Host: "hostname",
		FirstName: "Joe", LastName: "Doe", Address1: "Pretty View Lane", Address2: "3294", City: "Santa Rosa",
		State: "California", PostCode: "95401", Country: "US", Phone: "+1.24123123",
	}, *d, "the last login was yesterday, by the server's clock")

	updated, err := c.Account.UpdateDetails(ctx, unmetered.UpdateDetailsRequest{CompanyName: unmetered.String("Doe Hosting"), City: unmetered.String("Austin")})
	require.NoError(t, err)
	assert.Equal(t, "Doe Hosting", updated.CompanyName)
	assert.Equal(t, "Austin", updated.City)
	d, err = c.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Austin", d.City)
	assert.Equal(t, "Joe", d.FirstName, "fields left out are unchanged")

	_, err = c.Account.UpdateDetails(ctx, unmetered.UpdateDetailsRequest{Country: unmetered.String("USA"), Type: "Club"})
	assert.Equal(t, []string{"country must be a two-letter country code, e.g. US", "type must be Private or Company"}, requireAPIError(t, err, 400))
	d, err = c.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, "US", d.Country, "a refused update changes nothing")

	on, off := true, false
	_, err = c.Account.UpdateDetails(ctx, unmetered.UpdateDetailsRequest{RIPETech: &on, RIPEAdmin: &off, Authy: &on})
	require.NoError(t, err, "the checkbox fields are sent as the portal takes them")

	logs, err := c.Account.Logs(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.LogEntry{
		{ID: 1501, Date: seedNow.Add(-6 * 24 * time.Hour), Type: "Login", Description: "Logged in from 172.100.2.1"},
		{ID: 1502, Date: seedNow.Add(-5 * 24 * time.Hour), Type: "Profile", Description: "Profile updated"},
		{ID: 1503, Date: seedNow, Type: "Profile", Description: "Profile updated"},
		{ID: 1504, Date: seedNow, Type: "Profile", Description: "Profile updated"},
	}, logs)
}

func TestSDKAccountAffiliates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	sum, err := c.Account.AffiliateSummary(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(120), sum.Visits)
	assert.Equal(t, int64(4), sum.Signups)
	assertDecimal(t, "15.50", sum.Balance)
	assert.Equal(t, "USD", sum.Currency)
	assert.Equal(t, []string{"balance", "currency", "signups", "visits"}, sum.Raw.Keys())

	campaigns, err := c.Account.AffiliateCampaigns(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.AffiliateCampaign{{ID: 3, Name: "Spring", URL: "https://unmetered.management/?aff=3"}}, campaigns)
	commissions, err := c.Account.AffiliateCommissions(ctx)
	require.NoError(t, err)
	require.Len(t, commissions, 1)
	assert.Equal(t, int64(7), commissions[0].ID)
	assertDecimal(t, "4.90", commissions[0].Amount)
	assert.Equal(t, "Approved", commissions[0].Status)
	payouts, err := c.Account.AffiliatePayouts(ctx)
	require.NoError(t, err)
	require.Len(t, payouts, 1)
	assert.Equal(t, int64(2), payouts[0].ID)
	assertDecimal(t, "50.00", payouts[0].Amount)
	assert.Equal(t, "2017-02-01", payouts[0].Date.String())
	vouchers, err := c.Account.AffiliateVouchers(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.AffiliateVoucher{{ID: 11, Code: "SPRING10", Value: "10%"}}, vouchers)
	plans, err := c.Account.AffiliateCommissionPlans(ctx)
	require.NoError(t, err)
	require.Len(t, plans, 1)
	assert.Equal(t, "Default Percent", plans[0].Name+" "+plans[0].Type)
	assertDecimal(t, "15", plans[0].Rate)
}

func TestSDKAccountContacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t, WithClock(fixedClock)))

	contacts, err := c.Account.Contacts(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.Contact{
		{ID: 49, Email: "mary@example.com", FirstName: "Mary", LastName: "Sue", Type: unmetered.AccountPrivate},
		{ID: 50, Email: "ops@example.com", FirstName: "Ops", LastName: "Team", CompanyName: "Example Ltd",
			Company: true, Type: unmetered.AccountCompany, LastLogin: seedNow.Add(-6 * 24 * time.Hour)},
	}, contacts)

	id, err := c.Account.CreateContact(ctx, unmetered.CreateContactRequest{
		Email: "ann@example.com", FirstName: "Ann", LastName: "Lee", RIPETech: true,
		Password:   "contact-password",
		Privileges: &unmetered.Privileges{Support: []string{"tickets"}, Services: &unmetered.ObjectPrivileges{ByID: map[int64][]string{301: {"basic"}}}},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(51), id)

	ct, err := c.Account.Contact(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, &unmetered.Contact{
		ID: 51, Email: "ann@example.com", FirstName: "Ann", LastName: "Lee", Type: unmetered.AccountPrivate,
		Privileges: &unmetered.Privileges{Support: []string{"tickets"},
			Services: &unmetered.ObjectPrivileges{ByID: map[int64][]string{301: {"basic"}}}},
	}, ct)

	require.NoError(t, c.Account.UpdateContact(ctx, id, unmetered.UpdateContactRequest{
		LastName:   unmetered.String("Smith"),
		Type:       unmetered.AccountCompany,
		Privileges: &unmetered.Privileges{Billing: []string{"payinvoice"}},
	}))
	ct, err = c.Account.Contact(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Smith", ct.LastName)
	assert.Equal(t, unmetered.AccountCompany, ct.Type)
	assert.True(t, ct.Company)
	assert.Equal(t, []string{"payinvoice"}, ct.Privileges.Billing)
	assert.Nil(t, ct.Privileges.Support, "privileges are replaced, not merged")
	contacts, err = c.Account.Contacts(ctx)
	require.NoError(t, err)
	require.Len(t, contacts, 3)
	assert.True(t, contacts[2].Company)
	assert.True(t, contacts[2].LastLogin.IsZero(), "never logged in")

	_, err = c.Account.CreateContact(ctx, unmetered.CreateContactRequest{Email: "ann@example.com"})
	assert.Equal(t, []string{"A contact with this email address already exists"}, requireAPIError(t, err, 400))
	err = c.Account.UpdateContact(ctx, id, unmetered.UpdateContactRequest{Privileges: &unmetered.Privileges{Billing: []string{"everything"}}})
	assert.Equal(t, []string{"Unknown privilege billing.everything"}, requireAPIError(t, err, 400))
	err = c.Account.UpdateContact(ctx, id, unmetered.UpdateContactRequest{Privileges: &unmetered.Privileges{Domains: &unmetered.ObjectPrivileges{ByID: map[int64][]string{999: {"basic"}}}}})
	requireAPIError(t, err, 400)
	_, err = c.Account.Contact(ctx, 999)
	require.ErrorIs(t, err, unmetered.ErrNotFound)

	privs, err := c.Account.ContactPrivileges(ctx)
	require.NoError(t, err)
	assert.True(t, privs.Services.Full)
	assert.Equal(t, []int64{10, 20, 301, 302}, privs.Services.IDs())
	assert.Equal(t, []int64{47, 48, 52}, privs.Domains.IDs())
	assert.Contains(t, privs.Billing, "payinvoice")
}

func TestSDKAccountNotificationsAndStatuses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t, WithClock(fixedClock)))
	ids := func(list []unmetered.Notification, err error) []int64 {
		t.Helper()
		require.NoError(t, err)
		out := []int64{}
		for _, n := range list {
			out = append(out, n.ID)
		}
		return out
	}

	all, err := c.Account.Notifications(ctx, unmetered.NotificationFilter{})
	require.NoError(t, err)
	require.Len(t, all, 3)
	assert.Equal(t, unmetered.Notification{ID: 81, RelType: "Invoice", RelID: 308977, Subject: "Invoice due",
		Date: seedNow.Add(-3 * 24 * time.Hour)}, all[0], "the day the invoice fell due")
	assert.True(t, all[1].Seen)
	assert.Equal(t, []int64{81, 83}, ids(c.Account.NewNotifications(ctx, unmetered.NotificationFilter{})))
	assert.Equal(t, []int64{81}, ids(c.Account.Notifications(ctx, unmetered.NotificationFilter{RelType: "Invoice", RelID: 308977})))
	assert.Equal(t, []int64{82}, ids(c.Account.Notifications(ctx, unmetered.NotificationFilter{RelID: 301})))
	require.NoError(t, c.Account.AckNotification(ctx, 81))
	assert.Equal(t, []int64{83}, ids(c.Account.NewNotifications(ctx, unmetered.NotificationFilter{})))
	assert.Equal(t, []int64{}, ids(c.Account.NewNotifications(ctx, unmetered.NotificationFilter{RelType: "Invoice"})))
	require.ErrorIs(t, c.Account.AckNotification(ctx, 999), unmetered.ErrNotFound)

	statuses, err := c.Account.Statuses(ctx, unmetered.StatusFilter{Status: "Scheduled"})
	require.NoError(t, err)
	assert.Equal(t, []unmetered.PortalStatus{{ID: 6, Status: "Scheduled", Name: "Storage cluster",
		Description: "Firmware upgrade, no downtime expected", Date: time.Date(2025, 3, 25, 2, 0, 0, 0, time.UTC)}},
		statuses, "maintenance ten days ahead")
	statuses, err = c.Account.Statuses(ctx, unmetered.StatusFilter{})
	require.NoError(t, err)
	assert.Len(t, statuses, 2)
	status, err := c.Account.Status(ctx, 5)
	require.NoError(t, err)
	assert.Equal(t, &unmetered.PortalStatus{ID: 5, Status: "Active", Name: "Core network",
		Description: "All systems operational", Date: seedNow.Add(-30 * 24 * time.Hour)}, status)
	_, err = c.Account.Status(ctx, 7)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}
