package unmeteredlego

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-acme/lego/v5/challenge/dns01"
	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The seeded account of unmeteredtest: DNS service 10 holds zone 60, booble.com, with one TXT
// record at the apex ("v=spf1 mx -all"); DNS service 20 holds zone 61, bgg12ooble.com.
const (
	zone      = "booble.com"
	otherZone = "bgg12ooble.com"
	serviceID = 10
	zoneID    = 60
)

// resolver is the DNS resolver lego's dns01 asks, while the tests run, whether
// _acme-challenge.<domain> is a CNAME (dns01.GetChallengeInfo follows CNAMEs): a server on a
// loopback port that knows the CNAMEs the tests give it and answers NXDOMAIN for every other
// name, so that no test reaches the network.
var resolver = &fakeResolver{cnames: map[string]string{}}

func TestMain(m *testing.M) {
	addr, stop, err := resolver.start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the fake DNS resolver:", err)
		os.Exit(1)
	}
	dns01.SetDefaultClient(dns01.NewClient(&dns01.Options{RecursiveNameservers: []string{addr}, Timeout: 5 * time.Second}))
	code := m.Run()
	stop()
	os.Exit(code)
}

type fakeResolver struct {
	mu     sync.Mutex
	cnames map[string]string // lower-case FQDN -> target
}

// cname makes name (an FQDN) a CNAME to target.
func (f *fakeResolver) cname(name, target string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cnames[strings.ToLower(name)] = target
}

func (f *fakeResolver) start() (addr string, stop func(), err error) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &dns.Server{PacketConn: pc, Handler: f}
	go func() { _ = srv.ActivateAndServe() }()
	return pc.LocalAddr().String(), func() { _ = srv.Shutdown() }, nil
}

func (f *fakeResolver) ServeDNS(w dns.ResponseWriter, r *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(r)
	m.RecursionAvailable = true
	if len(r.Question) == 1 {
		q := r.Question[0]
		f.mu.Lock()
		target, ok := f.cnames[strings.ToLower(q.Name)]
		f.mu.Unlock()
		if ok {
			m.Answer = append(m.Answer, &dns.CNAME{
				Hdr:    dns.RR_Header{Name: q.Name, Rrtype: dns.TypeCNAME, Class: dns.ClassINET, Ttl: 60},
				Target: target,
			})
		} else {
			m.Rcode = dns.RcodeNameError
		}
	}
	_ = w.WriteMsg(m)
}

// newProvider starts a fake portal and returns it with a provider for it, configured as
// NewDNSProviderConfig is given it; adjust changes the Config first.
func newProvider(t *testing.T, adjust func(*Config)) (*unmeteredtest.Server, *DNSProvider) {
	t.Helper()
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithRequestLog(1<<12))
	cfg := &Config{
		Username:           srv.Username(),
		Password:           srv.Password(),
		BaseURL:            srv.URL(),
		TTL:                DefaultTTL,
		PropagationTimeout: DefaultPropagationTimeout,
		PollingInterval:    DefaultPollingInterval,
	}
	if adjust != nil {
		adjust(cfg)
	}
	p, err := NewDNSProviderConfig(cfg)
	require.NoError(t, err)
	return srv, p
}

// txt returns the TXT records at name (relative to the zone) of the fake's zone zone, as the
// SDK reads them: in canonical form, content unquoted.
func txt(t *testing.T, srv *unmeteredtest.Server, zone, name string) []unmetered.ZoneRecord {
	t.Helper()
	c, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	z, err := c.DNS.FindZone(ctx, zone)
	require.NoError(t, err)
	z, err = c.DNS.Zone(ctx, z.ServiceID, z.ID)
	require.NoError(t, err)
	var out []unmetered.ZoneRecord
	for _, r := range z.Records {
		if r.Type == unmetered.RecordTypeTXT && r.Name == name {
			out = append(out, r)
		}
	}
	return out
}

// contents returns the records' values.
func contents(recs []unmetered.ZoneRecord) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		out = append(out, r.Content)
	}
	return out
}

// challengeValue is the TXT value of a DNS-01 challenge with key authorization keyAuth
// (RFC 8555 section 8.4: base64url of its SHA-256, without padding), computed here rather
// than by lego, so that the tests check what lego hands the provider.
func challengeValue(keyAuth string) string {
	sum := sha256.Sum256([]byte(keyAuth))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
