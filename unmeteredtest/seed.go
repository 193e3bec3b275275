package unmeteredtest

import (
	"encoding/base64"
	"time"
)

// seed returns the example account every Server starts with: the API reference's example data,
// completed where the reference shows only one object or none. The package documentation
// lists it. The account's, billing's and support's dates are relative to now(), so that a due
// date is as overdue, and a login as recent, whenever the server starts.
func seed(username string, now func() time.Time) *state {
	st := &state{now: now, credit: 5000}
	start := now().UTC().Truncate(time.Second)
	ago := func(d time.Duration) string { return start.Add(-d).Format(timeLayout) }
	st.client = profile{
		"id": idString(clientID), "email": username, "lastlogin": ago(26 * time.Hour), "ip": "172.100.2.1",
		"host": "hostname", "firstname": "Joe", "lastname": "Doe", "companyname": "", "address1": "Pretty View Lane",
		"address2": "3294", "city": "Santa Rosa", "state": "California", "postcode": "95401", "country": "US",
		"phonenumber": "+1.24123123", "type": "Private", "mobilephone": "", "ripeperson": "", "riperole": "",
	}
	st.logs = []obj{
		{"id": "1501", "date": ago(6 * 24 * time.Hour), "type": "Login", "description": "Logged in from 172.100.2.1"},
		{"id": "1502", "date": ago(5 * 24 * time.Hour), "type": "Profile", "description": "Profile updated"},
	}
	st.lastLog = 1502
	seedAccount(st)
	seedBilling(st)
	seedSupport(st)
	seedCatalogue(st)
	seedDomains(st)
	seedServices(st)
	seedCertificates(st)
	seedZones(st)
	return st
}

func seedAccount(st *state) {
	start := st.now().UTC().Truncate(time.Second)
	at := func(d time.Duration) string { return start.Add(d).Format(timeLayout) }
	const day = 24 * time.Hour
	address := profile{
		"address1": "Pretty View Lane", "address2": "3194", "city": "Santa Rosa", "state": "California",
		"postcode": "95401", "country": "US", "phonenumber": "+1.24123123",
	}
	mary := profile{"email": "mary@example.com", "firstname": "Mary", "lastname": "Sue", "companyname": "", "type": "Private"}
	ops := profile{"email": "ops@example.com", "firstname": "Ops", "lastname": "Team", "companyname": "Example Ltd", "type": "Company"}
	for k, v := range address {
		mary[k], ops[k] = v, v
	}
	st.contacts = []*contact{
		{ID: 49, Profile: mary, LastLogin: "0000-00-00 00:00:00", Privileges: obj{"support": []string{"tickets", "newticket"}}},
		{ID: 50, Profile: ops, LastLogin: at(-6 * day), Privileges: obj{"billing": []string{"payinvoice", "balance"}}},
	}
	st.lastContact = 50
	st.notifications = []*notification{
		{ID: 81, RelType: "Invoice", RelID: 308977, Subject: "Invoice due", Date: at(-3 * day)},
		{ID: 82, RelType: "Service", RelID: 301, Subject: "Service activated", Date: at(-40 * day), Seen: true},
		{ID: 83, RelType: "Ticket", RelID: 736633, Subject: "New reply to ticket #736633", Date: at(-5*day + 3*time.Minute)},
	}
	st.statuses = []*portalStatus{
		{ID: 5, Status: "Active", Name: "Core network", Description: "All systems operational", Date: at(-30 * day)},
		{ID: 6, Status: "Scheduled", Name: "Storage cluster", Description: "Firmware upgrade, no downtime expected",
			Date: start.Truncate(day).Add(10*day + 2*time.Hour).Format(timeLayout)},
	}
}

func seedBilling(st *state) {
	today := st.now().UTC().Truncate(24 * time.Hour)
	date := func(days int) string { return today.AddDate(0, 0, days).Format(dateLayout) }
	st.invoices = []*invoice{
		// Paid on the day it was issued; the other fell due three days ago: it is overdue.
		{ID: 308976, Number: "2016/12/1", Date: date(-35), DueDate: date(-28),
			DatePaid: today.AddDate(0, 0, -35).Add(12*time.Hour + 40*time.Minute + 47*time.Second).Format(timeLayout),
			Status:   statusPaid, TaxRate: 21, Items: []invoiceItem{
				{ID: 12305, Type: "Other", ItemID: 0, Description: "Example Service", Amount: 1500},
				{ID: 12309, Type: "Other", ItemID: -2, Description: "PayPal Payment Fee", Amount: 124},
			}},
		{ID: 308977, Number: "2017/01/1", Date: date(-10), DueDate: date(-3), Status: statusUnpaid, Items: []invoiceItem{
			{ID: 12310, Type: "Domain Renew", ItemID: 47, Description: "Domain Renewal - testname.com (1 year(s))", Amount: 1500},
		}},
	}
	st.lastInvoice, st.lastItem, st.lastNumber, st.lastOrder = 308977, 12310, 1, 563647678
}

