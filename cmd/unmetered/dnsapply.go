package main

import (
	"context"
	"errors"
	"fmt"

	unmetered "github.com/unmetered/unmetered-go"
)

// The planning, applying and reporting of "dns apply", through the SDK's zone planner
// (unmetered.PlanZone and DNS.ApplyPlan).

// applyConcurrency is how many changes "dns apply" sends at once: enough to hide the round
// trip, few enough to stay well inside the portal's rate limit (the SDK's default).
const applyConcurrency = unmetered.DefaultApplyConcurrency

// applyFlags are the flags of "dns apply" that shape the plan and its application.
type applyFlags struct {
	dryRun, prune, yes, allowCNAME bool
}

// planChange is one change of "dns apply -o json".
type planChange struct {
	Action string                   `json:"action"` // "add", "change" or "delete"
	ID     int64                    `json:"id,omitempty"`
	From   *unmetered.ZoneRecord    `json:"from,omitempty"`
	Record *unmetered.RecordRequest `json:"record,omitempty"`
}

// applyResult is what "dns apply -o json" prints.
type applyResult struct {
	Zone    string       `json:"zone"`
	Changes []planChange `json:"changes"`
	DryRun  bool         `json:"dry_run"`
	Applied int          `json:"applied"`
	// Gone counts the deletions whose record another writer had already removed.
	Gone int `json:"gone,omitempty"`
}

// applyReport is the "report" of the -o json error object of a "dns apply" that did not apply
// every change: the counts, and every change with its outcome.
type applyReport struct {
	Zone         string         `json:"zone"`
	Planned      int            `json:"planned"`
	Applied      int            `json:"applied"`
	MaybeApplied int            `json:"maybe_applied"`
	Failed       int            `json:"failed"`
	NotSent      int            `json:"not_sent"`
	Gone         int            `json:"gone"`
	Changes      []reportChange `json:"changes"`
}

// reportChange is a change of an applyReport.
type reportChange struct {
	planChange
	// Outcome is "applied", "maybe_applied" (sent, the answer lost: look before re-running),
	// "failed" (refused: not applied), "not_sent" or "gone" (a deletion whose record was gone).
	Outcome string                `json:"outcome"`
	Stored  *unmetered.ZoneRecord `json:"stored,omitempty"`
	Error   string                `json:"error,omitempty"`
}

// newApplyReport is the JSON form of an SDK report.
func newApplyReport(r *unmetered.ApplyReport) *applyReport {
	out := &applyReport{Zone: r.Zone, Planned: r.Planned, Applied: len(r.Applied), MaybeApplied: len(r.MaybeApplied),
		Failed: len(r.Failed), NotSent: len(r.NotSent), Gone: len(r.Gone), Changes: []reportChange{}}
	results := func(outcome string, rs []unmetered.ChangeResult) {
		for _, cr := range rs {
			c := reportChange{planChange: jsonChange(cr.RecordChange), Outcome: outcome, Stored: cr.Stored}
			if cr.Err != nil {
				c.Error = oneLine(cr.Err.Error())
			}
			out.Changes = append(out.Changes, c)
		}
	}
	changes := func(outcome string, cs []unmetered.RecordChange) {
		for _, c := range cs {
			out.Changes = append(out.Changes, reportChange{planChange: jsonChange(c), Outcome: outcome})
		}
	}
	results("applied", r.Applied)
	results("maybe_applied", r.MaybeApplied)
	results("failed", r.Failed)
	changes("not_sent", r.NotSent)
	changes("gone", r.Gone)
	return out
}

// reportOf returns the JSON report of err's *unmetered.ApplyError, or nil.
func reportOf(err error) *applyReport {
	var applyErr *unmetered.ApplyError
	if !errors.As(err, &applyErr) || applyErr.Report == nil {
		return nil
	}
	return newApplyReport(applyErr.Report)
}

func jsonChange(c unmetered.RecordChange) planChange {
	pc := planChange{Action: actionName(c.Kind), From: c.Old, Record: c.Record}
	if c.Old != nil {
		pc.ID = c.Old.ID
	}
	return pc
}

