package unmetered

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Benchmarks of the SDK's per-call overhead. Run them with
//
//	go test -run '^$' -bench . -benchmem
//
// BenchmarkDetailsSDK and BenchmarkDetailsPlain make the same request to the same local server:
// the SDK through its whole path (options, auth, retrying transport, envelope check, flexible
// types), the baseline with net/http and encoding/json into a plain struct.

// fixtureServer serves body to every request that carries an Authorization header.
func fixtureServer(b *testing.B, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchClient is the SDK's side of a benchmark: a client of srv with Basic auth and opts.
func benchClient(b *testing.B, srv *httptest.Server, opts ...Option) *Client {
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL + "/api"), WithBasicAuth(testUser, testPassword)}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.rc.HTTPClient.CloseIdleConnections)
	return c
}

// plainClient is the baseline's side: an http.Client with the SDK's default transport.
func plainClient(b *testing.B) *http.Client {
	hc := &http.Client{Transport: defaultTransport()}
	b.Cleanup(hc.CloseIdleConnections)
	return hc
}

// sharedTransport is the default transport keeping up to n idle connections, for n goroutines.
func sharedTransport(b *testing.B, n int) *http.Transport {
	tr := defaultTransport().(*http.Transport)
	tr.MaxIdleConnsPerHost = n
	b.Cleanup(tr.CloseIdleConnections)
	return tr
}

// benchCalls runs call b.N times after the benchmark's setup, counting allocations; an error
// fails the benchmark.
func benchCalls(b *testing.B, call func() error) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchList runs list b.N times, counting allocations and CPU time: list reads body (its size
// gives MB/s) and returns how many elements it decoded, which must be n.
func benchList(b *testing.B, body []byte, n int, list func() (int, error)) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	defer cpuMeter(b)()
	for i := 0; i < b.N; i++ {
		if got, err := list(); err != nil || got != n {
			b.Fatal(err, got)
		}
	}
}

// sdkDetails is the SDK's call of the Account.Details benchmarks, its decoded ID checked.
func sdkDetails(ctx context.Context, c *Client) error {
	d, err := c.Account.Details(ctx)
	if err == nil && d.ID != 26 {
		err = fmt.Errorf("decoded id %d, want 26", d.ID)
	}
	return err
}

// plainDetailsCall is the baseline's: plainGet into plainDetails, its ID checked.
func plainDetailsCall(ctx context.Context, hc *http.Client, url string) error {
	var out plainDetails
	err := plainGet(ctx, hc, url, &out)
	if err == nil && out.Client.ID != "26" {
		err = fmt.Errorf("decoded id %q, want 26", out.Client.ID)
	}
	return err
}

func BenchmarkDetailsSDK(b *testing.B) {
	c := benchClient(b, fixtureServer(b, fixture(b, "account/details.json")))
	ctx := context.Background()
	defer cpuMeter(b)()
	benchCalls(b, func() error { return sdkDetails(ctx, c) })
}

func BenchmarkDetailsPlain(b *testing.B) {
	srv := fixtureServer(b, fixture(b, "account/details.json"))
	hc := plainClient(b)
	url := srv.URL + "/api/details"
	ctx := context.Background()
	defer cpuMeter(b)()
	benchCalls(b, func() error { return plainDetailsCall(ctx, hc, url) })
}

