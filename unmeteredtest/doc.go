// Package unmeteredtest is an in-memory fake of the Unmetered client portal, for testing code
// that uses the unmetered SDK (or talks to the portal's API in any other way) without the
// network or an account.
//
// NewServer starts an httptest server on a loopback address that serves all 102 endpoints of
// the API under URL() ("http://127.0.0.1:port/api"), seeded with an example account. Each
// Server has its own state, so parallel tests never see each other's changes:
//
//	srv := unmeteredtest.NewTestServer(t) // closed when the test ends
//	client, err := srv.Client()           // Basic auth, the server's URL, no retry waits
//	...
//	err = client.Services.SetLabel(ctx, 301, "web")
//	label, err := client.Services.Label(ctx, 301) // "web"
//
// # Authentication
//
// Like the portal, the server accepts HTTP Basic auth with Username() and Password() (fakes:
// DefaultUsername and DefaultPassword unless WithCredentials says otherwise), and JWTs: POST
// /login (a JSON or form-encoded body) returns {"token", "refresh"}, both HS256-signed with a
// key of this server; "Authorization: Bearer <token>" works until the token's "exp"
// (WithTokenLifetime, one hour by default); POST /token exchanges a refresh token for a new
// pair; POST /revoke and POST /logout end the session. Missing or wrong credentials, and
// expired or revoked tokens, are answered 401 with {"error": ["..."]}. WithClock replaces
// the server's clock, so a test can move past a token's expiry without sleeping.
//
// # State
//
// What the API changes stays changed, for the life of the Server: details (a new email address
// there does not change the credentials), contacts and their privileges; acknowledged notifications; credit applied to an invoice (the account credit
// drops, the invoice is Paid once covered); tickets created, answered, closed and reopened;
// domain nameservers, registrar lock, ID protection, autorenew, WHOIS contacts, forwarding,
// glue records, registrar DNS records (addressed by index, which shifts after a delete) and
// DNSSEC keys; service labels, reverse DNS, upgrades and cancellations; DNS zones and their
// records. Orders (POST /order/@product_id, /order, /domain/order, /certificate/order, and
// domain renewals and paid upgrades) create an unpaid invoice and, for orders, a pending
// service, domain or certificate. POST /order also takes domain renewal items ({"type":
// "domain", "action": "renew", "domain_id", "years"}), which are invoiced but, creating
// nothing, are not among the order's "items". POST /quote and upgrade estimates change nothing.
//
// DNS zones answer as the real server was recorded to (traffic of a HostBill DNS API, 2023):
// GET /dns lists the zones ({"service_ids": ["10"], "zones": [{"domain_id", "name",
// "service_id"}]}) while GET /service/@id/dns answers 200 {"error": ["invalid method"]}. A zone
// stores owner names absolute without the trailing dot (a relative name gets the zone
// appended; "@" and the zone's name are the apex), CNAME, NS, MX, PTR and SRV targets without
// the trailing dot, and TXT content in double quotes (content already in quotes is kept as
// sent; a character-string over 255 bytes is refused). GET lists records as a PHP array: every
// scalar a string, "prio" repeating the priority, SOA and SRV content as arrays of strings, and
// once a delete leaves a gap in the positions, an object keyed by position ({"0": {...}, "1":
// {...}, "3": {...}}); the seeded zone 61 has such a gap from the start. POST .../records
// answers {"success": true, "record": {...}, "info": [["dnsnewrecordadded", "TXT"]]}, the
// record echoed without its id, with the name and content as sent and numeric ttl and
// priority: the id appears only in the listing. PUT answers {"success": true, "record": {"id",
// ...}, "info": ["dnsrecordupdated"]}, or, refused, 200 {"success": false, "error": ["An error
// occurred while editing the DNS record"]}; DELETE answers {"success": true}. Every change
// bumps the zone's SOA serial (YYYYMMDDnn on the server's clock). Like DNS servers that
// enforce RFC 1034 section 3.6.2 (PowerDNS, HostBill's DNS modules), a zone never holds a
// CNAME beside another record at one name, nor at its apex (beside the SOA): a POST that
// would is refused 400 with a message naming the name, a PUT with the refused-edit answer
// above. So a client replacing other records by a CNAME must delete them first, and one
// replacing a CNAME must delete it before adding the rest.
//
// WithRateLimit makes the server limit logins as the real portal was recorded to: it counts
// POST /login only, announces X-RateLimit-Limit, -Remaining and -Reset (whole seconds counting
// down to the window's end) on login answers only, begins a window with the first login after
// the previous one ended, and answers a login past the limit 429 (RecordedRateLimit and
// RecordedRateWindow are the recorded 25 per 240 s). Reads and writes are never limited by it.
// WithRequestRateLimit models a server that counts and announces on every request instead,
// with a choice of Reset format (whole seconds, seconds with a fraction, a Unix time); with
// WithClock a test can put the server's clock behind or ahead of the client's. Both are off by
// default.
//
// Unknown ids are answered 404 {"error": ["<Thing> not found"]}; invalid input 400 with one
// message per problem, or, where the reference shows it, 200 with an "error" list (the DNS
// endpoints of a service without DNS hosting answer {"error": ["invalid method"]}). An unknown
// path is a 404 and a known path with the wrong method a 405 with an Allow header.
//
// # The seeded account
//
// All ids are as the API reference's examples show them where it has examples:
//
//	client 26 "Joe Doe", email Username(); credit 50.00 USD
//	contacts 49 Mary Sue (mary@example.com), 50 Ops Team (ops@example.com, a company)
//	notifications 81 (invoice 308977, new), 82 (service 301, seen), 83 (ticket 736633, new)
//	statuses 5 Active "Core network", 6 Scheduled "Storage cluster"
//	invoices 308976 Paid 19.65, 308977 Unpaid 15.00 (overdue: due three days ago)
//	payment methods 1 BankTransfer, 2 Stripe, 4 CreditCard, 5 PayPal
//	ticket departments 1 Billing, 2 Technical Support
//	tickets 736633 Answered (one staff reply; attachment "7f3a9c1e", a PNG), 736634 Closed
//	domains 47 testname.com Active (expires in 60 days), 48 testname.com Expired (30 days ago),
//	  52 example.org Pending (ordered yesterday); 47 has registrar DNS records 1-3, email
//	  forwarding for "info", DNSSEC key "k1"
//	TLDs 6 .com (with extra order forms), 7 .org, 8 .net
//	certificates 300 examplename.com Pending (ordered 2 days ago), 305 secure.example.com Active
//	  (issued 100 days ago for a year; GET .../crt gives a self-signed PEM certificate valid
//	  exactly that year); certificate products 25, 26, 27
//	services 10 and 20 DNS Hosting, 301 Starter Hosting (login examplen), 302 VPS Large
//	  (IPs 192.0.2.20 and 2001:db8::20; resources 1557 Bandwidth, 1560 Disk), all Active;
//	  their dates are relative to the server's clock at NewServer: next due in 20 (10, 20),
//	  27 (301) and 165 (302) days, the next invoice 7 days before
//	DNS zones 60 booble.com (service 10, records 10-16), 61 bgg12ooble.com (service 20)
//	categories 10 Hosting, 6 Domains, 16 Dedicated, 19 VPS, 21 DNS;
//	  products 333, 334 (hosting), 340 (dedicated), 345 (VPS), 350 (DNS hosting)
//
// New objects take the next ids: invoices from 308978, order numbers from 563647679,
// services and certificates from 310, domains from 53, contacts from 51, tickets from 865650,
// ticket replies from 931, zones from 62, zone records from 56. Their dates come from the
// server's clock (see WithClock), and so do the seeded domains' and certificates' dates,
// relative to the day the server starts: their days to expiry count down as the clock moves.
//
// The seeded account's own dates are relative to that clock when the server starts, so they
// mean the same whenever a test runs: the last login was 26 hours ago; invoice 308976 was issued
// and paid 35 days ago, invoice 308977 issued 10 days ago and due 3 days ago; ticket 736633 was
// opened 5 days ago and 736634 3 days ago; status 6 is a maintenance window 10 days ahead.
//
// Where the reference documents no request or response, the server uses these shapes:
// GET /logs {"logs": [...]}; the affiliate reads {"summary": {...}}, {"campaigns": [...]},
// {"commissions": [...]}, {"payouts": [...]}, {"vouchers": [...]}, {"plans": [...]};
// notifications {"notifications": [{"id", "rel_type", "rel_id", "subject", "date", "seen"}]};
// statuses {"statuses": [...]} and {"status": {...}}; ticket departments {"departments":
// [...]}; domain reads {"nameservers"}, {"epp_code"}, {"reglock"}, {"autorenew"},
// {"contact_info"}, {"forwarding": [{"from", "to"}]}, {"flags"}, {"keys": [{"id", "flags",
// "alg", "pubkey"}]}; domain writes take {"switch"} (reglock, idprotection), {"autorenew"},
// {"contact_info"}, {"from", "to"} (email forwarding), {"url", "type"} (forwarding),
// {"nameserver", "ip"} (POST /domain/@id/reg), {"flags", "alg", "pubkey"} (DNSSEC); service
// reads {"ips"}, {"rdns"}, {"bandwidth"} and the graphs {"day", "week", "month"} as base64
// PNGs.
//
// # Faults
//
// Fail makes the next requests to a route fail: with a status (503, 429 with Retry-After, ...),
// a malformed or HTML body, a delay, or a dropped connection. Count tells how many requests a
// route received and Requests lists them (credentials redacted), so a test can check how often
// its code retried:
//
//	srv.Fail("GET", "/domain/@id", unmeteredtest.Fault{Status: 503, Times: 2})
//	d, err := client.Domains.Get(ctx, 47)  // succeeds on the third attempt
//	n := srv.Count("GET", "/domain/@id")   // 3
//
// A fault with AfterAction strikes after the portal has acted: the change is made, then the
// answer is a 502, a dropped connection or so late that the client gives up. That is how a test
// checks code against "it happened, but you were not told" (see unmetered.MaybeApplied):
//
//	srv.Fail("POST", "/tickets", unmeteredtest.Fault{Status: 502, AfterAction: true})
//	_, err := client.Support.CreateTicket(ctx, ticket) // an error, sent once...
//	unmetered.MaybeApplied(err)                        // ...true: the ticket exists
//
// A fault's OnStrike runs when it strikes, before the answer goes out, and may send the server
// requests of its own: another writer's change then lands between a request that acted and
// its lost answer (a registrar record deleted while an update's answer is in flight, say).
//
// Requests keeps the last DefaultRequestLogSize requests (WithRequestLog changes that), so a long
// test does not grow; Count counts them all. WithRequestHook hands each request, as Requests
// reports it, to a function as it is answered: a live log.
package unmeteredtest
