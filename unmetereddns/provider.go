package unmetereddns

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go"
)

// The interfaces of libdns that Provider implements.
var (
	_ libdns.RecordGetter   = (*Provider)(nil)
	_ libdns.RecordAppender = (*Provider)(nil)
	_ libdns.RecordSetter   = (*Provider)(nil)
	_ libdns.RecordDeleter  = (*Provider)(nil)
	_ libdns.ZoneLister     = (*Provider)(nil)
)

// Provider drives the DNS of an Unmetered account through the libdns interfaces. The zero
// value with Username and Password set is ready to use; the JSON tags are what a Caddy module
// unmarshals its configuration into. The fields are read on first use, when the provider
// builds its client; a bad configuration is an error wrapping unmetered.ErrInvalidArgument from
// every method, before anything is sent. Providers with the same Username, Password, Auth and
// BaseURL in one process share one client, and so one JWT session and the account's rate
// limits: Caddy's several policies naming one account log in once. A Provider is safe for
// concurrent use; do not copy one after its first use.
type Provider struct {
	// Username is the client-area login (an email address).
	Username string `json:"username,omitempty"`
	// Password is the client-area password.
	Password string `json:"password,omitempty"`
	// Auth selects the authentication: "basic" (the default: HTTP Basic auth on every request)
	// or "jwt" (a JWT session: one login, then bearer tokens, refreshed as they expire).
	Auth string `json:"auth,omitempty"`
	// BaseURL is the API root; the default is the portal, unmetered.DefaultBaseURL. It must be
	// https, except for a loopback address (a test server, unmeteredtest's fake portal).
	BaseURL string `json:"base_url,omitempty"`
	// Client, when set, is used instead of the fields above: for retry and logging options of
	// your own, a token source, or a test server.
	Client *unmetered.Client `json:"-"`

	mu    sync.Mutex
	built *unmetered.Client // built from the fields on first use
}

// client returns the Client, or the client built from the fields on first use. A
// configuration error is returned each time it is asked (nothing is sent), never a panic.
func (p *Provider) client() (*unmetered.Client, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: unmetereddns: nil *Provider", unmetered.ErrInvalidArgument)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Client != nil {
		return p.Client, nil
	}
	if p.built != nil {
		return p.built, nil
	}
	if p.Username == "" || p.Password == "" {
		return nil, fmt.Errorf("%w: unmetereddns: the provider needs a username and a password (or a Client)", unmetered.ErrInvalidArgument)
	}
	opts := []unmetered.Option{unmetered.WithUserAgent("unmetereddns unmetered-go/" + unmetered.Version)}
	auth := strings.ToLower(strings.TrimSpace(p.Auth))
	switch auth {
	case "", "basic":
		auth = "basic"
		opts = append(opts, unmetered.WithBasicAuth(p.Username, p.Password))
	case "jwt":
		opts = append(opts, unmetered.WithLogin(p.Username, p.Password))
	default:
		return nil, fmt.Errorf("%w: unmetereddns: auth is %q; use \"basic\" (the default) or \"jwt\"", unmetered.ErrInvalidArgument, p.Auth)
	}
	if strings.TrimSpace(p.BaseURL) != "" {
		opts = append(opts, unmetered.WithBaseURL(p.BaseURL))
	}
	c, err := sharedClient(keyOf(auth, p.BaseURL, p.Username, p.Password), func() (*unmetered.Client, error) {
		return unmetered.NewClient(opts...)
	})
	if err != nil {
		return nil, fmt.Errorf("unmetereddns: %w", err)
	}
	p.built = c
	return c, nil
}

// ListZones returns the zones the account can change: the zones of its DNS services (GET /dns)
// and the domains whose DNS the registrar can host (its Active domains, GET /domain), each
// once, sorted by name. Names are fully qualified with the trailing dot ("example.com."); a
// name hosted by both is listed once, and the other methods use its DNS-service zone.
func (p *Provider) ListZones(ctx context.Context) ([]libdns.Zone, error) {
	c, err := p.client()
	if err != nil {
		return nil, err
	}
	return listZones(ctx, c)
}

