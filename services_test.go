package unmetered

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixtureServicePassword is the fake password in testdata/services/get.json.
const fixtureServicePassword = "fake-svc-pass-71"

func TestServicesList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service", 200, "services/list.json")

	list, err := env.client.Services.List(context.Background())
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service", "")
	require.Len(t, list, 2)
	a := list[0]
	assert.Equal(t, Int(301), a.ID)
	assert.Equal(t, "examplename.com", a.Domain)
	assert.Equal(t, mustDecimal(t, "9.99"), a.Total)
	assert.Equal(t, "Pending", a.Status)
	assert.Equal(t, "Monthly", a.BillingCycle)
	assert.Equal(t, day(2017, 12, 30), a.NextDue.Time)
	assert.Equal(t, "Hosting", a.Category)
	assert.Equal(t, "hosting", a.CategoryURL)
	assert.Equal(t, "Starter Hosting", a.Name)
	assert.Zero(t, a.Username)
	assert.Zero(t, a.Password)

	b := list[1] // numbers instead of strings, a zero date
	assert.Equal(t, Int(302), b.ID)
	assert.Equal(t, "vps.example.com", b.Domain)
	assert.Equal(t, mustDecimal(t, "24.5"), b.Total)
	assert.Equal(t, "Active", b.Status)
	assert.Equal(t, "Annually", b.BillingCycle)
	assert.True(t, b.NextDue.IsZero())
	assert.Equal(t, "VPS", b.Category)
	assert.Equal(t, "vps", b.CategoryURL)
	assert.Equal(t, "VPS Large", b.Name)
}

func TestServicesGet(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/301", 200, "services/get.json")

	s, err := env.client.Services.Get(context.Background(), 301)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/301", "")
	assert.Equal(t, Int(301), s.ID)
	assert.Equal(t, day(2016, 12, 30), s.DateCreated.Time)
	assert.Equal(t, "examplename.com", s.Domain)
	assert.Equal(t, mustDecimal(t, "9.99"), s.FirstPayment)
	assert.Equal(t, mustDecimal(t, "9.99"), s.Total)
	assert.Equal(t, "Monthly", s.BillingCycle)
	assert.Equal(t, day(2017, 12, 30), s.NextDue.Time)
	assert.Equal(t, day(2017, 1, 27), s.NextInvoice.Time)
	assert.Equal(t, "Active", s.Status)
	assert.Equal(t, "", s.Label)
	assert.Equal(t, "examplen", s.Username.Reveal())
	assert.Equal(t, fixtureServicePassword, s.Password.Reveal())
	assert.Equal(t, "Starter Hosting", s.Name)
	assert.Empty(t, s.Category)
	assert.Empty(t, s.CategoryURL)
}

