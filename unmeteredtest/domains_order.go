package unmeteredtest

import (
	"fmt"
	"strconv"
	"strings"
)

// Buying domains: the TLDs on sale, lookups, orders and renewals.

// tld is a top-level domain on sale.
type tld struct {
	ID      int64
	Name    string // with its dot, ".com"
	Periods []tldPeriod
	Forms   []obj
}

type tldPeriod struct {
	Years                                 int64
	Register, Transfer, Renew, Redemption money
}

func (t *tld) id() int64 { return t.ID }

func (t *tld) period(years int64) (tldPeriod, bool) {
	return first(t.Periods, func(p tldPeriod) bool { return p.Years == years })
}

func (t *tld) render(withID bool) []obj {
	list := []obj{}
	for _, p := range t.Periods {
		o := obj{
			"period": strconv.FormatInt(p.Years, 10), "register": p.Register.String(), "transfer": p.Transfer.String(),
			"renew": p.Renew.String(), "redemption": p.Redemption.String(),
		}
		if withID {
			o["id"] = idString(t.ID)
		}
		list = append(list, o)
	}
	return list
}

// quoted is a domain item as POST /quote shows it.
func (t *tld) quoted(name string, years int64, price money) obj {
	return obj{"domains": obj{name: obj{
		"id": t.ID, "index": 0, "category_id": "6", "category_name": "Domains", "name": name, "tld": t.Name,
		"period": years, "price": price.String(),
	}}}
}

// tldOf finds the TLD of a domain name.
func (st *state) tldOf(name string) (*tld, bool) {
	for _, t := range st.tlds {
		if label := strings.TrimSuffix(strings.ToLower(name), t.Name); label != strings.ToLower(name) && validHost(name) && !strings.Contains(label, ".") {
			return t, true
		}
	}
	return nil, false
}

// takenNames are registered elsewhere, besides the account's own domains.
var takenNames = []string{"example.com", "example.net", "example.org"}

func lookupDomain(c *call) reply {
	name := strings.ToLower(strings.TrimSpace(c.in.str("name")))
	t, known := c.st.tldOf(name)
	if !known {
		return invalid("name must be a domain name under one of the TLDs of GET /domain/order")
	}
	available := unknown([]string{name}, takenNames) != ""
	for _, d := range c.st.domains {
		available = available && !strings.EqualFold(d.Name, name)
	}
	return ok(obj{"available": available, "name": name, "premium": false, "periods": t.render(true)})
}

func listTLDs(c *call) reply {
	return ok(obj{"tlds": renderEach(c.st.tlds, func(t *tld) obj {
		return obj{"id": idString(t.ID), "tld": t.Name, "periods": t.render(false)}
	})})
}

// renewDomain is POST /domain/@id/renew: an invoice for the renewal.
func renewDomain(c *call, d *domain) reply {
	line, errs := d.renewal(c.in)
	if errs = append(checkPayMethod(c.in), errs...); errs != nil {
		return invalid(errs...)
	}
	inv := c.st.newInvoice([]invoiceItem{{Type: line.typ, ItemID: d.ID, Description: line.description, Amount: line.amount}})
	return ok(obj{"order_num": next(&c.st.lastOrder), "invoice_id": idString(inv.ID), "total": inv.total().String()})
}

// renewLine checks a renewal item of POST /order or /quote: domain_id and years.
func (st *state) renewLine(in input) (*orderLine, []string) {
	id, _, _ := in.num("domain_id")
	d, found := find(st.domains, id)
	if !found {
		return nil, []string{"domain_id must be a domain of GET /domain"}
	}
	return d.renewal(in)
}

// renewal checks the renewal of d for in's "years" and returns its order line, which bills the
// domain and creates nothing.
func (d *domain) renewal(in input) (*orderLine, []string) {
	var errs []string
	years, _, valid := in.num("years")
	p, offered := d.TLD.period(years)
	if !valid || !offered {
		errs = append(errs, "years must be one of the periods of "+d.TLD.Name+" in GET /domain/order")
	}
	if d.Status != "Active" && d.Status != "Expired" {
		errs = append(errs, "Only an Active or Expired domain can be renewed, not a "+d.Status+" one")
	}
	if errs != nil {
		return nil, errs
	}
	return &orderLine{
		typ: "Domain Renew", name: d.Name, productID: d.TLD.ID, cycle: "a", recurring: p.Renew, amount: p.Renew, itemID: d.ID,
		description: "Domain Renewal - " + d.Name + " (" + strconv.FormatInt(years, 10) + " year(s))",
		quoted:      d.TLD.quoted(d.Name, years, p.Renew),
	}, nil
}

