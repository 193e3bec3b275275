package unmetered

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the Services section's upgrade and cancellation calls.

func TestServicesUpgradeOptions(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/301/upgrade", 200, "services/upgrade_options.json")

	opts, err := env.client.Services.UpgradeOptions(context.Background(), 301)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/301/upgrade", "")
	assert.JSONEq(t, `[]`, string(opts.Packages))
	require.Len(t, opts.Resources, 2)

	bw := opts.Resources[0]
	assert.Equal(t, int64(1557), bw.ID)
	assert.Equal(t, "Bandwidth", bw.Name)
	assert.Equal(t, ResourceTypeSelect, bw.Type)
	assert.Equal(t, []UpgradeItem{
		{ID: 9953, Name: "100 GB", Price: mustDecimal(t, "1"), SetupPrice: mustDecimal(t, "0"), Selected: true},
		{ID: 10103, Name: "500 GB", Price: mustDecimal(t, "5"), SetupPrice: mustDecimal(t, "0"), Selected: false},
		{ID: 10104, Name: "1 TB", Price: mustDecimal(t, "10"), SetupPrice: mustDecimal(t, "2.50"), Selected: false},
	}, bw.Items)
	assert.Zero(t, bw.Min)
	assert.Zero(t, bw.Max)
	assert.Zero(t, bw.Step)
	assert.Zero(t, bw.Value)
	assert.False(t, bw.Price.IsSet(), "absent")
	assert.Equal(t, []string{"id", "items", "name", "type"}, bw.Raw.Keys())
	require.NotNil(t, bw.Selected())
	assert.Equal(t, int64(9953), bw.Selected().ID)

	disk := opts.Resources[1]
	assert.Equal(t, int64(1560), disk.ID)
	assert.Equal(t, "Disk", disk.Name)
	assert.Equal(t, ResourceTypeSlider, disk.Type)
	assert.Empty(t, disk.Items)
	assert.Nil(t, disk.Selected())
	assert.Equal(t, int64(10), disk.Min)
	assert.Equal(t, int64(200), disk.Max)
	assert.Equal(t, int64(10), disk.Step)
	assert.Equal(t, int64(40), disk.Value, "sent as a string")
	assert.Equal(t, mustDecimal(t, "0.1"), disk.Price)
	assert.Equal(t, []string{"id", "items", "max", "min", "name", "price", "step", "type", "value"}, disk.Raw.Keys())
}

// TestUpgradeResourceLenientSlider: the slider keys the reference does not document are read
// when they are numbers and left zero otherwise, never failing the call; Raw keeps them.
func TestUpgradeResourceLenientSlider(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/301/upgrade", 200,
		`{"resources": [{"id": "7", "name": "Disk", "type": "slider", "min": {"gb": 10}, "max": "lots", "step": null, "value": 3.0, "price": "x"}]}`)

	opts, err := env.client.Services.UpgradeOptions(context.Background(), 301)
	require.NoError(t, err)
	require.Len(t, opts.Resources, 1)
	r := opts.Resources[0]
	assert.Equal(t, int64(7), r.ID)
	assert.Zero(t, r.Min)
	assert.Zero(t, r.Max)
	assert.Zero(t, r.Step)
	assert.Equal(t, int64(3), r.Value)
	assert.False(t, r.Price.IsSet(), "absent")
	assert.JSONEq(t, `{"gb": 10}`, string(r.Raw["min"]))
	assert.Nil(t, opts.Packages, "no package key")
}

func TestUpgradeResourcesJSON(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		res  UpgradeResources
		want string
	}{
		{"quantity", UpgradeResources{1560: ResourceQuantity(40)}, `{"1560": 40}`},
		{"zero quantity", UpgradeResources{1560: ResourceQuantity(0)}, `{"1560": 0}`},
		{"item", UpgradeResources{1557: ResourceItem(10103)}, `{"1557": 10103}`},
		{"item with quantity", UpgradeResources{1561: ResourceItemQuantity(9953, 2)}, `{"1561": {"9953": 2}}`},
		{"all three", UpgradeResources{
			1557: ResourceItem(10103), 1560: ResourceQuantity(40), 1561: ResourceItemQuantity(9953, 2),
		}, `{"1557": 10103, "1560": 40, "1561": {"9953": 2}}`},
	}
	for _, tc := range cases {
		b, err := json.Marshal(tc.res)
		require.NoError(t, err, tc.name)
		assert.JSONEq(t, tc.want, string(b), tc.name)
	}

	_, err := json.Marshal(UpgradeResources{1: {}})
	assert.ErrorIs(t, err, ErrInvalidArgument, "the zero ResourceChoice does not encode")
}

