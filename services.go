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

// Service is a service on the account. List fills the summary fields (ID, Domain, Name, Total,
// Status, BillingCycle, NextDue, Category, CategoryURL); Get fills the rest as well.
type Service struct {
	ID     Int    `json:"id"`
	Domain string `json:"domain"`
	// Name is the product's name, e.g. "Starter Hosting".
	Name string `json:"name"`
	// Label is the customer's own label for the service ("" when none; see SetLabel).
	Label string `json:"label"`
	// Status is the service's state as the portal names it: "Pending", "Active", "Suspended",
	// "Terminated", "Cancelled" or "Fraud".
	Status string `json:"status"`
	// BillingCycle is the cycle's name, e.g. "Monthly" or "Annually".
	BillingCycle string `json:"billingcycle"`
	// Total is the recurring amount per billing cycle; FirstPayment what the first invoice charged.
	Total        Decimal `json:"total"`
	FirstPayment Decimal `json:"firstpayment"`
	DateCreated  Date    `json:"date_created"`
	NextDue      Date    `json:"next_due"`
	NextInvoice  Date    `json:"next_invoice"`
	Category     string  `json:"category"`
	CategoryURL  string  `json:"category_url"`
	// Username and Password are the service's own login (control panel, server). They never
	// print, log or marshal: call Reveal to read them.
	Username Secret `json:"username"`
	Password Secret `json:"password"`
}

// getService GETs /service/@id<suffix> and decodes the whole response into a new T.
func getService[T any](ctx context.Context, c *Client, id int64, suffix string) (*T, error) {
	rt, err := newRoute(http.MethodGet, "/service/@id"+suffix, id)
	if err != nil {
		return nil, err
	}
	return get[T](ctx, c, rt)
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
	return getList[Service](ctx, s.client, staticRoute(http.MethodGet, "/service"), "services")
}

// Get returns one service with its billing dates and login (GET /service/@id).
func (s *ServicesService) Get(ctx context.Context, id int64) (*Service, error) {
	rt, err := newRoute(http.MethodGet, "/service/@id", id)
	if err != nil {
		return nil, err
	}
	var out struct {
		Service *Service `json:"service"`
	}
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return nil, err
	}
	return required(out.Service, rt, "service")
}

// ServiceMethod is an API call available for a service, e.g. {"Cancel Service", "POST",
// "/service/@id/cancel"}.
type ServiceMethod struct {
	Name string `json:"name"`
	// Method is the HTTP method: "GET", "POST", "PUT" or "DELETE".
	Method string `json:"method"`
	// Route is the API route with "@id" standing for the service id.
	Route string `json:"route"`
}

// Methods lists the API calls available for the service (GET /service/@id/methods): which of
// this section's methods (upgrade, cancel, label, ...) its product supports.
func (s *ServicesService) Methods(ctx context.Context, id int64) ([]ServiceMethod, error) {
	out, err := getService[struct {
		Methods List[ServiceMethod] `json:"methods"`
	}](ctx, s.client, id, "/methods")
	if err != nil {
		return nil, err
	}
	return out.Methods, nil
}

// UpgradeOptions is what a service can be upgraded to (GET /service/@id/upgrade).
type UpgradeOptions struct {
	// Resources are the configurable resources (bandwidth, disk, ...) with their choices.
	Resources List[UpgradeResource] `json:"resources"`
	// Packages are the packages (products) the service can move to, as the server sent them:
	// the reference shows only an empty list ("package": []).
	Packages json.RawMessage `json:"package"`
}

// UpgradeResource is one configurable resource of a service.
type UpgradeResource struct {
	// ID is the resource id: the key in UpgradeResources.
	ID   Int    `json:"id"`
	Name string `json:"name"`
	// Type is the form field: "select" or "radio" (choose an item: ResourceItem), "slider" or
	// "qty" (a quantity: ResourceQuantity), or a select with a quantity (ResourceItemQuantity).
	Type string `json:"type"`
	// Items are the choices of a select or radio resource.
	Items List[UpgradeItem] `json:"items"`
	// Raw is the whole resource as the server sent it, for keys the reference does not show
	// (a slider's bounds, say).
	Raw Object `json:"-"`
}

// UnmarshalJSON decodes the known fields and keeps the whole object in Raw.
func (r *UpgradeResource) UnmarshalJSON(b []byte) error {
	type plain UpgradeResource
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if err := p.Raw.UnmarshalJSON(b); err != nil {
		return err
	}
	*r = UpgradeResource(p)
	return nil
}

// Selected returns the item currently selected, or nil when none is.
func (r *UpgradeResource) Selected() *UpgradeItem {
	for i := range r.Items {
		if r.Items[i].Selected {
			return &r.Items[i]
		}
	}
	return nil
}

// UpgradeItem is one choice of a resource.
type UpgradeItem struct {
	// ID is the item id to pass to ResourceItem or ResourceItemQuantity.
	ID   Int    `json:"id"`
	Name string `json:"name"`
	// Price is the recurring price per billing cycle, SetupPrice the one-time fee.
	Price      Decimal `json:"price"`
	SetupPrice Decimal `json:"setup_price"`
	// Selected reports whether the service has this item now.
	Selected Bool `json:"selected"`
}

