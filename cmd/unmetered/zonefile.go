package main

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/miekg/dns"

	unmetered "github.com/unmetered/unmetered-go"
)

// Zone files (RFC 1035 master files) for "dns export" and "dns apply". github.com/miekg/dns
// reads them (its ZoneParser handles $ORIGIN, $TTL, relative names, parentheses, comments and
// escapes as name servers do) and writes each record's data; this file only converts between
// its records and the SDK's canonical form. TXT text goes through the wire form, so that
// quoting, escaping and the 255-byte split are miekg/dns's own.

// apexName is the owner name of the zone apex in canonical form and in zone files.
const apexName = "@"

// portalTypes are the record types the portal's DNS hosting takes (the SOA is the server's).
var portalTypes = []unmetered.RecordType{
	unmetered.RecordTypeA, unmetered.RecordTypeAAAA, unmetered.RecordTypeCNAME, unmetered.RecordTypeMX,
	unmetered.RecordTypeTXT, unmetered.RecordTypeNS, unmetered.RecordTypeSRV, unmetered.RecordTypeCAA,
	unmetered.RecordTypePTR,
}

// fqdn returns a canonical owner name ("www", "@") as an absolute name in zone.
func fqdn(name, zone string) string {
	origin := dns.Fqdn(zone)
	if name == apexName || name == "" {
		return origin
	}
	return name + "." + origin
}

// recordRR returns a record in canonical form as a miekg/dns RR.
func recordRR(r unmetered.ZoneRecord, zone string) (dns.RR, error) {
	owner := fqdn(r.Name, zone)
	if r.Type == unmetered.RecordTypeTXT {
		var rdata []byte // character-strings of at most 255 bytes, as on the wire
		for s := r.Content; ; {
			n := min(len(s), 255)
			rdata = append(append(rdata, byte(n)), s[:n]...)
			if s = s[n:]; s == "" {
				break
			}
		}
		if len(rdata) > 65535 {
			return nil, fmt.Errorf("TXT text of %d bytes is too long", len(r.Content))
		}
		h := dns.RR_Header{Name: owner, Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: uint32(r.TTL), Rdlength: uint16(len(rdata))}
		rr, _, err := dns.UnpackRRWithHeader(h, rdata, 0)
		return rr, err
	}
	rdata := r.Content
	switch r.Type {
	case unmetered.RecordTypeMX, unmetered.RecordTypeSRV:
		rdata = strconv.FormatInt(r.Priority, 10) + " " + rdata
	}
	if strings.ContainsAny(rdata, ";\n\r") {
		return nil, fmt.Errorf("its data holds a character a zone file cannot carry here")
	}
	return dns.NewRR(fmt.Sprintf("%s %d IN %s %s", owner, r.TTL, r.Type, rdata))
}

// zoneLine writes a record as a zone-file line with the owner name relative to the zone:
// "www\t300\tIN\tA\t192.0.2.1". It fails when miekg/dns cannot write the record or would
// read the line back as another record: such a record has no faithful zone-file form.
func zoneLine(r unmetered.ZoneRecord, zone string) (string, error) {
	rr, err := recordRR(r, zone)
	if err != nil {
		return "", err
	}
	if r.Type != unmetered.RecordTypeSOA {
		back, soa, err := rrRequest(rr, zone)
		if err != nil {
			return "", err
		}
		if soa || back != r.Request() {
			return "", fmt.Errorf("it would read back as %s %s %q", back.Name, back.Type, back.Content)
		}
	}
	hdr := rr.Header().String()
	owner, _, _ := strings.Cut(hdr, "\t") // as miekg/dns escapes it
	origin := dns.Fqdn(zone)
	switch {
	case owner == origin:
		owner = apexName
	case strings.HasSuffix(owner, "."+origin):
		owner = strings.TrimSuffix(owner, "."+origin)
	}
	rdata := strings.TrimPrefix(rr.String(), hdr)
	return fmt.Sprintf("%s\t%d\tIN\t%s\t%s", owner, r.TTL, r.Type, rdata), nil
}

