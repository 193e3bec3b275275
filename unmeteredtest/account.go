package unmeteredtest

import (
	"net/mail"
	"sort"
	"strconv"
	"strings"
)

// accountRoutes are the Clientarea endpoints besides the session ones.
var accountRoutes = []*route{
	{method: "GET", pattern: "/details", h: getDetails},
	{method: "PUT", pattern: "/details", h: putDetails},
	{method: "GET", pattern: "/logs", h: func(c *call) reply { return ok(obj{"logs": c.st.logs}) }},
	{method: "GET", pattern: "/affiliates/summary", h: affiliate("summary")},
	{method: "GET", pattern: "/affiliates/campaigns", h: affiliate("campaigns")},
	{method: "GET", pattern: "/affiliates/commissions", h: affiliate("commissions")},
	{method: "GET", pattern: "/affiliates/payouts", h: affiliate("payouts")},
	{method: "GET", pattern: "/affiliates/vouchers", h: affiliate("vouchers")},
	{method: "GET", pattern: "/affiliates/commissionplans", h: affiliate("plans")},
	{method: "GET", pattern: "/contact", h: listContacts},
	{method: "POST", pattern: "/contact", h: createContact},
	{method: "GET", pattern: "/contact/privileges", h: contactPrivileges},
	{method: "GET", pattern: "/contact/@id", h: withContact(getContact)},
	{method: "PUT", pattern: "/contact/@id", h: withContact(updateContact)},
	{method: "GET", pattern: "/notifications", h: notifications(false)},
	{method: "GET", pattern: "/notifications/new", h: notifications(true)},
	{method: "PUT", pattern: "/notifications/@id/ack", h: with("id", "Notification", func(st *state) []*notification { return st.notifications }, ackNotification)},
	{method: "GET", pattern: "/statuses", h: listStatuses},
	{method: "PUT", pattern: "/statuses/@id", h: with("id", "Status", func(st *state) []*portalStatus { return st.statuses }, getStatus)},
}

// profile holds the registration fields of the account or a contact, by their API names.
type profile map[string]string

// profileFields are the string fields PUT /details, POST /contact and PUT /contact/@id accept.
var profileFields = []string{
	"email", "firstname", "lastname", "companyname", "address1", "address2", "city", "state",
	"postcode", "country", "phonenumber", "type", "mobilephone", "ripeperson", "riperole",
}

// profileFlags are the list fields those endpoints accept, with the one value each allows.
var profileFlags = map[string]string{"ripetech": "checked", "ripeadmin": "checked", "authy": "Yes"}

// pick returns the profile's fields under keys, for a response.
func (p profile) pick(keys ...string) obj {
	out := obj{}
	for _, k := range keys {
		out[k] = p[k]
	}
	return out
}

// applyProfile validates the profile fields of in and, when all are valid, stores them in p.
// requireEmail is for a new contact.
func applyProfile(p profile, in input, requireEmail bool) []string {
	var errs []string
	changes := profile{}
	for _, k := range profileFields {
		if !in.has(k) {
			continue
		}
		v, isString := in[k].(string)
		if !isString {
			errs = append(errs, k+" must be a string")
			continue
		}
		changes[k] = strings.TrimSpace(v)
	}
	for k, allowed := range profileFlags {
		if vals, isList := in.strs(k); !isList || len(vals) > 1 || len(vals) == 1 && vals[0] != allowed {
			errs = append(errs, k+` must be [] or ["`+allowed+`"]`)
		}
	}
	if email, set := changes["email"]; set || requireEmail {
		if _, err := mail.ParseAddress(email); err != nil || !strings.Contains(email, "@") || strings.ContainsAny(email, "<> ") {
			errs = append(errs, "A valid email address is required")
		}
	}
	if c, set := changes["country"]; set && (len(c) != 2 || strings.ToUpper(c) != c) {
		errs = append(errs, "country must be a two-letter country code, e.g. US")
	}
	if t, set := changes["type"]; set && t != "Private" && t != "Company" {
		errs = append(errs, "type must be Private or Company")
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return errs
	}
	for k, v := range changes {
		p[k] = v
	}
	return nil
}

var detailsFields = []string{
	"id", "email", "lastlogin", "ip", "host", "firstname", "lastname", "companyname", "address1",
	"address2", "city", "state", "postcode", "country", "phonenumber",
}

func getDetails(c *call) reply {
	return ok(obj{"client": c.st.client.pick(detailsFields...)})
}

