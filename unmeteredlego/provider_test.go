package unmeteredlego

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The fake's routes that change a zone's records.
const (
	createRoute = "/service/@id/dns/@id/records"
	deleteRoute = "/service/@id/dns/@id/records/@id"
)

func TestPresentAddsTheChallengeRecord(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, func(c *Config) { c.TTL = 300 })
	ctx := context.Background()

	require.NoError(t, p.Present(ctx, "booble.com", "token-1", "token-1.thumbprint"))

	want := challengeValue("token-1.thumbprint")
	recs := txt(t, srv, zone, "_acme-challenge")
	require.Len(t, recs, 1)
	assert.Equal(t, want, recs[0].Content, "the SDK reads the value unquoted")
	assert.Equal(t, int64(300), recs[0].TTL, "Config.TTL")
	assert.Equal(t, 1, srv.Count(http.MethodPost, createRoute), "one record created")

	// On the wire, as the real server stores it: an absolute name, the value in quotes.
	c, err := srv.Client()
	require.NoError(t, err)
	var raw json.RawMessage
	require.NoError(t, c.Do(ctx, http.MethodGet, fmt.Sprintf("/service/%d/dns/%d", serviceID, zoneID), nil, &raw))
	assert.Contains(t, string(raw), `"name":"_acme-challenge.booble.com"`)
	assert.Contains(t, string(raw), `"content":"\"`+want+`\""`)
}

func TestPresentTwiceAddsOneRecord(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, nil)
	ctx := context.Background()
	require.NoError(t, p.Present(ctx, "booble.com", "tok", "tok.key"))
	require.NoError(t, p.Present(ctx, "BOOBLE.com", "tok", "tok.key"), "a retried challenge")
	assert.Equal(t, []string{challengeValue("tok.key")}, contents(txt(t, srv, zone, "_acme-challenge")))
	assert.Equal(t, 1, srv.Count(http.MethodPost, createRoute))
}

func TestCleanUpRemovesOnlyItsValue(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, nil)
	ctx := context.Background()
	// Someone else's TXT record at the challenge's name, and the apex's SPF record.
	c, err := srv.Client()
	require.NoError(t, err)
	z, err := c.DNS.FindZone(ctx, zone)
	require.NoError(t, err)
	_, err = c.DNS.CreateRecord(ctx, z, unmetered.RecordRequest{Name: "_acme-challenge", Type: unmetered.RecordTypeTXT, TTL: 60, Content: "someone else's"})
	require.NoError(t, err)

	require.NoError(t, p.Present(ctx, "booble.com", "tok", "tok.key"))
	assert.ElementsMatch(t, []string{"someone else's", challengeValue("tok.key")}, contents(txt(t, srv, zone, "_acme-challenge")))
	require.NoError(t, p.CleanUp(ctx, "booble.com", "tok", "tok.key"))

	assert.Equal(t, []string{"someone else's"}, contents(txt(t, srv, zone, "_acme-challenge")))
	assert.Equal(t, []string{"v=spf1 mx -all"}, contents(txt(t, srv, zone, "@")))
	assert.Equal(t, 1, srv.Count(http.MethodDelete, deleteRoute), "exactly one record deleted")
}

func TestCleanUpOfAnAbsentValue(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, nil)
	require.NoError(t, p.CleanUp(context.Background(), "booble.com", "tok", "never.presented"))
	assert.Zero(t, srv.Count(http.MethodDelete, deleteRoute))
	assert.Equal(t, []string{"v=spf1 mx -all"}, contents(txt(t, srv, zone, "@")))
}

