package unmetered

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/unmetered/unmetered-go/internal/charstring"
)

// The canonical record form (see ZoneRecord) in both directions: from a RecordRequest to the
// canonical form and on to the wire, and from what the server lists or echoes to the canonical
// form.

// zoneKey is a zone name as the SDK compares and stores it: lower case, no trailing dot.
func zoneKey(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}

// maxTTL is the largest TTL DNS allows (RFC 2181 section 8).
const maxTTL = 1<<31 - 1

// canonicalType is a record type as the SDK compares it: upper case, without spaces.
func canonicalType(t RecordType) RecordType {
	return RecordType(strings.ToUpper(strings.TrimSpace(string(t))))
}

// outOfRange says which of a record's (or a filter's) TTL and priority is outside what DNS
// allows, or "" when both are in range.
func outOfRange(ttl, priority int64) string {
	switch {
	case ttl < 0 || ttl > maxTTL:
		return fmt.Sprintf("TTL %d is not from 0 to %d seconds", ttl, maxTTL)
	case priority < 0 || priority > 65535:
		return fmt.Sprintf("Priority %d is not from 0 to 65535", priority)
	}
	return ""
}

// canonical checks r and returns it in canonical form for zone. op names the caller in errors.
func (r RecordRequest) canonical(op, zone string) (RecordRequest, error) {
	bad := func(format string, args ...any) (RecordRequest, error) {
		return RecordRequest{}, fmt.Errorf("%w: %s: %s", ErrInvalidArgument, op, fmt.Sprintf(format, args...))
	}
	z := zoneKey(zone)
	if z == "" {
		return bad("the zone has no name")
	}
	out := RecordRequest{Type: canonicalType(r.Type), TTL: r.TTL, Priority: r.Priority}
	if out.Type == "" {
		return bad("Type is required")
	}
	if msg := outOfRange(r.TTL, r.Priority); msg != "" {
		return bad("%s", msg)
	}
	name, err := requestName(z, r.Name)
	if err != nil {
		return bad("Name %q %s", r.Name, err)
	}
	out.Name = name
	if strings.TrimSpace(r.Content) == "" {
		return bad("Content is required")
	}
	if out.Content, err = requestContent(out.Type, r.Content); err != nil {
		return bad("Content %q: %s", r.Content, err)
	}
	return out, nil
}

// requestName is a request's owner name relative to zone z (a zoneKey), "@" for the apex.
func requestName(z, name string) (string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" || n == "@" || n == z+"." {
		return "@", nil
	}
	if abs, ok := strings.CutSuffix(n, "."); ok {
		rel, inZone := strings.CutSuffix(abs, "."+z)
		if !inZone {
			return "", fmt.Errorf("is not in the zone %s", z)
		}
		if rel == z || strings.HasSuffix(rel, "."+z) {
			// The relative form is the only one the portal takes, and it would read this one
			// as the shorter name: a record requested here would land elsewhere.
			return "", fmt.Errorf("cannot be sent: the portal takes names relative to the zone, and %q repeats the zone's name, "+
				"so the portal would not read it as %s. (a zone-file name that lacks its trailing dot?)", rel, abs)
		}
		n = rel
	} else if n == z || strings.HasSuffix(n, "."+z) {
		rel := strings.TrimSuffix(strings.TrimSuffix(n, z), ".")
		if rel == "" {
			rel = "@"
		}
		return "", fmt.Errorf("is relative to the zone %s, so it means %s.%s.: give %q, or the absolute %q", z, n, z, rel, n+".")
	}
	if err := checkLabels(n, 253-len(z)-1); err != nil {
		return "", err
	}
	return n, nil
}

// checkLabels checks a dotted name: no white space, no empty label, labels of at most 63
// bytes, at most most bytes in all.
func checkLabels(n string, most int) error {
	if len(n) > most {
		return fmt.Errorf("is longer than a DNS name can be")
	}
	if strings.ContainsAny(n, " \t\r\n") {
		return fmt.Errorf("contains white space")
	}
	for _, label := range strings.Split(n, ".") {
		if label == "" || len(label) > 63 {
			return fmt.Errorf("has an empty label or one over 63 bytes")
		}
	}
	return nil
}

// isTargetType reports whether the type's content is one host name.
func isTargetType(t RecordType) bool {
	switch t {
	case RecordTypeCNAME, RecordTypeNS, RecordTypePTR, RecordTypeMX:
		return true
	}
	return false
}

// requestContent is a request's content in canonical form for its type.
func requestContent(t RecordType, content string) (string, error) {
	switch {
	case t == RecordTypeTXT:
		return content, nil
	case t == RecordTypeA || t == RecordTypeAAAA:
		addr, err := netip.ParseAddr(strings.TrimSpace(content))
		if err != nil || t == RecordTypeA && !addr.Is4() || t == RecordTypeAAAA && !addr.Is6() {
			return "", fmt.Errorf("is not an %s address", map[RecordType]string{RecordTypeA: "IPv4", RecordTypeAAAA: "IPv6"}[t])
		}
		return addr.String(), nil
	case isTargetType(t):
		return requestTarget(content)
	case t == RecordTypeSRV:
		f := strings.Fields(content)
		if len(f) != 3 {
			return "", fmt.Errorf("is not \"weight port target\" (the priority goes in Priority)")
		}
		for i, n := range f[:2] {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 || v > 65535 {
				return "", fmt.Errorf("has a weight or port that is not from 0 to 65535")
			}
			f[i] = strconv.Itoa(v)
		}
		target, err := requestTarget(f[2])
		if err != nil {
			return "", err
		}
		return f[0] + " " + f[1] + " " + target, nil
	case t == RecordTypeSOA:
		f := strings.Fields(content)
		if len(f) != 7 {
			return "", fmt.Errorf("is not the SOA's seven fields")
		}
		for i := range 2 {
			target, err := requestTarget(f[i])
			if err != nil {
				return "", err
			}
			f[i] = target
		}
		return strings.Join(f, " "), nil
	}
	return strings.TrimSpace(content), nil
}