func seedSupport(st *state) {
	start := st.now().UTC().Truncate(time.Second)
	at := func(d time.Duration) string { return start.Add(d).Format(timeLayout) }
	const day = 24 * time.Hour
	billing := &department{ID: 1, Name: "Billing", Description: "Invoices, payments and refunds"}
	tech := &department{ID: 2, Name: "Technical Support", Description: "Servers, DNS and everything that runs"}
	st.departments = []*department{billing, tech}
	png, _ := base64.StdEncoding.DecodeString(bandwidthPNG)
	st.tickets = []*ticket{
		{Number: 736633, Dept: billing, Subject: "Lore Ipsum", Date: at(-5 * day), Status: "Answered", ClientRead: true,
			Name: "Joe Doe", Email: "joe@example.com",
			Body: "Donec sollicitudin molestie malesuada. \r\nSed porttitor lectus nibh. Vivamus magna justo, \r\nlacinia eget consectetur sed, convallis at tellus.",
			Replies: []*ticketReply{{ID: 929, Name: "Support Staff", Date: at(-5*day + 3*time.Minute), Status: "Sent", Who: "Admin",
				Body: "Vestibulum ac diam sit amet quam \r\nvehicula elementum sed sit amet dui. \r\nPraesent sapien massa\r\n\r\n-- Maecenas efficitur elit est --"}},
			Attachments: []*attachment{{File: "7f3a9c1e", Name: "screenshot.png", Data: png}},
		},
		{Number: 736634, Dept: tech, Subject: "Cannot reach the VPS console", Date: at(-3 * day), Status: "Closed", ClientRead: true,
			Name: "Joe Doe", Email: "joe@example.com", Body: "The console of vps.example.com times out.",
			Replies: []*ticketReply{{ID: 930, Name: "Support Staff", Date: at(-3*day + 20*time.Minute), Status: "Sent", Who: "Admin",
				Body: "The console proxy was restarted; please try again."}},
		},
	}
	st.lastTicket, st.lastReply = 865649, 930
}

// catalogueForms are the configuration forms and addons of the Starter Hosting product, as the
// reference shows them.
var starterForms = []obj{{
	"type": "select", "title": "Disk Size", "id": "1618", "firstItemId": 10330, "description": "",
	"name": "custom[1618]", "required": false, "multiple": false, "config": obj{"conditionals": []any{}},
	"value": []any{}, "textvalue": []any{}, "price": 0, "recurring_price": 0, "setup": 0, "prorata_date": nil,
	"items": []obj{
		{"title": "512MB", "value": 1, "id": 10330, "price": 0, "setup": 0, "selected": false},
		{"title": "1GB", "value": 1, "id": 10331, "price": 0, "setup": 0, "selected": false},
		{"title": "2GB", "value": 1, "id": 10332, "price": 0, "setup": 0, "selected": false},
	},
}}

var starterAddons = []obj{{
	"type": "subitem", "title": "Cpanel2: Add Extra IP", "id": "31", "value": nil,
	"description": "Automatically adds IP address to account",
	"config": []obj{
		{"type": "checkbox", "title": "add", "name": "addon[31]", "checked": false},
		{"type": "select", "title": "billingcycle", "name": "addon_cycles[31]", "items": []obj{
			{"title": "m", "value": "m", "price": 5, "setup": 0, "selected": true},
			{"title": "q", "value": "q", "price": 20, "setup": 0, "selected": false},
			{"title": "a", "value": "a", "price": 50, "setup": 0, "selected": false},
		}},
	},
	"price": 0, "recurring_price": 0, "setup": 0, "prorata_date": nil,
}}

// comForms are the extra order forms of .com, as the reference shows them.
var comForms = []obj{
	{"type": "domaindnssupport", "title": "DNS Management", "id": "1424", "firstItemId": 9067, "description": "",
		"name": "custom[1424][9067]", "required": false, "multiple": false, "config": obj{"enableddefault": 0},
		"value": []any{}, "textvalue": []any{}, "price": 0, "recurring_price": 0, "setup": 0, "prorata_date": nil,
		"items": []obj{{"title": "", "value": 1, "id": 9067, "price": 4, "setup": 0, "selected": false}}},
	{"type": "select", "title": "Language", "id": "1755", "firstItemId": 10952, "description": "",
		"name": "custom[1755]", "required": false, "multiple": false, "config": obj{"conditionals": []any{}},
		"value": []any{}, "textvalue": []any{}, "price": 0, "recurring_price": 0, "setup": 0, "prorata_date": nil,
		"items": []obj{
			{"title": "AFR", "value": 1, "id": 10952, "price": 0, "setup": 0, "selected": false},
			{"title": "ALB", "value": 1, "id": 10953, "price": 0, "setup": 0, "selected": false},
		}},
}

