package unmeteredtest

import (
	"context"
	"testing"

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
	assert.Equal(t, "Starter Hosting", list[2].Name)
	assert.Equal(t, "9.99", list[2].Total.String())

	s, err := c.Services.Get(ctx, 301)
	require.NoError(t, err)
	assert.Equal(t, "examplename.com", s.Domain)
	assert.Equal(t, "Monthly", s.BillingCycle)
	assert.Equal(t, "examplen", s.Username.Reveal())
	assert.Equal(t, "fake-svc-pass-71", s.Password.Reveal())
	_, err = c.Services.Get(ctx, 999)
	require.ErrorIs(t, err, unmetered.ErrNotFound)

	methods, err := c.Services.Methods(ctx, 302)
	require.NoError(t, err)
	assert.Contains(t, methods, unmetered.ServiceMethod{Name: "Update rDNS", Method: "POST", Route: "/service/@id/rdns"})

	ips, err := c.Services.IPAddresses(ctx, 302)
	require.NoError(t, err)
	var addrs []string
	require.NoError(t, ips.Decode("ips", &addrs))
	assert.Equal(t, []string{"192.0.2.20", "2001:db8::20"}, addrs)

	bw, err := c.Services.Bandwidth(ctx, 302)
	require.NoError(t, err)
	assert.Contains(t, bw.Text("bandwidth"), `"used":"512.25"`)

	graphs, err := c.Services.BandwidthGraphs(ctx, 302)
	require.NoError(t, err)
	require.Len(t, graphs, 3)
	assert.Equal(t, []string{"day", "week", "month"}, []string{graphs[0].Period, graphs[1].Period, graphs[2].Period})
	assert.Equal(t, "image/png", graphs[0].ContentType)
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

	require.NoError(t, c.Services.SetReverseDNS(ctx, 302, map[string]string{"2001:db8::20": "v6.example.com"}))
	rdns, err := c.Services.ReverseDNS(ctx, 302)
	require.NoError(t, err)
	var entries map[string]string
	require.NoError(t, rdns.Decode("rdns", &entries))
	assert.Equal(t, map[string]string{"192.0.2.20": "vps.example.com", "2001:db8::20": "v6.example.com"}, entries)

	err = c.Services.SetReverseDNS(ctx, 302, map[string]string{"198.51.100.1": "x.example.com"})
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
	assert.Equal(t, unmetered.Int(9953), opts.Resources[0].Selected().ID)
	assert.Equal(t, "slider", opts.Resources[1].Type)

	req := &unmetered.UpgradeRequest{Resources: unmetered.UpgradeResources{
		1557: unmetered.ResourceItem(10103), 1560: unmetered.ResourceQuantity(60),
	}}
	est, err := c.Services.UpgradeEstimate(ctx, 302, req)
	require.NoError(t, err)
	assert.Contains(t, est.Text("summary"), `"total":"6.00"`, "4.00 for the bandwidth, 2.00 for 20 GB more disk at 0.10")
	opts, err = c.Services.UpgradeOptions(ctx, 302)
	require.NoError(t, err)
	assert.Equal(t, unmetered.Int(9953), opts.Resources[0].Selected().ID, "an estimate changes nothing")

	res, err := c.Services.Upgrade(ctx, 302, req)
	require.NoError(t, err)
	invoiceID := res.Text("invoice_id")
	inv := sendOK(t, srv, "GET", "/invoice/"+invoiceID, nil)
	assert.Equal(t, "Unpaid", at(t, inv, "invoice", "status"))
	assert.Equal(t, "6.00", at(t, inv, "invoice", "items", "0", "amount"))
	opts, err = c.Services.UpgradeOptions(ctx, 302)
	require.NoError(t, err)
	assert.Equal(t, unmetered.Int(10103), opts.Resources[0].Selected().ID)
	assert.Equal(t, `"60"`, string(opts.Resources[1].Raw["value"]))

	_, err = c.Services.Upgrade(ctx, 302, &unmetered.UpgradeRequest{Resources: unmetered.UpgradeResources{1557: unmetered.ResourceItem(1)}})
	assert.Equal(t, []string{`Unknown item "1" for Bandwidth`}, requireAPIError(t, err, 400))

	require.NoError(t, c.Services.Cancel(ctx, 301, true, "Moving to a VPS"))
	s, err := c.Services.Get(ctx, 301)
	require.NoError(t, err)
	assert.Equal(t, "Cancelled", s.Status)
	err = c.Services.Cancel(ctx, 301, false, "again")
	assert.Equal(t, []string{"A cancellation request for this service already exists"}, requireAPIError(t, err, 400))
	require.NoError(t, c.Services.Cancel(ctx, 302, false, "End of the project"))
	s, err = c.Services.Get(ctx, 302)
	require.NoError(t, err)
	assert.Equal(t, "Active", s.Status, "runs until the end of the billing period")
}
