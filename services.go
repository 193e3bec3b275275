package unmetered

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// ServicesService covers the API's "Services" section: the services (hosting, servers, ...) on
// the account, their upgrades and cancellation, labels, IP addresses, reverse DNS and bandwidth.
// Reach it as Client.Services.
//
// Every method takes the service id that List returns; an id below 1 is refused with
// ErrInvalidArgument before anything is sent.
type ServicesService service

// getService GETs /service/@id<suffix> and decodes the whole response into a new T.
func getService[T any](ctx context.Context, c *Client, id int64, suffix string) (*T, error) {
	rt, err := newRoute(http.MethodGet, "/service/@id"+suffix, id)
	if err != nil {
		return nil, err
	}
	return get[T](ctx, c, rt)
}

// readService GETs /service/@id<suffix> into the wire form W and returns its public form.
func readService[W, T any](ctx context.Context, c *Client, id int64, suffix string, public func(*W) T) (*T, error) {
	w, err := getService[W](ctx, c, id, suffix)
	if err != nil {
		return nil, err
	}
	out := public(w)
	return &out, nil
}

// post sends a side-effect POST to /service/<id><suffix>: it is never replayed once it may have
// reached the server, so a failure is returned rather than risk acting twice.
func (s *ServicesService) post(ctx context.Context, id int64, suffix string, body, out any) error {
	rt, err := newRoute(http.MethodPost, "/service/@id"+suffix, id)
	if err != nil {
		return err
	}
	return s.client.do(ctx, rt, body, out)
}

// List returns the services on the account, with the summary fields of Service (GET /service).
func (s *ServicesService) List(ctx context.Context) ([]Service, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/service"), "services", (*serviceWire).public)
}

// Get returns one service with its billing dates and login (GET /service/@id).
func (s *ServicesService) Get(ctx context.Context, id int64) (*Service, error) {
	rt, err := newRoute(http.MethodGet, "/service/@id", id)
	if err != nil {
		return nil, err
	}
	w, err := getKey[serviceWire](ctx, s.client, rt, "service")
	if err != nil {
		return nil, err
	}
	out := w.public()
	return &out, nil
}

// Methods lists the API calls available for the service (GET /service/@id/methods): which of
// this section's methods (upgrade, cancel, label, ...) its product supports.
func (s *ServicesService) Methods(ctx context.Context, id int64) ([]ServiceMethod, error) {
	out, err := getService[struct {
		Methods looseList[ServiceMethod] `json:"methods"`
	}](ctx, s.client, id, "/methods")
	if err != nil {
		return nil, err
	}
	return out.Methods, nil
}

// UpgradeOptions returns the resources and packages the service can be upgraded to, with
// prices and the current selection (GET /service/@id/upgrade).
func (s *ServicesService) UpgradeOptions(ctx context.Context, id int64) (*UpgradeOptions, error) {
	return readService(ctx, s.client, id, "/upgrade", (*upgradeOptionsWire).public)
}

func (c ResourceChoice) validate() error {
	switch {
	case c.kind == resourceUnset:
		return fmt.Errorf("%w: an empty ResourceChoice; use ResourceQuantity, ResourceItem or ResourceItemQuantity", ErrInvalidArgument)
	case c.kind != resourceQuantity && c.item < 1:
		return fmt.Errorf("%w: an item id must be positive, got %d", ErrInvalidArgument, c.item)
	case c.kind != resourceItem && c.quantity < 0:
		return fmt.Errorf("%w: a quantity cannot be negative, got %d", ErrInvalidArgument, c.quantity)
	}
	return nil
}

// MarshalJSON writes the reference's form for the choice: a number, or {"item": quantity}.
func (c ResourceChoice) MarshalJSON() ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	switch c.kind {
	case resourceQuantity:
		return strconv.AppendInt(nil, c.quantity, 10), nil
	case resourceItem:
		return strconv.AppendInt(nil, c.item, 10), nil
	}
	return json.Marshal(map[string]int64{strconv.FormatInt(c.item, 10): c.quantity})
}

func (r UpgradeRequest) validate(method string) error {
	if len(r.Resources) == 0 && r.Package == 0 && r.Cycle == "" {
		return fmt.Errorf("%w: %s needs Resources, a Package or a Cycle", ErrInvalidArgument, method)
	}
	if r.Package < 0 {
		return fmt.Errorf("%w: %s: Package cannot be negative, got %d", ErrInvalidArgument, method, r.Package)
	}
	if strings.IndexFunc(string(r.Cycle), unicode.IsSpace) >= 0 {
		return fmt.Errorf("%w: %s: Cycle %q has spaces", ErrInvalidArgument, method, r.Cycle)
	}
	for id, c := range r.Resources {
		if id < 1 {
			return fmt.Errorf("%w: %s: Resources: a resource id must be positive, got %d", ErrInvalidArgument, method, id)
		}
		if err := c.validate(); err != nil {
			return fmt.Errorf("%s: Resources[%d]: %w", method, id, err)
		}
	}
	return nil
}

