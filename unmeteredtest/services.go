package unmeteredtest

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// serviceRoutes are the Services endpoints.
var serviceRoutes = []*route{
	{method: "GET", pattern: "/service", h: listServices},
	{method: "GET", pattern: "/service/@id", h: withService(getService)},
	{method: "GET", pattern: "/service/@id/methods", h: withService(func(c *call, s *service) reply { return ok(obj{"methods": s.methods()}) })},
	{method: "GET", pattern: "/service/@id/upgrade", h: withService(upgradeOptions)},
	{method: "POST", pattern: "/service/@id/upgrade", h: withService(upgrade)},
	{method: "POST", pattern: "/service/@id/cancel", h: withService(cancelService)},
	{method: "GET", pattern: "/service/@id/label", h: withService(func(c *call, s *service) reply { return ok(obj{"label": s.Label}) })},
	{method: "POST", pattern: "/service/@id/label", h: withService(setLabel)},
	{method: "GET", pattern: "/service/@id/ip", h: withService(func(c *call, s *service) reply { return ok(obj{"ips": nonNilStrings(s.IPs)}) })},
	{method: "GET", pattern: "/service/@id/rdns", h: withService(func(c *call, s *service) reply { return ok(obj{"rdns": s.RDNS}) })},
	{method: "POST", pattern: "/service/@id/rdns", h: withService(setReverseDNS)},
	{method: "GET", pattern: "/service/@id/bandwidth-graphs", h: withService(bandwidthGraphs)},
	{method: "GET", pattern: "/service/@id/bandwidth", h: withService(func(c *call, s *service) reply { return ok(obj{"bandwidth": s.Bandwidth}) })},
}

// service is a service on the account (hosting, a VPS, a server, DNS hosting).
type service struct {
	ID                                int64
	Product                           *product
	Domain                            string
	DateCreated, NextDue, NextInvoice string
	FirstPayment, Total               money
	Cycle                             string
	Status, Label                     string
	Username, Password                string
	IPs                               []string
	RDNS                              map[string]string
	Bandwidth                         obj
	Resources                         []*resource
	CancelRequested                   bool
}

// resource is a configurable resource of a service: a select of items or a slider.
type resource struct {
	ID                    int64
	Name, Type            string
	Items                 []*resourceItem // a select's choices
	Min, Max, Step, Value int64           // a slider's range and value
	UnitPrice             money           // a slider's price per unit
}

type resourceItem struct {
	ID       int64
	Name     string
	Price    money
	Selected bool
}

func (s *service) id() int64 { return s.ID }

func withService(h func(*call, *service) reply) handler {
	return with("id", "Service", func(st *state) []*service { return st.services }, h)
}

// newService adds a pending service of product p and returns it.
func (st *state) newService(p *product, domainName, cycle string) *service {
	period, _ := p.period(cycle)
	s := &service{
		ID: next(&st.lastService), Product: p, Domain: domainName, DateCreated: st.today(), NextDue: st.today(),
		NextInvoice: st.today(), FirstPayment: period.Price + period.Setup, Total: period.Price, Cycle: cycle,
		Status: "Pending", RDNS: map[string]string{}, Bandwidth: obj{"used": "0", "limit": "1000", "unit": "GB"},
	}
	st.services = append(st.services, s)
	return s
}

// serviceDate is the calendar date days after (before, when negative) the server's clock: the
// seeded services' dates are relative to when the server starts, so their next due dates lie
// ahead of it.
func (st *state) serviceDate(days int) string {
	return st.now().UTC().AddDate(0, 0, days).Format(dateLayout)
}

func (s *service) summary() obj {
	return obj{
		"id": idString(s.ID), "domain": s.Domain, "total": s.Total.String(), "status": s.Status,
		"billingcycle": cycleName(s.Cycle), "next_due": s.NextDue, "category": s.Product.Category.Name,
		"category_url": s.Product.Category.Slug, "name": s.Product.Name,
	}
}

func listServices(c *call) reply {
	return ok(obj{"services": renderEach(c.st.services, (*service).summary)})
}

// getService returns the service's details with its login: the only place the API shows a
// service password.
func getService(c *call, s *service) reply {
	out := s.summary()
	details := obj{
		"date_created": s.DateCreated, "firstpayment": s.FirstPayment.String(), "next_invoice": s.NextInvoice,
		"label": s.Label, "username": s.Username, "password": s.Password,
	}
	for k, v := range details {
		out[k] = v
	}
	delete(out, "category")
	delete(out, "category_url")
	return ok(obj{"service": out})
}

