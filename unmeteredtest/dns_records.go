package unmeteredtest

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/unmetered/unmetered-go/internal/charstring"
)

// How the fake stores what a client sends for a zone record: the forms of the recorded real
// server (owner names absolute without the trailing dot, targets without the trailing dot, TXT
// content quoted), and its checks.

var zoneRecordTypes = []string{"A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "CAA", "PTR"}

// parseZoneRecord reads a record from the request into r (a copy of the record being updated,
// or a new one); with partial, missing fields keep r's values.
func parseZoneRecord(in input, z *zone, r *zoneRecord, partial bool) []string {
	var errs []string
	if in.has("name") || !partial {
		name, err := z.ownerName(in.str("name"))
		if err != "" {
			errs = append(errs, err)
		}
		r.Name = name
	}
	if in.has("type") || !partial {
		r.Type = strings.ToUpper(strings.TrimSpace(in.str("type")))
	}
	if unknown([]string{r.Type}, zoneRecordTypes) != "" {
		errs = append(errs, "type must be one of "+strings.Join(zoneRecordTypes, ", "))
	}
	for _, f := range []struct {
		key string
		dst *int64
		min int64
	}{{"ttl", &r.TTL, 1}, {"priority", &r.Priority, 0}} {
		if n, present, valid := in.num(f.key); !valid || present && n < f.min {
			errs = append(errs, f.key+" must be an integer of at least "+strconv.FormatInt(f.min, 10))
		} else if present {
			*f.dst = n
		}
	}
	if in.has("content") || !partial {
		parts, isList := in.strs("content")
		_, isArray := in["content"].([]any)
		r.Content, r.IsList = parts, isArray
		if !isList {
			errs = append(errs, "content must be a string or a list of strings")
		}
	}
	if r.Type == "SRV" && !r.IsList && len(r.Content) == 1 { // "weight port target"
		r.Content, r.IsList = strings.Fields(r.Content[0]), true
	}
	if errs != nil {
		return errs
	}
	return storeZoneContent(r)
}

// ownerName turns a name as a client sends it into the stored form: absolute, lower case,
// without the trailing dot. "@" is the apex; a name that is the zone's or ends in it (with or
// without a trailing dot) is taken as absolute, anything else as relative to the zone. A
// non-empty second result is the problem.
func (z *zone) ownerName(name string) (string, string) {
	n := strings.ToLower(strings.TrimSpace(name))
	absolute := strings.HasSuffix(n, ".")
	n = strings.TrimSuffix(n, ".")
	switch {
	case n == "":
		return "", "name is required"
	case n == "@":
		return z.Name, ""
	case n == z.Name || strings.HasSuffix(n, "."+z.Name):
	case absolute:
		return "", "name " + name + " is not in the zone " + z.Name
	default:
		n += "." + z.Name
	}
	if !validOwner(n) {
		return "", "name " + name + " is not a valid owner name"
	}
	return n, ""
}

// validOwner accepts a host name whose labels may also start with "_" and whose first label may
// be "*".
func validOwner(s string) bool {
	return validHost(strings.TrimPrefix(s, "*."))
}

// storeZoneContent checks a record's content against its type and puts it in the stored form.
func storeZoneContent(r *zoneRecord) []string {
	text := strings.Join(r.Content, " ")
	if strings.TrimSpace(text) == "" {
		return []string{"content is required"}
	}
	if r.IsList != (r.Type == "SRV") {
		return []string{"content is a list for SRV records only: weight, port and target"}
	}
	addr, err := netip.ParseAddr(text)
	switch r.Type {
	case "A":
		if err != nil || !addr.Is4() {
			return []string{"An A record's content must be an IPv4 address"}
		}
	case "AAAA":
		if err != nil || !addr.Is6() {
			return []string{"An AAAA record's content must be an IPv6 address"}
		}
	case "CNAME", "MX", "NS", "PTR":
		target, ok := storedTarget(text)
		if !ok {
			return []string{"A " + r.Type + " record's content must be a host name"}
		}
		r.Content = []string{target}
	case "SRV":
		if len(r.Content) != 3 {
			return []string{"An SRV record's content is weight, port and target"}
		}
		for _, n := range r.Content[:2] {
			if v, err := strconv.Atoi(n); err != nil || v < 0 || v > 65535 {
				return []string{"An SRV record's weight and port must be integers from 0 to 65535"}
			}
		}
		target, ok := storedTarget(r.Content[2])
		if !ok {
			return []string{"An SRV record's content is weight, port and target"}
		}
		r.Content[2] = target
	case "TXT":
		stored, problem := storedTXT(text)
		if problem != "" {
			return []string{problem}
		}
		r.Content = []string{stored}
	}
	return nil
}

// storedTarget is a target host name without its trailing dot, as the server lists targets;
// "." (no target) stays.
func storedTarget(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "." {
		return s, true
	}
	s = strings.TrimSuffix(s, ".")
	return s, validHost(s)
}

// maxCharString is the longest character-string DNS can carry (RFC 1035 section 3.3).
const maxCharString = 255

// storedTXT is TXT content as the server stores and lists it: inside double quotes. Content
// already in quotes (RFC 1035 character-strings, as for values over 255 bytes) is stored as
// sent; other content is put in quotes, its quotes and backslashes escaped. A character-string
// over 255 bytes, which DNS cannot carry, is refused.
func storedTXT(s string) (string, string) {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, `"`) {
		strs, ok := charstring.Parse(t)
		if !ok {
			return "", "TXT content has an unterminated quoted string or a bad escape"
		}
		for _, cs := range strs {
			if len(cs) > maxCharString {
				return "", "TXT character-strings are limited to 255 bytes: split longer values into quoted strings"
			}
		}
		return t, ""
	}
	if len(s) > maxCharString {
		return "", "TXT character-strings are limited to 255 bytes: split longer values into quoted strings"
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`, ""
}