// GetRecords returns all records of the zone (libdns.RecordGetter), as libdns's typed structs:
// names relative to the zone ("@" for the apex), TTLs in whole seconds, targets fully
// qualified, TXT text unquoted. The SOA record of a DNS-service zone, which the server keeps,
// is left out. It takes one request to find the zone (two for a registrar zone) and one to
// read it. For a zone the account does not have, it returns the records at and below that
// name in the account's zone that holds it (see the package's doc, "Zones"), relative to the
// name given.
func (p *Provider) GetRecords(ctx context.Context, zone string) ([]libdns.Record, error) {
	cl, err := p.begin(zone)
	if err != nil {
		return nil, err
	}
	if err := cl.open(ctx); err != nil {
		return nil, err
	}
	z := cl.own
	if z == nil {
		if z, err = cl.holder(ctx, cl.given); err != nil {
			return nil, err
		}
	}
	recs, err := z.list(ctx)
	if err != nil {
		return nil, z.errorf("reading the records: %w", err)
	}
	out := make([]libdns.Record, 0, len(recs))
	for _, r := range recs {
		if r.Type == typeSOA || !within(absoluteName(r.Name, z.name), z.given) {
			continue
		}
		out = append(out, z.toGiven(r).libdns(z.registrar()))
	}
	return out, nil
}

// AppendRecords makes each record end in the zone (libdns.RecordAppender) and returns, for
// each record given and in the same order, the record of its value as the zone holds it: the
// one it created, or the one that was there already. It never changes or deletes a record.
//
// A record whose value its RRset already holds (the same name, type and data, whatever the
// TTL) is not added again, as an RRset holds a value once (RFC 2181 section 5); the record
// returned for it is the zone's, with the zone's TTL and, in a DNS-service zone, its id. So
// the caller gets exactly one record per record given: certmagic, which requires one for its
// one, succeeds when the same ACME challenge is presented again (after a crash before the
// cleanup, the CA reuses the pending authorization and its TXT value), and the zone holds the
// value once. A record given twice in one call is created once and returned twice. libdns
// documents the result as "the populated records that were created"; here a value already
// there counts as created, as it ends in the zone either way. Deleting what AppendRecords
// returned (as certmagic's cleanup does) deletes such a record too, whoever created it.
//
// A CNAME beside other records at its name, or at the apex, is refused (RFC 1034 section
// 3.6.2). Every record is checked and the zone read before anything is sent; the records are
// then created one request each, in order, and in a DNS-service zone read back once, for their
// ids (should only that read fail, the records exist: they are returned as sent, without ids,
// and no error). On an error the records returned are those the zone is known to hold: those
// created before it and those that were there already.
//
// Each record goes to the account's zone that holds its name: zone, a delegated sub-zone of
// it, or the zone that holds zone when the account has no zone of that name (see "Zones" in
// the package's doc); the records returned are named relative to zone.
func (p *Provider) AppendRecords(ctx context.Context, zone string, recs []libdns.Record) ([]libdns.Record, error) {
	cl, err := p.begin(zone)
	if err != nil {
		return nil, err
	}
	want, err := cl.inputs(recs)
	if err != nil || len(want) == 0 {
		return nil, err
	}
	groups, err := cl.route(ctx, names(want))
	if err != nil {
		return nil, err
	}
	out := make([]libdns.Record, len(want)) // by input position; nil: not known to be in the zone
	for _, g := range groups {
		z, gw := g.z, g.records(want)
		var have []record
		created, _, err := z.change(ctx, func(h []record) unmetered.ZoneEdit {
			have = h
			return unmetered.ZoneEdit{Add: z.requests(gw)}
		})
		for k, w := range gw {
			if r, ok := stored(w, created, have); ok {
				out[g.idx[k]] = z.toGiven(r).libdns(z.registrar())
			}
		}
		if err != nil {
			return slices.DeleteFunc(out, isNil), err
		}
	}
	return slices.DeleteFunc(out, isNil), nil
}