func seedCatalogue(st *state) {
	hosting := &category{ID: 10, Name: "Hosting", Slug: "hosting"}
	domains := &category{ID: 6, Name: "Domains", Slug: "domains"}
	dedicated := &category{ID: 16, Name: "Dedicated", Slug: "dedicated"}
	vps := &category{ID: 19, Name: "VPS", Slug: "vps"}
	dns := &category{ID: 21, Name: "DNS", Slug: "dns"}
	st.categories = []*category{hosting, domains, dedicated, vps, dns}
	st.products = []*product{
		{ID: 333, Category: hosting, Name: "Starter Hosting", Kind: "hosting", NeedsDomain: true,
			Description: "Disk:10GB<br/>Memory:2GB<br/>MySql:10 DB<br/>Email:100 Users<br/>",
			Periods:     []productPeriod{{"m", 999, 0}, {"a", 10989, 0}, {"b", 19980, 0}, {"t", 29970, 0}},
			Forms:       starterForms, Addons: starterAddons},
		{ID: 334, Category: hosting, Name: "Business Hosting", Kind: "hosting", NeedsDomain: true,
			Description: "Disk:50GB<br/>Memory:4GB<br/>MySql:50 DB<br/>Email:500 Users<br/>",
			Periods:     []productPeriod{{"m", 1999, 0}, {"a", 21989, 0}}},
		{ID: 340, Category: dedicated, Name: "Dedicated E3-1230", Kind: "dedicated",
			Description: "4 cores, 32GB RAM, 2x480GB SSD, unmetered 1Gbit/s",
			Periods:     []productPeriod{{"m", 8900, 9900}, {"q", 25900, 0}, {"a", 97900, 0}}},
		{ID: 345, Category: vps, Name: "VPS Large", Kind: "vps",
			Description: "4 vCPU, 8GB RAM, 160GB SSD",
			Periods:     []productPeriod{{"m", 250, 0}, {"a", 2450, 0}}},
		{ID: 350, Category: dns, Name: "DNS Hosting", Kind: "dns",
			Description: "Anycast DNS for up to 10 zones",
			Periods:     []productPeriod{{"m", 200, 0}, {"a", 2000, 0}}},
	}
	st.tlds = []*tld{
		{ID: 6, Name: ".com", Forms: comForms, Periods: []tldPeriod{{1, 1000, 0, 1500, 4000}, {2, 2000, 2000, 3000, 8000}}},
		{ID: 7, Name: ".org", Periods: []tldPeriod{{1, 1250, 1250, 1250, 4000}, {2, 2500, 2500, 2500, 8000}}},
		{ID: 8, Name: ".net", Periods: []tldPeriod{{1, 1100, 1100, 1100, 4000}}},
	}
	st.certProducts = []*certProduct{
		{ID: 25, Name: "InstantSSL", Periods: []certPeriod{{1, 2785, 2785}, {2, 4875, 4875}}},
		{ID: 26, Name: "PositiveSSL", Periods: []certPeriod{{1, 995, 995}, {2, 1790, 1790}}},
		{ID: 27, Name: "PositiveSSL Wildcard", Periods: []certPeriod{{1, 9495, 9495}}},
	}
}