// A wildcard and its apex (*.booble.com and booble.com) are two challenges at one name,
// _acme-challenge.booble.com, which lego solves at the same time: neither may disturb the
// other, whatever the order of the requests.
func TestConcurrentChallengesOnOneName(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, nil)
	ctx := context.Background()
	const n = 6
	keyAuth := func(i int) string { return fmt.Sprintf("token-%d.thumbprint", i) }
	var want []string
	for i := range n {
		want = append(want, challengeValue(keyAuth(i)))
	}

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = p.Present(ctx, "booble.com", "", keyAuth(i)) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.ElementsMatch(t, want, contents(txt(t, srv, zone, "_acme-challenge")))

	// Half are cleaned up while the others are presented again (a retry): the others stay.
	for i := range n {
		wg.Go(func() {
			if i%2 == 0 {
				errs[i] = p.CleanUp(ctx, "booble.com", "", keyAuth(i))
			} else {
				errs[i] = p.Present(ctx, "booble.com", "", keyAuth(i))
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.ElementsMatch(t, []string{want[1], want[3], want[5]}, contents(txt(t, srv, zone, "_acme-challenge")))

	for i := 1; i < n; i += 2 {
		wg.Go(func() { errs[i] = p.CleanUp(ctx, "booble.com", "", keyAuth(i)) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Empty(t, txt(t, srv, zone, "_acme-challenge"))
	assert.Equal(t, n, srv.Count(http.MethodPost, createRoute), "each value created once")
	assert.Equal(t, n, srv.Count(http.MethodDelete, deleteRoute), "each value deleted once")
}

// The zone is the account's zone whose name is the longest suffix of the challenge's name:
// with sub.booble.com beside booble.com, www.sub.booble.com's record goes to the sub-zone.
func TestZoneByLongestSuffix(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, nil)
	ctx := context.Background()
	c, err := srv.Client()
	require.NoError(t, err)
	_, err = c.DNS.CreateZone(ctx, serviceID, "sub.booble.com")
	require.NoError(t, err)

	require.NoError(t, p.Present(ctx, "www.sub.booble.com", "", "sub.key"))
	require.NoError(t, p.Present(ctx, "www.booble.com", "", "www.key"))
	require.NoError(t, p.Present(ctx, "notsub.booble.com", "", "notsub.key"))

	assert.Equal(t, []string{challengeValue("sub.key")}, contents(txt(t, srv, "sub.booble.com", "_acme-challenge.www")))
	assert.Equal(t, []string{challengeValue("www.key")}, contents(txt(t, srv, zone, "_acme-challenge.www")))
	assert.Equal(t, []string{challengeValue("notsub.key")}, contents(txt(t, srv, zone, "_acme-challenge.notsub")))
	assert.Empty(t, txt(t, srv, zone, "_acme-challenge.www.sub"), "nothing in the parent zone")

	require.NoError(t, p.CleanUp(ctx, "www.sub.booble.com", "", "sub.key"))
	assert.Empty(t, txt(t, srv, "sub.booble.com", "_acme-challenge.www"))
	assert.Equal(t, []string{challengeValue("www.key")}, contents(txt(t, srv, zone, "_acme-challenge.www")))
}

func TestNameOutsideEveryZone(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, nil)
	ctx := context.Background()
	for _, call := range []struct {
		name string
		fn   func(ctx context.Context, domain, token, keyAuth string) error
	}{{"present", p.Present}, {"clean up", p.CleanUp}} {
		err := call.fn(ctx, "www.example.net", "", "key")
		require.ErrorIs(t, err, unmetered.ErrNotFound)
		assert.Equal(t, "unmetered: "+call.name+" _acme-challenge.www.example.net.: not found: the account has no DNS zone that holds _acme-challenge.www.example.net: none has its name or a parent domain's", err.Error())
	}
	// Nor a zone whose name only ends like the domain's.
	require.ErrorIs(t, p.Present(ctx, "xbooble.com", "", "key"), unmetered.ErrNotFound)
	assert.Zero(t, srv.Count(http.MethodPost, createRoute)+srv.Count(http.MethodDelete, deleteRoute))
}

// A CNAME at _acme-challenge.<domain> delegates the challenge: the record goes where it
// points, when that is in one of the account's zones (lego's EffectiveFQDN).
func TestChallengeDelegatedByCNAME(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, nil)
	ctx := context.Background()
	resolver.cname("_acme-challenge.shop.booble.com.", "shop.acme.bgg12ooble.com.")
	resolver.cname("_acme-challenge.away.booble.com.", "away.acme.example.net.")

	require.NoError(t, p.Present(ctx, "shop.booble.com", "", "shop.key"))
	assert.Equal(t, []string{challengeValue("shop.key")}, contents(txt(t, srv, otherZone, "shop.acme")))
	assert.Empty(t, txt(t, srv, zone, "_acme-challenge.shop"))
	require.NoError(t, p.CleanUp(ctx, "shop.booble.com", "", "shop.key"))
	assert.Empty(t, txt(t, srv, otherZone, "shop.acme"))

	err := p.Present(ctx, "away.booble.com", "", "away.key")
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	assert.Contains(t, err.Error(), "no DNS zone that holds away.acme.example.net")
	assert.Contains(t, err.Error(), "(_acme-challenge.away.booble.com. is a CNAME to it)")
}

// With Auth "jwt" a long-running process logs in once: the provider keeps its client and its
// session across challenges.
func TestJWTLogsInOnce(t *testing.T) {
	t.Parallel()
	srv, p := newProvider(t, func(c *Config) { c.Auth = "JWT" })
	ctx := context.Background()
	for _, d := range []string{"booble.com", "www.booble.com", "mail.booble.com"} {
		require.NoError(t, p.Present(ctx, d, "", d+".key"))
		require.NoError(t, p.CleanUp(ctx, d, "", d+".key"))
	}
	assert.Equal(t, 1, srv.Count(http.MethodPost, "/login"))
	for _, r := range srv.Requests() {
		if r.Route != "/login" {
			assert.Equal(t, "Bearer", r.Auth, "%s %s", r.Method, r.Path)
		}
	}
}

// recordingTransport records the headers of the requests sent through it.
type recordingTransport struct {
	mu      sync.Mutex
	headers []http.Header
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.headers = append(rt.headers, r.Header.Clone())
	rt.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// Config.HTTPClient carries every request, with Basic auth (the default) and the provider's
// user agent.
func TestConfigHTTPClientBasicAuthAndUserAgent(t *testing.T) {
	t.Parallel()
	rt := &recordingTransport{}
	srv, p := newProvider(t, func(c *Config) { c.HTTPClient = &http.Client{Transport: rt, Timeout: 5 * time.Second} })
	require.NoError(t, p.Present(context.Background(), "booble.com", "", "key"))
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	require.Len(t, rt.headers, len(reqs))
	for i, r := range reqs {
		assert.Equal(t, "Basic", r.Auth, "%s %s", r.Method, r.Path)
		assert.Equal(t, "unmeteredlego unmetered-go/"+unmetered.Version, rt.headers[i].Get("User-Agent"))
	}
	assert.Zero(t, srv.Count(http.MethodPost, "/login"))
}

func TestTimeoutIsTheConfigs(t *testing.T) {
	t.Parallel()
	_, p := newProvider(t, func(c *Config) { c.PropagationTimeout, c.PollingInterval = 5*time.Minute, 7*time.Second })
	timeout, interval := p.Timeout()
	assert.Equal(t, 5*time.Minute, timeout)
	assert.Equal(t, 7*time.Second, interval)
}

func TestRefusedLoginKeepsThePasswordOut(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	const password = "Tr0ub4dor&3-wrong"
	for _, auth := range []string{"basic", "jwt"} {
		p, err := NewDNSProviderConfig(&Config{Username: srv.Username(), Password: password, Auth: auth, BaseURL: srv.URL()})
		require.NoError(t, err)
		err = p.Present(context.Background(), "booble.com", "", "key")
		require.ErrorIs(t, err, unmetered.ErrUnauthorized, auth)
		assert.True(t, strings.HasPrefix(err.Error(), "unmetered: present _acme-challenge.booble.com.: "), err.Error())
		assert.NotContains(t, err.Error(), password)
		assert.Equal(t, 1, strings.Count(err.Error(), "unmetered: "), "the prefix once: %s", err)
	}
}

func TestNewDNSProviderConfigErrors(t *testing.T) {
	t.Parallel()
	const password = "s3cret-Passw0rd"
	for _, tc := range []struct {
		desc   string
		config *Config
		want   string
	}{
		{"nil", nil, "unmetered: invalid argument: the configuration of the DNS provider is nil"},
		{"no username", &Config{Password: password}, "unmetered: invalid argument: credentials missing: Username (UNMETERED_USERNAME)"},
		{"no password", &Config{Username: "joe@example.com"}, "unmetered: invalid argument: credentials missing: Password (UNMETERED_PASSWORD)"},
		{"neither", &Config{}, "unmetered: invalid argument: credentials missing: Username (UNMETERED_USERNAME) and Password (UNMETERED_PASSWORD)"},
		{"unknown auth", &Config{Username: "joe@example.com", Password: password, Auth: "oauth"}, `unmetered: invalid argument: Auth (UNMETERED_AUTH) is "oauth": use "basic" (the default) or "jwt"`},
		{"plain http", &Config{Username: "joe@example.com", Password: password, BaseURL: "http://portal.example.com/api"}, `unmetered: BaseURL (UNMETERED_BASE_URL): invalid argument: base URL "http://portal.example.com/api" is not https; plain http is only allowed for a loopback host`},
		{"credentials in the URL", &Config{Username: "joe@example.com", Password: password, BaseURL: "https://joe:" + password + "@portal.example.com/api"}, `unmetered: BaseURL (UNMETERED_BASE_URL): invalid argument: base URL "https://[REDACTED]@portal.example.com/api" must not carry credentials; use WithBasicAuth or WithLogin`},
		{"negative TTL", &Config{Username: "joe@example.com", Password: password, TTL: -1}, "unmetered: invalid argument: TTL (UNMETERED_TTL) is -1: give seconds, or 0 for the server's default"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			p, err := NewDNSProviderConfig(tc.config)
			require.ErrorIs(t, err, unmetered.ErrInvalidArgument)
			assert.Nil(t, p)
			assert.Equal(t, tc.want, err.Error())
			assert.NotContains(t, err.Error(), password)
		})
	}
}

func TestNewDNSProviderConfigAcceptsDefaults(t *testing.T) {
	t.Parallel()
	for _, auth := range []string{"", "basic", "Basic", " jwt "} {
		cfg := &Config{Username: "joe@example.com", Password: "pw", Auth: auth}
		p, err := NewDNSProviderConfig(cfg)
		require.NoError(t, err, "Auth %q", auth)
		require.NotNil(t, p)
	}
}

// The provider keeps a copy of its Config: changing the caller's afterwards changes nothing.
func TestConfigIsCopied(t *testing.T) {
	t.Parallel()
	cfg := &Config{Username: "joe@example.com", Password: "pw", PropagationTimeout: time.Minute, PollingInterval: time.Second}
	p, err := NewDNSProviderConfig(cfg)
	require.NoError(t, err)
	cfg.PropagationTimeout, cfg.PollingInterval = time.Hour, time.Hour
	timeout, interval := p.Timeout()
	assert.Equal(t, time.Minute, timeout)
	assert.Equal(t, time.Second, interval)
}
