//go:build !unix

package unmetered

import "testing"

// cpuMeter reports nothing where getrusage is not available (see bench_cpu_unix_test.go).
func cpuMeter(*testing.B) func() { return func() {} }