// domainListJSON is a GET /domain response with n domains, in the shape the portal sends (every
// scalar a string, "0000-00-00" for a missing date).
func domainListJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"domains":[`)
	statuses := []string{"Active", "Pending", "Expired", "Cancelled"}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		expires := fmt.Sprintf("20%02d-%02d-%02d", 17+i%10, 1+i%12, 1+i%28)
		if i%10 == 9 {
			expires = "0000-00-00"
		}
		fmt.Fprintf(&b, `{"id":"%d","name":"domain-%d.example.com","expires":"%s","recurring_amount":"%d.%02d",`+
			`"date_created":"2016-%02d-%02d","status":"%s","period":"%d","autorenew":"%d","daytoexpire":"%d"}`,
			1000+i, i, expires, 10+i%90, i%100, 1+i%12, 1+i%28, statuses[i%4], 1+i%3, i%2, i%365)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// plainDomain is the baseline: the same fields as strings, decoded by encoding/json alone.
type plainDomain struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Expires         string `json:"expires"`
	RecurringAmount string `json:"recurring_amount"`
	DateCreated     string `json:"date_created"`
	Status          string `json:"status"`
	Period          string `json:"period"`
	AutoRenew       string `json:"autorenew"`
	DaysToExpire    string `json:"daytoexpire"`
}

// plainDomains is GET /domain's response as the baseline decodes it.
type plainDomains struct {
	Domains []plainDomain `json:"domains"`
}

const benchDomains = 10000

// BenchmarkDomainListDecode decodes a 10,000-domain GET /domain body as Domains.List does
// (getListOf's decoder: each element into the wire form's Int, Date, Decimal and Bool, then
// converted into []Domain) and, as the baseline, with encoding/json into plainDomain strings.
//
//	go test -run '^$' -bench DomainListDecode -benchmem -count 10
func BenchmarkDomainListDecode(b *testing.B) {
	body := domainListJSON(benchDomains)
	b.Run("SDK", func(b *testing.B) {
		benchList(b, body, benchDomains, func() (int, error) {
			out := &keyedList[domainWire, Domain]{key: "domains", conv: (*domainWire).public}
			_, err := out.decodeBody(body)
			return len(out.items), err
		})
	})
	b.Run("Plain", func(b *testing.B) {
		benchList(b, body, benchDomains, func() (int, error) {
			var out plainDomains
			err := json.Unmarshal(body, &out)
			return len(out.Domains), err
		})
	})
}

// BenchmarkDomainListCall is the same list fetched from a loopback server: Domains.List against
// net/http + encoding/json into plainDomain.
//
//	go test -run '^$' -bench DomainListCall -benchmem -count 10
func BenchmarkDomainListCall(b *testing.B) {
	body := domainListJSON(benchDomains)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	ctx := context.Background()
	b.Run("SDK", func(b *testing.B) {
		c := benchClient(b, srv)
		benchList(b, body, benchDomains, func() (int, error) {
			domains, err := c.Domains.List(ctx)
			return len(domains), err
		})
	})
	b.Run("Plain", func(b *testing.B) {
		hc := plainClient(b)
		benchList(b, body, benchDomains, func() (int, error) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/domain", nil)
			req.SetBasicAuth(testUser, testPassword)
			resp, err := hc.Do(req)
			if err != nil {
				return 0, err
			}
			var out plainDomains
			err = json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			return len(out.Domains), err
		})
	})
}

// BenchmarkJWTShared runs Account.Details from 1, 4, 16 and 64 goroutines sharing one client
// built with WithLogin, against a loopback server with /login. All goroutines start together on
// a client that has not logged in yet; the benchmark fails unless exactly one login happened.
// ns/op is wall time per call across all goroutines (lower is better throughput).
//
//	go test -run '^$' -bench JWTShared -benchmem -count 10
func BenchmarkJWTShared(b *testing.B) {
	details := fixture(b, "account/details.json")
	for _, goroutines := range []int{1, 4, 16, 64} {
		b.Run(fmt.Sprintf("goroutines=%d", goroutines), func(b *testing.B) {
			var logins atomic.Int64
			token := makeJWT(farFuture, "bench")
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				switch {
				case r.Method == http.MethodPost && r.URL.Path == "/api/login":
					logins.Add(1)
					_, _ = fmt.Fprintf(w, `{"token":%q,"refresh":"r-bench"}`, token)
				case r.Header.Get("Authorization") != "Bearer "+token:
					w.WriteHeader(http.StatusUnauthorized)
					_, _ = w.Write([]byte(`{"error":["invalid token"]}`))
				default:
					_, _ = w.Write(details)
				}
			}))
			b.Cleanup(srv.Close)
			c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithLogin(testUser, testPassword),
				WithHTTPClient(&http.Client{Transport: sharedTransport(b, goroutines)}))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			runConcurrent(b, goroutines, func() error {
				_, err := c.Account.Details(ctx)
				return err
			})
			if n := logins.Load(); n != 1 {
				b.Fatalf("%d goroutines sharing a client logged in %d times, want exactly 1", goroutines, n)
			}
		})
	}
}

// runConcurrent makes b.N calls of call from that many goroutines started together, and
// reports calls/s.
func runConcurrent(b *testing.B, goroutines int, call func() error) {
	var next atomic.Int64
	var failed atomic.Value
	start := make(chan struct{})
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for next.Add(1) <= int64(b.N) {
				if err := call(); err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}

// BenchmarkStallTimeout measures what the stall timeout (WithStallTimeout) costs a call:
// Account.Details to a loopback server with it on (the default) and off.
func BenchmarkStallTimeout(b *testing.B) {
	for _, bc := range []struct {
		name    string
		timeout time.Duration
	}{{"on", DefaultStallTimeout}, {"off", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			c := benchClient(b, fixtureServer(b, fixture(b, "account/details.json")), WithStallTimeout(bc.timeout))
			ctx := context.Background()
			benchCalls(b, func() error { return sdkDetails(ctx, c) })
		})
	}
}
