package unmetereddns

import (
	"context"

	"github.com/unmetered/unmetered-go"
)

// DNS-service zones: records with stable ids, through the SDK's DNS service; their changes go
// through DNS.ApplyPlan (apply.go).

// fromZoneRecord is a record of a DNS-service zone (already canonical in the SDK) in the
// provider's form.
func fromZoneRecord(zr unmetered.ZoneRecord) record {
	r := record{id: zr.ID, Name: zr.Name, Type: string(zr.Type), TTL: zr.TTL, Priority: zr.Priority, Content: zr.Content}
	if !hasPriority(r.Type) {
		r.Priority = 0
	}
	if r.Type == "CAA" {
		r.Content = canonicalCAA(r.Content)
	}
	return r
}

// request is the record as the SDK sends it.
func (r record) request() unmetered.RecordRequest {
	return unmetered.RecordRequest{Name: r.Name, Type: unmetered.RecordType(r.Type), TTL: r.TTL, Priority: r.Priority, Content: r.Content}
}

func (z *zoneHandle) serviceList(ctx context.Context) ([]record, error) {
	full, err := z.c.DNS.Zone(ctx, z.svc.ServiceID, z.svc.ID)
	if err != nil {
		return nil, err
	}
	out := make([]record, len(full.Records))
	for i, zr := range full.Records {
		out[i] = fromZoneRecord(zr)
	}
	return out, nil
}
