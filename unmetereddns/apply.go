package unmetereddns

import (
	"context"
	"slices"
	"sort"

	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go"
)

// Reading and writing a zone, whichever kind it is: the DNS service (service.go) or the
// registrar (registrar.go). Every change is planned by the SDK's zone planner; a DNS-service
// zone applies the plan with DNS.ApplyPlan, a registrar zone through its checked writes.

// list reads the zone's records in canonical form (one request).
func (z *zoneHandle) list(ctx context.Context) ([]record, error) {
	if z.registrar() {
		return z.registrarList(ctx)
	}
	return z.serviceList(ctx)
}

// change takes the zone's lock, reads the zone, plans what edit asks of it with
// unmetered.PlanZone and applies the plan. edit gets the zone's records (DeleteRecords'
// matchers need them). It returns the records created and updated, as stored, and those
// deleted, as they were; on an error, those changed before it.
func (z *zoneHandle) change(ctx context.Context, edit func(have []record) unmetered.ZoneEdit) (set, deleted []record, err error) {
	unlock, err := z.lock(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	have, err := z.list(ctx)
	if err != nil {
		return nil, nil, z.errorf("reading the records: %w", err)
	}
	plan, err := unmetered.PlanZone(z.planZone(have), edit(have))
	if err != nil {
		return nil, nil, z.errorf("%w", err)
	}
	if len(plan.Changes) == 0 {
		return nil, nil, nil
	}
	if z.registrar() {
		return z.registrarApply(ctx, z.steps(plan, have))
	}
	return z.serviceApply(ctx, plan, have)
}

// planZone is the zone as the planner takes it. A DNS-service record keeps its id; a
// registrar record, whose index is no identity, gets its position in have plus one (only to
// find it again in the plan), and no TTL (the registrar takes none, so none is compared).
func (z *zoneHandle) planZone(have []record) *unmetered.Zone {
	pz := &unmetered.Zone{Name: z.name, Records: make([]unmetered.ZoneRecord, len(have))}
	if z.svc != nil {
		pz.ID, pz.ServiceID = z.svc.ID, z.svc.ServiceID
	}
	for i, r := range have {
		zr := unmetered.ZoneRecord{ID: r.id, Name: r.Name, Type: unmetered.RecordType(r.Type), TTL: r.TTL, Priority: r.Priority, Content: r.Content}
		if z.registrar() {
			zr.ID, zr.TTL = int64(i+1), 0
		}
		pz.Records[i] = zr
	}
	return pz
}

// fromRequest is a planned record in the provider's form.
func fromRequest(c unmetered.RecordRequest) record {
	r := record{Name: c.Name, Type: string(c.Type), TTL: c.TTL, Priority: c.Priority, Content: c.Content}
	if !hasPriority(r.Type) {
		r.Priority = 0
	}
	return r
}

// step is a run of writes of one kind of a registrar zone's plan: creations, updates or
// deletions.
type step struct {
	kind    unmetered.ChangeKind
	creates []record
	updates []update
	deletes []record
}

// update replaces the zone's record old with new.
type update struct {
	old, new record
}

// steps turns a registrar zone's plan into its writes, in the plan's order, with the records
// of have the plan names (by position, see planZone).
func (z *zoneHandle) steps(plan *unmetered.ZonePlan, have []record) []step {
	var out []step
	for _, ch := range plan.Changes {
		if len(out) == 0 || out[len(out)-1].kind != ch.Kind {
			out = append(out, step{kind: ch.Kind})
		}
		s := &out[len(out)-1]
		switch ch.Kind {
		case unmetered.ChangeCreate:
			s.creates = append(s.creates, fromRequest(*ch.Record))
		case unmetered.ChangeUpdate:
			s.updates = append(s.updates, update{old: have[ch.Old.ID-1], new: fromRequest(*ch.Record)})
		case unmetered.ChangeDelete:
			s.deletes = append(s.deletes, have[ch.Old.ID-1])
		}
	}
	return out
}

// serviceApply applies a DNS-service zone's plan with DNS.ApplyPlan, one change at a time in
// the plan's order (so that a failure leaves nothing after it sent), and returns what it
// created and updated, as stored (as sent, without an id, when the read back failed), and
// what it deleted, as it was.
func (z *zoneHandle) serviceApply(ctx context.Context, plan *unmetered.ZonePlan, have []record) (set, deleted []record, err error) {
	byID := map[int64]record{}
	for _, r := range have {
		byID[r.id] = r
	}
	rep, err := z.c.DNS.ApplyPlan(ctx, plan, unmetered.ApplyOptions{Concurrency: 1})
	if rep != nil {
		for _, res := range rep.Applied {
			switch {
			case res.Kind == unmetered.ChangeDelete:
				deleted = append(deleted, byID[res.Old.ID])
			case res.Stored != nil:
				set = append(set, fromZoneRecord(*res.Stored))
			default:
				set = append(set, fromRequest(*res.Record))
			}
		}
	}
	if err != nil {
		return set, deleted, z.errorf("%w", err)
	}
	return set, deleted, nil
}

// registrarApply makes a registrar zone's changes in the plan's order, a step at a time (see
// unmetered.ZonePlan: creations, then updates, then deletions, save the deletions that must
// go first at a name changing between a CNAME and other records), the deletions of a step
// from the highest index down, so that none shifts a record still to be deleted. It returns
// the records created and updated, as stored, and those deleted, as they were; on an error,
// those changed before it.
func (z *zoneHandle) registrarApply(ctx context.Context, steps []step) (set, deleted []record, err error) {
	for _, s := range steps {
		if len(s.creates) > 0 {
			created, err := z.registrarCreate(ctx, s.creates)
			set = append(set, created...)
			if err != nil {
				return set, deleted, err
			}
		}
		for _, u := range s.updates {
			if err := ctx.Err(); err != nil {
				return set, deleted, z.recordErr("updating", u.old, err)
			}
			r, err := z.registrarUpdate(ctx, u)
			if err != nil {
				return set, deleted, z.recordErr("updating", u.old, err)
			}
			set = append(set, r)
		}
		deletes := append([]record(nil), s.deletes...)
		sort.SliceStable(deletes, func(i, j int) bool { return deletes[i].listed.ID > deletes[j].listed.ID })
		for _, d := range deletes {
			if err := ctx.Err(); err != nil {
				return set, deleted, z.recordErr("deleting", d, err)
			}
			gone, err := z.registrarDelete(ctx, d)
			if err != nil {
				return set, deleted, z.recordErr("deleting", d, err)
			}
			if gone {
				deleted = append(deleted, d)
			}
		}
	}
	return set, deleted, nil
}

// stored returns the record of w's value (name, type, content and, for the types that have
// one, priority) that the zone holds: the one created (as stored), or else the one that was
// there already (as listed); false when neither holds it (after an error).
func stored(w record, created, have []record) (record, bool) {
	if i := slices.IndexFunc(created, w.sameValue); i >= 0 {
		return created[i], true
	}
	if i := slices.IndexFunc(have, w.sameValue); i >= 0 {
		return have[i], true
	}
	return record{}, false
}

// output converts records of the zone to libdns's types, named relative to the caller's zone.
func (z *zoneHandle) output(recs []record) []libdns.Record {
	if len(recs) == 0 {
		return nil
	}
	out := make([]libdns.Record, len(recs))
	for i, r := range recs {
		out[i] = z.toGiven(r).libdns(z.registrar())
	}
	return out
}

// isNil reports whether r is nil, for slices.DeleteFunc.
func isNil(r libdns.Record) bool { return r == nil }
