package unmetereddns

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/libdns/libdns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// TestConcurrentAppendsAndDeletes: 16 goroutines each append a TXT record to the same zone at
// once (as ACME clients do for many names), half of them through a second Provider; all 16
// are there afterwards. Then 16 goroutines each delete their own at once: exactly those go,
// in a registrar zone too, where every deletion shifts the indexes of the records after it.
func TestConcurrentAppendsAndDeletes(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{serviceZone, registrarZone} {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			other, err := e.srv.Client(clientOpts...)
			require.NoError(t, err)
			providers := []*Provider{e.p, {Client: other}}
			ctx := context.Background()
			before := rrs(e.get(t, zone))

			const n = 16
			token := func(i int) string { return fmt.Sprintf("token-%02d", i) }
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got, err := providers[i%2].AppendRecords(ctx, zone, []libdns.Record{libdns.TXT{Name: "_acme-challenge", Text: token(i)}})
					if assert.NoError(t, err) && assert.Len(t, got, 1) {
						assert.Equal(t, token(i), got[0].(libdns.TXT).Text)
					}
				}()
			}
			wg.Wait()
			var texts []string
			for _, r := range withName(e.get(t, zone), "_acme-challenge") {
				texts = append(texts, r.(libdns.TXT).Text)
			}
			want := make([]string, n)
			for i := range want {
				want[i] = token(i)
			}
			assert.ElementsMatch(t, want, texts, "all 16 appends took effect")

			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got, err := providers[i%2].DeleteRecords(ctx, zone, []libdns.Record{libdns.TXT{Name: "_acme-challenge", Text: token(i)}})
					if assert.NoError(t, err) && assert.Len(t, got, 1, "deletes its own record") {
						assert.Equal(t, token(i), got[0].(libdns.TXT).Text)
					}
				}()
			}
			wg.Wait()
			assert.Equal(t, before, rrs(e.get(t, zone)), "exactly the 16 went; nothing else")
		})
	}
}

// outsideWriter is a transport for the provider's client that lets "someone else" (the
// portal's web interface, another program) change the registrar's records right after the
// provider has read them: after answers to GET /domain/47/dns, it calls act.
type outsideWriter struct {
	base http.RoundTripper
	mu   sync.Mutex
	gets int
	act  func(n int) // n: how many reads so far
}

func (w *outsideWriter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := w.base.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusOK && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/domain/47/dns") {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.gets++
		w.act(w.gets)
	}
	return resp, err
}

// withOutsideWriter gives the env's provider a client whose reads of domain 47's records are
// followed by act.
func (e *env) withOutsideWriter(t *testing.T, act func(n int)) {
	t.Helper()
	hooked, err := e.srv.Client(append(clientOpts, unmetered.WithHTTPClient(&http.Client{
		Transport: &outsideWriter{base: http.DefaultTransport, act: act},
	}))...)
	require.NoError(t, err)
	e.p = &Provider{Client: hooked}
}

// providerDeletes are the registrar deletions the server received, less those of the outside
// writer.
func (e *env) registrarDeletes(outside int) []string {
	var paths []string
	for _, r := range e.srv.Requests() {
		if r.Method == http.MethodDelete && r.Route == "/domain/@id/dns/@index" && r.Status == http.StatusOK {
			paths = append(paths, r.Path)
		}
	}
	return paths[outside:]
}

// TestRegistrarIndexShiftedByOutsideWriter: another writer removes a record before the one the
// provider is deleting, between the provider's read and its write, so that the index the
// provider read now holds the next record. The checked write notices, the provider finds its
// record at the new index and deletes that one: never the record that moved into the index.
func TestRegistrarIndexShiftedByOutsideWriter(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.withOutsideWriter(t, func(n int) {
		if n == 1 { // after the provider's first read: remove "test A", index 1
			require.NoError(t, e.c.Domains.DeleteDNSRecord(ctx, 47, 1))
		}
	})
	got, err := e.p.DeleteRecords(ctx, registrarZone, []libdns.Record{libdns.MX{Name: "@"}})
	require.NoError(t, err)
	assert.Equal(t, []libdns.Record{libdns.MX{Name: "@", TTL: hour, Preference: 10, Target: "mail.testname.com."}}, got)
	assert.Equal(t, []libdns.Record{libdns.CNAME{Name: "www", TTL: hour, Target: "testname.com."}}, e.get(t, registrarZone),
		"the CNAME, which moved into the MX's index 2, is still there")
	assert.Equal(t, []string{"/api/domain/47/dns/1"}, e.registrarDeletes(1), "the provider deleted index 1, where the MX had moved")
}