func TestServicesGetWithoutServiceObject(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/301", 200, `{}`)

	_, err := env.client.Services.Get(context.Background(), 301)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"service"`)
}

func TestServiceCredentialsNeverPrint(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/301", 200, "services/get.json")
	svc, err := env.client.Services.Get(context.Background(), 301)
	require.NoError(t, err)

	var outputs []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		outputs = append(outputs, fmt.Sprintf(format, *svc), fmt.Sprintf(format, svc),
			fmt.Sprintf(format, svc.Password), fmt.Sprintf(format, svc.Username))
	}
	outputs = append(outputs, svc.Password.String(), svc.Password.GoString(), fmt.Sprint(svc.Password))

	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&logs, nil), slog.NewTextHandler(&logs, nil)} {
		slog.New(h).Info("got service", "service", svc, "value", *svc, "list", []Service{*svc},
			"password", svc.Password, "username", svc.Username)
	}
	outputs = append(outputs, logs.String())

	asJSON, err := json.Marshal(svc)
	require.NoError(t, err)
	outputs = append(outputs, string(asJSON))

	for _, out := range outputs {
		assert.NotContains(t, out, fixtureServicePassword)
		assert.NotContains(t, out, "examplen\"")
		assert.NotContains(t, out, "examplen ")
	}
	assert.Contains(t, fmt.Sprintf("%+v", svc), "Password:[REDACTED]")
	assert.Contains(t, fmt.Sprintf("%#v", svc), `Password:"[REDACTED]"`)
	assert.Contains(t, logs.String(), `"password":"[REDACTED]"`)
	assert.Contains(t, string(asJSON), `"password":"[REDACTED]"`)
	assert.Equal(t, "", Secret("").String(), "an empty secret shows as empty")
}

func TestSecretUnmarshal(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`"p4ss"`: "p4ss", `12345`: "12345", `null`: "", `" spaced "`: " spaced "} {
		var s Secret
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s.Reveal(), in)
	}
	var s Secret
	assert.Error(t, json.Unmarshal([]byte(`{"a":1}`), &s))
}

func TestServicesMethods(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/301/methods", 200, "services/methods.json")

	methods, err := env.client.Services.Methods(context.Background(), 301)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/301/methods", "")
	assert.Equal(t, []ServiceMethod{
		{Name: "Upgrade Request", Method: "POST", Route: "/service/@id/upgrade"},
		{Name: "Upgrade Options", Method: "GET", Route: "/service/@id/upgrade"},
		{Name: "Change service label", Method: "POST", Route: "/service/@id/label"},
		{Name: "Service label", Method: "GET", Route: "/service/@id/label"},
		{Name: "Cancel Service", Method: "POST", Route: "/service/@id/cancel"},
	}, methods)
}

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
	assert.Equal(t, Int(1557), bw.ID)
	assert.Equal(t, "Bandwidth", bw.Name)
	assert.Equal(t, "select", bw.Type)
	assert.Equal(t, List[UpgradeItem]{
		{ID: 9953, Name: "100 GB", Price: mustDecimal(t, "1"), SetupPrice: mustDecimal(t, "0"), Selected: true},
		{ID: 10103, Name: "500 GB", Price: mustDecimal(t, "5"), SetupPrice: mustDecimal(t, "0"), Selected: false},
		{ID: 10104, Name: "1 TB", Price: mustDecimal(t, "10"), SetupPrice: mustDecimal(t, "2.50"), Selected: false},
	}, bw.Items)
	assert.Equal(t, []string{"id", "items", "name", "type"}, bw.Raw.Keys())
	require.NotNil(t, bw.Selected())
	assert.Equal(t, Int(9953), bw.Selected().ID)

	disk := opts.Resources[1]
	assert.Equal(t, Int(1560), disk.ID)
	assert.Equal(t, "Disk", disk.Name)
	assert.Equal(t, "slider", disk.Type)
	assert.Empty(t, disk.Items)
	assert.Nil(t, disk.Selected())
	assert.Equal(t, "10", disk.Raw.Text("min"))
	assert.Equal(t, "200", disk.Raw.Text("max"))
	assert.Equal(t, "10", disk.Raw.Text("step"))
	assert.Equal(t, "40", disk.Raw.Text("value"))
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

	est, err := env.client.Services.UpgradeEstimate(context.Background(), 301, &UpgradeRequest{
		Resources: UpgradeResources{1557: ResourceItem(10103), 1560: ResourceQuantity(40)},
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/service/301/upgrade",
		`{"resources": {"1557": 10103, "1560": 40}, "send": false}`)
	assertKept(t, est.Object, "services/upgrade_estimate.json")
}

func TestServicesUpgradeEstimateIsRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	ok := fixture(t, "services/upgrade_estimate.json")
	rec := env.onFunc(http.MethodPost, "/service/301/upgrade",
		httpmock.NewStringResponder(503, `{"error":["busy"]}`).Then(httpmock.NewBytesResponder(200, ok)))

	est, err := env.client.Services.UpgradeEstimate(context.Background(), 301, &UpgradeRequest{Cycle: "a"})
	require.NoError(t, err)
	assert.True(t, est.Has("summary"))
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

	res, err := env.client.Services.Upgrade(context.Background(), 301, &UpgradeRequest{
		Resources: UpgradeResources{1561: ResourceItemQuantity(9953, 2)},
		Package:   334,
		Cycle:     "a",
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/service/301/upgrade",
		`{"resources": {"1561": {"9953": 2}}, "package": 334, "cycle": "a", "send": true}`)
	assertKept(t, res.Object, "services/upgrade_submit.json")
	assert.Equal(t, "8812", res.Text("order_id"))
}

func TestServicesCancel(t *testing.T) {
	t.Parallel()
	for _, immediate := range []bool{false, true} {
		env := newTestEnv(t)
		rec := env.on(http.MethodPost, "/service/301/cancel", 200, "services/cancel.json")

		require.NoError(t, env.client.Services.Cancel(context.Background(), 301, immediate, "Moving to a bigger plan"))
		assertRequest(t, rec.only(t), http.MethodPost, "/service/301/cancel",
			fmt.Sprintf(`{"immediate": %t, "reason": "Moving to a bigger plan"}`, immediate))
	}
}

func TestServicesLabel(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/301/label", 200, "services/label.json")

	label, err := env.client.Services.Label(context.Background(), 301)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/service/301/label", "")
	assert.Equal(t, "example", label)
}

func TestServicesSetLabel(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/service/301/label", 200, "services/set_label.json")

	require.NoError(t, env.client.Services.SetLabel(context.Background(), 301, "web \"front\" / eu"))
	assertRequest(t, rec.only(t), http.MethodPost, "/service/301/label", `{"label": "web \"front\" / eu"}`)
}

// assertKept checks that a response kept whole holds exactly the fixture's JSON.
func assertKept(t *testing.T, got Object, fixtureName string) {
	t.Helper()
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(fixture(t, fixtureName)), string(b))
}

// kept adapts a read that returns a response kept whole to the table of
// TestServicesKeptWholeReads.
func kept[T ~struct{ Object }](read func(*ServicesService, context.Context, int64) (*T, error)) func(context.Context, *ServicesService) (Object, error) {
	return func(ctx context.Context, s *ServicesService) (Object, error) {
		r, err := read(s, ctx, 301)
		if err != nil {
			return nil, err
		}
		return struct{ Object }(*r).Object, nil
	}
}

// TestServicesKeptWholeReads covers the reads whose shape the reference does not document:
// the request, and the response kept key for key.
func TestServicesKeptWholeReads(t *testing.T) {
	t.Parallel()
	cases := []struct {
		route, fixture string
		call           func(context.Context, *ServicesService) (Object, error)
	}{
		{"/service/301/ip", "services/ip.json", kept((*ServicesService).IPAddresses)},
		{"/service/301/rdns", "services/rdns.json", kept((*ServicesService).ReverseDNS)},
		{"/service/301/bandwidth", "services/bandwidth.json", kept((*ServicesService).Bandwidth)},
	}
	for _, tc := range cases {
		env := newTestEnv(t)
		rec := env.on(http.MethodGet, tc.route, 200, tc.fixture)
		got, err := tc.call(context.Background(), env.client.Services)
		require.NoError(t, err, tc.route)
		assertRequest(t, rec.only(t), http.MethodGet, tc.route, "")
		assertKept(t, got, tc.fixture)
	}
	// One value read back through the kept object, as a caller would.
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/301/rdns", 200, "services/rdns.json")
	rdns, err := env.client.Services.ReverseDNS(context.Background(), 301)
	require.NoError(t, err)
	var entries map[string]string
	require.NoError(t, rdns.Decode("rdns", &entries))
	assert.Equal(t, map[string]string{"192.0.2.10": "host.example.com"}, entries)
}

func TestServicesSetReverseDNS(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/service/301/rdns", 200, `{"success": true}`)

	err := env.client.Services.SetReverseDNS(context.Background(), 301, map[string]string{
		"192.0.2.10":   "host.example.com",
		"2001:db8::10": "v6.example.com",
	})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPost, "/service/301/rdns",
		`{"ipaddress": {"192.0.2.10": "host.example.com", "2001:db8::10": "v6.example.com"}}`)
}

// testPNG is the 2x1 PNG in testdata/services/bandwidth_graphs.json.
const testPNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAFUlEQVR4nGJiaPj/n4GBgQEQAAD//w6QAoG/bVhyAAAAAElFTkSuQmCC"

// testSVG is the image sent as a data: URI in testdata/services/bandwidth_graphs.json.
const testSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"/>`

func mustBase64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestServicesBandwidthGraphs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/301/bandwidth-graphs", 200, "services/bandwidth_graphs.json")

	graphs, err := env.client.Services.BandwidthGraphs(context.Background(), 301)
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/service/301/bandwidth-graphs", "")
	png := mustBase64(t, testPNG)
	assert.Equal(t, []BandwidthGraph{
		{Period: "day", ContentType: "image/png", Data: png},
		{Period: "week", ContentType: "image/svg+xml",
			Data: []byte(testSVG)},
		{Period: "month", ContentType: "image/png", Data: png}, // sent wrapped in CRLF lines
	}, graphs)
}

