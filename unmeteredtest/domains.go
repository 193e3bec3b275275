package unmeteredtest

import (
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// domainRoutes are the Domains endpoints.
var domainRoutes = []*route{
	{method: "GET", pattern: "/domain", h: listDomains},
	{method: "GET", pattern: "/domain/@id", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"details": d.details()}) })},
	{method: "GET", pattern: "/domain/name/@name", h: domainsByName},
	{method: "GET", pattern: "/domain/@id/ns", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"nameservers": d.Nameservers}) })},
	{method: "PUT", pattern: "/domain/@id/ns", h: withDomain(setNameservers)},
	{method: "POST", pattern: "/domain/@id/reg", h: withDomain(registerNameserver)},
	{method: "GET", pattern: "/domain/@id/dns", h: withDomain(listDomainRecords)},
	{method: "POST", pattern: "/domain/@id/dns", h: withDomain(createDomainRecord)},
	{method: "PUT", pattern: "/domain/@id/dns/@index", h: withDomain(withDomainRecord(updateDomainRecord))},
	{method: "DELETE", pattern: "/domain/@id/dns/@index", h: withDomain(withDomainRecord(deleteDomainRecord))},
	{method: "GET", pattern: "/domain/@id/dns/types", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"types": domainRecordTypes}) })},
	{method: "GET", pattern: "/domain/@id/epp", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"epp_code": d.EPP}) })},
	{method: "GET", pattern: "/domain/@id/sync", h: withDomain(syncDomain)},
	{method: "GET", pattern: "/domain/@id/reglock", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"reglock": flagString(d.RegLock)}) })},
	{method: "PUT", pattern: "/domain/@id/reglock", h: withDomain(setFlag("switch", func(d *domain) *bool { return &d.RegLock }))},
	{method: "PUT", pattern: "/domain/@id/idprotection", h: withDomain(setFlag("switch", func(d *domain) *bool { return &d.IDProtection }))},
	{method: "GET", pattern: "/domain/@id/contact", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"contact_info": d.Contacts}) })},
	{method: "PUT", pattern: "/domain/@id/contact", h: withDomain(updateDomainContacts)},
	{method: "GET", pattern: "/domain/@id/emforwarding", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"forwarding": d.EmailForwards}) })},
	{method: "PUT", pattern: "/domain/@id/emforwarding", h: withDomain(setEmailForwarding)},
	{method: "PUT", pattern: "/domain/@id/forwarding", h: withDomain(setWebForwarding)},
	{method: "GET", pattern: "/domain/@id/autorenew", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"autorenew": flagString(d.AutoRenew)}) })},
	{method: "PUT", pattern: "/domain/@id/autorenew", h: withDomain(setFlag("autorenew", func(d *domain) *bool { return &d.AutoRenew }))},
	{method: "GET", pattern: "/domain/@id/dnssec/flags", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"flags": dnssecFlags}) })},
	{method: "GET", pattern: "/domain/@id/dnssec", h: withDomain(func(c *call, d *domain) reply { return ok(obj{"keys": d.DNSSEC}) })},
	{method: "PUT", pattern: "/domain/@id/dnssec", h: withDomain(addDNSSECKey)},
	{method: "DELETE", pattern: "/domain/@id/dnssec/@key", h: withDomain(deleteDNSSECKey)},
	{method: "POST", pattern: "/domain/lookup", h: lookupDomain},
	{method: "GET", pattern: "/domain/order", h: listTLDs},
	{method: "GET", pattern: "/domain/order/@id/form", h: with("id", "TLD", func(st *state) []*tld { return st.tlds }, func(c *call, t *tld) reply { return ok(obj{"forms": t.Forms}) })},
	{method: "POST", pattern: "/domain/order", h: orderOne((*state).domainLine)},
	{method: "POST", pattern: "/domain/@id/renew", h: withDomain(renewDomain)},
}

