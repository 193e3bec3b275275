package unmeteredtest

import (
	"encoding/json"
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// dnsRoutes are the DNS endpoints: zones of DNS hosting services and their records.
var dnsRoutes = []*route{
	{method: "GET", pattern: "/dns", h: listAllZones},
	{method: "POST", pattern: "/service/@service_id/dns", h: withDNSService(createZone)},
	{method: "GET", pattern: "/service/@service_id/dns", h: withDNSService(listServiceZones)},
	{method: "GET", pattern: "/service/@service_id/dns/@zone_id", h: withZone(getZone)},
	{method: "DELETE", pattern: "/service/@service_id/dns/@zone_id", h: withZone(deleteZone)},
	{method: "POST", pattern: "/service/@service_id/dns/@zone_id/records", h: withZone(createZoneRecord)},
	{method: "PUT", pattern: "/service/@service_id/dns/@zone_id/records/@record_id", h: withZoneRecord(updateZoneRecord)},
	{method: "DELETE", pattern: "/service/@service_id/dns/@zone_id/records/@record_id", h: withZoneRecord(deleteZoneRecord)},
}

// zone is a DNS zone of a DNS hosting service. Its records sit in a PHP-style array: keys are
// never renumbered, so deleting a record leaves a gap and the zone is then sent as an object
// keyed by number.
type zone struct {
	ID      int64 // the zone's "domain_id"
	Service *service
	Name    string
	Records map[int]*zoneRecord
	nextKey int
}

type zoneRecord struct {
	ID       int64
	Name     string
	Type     string
	TTL      int64
	Priority int64
	Content  []string
	IsList   bool // content is an array (SOA, SRV)
}

func (z *zone) id() int64       { return z.ID }
func (r *zoneRecord) id() int64 { return r.ID }

func (z *zone) add(r *zoneRecord) {
	z.Records[z.nextKey] = r
	z.nextKey++
}

func (z *zone) keys() []int {
	keys := make([]int, 0, len(z.Records))
	for k := range z.Records {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}

func (z *zone) summary() obj {
	return obj{"domain_id": idString(z.ID), "name": z.Name, "service_id": idString(z.Service.ID)}
}

func (s *service) isDNS() bool { return s.Product.Kind == "dns" }

// withDNSService finds the service of "@service_id"; a service without DNS hosting answers
// 200 with {"error": ["invalid method"]}, as the reference shows.
func withDNSService(h func(*call, *service) reply) handler {
	return with("service_id", "Service", func(st *state) []*service { return st.services }, func(c *call, s *service) reply {
		if !s.isDNS() {
			return ok(obj{"error": []string{"invalid method"}})
		}
		return h(c, s)
	})
}

// withZone finds the zone of "@zone_id" under the service of "@service_id".
func withZone(h func(*call, *zone) reply) handler {
	return withDNSService(func(c *call, s *service) reply {
		id, _ := parseID(c.params["zone_id"])
		if z, found := find(c.st.zones, id); found && z.Service == s {
			return h(c, z)
		}
		return notFound("DNS zone")
	})
}

// withZoneRecord finds the record of "@record_id" in the zone.
func withZoneRecord(h func(*call, *zone, int) reply) handler {
	return withZone(func(c *call, z *zone) reply {
		id, _ := parseID(c.params["record_id"])
		for k, r := range z.Records {
			if r.ID == id {
				return h(c, z, k)
			}
		}
		return notFound("DNS record")
	})
}

func listAllZones(c *call) reply {
	ids, zones := []string{}, []obj{}
	for _, s := range c.st.services {
		if s.isDNS() {
			ids = append(ids, idString(s.ID))
		}
	}
	for _, z := range c.st.zones {
		zones = append(zones, z.summary())
	}
	return ok(obj{"service_ids": ids, "zones": zones})
}

func listServiceZones(c *call, s *service) reply {
	zones := []obj{}
	for _, z := range c.st.zones {
		if z.Service == s {
			zones = append(zones, z.summary())
		}
	}
	return ok(obj{"service_id": idString(s.ID), "zones": zones})
}

// render shows a record as GET shows it (ttl and priority as strings) or, with numbers, as the
// POST and PUT responses do.
func (r *zoneRecord) render(numbers bool) obj {
	ttl, prio := any(strconv.FormatInt(r.TTL, 10)), any(strconv.FormatInt(r.Priority, 10))
	if numbers {
		ttl, prio = r.TTL, r.Priority
	}
	var content any = strings.Join(r.Content, " ")
	if r.IsList {
		parts := make([]any, len(r.Content))
		for i, p := range r.Content {
			parts[i] = p
			if _, err := strconv.ParseInt(p, 10, 64); err == nil && numbers && r.Type != "SOA" {
				parts[i] = json.Number(p)
			}
		}
		content = parts
	}
	return obj{"id": idString(r.ID), "name": r.Name, "type": r.Type, "ttl": ttl, "priority": prio, "prio": prio, "content": content}
}

func getZone(c *call, z *zone) reply {
	keys := z.keys()
	var records any
	if len(keys) == 0 || keys[len(keys)-1] == len(keys)-1 { // keys 0..n-1: PHP sends a list
		list := []obj{}
		for _, k := range keys {
			list = append(list, z.Records[k].render(false))
		}
		records = list
	} else {
		m := obj{}
		for _, k := range keys {
			m[strconv.Itoa(k)] = z.Records[k].render(false)
		}
		records = m
	}
	return ok(obj{"service_id": z.Service.ID, "name": z.Name, "records": records})
}

// newZoneRecords are the records a new zone starts with.
// serial is the SOA serial, e.g. "2017010501".
func (st *state) newZoneRecords(z *zone, serial string) {
	z.add(&zoneRecord{ID: next(&st.lastRecord), Name: z.Name + ".", Type: "SOA", TTL: 3600, IsList: true, Content: []string{
		"ns1.unmetered.management.", "hostmaster." + z.Name + ".", serial,
		"10800", "3600", "604800", "3600",
	}})
	for _, ns := range defaultNameservers {
		z.add(&zoneRecord{ID: next(&st.lastRecord), Name: z.Name + ".", Type: "NS", TTL: 3600, Content: []string{ns + "."}})
	}
}

func createZone(c *call, s *service) reply {
	name := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(c.in.str("name")), "."))
	if !validHost(name) {
		return invalid("name must be a domain name")
	}
	for _, z := range c.st.zones {
		if z.Name == name {
			return invalid("Domain zone " + name + " already exists")
		}
	}
	z := &zone{ID: next(&c.st.lastZone), Service: s, Name: name, Records: map[int]*zoneRecord{}}
	c.st.newZoneRecords(z, strings.ReplaceAll(c.st.today(), "-", "")+"01")
	c.st.zones = append(c.st.zones, z)
	return info("Domain zone " + name + " was created successfully.")
}

