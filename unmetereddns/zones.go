package unmetereddns

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go"
)

// Finding zones, and the per-zone locks.

// zoneKey is a zone name as the provider compares it: lower case, without the trailing dot.
func zoneKey(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}

// zoneHandle is a zone of the account found for a call: a DNS-service zone (svc) or a domain
// whose DNS the registrar hosts (domain).
type zoneHandle struct {
	name   string // zoneKey
	given  string // the zone the caller named (a zoneKey), whose names the call's records take
	c      *unmetered.Client
	svc    *unmetered.Zone
	domain *unmetered.Domain
}

func (z *zoneHandle) fqdn() string    { return z.name + "." }
func (z *zoneHandle) registrar() bool { return z.svc == nil }

// serviceZones lists the DNS-service zones (GET /dns). An account without DNS hosting may be
// answered with the portal's 200 {"error": ["invalid method"]} (its answer where it offers no
// such call) or a 404: that is no zones. Any other failure is an error, so that a zone the DNS
// service hosts is never mistaken for the registrar's.
func serviceZones(ctx context.Context, c *unmetered.Client) ([]unmetered.Zone, error) {
	ov, err := c.DNS.List(ctx)
	if err == nil {
		return ov.Zones, nil
	}
	var apiErr *unmetered.Error
	if errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusNotFound ||
		apiErr.StatusCode == http.StatusOK && slices.ContainsFunc(apiErr.Messages, func(m string) bool {
			return strings.EqualFold(strings.TrimSpace(m), "invalid method")
		})) {
		return nil, nil
	}
	return nil, err
}

// registrarDomain picks the registration whose DNS the provider uses for the name: an Active
// one (the newest, should there be several), or nil.
func registrarDomain(doms []unmetered.Domain, name string) *unmetered.Domain {
	var best *unmetered.Domain
	for i := range doms {
		d := &doms[i]
		if d.Status == unmetered.DomainActive && zoneKey(d.Name) == name && (best == nil || d.ID > best.ID) {
			best = d
		}
	}
	return best
}

// notFound is an error that reads as its text and matches unmetered.ErrNotFound.
type notFound string

func (e notFound) Error() string { return string(e) }
func (e notFound) Unwrap() error { return unmetered.ErrNotFound }

// listZones is ListZones.
func listZones(ctx context.Context, c *unmetered.Client) ([]libdns.Zone, error) {
	zones, err := serviceZones(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("unmetereddns: listing the DNS zones: %w", err)
	}
	doms, err := c.Domains.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("unmetereddns: listing the domains: %w", err)
	}
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if n = zoneKey(n); n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, z := range zones {
		add(z.Name)
	}
	for _, d := range doms {
		if d.Status == unmetered.DomainActive {
			add(d.Name)
		}
	}
	sort.Strings(names)
	out := make([]libdns.Zone, len(names))
	for i, n := range names {
		out[i] = libdns.Zone{Name: n + "."}
	}
	return out, nil
}

// ZoneFor returns the zone that holds the domain name name, as libdns passes zones (fully
// qualified with the trailing dot: "example.com."), and name relative to it, as libdns records
// take names ("_acme-challenge.www"; "@" for the zone itself). The zone is the longest suffix
// of name, at a label boundary, among the DNS-service zones (GET /dns) or, for a name none of
// them holds, among the Active domains (GET /domain): never an SOA lookup, which split-horizon
// DNS and zones not yet delegated break. The other methods find the zone of each record the
// same way. Names compare case-insensitively, with or without the trailing dot. When no zone
// holds the name the error wraps unmetered.ErrNotFound; an empty or malformed name wraps
// unmetered.ErrInvalidArgument, and nothing is sent.
//
//	zone, name, err := p.ZoneFor(ctx, "_acme-challenge.www.example.com.")
//	// zone "example.com.", name "_acme-challenge.www"
//	_, err = p.AppendRecords(ctx, zone, []libdns.Record{libdns.TXT{Name: name, Text: token}})
func (p *Provider) ZoneFor(ctx context.Context, name string) (zone, relative string, err error) {
	c, err := p.client()
	if err != nil {
		return "", "", err
	}
	// Check the name before sending anything: an overview without zones says what is wrong
	// with it, if anything.
	if _, _, err := (&unmetered.DNSOverview{}).ZoneFor(name); errors.Is(err, unmetered.ErrInvalidArgument) {
		return "", "", fmt.Errorf("unmetereddns: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return "", "", err
	}
	zones, err := serviceZones(ctx, c)
	if err != nil {
		return "", "", fmt.Errorf("unmetereddns: listing the DNS zones: %w", err)
	}
	if z, rel, err := (&unmetered.DNSOverview{Zones: zones}).ZoneFor(name); err == nil {
		return zoneKey(z.Name) + ".", rel, nil
	}
	doms, err := c.Domains.List(ctx)
	if err != nil {
		return "", "", fmt.Errorf("unmetereddns: listing the domains: %w", err)
	}
	found, rel, err := activeDomains(doms).ZoneFor(name)
	if err != nil {
		return "", "", fmt.Errorf("unmetereddns: %w", err)
	}
	return zoneKey(found.Name) + ".", rel, nil
}

// locks serialises the calls that change a zone, per zone name, across all Providers of the
// process: read, compare and write happen under the zone's lock, so that concurrent calls all
// take effect and the registrar's shifting indexes are never raced by the provider itself.
var locks = zoneLocks{m: map[string]*zoneLock{}}

type zoneLocks struct {
	mu sync.Mutex
	m  map[string]*zoneLock
}

// zoneLock is a lock that a waiter can give up on: a one-slot channel. refs counts holders and
// waiters, so that an unused entry leaves the map.
type zoneLock struct {
	ch   chan struct{}
	refs int
}

// acquire takes the lock of key, or returns ctx's error if ctx ends first.
func (l *zoneLocks) acquire(ctx context.Context, key string) (unlock func(), err error) {
	l.mu.Lock()
	zl := l.m[key]
	if zl == nil {
		zl = &zoneLock{ch: make(chan struct{}, 1)}
		l.m[key] = zl
	}
	zl.refs++
	l.mu.Unlock()
	release := func() {
		l.mu.Lock()
		if zl.refs--; zl.refs == 0 {
			delete(l.m, key)
		}
		l.mu.Unlock()
	}
	select {
	case zl.ch <- struct{}{}:
		return func() { <-zl.ch; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}

// lock takes the zone's lock for a change.
func (z *zoneHandle) lock(ctx context.Context) (func(), error) {
	unlock, err := locks.acquire(ctx, z.name)
	if err != nil {
		return nil, z.errorf("waiting for the zone's other changes: %w", err)
	}
	return unlock, nil
}