// upgradeBody is the wire form of POST /service/@id/upgrade: the request plus "send".
type upgradeBody struct {
	UpgradeRequest
	Send bool `json:"send"`
}

// UpgradeEstimate prices an upgrade without ordering it (POST /service/@id/upgrade with
// "send": false). Nothing changes on the server, so it is retried on transient failures like a
// GET. Call Upgrade with the same request to order it.
func (s *ServicesService) UpgradeEstimate(ctx context.Context, id int64, req UpgradeRequest) (*UpgradeEstimate, error) {
	var w upgradeEstimateWire
	if err := s.upgrade(ctx, id, req, false, &w); err != nil {
		return nil, err
	}
	out := w.public()
	return &out, nil
}

// Upgrade orders an upgrade (POST /service/@id/upgrade with "send": true); the portal may
// invoice it. It is never sent twice: a failure after the request may have reached the server
// is returned, not retried; when MaybeApplied(err) is true, check the service (or your invoices)
// before trying again. Price it first with UpgradeEstimate.
func (s *ServicesService) Upgrade(ctx context.Context, id int64, req UpgradeRequest) (*UpgradeResult, error) {
	var w upgradeResultWire
	if err := s.upgrade(ctx, id, req, true, &w); err != nil {
		return nil, err
	}
	out := w.public()
	return &out, nil
}

// upgrade sends POST /service/@id/upgrade: a side effect when send is true (never replayed),
// a read-only estimate otherwise.
func (s *ServicesService) upgrade(ctx context.Context, id int64, req UpgradeRequest, send bool, out any) error {
	method := "UpgradeEstimate"
	if send {
		method = "Upgrade"
	}
	rt, err := newRoute(http.MethodPost, "/service/@id/upgrade", id)
	if err != nil {
		return err
	}
	if err := req.validate(method); err != nil {
		return err
	}
	body := upgradeBody{UpgradeRequest: req, Send: send}
	if send {
		return s.client.do(ctx, rt, body, out)
	}
	return s.client.doReadOnly(ctx, rt, body, out)
}

// Cancel asks for the service's cancellation (POST /service/@id/cancel): at the end of the
// paid billing period (CancelEndOfPeriod, the default), or at once (CancelImmediately: the
// service and its data are terminated without waiting). The reason is required and reaches the
// portal's staff. The request is never sent twice; MaybeApplied(err) tells whether a failed one
// may have been filed.
//
//	err := client.Services.Cancel(ctx, id, unmetered.CancelRequest{Reason: "Moved to a VPS"})
//
// "immediate" is sent as a JSON boolean, so false can never be read as a non-empty, truthy
// string by the server.
func (s *ServicesService) Cancel(ctx context.Context, id int64, req CancelRequest) error {
	var immediate bool
	switch req.Type {
	case "", CancelEndOfPeriod:
	case CancelImmediately:
		immediate = true
	default:
		return fmt.Errorf("%w: Cancel: Type %q is not %q or %q", ErrInvalidArgument, req.Type, CancelEndOfPeriod, CancelImmediately)
	}
	if strings.TrimSpace(req.Reason) == "" {
		return fmt.Errorf("%w: Cancel needs a Reason", ErrInvalidArgument)
	}
	body := struct {
		Immediate bool   `json:"immediate"`
		Reason    string `json:"reason"`
	}{immediate, req.Reason}
	return s.post(ctx, id, "/cancel", body, nil)
}

// Label returns the service's custom label, "" when it has none (GET /service/@id/label).
func (s *ServicesService) Label(ctx context.Context, id int64) (string, error) {
	out, err := getService[struct {
		Label string `json:"label"`
	}](ctx, s.client, id, "/label")
	if err != nil {
		return "", err
	}
	return out.Label, nil
}

// SetLabel sets the service's custom label; "" clears it (POST /service/@id/label). As a POST
// it is not retried once it may have reached the server; MaybeApplied(err) tells whether it may
// have.
func (s *ServicesService) SetLabel(ctx context.Context, id int64, label string) error {
	if strings.ContainsAny(label, "\r\n") {
		return fmt.Errorf("%w: SetLabel: the label must be a single line", ErrInvalidArgument)
	}
	body := struct {
		Label string `json:"label"`
	}{label}
	return s.post(ctx, id, "/label", body, nil)
}

// IPAddresses returns the service's IP addresses (GET /service/@id/ip).
func (s *ServicesService) IPAddresses(ctx context.Context, id int64) (*ServiceIPAddresses, error) {
	return readService(ctx, s.client, id, "/ip", (*ipAddressesWire).public)
}

// ReverseDNS returns the reverse DNS (PTR) entries of the service's IP addresses
// (GET /service/@id/rdns).
func (s *ServicesService) ReverseDNS(ctx context.Context, id int64) (*ServiceReverseDNS, error) {
	return readService(ctx, s.client, id, "/rdns", (*reverseDNSWire).public)
}

