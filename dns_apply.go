package unmetered

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

// Applying a zone plan: bounded concurrency, and a report that says exactly what happened to
// each change, also when some fail.

// DefaultApplyConcurrency is how many requests ApplyPlan has in flight at once unless
// ApplyOptions.Concurrency says otherwise: enough to hide the round trip, few enough to stay
// well inside the portal's rate limit.
const DefaultApplyConcurrency = 4

// ApplyOptions tune DNSService.ApplyPlan and EditZone.
type ApplyOptions struct {
	// Concurrency is the most requests in flight at once; 0 means DefaultApplyConcurrency.
	// With 1 the changes are sent one at a time, in the plan's order.
	Concurrency int
	// Progress, when not nil, is called once for each change that was sent, as soon as its
	// request ends, with what is known then: applied, maybe applied, failed, or (a delete)
	// gone. Calls come one at a time. A create's Stored is not known yet (the zone is read
	// back after the creates), and a create whose answer was lost may yet be found there: the
	// report is the final word.
	Progress func(ChangeResult)
}

// ChangeResult is a change of an applied plan and what became of it.
type ChangeResult struct {
	RecordChange
	// Stored is the record as the zone holds it after an applied create or update, with its
	// ID; nil for a delete, and for a create when reading the zone back failed or did not
	// find it.
	Stored *ZoneRecord `json:"stored,omitempty"`
	// Err is the error of a change that failed or may have been applied; nil for one
	// applied.
	Err error `json:"-"`
}

// ApplyReport says what ApplyPlan did with each change of a plan. Every change is in exactly
// one of Applied, MaybeApplied, Failed, NotSent and Gone, in the plan's order.
type ApplyReport struct {
	// Zone is the zone's name.
	Zone string `json:"zone"`
	// Planned is the number of changes in the plan.
	Planned int `json:"planned"`
	// Applied are the changes the server confirmed, and the creates whose answer was lost but
	// whose record the zone, read back, holds.
	Applied []ChangeResult `json:"applied"`
	// MaybeApplied are the changes that were sent but whose outcome is unknown: the answer
	// was lost or was a server error (see the package's MaybeApplied). Look at the zone before
	// sending them again.
	MaybeApplied []ChangeResult `json:"maybe_applied"`
	// Failed are the changes the server refused: they took no effect.
	Failed []ChangeResult `json:"failed"`
	// NotSent are the changes never sent, after a failure or the context's end.
	NotSent []RecordChange `json:"not_sent"`
	// Gone are the deletes the server answered 404: the record was no longer there (another
	// writer removed it, or an earlier attempt of the same request whose answer was lost). The
	// zone is as planned for them; they are no failure.
	Gone []RecordChange `json:"gone"`
}

// Summary says what happened in one line: "applied 4 of 20 changes to example.com, 1 may have
// been applied, 15 not sent". The nil report of an error before anything was sent (EditZone's
// and ApplyPlan's) gives "no changes applied".
func (r *ApplyReport) Summary() string {
	if r == nil {
		return "no changes applied"
	}
	s := fmt.Sprintf("applied %d of %d changes to %s", len(r.Applied), r.Planned, r.Zone)
	for _, part := range []struct {
		n    int
		text string
	}{
		{len(r.MaybeApplied), "may have been applied"},
		{len(r.Failed), "failed"},
		{len(r.NotSent), "not sent"},
		{len(r.Gone), "already gone"},
	} {
		if part.n > 0 {
			s += fmt.Sprintf(", %d %s", part.n, part.text)
		}
	}
	return s
}

// ApplyError is the error of ApplyPlan and EditZone when not every change was applied: Report
// says which were, which may have been, which failed and which were not sent. Err is the first
// failure (or the context's error); errors.Is and errors.As see through to it.
// MaybeApplied(err) is true exactly when Report.MaybeApplied is not empty.
type ApplyError struct {
	Report *ApplyReport
	// Change is the change that failed first; nil when the context ended first.
	Change *RecordChange
	Err    error

	found bool // Change's answer was lost, but the zone read back holds its record
}

