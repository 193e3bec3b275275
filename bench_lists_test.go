package unmetered

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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

// plainInvoices is GET /invoice's response as the baseline decodes it.
type plainInvoices struct {
	Invoices []plainInvoice `json:"invoices"`
}

const benchInvoices = 10000

// BenchmarkInvoiceListDecode decodes a 10,000-invoice GET /invoice body as Billing.Invoices
// does and, as the baseline, with encoding/json into plainInvoice strings.
//
//	go test -run '^$' -bench InvoiceListDecode -benchmem -count 10
func BenchmarkInvoiceListDecode(b *testing.B) {
	body := invoiceListJSON(benchInvoices)
	b.Run("SDK", func(b *testing.B) {
		benchList(b, body, benchInvoices, func() (int, error) {
			out := &keyedList[invoiceWire, Invoice]{key: "invoices", conv: (*invoiceWire).public}
			_, err := out.decodeBody(body)
			return len(out.items), err
		})
	})
	b.Run("Plain", func(b *testing.B) {
		benchList(b, body, benchInvoices, func() (int, error) {
			var out plainInvoices
			err := json.Unmarshal(body, &out)
			return len(out.Invoices), err
		})
	})
}

// BenchmarkInvoicesSDK and BenchmarkInvoicesPlain are the small list call: Billing.Invoices on
// testdata/billing/invoices.json (two invoices) against net/http + encoding/json.
func BenchmarkInvoicesSDK(b *testing.B) {
	c := benchClient(b, fixtureServer(b, fixture(b, "billing/invoices.json")))
	ctx := context.Background()
	defer cpuMeter(b)()
	benchCalls(b, func() error {
		invoices, err := c.Billing.Invoices(ctx)
		if err == nil && len(invoices) != 2 {
			err = fmt.Errorf("decoded %d invoices, want 2", len(invoices))
		}
		return err
	})
}

func BenchmarkInvoicesPlain(b *testing.B) {
	srv := fixtureServer(b, fixture(b, "billing/invoices.json"))
	hc := plainClient(b)
	url := srv.URL + "/api/invoice"
	ctx := context.Background()
	defer cpuMeter(b)()
	benchCalls(b, func() error {
		var out plainInvoices
		err := plainGet(ctx, hc, url, &out)
		if err == nil && len(out.Invoices) != 2 {
			err = fmt.Errorf("decoded %d invoices, want 2", len(out.Invoices))
		}
		return err
	})
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
	b.Run("SDK", func(b *testing.B) {
		c := benchClient(b, fixtureServer(b, details),
			WithHTTPClient(&http.Client{Transport: sharedTransport(b, concurrentGoroutines)}))
		ctx := context.Background()
		defer cpuMeter(b)()
		runConcurrent(b, concurrentGoroutines, func() error { return sdkDetails(ctx, c) })
	})
	b.Run("Plain", func(b *testing.B) {
		srv := fixtureServer(b, details)
		hc := &http.Client{Transport: sharedTransport(b, concurrentGoroutines)}
		url := srv.URL + "/api/details"
		ctx := context.Background()
		defer cpuMeter(b)()
		runConcurrent(b, concurrentGoroutines, func() error { return plainDetailsCall(ctx, hc, url) })
	})
}
