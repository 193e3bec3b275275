package unmetered_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// inFlight is a transport that tracks how many requests are in flight at once.
type inFlight struct {
	next    http.RoundTripper
	mu      sync.Mutex
	now     int
	highest int
}

func (f *inFlight) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.now++
	f.highest = max(f.highest, f.now)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.now--
		f.mu.Unlock()
	}()
	return f.next.RoundTrip(r)
}

const recordsRoute = "/service/@id/dns/@id/records"

// fakeZone starts a fake portal and returns a client and its zone booble.com, read in full.
func fakeZone(t *testing.T, opts ...unmetered.Option) (*unmeteredtest.Server, *unmetered.Client, *unmetered.Zone) {
	t.Helper()
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client(opts...)
	require.NoError(t, err)
	zone, err := client.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)
	return srv, client, zone
}

// hosts are n A records host00, host01, ...
func hosts(n int) []unmetered.RecordRequest {
	var out []unmetered.RecordRequest
	for i := range n {
		out = append(out, unmetered.RecordRequest{Name: fmt.Sprintf("host%02d", i), Type: "A", TTL: 300, Content: fmt.Sprintf("192.0.2.%d", i+1)})
	}
	return out
}

// named returns the zone's records whose name starts with prefix, as "name content".
func named(t *testing.T, client *unmetered.Client, prefix string) []string {
	t.Helper()
	z, err := client.DNS.Zone(context.Background(), 10, 60)
	require.NoError(t, err)
	var out []string
	for _, r := range z.Records {
		if strings.HasPrefix(r.Name, prefix) {
			out = append(out, r.Name+" "+r.Content)
		}
	}
	sort.Strings(out)
	return out
}

func resultNames(rs []unmetered.ChangeResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Record.Name+" "+r.Record.Content)
	}
	sort.Strings(out)
	return out
}

func TestApplyBoundsConcurrency(t *testing.T) {
	t.Parallel()
	flight := &inFlight{next: http.DefaultTransport}
	srv, client, zone := fakeZone(t, unmetered.WithHTTPClient(&http.Client{Transport: flight}))
	ctx := context.Background()
	p, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: hosts(8)})
	require.NoError(t, err)
	_, err = client.DNS.ApplyPlan(ctx, p, unmetered.ApplyOptions{})
	require.NoError(t, err)
	zone, err = client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)

	// Eight updates, each held up a little by the server: three at a time, never more.
	set := hosts(8)
	for i := range set {
		set[i].Content = "192.0.2.200"
	}
	p, err = unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: set})
	require.NoError(t, err)
	require.Len(t, p.Changes, 8)
	srv.Fail("PUT", recordsRoute+"/@id", unmeteredtest.Fault{Times: 8, Delay: 30 * time.Millisecond})
	flight.mu.Lock()
	flight.highest = 0
	flight.mu.Unlock()
	rep, err := client.DNS.ApplyPlan(ctx, p, unmetered.ApplyOptions{Concurrency: 3})
	require.NoError(t, err)
	assert.Len(t, rep.Applied, 8)
	assert.LessOrEqual(t, flight.highest, 3, "at most Concurrency requests in flight")
	assert.GreaterOrEqual(t, flight.highest, 2, "and more than one")
}

