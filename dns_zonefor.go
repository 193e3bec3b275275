package unmetered

import (
	"context"
	"fmt"
	"strings"
)

// ZoneFor returns the zone among the account's (GET /dns) that holds the domain name name,
// and name relative to that zone: for "_acme-challenge.www.example.com" in the zone
// example.com, that zone and "_acme-challenge.www" ("@" when name is the zone itself). It is
// how a program that has only a name (an ACME client, a Kubernetes controller) finds where
// its records go, without SOA lookups, which split-horizon DNS and unpublished zones break.
//
// The zone is the one whose name is the longest suffix of name at a label boundary
// (notexample.com is not in example.com), compared case-insensitively, with or without
// trailing dots. When no zone holds the name the error wraps ErrNotFound; an empty or
// malformed name is an error wrapping ErrInvalidArgument, before anything is sent.
func (s *DNSService) ZoneFor(ctx context.Context, name string) (*Zone, string, error) {
	if _, err := zoneForName(name); err != nil {
		return nil, "", err
	}
	ov, err := s.List(ctx)
	if err != nil {
		return nil, "", err
	}
	return ov.ZoneFor(name)
}

// ZoneFor is DNSService.ZoneFor on zones already listed: the zone of ov.Zones that holds
// name (the longest suffix at a label boundary), and name relative to it. Zones listed twice
// under one name (in two DNS services) resolve to the first.
func (ov *DNSOverview) ZoneFor(name string) (*Zone, string, error) {
	n, err := zoneForName(name)
	if err != nil {
		return nil, "", err
	}
	best := -1
	if ov != nil {
		for i, z := range ov.Zones {
			zn := zoneKey(z.Name)
			if zn == "" || n != zn && !strings.HasSuffix(n, "."+zn) {
				continue
			}
			if best < 0 || len(zn) > len(zoneKey(ov.Zones[best].Name)) {
				best = i
			}
		}
	}
	if best < 0 {
		return nil, "", fmt.Errorf("%w: the account has no DNS zone that holds %s: none has its name or a parent domain's", ErrNotFound, n)
	}
	z := ov.Zones[best]
	rel := strings.TrimSuffix(strings.TrimSuffix(n, zoneKey(z.Name)), ".")
	if rel == "" {
		rel = "@"
	}
	return &z, rel, nil
}

// zoneForName checks a name for ZoneFor and returns it as zones are compared: lower case,
// without the trailing dot.
func zoneForName(name string) (string, error) {
	n := zoneKey(name)
	if n == "" {
		return "", fmt.Errorf("%w: ZoneFor needs a domain name", ErrInvalidArgument)
	}
	if err := checkLabels(n, 253); err != nil {
		return "", fmt.Errorf("%w: ZoneFor: %q %s", ErrInvalidArgument, name, err)
	}
	return n, nil
}