// SetRecords makes each RRset (owner name and type) of the input hold exactly the input's
// records of that name and type (libdns.RecordSetter); every other RRset of the zone is left
// as it is. It reads the zone once and changes only what differs: a record already there is
// not written again, a record that differs from one to be removed is updated in place (one
// request) rather than deleted and created, and only what is left over is created or deleted.
// It returns exactly the records it created or updated, as stored (not those already in
// place, nor those deleted).
//
// A TTL of 0 in the input (or under a second) means no preference: it matches a record of any
// TTL, a record updated in place keeps its TTL, and a new record gets the server's default.
// The registrar's DNS takes no TTL: there the input's TTLs are ignored.
//
// A CNAME replaces the other records at its name, and other records replace a CNAME at
// theirs: those records are deleted (of the behaviours libdns allows a provider, this one
// follows RFC 1034 section 3.6.2, a CNAME being the only record at its name). A CNAME at the
// apex, or beside other records of the input at its name, is refused before anything is sent.
//
// It is not atomic: the API has no transactions. Every record is checked before anything is
// sent; then creations come first, updates next and deletions last, so that a failure part
// way leaves records added rather than missing; except at a name changing between a CNAME and
// other records, whose deletions go first, as a server that enforces RFC 1034 refuses a
// record beside a CNAME (the name is then empty until the creation). On an error the records
// returned are those changed before it.
//
// Each record goes to the account's zone that holds its name (see "Zones" in the package's
// doc), which changes its RRsets there; the records returned are named relative to zone.
func (p *Provider) SetRecords(ctx context.Context, zone string, recs []libdns.Record) ([]libdns.Record, error) {
	cl, err := p.begin(zone)
	if err != nil {
		return nil, err
	}
	want, err := cl.inputs(recs)
	if err != nil || len(want) == 0 {
		return nil, err
	}
	groups, err := cl.route(ctx, names(want))
	if err != nil {
		return nil, err
	}
	var out []libdns.Record
	for _, g := range groups {
		z, gw := g.z, g.records(want)
		set, _, err := z.change(ctx, func(have []record) unmetered.ZoneEdit {
			return unmetered.ZoneEdit{Set: z.requests(gw), Clear: displaced(gw, have)}
		})
		out = append(out, z.output(set)...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// DeleteRecords deletes the zone's records that match the input (libdns.RecordDeleter) and
// returns those it deleted, as they were. An input record matches records of its name (which
// is required) and, unless left empty, of its type, its TTL (0: any; ignored in a registrar
// zone, whose records take no TTL) and its value (libdns's "" Data, e.g. a libdns.TXT with no
// Text: any). Input that matches nothing is ignored. Nothing else is deleted, and never the
// SOA record.
//
// Each input record is matched in the account's zone that holds its name (see "Zones" in the
// package's doc); the records returned are named relative to zone.
func (p *Provider) DeleteRecords(ctx context.Context, zone string, recs []libdns.Record) ([]libdns.Record, error) {
	cl, err := p.begin(zone)
	if err != nil {
		return nil, err
	}
	match, err := cl.matchers(recs)
	if err != nil || len(match) == 0 {
		return nil, err
	}
	ns := make([]string, len(match))
	for i, m := range match {
		ns[i] = m.name
	}
	groups, err := cl.route(ctx, ns)
	if err != nil {
		return nil, err
	}
	var out []libdns.Record
	for _, g := range groups {
		z := g.z
		_, deleted, err := z.change(ctx, func(have []record) unmetered.ZoneEdit {
			var edit unmetered.ZoneEdit
			for _, i := range g.idx {
				m := match[i]
				m.name = z.inZone(m.name)
				edit.Remove = append(edit.Remove, m.filters(z, have)...)
			}
			return edit
		})
		out = append(out, z.output(deleted)...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// errorf formats an error of the zone: "unmetereddns: zone example.com.: ...", or, when the
// caller named another zone, "unmetereddns: zone example.com. (given zone www.example.com.): ...".
func (z *zoneHandle) errorf(format string, args ...any) error {
	where := z.fqdn()
	if z.given != "" && z.given != z.name {
		where += " (given zone " + z.given + ".)"
	}
	return fmt.Errorf("unmetereddns: zone %s: %w", where, fmt.Errorf(format, args...))
}

// recordErr is an error about one record: "unmetereddns: zone example.com.: deleting www A \"192.0.2.1\": ...".
func (z *zoneHandle) recordErr(op string, r record, err error) error {
	return z.errorf("%s %s: %w", op, r.describe(), err)
}