func TestServicesBandwidthGraphsShapes(t *testing.T) {
	t.Parallel()
	png := mustBase64(t, testPNG)
	svg := []byte(testSVG)
	cases := []struct {
		name string
		body string
		want []BandwidthGraph
	}{
		{"nested under graphs, unpadded, null and empty left out",
			`{"graphs": {"monthly": "` + strings.TrimRight(base64.StdEncoding.EncodeToString(svg), "=") +
				`", "daily": null, "weekly": ""}}`,
			[]BandwidthGraph{{Period: "monthly", ContentType: "text/plain; charset=utf-8", Data: svg}}},
		{"data URI without a media type is sniffed",
			`{"day": "data:;base64,` + testPNG + `", "error": []}`,
			[]BandwidthGraph{{Period: "day", ContentType: "image/png", Data: png}}},
		{"unknown periods last, by name",
			`{"zz": "` + testPNG + `", "aa": "` + testPNG + `", "week": "` + testPNG + `"}`,
			[]BandwidthGraph{
				{Period: "week", ContentType: "image/png", Data: png},
				{Period: "aa", ContentType: "image/png", Data: png},
				{Period: "zz", ContentType: "image/png", Data: png},
			}},
		{"no graphs", `{"success": true}`, []BandwidthGraph{}},
	}
	for _, tc := range cases {
		env := newTestEnv(t)
		env.on(http.MethodGet, "/service/301/bandwidth-graphs", 200, tc.body)
		graphs, err := env.client.Services.BandwidthGraphs(context.Background(), 301)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, graphs, tc.name)
	}
}