// UpgradeOptions returns the resources and packages the service can be upgraded to, with
// prices and the current selection (GET /service/@id/upgrade).
func (s *ServicesService) UpgradeOptions(ctx context.Context, id int64) (*UpgradeOptions, error) {
	return getService[UpgradeOptions](ctx, s.client, id, "/upgrade")
}

// UpgradeRequest is the request of UpgradeEstimate and Upgrade. Give at least one of
// Resources, Package or Cycle. Whether it is only priced or submitted depends on the method
// called, never on a field: UpgradeEstimate asks for a price, Upgrade places the order.
type UpgradeRequest struct {
	// Resources are the new resource values, by resource id (UpgradeResource.ID).
	Resources UpgradeResources `json:"resources,omitempty"`
	// Package is the id of a new package (product); 0 keeps the current one.
	Package int64 `json:"package,omitempty"`
	// Cycle is the new billing period symbol: "h" hourly, "d" daily, "w" weekly, "m" monthly,
	// "q" quarterly, "s" semi-annually, "a" annually, "b" biennially, "t" triennially.
	// "" keeps the current cycle.
	Cycle string `json:"cycle,omitempty"`
}

// UpgradeResources maps resource ids to their new values. Build each value with
// ResourceQuantity, ResourceItem or ResourceItemQuantity, matching the resource's Type:
//
//	unmetered.UpgradeResources{
//		1557: unmetered.ResourceItem(10103),          // select or radio: choose an item
//		1560: unmetered.ResourceQuantity(4),          // slider or qty field
//		1561: unmetered.ResourceItemQuantity(9953, 2), // select with a quantity
//	}
type UpgradeResources map[int64]ResourceChoice

// ResourceChoice is the new value of one resource; make it with ResourceQuantity, ResourceItem
// or ResourceItemQuantity. The zero value is invalid and refused before a request is sent.
type ResourceChoice struct {
	kind     resourceKind
	item     int64
	quantity int64
}

type resourceKind uint8

const (
	resourceUnset resourceKind = iota
	resourceQuantity
	resourceItem
	resourceItemQuantity
)

// ResourceQuantity sets a slider or quantity resource to n (sent as "resource_id": n).
func ResourceQuantity(n int64) ResourceChoice {
	return ResourceChoice{kind: resourceQuantity, quantity: n}
}

// ResourceItem chooses the item itemID of a select or radio resource (sent as
// "resource_id": itemID).
func ResourceItem(itemID int64) ResourceChoice {
	return ResourceChoice{kind: resourceItem, item: itemID}
}

