//go:build unix

package unmetered

import (
	"syscall"
	"testing"
	"time"
)

// cpuMeter reports the CPU time the whole process spent per operation (user and system, every
// thread: the garbage collector's too, and a loopback server's) as "cpu-ns/op". On a machine
// shared with other work, wall time (ns/op) counts the time spent waiting for a core; CPU time
// does not, so it moves less with the load. Start it after any setup; call the function it
// returns when the loop ends.
func cpuMeter(b *testing.B) func() {
	start := processCPU()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