// methods lists the API calls that fit the service's kind.
func (s *service) methods() []obj {
	type m struct{ name, method, route string }
	list := []m{
		{"Upgrade Request", "POST", "/service/@id/upgrade"}, {"Upgrade Options", "GET", "/service/@id/upgrade"},
		{"Change service label", "POST", "/service/@id/label"}, {"Service label", "GET", "/service/@id/label"},
		{"Cancel Service", "POST", "/service/@id/cancel"},
	}
	switch s.Product.Kind {
	case "vps", "dedicated":
		list = append(list, m{"IP Addresses", "GET", "/service/@id/ip"}, m{"Reverse DNS", "GET", "/service/@id/rdns"},
			m{"Update rDNS", "POST", "/service/@id/rdns"}, m{"Bandwidth Usage", "GET", "/service/@id/bandwidth"},
			m{"Bandwidth Graph", "GET", "/service/@id/bandwidth-graphs"})
	case "dns":
		list = append(list, m{"List DNS for service", "GET", "/service/@id/dns"}, m{"Add DNS Zone", "POST", "/service/@id/dns"})
	}
	out := make([]obj, len(list))
	for i, x := range list {
		out[i] = obj{"name": x.name, "method": x.method, "route": x.route}
	}
	return out
}

func (r *resource) render() obj {
	out := obj{"id": r.ID, "name": r.Name, "type": r.Type}
	items := []obj{}
	for _, it := range r.Items {
		items = append(items, obj{"id": idString(it.ID), "name": it.Name, "price": it.Price.num(), "setup_price": 0, "selected": it.Selected})
	}
	out["items"] = items
	if r.Type == "slider" {
		out["min"], out["max"], out["step"], out["value"] = r.Min, r.Max, r.Step, strconv.FormatInt(r.Value, 10)
		out["price"] = r.UnitPrice.num()
	}
	return out
}

func upgradeOptions(c *call, s *service) reply {
	return ok(obj{"resources": renderEach(s.Resources, (*resource).render), "package": []any{}})
}

