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
	assert.Equal(t, int64(301), a.ID)
	assert.Equal(t, "examplename.com", a.Domain)
	assert.Equal(t, mustDecimal(t, "9.99"), a.Total)
	assert.Equal(t, ServicePending, a.Status)
	assert.Equal(t, CycleMonthly, a.BillingCycle)
	assert.Equal(t, day(2017, 12, 30), a.NextDue.Time)
	assert.Equal(t, "Hosting", a.Category)
	assert.Equal(t, "hosting", a.CategoryURL)
	assert.Equal(t, "Starter Hosting", a.Name)
	assert.Zero(t, a.Username)
	assert.Zero(t, a.Password)
	assert.Empty(t, a.Label)
	assert.True(t, a.DateCreated.IsZero())
	assert.True(t, a.NextInvoice.IsZero())
	assert.False(t, a.FirstPayment.IsSet(), "absent")

	b := list[1] // numbers instead of strings, a zero date
	assert.Equal(t, int64(302), b.ID)
	assert.Equal(t, "vps.example.com", b.Domain)
	assert.Equal(t, mustDecimal(t, "24.5"), b.Total)
	assert.Equal(t, ServiceActive, b.Status)
	assert.Equal(t, CycleAnnually, b.BillingCycle)
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
	assert.Equal(t, int64(301), s.ID)
	assert.Equal(t, day(2016, 12, 30), s.DateCreated.Time)
	assert.Equal(t, "examplename.com", s.Domain)
	assert.Equal(t, mustDecimal(t, "9.99"), s.FirstPayment)
	assert.Equal(t, mustDecimal(t, "9.99"), s.Total)
	assert.Equal(t, CycleMonthly, s.BillingCycle)
	assert.Equal(t, day(2017, 12, 30), s.NextDue.Time)
	assert.Equal(t, day(2017, 1, 27), s.NextInvoice.Time)
	assert.Equal(t, ServiceActive, s.Status)
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

func TestServicesIPAddresses(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/301/ip", 200, "services/ip.json")

	ips, err := env.client.Services.IPAddresses(context.Background(), 301)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/service/301/ip", "")
	assert.Equal(t, []string{"192.0.2.10", "2001:db8::10"}, ips.Addresses)
	assertKept(t, ips.Raw, "services/ip.json")
}

func TestServicesReverseDNS(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/301/rdns", 200, "services/rdns.json")

	rdns, err := env.client.Services.ReverseDNS(context.Background(), 301)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/service/301/rdns", "")
	assert.Equal(t, map[string]string{"192.0.2.10": "host.example.com", "2001:db8::10": "v6.example.com"}, rdns.Hostnames)
	assertKept(t, rdns.Raw, "services/rdns.json")
}

func TestServicesBandwidth(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/service/301/bandwidth", 200, "services/bandwidth.json")

	bw, err := env.client.Services.Bandwidth(context.Background(), 301)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/service/301/bandwidth", "")
	assert.Equal(t, mustDecimal(t, "512.25"), bw.Used)
	assert.Equal(t, mustDecimal(t, "1000"), bw.Limit)
	assert.Equal(t, "GB", bw.Unit)
	assertKept(t, bw.Raw, "services/bandwidth.json")
}

// TestServicesUndocumentedShapes: the reads whose shape the reference does not document are
// typed from the fake portal's shape, leniently: another shape leaves the typed fields empty,
// and Raw keeps what was sent. Only a body that is not a JSON object fails.
func TestServicesUndocumentedShapes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/service/301/ip", 200, `{"ips": [{"ip": "192.0.2.10"}], "main": "192.0.2.10"}`)
	env.on(http.MethodGet, "/service/301/rdns", 200, `{"rdns": []}`)
	env.on(http.MethodGet, "/service/302/rdns", 200, `{"rdns": [{"ip": "192.0.2.10", "ptr": "a.example"}]}`)
	env.on(http.MethodGet, "/service/301/bandwidth", 200, `{"bandwidth": "12 GB", "billing": {"overage": "0.10"}}`)
	env.on(http.MethodGet, "/service/302/bandwidth", 200, `["not an object"]`)

	ips, err := env.client.Services.IPAddresses(ctx, 301)
	require.NoError(t, err)
	assert.Nil(t, ips.Addresses)
	assert.Equal(t, "192.0.2.10", ips.Raw.Text("main"))

	rdns, err := env.client.Services.ReverseDNS(ctx, 301)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{}, rdns.Hostnames, "PHP's empty map")
	rdns, err = env.client.Services.ReverseDNS(ctx, 302)
	require.NoError(t, err)
	assert.Nil(t, rdns.Hostnames)
	assert.Contains(t, rdns.Raw.Text("rdns"), `"ptr"`)

	bw, err := env.client.Services.Bandwidth(ctx, 301)
	require.NoError(t, err)
	assert.False(t, bw.Used.IsSet(), "absent")
	assert.Empty(t, bw.Unit)
	assert.Equal(t, "12 GB", bw.Raw.Text("bandwidth"))
	assert.JSONEq(t, `{"overage": "0.10"}`, bw.Raw.Text("billing"))

	_, err = env.client.Services.Bandwidth(ctx, 302)
	require.Error(t, err)
}

func TestServicesSetReverseDNS(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/service/301/rdns", 200, `{"success": true}`)

	err := env.client.Services.SetReverseDNS(context.Background(), 301, ReverseDNSRequest{Hostnames: map[string]string{
		"192.0.2.10":   "host.example.com",
		"2001:db8::10": "v6.example.com",
	}})
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

	err := env.client.Services.Cancel(context.Background(), 301, CancelRequest{Reason: "no longer needed"})
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Contains(t, err.Error(), "cancelled_already")
}
