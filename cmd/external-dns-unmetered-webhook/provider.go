package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	unmetered "github.com/unmetered/unmetered-go"
)

// provider does what the webhook's calls ask of the account's DNS zones: list them as
// endpoints, apply external-dns's changes through the SDK's zone planner, and adjust the
// endpoints external-dns wants to what the listing will show.
type provider struct {
	dns    *unmetered.DNSService
	filter domainFilter
	log    *slog.Logger

	apply sync.Mutex // one change set at a time: each plans from the zones as the last left them
}

// zones lists the account's zones (GET /dns) and returns the overview with those the filter
// overlaps, one per name (the first listed, as ZoneFor picks). Other zones are never read.
func (p *provider) zones(ctx context.Context) (*unmetered.DNSOverview, []unmetered.Zone, error) {
	ov, err := p.dns.List(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("listing the account's DNS zones: %w", err)
	}
	seen := map[string]bool{}
	var out []unmetered.Zone
	for _, z := range ov.Zones {
		n := normalName(z.Name)
		if n != "" && !seen[n] && p.filter.overlaps(n) {
			seen[n] = true
			out = append(out, z)
		}
	}
	return ov, out, nil
}

// records lists the records of the zones the filter overlaps as endpoints, one per RRset.
func (p *provider) records(ctx context.Context) ([]Endpoint, error) {
	ov, zones, err := p.zones(ctx)
	if err != nil {
		return nil, err
	}
	out := []Endpoint{}
	for _, z := range zones {
		full, err := p.dns.Zone(ctx, z.ServiceID, z.ID)
		if err != nil {
			return nil, fmt.Errorf("reading the zone %s: %w", z.Name, err)
		}
		out = append(out, p.endpoints(ov, normalName(z.Name), full.Records)...)
	}
	return out, nil
}

// endpoints turns the records of the zone named zone into endpoints: one per RRset (name and
// type) of a managed type and a name the filter matches, its targets in the zone's order, its
// TTL the records' (the lowest, should they differ), so that external-dns plans no TTL change
// where there is none. A name a more specific zone of the account holds is that zone's, as for
// writes.
func (p *provider) endpoints(ov *unmetered.DNSOverview, zone string, recs []unmetered.ZoneRecord) []Endpoint {
	type rrset struct {
		name string
		typ  unmetered.RecordType
	}
	at := map[rrset]int{}
	var out []Endpoint
	for _, r := range recs {
		if !managedTypes[r.Type] {
			continue
		}
		name := absolute(r.Name, zone)
		if !p.filter.match(name) {
			continue
		}
		if owner, _, err := ov.ZoneFor(name); err != nil || normalName(owner.Name) != zone {
			continue
		}
		k := rrset{name, r.Type}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, Endpoint{DNSName: name, RecordType: string(r.Type), RecordTTL: r.TTL})
		}
		e := &out[i]
		if t := targetOf(r); !slices.Contains(e.Targets, t) {
			e.Targets = append(e.Targets, t)
		}
		e.RecordTTL = min(e.RecordTTL, r.TTL)
	}
	return out
}

// zoneChange is what one change set asks of one zone.
type zoneChange struct {
	zone unmetered.Zone
	edit unmetered.ZoneEdit
	err  error // the first endpoint that cannot be written: the zone is left alone
}

