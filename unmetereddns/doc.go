// Package unmetereddns is a libdns provider for Unmetered DNS: Caddy, certmagic and other Go
// tools that speak libdns (github.com/libdns/libdns, v1.1) read and change an Unmetered
// account's DNS through it, for example to solve ACME DNS-01 challenges and get wildcard
// certificates.
//
// Provider implements libdns.RecordGetter, RecordAppender, RecordSetter, RecordDeleter and
// ZoneLister with the semantics libdns documents for each method.
//
// # certmagic
//
//	certmagic.DefaultACME.DNS01Solver = &certmagic.DNS01Solver{
//		DNSManager: certmagic.DNSManager{
//			DNSProvider: &unmetereddns.Provider{
//				Username: os.Getenv("UNMETERED_USERNAME"),
//				Password: os.Getenv("UNMETERED_PASSWORD"),
//			},
//		},
//	}
//	err := certmagic.ManageSync(ctx, []string{"example.com", "*.example.com"})
//
// # Caddy
//
// Caddy loads DNS providers as modules named dns.providers.<name>. The module
// github.com/unmetered/unmetered-go/unmeteredcaddy (a Go module of its own, in this
// repository) is dns.providers.unmetered: a struct embedding *Provider, with Caddyfile parsing
// and placeholder replacement, built into Caddy with xcaddy. Its JSON configuration is
// Provider's fields:
//
//	{"dns": {"provider": {"name": "unmetered", "username": "you@example.com", "password": "{env.UNMETERED_PASSWORD}"}}}
//
// "auth" ("basic", the default, or "jwt") and "base_url" are optional.
//
// # Zones
//
// A zone is one of the account's DNS-service zones (GET /dns) or, for a name no DNS service
// hosts, one of its Active domains, whose DNS records the registrar hosts (GET /domain/@id/dns;
// these take effect only while the domain uses the registrar's nameservers). A name hosted by
// both is the DNS service's. ListZones lists both kinds, once each, fully qualified with the
// trailing dot ("example.com."), as Caddy and certmagic pass zone names; the methods take a
// zone name with or without the trailing dot, in any case.
//
// The zone a caller passes is where the names of its records start from; each record is
// written in the account's zone that holds its absolute name (its name followed by the zone
// passed), found as ZoneFor finds it: the longest suffix among the DNS-service zones or, for a
// name none of them holds, among the Active domains. Names come back relative to the zone
// passed, as the caller gave them. So:
//
//   - A zone the account does not have still works for names one of its zones holds:
//     certmagic finds zones by SOA lookups, which split-horizon DNS may answer with
//     "www.example.com." for "_acme-challenge.www.example.com"; the record, named
//     "_acme-challenge" there, is written in example.com as "_acme-challenge.www".
//   - A name in a delegated sub-zone goes there, where DNS serves it: with zones example.com
//     and dev.example.com, "_acme-challenge.api.dev" passed with "example.com." is written in
//     dev.example.com as "_acme-challenge.api", and still returned as
//     "_acme-challenge.api.dev".
//   - A name no zone of the account holds is an error naming it (errors.Is(err,
//     unmetered.ErrNotFound)); nothing is written anywhere for that call.
//
// One call may so change several zones, one after the other, each under its own lock.
// GetRecords of one of the account's zones returns that zone's records (not those of its
// sub-zones); of another name, the records at and below that name in the zone that holds it,
// relative to it. Errors about a zone other than the one passed name both: `unmetereddns:
// zone dev.example.com. (given zone example.com.): ...`.
//
// Each call finds its zones anew: one request (GET /dns); one more (GET /domain/name/@name)
// when no DNS-service zone is or holds the zone passed; and one more (GET /domain) when a name
// lies neither in a DNS-service zone nor in the zone passed.
//
// A program that has a name rather than a zone (an ACME client with
// "_acme-challenge.www.example.com") finds its zone with ZoneFor, never an SOA lookup, which
// split-horizon DNS breaks.
//
// # Records
//
// The changes of AppendRecords, SetRecords and DeleteRecords are planned by the SDK's zone
// planner (unmetered.PlanZone), which the command-line tool and the other adapters share:
// records already as asked are not written again, a changed record is updated in place, an
// RRset the input does not name is never touched (except that SetRecords of a CNAME replaces
// the other records at its name, and SetRecords of other records a CNAME at theirs), and a zone
// that would hold a CNAME at its apex or beside other records at one name (RFC 1034 section
// 3.6.2) is refused with a *unmetered.CNAMEConflictError before anything is sent. Where a
// name changes between a CNAME and other records, the deletions there go first, as servers
// that enforce RFC 1034 refuse a record beside a CNAME. AppendRecords adds a value its RRset
// does not hold yet, and never adds one twice: for a value already there it returns the record
// the zone holds, so that every record given has one in the result (certmagic requires it).
//
// Records come out as libdns's typed structs: libdns.Address (A, AAAA), TXT, CNAME, MX, SRV,
// CAA and NS, and libdns.RR for the other types (PTR; the registrar's URL, FRAME and MXE), and
// for an SRV record whose name is not "_service._proto[.name]", which libdns.SRV cannot hold.
// Names are relative to the zone, "@" for the apex, wildcards as "*" labels; targets are fully
// qualified with the trailing dot; TXT text is the text itself, unquoted and joined, whatever
// its length; TTLs are whole seconds. GetRecords leaves out the SOA record of a DNS-service
// zone, which the server keeps; no method writes or deletes it.
//
// Records go in as any libdns.Record (through its RR method): names relative to the zone ("@"
// for the apex; an absolute name with the trailing dot is accepted if it lies in the zone),
// targets with or without the trailing dot (the portal has no relative targets), TXT text of
// any length and content (quoted, escaped and split into 255-byte strings as the DNS service
// needs). A TTL is truncated to whole seconds; 0 leaves it to the server (see SetRecords).
//
// The registrar's records map the same way. Their types are the registrar's: A, CNAME, MX, TXT
// come out as libdns.Address, CNAME, MX and TXT; URL (a web redirect) and FRAME (a framed web
// page) as libdns.RR with the URL as Data, e.g. libdns.RR{Name: "www", Type: "URL", Data:
// "https://example.net/"}; MXE (a mail exchanger given by address) as libdns.RR with Data
// "preference address", like MX. Write them in the same form. The registrar's requests take no
// TTL: a TTL given is not sent and TTLs are not compared; a record created or updated (the
// update replaces it whole) gets the registrar's default, and is returned with TTL 0.
//
// ProviderData of a record from a DNS-service zone is the record's id (an int64; libdns.RR,
// which has no such field, carries none); from a registrar zone it is nil, the registrar's
// index being no identity. The provider never relies on it: it matches records by name, type
// and value.
//
// # Concurrency and rate limits
//
// A Provider is safe for concurrent use, and simultaneous calls on one zone all take effect:
// the calls that change a zone (AppendRecords, SetRecords, DeleteRecords) hold a lock of that
// zone, shared by all Providers of the process, from their read of the zone to their last
// write. Calls on different zones run in parallel. In a registrar zone, whose records are
// addressed by an index that shifts when a record before it is removed, updates and deletions
// go through the SDK's checked writes (Domains.UpdateDNSRecordChecked and
// DeleteDNSRecordChecked): each reads the records again and writes only if the index still
// holds the very record this call read. When another writer (the portal's web interface,
// another program) has moved it, the provider finds the identical record at its new index and
// acts there, or, if it is gone, leaves it; it never changes or deletes a record it was not
// given. The API has no compare-and-swap, so a writer acting between that re-read and the
// write cannot be detected.
//
// The portal limits requests (25 per window was recorded). The SDK retries a 429 answer after
// the wait the server asks for, and retries reads and idempotent writes after transient
// failures; creations and registrar updates and deletions are never sent twice once they may
// have reached the server (see unmetered.MaybeApplied, which works on this package's errors too). Every
// method honours its context's cancellation, also while waiting for a zone's lock.
//
// Errors name the zone and, where one is at fault, the record: `unmetereddns: zone
// example.com.: creating _acme-challenge TXT "token": ...`. Input is checked before anything
// is sent.
package unmetereddns
