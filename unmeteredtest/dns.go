package unmeteredtest

import (
	"sort"
	"strconv"
	"strings"
)

// dnsRoutes are the DNS endpoints: zones of DNS hosting services and their records. They answer
// as the real server was recorded to (traffic of a HostBill DNS API, 2023); see the package
// documentation for the shapes.
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
	Name    string // lower case, without a trailing dot
	Records map[int]*zoneRecord
	nextKey int
}

// zoneRecord is a record as the server stores it: the owner name absolute without the trailing
// dot, targets without the trailing dot, TXT content in double quotes.
type zoneRecord struct {
	ID       int64
	Name     string
	Type     string
	TTL      int64
	Priority int64
	Content  []string
	IsList   bool // content is an array (SOA, SRV)
}

func (z *zone) id() int64 { return z.ID }

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

// soa returns the zone's SOA record, or nil.
func (z *zone) soa() *zoneRecord {
	for _, r := range z.Records {
		if r.Type == "SOA" {
			return r
		}
	}
	return nil
}

// bumpSerial moves the SOA serial on after a change, as the real server does: to today's
// YYYYMMDD01, or one past the current serial if that is already today's or later.
func (z *zone) bumpSerial(today string) {
	soa := z.soa()
	if soa == nil || len(soa.Content) < 3 {
		return
	}
	cur, _ := strconv.ParseInt(soa.Content[2], 10, 64)
	base, _ := strconv.ParseInt(strings.ReplaceAll(today, "-", "")+"01", 10, 64)
	next := max(cur+1, base)
	soa.Content = append([]string(nil), soa.Content...) // replies may share the old slice
	soa.Content[2] = strconv.FormatInt(next, 10)
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
			return invalidMethod()
		}
		return h(c, s)
	})
}

// invalidMethod is the 200 {"error": ["invalid method"]} the portal answers where it offers no
// such call.
func invalidMethod() reply { return ok(obj{"error": []string{"invalid method"}}) }

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

// listAllZones is GET /dns, the call every real client uses to find zones:
// {"service_ids": ["10"], "zones": [{"domain_id", "name", "service_id"}]}, all ids strings.
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

// listServiceZones is GET /service/@id/dns. The recorded server answers it
// {"error": ["invalid method"]} even for a DNS service whose zones exist, as does the reference.
func listServiceZones(*call, *service) reply { return invalidMethod() }

// render shows a record as GET lists it: every scalar a string, "prio" repeating the priority,
// "domain_id" and "change_date" as PHP sends them, SOA and SRV content as arrays of strings.
func (r *zoneRecord) render(zoneID int64) obj {
	ttl, prio := strconv.FormatInt(r.TTL, 10), strconv.FormatInt(r.Priority, 10)
	var content any = strings.Join(r.Content, " ")
	if r.IsList {
		content = append([]string{}, r.Content...)
	}
	return obj{
		"id": idString(r.ID), "domain_id": idString(zoneID), "name": r.Name, "type": r.Type, "content": content,
		"ttl": ttl, "prio": prio, "change_date": "0", "priority": prio,
	}
}

func getZone(c *call, z *zone) reply {
	keys := z.keys()
	var records any
	if len(keys) == 0 || keys[len(keys)-1] == len(keys)-1 { // keys 0..n-1: PHP sends a list
		list := []obj{}
		for _, k := range keys {
			list = append(list, z.Records[k].render(z.ID))
		}
		records = list
	} else {
		m := obj{}
		for _, k := range keys {
			m[strconv.Itoa(k)] = z.Records[k].render(z.ID)
		}
		records = m
	}
	return ok(obj{"service_id": idString(z.Service.ID), "name": z.Name, "records": records})
}