// seedDomains seeds the domains with dates relative to the server's clock, in the reference's
// pattern (registered for a year, next invoice a month before expiry), so that DaysToExpire and
// the statuses agree whatever the day: 47 is Active and expires in 60 days, 48 Expired 30 days
// ago, 52 was ordered yesterday and is Pending.
func seedDomains(st *state) {
	tlds := st.tlds
	ns := func(n int) []string { // fresh slices: nothing in one domain aliases another's
		return []string{"ns1.example.com", "ns2.example.com", "ns3.example.com", "ns4.example.com"}[:n]
	}
	today := st.now().UTC().Truncate(24 * time.Hour)
	date := func(t time.Time) string { return t.Format(dateLayout) }
	active, expired, ordered := today.AddDate(0, 0, 60), today.AddDate(0, 0, -30), today.AddDate(0, 0, -1)
	st.domains = []*domain{
		{ID: 47, Name: "testname.com", TLD: tlds[0], Status: "Active", DateCreated: date(active.AddDate(-1, 0, 0)),
			Expires: date(active), NextDue: date(active), NextInvoice: date(active.AddDate(0, -1, 0)),
			Period: 1, FirstPayment: 1000, Recurring: 1500,
			AutoRenew: true, RegLock: true, Nameservers: ns(4), EPP: "EPP-0047-FAKE", Contacts: st.domainContacts(input{}),
			Records: []*domainRecord{
				{Name: "test", Type: "A", Content: "100.100.10.1"},
				{Name: "@", Type: "MX", Content: "mail.testname.com", TTL: 3600, Priority: 10},
				{Name: "www", Type: "CNAME", Content: "testname.com", TTL: 3600},
			},
			EmailForwards: []emailForward{{From: "info", To: "joe@example.com"}},
			DNSSEC:        []*dnssecKey{{ID: "k1", Flags: "257", Alg: "13", PubKey: "ZmFrZS1wdWJsaWMta2V5"}},
		},
		{ID: 48, Name: "testname.com", TLD: tlds[0], Status: "Expired", DateCreated: date(expired.AddDate(-1, 0, 0)),
			Expires: date(expired), NextDue: date(expired), NextInvoice: date(expired.AddDate(0, -1, 0)),
			Period: 1, FirstPayment: 1000, Recurring: 1500,
			AutoRenew: true, Nameservers: ns(2), EPP: "EPP-0048-FAKE", Contacts: st.domainContacts(input{})},
		{ID: 52, Name: "example.org", TLD: tlds[1], Status: "Pending", DateCreated: date(ordered), Expires: "0000-00-00",
			NextDue: date(ordered), NextInvoice: date(ordered), Period: 2, FirstPayment: 2500, Recurring: 2500,
			Nameservers: append([]string(nil), defaultNameservers...), EPP: "EPP-0052-FAKE", Contacts: st.domainContacts(input{})},
	}
	st.lastDomain, st.lastKey = 52, 1
}

func seedServices(st *state) {
	products := map[int64]*product{}
	for _, p := range st.products {
		products[p.ID] = p
	}
	dns := func(id int64, name string) *service {
		return &service{ID: id, Product: products[350], Domain: name, DateCreated: st.serviceDate(-95), NextDue: st.serviceDate(20),
			NextInvoice: st.serviceDate(13), FirstPayment: 200, Total: 200, Cycle: "m", Status: "Active",
			RDNS: map[string]string{}, Bandwidth: obj{"used": "0", "limit": "0", "unit": "GB"}}
	}
	bandwidth := func(r *resource) *resource {
		r.Items = []*resourceItem{{9953, "100 GB", 100, true}, {10103, "500 GB", 500, false}, {10104, "1 TB", 1000, false}}
		return r
	}
	st.services = []*service{
		dns(10, "booble.com"),
		dns(20, "bgg12ooble.com"),
		{ID: 301, Product: products[333], Domain: "examplename.com", DateCreated: st.serviceDate(-64), NextDue: st.serviceDate(27),
			NextInvoice: st.serviceDate(20), FirstPayment: 999, Total: 999, Cycle: "m", Status: "Active",
			Username: "examplen", Password: "fake-svc-pass-71", IPs: []string{"192.0.2.10"},
			RDNS: map[string]string{"192.0.2.10": "examplename.com"}, Bandwidth: obj{"used": "12.50", "limit": "100", "unit": "GB"},
			Resources: []*resource{bandwidth(&resource{ID: 1557, Name: "Bandwidth", Type: "select"})}},
		{ID: 302, Product: products[345], Domain: "vps.example.com", DateCreated: st.serviceDate(-200), NextDue: st.serviceDate(165),
			NextInvoice: st.serviceDate(158), FirstPayment: 2450, Total: 2450, Cycle: "a", Status: "Active",
			Username: "root", Password: "fake-vps-pass-302", IPs: []string{"192.0.2.20", "2001:db8::20"},
			RDNS: map[string]string{"192.0.2.20": "vps.example.com"}, Bandwidth: obj{"used": "512.25", "limit": "1000", "unit": "GB"},
			Resources: []*resource{
				bandwidth(&resource{ID: 1557, Name: "Bandwidth", Type: "select"}),
				{ID: 1560, Name: "Disk", Type: "slider", Min: 10, Max: 200, Step: 10, Value: 40, UnitPrice: 10},
			}},
	}
	st.lastService = 309
}