// domainLine checks an order for a domain: name, years, action, tld_id, epp, nameservers and
// the contact ids.
func (st *state) domainLine(in input) (*orderLine, []string) {
	var errs []string
	name := strings.ToLower(strings.TrimSpace(in.str("name")))
	t, known := st.tldOf(name)
	if !known {
		return nil, []string{"name must be a domain name under one of the TLDs of GET /domain/order"}
	}
	if id, present, valid := in.num("tld_id"); present && (!valid || id != t.ID) {
		errs = append(errs, fmt.Sprintf("tld_id %s does not match %s (TLD %d)", in.str("tld_id"), name, t.ID))
	}
	years, _, valid := in.num("years")
	period, offered := t.period(years)
	if !valid || !offered {
		errs = append(errs, "years must be one of the periods of "+t.Name+" in GET /domain/order")
	}
	action := in.str("action")
	amount := period.Register
	switch action {
	case "register":
		for _, d := range st.domains {
			if d.Name == name && d.Status != "Expired" && d.Status != "Cancelled" {
				errs = append(errs, name+" is already registered on this account")
			}
		}
	case "transfer":
		amount = period.Transfer
	default:
		errs = append(errs, "action must be register or transfer")
	}
	list, nsErrs := nameserverList(in, 4)
	errs = append(append(errs, nsErrs...), st.checkContacts(in, contactTypes...)...)
	if errs != nil {
		return nil, errs
	}
	if len(list) == 0 {
		list = defaultNameservers
	}
	list = append([]string(nil), list...)
	typ := "Domain " + strings.ToUpper(action[:1]) + action[1:]
	return &orderLine{
		typ: typ, name: name, productID: t.ID, cycle: "a", recurring: period.Renew, amount: amount,
		description: typ + " - " + name + " - " + strconv.FormatInt(years, 10) + " Year/s",
		quoted:      t.quoted(name, years, amount),
		create: func(st *state, inv *invoice) int64 {
			d := &domain{
				ID: next(&st.lastDomain), Name: name, TLD: t, Status: "Pending", DateCreated: inv.Date,
				Expires: "0000-00-00", NextDue: inv.Date, NextInvoice: inv.Date, Period: years,
				FirstPayment: amount, Recurring: period.Renew, AutoRenew: true,
				Nameservers: list, EPP: fmt.Sprintf("EPP-%04d-FAKE", st.lastDomain),
				Contacts: st.domainContacts(in),
			}
			if action == "transfer" {
				d.EPP = in.str("epp")
			}
			st.domains = append(st.domains, d)
			return d.ID
		},
	}, nil
}

// checkContacts refuses contact ids (under the given keys) that are not contacts of the account.
func (st *state) checkContacts(in input, keys ...string) []string {
	var errs []string
	for _, k := range keys {
		if id, present, valid := in.num(k); present && id != 0 {
			if _, found := find(st.contacts, id); !valid || !found {
				errs = append(errs, k+" must be a contact id of GET /contact")
			}
		}
	}
	return errs
}

// contactProfile is the profile of the contact whose id the order gives under key, or the
// account's own.
func (st *state) contactProfile(in input, key string) profile {
	id, _, _ := in.num(key)
	if ct, found := find(st.contacts, id); found {
		return ct.Profile
	}
	return st.client
}

// domainContacts builds a new domain's WHOIS contacts: the account's details, or the contacts
// the order names.
func (st *state) domainContacts(in input) obj {
	out := obj{}
	for _, typ := range contactTypes {
		out[typ] = st.contactProfile(in, typ).pick("firstname", "lastname", "companyname", "email", "address1", "city", "state", "postcode", "country", "phonenumber")
	}
	return out
}