// TestApplyReportsEachChangeInPhases: creates, then updates, then deletes, each reported once
// to Progress; the creates' Stored records come from one read back; applying again plans
// nothing.
func TestApplyReportsEachChangeInPhases(t *testing.T) {
	t.Parallel()
	srv, client, zone := fakeZone(t)
	ctx := context.Background()
	edit := unmetered.ZoneEdit{
		Set: []unmetered.RecordRequest{
			{Name: "a", Type: "A", TTL: 300, Content: "192.0.2.1"},
			{Name: "b", Type: "A", TTL: 300, Content: "192.0.2.2"},
			{Name: "qwerty", Type: "A", TTL: 1800, Content: "192.0.2.3"},
		},
		Clear: []unmetered.RRset{{Name: "@", Type: "TXT"}},
	}
	p, err := unmetered.PlanZone(zone, edit)
	require.NoError(t, err)
	require.Len(t, p.Changes, 4)
	var seen []unmetered.ChangeKind
	gets := srv.Count("GET", "/service/@id/dns/@id")
	rep, err := client.DNS.ApplyPlan(ctx, p, unmetered.ApplyOptions{Concurrency: 2, Progress: func(r unmetered.ChangeResult) {
		seen = append(seen, r.Kind)
	}})
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Count("GET", "/service/@id/dns/@id")-gets, "one read back for both creates")
	assert.Equal(t, []unmetered.ChangeKind{unmetered.ChangeCreate, unmetered.ChangeCreate, unmetered.ChangeUpdate, unmetered.ChangeDelete}, seen,
		"each change reported once, phase by phase")
	require.Len(t, rep.Applied, 4)
	assert.Equal(t, "applied 4 of 4 changes to booble.com", rep.Summary())
	for _, r := range rep.Applied[:3] {
		require.NotNil(t, r.Stored, "%s", r.RecordChange)
		assert.Positive(t, r.Stored.ID)
		assert.Equal(t, r.Record.Content, r.Stored.Content)
	}
	assert.Nil(t, rep.Applied[3].Stored, "a delete stores nothing")
	assert.Equal(t, int64(13), rep.Applied[2].Stored.ID, "updated in place")

	rep, err = client.DNS.EditZone(ctx, zone, edit, unmetered.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, 0, rep.Planned, "in sync")
}

// TestApplyPartialFailureIsReportedExactly is the regression test of a report that lied: with
// a fault on the 5th of 20 creates sent four at a time, "applied 1 of 20" was reported while
// the zone gained 5 to 16 records (a sibling's failure cancelled the read back that counted
// them). The report must equal what the zone gained.
func TestApplyPartialFailureIsReportedExactly(t *testing.T) {
	t.Parallel()
	for name, fault := range map[string]unmeteredtest.Fault{
		"refused":               {Status: 400},
		"server error":          {Status: 500},
		"answer lost":           {AfterAction: true, DropConnection: true},
		"error after the write": {AfterAction: true, Status: 502},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, client, zone := fakeZone(t, unmetered.WithRetryMax(0))
			p, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: hosts(20)})
			require.NoError(t, err)
			for range 4 {
				srv.Fail("POST", recordsRoute, unmeteredtest.Fault{})
			}
			srv.Fail("POST", recordsRoute, fault)
			rep, err := client.DNS.ApplyPlan(context.Background(), p, unmetered.ApplyOptions{Concurrency: 4})
			gained := named(t, client, "host")
			if err == nil {
				// Possible when the lost answer is noticed only after every other change was
				// sent: the read back then finds its record, and all 20 were applied.
				require.True(t, fault.AfterAction, "a refusal or a server error before the write is an error")
				assert.Len(t, rep.Applied, 20)
				assert.Equal(t, resultNames(rep.Applied), gained)
				return
			}
			var applyErr *unmetered.ApplyError
			require.True(t, errors.As(err, &applyErr), "%v", err)
			assert.Same(t, rep, applyErr.Report)

			assert.Equal(t, 20, rep.Planned)
			assert.Equal(t, 20, len(rep.Applied)+len(rep.MaybeApplied)+len(rep.Failed)+len(rep.NotSent), "each change counted once")
			assert.Equal(t, resultNames(rep.Applied), gained[:min(len(gained), len(rep.Applied))], "what is reported applied is in the zone")
			assert.Subset(t, append(resultNames(rep.Applied), resultNames(rep.MaybeApplied)...), gained, "and the zone gained nothing else")
			if fault.AfterAction {
				assert.Equal(t, resultNames(rep.Applied), gained, "the create whose answer was lost is found in the read back")
				assert.Empty(t, rep.MaybeApplied)
			} else {
				assert.Len(t, gained, len(rep.Applied))
			}
			for _, r := range rep.Applied {
				assert.NotNil(t, r.Stored, "%s: its id was read back", r.RecordChange)
			}
			assert.Equal(t, len(rep.MaybeApplied) > 0, unmetered.MaybeApplied(err))
			assert.Contains(t, err.Error(), rep.Summary())
			t.Log(err)
		})
	}
}