func TestServicesBandwidthGraphsBadImages(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, body, want string }{
		{"bad base64", `{"day": "` + testPNG + `", "week": "not*base64!"}`, `"week" graph: not valid base64`},
		{"data URI not base64", `{"month": "data:image/png,rawbytes"}`, `"month" graph: a data: URI that is not base64`},
		{"not a string", `{"day": {"src": "x"}}`, `"day" graph is not a base64 string`},
		{"graphs not an object", `{"graphs": ["a"]}`, `"graphs" is not an object`},
	}
	for _, tc := range cases {
		env := newTestEnv(t)
		env.on(http.MethodGet, "/service/301/bandwidth-graphs", 200, tc.body)
		graphs, err := env.client.Services.BandwidthGraphs(context.Background(), 301)
		require.Error(t, err, tc.name)
		assert.Nil(t, graphs, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
		assert.Contains(t, err.Error(), "/service/301/bandwidth-graphs", tc.name)
	}
}

func TestServicesNotFound(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/999", 404, `{"error": ["Service not found"]}`)

	_, err := env.client.Services.Get(context.Background(), 999)
	require.ErrorIs(t, err, ErrNotFound)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"Service not found"}, apiErr.Messages)
}

func TestServicesErrorInOKBody(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/service/301/cancel", 200, `{"error": ["cancelled_already"]}`)

	err := env.client.Services.Cancel(context.Background(), 301, false, "no longer needed")
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Contains(t, err.Error(), "cancelled_already")
}