// rrRequest returns a record read from a zone file in the SDK's canonical form for zone. soa
// reports an SOA record, which the portal keeps and the file cannot change.
func rrRequest(rr dns.RR, zone string) (req unmetered.RecordRequest, soa bool, err error) {
	h := rr.Header()
	if h.Class != dns.ClassINET {
		return req, false, fmt.Errorf("class %s: the portal serves class IN only", dns.ClassToString[h.Class])
	}
	if written, short, ok := repeatsZone(h.Name, zone); ok {
		return req, false, fmt.Errorf("the name %s is relative to the zone, so it means %s: end it with a dot (%s.) or write it relative to the zone (%s)",
			written, strings.ToLower(h.Name), written, short)
	}
	typ := unmetered.RecordType(dns.TypeToString[h.Rrtype])
	req = unmetered.RecordRequest{Name: h.Name, Type: typ, TTL: int64(h.Ttl)}
	switch v := rr.(type) {
	case *dns.SOA:
		return req, true, nil
	case *dns.A:
		req.Content = v.A.String()
	case *dns.AAAA:
		req.Content = v.AAAA.String()
	case *dns.CNAME:
		req.Content = v.Target
	case *dns.NS:
		req.Content = v.Ns
	case *dns.PTR:
		req.Content = v.Ptr
	case *dns.MX:
		req.Priority, req.Content = int64(v.Preference), v.Mx
	case *dns.SRV:
		req.Priority, req.Content = int64(v.Priority), fmt.Sprintf("%d %d %s", v.Weight, v.Port, v.Target)
	case *dns.TXT:
		if req.Content, err = txtText(v); err != nil {
			return req, false, err
		}
	default:
		if !isPortalType(typ) {
			return req, false, fmt.Errorf("the portal's DNS hosting has no %s records (it takes %s)", typ, enumList(portalTypes))
		}
		req.Content = strings.TrimPrefix(rr.String(), h.String())
	}
	req, err = req.Canonical(zone)
	return req, false, err
}

// repeatsZone reports whether the owner name, absolute in zone, is the classic mistake of a
// zone file: a name meant to be absolute written without its trailing dot ("www.example.com"
// in the zone example.com, which means www.example.com.example.com.). written is the name as
// the file wrote it, short the same name relative to the zone ("www", or "@" for the apex).
// Such a record is refused, not sent: the portal takes owner names relative to the zone and
// would read "www.example.com" as www.example.com. itself, so the record the file says cannot
// be made (the SDK refuses it too), and the file almost surely means the shorter name.
func repeatsZone(owner, zone string) (written, short string, ok bool) {
	z := strings.ToLower(strings.TrimSuffix(zone, "."))
	written, inZone := strings.CutSuffix(strings.ToLower(owner), "."+z+".")
	if !inZone || z == "" {
		return "", "", false
	}
	if written == z {
		return written, apexName, true
	}
	if short, ok = strings.CutSuffix(written, "."+z); ok {
		return written, short, true
	}
	return "", "", false
}

func isPortalType(t unmetered.RecordType) bool {
	for _, p := range portalTypes {
		if t == p {
			return true
		}
	}
	return false
}

// txtText returns a TXT record's text: its character-strings, unescaped and joined, taken from
// the record's wire form.
func txtText(rr *dns.TXT) (string, error) {
	buf := make([]byte, dns.Len(rr)+1)
	end, err := dns.PackRR(rr, buf, 0, nil, false)
	if err != nil {
		return "", err
	}
	rdata := buf[end-int(rr.Hdr.Rdlength) : end]
	var b strings.Builder
	for len(rdata) > 0 {
		n := int(rdata[0])
		if 1+n > len(rdata) {
			return "", fmt.Errorf("malformed TXT data")
		}
		b.Write(rdata[1 : 1+n])
		rdata = rdata[1+n:]
	}
	return b.String(), nil
}