// TestApplyReadBackSurvivesASiblingFailure: one create is refused at once while another is
// still at the server; the slow one ends applied, and the read back finds its id.
func TestApplyReadBackSurvivesASiblingFailure(t *testing.T) {
	t.Parallel()
	srv, client, zone := fakeZone(t)
	p, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: hosts(2)})
	require.NoError(t, err)
	srv.Fail("POST", recordsRoute, unmeteredtest.Fault{Delay: 100 * time.Millisecond})
	srv.Fail("POST", recordsRoute, unmeteredtest.Fault{Status: 400})
	rep, err := client.DNS.ApplyPlan(context.Background(), p, unmetered.ApplyOptions{Concurrency: 2})
	require.Error(t, err)
	require.Len(t, rep.Applied, 1)
	require.Len(t, rep.Failed, 1)
	require.NotNil(t, rep.Applied[0].Stored, "the read back was not cancelled by the failure")
	assert.Equal(t, resultNames(rep.Applied), named(t, client, "host"))
	assert.False(t, unmetered.MaybeApplied(err), "what was applied and what failed are both known")
	var apiErr *unmetered.Error
	require.True(t, errors.As(err, &apiErr), "errors.As sees the first failure")
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
}

// TestApplyReadBackFails: the creates were confirmed; only their ids are unknown. No error.
func TestApplyReadBackFails(t *testing.T) {
	t.Parallel()
	srv, client, zone := fakeZone(t)
	p, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: hosts(2)})
	require.NoError(t, err)
	srv.Fail("GET", "/service/@id/dns/@id", unmeteredtest.Fault{Status: 500, Times: 10})
	rep, err := client.DNS.ApplyPlan(context.Background(), p, unmetered.ApplyOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Applied, 2)
	assert.Nil(t, rep.Applied[0].Stored)
	assert.Nil(t, rep.Applied[1].Stored)
}

// TestApplyStopsAtTheFirstFailure: a refused update stops what has not started; a delete whose
// record is gone is no failure.
func TestApplyStopsAtTheFirstFailure(t *testing.T) {
	t.Parallel()
	_, client, zone := fakeZone(t)
	ctx := context.Background()
	p := &unmetered.ZonePlan{Zone: unmetered.Zone{ID: 60, Name: "booble.com", ServiceID: 10}, Changes: []unmetered.RecordChange{
		{Kind: unmetered.ChangeDelete, Old: &unmetered.ZoneRecord{ID: 999, Name: "gone", Type: "A"}},
		{Kind: unmetered.ChangeDelete, Old: &zone.Records[1]},
	}}
	rep, err := client.DNS.ApplyPlan(ctx, p, unmetered.ApplyOptions{Concurrency: 1})
	require.NoError(t, err)
	assert.Len(t, rep.Gone, 1)
	assert.Len(t, rep.Applied, 1)
	assert.Equal(t, "applied 1 of 2 changes to booble.com, 1 already gone", rep.Summary())

	upd := zone.Records[2].Request()
	upd.Content = "192.0.2.9"
	p.Changes = []unmetered.RecordChange{
		{Kind: unmetered.ChangeUpdate, Old: &unmetered.ZoneRecord{ID: 999, Name: "gone", Type: "A"}, Record: &upd},
		{Kind: unmetered.ChangeDelete, Old: &zone.Records[3]},
	}
	rep, err = client.DNS.ApplyPlan(ctx, p, unmetered.ApplyOptions{Concurrency: 1})
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	assert.Contains(t, err.Error(), "applied 0 of 2 changes to booble.com, 1 failed, 1 not sent: update #999 gone A")
	assert.Len(t, rep.Failed, 1)
	assert.Len(t, rep.NotSent, 1)
	assert.False(t, unmetered.MaybeApplied(err))
}