// Error gives the summary, then the first failure.
func (e *ApplyError) Error() string {
	msg := "unmetered: " + e.Report.Summary()
	if e.Change != nil {
		msg += ": " + e.Change.String()
		if e.found {
			msg += " (applied: the zone holds its record, but its answer was lost and the changes after it were not sent)"
		}
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the first failure.
func (e *ApplyError) Unwrap() error { return e.Err }

// EditZone brings zone to what edit asks: it reads the zone's records (one request), plans
// with PlanZone and applies the plan with ApplyPlan. zone needs ServiceID, ID and Name (a zone
// from List, FindZone, ZoneFor or Zone; its Records, if any, are not used: the zone is read
// afresh). An invalid edit, or a CNAME conflict (see ZoneEdit.AllowCNAMEConflicts), is an
// error before anything is sent, with a nil report.
//
// It is not atomic: the API has no transactions, and another writer may change the zone
// between the read and the writes. For an ACME challenge, Add and later Remove of exactly its
// value are safe beside other challenges at the same name.
func (s *DNSService) EditZone(ctx context.Context, zone *Zone, edit ZoneEdit, opts ApplyOptions) (*ApplyReport, error) {
	if zone == nil {
		return nil, fmt.Errorf("%w: EditZone needs a zone", ErrInvalidArgument)
	}
	full, err := s.Zone(ctx, zone.ServiceID, zone.ID)
	if err != nil {
		return nil, err
	}
	if full.Name == "" {
		full.Name = zoneKey(zone.Name)
	}
	plan, err := PlanZone(full, edit)
	if err != nil {
		return nil, err
	}
	return s.ApplyPlan(ctx, plan, opts)
}

// ApplyPlan carries out a plan in its order, step by step: each run of consecutive changes of
// one kind is a step, sent with at most opts.Concurrency requests in flight, and a step starts
// once the one before it has ended. A plan from PlanZone is so applied as the deletes that
// must precede the creates (see ZonePlan.Changes: at a name that changes between a CNAME and
// other records), then the creates, then the updates, then the other deletes. Each create is
// one POST, sent once (never replayed once it may have reached the server); after a step of
// creates, one read of the zone finds the new records' ids (the server's answer carries none),
// and also finds the record of a create whose answer was lost, if it was made. Updates and
// deletes are one request each. Every change is checked before anything is sent.
//
// The first change that fails stops the changes not yet started; those already in flight run
// to their end, so that the report can say what became of them. The report is never nil for a
// valid plan. It counts every change exactly once (see ApplyReport); when not every change was
// applied (Gone aside) the error is an *ApplyError with the same report. A read back that
// fails leaves the creates' Stored nil: they were applied all the same.
func (s *DNSService) ApplyPlan(ctx context.Context, plan *ZonePlan, opts ApplyOptions) (*ApplyReport, error) {
	if plan == nil {
		return nil, fmt.Errorf("%w: ApplyPlan needs a plan", ErrInvalidArgument)
	}
	a, err := s.newApplier(plan, opts)
	if err != nil {
		return nil, err
	}
	for _, idx := range a.steps() {
		if a.stopped.Load() {
			break
		}
		if err := ctx.Err(); err != nil {
			a.fail(nil, err)
			break
		}
		a.run(ctx, idx)
		if a.changes[idx[0]].Kind == ChangeCreate {
			a.readBack(ctx, idx)
		}
	}
	return a.report()
}

// steps are the plan's changes (their indexes) in runs of one kind, in the plan's order.
func (a *applier) steps() [][]int {
	var out [][]int
	for i, c := range a.changes {
		if n := len(out); n > 0 && a.changes[out[n-1][0]].Kind == c.Kind {
			out[n-1] = append(out[n-1], i)
			continue
		}
		out = append(out, []int{i})
	}
	return out
}

// outcome is what became of one change.
type outcome int

const (
	notSent outcome = iota
	applied
	maybeApplied
	failed
	gone
)

// applier carries out one plan.
type applier struct {
	s        *DNSService
	zone     *Zone // ID, Name (a zoneKey), ServiceID
	changes  []RecordChange
	known    map[int64]bool
	workers  int
	progress func(ChangeResult)

	stopped atomic.Bool
	mu      sync.Mutex     // guards what follows
	claimed map[int64]bool // the ids read back for creates so far
	results []ChangeResult
	status  []outcome
	first   *RecordChange
	err     error
	pmu     sync.Mutex // one Progress call at a time
}

// newApplier checks the plan and puts its records in canonical form; nothing is sent.
func (s *DNSService) newApplier(plan *ZonePlan, opts ApplyOptions) (*applier, error) {
	z := zoneKey(plan.Zone.Name)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: ApplyPlan: %s", ErrInvalidArgument, fmt.Sprintf(format, args...))
	}
	switch {
	case z == "":
		return nil, bad("the plan's zone has no name")
	case plan.Zone.ServiceID < 1 || plan.Zone.ID < 1:
		return nil, bad("the plan's zone needs its ServiceID and ID (a DNS-service zone)")
	case opts.Concurrency < 0:
		return nil, bad("Concurrency %d is negative", opts.Concurrency)
	}
	a := &applier{
		s: s, zone: &Zone{ID: plan.Zone.ID, Name: z, ServiceID: plan.Zone.ServiceID},
		changes: make([]RecordChange, len(plan.Changes)), known: plan.known,
		workers: opts.Concurrency, progress: opts.Progress, claimed: map[int64]bool{},
		results: make([]ChangeResult, len(plan.Changes)), status: make([]outcome, len(plan.Changes)),
	}
	if a.workers == 0 {
		a.workers = DefaultApplyConcurrency
	}
	for i, c := range plan.Changes {
		where := fmt.Sprintf("change %d (%s)", i, c)
		if c.Kind != ChangeCreate && (c.Old == nil || c.Old.ID < 1) {
			return nil, bad("%s: an %s needs the zone's record, with its ID, in Old", where, c.Kind)
		}
		switch c.Kind {
		case ChangeCreate, ChangeUpdate:
			if c.Record == nil {
				return nil, bad("%s: a %s needs Record", where, c.Kind)
			}
			r, err := c.Record.canonical("ApplyPlan: "+where, z)
			if err != nil {
				return nil, err
			}
			c.Record = &r
		case ChangeDelete:
		default:
			return nil, bad("%s: unknown kind %q", where, c.Kind)
		}
		a.changes[i] = c
		a.results[i] = ChangeResult{RecordChange: c}
	}
	return a, nil
}

// fail notes a failure: the first one is the report's error, and stops what has not started.
func (a *applier) fail(c *RecordChange, err error) {
	a.stopped.Store(true)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err == nil {
		a.first, a.err = c, err
	}
}

// run sends the changes idx, at most a.workers at once, until one fails.
func (a *applier) run(ctx context.Context, idx []int) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(a.workers, len(idx)) {
		wg.Go(func() {
			for i := range next {
				a.one(ctx, i)
			}
		})
	}
	for _, i := range idx {
		if a.stopped.Load() {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}

// one sends change i, unless a failure or the context's end came first, and notes its
// outcome. No sibling's failure cancels a request in flight: its outcome is wanted.
func (a *applier) one(ctx context.Context, i int) {
	if a.stopped.Load() {
		return
	}
	if err := ctx.Err(); err != nil {
		a.fail(nil, err)
		return
	}
	c := a.changes[i]
	var stored *ZoneRecord
	var err error
	switch c.Kind {
	case ChangeCreate:
		err = a.create(ctx, *c.Record)
	case ChangeUpdate:
		stored, err = a.s.UpdateRecord(ctx, a.zone, c.Old.ID, *c.Record)
	case ChangeDelete:
		err = a.s.DeleteRecord(ctx, a.zone, c.Old.ID)
	}
	st := applied
	switch {
	case err == nil:
	case c.Kind == ChangeDelete && errors.Is(err, ErrNotFound):
		st, err = gone, nil
	case MaybeApplied(err):
		st = maybeApplied
	default:
		st = failed
	}
	a.mu.Lock()
	a.status[i] = st
	a.results[i].Stored, a.results[i].Err = stored, err
	res := a.results[i]
	a.mu.Unlock()
	if err != nil {
		a.fail(&a.changes[i], err)
	}
	if a.progress != nil {
		a.pmu.Lock()
		defer a.pmu.Unlock()
		a.progress(res)
	}
}

// create sends one creation (POST .../records), once.
func (a *applier) create(ctx context.Context, r RecordRequest) error {
	rt, err := newRoute(http.MethodPost, "/service/@service_id/dns/@zone_id/records", a.zone.ServiceID, a.zone.ID)
	if err != nil {
		return err
	}
	return a.s.client.do(ctx, rt, r.body(a.zone.Name), nil)
}

// readBack reads the zone once after the creates idx, to find the records created: it gives
// the applied ones their Stored record, and counts as applied a create whose answer was lost
// when the zone holds a new record of it (one the plan did not know of). It runs whatever
// failed before it (only the caller's context stops it); if it fails, nothing changes: an
// applied create stays applied, without Stored, and a maybe applied one stays so.
func (a *applier) readBack(ctx context.Context, idx []int) {
	var confirmed, maybe []int
	for _, i := range idx {
		switch a.status[i] {
		case applied:
			confirmed = append(confirmed, i)
		case maybeApplied:
			if a.known != nil { // else a record found might have been there before
				maybe = append(maybe, i)
			}
		}
	}
	if len(confirmed)+len(maybe) == 0 || ctx.Err() != nil {
		return
	}
	full, err := a.s.Zone(ctx, a.zone.ServiceID, a.zone.ID)
	if err != nil {
		return
	}
	used := make([]bool, len(full.Records))
	find := func(c RecordRequest) *ZoneRecord {
		best := bestMatch(full.Records, c, func(j int) bool {
			id := full.Records[j].ID
			return used[j] || a.known[id] || a.claimed[id]
		})
		if best < 0 {
			return nil
		}
		used[best] = true
		r := full.Records[best]
		a.claimed[r.ID] = true // an earlier step's record, should a later step create its twin
		return &r
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, i := range confirmed {
		a.results[i].Stored = find(*a.changes[i].Record)
	}
	for _, i := range maybe {
		if r := find(*a.changes[i].Record); r != nil {
			a.status[i], a.results[i].Stored, a.results[i].Err = applied, r, nil
		}
	}
}

// report builds the report and, unless every change was applied or gone, its *ApplyError.
func (a *applier) report() (*ApplyReport, error) {
	rep := &ApplyReport{Zone: a.zone.Name, Planned: len(a.changes),
		Applied: []ChangeResult{}, MaybeApplied: []ChangeResult{}, Failed: []ChangeResult{}, NotSent: []RecordChange{}, Gone: []RecordChange{}}
	for i, st := range a.status {
		switch st {
		case applied:
			rep.Applied = append(rep.Applied, a.results[i])
		case maybeApplied:
			rep.MaybeApplied = append(rep.MaybeApplied, a.results[i])
		case failed:
			rep.Failed = append(rep.Failed, a.results[i])
		case gone:
			rep.Gone = append(rep.Gone, a.changes[i])
		default:
			rep.NotSent = append(rep.NotSent, a.changes[i])
		}
	}
	if len(rep.Applied)+len(rep.Gone) == rep.Planned {
		return rep, nil
	}
	err := a.err
	if err == nil { // cannot happen: a change left unsent has a reason
		err = errors.New("changes were left unsent")
	}
	applyErr := &ApplyError{Report: rep, Change: a.first, Err: err}
	for i := range a.changes {
		if a.first == &a.changes[i] && a.status[i] == applied {
			applyErr.found = true
		}
	}
	return rep, applyErr
}