// requestTarget is a target host in canonical form: fully qualified with the trailing dot, in
// lower case. A trailing dot is optional: the server has no relative targets. "." (no target,
// as in a null MX or SRV) stays.
func requestTarget(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "." {
		return s, nil
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return "", fmt.Errorf("is not a host name")
	}
	if err := checkLabels(s, 253); err != nil {
		return "", err
	}
	return s + ".", nil
}

// wireName is a canonical owner name as the server takes it: relative, as the recorded client
// sent it, and for the apex the zone's own name, which is how the server lists the apex.
func wireName(z, name string) string {
	if name == "@" {
		return z
	}
	return name
}

// wireTarget is a canonical target as the server lists targets: without the trailing dot.
func wireTarget(s string) string {
	if s == "." {
		return s
	}
	return strings.TrimSuffix(s, ".")
}

// wireContent is canonical content as the server takes it: TXT text quoted only where it must
// be (see txtWire), targets without the trailing dot, SRV as [weight, port, target] with
// numbers, SOA as its seven strings.
func wireContent(t RecordType, content string) any {
	switch {
	case t == RecordTypeTXT:
		return txtWire(content)
	case isTargetType(t):
		return wireTarget(content)
	case t == RecordTypeSRV:
		f := strings.Fields(content)
		w, _ := strconv.Atoi(f[0])
		p, _ := strconv.Atoi(f[1])
		return []any{w, p, wireTarget(f[2])}
	case t == RecordTypeSOA:
		f := strings.Fields(content)
		f[0], f[1] = wireTarget(f[0]), wireTarget(f[1])
		return f
	}
	return content
}

// serverName is an owner name as the server lists it (absolute without the trailing dot; "@";
// relative in the reference's examples) in canonical form for zone z (a zoneKey).
func serverName(z, name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimSuffix(n, ".")
	switch {
	case n == "" || n == "@" || n == z:
		return "@"
	case z != "" && strings.HasSuffix(n, "."+z):
		return strings.TrimSuffix(n, "."+z)
	}
	return n
}

// serverTarget is a target as the server lists it (without the trailing dot) in canonical form.
func serverTarget(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "." {
		return s
	}
	return strings.TrimSuffix(s, ".") + "."
}

// serverContent is a record's content as the server lists or echoes it (a string, or an array
// for SOA and SRV) in canonical form for its type. Content the SDK cannot read as its type's
// form is kept as sent (trimmed), never dropped.
func serverContent(t RecordType, c looseContent, priority int64) string {
	parts := c.Parts()
	if t == RecordTypeTXT {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(charstring.Unquote(p))
		}
		return b.String()
	}
	text := strings.TrimSpace(c.String())
	f := strings.Fields(text)
	switch {
	case t == RecordTypeA || t == RecordTypeAAAA:
		if addr, err := netip.ParseAddr(text); err == nil {
			return addr.String()
		}
	case isTargetType(t) && len(f) == 1:
		return serverTarget(f[0])
	case t == RecordTypeSRV && (len(f) == 3 || len(f) == 4 && f[0] == strconv.FormatInt(priority, 10)):
		f = f[len(f)-3:] // without the priority, should the server include it
		return f[0] + " " + f[1] + " " + serverTarget(f[2])
	case t == RecordTypeSOA && len(f) == 7:
		f[0], f[1] = serverTarget(f[0]), serverTarget(f[1])
		return strings.Join(f, " ")
	}
	return text
}

// maxCharString is the most bytes an RFC 1035 character-string holds.
const maxCharString = 255

// txtWire is TXT text as the SDK sends it. Text the server can take as it is (1 to 255 bytes,
// no quote, backslash or control character, no leading or trailing space) is sent unchanged:
// the recorded client sent "challengetoken" and the server put it in quotes itself. Any other
// text is sent as RFC 1035 character-strings in presentation form: quoted, with quotes,
// backslashes and control characters escaped, split into strings of at most 255 bytes at
// character boundaries: "part one" "part two".
func txtWire(text string) string {
	if plainTXT(text) {
		return text
	}
	var b strings.Builder
	for first := true; first || text != ""; first = false {
		n := min(len(text), maxCharString)
		// Do not split a character: the JSON string must stay valid UTF-8.
		for k := n; n < len(text) && k > n-utf8.UTFMax && k > 0; k-- {
			if utf8.RuneStart(text[k]) {
				n = k
				break
			}
		}
		if !first {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		for i := 0; i < n; i++ {
			switch c := text[i]; {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c < 0x20 || c == 0x7f:
				fmt.Fprintf(&b, "\\%03d", c)
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte('"')
		text = text[n:]
	}
	return b.String()
}

// plainTXT reports whether text can be sent without quoting.
func plainTXT(text string) bool {
	if text == "" || len(text) > maxCharString || text[0] == ' ' || text[len(text)-1] == ' ' {
		return false
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c == '"' || c == '\\' || c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}
