package unmetered

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Checks across the Services section: replay safety, input validation, and the public form of
// its types.

// TestServicesSideEffectsNotReplayed: each POST that changes something is sent exactly once,
// even when the server answers 503.
func TestServicesSideEffectsNotReplayed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, route string
		call        func(context.Context, *ServicesService) error
	}{
		{"Upgrade", "/service/301/upgrade", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, UpgradeRequest{Package: 334})
			return err
		}},
		{"Cancel", "/service/301/cancel", func(ctx context.Context, s *ServicesService) error {
			return s.Cancel(ctx, 301, CancelRequest{Type: CancelImmediately, Reason: "done"})
		}},
		{"SetLabel", "/service/301/label", func(ctx context.Context, s *ServicesService) error {
			return s.SetLabel(ctx, 301, "web")
		}},
		{"SetReverseDNS", "/service/301/rdns", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, ReverseDNSRequest{Hostnames: map[string]string{"192.0.2.10": "host.example.com"}})
		}},
	}
	for _, tc := range cases {
		env := newTestEnv(t)
		rec := env.on(http.MethodPost, tc.route, 503, `{"error": ["temporarily unavailable"]}`)
		err := tc.call(context.Background(), env.client.Services)
		assert.ErrorIs(t, err, ErrServer, tc.name)
		assert.Equal(t, 1, rec.count(), tc.name+" must not be replayed")
	}
}

func TestServicesInvalidArguments(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		call func(context.Context, *ServicesService) error
	}{
		{"Get id 0", func(ctx context.Context, s *ServicesService) error { _, err := s.Get(ctx, 0); return err }},
		{"Methods negative id", func(ctx context.Context, s *ServicesService) error { _, err := s.Methods(ctx, -1); return err }},
		{"UpgradeOptions id 0", func(ctx context.Context, s *ServicesService) error { _, err := s.UpgradeOptions(ctx, 0); return err }},
		{"Label id 0", func(ctx context.Context, s *ServicesService) error { _, err := s.Label(ctx, 0); return err }},
		{"IPAddresses id 0", func(ctx context.Context, s *ServicesService) error { _, err := s.IPAddresses(ctx, 0); return err }},
		{"ReverseDNS id 0", func(ctx context.Context, s *ServicesService) error { _, err := s.ReverseDNS(ctx, 0); return err }},
		{"Bandwidth id 0", func(ctx context.Context, s *ServicesService) error { _, err := s.Bandwidth(ctx, 0); return err }},
		{"BandwidthGraphs id 0", func(ctx context.Context, s *ServicesService) error { _, err := s.BandwidthGraphs(ctx, 0); return err }},
		{"UpgradeEstimate empty request", func(ctx context.Context, s *ServicesService) error {
			_, err := s.UpgradeEstimate(ctx, 301, UpgradeRequest{})
			return err
		}},
		{"Upgrade empty request", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, UpgradeRequest{})
			return err
		}},
		{"Upgrade id 0", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 0, UpgradeRequest{Package: 1})
			return err
		}},
		{"Upgrade zero choice", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, UpgradeRequest{Resources: UpgradeResources{1557: {}}})
			return err
		}},
		{"Upgrade bad resource id", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, UpgradeRequest{Resources: UpgradeResources{0: ResourceItem(1)}})
			return err
		}},
		{"Upgrade bad item id", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, UpgradeRequest{Resources: UpgradeResources{1557: ResourceItem(0)}})
			return err
		}},
		{"UpgradeEstimate negative quantity", func(ctx context.Context, s *ServicesService) error {
			_, err := s.UpgradeEstimate(ctx, 301, UpgradeRequest{Resources: UpgradeResources{1561: ResourceItemQuantity(9953, -1)}})
			return err
		}},
		{"Upgrade negative package", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, UpgradeRequest{Package: -3})
			return err
		}},
		{"Upgrade cycle with spaces", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, UpgradeRequest{Cycle: " m"})
			return err
		}},
		{"Upgrade cycle with inner space", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, UpgradeRequest{Cycle: "p 4"})
			return err
		}},
		{"Cancel without reason", func(ctx context.Context, s *ServicesService) error {
			return s.Cancel(ctx, 301, CancelRequest{Type: CancelImmediately, Reason: "  "})
		}},
		{"Cancel unknown type", func(ctx context.Context, s *ServicesService) error {
			return s.Cancel(ctx, 301, CancelRequest{Type: "true", Reason: "x"})
		}},
		{"Cancel type in other case", func(ctx context.Context, s *ServicesService) error {
			return s.Cancel(ctx, 301, CancelRequest{Type: "Immediate", Reason: "x"})
		}},
		{"Cancel id 0", func(ctx context.Context, s *ServicesService) error {
			return s.Cancel(ctx, 0, CancelRequest{Reason: "x"})
		}},
		{"SetLabel two lines", func(ctx context.Context, s *ServicesService) error { return s.SetLabel(ctx, 301, "a\nb") }},
		{"SetReverseDNS empty", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, ReverseDNSRequest{})
		}},
		{"SetReverseDNS not an IP", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, ReverseDNSRequest{Hostnames: map[string]string{"host.example.com": "x.example.com"}})
		}},
		{"SetReverseDNS empty hostname", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, ReverseDNSRequest{Hostnames: map[string]string{"192.0.2.10": ""}})
		}},
		{"SetReverseDNS hostname with spaces", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, ReverseDNSRequest{Hostnames: map[string]string{"192.0.2.10": "a b"}})
		}},
		{"SetReverseDNS id 0", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 0, ReverseDNSRequest{Hostnames: map[string]string{"192.0.2.10": "a.example"}})
		}},
	}
	for _, tc := range cases {
		env := newTestEnv(t)
		var recs []*recorder
		for _, route := range []string{"/upgrade", "/cancel", "/label", "/rdns"} {
			recs = append(recs, env.on(http.MethodPost, "/service/301"+route, 200, `{}`))
		}
		err := tc.call(context.Background(), env.client.Services)
		assert.ErrorIs(t, err, ErrInvalidArgument, tc.name)
		for _, rec := range recs {
			assert.Equal(t, 0, rec.count(), tc.name+": nothing is sent")
		}
		assert.Equal(t, 0, env.mock.GetTotalCallCount(), tc.name+": nothing is sent")
	}
}

