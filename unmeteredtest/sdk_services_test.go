package unmeteredtest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestSDKServicesRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	list, err := c.Services.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 4)
	assert.Equal(t, []int64{10, 20, 301, 302}, []int64{list[0].ID, list[1].ID, list[2].ID, list[3].ID})
	hosting := list[2]
	assert.Equal(t, "Starter Hosting", hosting.Name)
	assert.Equal(t, "examplename.com", hosting.Domain)
	assert.Equal(t, "9.99", hosting.Total.String())
	assert.Equal(t, unmetered.ServiceActive, hosting.Status)
	assert.Equal(t, unmetered.CycleMonthly, hosting.BillingCycle)
	assert.Equal(t, "Hosting", hosting.Category)
	assert.Equal(t, "hosting", hosting.CategoryURL)
	assert.Zero(t, hosting.Password, "List carries no login")
	assert.Equal(t, unmetered.CycleAnnually, list[3].BillingCycle)
	assert.Equal(t, "DNS", list[0].Category)

	s, err := c.Services.Get(ctx, 301)
	require.NoError(t, err)
	assert.Equal(t, int64(301), s.ID)
	assert.Equal(t, "examplename.com", s.Domain)
	assert.Equal(t, "Starter Hosting", s.Name)
	assert.Equal(t, unmetered.ServiceActive, s.Status)
	assert.Equal(t, unmetered.CycleMonthly, s.BillingCycle)
	assert.Equal(t, unmetered.CycleCodeMonthly, s.BillingCycle.Code())
	assertDecimal(t, "9.99", s.Total)
	assertDecimal(t, "9.99", s.FirstPayment)
	assert.Empty(t, s.Label)
	assert.Empty(t, s.Category, "Get leaves out the category")
	assert.Equal(t, "examplen", s.Username.Reveal())
	assert.Equal(t, "fake-svc-pass-71", s.Password.Reveal())
	_, err = c.Services.Get(ctx, 999)
	require.ErrorIs(t, err, unmetered.ErrNotFound)

	methods, err := c.Services.Methods(ctx, 302)
	require.NoError(t, err)
	assert.Contains(t, methods, unmetered.ServiceMethod{Name: "Update rDNS", Method: "POST", Route: "/service/@id/rdns"})

	ips, err := c.Services.IPAddresses(ctx, 302)
	require.NoError(t, err)
	assert.Equal(t, []string{"192.0.2.20", "2001:db8::20"}, ips.Addresses)
	ips, err = c.Services.IPAddresses(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, ips.Addresses, "DNS hosting has no addresses")

	bw, err := c.Services.Bandwidth(ctx, 302)
	require.NoError(t, err)
	assertDecimal(t, "512.25", bw.Used)
	assertDecimal(t, "1000", bw.Limit)
	assert.Equal(t, "GB", bw.Unit)

	graphs, err := c.Services.BandwidthGraphs(ctx, 302)
	require.NoError(t, err)
	require.Len(t, graphs, 3)
	assert.Equal(t, []string{"day", "week", "month"}, []string{graphs[0].Period, graphs[1].Period, graphs[2].Period})
	assert.Equal(t, "image/png", graphs[0].ContentType)
}

// TestSDKServicesDatesFollowTheClock: the seeded services' dates are relative to the server's
// clock, so a service is never overdue on a fresh server, whatever the date.
func TestSDKServicesDatesFollowTheClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, now := range []time.Time{
		time.Date(2031, time.March, 30, 23, 59, 0, 0, time.UTC),
		time.Now(),
	} {
		c := sdkClient(t, NewTestServer(t, WithClock(func() time.Time { return now })))
		today := now.UTC().Truncate(24 * time.Hour)
		days := func(d unmetered.Date) int { return int(d.Sub(today).Hours() / 24) }

		s, err := c.Services.Get(ctx, 301)
		require.NoError(t, err)
		assert.Equal(t, 27, days(s.NextDue), "next due, monthly")
		assert.Equal(t, 20, days(s.NextInvoice), "invoiced a week before")
		assert.Equal(t, -64, days(s.DateCreated))
		s, err = c.Services.Get(ctx, 302)
		require.NoError(t, err)
		assert.Equal(t, 165, days(s.NextDue), "next due, annually")
		assert.Equal(t, 158, days(s.NextInvoice))

		list, err := c.Services.List(ctx)
		require.NoError(t, err)
		for _, s := range list {
			assert.True(t, s.NextDue.After(today), "service %d is not overdue at %s", s.ID, now)
		}
	}
}

