package unmetered

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hostile bodies: a cancelled call stops before decoding, and a body over the size limit is
// refused without allocating more than the limit.

// cancelAtEOF is a response body that cancels the call's context once it has been read.
type cancelAtEOF struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c *cancelAtEOF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.cancel()
	}
	return n, err
}

func (c *cancelAtEOF) Close() error { return nil }

// A call whose context is cancelled while its body is read returns the context's error and
// does not go on to decode the body (which a hostile server can make expensive), whether the
// retry loop read the body (a 200) or the call did (a 503 the retries gave up on).
func TestCancelledCallDoesNotDecode(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 503} {
		env := newTestEnv(t, WithRetryMax(0))
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		rec := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
				Body: &cancelAtEOF{r: bytes.NewReader(fixture(t, "account/details.json")), cancel: cancel}, ContentLength: -1}, nil
		})
		_, err := env.client.Account.Details(cctx)
		require.ErrorIs(t, err, context.Canceled, "status %d", status)
		assert.Equal(t, 1, rec.count(), "sent once")
	}
}

// blankBody is a body of n spaces, made as it is read (it allocates nothing itself).
type blankBody struct{ n int64 }

func (s *blankBody) Read(p []byte) (int, error) {
	if s.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > s.n {
		p = p[:s.n]
	}
	for i := range p {
		p[i] = ' '
	}
	s.n -= int64(len(p))
	return len(p), nil
}

func (s *blankBody) Close() error { return nil }

// A body over the 32 MiB limit is refused without the allocations of growing a buffer by
// doubling (bytes.Buffer.ReadFrom allocated 128 MiB to refuse an unannounced 40 MiB body):
// nothing when its Content-Length announces it, at most the limit when it must be read to be
// found. An announced length under the limit is not trusted for more than 1 MiB before the
// bytes arrive. Not parallel: it measures the bytes allocated.
func TestOversizedBodyAllocatesAtMostTheLimit(t *testing.T) {
	const slack = 1 << 20 // the client's own allocations for a call, generously
	for _, tc := range []struct {
		name          string
		size, length  int64
		maxAlloc      uint64
		wantTooLarge  bool
		wantByteCount int
	}{
		{name: "announced", size: DefaultMaxResponseSize + 8<<20, length: DefaultMaxResponseSize + 8<<20, maxAlloc: slack, wantTooLarge: true},
		{name: "unannounced", size: DefaultMaxResponseSize + 8<<20, length: -1, maxAlloc: DefaultMaxResponseSize + slack, wantTooLarge: true},
		{name: "one byte over, unannounced", size: DefaultMaxResponseSize + 1, length: -1, maxAlloc: DefaultMaxResponseSize + slack, wantTooLarge: true},
		{name: "announced but not sent", size: 10, length: DefaultMaxResponseSize, maxAlloc: slack},
	} {
		env := newTestEnv(t, WithRetryMax(0))
		env.mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
				Body: &blankBody{n: tc.size}, ContentLength: tc.length}, nil
		})
		var err error
		alloc := allocatedBytes(func() {
			err = env.client.call(ctx, staticRoute(http.MethodGet, "/big").request(nil), nil)
		})
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr, tc.name)
		if tc.wantTooLarge {
			assert.Contains(t, err.Error(), "exceeds the SDK's 32 MiB limit", tc.name)
		}
		assert.LessOrEqual(t, alloc, tc.maxAlloc, "%s: bytes allocated (%d MiB)", tc.name, alloc>>20)
		t.Logf("%s: %d bytes allocated", tc.name, alloc)
	}
}
