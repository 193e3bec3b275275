package main

import (
	"fmt"
	"strings"
)

// domainFilter is DOMAIN_FILTER and EXCLUDE_DOMAIN_FILTER: the names this webhook manages.
// It matches as external-dns's own list filter does, so that both sides agree on every name:
// "example.com" matches example.com and every name below it, ".example.com" only the names
// below it; a name any exclusion matches is not managed. No inclusion means every name.
type domainFilter struct {
	include, exclude []string // lower case, no trailing dot; a leading dot kept
}

// parseDomainList reads a comma-separated list of domains (DOMAIN_FILTER's form): each one
// lower-cased, its trailing dot dropped, empty items skipped. A domain must be given in ASCII
// (an internationalised one in its xn-- form, as the portal lists zones).
func parseDomainList(s string) ([]string, error) {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		d := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(item), "."))
		if d == "" {
			continue
		}
		if err := checkDomain(strings.TrimPrefix(d, ".")); err != nil {
			return nil, fmt.Errorf("%q %v", strings.TrimSpace(item), err)
		}
		out = append(out, d)
	}
	return out, nil
}

// checkDomain checks a domain name of a filter: ASCII letters, digits, hyphens and
// underscores in labels of 1 to 63 bytes, 253 bytes in all.
func checkDomain(d string) error {
	if d == "" || len(d) > 253 {
		return fmt.Errorf("is not a domain name")
	}
	for label := range strings.SplitSeq(d, ".") {
		if label == "" || len(label) > 63 {
			return fmt.Errorf("is not a domain name: it has an empty label or one over 63 bytes")
		}
		for _, c := range label {
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			case c > 127:
				return fmt.Errorf("is not in ASCII: give an internationalised domain in its xn-- form")
			default:
				return fmt.Errorf("is not a domain name: %q is not allowed", c)
			}
		}
	}
	return nil
}

// matchList reports whether one of filters matches name, as external-dns's matchFilter does.
func matchList(filters []string, name string) bool {
	for _, f := range filters {
		if strings.HasPrefix(f, ".") && strings.HasSuffix(name, f) || name == f || strings.HasSuffix(name, "."+f) {
			return true
		}
	}
	return false
}

// normalName is a DNS name as the filter compares names: lower case, no trailing dot.
func normalName(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}

// match reports whether the webhook manages the DNS name name.
func (f domainFilter) match(name string) bool {
	n := normalName(name)
	if len(f.include) > 0 && !matchList(f.include, n) {
		return false
	}
	return !matchList(f.exclude, n)
}

// overlaps reports whether the zone named zone may hold a name the webhook manages: zones for
// which it does not are never read or written.
func (f domainFilter) overlaps(zone string) bool {
	z := normalName(zone)
	if matchList(f.exclude, z) {
		// Every name in the zone is the zone's own or below it, so an exclusion that matches
		// the zone's name matches them all (".example.com" leaves the apex example.com alone).
		return false
	}
	if len(f.include) == 0 {
		return true
	}
	for _, inc := range f.include {
		d := strings.TrimPrefix(inc, ".")
		// The zone lies within the included domain, or the included domain within the zone.
		if matchList([]string{inc}, z) || d == z || strings.HasSuffix(d, "."+z) {
			return true
		}
	}
	return false
}

// negotiation is the filter as GET / answers it.
func (f domainFilter) negotiation() DomainFilter {
	return DomainFilter{Include: f.include, Exclude: f.exclude}
}
