package zoneplan

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
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

func TestApplyBoundsConcurrency(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	flight := &inFlight{next: http.DefaultTransport}
	client, err := srv.Client(unmetered.WithHTTPClient(&http.Client{Transport: flight}))
	require.NoError(t, err)
	ctx := context.Background()
	zone, err := client.DNS.FindZone(ctx, "booble.com")
	require.NoError(t, err)
	var reqs []unmetered.RecordRequest
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		reqs = append(reqs, unmetered.RecordRequest{Name: n, Type: "A", Content: "192.0.2.1"})
	}
	created, err := client.DNS.CreateRecords(ctx, zone, reqs)
	require.NoError(t, err)

	// Eight updates, each held up a little by the server: three at a time, never more.
	var plan []Op
	for i := range created {
		r := created[i].Request()
		r.Content = "192.0.2.2"
		plan = append(plan, Op{Kind: "update", ID: created[i].ID, Old: &created[i], Record: &r})
	}
	srv.Fail("PUT", "/service/@id/dns/@id/records/@id", unmeteredtest.Fault{Times: 8, Delay: 30 * time.Millisecond})
	flight.highest = 0
	applied, err := Apply(ctx, client, zone, plan, 3, nil)
	require.NoError(t, err)
	assert.Equal(t, 8, applied)
	assert.LessOrEqual(t, flight.highest, 3, "at most concurrency requests in flight")
	assert.GreaterOrEqual(t, flight.highest, 2, "and more than one")
}

func TestApplyStopsAtTheFirstFailure(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	zone, err := client.DNS.FindZone(ctx, "booble.com")
	require.NoError(t, err)
	plan := []Op{
		{Kind: "delete", ID: 13, Old: &unmetered.ZoneRecord{ID: 13, Name: "qwerty", Type: "A"}},
		{Kind: "delete", ID: 999, Old: &unmetered.ZoneRecord{ID: 999, Name: "gone", Type: "A"}},
	}
	applied, err := Apply(ctx, client, zone, plan, 1, nil)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	assert.Contains(t, err.Error(), "delete #999 gone A")
	assert.Equal(t, 1, applied)
}

func TestApplyReportsEachChangeInPhases(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	zone, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	var desired []unmetered.RecordRequest
	for _, r := range []unmetered.RecordRequest{
		{Name: "a", Type: "A", TTL: 300, Content: "192.0.2.1"},
		{Name: "b", Type: "A", TTL: 300, Content: "192.0.2.2"},
		{Name: "qwerty", Type: "A", TTL: 1800, Content: "192.0.2.3"},
	} {
		c, err := r.Canonical(zone.Name)
		require.NoError(t, err)
		desired = append(desired, c)
	}
	plan := Plan(zone.Records, desired, []RRset{{"@", "TXT"}})
	require.Len(t, plan, 4)
	var seen []Kind
	applied, err := Apply(ctx, client, zone, plan, 2, func(op Op) { seen = append(seen, op.Kind) })
	require.NoError(t, err)
	assert.Equal(t, 4, applied)
	assert.Equal(t, []Kind{Create, Create, Update, Delete}, seen, "each change reported once, phase by phase")
	after, err := client.DNS.Zone(ctx, 10, 60)
	require.NoError(t, err)
	assert.Empty(t, Plan(after.Records, desired, []RRset{{"@", "TXT"}}))
}
