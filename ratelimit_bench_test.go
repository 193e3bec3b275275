package unmetered_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The measured items of issue 17 (BENCHMARKS.md, "Rate limits as the real server counts them").

// BenchmarkReadsAfterLastLogin times reads (GET /details) against the fake as the real server
// answers, limiting logins (WithRateLimit, the recorded 25 per 240 s): JWT, a WithLogin client
// whose login took the window's last one (its answer said Remaining: 0); Basic, a Basic-auth
// client doing the same reads. The JWT client must read as fast as the Basic one (before, every
// read waited for the login's window, up to 15 s each). JWT-unlimited is the JWT client
// against a fake without a limit: what bearer tokens cost (in the same process, the fake looks
// each one up among those it has verified) apart from pacing. It fails on a second login or a
// 429. Run with -benchtime 1000x for 1,000 reads.
func BenchmarkReadsAfterLastLogin(b *testing.B) {
	for _, auth := range []string{"JWT", "Basic", "JWT-unlimited"} {
		b.Run(auth, func(b *testing.B) {
			opts := []unmeteredtest.Option{
				unmeteredtest.WithRateLimit(unmeteredtest.RecordedRateLimit, unmeteredtest.RecordedRateWindow)}
			if auth == "JWT-unlimited" {
				opts = nil
			}
			srv := unmeteredtest.NewTestServer(b, opts...)
			other, err := unmetered.NewClient(unmetered.WithBaseURL(srv.URL())) // another program's logins
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			for range unmeteredtest.RecordedRateLimit - 1 {
				if _, err := other.Auth.Login(ctx, srv.Username(), srv.Password()); err != nil {
					b.Fatal(err)
				}
			}
			c, err := srv.Client()
			if auth != "Basic" {
				c, err = srv.Client(unmetered.WithLogin(srv.Username(), srv.Password()))
			}
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.Account.Details(ctx); err != nil { // the JWT client logs in: Remaining 0
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := c.Account.Details(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			logins := srv.Count(http.MethodPost, "/login") - (unmeteredtest.RecordedRateLimit - 1)
			if auth != "Basic" && logins != 1 {
				b.Fatalf("the JWT client logged in %d times", logins)
			}
			if n := count429(srv); n > 0 {
				b.Fatalf("%d responses 429", n)
			}
			b.ReportMetric(float64(logins), "logins")
		})
	}
}

// BenchmarkReadsAfterLastLoginRatio is BenchmarkReadsAfterLastLogin's JWT and Basic clients on
// one fake, with a third, a JWT client that does not pace (WithRateLimit(0, 0)), reading in
// turn, each read timed: the ratios of their times are then measured under the same load,
// read by read. "jwt/basic" is the figure; "jwt/unpaced" is what pacing costs the JWT
// client (the rest of jwt/basic is what bearer tokens cost, the client's and the fake's, in the
// same process). Run with -benchtime 1000x: 1,000 reads each.
func BenchmarkReadsAfterLastLoginRatio(b *testing.B) {
	srv := unmeteredtest.NewTestServer(b,
		unmeteredtest.WithRateLimit(unmeteredtest.RecordedRateLimit, unmeteredtest.RecordedRateWindow))
	other, err := unmetered.NewClient(unmetered.WithBaseURL(srv.URL()))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for range unmeteredtest.RecordedRateLimit - 2 {
		if _, err := other.Auth.Login(ctx, srv.Username(), srv.Password()); err != nil {
			b.Fatal(err)
		}
	}
	login := unmetered.WithLogin(srv.Username(), srv.Password())
	var clients [3]*unmetered.Client // JWT, Basic, JWT unpaced
	for i, opts := range [][]unmetered.Option{{login}, nil, {login, unmetered.WithRateLimit(0, 0)}} {
		if clients[i], err = srv.Client(opts...); err != nil {
			b.Fatal(err)
		}
	}
	for _, i := range []int{2, 1, 0} { // the paced JWT client logs in last: Remaining 0
		if _, err := clients[i].Account.Details(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var took [3]time.Duration
	b.ResetTimer()
	for i := range 3 * b.N {
		c := (i + i/3) % 3 // each client in each place of the turn alike
		start := time.Now()
		if _, err := clients[c].Account.Details(ctx); err != nil {
			b.Fatal(err)
		}
		took[c] += time.Since(start)
	}
	b.StopTimer()
	if n := srv.Count(http.MethodPost, "/login"); n != unmeteredtest.RecordedRateLimit {
		b.Fatalf("%d logins, not %d", n, unmeteredtest.RecordedRateLimit)
	}
	if n := count429(srv); n > 0 {
		b.Fatalf("%d responses 429", n)
	}
	b.ReportMetric(float64(took[0].Nanoseconds())/float64(b.N), "jwt-ns/read")
	b.ReportMetric(float64(took[1].Nanoseconds())/float64(b.N), "basic-ns/read")
	b.ReportMetric(float64(took[0])/float64(took[1]), "jwt/basic")
	b.ReportMetric(float64(took[0])/float64(took[2]), "jwt/unpaced")
}

// BenchmarkEveryRequestLimit sends 1,000 requests (GET /dns, 25 goroutines) to the fake limiting
// every request to 25 per window (WithRequestRateLimit), its clock 1.5 s behind the client's,
// agreeing, or an hour ahead, and reports the 429s met and the wall time against the least the
// limit allows, 39 windows ("wall/min"). Reset comes in seconds from the answer (delta, a 100 ms
// window) or as a Unix time (unix, a 1 s window: the client puts it on its own clock through
// the server's whole-second Date headers, erring late). A 429 fails the benchmark. Run with
// -benchtime 1x: each iteration is a whole run.
func BenchmarkEveryRequestLimit(b *testing.B) {
	for _, f := range []struct {
		name   string
		format unmeteredtest.ResetFormat
		window time.Duration
	}{{"delta", unmeteredtest.ResetSeconds, 100 * time.Millisecond}, {"unix", unmeteredtest.ResetUnix, time.Second}} {
		for _, s := range []struct {
			name string
			skew time.Duration
		}{{"1.5s-behind", -1500 * time.Millisecond}, {"agreeing", 0}, {"1h-ahead", time.Hour}} {
			b.Run(f.name+"/"+s.name, func(b *testing.B) {
				const requests, limit, workers = 1000, unmeteredtest.RecordedRateLimit, 25
				var wall, least time.Duration
				limited := 0
				for range b.N {
					b.StopTimer()
					srv := unmeteredtest.NewServer(unmeteredtest.WithRequestLog(2*requests),
						unmeteredtest.WithClock(func() time.Time { return time.Now().Add(s.skew) }),
						unmeteredtest.WithRequestRateLimit(limit, f.window, f.format))
					c, err := srv.Client()
					if err != nil {
						b.Fatal(err)
					}
					var left atomic.Int64
					left.Store(requests)
					var wg sync.WaitGroup
					start := time.Now()
					b.StartTimer()
					for range workers {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for left.Add(-1) >= 0 {
								if _, err := c.DNS.List(context.Background()); err != nil {
									b.Error(err)
									return
								}
							}
						}()
					}
					wg.Wait()
					b.StopTimer()
					wall += time.Since(start)
					least += time.Duration((requests+limit-1)/limit-1) * f.window
					if n := count429(srv); n > 0 {
						b.Errorf("%d responses 429", n)
						limited += n
					}
					if n := srv.Count(http.MethodGet, "/dns"); n != requests {
						b.Errorf("%d requests reached the server, not %d", n, requests)
					}
					srv.Close()
				}
				b.ReportMetric(float64(limited)/float64(b.N), "429s/op")
				b.ReportMetric(wall.Seconds()/least.Seconds(), "wall/min")
			})
		}
	}
}

// count429 counts the responses 429 among the server's logged requests.
func count429(srv *unmeteredtest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			n++
		}
	}
	return n
}