// domain is a domain registration.
type domain struct {
	ID                               int64
	Name                             string
	TLD                              *tld
	Status                           string
	DateCreated, Expires             string
	NextDue, NextInvoice             string
	Period                           int64
	FirstPayment, Recurring          money
	IDProtection, AutoRenew, RegLock bool
	Nameservers                      []string
	EPP                              string
	Records                          []*domainRecord // addressed by 1-based index
	EmailForwards                    []emailForward
	WebForwarding                    obj
	Glue                             []obj
	Contacts                         obj // contact_info: registrant, admin, tech, billing
	DNSSEC                           []*dnssecKey
}

// domainRecord is a record of the registrar's DNS management for a domain.
type domainRecord struct {
	Name, Type, Content string
	TTL, Priority       int64
}

type emailForward struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type dnssecKey struct {
	ID     string `json:"id"`
	Flags  string `json:"flags"`
	Alg    string `json:"alg"`
	PubKey string `json:"pubkey"`
}

func (d *domain) id() int64 { return d.ID }

var (
	defaultNameservers = []string{"ns1.unmetered.management", "ns2.unmetered.management"}
	domainRecordTypes  = []string{"A", "CNAME", "URL", "FRAME", "MX", "MXE", "TXT"}
	dnssecFlags        = obj{"256": "Zone Signing Key", "257": "Key Signing Key"}
)

func withDomain(h func(*call, *domain) reply) handler {
	return with("id", "Domain", func(st *state) []*domain { return st.domains }, h)
}

func (d *domain) details() obj {
	return obj{
		"id": idString(d.ID), "name": d.Name, "date_created": d.DateCreated,
		"firstpayment": d.FirstPayment.String(), "recurring_amount": d.Recurring.String(),
		"period": strconv.FormatInt(d.Period, 10), "expires": d.Expires, "status": d.Status,
		"next_due": d.NextDue, "next_invoice": d.NextInvoice, "idprotection": flagString(d.IDProtection),
		"nameservers": d.Nameservers, "autorenew": flagString(d.AutoRenew),
	}
}

// daysToExpire counts the days from today to the expiry date, never below 0.
func (st *state) daysToExpire(expires string) int64 {
	exp, err := time.Parse(dateLayout, expires)
	if err != nil {
		return 0
	}
	today, _ := time.Parse(dateLayout, st.today())
	if days := int64(exp.Sub(today).Hours() / 24); days > 0 {
		return days
	}
	return 0
}

func listDomains(c *call) reply {
	return ok(obj{"domains": renderEach(c.st.domains, func(d *domain) obj {
		return obj{
			"id": idString(d.ID), "name": d.Name, "expires": d.Expires, "recurring_amount": d.Recurring.String(),
			"date_created": d.DateCreated, "status": d.Status, "period": strconv.FormatInt(d.Period, 10),
			"autorenew": flagString(d.AutoRenew), "daytoexpire": strconv.FormatInt(c.st.daysToExpire(d.Expires), 10),
		}
	})})
}

func domainsByName(c *call) reply {
	list := renderEach(c.st.domains, func(d *domain) obj {
		if !strings.EqualFold(d.Name, c.params["name"]) {
			return nil
		}
		return d.details()
	})
	if len(list) == 0 {
		return notFound("Domain")
	}
	return ok(obj{"details": list})
}

// validHost reports whether s looks like a host name: dot-separated labels of letters, digits,
// hyphens and underscores.
func validHost(s string) bool {
	if len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(s, "."), ".") {
		if label == "" || len(label) > 63 || strings.Trim(label, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			return false
		}
	}
	return true
}

// nameserverList reads the "nameservers" parameter: none, or 2 to most host names.
func nameserverList(in input, most int) ([]string, []string) {
	list, isList := in.strs("nameservers")
	if !isList {
		return nil, []string{"nameservers must be a list of host names"}
	}
	if len(list) == 1 || len(list) > most {
		return nil, []string{"Give 2 to " + strconv.Itoa(most) + " nameservers, or none for the defaults"}
	}
	for _, ns := range list {
		if !validHost(ns) {
			return nil, []string{"Invalid nameserver " + strconv.Quote(ns)}
		}
	}
	return list, nil
}

