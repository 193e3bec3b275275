package unmetered

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What a call allocates, against plain net/http + encoding/json doing the same work: the
// issue's goal is that the SDK's path (auth, the retrying transport, pacing, the stall timeout,
// buffering, the envelope, the loose types) allocates no more. Both sides go through the same
// transport, which answers from memory, so only what each adds on top of it is counted, the
// same at every run (the loopback benchmarks, BenchmarkDetailsSDK and the others, count a
// server's allocations too).

// cannedTransport answers every request with 200 and body, as a server that has it ready
// would, without a network.
type cannedTransport struct{ body []byte }

func (t cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(t.body)),
		ContentLength: int64(len(t.body)),
		Request:       req,
	}, nil
}

// plainDetails is GET /details's client as plain structs of strings decode it.
type plainDetails struct {
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

// plainGet is the baseline's call: a GET with Basic auth, its JSON answer decoded into out.
func plainGet(ctx context.Context, hc *http.Client, url string, out any) error {
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
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(out)
}

func TestCallAllocatesNoMoreThanPlain(t *testing.T) {
	// Not parallel: allocations are counted for the whole process.
	skipUnderRace(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, fixture, path string
		sdk                 func(*Client) error
		plain               func() any // a fresh value to decode into
	}{
		{"Account.Details", "account/details.json", "/details",
			func(c *Client) error { _, err := c.Account.Details(ctx); return err },
			func() any { return new(plainDetails) }},
		{"Billing.Invoices", "billing/invoices.json", "/invoice",
			func(c *Client) error { _, err := c.Billing.Invoices(ctx); return err },
			func() any { return new(plainInvoices) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := cannedTransport{body: fixture(t, tc.fixture)}
			c, err := NewClient(WithBaseURL(testBaseURL), WithBasicAuth(testUser, testPassword),
				WithHTTPClient(&http.Client{Transport: rt}))
			require.NoError(t, err)
			hc := &http.Client{Transport: rt}
			url := testBaseURL + tc.path
			require.NoError(t, tc.sdk(c))
			require.NoError(t, plainGet(ctx, hc, url, tc.plain()))

			sdk := allocsPerCall(func() { _ = tc.sdk(c) })
			plain := allocsPerCall(func() { _ = plainGet(ctx, hc, url, tc.plain()) })
			t.Logf("per call: SDK %d allocations, %d bytes; plain %d allocations, %d bytes",
				sdk.allocs, sdk.bytes, plain.allocs, plain.bytes)
			assert.LessOrEqual(t, sdk.allocs, plain.allocs, "allocations")
			assert.LessOrEqual(t, sdk.bytes, plain.bytes, "bytes")
		})
	}
}

// skipUnderRace skips a test that counts allocations when the race detector is on: it adds
// its own, and sync.Pool drops what it is given at random.
func skipUnderRace(t *testing.T) {
	if raceEnabled {
		t.Skip("allocations are not the code's own under -race")
	}
}

// allocations are what a call allocates, on average.
type allocations struct{ allocs, bytes uint64 }

// allocsPerCall runs f 500 times (after one run to warm up) and returns what one run
// allocated on average, as testing.AllocsPerRun does for the count alone.
func allocsPerCall(f func()) allocations {
	const runs = 500
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return allocations{(after.Mallocs - before.Mallocs) / runs, (after.TotalAlloc - before.TotalAlloc) / runs}
}

// The stall timeout and pacing (both on by default) cost a call that meets no limit no
// allocation: the same call allocates as much with both turned off.
func TestStallTimeoutAndPacingAllocateNothing(t *testing.T) {
	// Not parallel: allocations are counted for the whole process.
	skipUnderRace(t)
	ctx := context.Background()
	rt := cannedTransport{body: fixture(t, "account/details.json")}
	client := func(opts ...Option) *Client {
		c, err := NewClient(append([]Option{WithBaseURL(testBaseURL), WithBasicAuth(testUser, testPassword),
			WithHTTPClient(&http.Client{Transport: rt})}, opts...)...)
		require.NoError(t, err)
		_, err = c.Account.Details(ctx)
		require.NoError(t, err)
		return c
	}
	on := client()
	off := client(WithStallTimeout(0), WithRateLimit(0, 0))
	stallOnly := client(WithRateLimit(0, 0))
	withOn := allocsPerCall(func() { _, _ = on.Account.Details(ctx) })
	withOff := allocsPerCall(func() { _, _ = off.Account.Details(ctx) })
	withStall := allocsPerCall(func() { _, _ = stallOnly.Account.Details(ctx) })
	t.Logf("per call: %d allocations, %d bytes with both; %d, %d with neither; %d, %d with the stall timeout alone",
		withOn.allocs, withOn.bytes, withOff.allocs, withOff.bytes, withStall.allocs, withStall.bytes)
	assert.Equal(t, withOff.allocs, withStall.allocs, "the stall timeout")
	assert.Equal(t, withOff.allocs, withOn.allocs, "the stall timeout and pacing")
}

// A list method decodes its list into one slice of the public type, with no slice of wire
// forms beside it: a call allocates the same as one whose answer is as long but holds an
// empty list (the body's buffer, the call's own), plus that slice and the elements' strings.
func TestListMethodsAllocateOneSlice(t *testing.T) {
	// Not parallel: allocations are counted for the whole process.
	skipUnderRace(t)
	const n = 5000
	ctx := context.Background()
	list := func(key string, element func(i int) string) (full, empty []byte) {
		full = []byte(`{"` + key + `":[`)
		for i := range n {
			if i > 0 {
				full = append(full, ',')
			}
			full = append(full, element(i)...)
		}
		full = append(full, "]}"...)
		empty = []byte(`{"` + key + `":[]`)
		empty = append(empty, bytes.Repeat([]byte(" "), len(full)-len(empty)-1)...)
		return full, append(empty, '}')
	}
	for _, tc := range []struct {
		name      string
		key       string
		element   func(i int) string
		call      func(*Client) (int, error)
		elemBytes uintptr
		strings   uint64 // bytes of strings per element, at most
	}{
		{"Domains.DNSRecords", "records", func(i int) string {
			return fmt.Sprintf(`{"id":"%d","name":"host-%d","type":"TXT","ttl":"300","priority":"0","content":"v=spf1 ip4:192.0.2.%d -all"}`, i, i, i%250)
		}, func(c *Client) (int, error) {
			rs, err := c.Domains.DNSRecords(ctx, 47)
			return len(rs), err
		}, reflect.TypeFor[DomainDNSRecord]().Size(), 80},
		{"DNS.Zones", "zones", func(i int) string {
			return fmt.Sprintf(`{"domain_id":"%d","name":"zone-%d.example.","service_id":"9"}`, 1+i, i)
		}, func(c *Client) (int, error) {
			zs, err := c.DNS.Zones(ctx, 9)
			return len(zs), err
		}, reflect.TypeFor[Zone]().Size(), 32},
	} {
		full, empty := list(tc.key, tc.element)
		allocated := func(body []byte, want int) uint64 {
			c, err := NewClient(WithBaseURL(testBaseURL), WithBasicAuth(testUser, testPassword),
				WithHTTPClient(&http.Client{Transport: cannedTransport{body: body}}))
			require.NoError(t, err)
			var got int
			b := bytesAllocated(func() { got, err = tc.call(c) })
			require.NoError(t, err, tc.name)
			require.Equal(t, want, got, tc.name)
			return b
		}
		withList, without := allocated(full, n), allocated(empty, 0)
		limit := without + n*(uint64(tc.elemBytes)+tc.strings)
		t.Logf("%s: %d bytes allocated for %d elements, %d for none; the public slice is %d",
			tc.name, withList, n, without, n*tc.elemBytes)
		assert.LessOrEqual(t, withList, limit, tc.name)
	}
}