func putDetails(c *call) reply {
	if errs := applyProfile(c.st.client, c.in, false); errs != nil {
		return invalid(errs...)
	}
	c.st.addLog("Profile", "Profile updated")
	return ok(obj{"client": c.st.client.pick(detailsFields...), "info": []string{"client_info_updated"}})
}

// affiliate answers an affiliate read with its seeded data under key.
func affiliate(key string) handler {
	return func(c *call) reply { return ok(obj{key: affiliateData[key]}) }
}

var affiliateData = map[string]any{
	"summary":     obj{"visits": "120", "signups": "4", "balance": "15.50", "currency": "USD"},
	"campaigns":   []obj{{"id": "3", "name": "Spring", "url": "https://unmetered.management/?aff=3"}},
	"commissions": []obj{{"id": "7", "amount": "4.90", "status": "Approved"}},
	"payouts":     []obj{{"id": "2", "amount": "50.00", "date": "2017-02-01"}},
	"vouchers":    []obj{{"id": "11", "code": "SPRING10", "value": "10%"}},
	"plans":       []obj{{"id": "1", "name": "Default", "type": "Percent", "rate": "15"}},
}

// contact is a sub-profile of the account.
type contact struct {
	ID         int64
	Profile    profile
	LastLogin  string
	Password   string // never rendered
	Privileges obj    // the tree as GET /contact/privileges shapes it
}

func (ct *contact) id() int64 { return ct.ID }

func withContact(h func(*call, *contact) reply) handler {
	return with("id", "Contact", func(st *state) []*contact { return st.contacts }, h)
}

func listContacts(c *call) reply {
	return ok(obj{"contacts": renderEach(c.st.contacts, func(ct *contact) obj {
		item := ct.Profile.pick("email", "firstname", "lastname", "companyname")
		item["id"], item["lastlogin"] = idString(ct.ID), ct.LastLogin
		item["company"] = flagString(ct.Profile["type"] == "Company")
		return item
	})})
}

func getContact(c *call, ct *contact) reply {
	out := ct.Profile.pick("email", "firstname", "lastname", "companyname", "address1", "address2",
		"city", "state", "postcode", "country", "phonenumber", "type")
	out["id"] = idString(ct.ID)
	out["privileges"] = any(ct.Privileges)
	if len(ct.Privileges) == 0 {
		out["privileges"] = []any{} // PHP's empty array
	}
	return ok(obj{"contact": out})
}

func createContact(c *call) reply {
	ct := &contact{Profile: profile{"type": "Private"}, LastLogin: "0000-00-00 00:00:00", Password: c.in.str("password")}
	errs := applyProfile(ct.Profile, c.in, true)
	privs, perrs := c.st.parsePrivileges(c.in)
	if errs = append(errs, perrs...); len(errs) > 0 {
		return invalid(errs...)
	}
	for _, other := range c.st.contacts {
		if strings.EqualFold(other.Profile["email"], ct.Profile["email"]) {
			return invalid("A contact with this email address already exists")
		}
	}
	ct.ID, ct.Privileges = next(&c.st.lastContact), privs
	c.st.contacts = append(c.st.contacts, ct)
	c.st.addLog("Contact", "Contact #"+idString(ct.ID)+" added")
	return ok(obj{"contact_id": idString(ct.ID), "info": []string{"profile_added"}})
}

func updateContact(c *call, ct *contact) reply {
	privs, errs := c.st.parsePrivileges(c.in)
	if len(errs) > 0 {
		return invalid(errs...)
	}
	if errs := applyProfile(ct.Profile, c.in, false); errs != nil {
		return invalid(errs...)
	}
	if c.in.has("privileges") {
		ct.Privileges = privs
	}
	if c.in.has("password") {
		ct.Password = c.in.str("password")
	}
	return info("profile_updated")
}

// Privileges a contact can hold, by section.
var (
	billingPrivileges = []string{"emails", "payinvoice", "orders", "balance", "addfunds", "creditcard"}
	supportPrivileges = []string{"newticket", "tickets", "closeticket", "emails"}
	miscPrivileges    = []string{"editmain", "emails", "editipaccess", "manageprofiles", "affiliates"}
	servicePrivileges = []string{"basic", "billing", "cancelation", "upgrade", "notify", "logindetails"}
	domainPrivileges  = []string{"basic", "renew", "notify", "contactinfo", "nameservers", "dnsmanagement"}
)