// TestApplyCanceled: a context that ended sends nothing and says so.
func TestApplyCanceled(t *testing.T) {
	t.Parallel()
	srv, client, zone := fakeZone(t)
	p, err := unmetered.PlanZone(zone, unmetered.ZoneEdit{Set: hosts(3)})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := len(srv.Requests())
	rep, err := client.DNS.ApplyPlan(ctx, p, unmetered.ApplyOptions{})
	require.ErrorIs(t, err, context.Canceled)
	assert.Len(t, rep.NotSent, 3)
	assert.Equal(t, before, len(srv.Requests()))
	assert.False(t, unmetered.MaybeApplied(err))
}

// TestApplyRefusesABadPlan: every change is checked before anything is sent.
func TestApplyRefusesABadPlan(t *testing.T) {
	t.Parallel()
	srv, client, _ := fakeZone(t)
	z := unmetered.Zone{ID: 60, Name: "booble.com", ServiceID: 10}
	good := unmetered.RecordRequest{Name: "ok", Type: "A", Content: "192.0.2.1"}
	for name, p := range map[string]*unmetered.ZonePlan{
		"nil":            nil,
		"no zone":        {Changes: []unmetered.RecordChange{{Kind: unmetered.ChangeCreate, Record: &good}}},
		"no record":      {Zone: z, Changes: []unmetered.RecordChange{{Kind: unmetered.ChangeCreate, Record: &good}, {Kind: unmetered.ChangeCreate}}},
		"bad record":     {Zone: z, Changes: []unmetered.RecordChange{{Kind: unmetered.ChangeCreate, Record: &good}, {Kind: unmetered.ChangeCreate, Record: &unmetered.RecordRequest{Name: "x", Type: "A", Content: "nope"}}}},
		"delete, no old": {Zone: z, Changes: []unmetered.RecordChange{{Kind: unmetered.ChangeDelete}}},
		"unknown kind":   {Zone: z, Changes: []unmetered.RecordChange{{Kind: "upsert", Old: &unmetered.ZoneRecord{ID: 5}}}},
	} {
		before := len(srv.Requests())
		rep, err := client.DNS.ApplyPlan(context.Background(), p, unmetered.ApplyOptions{})
		assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, name)
		assert.Nil(t, rep, name)
		assert.Equal(t, "no changes applied", rep.Summary(), "%s: a nil report's summary, as README's example prints it", name)
		assert.Equal(t, before, len(srv.Requests()), "%s: nothing sent", name)
	}
	_, err := client.DNS.ApplyPlan(context.Background(), &unmetered.ZonePlan{Zone: z}, unmetered.ApplyOptions{Concurrency: -1})
	assert.ErrorIs(t, err, unmetered.ErrInvalidArgument)
}