func TestServicesUpgradeEstimate(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/service/301/upgrade", 200, "services/upgrade_estimate.json")

	est, err := env.client.Services.UpgradeEstimate(context.Background(), 301, UpgradeRequest{
		Resources: UpgradeResources{1557: ResourceItem(10103), 1560: ResourceQuantity(40)},
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/service/301/upgrade",
		`{"resources": {"1557": 10103, "1560": 40}, "send": false}`)
	assert.Equal(t, mustDecimal(t, "4.00"), est.Subtotal)
	assert.Equal(t, mustDecimal(t, "4.00"), est.Total)
	assert.Equal(t, "USD", est.Currency)
	assertKept(t, est.Raw, "services/upgrade_estimate.json")
}

func TestServicesUpgradeEstimateIsRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	ok := fixture(t, "services/upgrade_estimate.json")
	rec := env.onFunc(http.MethodPost, "/service/301/upgrade",
		httpmock.NewStringResponder(503, `{"error":["busy"]}`).Then(httpmock.NewBytesResponder(200, ok)))

	est, err := env.client.Services.UpgradeEstimate(context.Background(), 301, UpgradeRequest{Cycle: CycleCodeAnnually})
	require.NoError(t, err)
	assert.Equal(t, mustDecimal(t, "4.00"), est.Total)
	reqs := rec.all()
	require.Len(t, reqs, 2, "a 503 to an estimate is retried")
	for _, r := range reqs {
		assertRequest(t, r, http.MethodPost, "/service/301/upgrade", `{"cycle": "a", "send": false}`)
	}
}

func TestServicesUpgrade(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/service/301/upgrade", 200, "services/upgrade_submit.json")

	res, err := env.client.Services.Upgrade(context.Background(), 301, UpgradeRequest{
		Resources: UpgradeResources{1561: ResourceItemQuantity(9953, 2)},
		Package:   334,
		Cycle:     CycleCodeAnnually,
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/service/301/upgrade",
		`{"resources": {"1561": {"9953": 2}}, "package": 334, "cycle": "a", "send": true}`)
	assert.Equal(t, int64(8812), res.OrderID)
	assert.Equal(t, int64(4021), res.InvoiceID)
	assertKept(t, res.Raw, "services/upgrade_submit.json")
}

// TestServicesUpgradeOtherShapes: the undocumented estimate and result are read leniently; a
// shape other than the fake portal's leaves the typed fields zero and is kept in Raw.
func TestServicesUpgradeOtherShapes(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/service/301/upgrade", 200, `{"summary": ["4.00"], "order_id": {"id": 1}, "invoice_id": 77}`)

	est, err := env.client.Services.UpgradeEstimate(context.Background(), 301, UpgradeRequest{Package: 2})
	require.NoError(t, err)
	assert.False(t, est.Total.IsSet(), "absent")
	assert.False(t, est.Subtotal.IsSet(), "absent")
	assert.Empty(t, est.Currency)
	assert.JSONEq(t, `["4.00"]`, string(est.Raw["summary"]))

	res, err := env.client.Services.Upgrade(context.Background(), 301, UpgradeRequest{Package: 2})
	require.NoError(t, err)
	assert.Zero(t, res.OrderID)
	assert.Equal(t, int64(77), res.InvoiceID)
	assert.JSONEq(t, `{"id": 1}`, string(res.Raw["order_id"]))
}

func TestServicesCancel(t *testing.T) {
	t.Parallel()
	for typ, immediate := range map[CancelType]bool{"": false, CancelEndOfPeriod: false, CancelImmediately: true} {
		env := newTestEnv(t)
		rec := env.on(http.MethodPost, "/service/301/cancel", 200, "services/cancel.json")

		err := env.client.Services.Cancel(context.Background(), 301, CancelRequest{Type: typ, Reason: "Moving to a bigger plan"})
		require.NoError(t, err, typ)
		assertRequest(t, rec.only(t), http.MethodPost, "/service/301/cancel",
			fmt.Sprintf(`{"immediate": %t, "reason": "Moving to a bigger plan"}`, immediate))
	}
}
