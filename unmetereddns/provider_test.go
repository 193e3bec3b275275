package unmetereddns

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/libdns/libdns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func TestProviderFromCaddyJSON(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	// What a Caddy module unmarshals from {"dns": {"provider": {"name": "unmetered", ...}}}.
	cfg := `{"name": "unmetered", "username": "` + srv.Username() + `", "password": "` + srv.Password() +
		`", "auth": "JWT", "base_url": "` + srv.URL() + `"}`
	var p Provider
	require.NoError(t, json.Unmarshal([]byte(cfg), &p))
	assert.Equal(t, srv.Username(), p.Username)
	assert.Equal(t, "JWT", p.Auth)
	assert.Equal(t, srv.URL(), p.BaseURL)
	assert.Nil(t, p.Client)

	zones, err := p.ListZones(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, zones)
	assert.Equal(t, 1, srv.Count("POST", "/login"), "auth \"JWT\" logs in (any case)")

	out, err := json.Marshal(&p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"username": "`+srv.Username()+`", "password": "`+srv.Password()+`", "auth": "JWT", "base_url": "`+srv.URL()+`"}`,
		string(out), "the JSON tags are the issue's; the client is not serialised")
}

// TestZeroProviderWithCredentials: the zero value with a username and password works, with
// Basic auth by default, and builds its client once even when first used concurrently.
func TestZeroProviderWithCredentials(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	p := &Provider{Username: srv.Username(), Password: srv.Password(), BaseURL: srv.URL()}
	var wg sync.WaitGroup
	clients := make([]*unmetered.Client, 8)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := p.client()
			assert.NoError(t, err)
			clients[i] = c
		}()
	}
	wg.Wait()
	for _, c := range clients {
		assert.Same(t, clients[0], c, "one client for all callers")
	}
	recs := (&env{srv: srv, p: p}).get(t, serviceZone)
	assert.NotEmpty(t, recs)
	assert.Zero(t, srv.Count("POST", "/login"), "Basic auth by default")
	for _, r := range srv.Requests() {
		assert.Equal(t, "Basic", r.Auth)
	}
}

func TestProviderClientTakesPrecedence(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	// Fields that would not work: the Client is used instead.
	p := &Provider{Username: "someone", Password: "wrong", BaseURL: "https://unmetered.invalid/api", Client: c}
	_, err = p.GetRecords(context.Background(), serviceZone)
	require.NoError(t, err)
}

func TestProviderBadConfiguration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, tc := range map[string]struct {
		p    *Provider
		want string
	}{
		"nil provider":  {nil, "nil *Provider"},
		"zero provider": {&Provider{}, "needs a username and a password"},
		"no password":   {&Provider{Username: "joe@example.com"}, "needs a username and a password"},
		"unknown auth":  {&Provider{Username: "joe@example.com", Password: "secret", Auth: "oauth"}, `auth is "oauth"; use "basic"`},
		"plain http":    {&Provider{Username: "joe@example.com", Password: "secret", BaseURL: "http://portal.example.com/api"}, "is not https"},
		"bad base url":  {&Provider{Username: "joe@example.com", Password: "secret", BaseURL: "::"}, "base URL"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			calls := map[string]func() error{
				"Validate":      tc.p.Validate,
				"ListZones":     func() error { _, err := tc.p.ListZones(ctx); return err },
				"GetRecords":    func() error { _, err := tc.p.GetRecords(ctx, serviceZone); return err },
				"AppendRecords": func() error { _, err := tc.p.AppendRecords(ctx, serviceZone, nil); return err },
				"SetRecords":    func() error { _, err := tc.p.SetRecords(ctx, serviceZone, nil); return err },
				"DeleteRecords": func() error { _, err := tc.p.DeleteRecords(ctx, serviceZone, nil); return err },
			}
			for method, call := range calls {
				err := call()
				require.Error(t, err, method)
				assert.ErrorIs(t, err, unmetered.ErrInvalidArgument, method)
				assert.Contains(t, err.Error(), tc.want, method)
				assert.NotContains(t, err.Error(), "secret", "%s: no password in errors", method)
			}
		})
	}
}

func TestListZones(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	zones, err := e.p.ListZones(ctx)
	require.NoError(t, err)
	// The DNS-service zones booble.com and bgg12ooble.com, and the Active domain testname.com
	// (listed once although an expired registration shares the name); not the Pending
	// example.org.
	assert.Equal(t, []libdns.Zone{{Name: "bgg12ooble.com."}, {Name: "booble.com."}, {Name: "testname.com."}}, zones)

	// A name hosted by both is listed once, and its DNS-service zone is the one used.
	z, err := e.c.DNS.CreateZone(ctx, 10, "TestName.com")
	require.NoError(t, err)
	zones, err = e.p.ListZones(ctx)
	require.NoError(t, err)
	assert.Equal(t, []libdns.Zone{{Name: "bgg12ooble.com."}, {Name: "booble.com."}, {Name: "testname.com."}}, zones)
	recs := e.get(t, "TESTNAME.COM")
	assert.Equal(t, []libdns.RR{
		{Name: "@", TTL: 3600e9, Type: "NS", Data: "ns1.unmetered.management."},
		{Name: "@", TTL: 3600e9, Type: "NS", Data: "ns2.unmetered.management."},
	}, rrs(recs), "the DNS service's zone, not the registrar's records")
	for _, r := range recs {
		assert.NotNil(t, r.(libdns.NS).ProviderData, "a DNS-service record carries its id")
	}
	_, err = e.p.AppendRecords(ctx, "testname.com", []libdns.Record{libdns.TXT{Name: "x", Text: "service"}})
	require.NoError(t, err)
	full, err := e.c.DNS.Zone(ctx, z.ServiceID, z.ID)
	require.NoError(t, err)
	assert.Len(t, full.Records, 4, "SOA, two NS and the new TXT")
	reg, err := e.c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	assert.Len(t, reg, 3, "the registrar's records are untouched")
}

// TestZoneNames: zone names with or without the trailing dot, in any case.
func TestZoneNames(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	want := rrs(e.get(t, serviceZone))
	for _, name := range []string{"booble.com", "BOOBLE.COM.", " Booble.Com "} {
		assert.Equal(t, want, rrs(e.get(t, name)), name)
	}
	want = rrs(e.get(t, registrarZone))
	for _, name := range []string{"testname.com", "TestName.COM."} {
		assert.Equal(t, want, rrs(e.get(t, name)), name)
	}
}

func TestUnknownZone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	calls := map[string]func(zone string) error{
		"GetRecords": func(z string) error { _, err := e.p.GetRecords(ctx, z); return err },
		"AppendRecords": func(z string) error {
			_, err := e.p.AppendRecords(ctx, z, []libdns.Record{libdns.TXT{Name: "x", Text: "y"}})
			return err
		},
		"SetRecords": func(z string) error {
			_, err := e.p.SetRecords(ctx, z, []libdns.Record{libdns.TXT{Name: "x", Text: "y"}})
			return err
		},
		"DeleteRecords": func(z string) error {
			_, err := e.p.DeleteRecords(ctx, z, []libdns.Record{libdns.TXT{Name: "x"}})
			return err
		},
	}
	// example.org is Pending: the account has it, but its DNS is not the registrar's yet.
	// (A name in one of the account's zones, sub.booble.com., is no unknown zone: see
	// TestRecordsGoToTheZoneThatHoldsThem.)
	for _, zone := range []string{"nowhere.example.", "example.org."} {
		for method, call := range calls {
			err := call(zone)
			require.Error(t, err, "%s %s", method, zone)
			assert.ErrorIs(t, err, unmetered.ErrNotFound, method)
			assert.Contains(t, err.Error(), "zone "+zone, method)
			assert.Contains(t, err.Error(), "the account has no DNS zone and no active domain that is or holds ", method)
		}
	}
	assert.Zero(t, e.writes())

	_, err := e.p.GetRecords(ctx, " . ")
	assert.ErrorIs(t, err, unmetered.ErrInvalidArgument)
}

// TestZoneLookupFailure: a failure to list the zones is an error, not a fall-back to the
// registrar (the name may be the DNS service's).
func TestZoneLookupFailure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.Fail("GET", "/dns", unmeteredtest.Fault{Status: 500})
	_, err := e.p.GetRecords(context.Background(), registrarZone)
	require.Error(t, err)
	assert.ErrorIs(t, err, unmetered.ErrServer)
	assert.Contains(t, err.Error(), "zone testname.com.: listing the DNS zones")
	assert.Zero(t, e.srv.Count("GET", "/domain/@id/dns"))
}

// TestNoDNSService: an account whose GET /dns is the portal's {"error": ["invalid method"]}
// (no DNS hosting) still reaches its registrar zones.
func TestNoDNSService(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.Fail("GET", "/dns", unmeteredtest.Fault{Status: 200, Body: `{"error": ["invalid method"]}`, Times: 2})
	zones, err := e.p.ListZones(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []libdns.Zone{{Name: "testname.com."}}, zones)
	assert.NotEmpty(t, e.get(t, registrarZone))
}

func TestCanceledContext(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := []libdns.Record{libdns.TXT{Name: "x", Text: "y"}}
	for method, call := range map[string]func() error{
		"ListZones":     func() error { _, err := e.p.ListZones(ctx); return err },
		"GetRecords":    func() error { _, err := e.p.GetRecords(ctx, serviceZone); return err },
		"AppendRecords": func() error { _, err := e.p.AppendRecords(ctx, serviceZone, rec); return err },
		"SetRecords":    func() error { _, err := e.p.SetRecords(ctx, registrarZone, rec); return err },
		"DeleteRecords": func() error { _, err := e.p.DeleteRecords(ctx, registrarZone, rec); return err },
	} {
		assert.ErrorIs(t, call(), context.Canceled, method)
	}
	assert.Empty(t, e.srv.Requests(), "nothing sent")
}

// TestLockWaitHonoursContext: a call waiting for another change of its zone gives up when its
// context ends, and the zone's lock is released for others afterwards.
func TestLockWaitHonoursContext(t *testing.T) {
	e := newEnv(t)
	unlock, err := locks.acquire(context.Background(), "booble.com")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := e.p.AppendRecords(ctx, serviceZone, []libdns.Record{libdns.TXT{Name: "x", Text: "y"}})
		done <- err
	}()
	// Wait until the call waits for the lock (it then holds a second reference to it).
	require.Eventually(t, func() bool {
		locks.mu.Lock()
		defer locks.mu.Unlock()
		return locks.m["booble.com"] != nil && locks.m["booble.com"].refs == 2
	}, 5*time.Second, time.Millisecond)
	cancel()
	err = <-done
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "zone booble.com.: waiting for the zone's other changes")
	assert.Zero(t, e.writes())
	unlock()

	_, err = e.p.AppendRecords(context.Background(), serviceZone, []libdns.Record{libdns.TXT{Name: "x", Text: "y"}})
	require.NoError(t, err)
	locks.mu.Lock()
	defer locks.mu.Unlock()
	assert.NotContains(t, locks.m, "booble.com", "an unused lock leaves the map")
}

// TestMaybeAppliedThroughErrors: the provider's errors keep the SDK's verdict.
func TestMaybeAppliedThroughErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// A 502 from a proxy: the portal did not act, but the provider cannot know that.
	e.srv.Fail("POST", "/service/@service_id/dns/@zone_id/records", unmeteredtest.Fault{Status: 502})
	_, err := e.p.AppendRecords(context.Background(), serviceZone, []libdns.Record{libdns.TXT{Name: "_acme-challenge", Text: "token"}})
	require.Error(t, err)
	assert.True(t, unmetered.MaybeApplied(err), "the creation may have happened")
	assert.Contains(t, err.Error(), `zone booble.com.: unmetered: applied 0 of 1 changes to booble.com, 1 may have been applied: create _acme-challenge TXT ttl=default "token"`)
	var apiErr *unmetered.Error
	assert.True(t, errors.As(err, &apiErr))

	// The portal acted and the answer was lost: the zone, read back, holds the record, so the
	// creation is known to have happened.
	e.srv.Fail("POST", "/service/@service_id/dns/@zone_id/records", unmeteredtest.Fault{Status: 502, AfterAction: true})
	got, err := e.p.AppendRecords(context.Background(), serviceZone, []libdns.Record{libdns.TXT{Name: "_acme-challenge", Text: "lost answer"}})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.NotNil(t, got[0].(libdns.TXT).ProviderData, "with its id")
}