// TestEditZoneConcurrentChallenges: two ACME challenges at one name (a wildcard and its apex
// share _acme-challenge), presented and cleaned up at once, never disturb each other.
func TestEditZoneConcurrentChallenges(t *testing.T) {
	t.Parallel()
	_, client, _ := fakeZone(t)
	ctx := context.Background()
	zone, rel, err := client.DNS.ZoneFor(ctx, "_acme-challenge.booble.com.")
	require.NoError(t, err)
	require.Equal(t, "_acme-challenge", rel)
	challenge := func(value string) unmetered.RecordRequest {
		return unmetered.RecordRequest{Name: rel, Type: unmetered.RecordTypeTXT, TTL: 60, Content: value}
	}
	var wg sync.WaitGroup
	for _, v := range []string{"wildcard-token", "apex-token"} {
		wg.Go(func() {
			_, err := client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{Add: []unmetered.RecordRequest{challenge(v)}}, unmetered.ApplyOptions{})
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, []string{"_acme-challenge apex-token", "_acme-challenge wildcard-token"}, named(t, client, "_acme-challenge"))

	rep, err := client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{Add: []unmetered.RecordRequest{challenge("apex-token")}}, unmetered.ApplyOptions{})
	require.NoError(t, err)
	assert.Zero(t, rep.Planned, "presenting again adds no second record")

	for _, v := range []string{"wildcard-token", "apex-token"} {
		wg.Go(func() {
			rep, err := client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{
				Remove: []unmetered.RecordFilter{{Name: rel, Type: unmetered.RecordTypeTXT, Content: v}},
			}, unmetered.ApplyOptions{})
			if assert.NoError(t, err) {
				assert.Len(t, rep.Applied, 1)
			}
		})
	}
	wg.Wait()
	assert.Empty(t, named(t, client, "_acme-challenge"))
}

// TestEditZoneExternalDNSChanges: external-dns's {create, updateOld, updateNew, delete} as
// edits: create is Add, an update is Remove of the old targets and Add of the new (an update in
// place), delete is Remove. Its TXT ownership record, quotes included, round-trips exactly; an
// update whose old and new are the same changes nothing, and so does a repeated request.
func TestEditZoneExternalDNSChanges(t *testing.T) {
	t.Parallel()
	srv, client, zone := fakeZone(t)
	ctx := context.Background()
	owner := `"heritage=external-dns,external-dns/owner=default,external-dns/resource=service/default/app"`
	a := func(ip string, ttl int64) unmetered.RecordRequest {
		return unmetered.RecordRequest{Name: "app", Type: unmetered.RecordTypeA, TTL: ttl, Content: ip}
	}
	txt := unmetered.RecordRequest{Name: "a-app", Type: unmetered.RecordTypeTXT, TTL: 300, Content: owner}
	filter := func(r unmetered.RecordRequest) unmetered.RecordFilter {
		return unmetered.RecordFilter{Name: r.Name, Type: r.Type, Content: r.Content}
	}
	writes := func() int {
		return srv.Count("POST", recordsRoute) + srv.Count("PUT", recordsRoute+"/@id") + srv.Count("DELETE", recordsRoute+"/@id")
	}
	edit := func(e unmetered.ZoneEdit) *unmetered.ApplyReport {
		t.Helper()
		rep, err := client.DNS.EditZone(ctx, zone, e, unmetered.ApplyOptions{})
		require.NoError(t, err)
		return rep
	}

	create := unmetered.ZoneEdit{Add: []unmetered.RecordRequest{a("192.0.2.1", 300), txt}}
	assert.Len(t, edit(create).Applied, 2)
	w := writes()
	assert.Zero(t, edit(create).Planned, "the same request again changes nothing")
	assert.Equal(t, w, writes())
	full, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	var stored []string
	for _, r := range full.Records {
		if r.Name == "a-app" {
			stored = append(stored, r.Content)
		}
	}
	assert.Equal(t, []string{owner}, stored, "the TXT value comes back exactly as sent, quotes and all")

	rep := edit(unmetered.ZoneEdit{
		Remove: []unmetered.RecordFilter{filter(a("192.0.2.1", 300)), filter(txt)},
		Add:    []unmetered.RecordRequest{a("192.0.2.2", 300), txt},
	})
	require.Len(t, rep.Applied, 1, "the TXT record is the same in old and new: no change for it")
	assert.Equal(t, unmetered.ChangeUpdate, rep.Applied[0].Kind, "the A record is updated in place")
	assert.Equal(t, w+1, writes())

	rep = edit(unmetered.ZoneEdit{Remove: []unmetered.RecordFilter{filter(a("192.0.2.2", 300)), filter(txt)}})
	assert.Len(t, rep.Applied, 2)
	assert.Empty(t, named(t, client, "app"))
	assert.Empty(t, named(t, client, "a-app"))
}