// SetReverseDNS sets reverse DNS (PTR) entries of the service's IP addresses
// (POST /service/@id/rdns), each IP address of req.Hostnames to its hostname:
//
//	err := client.Services.SetReverseDNS(ctx, id, unmetered.ReverseDNSRequest{
//		Hostnames: map[string]string{"192.0.2.10": "web.example.com"},
//	})
//
// Addresses not in the map are left as they are. Every key must be an IP address and every
// hostname non-empty, with no spaces. As a POST it is not retried once it may have reached the
// server; MaybeApplied(err) tells whether it may have.
func (s *ServicesService) SetReverseDNS(ctx context.Context, id int64, req ReverseDNSRequest) error {
	if len(req.Hostnames) == 0 {
		return fmt.Errorf("%w: SetReverseDNS needs Hostnames: at least one IP address and hostname", ErrInvalidArgument)
	}
	for ip, host := range req.Hostnames {
		if _, err := netip.ParseAddr(ip); err != nil {
			return fmt.Errorf("%w: SetReverseDNS: Hostnames: %q is not an IP address", ErrInvalidArgument, ip)
		}
		if host == "" || strings.IndexFunc(host, unicode.IsSpace) >= 0 {
			return fmt.Errorf("%w: SetReverseDNS: Hostnames: hostname %q for %s is empty or has spaces", ErrInvalidArgument, host, ip)
		}
	}
	body := struct {
		IPAddress map[string]string `json:"ipaddress"`
	}{req.Hostnames}
	return s.post(ctx, id, "/rdns", body, nil)
}

// Bandwidth returns the service's bandwidth usage and billing details
// (GET /service/@id/bandwidth).
func (s *ServicesService) Bandwidth(ctx context.Context, id int64) (*ServiceBandwidth, error) {
	return readService(ctx, s.client, id, "/bandwidth", (*bandwidthWire).public)
}

// BandwidthGraphs returns the service's bandwidth usage images for the last day, week and
// month, decoded from the base64 the server sends (GET /service/@id/bandwidth-graphs). Images
// are accepted as bare base64 or as data: URIs ("data:image/png;base64,..."), at the top level
// of the response or under "graphs"; they are returned shortest period first. A period sent
// as null or "" is left out. An image that is not valid base64 is an error naming its period.
func (s *ServicesService) BandwidthGraphs(ctx context.Context, id int64) ([]BandwidthGraph, error) {
	out, err := getService[Object](ctx, s.client, id, "/bandwidth-graphs")
	if err != nil {
		return nil, err
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("unmetered: GET /service/%d/bandwidth-graphs: "+format, append([]any{id}, args...)...)
	}
	images := *out
	if raw, ok := images["graphs"]; ok {
		images = Object{}
		if err := images.UnmarshalJSON(raw); err != nil {
			return nil, fail("\"graphs\" is not an object: %w", err)
		}
	}
	graphs := make([]BandwidthGraph, 0, len(images))
	for period, raw := range images {
		switch period {
		case "info", "success", "status", "error":
			continue // the envelope, not an image
		}
		var text *string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, fail("the %q graph is not a base64 string", period)
		}
		if text == nil || *text == "" {
			continue
		}
		g, err := decodeGraph(period, *text)
		if err != nil {
			return nil, fail("the %q graph: %w", period, err)
		}
		graphs = append(graphs, g)
	}
	sort.Slice(graphs, func(i, j int) bool {
		ri, rj := periodRank(graphs[i].Period), periodRank(graphs[j].Period)
		if ri != rj {
			return ri < rj
		}
		return graphs[i].Period < graphs[j].Period
	})
	return graphs, nil
}

// decodeGraph decodes bare base64 or a base64 data: URI.
func decodeGraph(period, text string) (BandwidthGraph, error) {
	g := BandwidthGraph{Period: period}
	if rest, ok := strings.CutPrefix(text, "data:"); ok {
		header, payload, found := strings.Cut(rest, ",")
		mediaType, isBase64 := strings.CutSuffix(header, ";base64")
		if !found || !isBase64 {
			return g, fmt.Errorf("a data: URI that is not base64")
		}
		g.ContentType, text = mediaType, payload
	}
	text = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1 // PHP's chunk_split wraps base64 in lines
		}
		return r
	}, text)
	enc := base64.StdEncoding
	if len(text)%4 != 0 {
		enc = base64.RawStdEncoding // padding left off
	}
	data, err := enc.DecodeString(text)
	if err != nil {
		return g, fmt.Errorf("not valid base64: %w", err)
	}
	g.Data = data
	if g.ContentType == "" {
		g.ContentType = http.DetectContentType(data)
	}
	return g, nil
}

// periodRank orders periods shortest first; unknown names come last.
func periodRank(p string) int {
	switch strings.ToLower(p) {
	case "hour", "hourly":
		return 0
	case "day", "daily":
		return 1
	case "week", "weekly":
		return 2
	case "month", "monthly":
		return 3
	case "year", "yearly":
		return 4
	}
	return 5
}