// upgrade is POST /service/@id/upgrade: with "send" false an estimate, with "send" true the
// change itself, invoiced when it costs more.
func upgrade(c *call, s *service) reply {
	resources, hasResources := c.in.object("resources")
	cycle := c.in.str("cycle")
	if pkg, _, _ := c.in.num("package"); pkg != 0 {
		return invalid("No package upgrades are available for this service")
	}
	if len(resources) == 0 && cycle == "" {
		return invalid("Give resources or a cycle to upgrade")
	}
	if c.in.has("resources") && !hasResources {
		return invalid("resources must be an object keyed by resource id")
	}
	send, _, valid := c.in.flag("send")
	if !valid {
		return invalid("send must be true or false")
	}
	var diff money
	var apply []func()
	var errs []string
	ids := make([]string, 0, len(resources))
	for k := range resources {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	for _, k := range ids {
		d, change, err := s.resourceChange(k, resources[k])
		if err != "" {
			errs = append(errs, err)
			continue
		}
		diff += d
		apply = append(apply, change)
	}
	if cycle != "" {
		p, offered := s.Product.period(cycle)
		if !offered {
			errs = append(errs, "cycle "+strconv.Quote(cycle)+" is not offered for "+s.Product.Name)
		} else {
			total := s.Total
			diff += p.Price - total
			apply = append(apply, func() { s.Cycle, s.Total = cycle, s.Total+p.Price-total })
		}
	}
	if errs != nil {
		return invalid(errs...)
	}
	cost := max(diff, 0)
	if !send {
		return ok(obj{"success": true, "summary": obj{"subtotal": cost.String(), "total": cost.String(), "currency": currency}})
	}
	for _, f := range apply {
		f()
	}
	invoiceID := "0"
	if cost > 0 {
		inv := c.st.newInvoice([]invoiceItem{{Type: "Upgrade", ItemID: s.ID, Description: "Upgrade - " + s.Product.Name + " (" + s.Domain + ")", Amount: cost}})
		invoiceID = idString(inv.ID)
	}
	return ok(obj{"success": true, "info": []string{"upgrade_request_sent"}, "order_id": idString(next(&c.st.lastOrder)), "invoice_id": invoiceID})
}

// resourceChange checks one resource value of an upgrade and returns its price difference and
// how to apply it, or an error message.
func (s *service) resourceChange(key string, v any) (money, func(), string) {
	id, _ := parseID(key)
	r, found := find(s.Resources, id)
	if !found {
		return 0, nil, "Unknown resource " + key
	}
	if r.Type == "slider" {
		n, err := strconv.ParseInt(scalarString(v), 10, 64)
		if err != nil || n < r.Min || n > r.Max || (n-r.Min)%r.Step != 0 {
			return 0, nil, r.Name + " must be a quantity from " + strconv.FormatInt(r.Min, 10) + " to " + strconv.FormatInt(r.Max, 10) + " in steps of " + strconv.FormatInt(r.Step, 10)
		}
		return money(n-r.Value) * r.UnitPrice, func() { r.Value = n }, ""
	}
	itemKey := scalarString(v)
	if m, isObj := v.(map[string]any); isObj && len(m) == 1 { // {"item_id": qty}
		for k := range m {
			itemKey = k
		}
	}
	itemID, _ := parseID(itemKey)
	var chosen, current *resourceItem
	for _, it := range r.Items {
		if it.ID == itemID {
			chosen = it
		}
		if it.Selected {
			current = it
		}
	}
	if chosen == nil {
		return 0, nil, "Unknown item " + strconv.Quote(itemKey) + " for " + r.Name
	}
	var diff money = chosen.Price
	if current != nil {
		diff -= current.Price
	}
	return diff, func() {
		for _, it := range r.Items {
			it.Selected = it == chosen
		}
	}, ""
}

func (r *resource) id() int64 { return r.ID }

// cancelService is POST /service/@id/cancel: {"immediate": bool, "reason": text}.
func cancelService(c *call, s *service) reply {
	if strings.TrimSpace(c.in.str("reason")) == "" {
		return invalid("reason is required")
	}
	immediate, _, valid := c.in.flag("immediate")
	if !valid {
		return invalid("immediate must be true or false")
	}
	if s.CancelRequested || s.Status == "Cancelled" || s.Status == "Terminated" {
		return invalid("A cancellation request for this service already exists")
	}
	s.CancelRequested = true
	if immediate {
		s.Status = "Cancelled"
	}
	return info("cancell_sent")
}

func setLabel(c *call, s *service) reply {
	if c.in.has("label") {
		if _, isString := c.in["label"].(string); !isString {
			return invalid("label must be a string")
		}
	}
	label := strings.TrimSpace(c.in.str("label"))
	if strings.ContainsAny(label, "\r\n") || len(label) > 255 {
		return invalid("label must be one line of at most 255 characters")
	}
	s.Label = label
	return ok(obj{"success": true, "info": []string{"label_updated"}})
}

// setReverseDNS is POST /service/@id/rdns: {"ipaddress": {"192.0.2.10": "host.example.com"}}.
func setReverseDNS(c *call, s *service) reply {
	m, isObj := c.in.object("ipaddress")
	if !isObj || len(m) == 0 {
		return invalid("ipaddress is required: an object of IP address to hostname")
	}
	for ip, host := range m {
		addr, err := netip.ParseAddr(ip)
		if err != nil || unknown([]string{addr.String()}, s.IPs) != "" {
			return invalid(ip + " is not an IP address of this service")
		}
		if h, isString := host.(string); !isString || !validHost(h) {
			return invalid("The hostname for " + ip + " is not a host name")
		}
	}
	for ip, host := range m {
		addr, _ := netip.ParseAddr(ip)
		s.RDNS[addr.String()] = host.(string)
	}
	return ok(obj{"success": true, "info": []string{"rdns_updated"}})
}

// bandwidthPNG is a 2x1 PNG, base64-encoded, standing in for every bandwidth graph.
const bandwidthPNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAFUlEQVR4nGJiaPj/n4GBgQEQAAD//w6QAoG/bVhyAAAAAElFTkSuQmCC"

func bandwidthGraphs(c *call, s *service) reply {
	return ok(obj{"success": true, "day": bandwidthPNG, "week": bandwidthPNG, "month": bandwidthPNG})
}

func nonNilStrings(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}
