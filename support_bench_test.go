package unmetered

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
)

// attachmentSize is the size of the file served by BenchmarkAttachment.
const attachmentSize = 64 << 20

// patternReader generates n bytes of a repeating pattern without holding them.
type patternReader struct{ left int64 }

func (r *patternReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	for i := range p {
		p[i] = byte('a' + i%26)
	}
	r.left -= int64(len(p))
	return len(p), nil
}

// BenchmarkAttachment downloads a 64 MiB attachment from a loopback server and reads it with
// io.Copy into io.Discard. It reports the live heap's growth while the download is open
// ("heap-growth-B": HeapAlloc after the read, before Close, minus HeapAlloc after a GC before
// the request) and fails if it reaches 1 MiB: Attachment must stream, not buffer.
//
//	go test -run '^$' -bench Attachment -benchmem
func BenchmarkAttachment(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="big.bin"`)
		w.Header().Set("Content-Length", strconv.Itoa(attachmentSize))
		buf := make([]byte, 32<<10)
		_, _ = io.CopyBuffer(w, &patternReader{left: attachmentSize}, buf)
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithBasicAuth(testUser, testPassword))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()

	b.SetBytes(attachmentSize)
	b.ReportAllocs()
	var worst int64
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)

		a, err := c.Support.Attachment(ctx, "736633", "big.bin")
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, a.Body)
		if err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		_ = a.Body.Close()

		if n != attachmentSize || a.Size != attachmentSize || a.Name != "big.bin" {
			b.Fatalf("read %d bytes of %q (announced %d), want %d of big.bin", n, a.Name, a.Size, attachmentSize)
		}
		if growth := int64(after.HeapAlloc) - int64(before.HeapAlloc); growth > worst {
			worst = growth
		}
	}
	b.ReportMetric(float64(worst), "heap-growth-B")
	if worst >= 1<<20 {
		b.Fatalf("reading a %d MiB attachment grew the heap by %d bytes; want < 1 MiB", attachmentSize>>20, worst)
	}
}
