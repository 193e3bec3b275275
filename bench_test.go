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

func detailsServer(b *testing.B) *httptest.Server {
	body := fixture(b, "account/details.json")
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

func BenchmarkDetailsSDK(b *testing.B) {
	srv := detailsServer(b)
	c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithBasicAuth(testUser, testPassword))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	defer cpuMeter(b)()
	for i := 0; i < b.N; i++ {
		d, err := c.Account.Details(ctx)
		if err != nil || d.ID != 26 {
			b.Fatal(err)
		}
	}
}

func BenchmarkDetailsPlain(b *testing.B) {
	srv := detailsServer(b)
	hc := &http.Client{Transport: defaultTransport()}
	url := srv.URL + "/api/details"
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	defer cpuMeter(b)()
	for i := 0; i < b.N; i++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.SetBasicAuth(testUser, testPassword)
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out struct {
			Client struct {
				ID          string `json:"id"`
				Email       string `json:"email"`
				LastLogin   string `json:"lastlogin"`
				IP          string `json:"ip"`
				Host        string `json:"host"`
				FirstName   string `json:"firstname"`
				LastName    string `json:"lastname"`
				CompanyName string `json:"companyname"`
				Address1    string `json:"address1"`
				Address2    string `json:"address2"`
				City        string `json:"city"`
				State       string `json:"state"`
				PostCode    string `json:"postcode"`
				Country     string `json:"country"`
				Phone       string `json:"phonenumber"`
			} `json:"client"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || out.Client.ID != "26" {
			b.Fatal(err)
		}
	}
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

const benchDomains = 10000

// BenchmarkDomainListDecode decodes a 10,000-domain GET /domain body as Domains.List does
// (getListOf's decoder: each element into the wire form's Int, Date, Decimal and Bool, then
// converted into []Domain) and, as the baseline, with encoding/json into plainDomain strings.
//
//	go test -run '^$' -bench DomainListDecode -benchmem -count 10
func BenchmarkDomainListDecode(b *testing.B) {
	body := domainListJSON(benchDomains)
	b.Run("SDK", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		defer cpuMeter(b)()
		for i := 0; i < b.N; i++ {
			out := &keyedList[domainWire, Domain]{key: "domains", conv: (*domainWire).public}
			if _, err := out.decodeBody(body); err != nil || len(out.items) != benchDomains {
				b.Fatal(err, len(out.items))
			}
		}
	})
	b.Run("Plain", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		defer cpuMeter(b)()
		for i := 0; i < b.N; i++ {
			var out struct {
				Domains []plainDomain `json:"domains"`
			}
			if err := json.Unmarshal(body, &out); err != nil || len(out.Domains) != benchDomains {
				b.Fatal(err, len(out.Domains))
			}
		}
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
		c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithBasicAuth(testUser, testPassword))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(c.rc.HTTPClient.CloseIdleConnections)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		defer cpuMeter(b)()
		for i := 0; i < b.N; i++ {
			domains, err := c.Domains.List(ctx)
			if err != nil || len(domains) != benchDomains {
				b.Fatal(err, len(domains))
			}
		}
	})
	b.Run("Plain", func(b *testing.B) {
		hc := &http.Client{Transport: defaultTransport()}
		b.Cleanup(hc.CloseIdleConnections)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		defer cpuMeter(b)()
		for i := 0; i < b.N; i++ {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/domain", nil)
			req.SetBasicAuth(testUser, testPassword)
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var out struct {
				Domains []plainDomain `json:"domains"`
			}
			err = json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			if err != nil || len(out.Domains) != benchDomains {
				b.Fatal(err, len(out.Domains))
			}
		}
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
			defer srv.Close()
			tr := defaultTransport().(*http.Transport)
			tr.MaxIdleConnsPerHost = goroutines
			defer tr.CloseIdleConnections()
			c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithLogin(testUser, testPassword),
				WithHTTPClient(&http.Client{Transport: tr}))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
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
						if _, err := c.Account.Details(ctx); err != nil {
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
			if n := logins.Load(); n != 1 {
				b.Fatalf("%d goroutines sharing a client logged in %d times, want exactly 1", goroutines, n)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
		})
	}
}

// BenchmarkStallTimeout measures what the stall timeout (WithStallTimeout) costs a call:
// Account.Details to a loopback server with it on (the default) and off.
func BenchmarkStallTimeout(b *testing.B) {
	for _, bc := range []struct {
		name    string
		timeout time.Duration
	}{{"on", DefaultStallTimeout}, {"off", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			srv := detailsServer(b)
			c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithBasicAuth(testUser, testPassword), WithStallTimeout(bc.timeout))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d, err := c.Account.Details(ctx)
				if err != nil || d.ID != 26 {
					b.Fatal(err)
				}
			}
		})
	}
}