func setNameservers(c *call, d *domain) reply {
	list, errs := nameserverList(c.in, 13)
	if errs != nil {
		return invalid(errs...)
	}
	if len(list) == 0 {
		list = defaultNameservers
	}
	d.Nameservers = append([]string(nil), list...)
	return info("success_changes_save")
}

// registerNameserver is POST /domain/@id/reg: a glue record, {"nameserver": host, "ip": address}.
func registerNameserver(c *call, d *domain) reply {
	host, ip := c.in.str("nameserver"), c.in.str("ip")
	if !validHost(host) || !strings.HasSuffix(strings.ToLower(host), "."+d.Name) {
		return invalid("nameserver must be a host name under " + d.Name)
	}
	if _, err := netip.ParseAddr(ip); err != nil {
		return invalid("ip must be an IP address")
	}
	d.Glue = append(d.Glue, obj{"nameserver": host, "ip": ip})
	return info("success_changes_save")
}

func listDomainRecords(c *call, d *domain) reply {
	list := []obj{}
	for i, r := range d.Records {
		list = append(list, obj{
			"id": i + 1, "name": r.Name, "ttl": r.TTL, "priority": r.Priority, "type": r.Type, "content": r.Content,
		})
	}
	return ok(obj{"records": list})
}

// parseDomainRecord reads a record of the registrar's DNS from the request.
func parseDomainRecord(in input) (*domainRecord, []string) {
	r := &domainRecord{Name: strings.TrimSpace(in.str("name")), Type: strings.ToUpper(in.str("type")), Content: in.str("content")}
	if r.Name == "" {
		r.Name = "@"
	}
	var errs []string
	if unknown([]string{r.Type}, domainRecordTypes) != "" {
		errs = append(errs, "type must be one of "+strings.Join(domainRecordTypes, ", "))
	}
	if strings.TrimSpace(r.Content) == "" {
		errs = append(errs, "content is required")
	} else if r.Type == "A" {
		if a, err := netip.ParseAddr(r.Content); err != nil || !a.Is4() {
			errs = append(errs, "An A record's content must be an IPv4 address")
		}
	}
	for _, f := range []struct {
		key string
		dst *int64
	}{{"priority", &r.Priority}, {"ttl", &r.TTL}} {
		if n, _, valid := in.num(f.key); !valid || n < 0 {
			errs = append(errs, f.key+" must be a non-negative integer")
		} else {
			*f.dst = n
		}
	}
	return r, errs
}

const dnsUpdated = "DNS Management updated successfully"

func createDomainRecord(c *call, d *domain) reply {
	r, errs := parseDomainRecord(c.in)
	if errs != nil {
		return invalid(errs...)
	}
	d.Records = append(d.Records, r)
	return info(dnsUpdated)
}

// withDomainRecord resolves the "@index" placeholder: the record's 1-based place in the list.
func withDomainRecord(h func(*call, *domain, int) reply) func(*call, *domain) reply {
	return func(c *call, d *domain) reply {
		n, valid := parseID(c.params["index"])
		if !valid || n > int64(len(d.Records)) {
			return notFound("DNS record")
		}
		return h(c, d, int(n-1))
	}
}

func updateDomainRecord(c *call, d *domain, i int) reply {
	r, errs := parseDomainRecord(c.in)
	if errs != nil {
		return invalid(errs...)
	}
	d.Records[i] = r
	return info(dnsUpdated)
}

func deleteDomainRecord(c *call, d *domain, i int) reply {
	d.Records = append(d.Records[:i:i], d.Records[i+1:]...)
	return info(dnsUpdated)
}

func syncDomain(c *call, d *domain) reply {
	return ok(obj{"info": []string{"domain_synchronized"}, "status": d.Status, "expires": d.Expires})
}

