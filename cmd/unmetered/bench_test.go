package main

import (
	"context"
	"io"
	"testing"
)

// BenchmarkVersion is "unmetered version" in-process: building the command tree, parsing the
// command line, printing. It is what the command adds to a Go program's start-up (the whole
// process, measured from outside, is in BENCHMARKS.md).
func BenchmarkVersion(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		a := &app{in: nil, out: io.Discard, err: io.Discard}
		if code := run(context.Background(), a, []string{"version"}); code != 0 {
			b.Fatalf("exit code %d", code)
		}
	}
}