// sortRecords orders records for a zone file: the SOA, then by owner name (the apex first),
// type, priority and content, so that an export changes only where the zone changed.
func sortRecords(recs []unmetered.ZoneRecord) {
	rank := func(r unmetered.ZoneRecord) int {
		switch {
		case r.Type == unmetered.RecordTypeSOA:
			return 0
		case r.Name == apexName:
			return 1
		}
		return 2
	}
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		return a.Content < b.Content
	})
}

// writeZoneFile writes zone as an RFC 1035 zone file. Records without a faithful zone-file form
// become comments, and are returned with the reason.
func writeZoneFile(w io.Writer, zone *unmetered.Zone) (skipped []string, err error) {
	recs := append([]unmetered.ZoneRecord(nil), zone.Records...)
	sortRecords(recs)
	var b bytes.Buffer
	fmt.Fprintf(&b, "; Zone %s, DNS service %d, exported by unmetered.\n", zone.Name, zone.ServiceID)
	fmt.Fprintf(&b, "; 'unmetered dns apply %s FILE' brings the zone to this file; the SOA is the portal's.\n", zone.Name)
	fmt.Fprintf(&b, "$ORIGIN %s\n", dns.Fqdn(zone.Name))
	for _, r := range recs {
		line, lerr := zoneLine(r, zone.Name)
		if lerr != nil {
			msg := fmt.Sprintf("%s %s %q: %v", r.Name, r.Type, r.Content, lerr)
			skipped = append(skipped, msg)
			fmt.Fprintf(&b, "; not exported: %s\n", sanitize(msg))
			continue
		}
		fmt.Fprintln(&b, line)
	}
	_, err = w.Write(b.Bytes())
	return skipped, err
}

// zoneFile is a parsed zone file: the records it wants, in canonical form, without duplicates
// and without its SOA (the portal keeps the zone's).
type zoneFile struct {
	records []unmetered.RecordRequest
}

// parseZoneFile reads a zone file for zone with miekg/dns's ZoneParser: $ORIGIN defaults to the
// zone, $INCLUDE is refused (a file names only its own records). Every record must lie in the
// zone and be of a type the portal takes; an error names the file and, where miekg/dns knows
// it, the line. A file is refused when it makes more than maxZoneFileRecords records or more
// than maxZoneFileText bytes of names and data: one whose $GENERATE directives would before
// anything is expanded (see checkGenerate), any other when its parse reaches the bound.
func parseZoneFile(data []byte, zone, filename string) (*zoneFile, error) {
	return readZoneFile(data, zone, filename, zoneFileBounds{records: maxZoneFileRecords, text: maxZoneFileText})
}

func readZoneFile(data []byte, zone, filename string, most zoneFileBounds) (*zoneFile, error) {
	if err := checkGenerate(data, most); err != nil {
		return nil, fmt.Errorf("%s: %w", filename, err)
	}
	zp := dns.NewZoneParser(bytes.NewReader(data), dns.Fqdn(zone), filename)
	zp.SetIncludeAllowed(false)
	var zf zoneFile
	seen := map[unmetered.RecordRequest]bool{}
	var count, text int64
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if count++; count > most.records {
			return nil, fmt.Errorf("%s: more than the %d records a zone file may hold", filename, most.records)
		}
		req, soa, err := rrRequest(rr, zone)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", filename, strings.ReplaceAll(rr.String(), "\t", " "), err)
		}
		if soa {
			continue
		}
		// $GENERATE modifiers can make a record longer than its template (${0,255,d} is 10
		// bytes that write 255): checkGenerate's estimate is exact only here.
		if text += int64(len(req.Name) + len(req.Content)); text > most.text {
			return nil, fmt.Errorf("%s: its records hold more than the %d MiB of names and data a zone file may hold", filename, most.text>>20)
		}
		key := req
		key.TTL = 0 // the same record twice, whatever its TTL: a set holds it once
		if seen[key] {
			continue
		}
		seen[key] = true
		zf.records = append(zf.records, req)
	}
	if err := zp.Err(); err != nil {
		return nil, err
	}
	return &zf, nil
}
