package unmetereddns

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/unmetered/unmetered-go"
)

// One call's zones: the zone the caller named, and the account's zones that hold the names of
// its records. A caller's zone is only where its relative names start from: each record goes
// to the account's zone that holds its absolute name (the longest suffix, as ZoneFor finds
// it), and comes back named relative to the caller's zone. So a caller that found its zone by
// an SOA lookup (certmagic), which split-horizon DNS answers with a name the account does not
// have ("www.example.com." for "example.com."), still reaches the right zone, and a name in
// a delegated sub-zone ("dev.example.com." beside "example.com.") lands where DNS serves it.

// call is the account's zones as one call sees them.
type call struct {
	c     *unmetered.Client
	given string // the caller's zone, a zoneKey

	svc     []unmetered.Zone   // the DNS-service zones (GET /dns)
	own     *zoneHandle        // the caller's zone when it is one of the account's; else nil
	doms    []unmetered.Domain // the account's domains, listed on first need
	listed  bool               // doms is listed
	handles map[string]*zoneHandle
}

// begin checks the provider's configuration and the caller's zone name; nothing is sent.
func (p *Provider) begin(zone string) (*call, error) {
	c, err := p.client()
	if err != nil {
		return nil, err
	}
	name := zoneKey(zone)
	if name == "" {
		return nil, fmt.Errorf("%w: unmetereddns: no zone name given", unmetered.ErrInvalidArgument)
	}
	return &call{c: c, given: name, handles: map[string]*zoneHandle{}}, nil
}

// errorf formats an error of the caller's zone: "unmetereddns: zone example.com.: ...".
func (cl *call) errorf(format string, args ...any) error {
	return fmt.Errorf("unmetereddns: zone %s.: %w", cl.given, fmt.Errorf(format, args...))
}

// open reads the DNS-service zones (GET /dns) and finds out whether the caller's zone is one
// of the account's: a DNS-service zone of that name, or else (unless a DNS-service zone holds
// the name) an Active domain of that name (GET /domain/name/@name), whose DNS the registrar
// hosts. A zone that is neither is no error yet: the zones holding its records are found for
// each (holder).
func (cl *call) open(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	zones, err := serviceZones(ctx, cl.c)
	if err != nil {
		return cl.errorf("listing the DNS zones: %w", err)
	}
	cl.svc = zones
	if z := serviceHolder(zones, cl.given); z != nil {
		// The caller's zone is that zone, or a name in it: a registered domain never lies
		// inside a DNS-service zone of the account.
		if zoneKey(z.Name) == cl.given {
			cl.own = cl.handle(cl.given, z, nil)
		}
		return nil
	}
	doms, err := cl.c.Domains.GetByName(ctx, cl.given)
	if err != nil && !errors.Is(err, unmetered.ErrNotFound) {
		return cl.errorf("looking the domain up: %w", err)
	}
	if d := registrarDomain(doms, cl.given); d != nil {
		cl.own = cl.handle(cl.given, nil, d)
	}
	return nil
}

// handle is the zone handle of the account's zone name (a zoneKey), one per call and zone.
func (cl *call) handle(name string, svc *unmetered.Zone, domain *unmetered.Domain) *zoneHandle {
	if z := cl.handles[name]; z != nil {
		return z
	}
	z := &zoneHandle{name: name, given: cl.given, c: cl.c, svc: svc, domain: domain}
	cl.handles[name] = z
	return z
}

// holder returns the account's zone that holds the absolute name abs (a zoneKey): the
// DNS-service zone that is its longest suffix or, when no DNS-service zone holds it, the
// caller's zone if the registrar hosts it and it holds abs, or else the Active domain that is
// the longest suffix of abs (GET /domain, once per call). It is ZoneFor's rule. A name no
// zone holds is an error wrapping unmetered.ErrNotFound.
func (cl *call) holder(ctx context.Context, abs string) (*zoneHandle, error) {
	if z := serviceHolder(cl.svc, abs); z != nil {
		return cl.handle(zoneKey(z.Name), z, nil), nil
	}
	if cl.own != nil && cl.own.registrar() && within(abs, cl.own.name) {
		return cl.own, nil
	}
	if !cl.listed {
		doms, err := cl.c.Domains.List(ctx)
		if err != nil {
			return nil, cl.errorf("listing the domains: %w", err)
		}
		cl.doms, cl.listed = doms, true
	}
	if d := domainHolder(cl.doms, abs); d != nil {
		return cl.handle(zoneKey(d.Name), nil, d), nil
	}
	return nil, cl.errorf("%w", notFound(fmt.Sprintf("the account has no DNS zone and no active domain that is or holds %s (ListZones lists those it has)", abs)))
}