// applyZoneFile plans what the zone file's records ask of zone z (read with its records),
// prints the plan and, unless a dry run, applies it after confirmation.
func (a *app) applyZoneFile(ctx context.Context, c *unmetered.Client, z *unmetered.Zone, records []unmetered.RecordRequest, f applyFlags) error {
	edit := unmetered.ZoneEdit{Set: records, AllowCNAMEConflicts: f.allowCNAME}
	if f.prune {
		for _, r := range z.Records {
			edit.Clear = append(edit.Clear, unmetered.RRset{Name: r.Name, Type: r.Type})
		}
	}
	plan, err := unmetered.PlanZone(z, edit)
	var conflict *unmetered.CNAMEConflictError
	if errors.As(err, &conflict) {
		return usageErrorf("%w; --allow-cname-conflicts applies it anyway", err)
	}
	if err != nil {
		return asUsage(err)
	}
	if err := checkPlan(plan); err != nil {
		return err
	}
	res := applyResult{Zone: z.Name, Changes: []planChange{}, DryRun: f.dryRun}
	for _, c := range plan.Changes {
		res.Changes = append(res.Changes, jsonChange(c))
	}
	if !a.structured() {
		a.printPlan(z, plan)
	}
	if len(plan.Changes) > 0 && !f.dryRun {
		if err := a.confirm(f.yes, fmt.Sprintf("apply %d change(s) to %s", len(plan.Changes), z.Name)); err != nil {
			return err
		}
		n := 0
		rep, err := c.DNS.ApplyPlan(ctx, plan, unmetered.ApplyOptions{Concurrency: applyConcurrency, Progress: func(r unmetered.ChangeResult) {
			n++
			a.progressf("[%d/%d] %s%s", n, len(plan.Changes), planLine(r.RecordChange, z.Name), progressOutcome(r.Err))
		}})
		if err != nil {
			if !a.structured() && rep != nil {
				a.printApplyFailure(rep)
			}
			return sentChange(err)
		}
		res.Applied, res.Gone = len(rep.Applied), len(rep.Gone)
	}
	if a.structured() {
		return a.writeData(res)
	}
	switch {
	case len(plan.Changes) == 0:
	case f.dryRun:
		fmt.Fprintln(a.out, "Dry run: nothing changed")
	default:
		fmt.Fprintf(a.out, "Applied %d change(s) to %s\n", res.Applied, z.Name)
		if res.Gone > 0 {
			fmt.Fprintf(a.out, "%d record(s) to delete were already gone\n", res.Gone)
		}
	}
	return nil
}

// progressOutcome is the note a progress line gets for a change that was not applied.
func progressOutcome(err error) string {
	switch {
	case err == nil:
		return ""
	case unmetered.MaybeApplied(err):
		return " (may have been applied: the answer was lost)"
	}
	return " (failed)"
}

// printApplyFailure prints what became of the changes of an apply that did not apply them
// all; the error itself goes to stderr.
func (a *app) printApplyFailure(rep *unmetered.ApplyReport) {
	fmt.Fprintf(a.out, "Applied %d of %d change(s) to %s\n", len(rep.Applied), rep.Planned, rep.Zone)
	if len(rep.MaybeApplied) > 0 {
		fmt.Fprintf(a.out, "May have been applied (sent, the answer lost; look at the zone before running again): %d\n", len(rep.MaybeApplied))
		for _, r := range rep.MaybeApplied {
			fmt.Fprintf(a.out, "  %s: %s\n", planLine(r.RecordChange, rep.Zone), oneLine(r.Err.Error()))
		}
	}
	if len(rep.Failed) > 0 {
		fmt.Fprintf(a.out, "Failed (not applied): %d\n", len(rep.Failed))
		for _, r := range rep.Failed {
			fmt.Fprintf(a.out, "  %s: %s\n", planLine(r.RecordChange, rep.Zone), oneLine(r.Err.Error()))
		}
	}
	if len(rep.NotSent) > 0 {
		fmt.Fprintf(a.out, "Not sent: %d (--dry-run shows what is left)\n", len(rep.NotSent))
	}
	if len(rep.Gone) > 0 {
		fmt.Fprintf(a.out, "Already gone: %d\n", len(rep.Gone))
	}
}

func actionName(k unmetered.ChangeKind) string {
	switch k {
	case unmetered.ChangeCreate:
		return "add"
	case unmetered.ChangeUpdate:
		return "change"
	}
	return "delete"
}

// printPlan prints the plan as +, ~ and - lines.
func (a *app) printPlan(z *unmetered.Zone, plan *unmetered.ZonePlan) {
	if len(plan.Changes) == 0 {
		fmt.Fprintf(a.out, "%s is up to date: nothing to change\n", z.Name)
		return
	}
	fmt.Fprintf(a.out, "Plan for %s: %d change(s)\n", z.Name, len(plan.Changes))
	for _, c := range plan.Changes {
		fmt.Fprintln(a.out, planLine(c, z.Name))
	}
}

// planLine spells one change as the plan prints it.
func planLine(c unmetered.RecordChange, zone string) string {
	switch c.Kind {
	case unmetered.ChangeCreate:
		return "+ " + recordText(requestRecord(*c.Record), zone)
	case unmetered.ChangeUpdate:
		return "~ " + recordText(*c.Old, zone) + " -> " + recordText(requestRecord(*c.Record), zone)
	}
	return "- " + recordText(*c.Old, zone)
}

func requestRecord(r unmetered.RecordRequest) unmetered.ZoneRecord {
	return unmetered.ZoneRecord{Name: r.Name, Type: r.Type, TTL: r.TTL, Priority: r.Priority, Content: r.Content}
}

// recordText spells a record as a zone-file line with spaces, or plainly when it has no
// zone-file form.
func recordText(r unmetered.ZoneRecord, zone string) string {
	if line, err := zoneLine(r, zone); err == nil {
		return sanitize(line)
	}
	s := fmt.Sprintf("%s\t%d\tIN\t%s\t", r.Name, r.TTL, r.Type)
	if r.Priority != 0 {
		s += fmt.Sprintf("%d ", r.Priority)
	}
	return sanitize(s + fmt.Sprintf("%q", r.Content))
}
