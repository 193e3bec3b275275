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
	assert.Equal(t, unmetered.Int(26), d.ID)
	assert.Equal(t, "Joe Doe joe@example.com US", d.FirstName+" "+d.LastName+" "+d.Email+" "+d.Country)
	assert.Equal(t, "2025-03-14 07:30:00", d.LastLogin.String(), "yesterday, by the server's clock")

	updated, err := c.Account.UpdateDetails(ctx, &unmetered.Profile{CompanyName: unmetered.String("Doe Hosting"), City: unmetered.String("Austin")})
	require.NoError(t, err)
	assert.Equal(t, "Doe Hosting", updated.CompanyName)
	d, err = c.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Austin", d.City)
	assert.Equal(t, "Joe", d.FirstName, "fields left out are unchanged")

	_, err = c.Account.UpdateDetails(ctx, &unmetered.Profile{Country: unmetered.String("USA"), Type: unmetered.String("Club")})
	assert.Equal(t, []string{"country must be a two-letter country code, e.g. US", "type must be Private or Company"}, requireAPIError(t, err, 400))
	d, err = c.Account.Details(ctx)
	require.NoError(t, err)
	assert.Equal(t, "US", d.Country, "a refused update changes nothing")

	logs, err := c.Account.Logs(ctx)
	require.NoError(t, err)
	var entries []map[string]string
	require.NoError(t, logs.Decode("logs", &entries))
	require.Len(t, entries, 3)
	assert.Equal(t, "Profile updated", entries[2]["description"])
}

func TestSDKAccountAffiliates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))
	type hasKey interface{ Has(key string) bool }
	for key, read := range map[string]func() (hasKey, error){
		"summary":     func() (hasKey, error) { return c.Account.AffiliateSummary(ctx) },
		"campaigns":   func() (hasKey, error) { return c.Account.AffiliateCampaigns(ctx) },
		"commissions": func() (hasKey, error) { return c.Account.AffiliateCommissions(ctx) },
		"payouts":     func() (hasKey, error) { return c.Account.AffiliatePayouts(ctx) },
		"vouchers":    func() (hasKey, error) { return c.Account.AffiliateVouchers(ctx) },
		"plans":       func() (hasKey, error) { return c.Account.AffiliateCommissionPlans(ctx) },
	} {
		o, err := read()
		require.NoError(t, err, key)
		assert.True(t, o.Has(key), key)
	}
}

func TestSDKAccountContacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	contacts, err := c.Account.Contacts(ctx)
	require.NoError(t, err)
	require.Len(t, contacts, 2)
	assert.Equal(t, "mary@example.com", contacts[0].Email)
	assert.True(t, bool(contacts[1].Company))

	id, err := c.Account.CreateContact(ctx, &unmetered.NewContact{
		Profile:    unmetered.Profile{Email: unmetered.String("ann@example.com"), FirstName: unmetered.String("Ann"), LastName: unmetered.String("Lee")},
		Password:   "contact-password",
		Privileges: &unmetered.Privileges{Support: []string{"tickets"}, Services: &unmetered.ObjectPrivileges{ByID: map[int64][]string{301: {"basic"}}}},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(51), id)

	ct, err := c.Account.Contact(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Ann Lee ann@example.com Private", ct.FirstName+" "+ct.LastName+" "+ct.Email+" "+ct.Type)
	require.NotNil(t, ct.Privileges)
	assert.Equal(t, []string{"tickets"}, ct.Privileges.Support)
	assert.Equal(t, map[int64][]string{301: {"basic"}}, ct.Privileges.Services.ByID)

	require.NoError(t, c.Account.UpdateContact(ctx, id, &unmetered.ContactUpdate{
		Profile:    unmetered.Profile{LastName: unmetered.String("Smith"), Type: unmetered.String("Company")},
		Privileges: &unmetered.Privileges{Billing: []string{"payinvoice"}},
	}))
	ct, err = c.Account.Contact(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Smith", ct.LastName)
	assert.Equal(t, []string{"payinvoice"}, ct.Privileges.Billing)
	assert.Nil(t, ct.Privileges.Support, "privileges are replaced, not merged")
	contacts, err = c.Account.Contacts(ctx)
	require.NoError(t, err)
	require.Len(t, contacts, 3)
	assert.True(t, bool(contacts[2].Company))

	_, err = c.Account.CreateContact(ctx, &unmetered.NewContact{Profile: unmetered.Profile{Email: unmetered.String("ann@example.com")}})
	assert.Equal(t, []string{"A contact with this email address already exists"}, requireAPIError(t, err, 400))
	err = c.Account.UpdateContact(ctx, id, &unmetered.ContactUpdate{Privileges: &unmetered.Privileges{Billing: []string{"everything"}}})
	assert.Equal(t, []string{"Unknown privilege billing.everything"}, requireAPIError(t, err, 400))
	err = c.Account.UpdateContact(ctx, id, &unmetered.ContactUpdate{Privileges: &unmetered.Privileges{Domains: &unmetered.ObjectPrivileges{ByID: map[int64][]string{999: {"basic"}}}}})
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
	c := sdkClient(t, NewTestServer(t))
	count := func(n *unmetered.Notifications, err error) int {
		t.Helper()
		require.NoError(t, err)
		var list []map[string]string
		require.NoError(t, n.Decode("notifications", &list))
		return len(list)
	}

	assert.Equal(t, 3, count(c.Account.Notifications(ctx, nil)))
	assert.Equal(t, 2, count(c.Account.NewNotifications(ctx, nil)))
	assert.Equal(t, 1, count(c.Account.Notifications(ctx, &unmetered.NotificationFilter{RelType: "Invoice", RelID: "308977"})))
	require.NoError(t, c.Account.AckNotification(ctx, 81))
	assert.Equal(t, 1, count(c.Account.NewNotifications(ctx, nil)))
	assert.Equal(t, 0, count(c.Account.NewNotifications(ctx, &unmetered.NotificationFilter{RelType: "Invoice"})))
	require.ErrorIs(t, c.Account.AckNotification(ctx, 999), unmetered.ErrNotFound)

	statuses, err := c.Account.Statuses(ctx, "Scheduled")
	require.NoError(t, err)
	var list []map[string]string
	require.NoError(t, statuses.Decode("statuses", &list))
	require.Len(t, list, 1)
	assert.Equal(t, "Storage cluster", list[0]["name"])
	status, err := c.Account.Status(ctx, 5)
	require.NoError(t, err)
	assert.Contains(t, status.Text("status"), "Core network")
	_, err = c.Account.Status(ctx, 7)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}