// TestRegistrarRecordChangedByOutsideWriter: another writer changes the very record the
// provider is deleting; the provider leaves it (it is not the record it was given) and
// reports nothing deleted.
func TestRegistrarRecordChangedByOutsideWriter(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.withOutsideWriter(t, func(n int) {
		if n == 1 {
			require.NoError(t, e.c.Domains.UpdateDNSRecord(ctx, 47, 3, unmetered.DomainDNSRecordRequest{Name: "www", Type: "CNAME", Content: "elsewhere.example"}))
		}
	})
	got, err := e.p.DeleteRecords(ctx, registrarZone, []libdns.Record{libdns.CNAME{Name: "www", Target: "testname.com."}})
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Empty(t, e.registrarDeletes(0))
	assert.Len(t, e.get(t, registrarZone), 3)
}

// TestRegistrarUpdateAfterShift: an update in place follows its record to its new index.
func TestRegistrarUpdateAfterShift(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.withOutsideWriter(t, func(n int) {
		if n == 1 {
			require.NoError(t, e.c.Domains.DeleteDNSRecord(ctx, 47, 1))
		}
	})
	got, err := e.p.SetRecords(ctx, registrarZone, []libdns.Record{libdns.CNAME{Name: "www", Target: "web.example.net."}})
	require.NoError(t, err)
	assert.Equal(t, []libdns.Record{libdns.CNAME{Name: "www", Target: "web.example.net."}}, got)
	assert.Equal(t, []libdns.Record{
		libdns.MX{Name: "@", TTL: hour, Preference: 10, Target: "mail.testname.com."},
		libdns.CNAME{Name: "www", Target: "web.example.net."},
	}, e.get(t, registrarZone), "the MX, now at the CNAME's old index 2, is untouched")
	var puts []string
	for _, r := range e.srv.Requests() {
		if r.Method == http.MethodPut {
			puts = append(puts, r.Path)
		}
	}
	assert.Equal(t, []string{"/api/domain/47/dns/2"}, puts)
}

// TestRegistrarConflictSurfaces: a writer that keeps moving the records (it rotates them after
// every read) defeats every retry; the provider then returns ErrConflict, naming the zone and
// the record, having deleted nothing.
func TestRegistrarConflictSurfaces(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	rotations := 0
	e.withOutsideWriter(t, func(int) {
		recs, err := e.c.Domains.DNSRecords(ctx, 47)
		require.NoError(t, err)
		first := recs[0]
		require.NoError(t, e.c.Domains.DeleteDNSRecord(ctx, 47, first.ID))
		require.NoError(t, e.c.Domains.CreateDNSRecord(ctx, 47, unmetered.DomainDNSRecordRequest{
			Name: first.Name, Type: first.Type, Priority: first.Priority, Content: first.Content,
		}))
		rotations++
	})
	// The target has TTL 0, which the rotation keeps (the SDK's request has no TTL): the record
	// stays identical, only its index keeps changing.
	_, err := e.p.DeleteRecords(ctx, registrarZone, []libdns.Record{libdns.Address{Name: "test"}})
	require.Error(t, err)
	assert.ErrorIs(t, err, unmetered.ErrConflict)
	assert.Contains(t, err.Error(), `unmetereddns: zone testname.com.: deleting test A "100.100.10.1"`)
	assert.Equal(t, rotations, len(e.registrarDeletes(0)), "every deletion was the outside writer's")
	assert.Len(t, e.get(t, registrarZone), 3, "no record lost")
}

// TestRegistrarUpdateNotReplayedOntoShiftedIndex: the provider's update of the MX acts but its
// answer is lost, and meanwhile another writer removes a record before it, so that the CNAME
// moves into the index the update was sent to. The update is not sent again (a replay would
// overwrite the CNAME, which the call was not given): SetRecords fails, saying the update may
// have been applied, and the CNAME is as it was.
func TestRegistrarUpdateNotReplayedOntoShiftedIndex(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.srv.Fail("PUT", "/domain/@id/dns/@index", unmeteredtest.Fault{AfterAction: true, DropConnection: true, OnStrike: func() {
		assert.NoError(t, e.c.Domains.DeleteDNSRecord(ctx, 47, 1)) // "test A": the MX moves to 1, the CNAME to 2
	}})
	_, err := e.p.SetRecords(ctx, registrarZone, []libdns.Record{libdns.MX{Name: "@", Preference: 20, Target: "mx2.testname.com."}})
	require.Error(t, err)
	assert.True(t, unmetered.MaybeApplied(err), "the update may have been applied: %v", err)
	assert.Contains(t, err.Error(), "unmetereddns: zone testname.com.")
	assert.Equal(t, 1, e.srv.Count("PUT", "/domain/@id/dns/@index"), "sent once")
	assert.Equal(t, []libdns.Record{
		libdns.MX{Name: "@", Preference: 20, Target: "mx2.testname.com."},
		libdns.CNAME{Name: "www", TTL: hour, Target: "testname.com."},
	}, e.get(t, registrarZone), "the MX updated once; the CNAME that moved into its index untouched")
}