func TestSDKServicesLabelAndReverseDNS(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	require.NoError(t, c.Services.SetLabel(ctx, 301, "production web"))
	label, err := c.Services.Label(ctx, 301)
	require.NoError(t, err)
	assert.Equal(t, "production web", label)
	s, err := c.Services.Get(ctx, 301)
	require.NoError(t, err)
	assert.Equal(t, "production web", s.Label)
	require.NoError(t, c.Services.SetLabel(ctx, 301, ""))
	label, err = c.Services.Label(ctx, 301)
	require.NoError(t, err)
	assert.Empty(t, label)

	err = c.Services.SetReverseDNS(ctx, 302, unmetered.ReverseDNSRequest{Hostnames: map[string]string{"2001:db8::20": "v6.example.com"}})
	require.NoError(t, err)
	rdns, err := c.Services.ReverseDNS(ctx, 302)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"192.0.2.20": "vps.example.com", "2001:db8::20": "v6.example.com"}, rdns.Hostnames)
	rdns, err = c.Services.ReverseDNS(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, rdns.Hostnames)

	err = c.Services.SetReverseDNS(ctx, 302, unmetered.ReverseDNSRequest{Hostnames: map[string]string{"198.51.100.1": "x.example.com"}})
	assert.Equal(t, []string{"198.51.100.1 is not an IP address of this service"}, requireAPIError(t, err, 400))
}

func TestSDKServicesUpgradeAndCancel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)

	opts, err := c.Services.UpgradeOptions(ctx, 302)
	require.NoError(t, err)
	require.Len(t, opts.Resources, 2)
	bw, disk := opts.Resources[0], opts.Resources[1]
	assert.Equal(t, unmetered.ResourceTypeSelect, bw.Type)
	require.NotNil(t, bw.Selected())
	assert.Equal(t, int64(9953), bw.Selected().ID)
	require.Len(t, bw.Items, 3)
	assertDecimal(t, "5.00", bw.Items[1].Price)
	assert.Equal(t, unmetered.ResourceTypeSlider, disk.Type)
	assert.Equal(t, []int64{10, 200, 10, 40}, []int64{disk.Min, disk.Max, disk.Step, disk.Value})
	assertDecimal(t, "0.1", disk.Price)
	assert.JSONEq(t, `[]`, string(opts.Packages))

	req := unmetered.UpgradeRequest{Resources: unmetered.UpgradeResources{
		1557: unmetered.ResourceItem(10103), 1560: unmetered.ResourceQuantity(60),
	}}
	est, err := c.Services.UpgradeEstimate(ctx, 302, req)
	require.NoError(t, err)
	assertDecimal(t, "6.00", est.Total, "4.00 for the bandwidth, 2.00 for 20 GB more disk at 0.10")
	assertDecimal(t, "6.00", est.Subtotal)
	assert.Equal(t, "USD", est.Currency)
	opts, err = c.Services.UpgradeOptions(ctx, 302)
	require.NoError(t, err)
	assert.Equal(t, int64(9953), opts.Resources[0].Selected().ID, "an estimate changes nothing")

	res, err := c.Services.Upgrade(ctx, 302, req)
	require.NoError(t, err)
	assert.NotZero(t, res.OrderID)
	require.NotZero(t, res.InvoiceID)
	inv := sendOK(t, srv, "GET", "/invoice/"+strconv.FormatInt(res.InvoiceID, 10), nil)
	assert.Equal(t, "Unpaid", at(t, inv, "invoice", "status"))
	assert.Equal(t, "6.00", at(t, inv, "invoice", "items", "0", "amount"))
	opts, err = c.Services.UpgradeOptions(ctx, 302)
	require.NoError(t, err)
	assert.Equal(t, int64(10103), opts.Resources[0].Selected().ID)
	assert.Equal(t, int64(60), opts.Resources[1].Value)

	// A cycle change that costs nothing is not invoiced.
	res, err = c.Services.Upgrade(ctx, 301, unmetered.UpgradeRequest{Cycle: unmetered.CycleCodeMonthly})
	require.NoError(t, err)
	assert.Zero(t, res.InvoiceID)

	_, err = c.Services.Upgrade(ctx, 302, unmetered.UpgradeRequest{Resources: unmetered.UpgradeResources{1557: unmetered.ResourceItem(1)}})
	assert.Equal(t, []string{`Unknown item "1" for Bandwidth`}, requireAPIError(t, err, 400))

	require.NoError(t, c.Services.Cancel(ctx, 301, unmetered.CancelRequest{Type: unmetered.CancelImmediately, Reason: "Moving to a VPS"}))
	s, err := c.Services.Get(ctx, 301)
	require.NoError(t, err)
	assert.Equal(t, unmetered.ServiceCancelled, s.Status)
	err = c.Services.Cancel(ctx, 301, unmetered.CancelRequest{Reason: "again"})
	assert.Equal(t, []string{"A cancellation request for this service already exists"}, requireAPIError(t, err, 400))
	require.NoError(t, c.Services.Cancel(ctx, 302, unmetered.CancelRequest{Reason: "End of the project"}))
	s, err = c.Services.Get(ctx, 302)
	require.NoError(t, err)
	assert.Equal(t, unmetered.ServiceActive, s.Status, "runs until the end of the billing period")
}