// privilegeTree is GET /contact/privileges: every privilege, per service and domain too.
func (st *state) privilegeTree() obj {
	services, domains := obj{"full": 1}, obj{"full": 1}
	for _, s := range st.services {
		services[idString(s.ID)] = servicePrivileges
	}
	for _, d := range st.domains {
		domains[idString(d.ID)] = domainPrivileges
	}
	return obj{
		"billing": billingPrivileges, "support": supportPrivileges, "misc": miscPrivileges,
		"services": services, "domains": domains,
	}
}

func contactPrivileges(c *call) reply { return ok(obj{"privileges": c.st.privilegeTree()}) }

// parsePrivileges checks the "privileges" parameter against the privilege tree and returns it
// normalised: lists of known privileges, and "full" or existing ids under services and domains.
func (st *state) parsePrivileges(in input) (obj, []string) {
	if !in.has("privileges") {
		return obj{}, nil
	}
	raw, isObj := in.object("privileges")
	if !isObj {
		if list, isList := in["privileges"].([]any); isList && len(list) == 0 {
			return obj{}, nil
		}
		return nil, []string{"privileges must be an object shaped like GET /contact/privileges"}
	}
	tree := st.privilegeTree()
	out := obj{}
	var errs []string
	for section, v := range raw {
		sub := input{section: v}
		switch allowed := tree[section].(type) {
		case []string:
			list, isList := sub.strs(section)
			if bad := unknown(list, allowed); !isList || bad != "" {
				errs = append(errs, "Unknown privilege "+section+"."+bad)
				continue
			}
			out[section] = list
		case obj:
			m, isMap := sub.object(section)
			if !isMap {
				errs = append(errs, "privileges."+section+" must be an object")
				continue
			}
			norm := obj{}
			for key := range m {
				if key == "full" {
					if full, _, valid := (input(m)).flag("full"); valid && full {
						norm["full"] = 1
					}
					continue
				}
				choices, exists := allowed[key].([]string)
				list, isList := (input(m)).strs(key)
				if bad := unknown(list, choices); !exists || !isList || bad != "" {
					errs = append(errs, "Unknown privilege "+section+"."+key+"."+bad)
					continue
				}
				norm[key] = list
			}
			out[section] = norm
		default:
			errs = append(errs, "Unknown privilege section "+section)
		}
	}
	sort.Strings(errs)
	return out, errs
}

// unknown returns the first of list that is not in allowed, or "".
func unknown(list, allowed []string) string {
	for _, v := range list {
		found := false
		for _, a := range allowed {
			found = found || a == v
		}
		if !found {
			return v
		}
	}
	return ""
}

// notification is a portal notification.
type notification struct {
	ID      int64
	RelType string
	RelID   int64
	Subject string
	Date    string
	Seen    bool
}

func (n *notification) id() int64 { return n.ID }

// notifications answers GET /notifications and, with unseenOnly, GET /notifications/new.
func notifications(unseenOnly bool) handler {
	return func(c *call) reply {
		relType, relID := c.in.str("rel_type"), c.in.str("rel_id")
		return ok(obj{"notifications": renderEach(c.st.notifications, func(n *notification) obj {
			if unseenOnly && n.Seen || relType != "" && !strings.EqualFold(relType, n.RelType) ||
				relID != "" && relID != idString(n.RelID) {
				return nil
			}
			return obj{
				"id": idString(n.ID), "rel_type": n.RelType, "rel_id": idString(n.RelID),
				"subject": n.Subject, "date": n.Date, "seen": flagString(n.Seen),
			}
		})})
	}
}

func ackNotification(c *call, n *notification) reply {
	n.Seen = true
	return info("notification_acknowledged")
}

// portalStatus is an entry of the portal's status page (network, maintenance).
type portalStatus struct {
	ID                              int64
	Status, Name, Description, Date string
}

func (p *portalStatus) id() int64 { return p.ID }

func (p *portalStatus) render() obj {
	return obj{"id": idString(p.ID), "status": p.Status, "name": p.Name, "description": p.Description, "date": p.Date}
}

func listStatuses(c *call) reply {
	want := c.in.str("status")
	return ok(obj{"statuses": renderEach(c.st.statuses, func(p *portalStatus) obj {
		if want != "" && !strings.EqualFold(want, p.Status) {
			return nil
		}
		return p.render()
	})})
}

func getStatus(c *call, p *portalStatus) reply { return ok(obj{"status": p.render()}) }

// flagString renders a flag as the portal's "1" or "0".
func flagString(b bool) string { return strconv.Itoa(boolInt(b)) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
