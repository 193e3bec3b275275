package unmetered_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// arrival is one attempt as the transport under the pacer saw it: when it left, and its status.
type arrival struct {
	at     time.Time
	status int
}

// arrivalLog is a transport that notes each attempt on the test's clock.
type arrivalLog struct {
	next  http.RoundTripper
	clock *unmetered.VirtualClock

	mu  sync.Mutex
	log []arrival
}

func (a *arrivalLog) RoundTrip(req *http.Request) (*http.Response, error) {
	at := a.clock.Now()
	resp, err := a.next.RoundTrip(req)
	status := 0
	if err == nil {
		status = resp.StatusCode
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.log = append(a.log, arrival{at, status})
	return resp, err
}

// A burst of concurrent calls on a new client, against the fake portal limited to k requests
// per window: every window gets at most k, no response is a 429, and no window is wasted. The
// fake and the client's pacer share a virtual clock that moves only while every caller waits,
// so the outcome does not depend on the machine's speed.
func TestPacingBurstAgainstTheFake(t *testing.T) {
	t.Parallel()
	const n, k, window = 30, 4, 100 * time.Millisecond
	start := time.Unix(1_800_000_000, 0)
	clock := unmetered.NewVirtualClock(start, n)
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithClock(clock.Now), unmeteredtest.WithRateLimit(k, window))
	arrivals := &arrivalLog{next: http.DefaultTransport.(*http.Transport).Clone(), clock: clock}
	c, err := srv.Client(unmetered.WithHTTPClient(&http.Client{Transport: arrivals}), unmetered.WithRetryWait(0, time.Minute))
	require.NoError(t, err)
	unmetered.SetPacerClock(c, clock)

	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer clock.Finish()
			_, errs[i] = c.DNS.List(context.Background())
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "call %d", i)
	}

	require.Len(t, arrivals.log, n, "one attempt per call: nothing was retried")
	var counts []int
	var windowStart time.Time
	for _, a := range arrivals.log { // the fake's windows: each starts with the first request after the last ended
		assert.NotEqual(t, http.StatusTooManyRequests, a.status)
		if len(counts) == 0 || !a.at.Before(windowStart.Add(window)) {
			windowStart = a.at
			counts = append(counts, 0)
		}
		counts[len(counts)-1]++
	}
	assert.Equal(t, []int{4, 4, 4, 4, 4, 4, 4, 2}, counts, "requests per window")
	assert.Equal(t, start.Add(7*window), arrivals.log[n-1].at, "the last call went as the eighth window opened")
}

// With the client's own limit the fake's limit is never reached either.
func TestWithRateLimitAgainstTheFake(t *testing.T) {
	t.Parallel()
	const n = 12
	start := time.Unix(1_800_000_000, 0)
	clock := unmetered.NewVirtualClock(start, n)
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithClock(clock.Now), unmeteredtest.WithRateLimit(5, time.Second))
	arrivals := &arrivalLog{next: http.DefaultTransport.(*http.Transport).Clone(), clock: clock}
	c, err := srv.Client(unmetered.WithHTTPClient(&http.Client{Transport: arrivals}), unmetered.WithRateLimit(3, time.Second))
	require.NoError(t, err)
	unmetered.SetPacerClock(c, clock)

	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer clock.Finish()
			_, err := c.DNS.List(context.Background())
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	require.Len(t, arrivals.log, n)
	for i, a := range arrivals.log {
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, start.Add(time.Duration(i/3)*time.Second), a.at, "call %d", i)
	}
}