// serviceHolder is the DNS-service zone that holds the absolute name abs (the longest suffix
// at a label boundary, as unmetered.DNSOverview.ZoneFor finds it), or nil.
func serviceHolder(zones []unmetered.Zone, abs string) *unmetered.Zone {
	z, _, err := (&unmetered.DNSOverview{Zones: zones}).ZoneFor(abs)
	if err != nil {
		return nil
	}
	return z
}

// domainHolder is the Active domain that holds the absolute name abs (the longest suffix at a
// label boundary; the newest registration of that name), or nil.
func domainHolder(doms []unmetered.Domain, abs string) *unmetered.Domain {
	z, _, err := activeDomains(doms).ZoneFor(abs)
	if err != nil {
		return nil
	}
	return registrarDomain(doms, zoneKey(z.Name))
}

// activeDomains are the Active domains as zones, for their ZoneFor.
func activeDomains(doms []unmetered.Domain) *unmetered.DNSOverview {
	ov := &unmetered.DNSOverview{}
	for _, d := range doms {
		if d.Status == unmetered.DomainActive {
			ov.Zones = append(ov.Zones, unmetered.Zone{Name: d.Name})
		}
	}
	return ov
}

// within reports whether the absolute name abs is the zone z or lies in it (both zoneKeys).
func within(abs, z string) bool {
	return abs == z || strings.HasSuffix(abs, "."+z)
}

// absoluteName is the name rel, relative to the zone z ("@" for the apex), as an absolute name
// without the trailing dot.
func absoluteName(rel, z string) string {
	if rel == "@" {
		return z
	}
	return rel + "." + z
}

// relativeName is the absolute name abs, which lies in the zone z, relative to it ("@" for z).
func relativeName(abs, z string) string {
	if abs == z {
		return "@"
	}
	return strings.TrimSuffix(abs, "."+z)
}

// group is the records of a call that one zone of the account holds.
type group struct {
	z   *zoneHandle
	idx []int // the records' positions in the call's input
}

// group finds the zone of each name (relative to the caller's zone) and returns the names'
// positions by zone, the zones in the order the names first name them.
func (cl *call) group(ctx context.Context, names []string) ([]group, error) {
	var out []group
	at := map[*zoneHandle]int{}
	for i, n := range names {
		z, err := cl.holder(ctx, absoluteName(n, cl.given))
		if err != nil {
			return nil, err
		}
		j, ok := at[z]
		if !ok {
			j = len(out)
			at[z] = j
			out = append(out, group{z: z})
		}
		out[j].idx = append(out[j].idx, i)
	}
	return out, nil
}

// inZone is the name n, relative to the caller's zone, relative to the zone z instead.
func (z *zoneHandle) inZone(n string) string {
	if z.name == z.given {
		return n
	}
	return relativeName(absoluteName(n, z.given), z.name)
}

// toGiven is the record r of the zone z named relative to the caller's zone.
func (z *zoneHandle) toGiven(r record) record {
	if z.name != z.given {
		r.Name = relativeName(absoluteName(r.Name, z.name), z.given)
	}
	return r
}

// route finds the zones of the names (relative to the caller's zone): it reads the account's
// zones (open) and groups the names by the zone that holds them.
func (cl *call) route(ctx context.Context, names []string) ([]group, error) {
	if err := cl.open(ctx); err != nil {
		return nil, err
	}
	return cl.group(ctx, names)
}

// records are the records of all at the group's positions, named relative to its zone.
func (g group) records(all []record) []record {
	out := make([]record, len(g.idx))
	for k, i := range g.idx {
		out[k] = all[i]
		out[k].Name = g.z.inZone(all[i].Name)
	}
	return out
}

// names are the records' names.
func names(recs []record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Name
	}
	return out
}