// TestServicesSideEffectsNotReplayed: each POST that changes something is sent exactly once,
// even when the server answers 503.
func TestServicesSideEffectsNotReplayed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, route string
		call        func(context.Context, *ServicesService) error
	}{
		{"Upgrade", "/service/301/upgrade", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, &UpgradeRequest{Package: 334})
			return err
		}},
		{"Cancel", "/service/301/cancel", func(ctx context.Context, s *ServicesService) error {
			return s.Cancel(ctx, 301, true, "done")
		}},
		{"SetLabel", "/service/301/label", func(ctx context.Context, s *ServicesService) error {
			return s.SetLabel(ctx, 301, "web")
		}},
		{"SetReverseDNS", "/service/301/rdns", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, map[string]string{"192.0.2.10": "host.example.com"})
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
		{"Upgrade nil request", func(ctx context.Context, s *ServicesService) error { _, err := s.Upgrade(ctx, 301, nil); return err }},
		{"UpgradeEstimate nil request", func(ctx context.Context, s *ServicesService) error {
			_, err := s.UpgradeEstimate(ctx, 301, nil)
			return err
		}},
		{"Upgrade empty request", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, &UpgradeRequest{})
			return err
		}},
		{"Upgrade id 0", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 0, &UpgradeRequest{Package: 1})
			return err
		}},
		{"Upgrade zero choice", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, &UpgradeRequest{Resources: UpgradeResources{1557: {}}})
			return err
		}},
		{"Upgrade bad resource id", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, &UpgradeRequest{Resources: UpgradeResources{0: ResourceItem(1)}})
			return err
		}},
		{"Upgrade bad item id", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, &UpgradeRequest{Resources: UpgradeResources{1557: ResourceItem(0)}})
			return err
		}},
		{"UpgradeEstimate negative quantity", func(ctx context.Context, s *ServicesService) error {
			_, err := s.UpgradeEstimate(ctx, 301, &UpgradeRequest{Resources: UpgradeResources{1561: ResourceItemQuantity(9953, -1)}})
			return err
		}},
		{"Upgrade negative package", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, &UpgradeRequest{Package: -3})
			return err
		}},
		{"Upgrade cycle with spaces", func(ctx context.Context, s *ServicesService) error {
			_, err := s.Upgrade(ctx, 301, &UpgradeRequest{Cycle: " m"})
			return err
		}},
		{"Cancel without reason", func(ctx context.Context, s *ServicesService) error { return s.Cancel(ctx, 301, true, "  ") }},
		{"Cancel id 0", func(ctx context.Context, s *ServicesService) error { return s.Cancel(ctx, 0, false, "x") }},
		{"SetLabel two lines", func(ctx context.Context, s *ServicesService) error { return s.SetLabel(ctx, 301, "a\nb") }},
		{"SetReverseDNS empty", func(ctx context.Context, s *ServicesService) error { return s.SetReverseDNS(ctx, 301, nil) }},
		{"SetReverseDNS not an IP", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, map[string]string{"host.example.com": "x.example.com"})
		}},
		{"SetReverseDNS empty hostname", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, map[string]string{"192.0.2.10": ""})
		}},
		{"SetReverseDNS hostname with spaces", func(ctx context.Context, s *ServicesService) error {
			return s.SetReverseDNS(ctx, 301, map[string]string{"192.0.2.10": "a b"})
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