// applyChanges applies a change set: per zone, one EditZone whose Remove holds the targets
// deleted and updated from and whose Add holds those created and updated to, so that the
// planner writes only what differs (an update whose old and new targets are equal is no
// change; a target changed is updated in place). Names the filter does not match, or that no
// zone of the account holds, are skipped with a warning: external-dns applies the negotiated
// filter itself, and skips names no zone holds, as its own providers do. A zone with an
// endpoint that cannot be written is not changed at all; the other zones are. Any failure is
// in the error, after every zone was tried.
func (p *provider) applyChanges(ctx context.Context, ch *Changes) error {
	if ch.empty() {
		return nil
	}
	p.apply.Lock()
	defer p.apply.Unlock()
	ov, zones, err := p.zones(ctx)
	if err != nil {
		return err
	}
	byZone := map[string]*zoneChange{}
	var order []string
	var errs []error
	note := func(e *Endpoint, remove bool) {
		name := normalName(e.DNSName)
		if !p.filter.match(name) {
			p.log.Warn("skipping a change outside DOMAIN_FILTER", "name", name, "type", e.RecordType)
			return
		}
		z, rel, err := ov.ZoneFor(name)
		switch {
		case errors.Is(err, unmetered.ErrNotFound):
			p.log.Warn("skipping a change no zone of the account holds", "name", name, "type", e.RecordType)
			return
		case err != nil:
			errs = append(errs, err)
			return
		}
		zn := normalName(z.Name)
		zc := byZone[zn]
		if zc == nil {
			if !slices.ContainsFunc(zones, func(o unmetered.Zone) bool { return normalName(o.Name) == zn }) {
				// Cannot happen: a zone that holds a name the filter matches overlaps it.
				errs = append(errs, fmt.Errorf("%s: its zone %s is outside the filter", name, zn))
				return
			}
			zc = &zoneChange{zone: *z}
			byZone[zn] = zc
			order = append(order, zn)
		}
		if zc.err == nil {
			zc.err = addTargets(&zc.edit, e, rel, remove)
		}
	}
	for _, e := range slices.Concat(ch.Delete, ch.UpdateOld) {
		if e != nil {
			note(e, true)
		}
	}
	for _, e := range slices.Concat(ch.Create, ch.UpdateNew) {
		if e != nil {
			note(e, false)
		}
	}
	for _, zn := range order {
		zc := byZone[zn]
		if zc.err != nil {
			errs = append(errs, fmt.Errorf("zone %s left unchanged: %w", zn, zc.err))
			continue
		}
		report, err := p.dns.EditZone(ctx, &zc.zone, zc.edit, unmetered.ApplyOptions{})
		if report != nil {
			for _, c := range report.Applied {
				p.log.Info("record changed", "zone", zn, "change", c.String())
			}
			if report.Planned > 0 || err != nil {
				p.log.Info("zone edited", "zone", zn, "result", report.Summary())
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("zone %s: %w", zn, err))
		}
	}
	return errors.Join(errs...)
}

// addTargets adds an endpoint's targets to edit, at the name rel relative to the zone: its Remove
// when remove, else its Add with the endpoint's TTL.
func addTargets(edit *unmetered.ZoneEdit, e *Endpoint, rel string, remove bool) error {
	t, ok := recordType(e.RecordType)
	if !ok {
		return fmt.Errorf("%s: record type %q is not one this webhook writes", e.DNSName, e.RecordType)
	}
	for _, target := range e.Targets {
		if remove {
			fs, err := filters(rel, t, target)
			if err != nil {
				return fmt.Errorf("%s %s: %w", e.DNSName, t, err)
			}
			edit.Remove = append(edit.Remove, fs...)
			continue
		}
		r, err := request(rel, t, e.RecordTTL, target)
		if err != nil {
			return fmt.Errorf("%s %s: %w", e.DNSName, t, err)
		}
		edit.Add = append(edit.Add, r)
	}
	return nil
}

// adjust makes the endpoints external-dns wants read as /records will list them once written,
// so that it plans no change where there is none, and leaves out those the webhook cannot
// write (with a warning) rather than fail the whole zone's change set later: names in lower
// case, host names without the trailing dot, addresses in their short form, MX and SRV
// numbers without leading zeros, TXT exactly as given; no set identifier (the portal has no
// routing policies) and no provider-specific properties (none applies to the portal, and
// external-dns would otherwise plan an update in every loop). Every label stays: the TXT
// registry writes its ownership record from them.
func (p *provider) adjust(eps []*Endpoint) []*Endpoint {
	out := make([]*Endpoint, 0, len(eps))
	for _, e := range eps {
		if e == nil {
			continue
		}
		t, ok := recordType(e.RecordType)
		if !ok {
			p.log.Warn("leaving out an endpoint of a record type this webhook does not write", "name", e.DNSName, "type", e.RecordType)
			continue
		}
		name := normalName(e.DNSName)
		if _, _, err := (&unmetered.DNSOverview{}).ZoneFor(name); errors.Is(err, unmetered.ErrInvalidArgument) {
			p.log.Warn("leaving out an endpoint with an invalid name", "name", e.DNSName, "type", t, "error", err)
			continue
		}
		if e.RecordTTL < 0 || e.RecordTTL > 1<<31-1 {
			p.log.Warn("leaving out an endpoint with an invalid TTL", "name", name, "type", t, "ttl", e.RecordTTL)
			continue
		}
		targets := make([]string, 0, len(e.Targets))
		var bad error
		for _, target := range e.Targets {
			n, err := normalTarget(t, target)
			if err != nil {
				bad = err
				break
			}
			if !slices.Contains(targets, n) {
				targets = append(targets, n)
			}
		}
		if bad != nil {
			p.log.Warn("leaving out an endpoint with an invalid target", "name", name, "type", t, "error", bad)
			continue
		}
		if e.SetIdentifier != "" {
			p.log.Warn("ignoring the set identifier: the portal has no routing policies", "name", name, "type", t, "set_identifier", e.SetIdentifier)
		}
		e.DNSName, e.RecordType, e.Targets, e.SetIdentifier, e.ProviderSpecific = name, string(t), targets, "", nil
		out = append(out, e)
	}
	return out
}
