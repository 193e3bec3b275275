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
)

// Benchmarks of the rows BENCHMARKS.md compares with plain net/http + encoding/json beyond
// bench_test.go's: the 10,000-invoice list, the small list call (Billing.Invoices) and 64
// goroutines sharing one client.

// invoiceListJSON is a GET /invoice response with n invoices, in the shape the portal sends
// (every scalar a string, slashes escaped as PHP's json_encode writes them, "0000-00-00 00:00:00"
// for an unpaid invoice's payment time, merge_id null unless merged).
func invoiceListJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"invoices":[`)
	statuses := []string{"Paid", "Unpaid", "Paid", "Cancelled", "Paid", "Refunded"}
	currencies := []string{"USD", "EUR", "DKK"}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		year, month, day := 2016+i%9, 1+i%12, 1+i%28
		status := statuses[i%len(statuses)]
		paid := "0000-00-00 00:00:00"
		if status == "Paid" {
			paid = fmt.Sprintf("%d-%02d-%02d %02d:%02d:%02d", year, month, day, i%24, i%60, (i*7)%60)
		}
		merge := "null"
		if i%50 == 49 {
			merge = fmt.Sprintf(`"%d"`, 300000+i-1)
		}
		fmt.Fprintf(&b, `{"id":"%d","date":"%d-%02d-%02d","dateorig":"%d-%02d-%02d","duedate":"%d-%02d-%02d",`+
			`"paybefore":"%d-%02d-%02d","total":"%d.%02d","datepaid":"%s","status":"%s","merge_id":%s,`+
			`"number":"%d\/%02d\/%d","currency":"%s"}`,
			300000+i, year, month, day, year, month, day, year, month, day, year, month, day,
			5+i%200, i%100, paid, status, merge, year, month, 1+i%40, currencies[i%len(currencies)])
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// plainInvoice is the baseline: the list's fields as strings, decoded by encoding/json alone.
type plainInvoice struct {
	ID        string `json:"id"`
	Date      string `json:"date"`
	DateOrig  string `json:"dateorig"`
	DueDate   string `json:"duedate"`
	PayBefore string `json:"paybefore"`
	Total     string `json:"total"`
	DatePaid  string `json:"datepaid"`
	Status    string `json:"status"`
	MergeID   string `json:"merge_id"`
	Number    string `json:"number"`
	Currency  string `json:"currency"`
}

const benchInvoices = 10000

// BenchmarkInvoiceListDecode decodes a 10,000-invoice GET /invoice body as Billing.Invoices
// does and, as the baseline, with encoding/json into plainInvoice strings.
//
//	go test -run '^$' -bench InvoiceListDecode -benchmem -count 10
func BenchmarkInvoiceListDecode(b *testing.B) {
	body := invoiceListJSON(benchInvoices)
	b.Run("SDK", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		defer cpuMeter(b)()
		for i := 0; i < b.N; i++ {
			out := &keyedList[invoiceWire, Invoice]{key: "invoices", conv: (*invoiceWire).public}
			if _, err := out.decodeBody(body); err != nil || len(out.items) != benchInvoices {
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
				Invoices []plainInvoice `json:"invoices"`
			}
			if err := json.Unmarshal(body, &out); err != nil || len(out.Invoices) != benchInvoices {
				b.Fatal(err, len(out.Invoices))
			}
		}
	})
}

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

// BenchmarkInvoicesSDK and BenchmarkInvoicesPlain are the small list call: Billing.Invoices on
// testdata/billing/invoices.json (two invoices) against net/http + encoding/json.
func BenchmarkInvoicesSDK(b *testing.B) {
	srv := fixtureServer(b, fixture(b, "billing/invoices.json"))
	c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithBasicAuth(testUser, testPassword))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.rc.HTTPClient.CloseIdleConnections)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	defer cpuMeter(b)()
	for i := 0; i < b.N; i++ {
		invoices, err := c.Billing.Invoices(ctx)
		if err != nil || len(invoices) != 2 {
			b.Fatal(err, len(invoices))
		}
	}
}

func BenchmarkInvoicesPlain(b *testing.B) {
	srv := fixtureServer(b, fixture(b, "billing/invoices.json"))
	hc := &http.Client{Transport: defaultTransport()}
	b.Cleanup(hc.CloseIdleConnections)
	url := srv.URL + "/api/invoice"
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
			Invoices []plainInvoice `json:"invoices"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || len(out.Invoices) != 2 {
			b.Fatal(err, len(out.Invoices))
		}
	}
}

// concurrentGoroutines is how many goroutines BenchmarkConcurrent runs.
const concurrentGoroutines = 64

// BenchmarkConcurrent runs Account.Details from 64 goroutines sharing one client (Basic auth)
// and, as the baseline, the same request with net/http + encoding/json from 64 goroutines
// sharing one http.Client; both keep up to 64 idle connections. ns/op is wall time per call
// across all goroutines; calls/s is the throughput.
//
//	go test -run '^$' -bench Concurrent -benchmem -count 10
func BenchmarkConcurrent(b *testing.B) {
	details := fixture(b, "account/details.json")
	transport := func(b *testing.B) *http.Transport {
		tr := defaultTransport().(*http.Transport)
		tr.MaxIdleConnsPerHost = concurrentGoroutines
		b.Cleanup(tr.CloseIdleConnections)
		return tr
	}
	b.Run("SDK", func(b *testing.B) {
		srv := fixtureServer(b, details)
		c, err := NewClient(WithBaseURL(srv.URL+"/api"), WithBasicAuth(testUser, testPassword),
			WithHTTPClient(&http.Client{Transport: transport(b)}))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		runConcurrent(b, func() error {
			d, err := c.Account.Details(ctx)
			if err == nil && d.ID != 26 {
				err = fmt.Errorf("decoded id %d, want 26", d.ID)
			}
			return err
		})
	})
	b.Run("Plain", func(b *testing.B) {
		srv := fixtureServer(b, details)
		hc := &http.Client{Transport: transport(b)}
		url := srv.URL + "/api/details"
		ctx := context.Background()
		runConcurrent(b, func() error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				return err
			}
			req.SetBasicAuth(testUser, testPassword)
			req.Header.Set("Accept", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				return err
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
			if err == nil && out.Client.ID != "26" {
				err = fmt.Errorf("decoded id %q, want 26", out.Client.ID)
			}
			return err
		})
	})
}

// runConcurrent makes b.N calls of call from concurrentGoroutines goroutines started together,
// and reports calls/s and the CPU time per call.
func runConcurrent(b *testing.B, call func() error) {
	var next atomic.Int64
	var failed atomic.Value
	start := make(chan struct{})
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	stopCPU := cpuMeter(b)
	for g := 0; g < concurrentGoroutines; g++ {
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
	stopCPU()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}