// newZoneRecords are the records a new zone starts with: its SOA and NS records.
// serial is the SOA serial, e.g. "2017010501".
func (st *state) newZoneRecords(z *zone, serial string) {
	z.add(&zoneRecord{ID: next(&st.lastRecord), Name: z.Name, Type: "SOA", TTL: 3600, IsList: true, Content: []string{
		defaultNameservers[0], "hostmaster." + z.Name, serial, "10800", "3600", "604800", "3600",
	}})
	for _, ns := range defaultNameservers {
		z.add(&zoneRecord{ID: next(&st.lastRecord), Name: z.Name, Type: "NS", TTL: 3600, Content: []string{ns}})
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

// createZoneRecord is POST .../records. As recorded, the answer echoes the record without its
// id, with the name and content as sent and numeric ttl and priority; the id appears only in
// the zone's listing.
func createZoneRecord(c *call, z *zone) reply {
	r := &zoneRecord{TTL: 3600}
	if errs := parseZoneRecord(c.in, z, r, false); errs != nil {
		return invalid(errs...)
	}
	if problem := z.cnameConflict(r, -1); problem != "" {
		return invalid(problem)
	}
	r.ID = next(&c.st.lastRecord)
	z.add(r)
	z.bumpSerial(c.st.today())
	echo := obj{"name": c.in.str("name"), "type": r.Type, "ttl": r.TTL, "priority": r.Priority, "content": c.in["content"]}
	return ok(obj{"success": true, "record": echo, "info": [][]string{{"dnsnewrecordadded", r.Type}}})
}

// cnameConflict enforces RFC 1034 section 3.6.2 as DNS servers that check it do (PowerDNS,
// HostBill's DNS modules): a CNAME is the only record at its name. It returns the problem
// with r, written at position key (-1 for a new record), beside the zone's other records,
// or "". Every apex holds the SOA, so a CNAME there is refused too.
func (z *zone) cnameConflict(r *zoneRecord, key int) string {
	for k, o := range z.Records {
		if k == key || o.Name != r.Name {
			continue
		}
		switch {
		case r.Type == "CNAME":
			return r.Name + " already has other records: a CNAME must be the only record at its name (RFC 1034 section 3.6.2)"
		case o.Type == "CNAME":
			return r.Name + " has a CNAME record: no other record can be added at its name (RFC 1034 section 3.6.2)"
		}
	}
	return ""
}

// editFailed is the recorded answer to an edit the server refuses: 200 with "success": false.
func editFailed() reply {
	return ok(obj{"success": false, "error": []string{"An error occurred while editing the DNS record"}})
}

// updateZoneRecord is PUT .../records/@record_id: fields left out keep their values. The answer
// is {"success": true, "record": {"id": "...", ...}, "info": ["dnsrecordupdated"]}, the record
// echoed as sent (with numeric ttl and priority); a refused edit is editFailed.
func updateZoneRecord(c *call, z *zone, key int) reply {
	r := *z.Records[key]
	r.Content = append([]string(nil), r.Content...)
	if r.Type == "SOA" {
		return editFailed()
	}
	if errs := parseZoneRecord(c.in, z, &r, true); errs != nil {
		return editFailed()
	}
	if z.cnameConflict(&r, key) != "" {
		return editFailed()
	}
	z.Records[key] = &r
	z.bumpSerial(c.st.today())
	echo := obj{"id": idString(r.ID), "name": r.Name, "type": r.Type, "ttl": r.TTL, "priority": r.Priority}
	if c.in.has("name") {
		echo["name"] = c.in.str("name")
	}
	if c.in.has("content") {
		echo["content"] = c.in["content"]
	} else {
		echo["content"] = r.render(z.ID)["content"]
	}
	return ok(obj{"success": true, "record": echo, "info": []string{"dnsrecordupdated"}})
}

func deleteZoneRecord(c *call, z *zone, key int) reply {
	if z.Records[key].Type == "SOA" {
		return invalid("The SOA record cannot be deleted")
	}
	delete(z.Records, key)
	z.bumpSerial(c.st.today())
	return ok(obj{"success": true})
}
