package main

import (
	"fmt"
	"strconv"
	"strings"

	unmetered "github.com/unmetered/unmetered-go"
)

// Between the SDK's canonical records (unmetered.ZoneRecord) and external-dns's endpoints.
//
// external-dns writes a target as its own sources produce it: host names without the trailing
// dot (endpoint.NewEndpoint trims it), an MX as "preference host", an SRV as "priority weight
// port host", TXT as the text itself (its TXT registry's ownership records in double quotes:
// "\"heritage=external-dns,...\""). /records answers in that form, so that a record
// external-dns wrote reads back equal to what it wants and no loop plans an update; TXT text
// is stored and listed exactly as sent, quotes and all.

// managedTypes are the record types the webhook lists and writes: those the portal hosts that
// external-dns knows. The SOA is the server's; CAA is no external-dns type.
var managedTypes = map[unmetered.RecordType]bool{
	unmetered.RecordTypeA: true, unmetered.RecordTypeAAAA: true, unmetered.RecordTypeCNAME: true,
	unmetered.RecordTypeTXT: true, unmetered.RecordTypeMX: true, unmetered.RecordTypeSRV: true,
	unmetered.RecordTypeNS: true, unmetered.RecordTypePTR: true,
}

// recordType is an endpoint's record type as the SDK names it, and whether the webhook manages
// it.
func recordType(t string) (unmetered.RecordType, bool) {
	rt := unmetered.RecordType(strings.ToUpper(strings.TrimSpace(t)))
	return rt, managedTypes[rt]
}

// targetOf is a canonical record's value as an external-dns target.
func targetOf(r unmetered.ZoneRecord) string {
	switch r.Type {
	case unmetered.RecordTypeCNAME, unmetered.RecordTypeNS, unmetered.RecordTypePTR:
		return trimDot(r.Content)
	case unmetered.RecordTypeMX:
		return strconv.FormatInt(r.Priority, 10) + " " + trimDot(r.Content)
	case unmetered.RecordTypeSRV:
		f := strings.Fields(r.Content) // weight port target.
		if len(f) == 3 {
			f[2] = trimDot(f[2])
		}
		return strconv.FormatInt(r.Priority, 10) + " " + strings.Join(f, " ")
	}
	return r.Content
}

// trimDot drops a host name's trailing dot, as external-dns writes host names; the root "."
// (a null MX or SRV target) stays.
func trimDot(host string) string {
	if host == "." {
		return host
	}
	return strings.TrimSuffix(host, ".")
}

// valueOf reads an external-dns target of type t as a record's priority and content, in the
// forms unmetered.RecordRequest takes: MX "10 mail.example.com" is priority 10 and content
// mail.example.com, SRV "1 50 5060 sip.example.com" priority 1 and content
// "50 5060 sip.example.com"; any other target is the content as it is.
func valueOf(t unmetered.RecordType, target string) (priority int64, content string, err error) {
	var want int
	switch t {
	case unmetered.RecordTypeMX:
		want = 2
	case unmetered.RecordTypeSRV:
		want = 4
	default:
		return 0, target, nil
	}
	f := strings.Fields(target)
	if len(f) != want {
		form := map[unmetered.RecordType]string{unmetered.RecordTypeMX: `"preference host"`, unmetered.RecordTypeSRV: `"priority weight port host"`}[t]
		return 0, "", fmt.Errorf("%s target %q is not %s", t, target, form)
	}
	p, err := strconv.ParseUint(f[0], 10, 16)
	if err != nil {
		return 0, "", fmt.Errorf("%s target %q: %q is not a number from 0 to 65535", t, target, f[0])
	}
	return int64(p), strings.Join(f[1:], " "), nil
}

// request is the record an endpoint's target asks for, at name (relative to its zone), for
// ZoneEdit.Add.
func request(name string, t unmetered.RecordType, ttl int64, target string) (unmetered.RecordRequest, error) {
	p, c, err := valueOf(t, target)
	return unmetered.RecordRequest{Name: name, Type: t, TTL: ttl, Priority: p, Content: c}, err
}

// filters are the ZoneEdit.Remove filters that select an endpoint's target at name (relative
// to its zone): its value, whatever its TTL. A TXT target in double quotes ("\"text\"", as
// external-dns writes ownership records) also selects the same text stored without them, so
// that an ownership record that came into the zone unquoted (a zone file's "text" is the text
// without its quotes) is still found when external-dns deletes or updates it.
func filters(name string, t unmetered.RecordType, target string) ([]unmetered.RecordFilter, error) {
	p, c, err := valueOf(t, target)
	if err != nil {
		return nil, err
	}
	out := []unmetered.RecordFilter{{Name: name, Type: t, Priority: p, Content: c}}
	if inner, ok := quoted(c); ok && t == unmetered.RecordTypeTXT {
		out = append(out, unmetered.RecordFilter{Name: name, Type: t, Content: inner})
	}
	return out, nil
}

// quoted returns the text inside s when s is one double-quoted string without other quotes
// ("\"heritage=external-dns,...\"").
func quoted(s string) (string, bool) {
	if len(s) < 3 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	inner := s[1 : len(s)-1]
	return inner, !strings.ContainsAny(inner, `"\`)
}

// normalTarget is target as /records would list it once written: a value external-dns can
// compare with the listing. TXT stays as it is; an invalid target is an error that says why.
func normalTarget(t unmetered.RecordType, target string) (string, error) {
	if t == unmetered.RecordTypeTXT {
		if target == "" {
			return "", fmt.Errorf("an empty TXT target")
		}
		return target, nil
	}
	r, err := request("@", t, 0, target)
	if err != nil {
		return "", err
	}
	// The zone's name is immaterial: the name is its apex, and values do not depend on it.
	c, err := r.Canonical("adjust.invalid")
	if err != nil {
		return "", err
	}
	return targetOf(unmetered.ZoneRecord{Type: c.Type, Priority: c.Priority, Content: c.Content}), nil
}

// absolute is the DNS name of a record at name (relative, "@" for the apex) in zone.
func absolute(name, zone string) string {
	if name == "@" {
		return zone
	}
	return name + "." + zone
}
