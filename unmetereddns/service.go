package unmetereddns

import (
	"context"
	"errors"

	"github.com/unmetered/unmetered-go"
)

// DNS-service zones: records with stable ids, through the SDK's DNS service.

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

// serviceCreate creates the records with DNS.CreateRecords: one request each, then one read
// for their ids. The creations are what count: if only the read back fails (a
// *unmetered.RecordLookupError), the records exist and are returned as sent, without ids.
func (z *zoneHandle) serviceCreate(ctx context.Context, recs []record) ([]record, error) {
	reqs := make([]unmetered.RecordRequest, len(recs))
	for i, r := range recs {
		reqs[i] = r.request()
	}
	stored, err := z.c.DNS.CreateRecords(ctx, z.svc, reqs)
	out := make([]record, 0, len(recs))
	for _, zr := range stored {
		out = append(out, fromZoneRecord(zr))
	}
	lookup, err := splitLookupError(err)
	if lookup != nil {
		for _, c := range lookup.Records {
			out = append(out, record{Name: c.Name, Type: string(c.Type), TTL: c.TTL, Priority: c.Priority, Content: c.Content})
		}
	}
	if err != nil {
		if len(recs) == 1 {
			return out, z.recordErr("creating", recs[0], err)
		}
		return out, z.errorf("creating records: %w", err)
	}
	return out, nil
}

// splitLookupError separates CreateRecords' *unmetered.RecordLookupError (the records were
// created, only reading them back failed) from the rest of err.
func splitLookupError(err error) (*unmetered.RecordLookupError, error) {
	if le, ok := err.(*unmetered.RecordLookupError); ok {
		return le, nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return nil, err
	}
	var lookup *unmetered.RecordLookupError
	var rest []error
	for _, e := range joined.Unwrap() {
		if le, ok := e.(*unmetered.RecordLookupError); ok && lookup == nil {
			lookup = le
			continue
		}
		rest = append(rest, e)
	}
	return lookup, errors.Join(rest...)
}

func (z *zoneHandle) serviceUpdate(ctx context.Context, u update) (record, error) {
	zr, err := z.c.DNS.UpdateRecord(ctx, z.svc, u.old.id, u.new.request())
	if err != nil {
		return record{}, err
	}
	return fromZoneRecord(*zr), nil
}

// serviceDelete deletes the record by its id. A record already gone (404) was not deleted by
// this call, and is no error: the zone is as asked.
func (z *zoneHandle) serviceDelete(ctx context.Context, r record) (bool, error) {
	err := z.c.DNS.DeleteRecord(ctx, z.svc, r.id)
	if isNotFound(err) {
		return false, nil
	}
	return err == nil, err
}