func deleteZone(c *call, z *zone) reply {
	c.st.zones = remove(c.st.zones, z.ID)
	return info("Domain zone " + z.Name + " was deleted successfully.")
}

var zoneRecordTypes = []string{"A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "CAA", "PTR"}

// parseZoneRecord reads a record from the request into r (a copy of the record being updated,
// or a new one); with partial, missing fields keep r's values.
func parseZoneRecord(in input, r *zoneRecord, partial bool) []string {
	var errs []string
	if in.has("name") || !partial {
		r.Name = strings.TrimSpace(in.str("name"))
		if r.Name == "" {
			errs = append(errs, "name is required")
		}
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
	return append(errs, checkZoneContent(r)...)
}

// checkZoneContent checks a record's content against its type.
func checkZoneContent(r *zoneRecord) []string {
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
		if !validHost(text) {
			return []string{"A " + r.Type + " record's content must be a host name"}
		}
	case "SRV":
		if len(r.Content) != 3 || !validHost(r.Content[2]) {
			return []string{"An SRV record's content is weight, port and target"}
		}
		for _, n := range r.Content[:2] {
			if v, err := strconv.Atoi(n); err != nil || v < 0 || v > 65535 {
				return []string{"An SRV record's weight and port must be integers from 0 to 65535"}
			}
		}
	}
	return nil
}

func createZoneRecord(c *call, z *zone) reply {
	r := &zoneRecord{TTL: 3600}
	if errs := parseZoneRecord(c.in, r, false); errs != nil {
		return invalid(errs...)
	}
	r.ID = next(&c.st.lastRecord)
	z.add(r)
	return ok(obj{"record": r.render(true), "info": [][]string{{"dnsnewrecordadded", r.Type}}})
}

func updateZoneRecord(c *call, z *zone, key int) reply {
	r := *z.Records[key]
	r.Content = append([]string(nil), r.Content...)
	if r.Type == "SOA" {
		return invalid("The SOA record cannot be changed")
	}
	if errs := parseZoneRecord(c.in, &r, true); errs != nil {
		return invalid(errs...)
	}
	z.Records[key] = &r
	return ok(obj{"success": true, "record": r.render(true), "info": []string{"dnsrecordupdated"}})
}

func deleteZoneRecord(c *call, z *zone, key int) reply {
	if z.Records[key].Type == "SOA" {
		return invalid("The SOA record cannot be deleted")
	}
	delete(z.Records, key)
	return ok(obj{"success": true})
}