// setFlag answers the PUTs of on/off settings: the body's key must be a flag.
func setFlag(key string, field func(*domain) *bool) func(*call, *domain) reply {
	return func(c *call, d *domain) reply {
		on, present, valid := c.in.flag(key)
		if !present || !valid {
			return invalid(key + " is required: true or false")
		}
		*field(d) = on
		return info("success_changes_save")
	}
}

var contactTypes = []string{"registrant", "admin", "tech", "billing"}

// updateDomainContacts replaces the contact types given in contact_info.
func updateDomainContacts(c *call, d *domain) reply {
	ci, isObj := c.in.object("contact_info")
	if !isObj || len(ci) == 0 {
		return invalid("contact_info is required: an object keyed by registrant, admin, tech or billing")
	}
	for typ, v := range ci {
		fields, isMap := v.(map[string]any)
		if unknown([]string{typ}, contactTypes) != "" || !isMap {
			return invalid("contact_info." + typ + " is not a contact type with an object of fields")
		}
		for k, f := range fields {
			if _, isString := f.(string); !isString {
				return invalid("contact_info." + typ + "." + k + " must be a string")
			}
		}
	}
	for typ, v := range ci {
		d.Contacts[typ] = v
	}
	return info("success_changes_save")
}

func setEmailForwarding(c *call, d *domain) reply {
	from, to := strings.TrimSpace(c.in.str("from")), strings.TrimSpace(c.in.str("to"))
	if from == "" || strings.ContainsAny(from, " /") {
		return invalid("from is required: a mailbox name at " + d.Name)
	}
	if !strings.Contains(to, "@") || strings.ContainsAny(to, " <>") {
		return invalid("to is required: an email address")
	}
	from = strings.TrimSuffix(from, "@"+d.Name)
	for i, f := range d.EmailForwards {
		if f.From == from {
			d.EmailForwards[i].To = to
			return info("success_changes_save")
		}
	}
	d.EmailForwards = append(d.EmailForwards, emailForward{From: from, To: to})
	return info("success_changes_save")
}

// setWebForwarding is PUT /domain/@id/forwarding: {"url": target, "type": "301"|"302"|"frame"}.
func setWebForwarding(c *call, d *domain) reply {
	target := c.in.str("url")
	if !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") {
		return invalid("url is required: an http or https address")
	}
	typ := c.in.str("type")
	if typ == "" {
		typ = "301"
	}
	if unknown([]string{typ}, []string{"301", "302", "frame"}) != "" {
		return invalid("type must be 301, 302 or frame")
	}
	d.WebForwarding = obj{"url": target, "type": typ}
	return info("success_changes_save")
}

// addDNSSECKey is PUT /domain/@id/dnssec: {"flags": 256|257, "alg": number, "pubkey": base64}.
func addDNSSECKey(c *call, d *domain) reply {
	k := &dnssecKey{Flags: c.in.str("flags"), Alg: c.in.str("alg"), PubKey: strings.TrimSpace(c.in.str("pubkey"))}
	if _, known := dnssecFlags[k.Flags]; !known {
		return invalid("flags must be one of GET /domain/@id/dnssec/flags")
	}
	if alg, err := strconv.Atoi(k.Alg); err != nil || alg < 1 || alg > 255 {
		return invalid("alg must be a DNSSEC algorithm number")
	}
	if k.PubKey == "" {
		return invalid("pubkey is required")
	}
	k.ID = "k" + idString(next(&c.st.lastKey))
	d.DNSSEC = append(d.DNSSEC, k)
	return info("success_changes_save")
}

func deleteDNSSECKey(c *call, d *domain) reply {
	for i, k := range d.DNSSEC {
		if k.ID == c.params["key"] {
			d.DNSSEC = append(d.DNSSEC[:i:i], d.DNSSEC[i+1:]...)
			return info("success_changes_save")
		}
	}
	return notFound("DNSSEC key")
}
