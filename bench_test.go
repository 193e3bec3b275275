package unmetered

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
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