// examplenameCSR is the certificate request of the seeded pending certificate 300.
const examplenameCSR = `-----BEGIN CERTIFICATE REQUEST-----
MIHTMHwCAQAwGjEYMBYGA1UEAxMPZXhhbXBsZW5hbWUuY29tMFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAEAcrLLIvPlgM0OYWx/0XutDWCDiKrXUxdH9u4ResCfGLI
X83w+GBgG5zMa6gUdWal6ZQNwbGm03bn5/LuQXt9q6AAMAoGCCqGSM49BAMCA0cA
MEQCIGhx8riW1HTdEETakHVnKtMMgD1RGIXHQ5o00x5LurjvAiBXebY+gsTiWl/O
wZFsvkKMviCe3+V+VV5ZpuZT9590mQ==
-----END CERTIFICATE REQUEST-----
`

// seedCertificates seeds the reference's pending certificate (300, ordered two days ago) and an
// issued one (305, issued 100 days ago for a year, its PEM certificate valid exactly as long),
// with dates relative to the server's clock.
func seedCertificates(st *state) {
	org := obj{"state": "Texas", "country": "US", "name": "My Org name", "unit": "Dev", "locality": "SanAntonio",
		"postalcode": "n/a", "address2": "n/a", "address1": "n/a"}
	today := st.now().UTC().Truncate(24 * time.Hour)
	date := func(t time.Time) string { return t.Format(dateLayout) }
	ordered, issued := today.AddDate(0, 0, -2), today.AddDate(0, 0, -100)
	orderedDue, issuedDue := ordered.AddDate(1, 0, 0), issued.AddDate(1, 0, 0)
	st.certs = []*certificate{
		{ID: 300, Product: st.certProducts[0], Domain: "examplename.com", DateCreated: date(ordered), NextDue: date(orderedDue),
			NextInvoice: date(orderedDue.AddDate(0, -2, 0)), FirstPayment: 2785, Total: 2785, BillingCycle: "Annually", Status: "Pending",
			CertExpires: orderedDue.Add(13*time.Hour + 43*time.Minute + 12*time.Second).Format(timeLayout),
			CSR:         examplenameCSR, Contacts: st.certContacts(input{}), Organization: org,
			CertEmail: "admin@examplename.com", Software: 1},
		{ID: 305, Product: st.certProducts[1], Domain: "secure.example.com", DateCreated: date(issued), NextDue: date(issuedDue),
			NextInvoice: date(issuedDue.AddDate(0, 0, -30)), FirstPayment: 995, Total: 995, BillingCycle: "Annually", Status: "Active",
			CertStatus: "Issued", CertExpires: issuedDue.Format(timeLayout), Contacts: st.certContacts(input{}), Organization: obj{},
			CertEmail: "admin@example.com", Software: 5, PEM: issuedPEM("secure.example.com", 305, issued, issuedDue)},
	}
}

func seedZones(st *state) {
	svc := func(id int64) *service { s, _ := find(st.services, id); return s }
	booble := &zone{ID: 60, Service: svc(10), Name: "booble.com", Records: map[int]*zoneRecord{}}
	st.lastRecord = 9
	st.newZoneRecords(booble, "2017010501")
	for _, r := range []*zoneRecord{
		{Name: "qwerty.booble.com", Type: "A", TTL: 1800, Content: []string{"127.0.0.1"}},
		{Name: "booble.com", Type: "MX", TTL: 3600, Priority: 10, Content: []string{"mail.booble.com"}},
		{Name: "_sip._tcp.booble.com", Type: "SRV", TTL: 3600, Priority: 10, Content: []string{"10", "5060", "vc01.booble.com"}, IsList: true},
		{Name: "booble.com", Type: "TXT", TTL: 3600, Content: []string{`"v=spf1 mx -all"`}},
	} {
		r.ID = next(&st.lastRecord)
		booble.add(r)
	}
	other := &zone{ID: 61, Service: svc(20), Name: "bgg12ooble.com", Records: map[int]*zoneRecord{}}
	st.lastRecord = 19
	st.newZoneRecords(other, "2016110201")
	for _, r := range []*zoneRecord{
		{Name: "old.bgg12ooble.com", Type: "A", TTL: 300, Content: []string{"192.0.2.99"}},
		{Name: "www.bgg12ooble.com", Type: "A", TTL: 300, Content: []string{"192.0.2.61"}},
	} {
		r.ID = next(&st.lastRecord)
		other.add(r)
	}
	delete(other.Records, 3) // deleted long ago: the zone's records have a gap
	st.zones = []*zone{booble, other}
	st.lastZone, st.lastRecord = 61, 55
}