// TestServicesValidationNamesMethodAndField: a refused request says which method and field.
func TestServicesValidationNamesMethodAndField(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newTestEnv(t).client.Services
	cases := map[string]error{
		`Cancel: Type "now" is not "end_of_period" or "immediate"`: s.Cancel(ctx, 301, CancelRequest{Type: "now", Reason: "x"}),
		"Cancel needs a Reason": s.Cancel(ctx, 301, CancelRequest{}),
		"SetReverseDNS: Hostnames: \"example.com\" is not an IP address": s.SetReverseDNS(ctx, 301,
			ReverseDNSRequest{Hostnames: map[string]string{"example.com": "a.example"}}),
		"SetLabel: the label must be a single line": s.SetLabel(ctx, 301, "a\r\nb"),
	}
	_, cases["Upgrade: Resources[1557]: "] = s.Upgrade(ctx, 301, UpgradeRequest{Resources: UpgradeResources{1557: {}}})
	_, cases["UpgradeEstimate: Package cannot be negative"] = s.UpgradeEstimate(ctx, 301, UpgradeRequest{Package: -1})
	for want, err := range cases {
		require.ErrorIs(t, err, ErrInvalidArgument, want)
		assert.Contains(t, err.Error(), want)
	}
}

// TestServicePublicJSON: the public form marshals with snake_case names, plain values, and the
// credentials redacted; the wire's names are not used.
func TestServicePublicJSON(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/301", 200, "services/get.json")
	svc, err := env.client.Services.Get(context.Background(), 301)
	require.NoError(t, err)

	b, err := json.Marshal(svc)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"id": 301, "domain": "examplename.com", "name": "Starter Hosting", "status": "Active",
		"billing_cycle": "Monthly", "total": "9.99", "first_payment": "9.99",
		"date_created": "2016-12-30", "next_due": "2017-12-30", "next_invoice": "2017-01-27",
		"username": "[REDACTED]", "password": "[REDACTED]"
	}`, string(b))
}

func TestCycleCodes(t *testing.T) {
	t.Parallel()
	for code, name := range map[CycleCode]BillingCycle{
		CycleCodeHourly: CycleHourly, CycleCodeDaily: CycleDaily, CycleCodeWeekly: CycleWeekly,
		CycleCodeMonthly: CycleMonthly, CycleCodeQuarterly: CycleQuarterly, CycleCodeSemiAnnually: CycleSemiAnnually,
		CycleCodeAnnually: CycleAnnually, CycleCodeBiennially: CycleBiennially, CycleCodeTriennially: CycleTriennially,
		CycleCodeQuadrennially: CycleQuadrennially, CycleCodeQuinquennially: CycleQuinquennially,
	} {
		assert.Equal(t, name, code.Cycle(), code)
		assert.Equal(t, code, name.Code(), name)
	}
	assert.Equal(t, "Semi-Annually", string(CycleSemiAnnually), "HostBill's spelling")
	assert.Equal(t, "One Time", string(CycleOneTime), "HostBill's spelling")
	assert.Empty(t, CycleFree.Code())
	assert.Empty(t, CycleOneTime.Code())
	assert.Empty(t, BillingCycle("Fortnightly").Code())
	assert.Empty(t, CycleCode("x").Cycle())
}