// ResourceItemQuantity chooses the item itemID with quantity n, for a select with a quantity
// field (sent as "resource_id": {"itemID": n}).
func ResourceItemQuantity(itemID, n int64) ResourceChoice {
	return ResourceChoice{kind: resourceItemQuantity, item: itemID, quantity: n}
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

func (r *UpgradeRequest) validate(method string) error {
	if r == nil {
		return fmt.Errorf("%w: %s needs an UpgradeRequest", ErrInvalidArgument, method)
	}
	if len(r.Resources) == 0 && r.Package == 0 && r.Cycle == "" {
		return fmt.Errorf("%w: %s needs Resources, a Package or a Cycle", ErrInvalidArgument, method)
	}
	if r.Package < 0 {
		return fmt.Errorf("%w: %s: a package id cannot be negative, got %d", ErrInvalidArgument, method, r.Package)
	}
	if strings.TrimSpace(r.Cycle) != r.Cycle {
		return fmt.Errorf("%w: %s: cycle %q has spaces", ErrInvalidArgument, method, r.Cycle)
	}
	for id, c := range r.Resources {
		if id < 1 {
			return fmt.Errorf("%w: %s: a resource id must be positive, got %d", ErrInvalidArgument, method, id)
		}
		if err := c.validate(); err != nil {
			return fmt.Errorf("%s: resource %d: %w", method, id, err)
		}
	}
	return nil
}

// UpgradeEstimate is the server's price estimate for an upgrade. The reference does not
// document its shape, so it is kept whole: read it with Object's Decode, Text and Keys.
type UpgradeEstimate struct{ Object }

// UpgradeResult is the server's answer to a submitted upgrade (typically an "info" list and
// the order or invoice it created). Its shape is not documented, so it is kept whole.
type UpgradeResult struct{ Object }

// upgradeBody is the wire form of POST /service/@id/upgrade: the request plus "send".
type upgradeBody struct {
	*UpgradeRequest
	Send bool `json:"send"`
}

// UpgradeEstimate prices an upgrade without ordering it (POST /service/@id/upgrade with
// "send": false). Nothing changes on the server, so it is retried on transient failures like a
// GET. Call Upgrade with the same request to order it.
func (s *ServicesService) UpgradeEstimate(ctx context.Context, id int64, req *UpgradeRequest) (*UpgradeEstimate, error) {
	out := new(UpgradeEstimate)
	if err := s.upgrade(ctx, id, req, false, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Upgrade orders an upgrade (POST /service/@id/upgrade with "send": true); the portal may
// invoice it. It is never sent twice: a failure after the request may have reached the server
// is returned, not retried; when MaybeApplied(err) is true, check the service (or your invoices)
// before trying again. Price it first with UpgradeEstimate.
func (s *ServicesService) Upgrade(ctx context.Context, id int64, req *UpgradeRequest) (*UpgradeResult, error) {
	out := new(UpgradeResult)
	if err := s.upgrade(ctx, id, req, true, out); err != nil {
		return nil, err
	}
	return out, nil
}

// upgrade sends POST /service/@id/upgrade: a side effect when send is true (never replayed),
// a read-only estimate otherwise.
func (s *ServicesService) upgrade(ctx context.Context, id int64, req *UpgradeRequest, send bool, out any) error {
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
// paid billing period, or at once when immediate is true (the service and its data are then
// terminated without waiting). reason is required and reaches the portal's staff. The request
// is never sent twice; MaybeApplied(err) tells whether a failed one may have been filed.
//
// "immediate" is sent as a JSON boolean, so false can never be read as a non-empty, truthy
// string by the server.
func (s *ServicesService) Cancel(ctx context.Context, id int64, immediate bool, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("%w: Cancel needs a reason", ErrInvalidArgument)
	}
	body := struct {
		Immediate bool   `json:"immediate"`
		Reason    string `json:"reason"`
	}{immediate, reason}
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
		return fmt.Errorf("%w: a label is a single line", ErrInvalidArgument)
	}
	body := struct {
		Label string `json:"label"`
	}{label}
	return s.post(ctx, id, "/label", body, nil)
}

// ServiceIPAddresses is the response of GET /service/@id/ip. The reference does not document
// its shape, so it is kept whole: read it with Object's Decode, Text and Keys.
type ServiceIPAddresses struct{ Object }

// IPAddresses returns the service's IP addresses (GET /service/@id/ip).
func (s *ServicesService) IPAddresses(ctx context.Context, id int64) (*ServiceIPAddresses, error) {
	return getService[ServiceIPAddresses](ctx, s.client, id, "/ip")
}

// ServiceReverseDNS is the response of GET /service/@id/rdns. The reference does not document
// its shape, so it is kept whole: read it with Object's Decode, Text and Keys.
type ServiceReverseDNS struct{ Object }

// ReverseDNS returns the reverse DNS (PTR) entries of the service's IP addresses
// (GET /service/@id/rdns).
func (s *ServicesService) ReverseDNS(ctx context.Context, id int64) (*ServiceReverseDNS, error) {
	return getService[ServiceReverseDNS](ctx, s.client, id, "/rdns")
}

// SetReverseDNS sets reverse DNS (PTR) entries of the service's IP addresses
// (POST /service/@id/rdns): hostnames maps each IP address ("192.0.2.10", "2001:db8::1") to
// its new hostname. Addresses not in the map are left as they are. Every key must be an IP
// address and every hostname non-empty, with no spaces. As a POST it is not retried once it
// may have reached the server; MaybeApplied(err) tells whether it may have.
func (s *ServicesService) SetReverseDNS(ctx context.Context, id int64, hostnames map[string]string) error {
	if len(hostnames) == 0 {
		return fmt.Errorf("%w: SetReverseDNS needs at least one IP address and hostname", ErrInvalidArgument)
	}
	for ip, host := range hostnames {
		if _, err := netip.ParseAddr(ip); err != nil {
			return fmt.Errorf("%w: SetReverseDNS: %q is not an IP address", ErrInvalidArgument, ip)
		}
		if host == "" || strings.IndexFunc(host, unicode.IsSpace) >= 0 {
			return fmt.Errorf("%w: SetReverseDNS: hostname %q for %s is empty or has spaces", ErrInvalidArgument, host, ip)
		}
	}
	body := struct {
		IPAddress map[string]string `json:"ipaddress"`
	}{hostnames}
	return s.post(ctx, id, "/rdns", body, nil)
}

// ServiceBandwidth is the response of GET /service/@id/bandwidth: bandwidth usage and billing
// details. The reference does not document its shape, so it is kept whole: read it with
// Object's Decode, Text and Keys.
type ServiceBandwidth struct{ Object }

// Bandwidth returns the service's bandwidth usage and billing details
// (GET /service/@id/bandwidth).
func (s *ServicesService) Bandwidth(ctx context.Context, id int64) (*ServiceBandwidth, error) {
	return getService[ServiceBandwidth](ctx, s.client, id, "/bandwidth")
}

// BandwidthGraph is one bandwidth usage image.
type BandwidthGraph struct {
	// Period is the period the graph covers, as the server names it (e.g. "day", "week",
	// "month").
	Period string
	// ContentType is the image's media type, e.g. "image/png": from the server's data: URI when
	// it sends one, otherwise detected from the bytes.
	ContentType string
	// Data is the decoded image.
	Data []byte
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
