package unmetereddns

import (
	"context"
	"errors"
	"sort"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go"
)

// Reading and writing a zone, whichever kind it is: the DNS service (service.go) or the
// registrar (registrar.go).

// list reads the zone's records in canonical form (one request).
func (z *zoneHandle) list(ctx context.Context) ([]record, error) {
	if z.registrar() {
		return z.registrarList(ctx)
	}
	return z.serviceList(ctx)
}

// create adds the records and returns them as stored (with their ids in a DNS-service zone),
// or those created before an error.
func (z *zoneHandle) create(ctx context.Context, recs []record) ([]record, error) {
	if z.registrar() {
		return z.registrarCreate(ctx, recs)
	}
	return z.serviceCreate(ctx, recs)
}

// apply makes the changes: creations first, then updates, then deletions (in a registrar zone
// from the highest index down, so that no deletion shifts a record still to be deleted). It
// returns the records created and updated, as stored, and those deleted, as they were; on an
// error, those changed before it.
func (z *zoneHandle) apply(ctx context.Context, c changes) (set, deleted []record, err error) {
	if len(c.creates) > 0 {
		created, err := z.create(ctx, c.creates)
		set = append(set, created...)
		if err != nil {
			return set, nil, err
		}
	}
	for _, u := range c.updates {
		if err := ctx.Err(); err != nil {
			return set, nil, z.recordErr("updating", u.old, err)
		}
		var r record
		if z.registrar() {
			r, err = z.registrarUpdate(ctx, u)
		} else {
			r, err = z.serviceUpdate(ctx, u)
		}
		if err != nil {
			return set, nil, z.recordErr("updating", u.old, err)
		}
		set = append(set, r)
	}
	deletes := c.deletes
	if z.registrar() {
		deletes = append([]record(nil), deletes...)
		sort.SliceStable(deletes, func(i, j int) bool { return deletes[i].listed.ID > deletes[j].listed.ID })
	}
	for _, d := range deletes {
		if err := ctx.Err(); err != nil {
			return set, deleted, z.recordErr("deleting", d, err)
		}
		var gone bool
		if z.registrar() {
			gone, err = z.registrarDelete(ctx, d)
		} else {
			gone, err = z.serviceDelete(ctx, d)
		}
		if err != nil {
			return set, deleted, z.recordErr("deleting", d, err)
		}
		if gone {
			deleted = append(deleted, d)
		}
	}
	return set, deleted, nil
}

// output converts records to libdns's types.
func (z *zoneHandle) output(recs []record) []libdns.Record {
	if len(recs) == 0 {
		return nil
	}
	out := make([]libdns.Record, len(recs))
	for i, r := range recs {
		out[i] = r.libdns(z.registrar())
	}
	return out
}

// isNotFound reports whether err is the server's 404: the record is gone.
func isNotFound(err error) bool { return errors.Is(err, unmetered.ErrNotFound) }
