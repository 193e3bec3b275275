package unmetered

import "time"

// Exported for the tests of package unmetered_test, which drive clients against unmeteredtest
// (that package imports this one, so those tests cannot live inside it).

// VirtualClock is virtualClock (clock_test.go).
type VirtualClock = virtualClock

// NewVirtualClock returns a virtual clock at start for the given number of workers.
func NewVirtualClock(start time.Time, workers int) *VirtualClock {
	return newVirtualClock(start, workers)
}

// SetPacerClock makes c's pacer read and wait on clock. c must pace (not WithRateLimit(0, 0)).
func SetPacerClock(c *Client, clock *VirtualClock) { c.pacer.clock = clock }

// CountWindows is countWindows (pacing_test.go): arrivals counted per window of the fake's.
func CountWindows(arrivals []time.Time, window time.Duration) []int {
	return countWindows(arrivals, window)
}
