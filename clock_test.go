package unmetered

import (
	"context"
	"sync"
	"time"
)

// virtualClock is a pacer clock for tests. Its time moves only in Sleep, and only when every
// worker of the test is asleep in it or finished: then it jumps to the earliest wake-up and
// wakes whoever is due. While any worker runs (sends a request, reads an answer), time stands
// still, so what a server on the same clock sees depends on the pacer alone, never on the
// machine's speed. With no workers declared (0) every Sleep advances the time at once, for a
// single goroutine.
type virtualClock struct {
	mu       sync.Mutex
	now      time.Time
	workers  int
	finished int
	sleepers []*sleeper
	slept    []time.Duration
}

type sleeper struct {
	until time.Time
	wake  <-chan struct{}
	due   chan struct{}
}

func newVirtualClock(start time.Time, workers int) *virtualClock {
	return &virtualClock{now: start, workers: workers}
}

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep waits until the clock has moved d on, wake is closed or ctx ends.
func (c *virtualClock) Sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	c.mu.Lock()
	c.slept = append(c.slept, d)
	s := &sleeper{until: c.now.Add(d), wake: wake, due: make(chan struct{})}
	c.sleepers = append(c.sleepers, s)
	c.advanceLocked()
	c.mu.Unlock()
	select {
	case <-s.due:
		return nil
	case <-wake:
		c.remove(s)
		return nil
	case <-ctx.Done():
		c.remove(s)
		return ctx.Err()
	}
}

// Finish tells the clock that one worker is done.
func (c *virtualClock) Finish() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished++
	c.advanceLocked()
}

// Run calls call(i) for each i below n, each on a goroutine of its own that is one of the
// clock's workers (it calls Finish when call returns), and returns their errors, by i, once
// every call has returned.
func (c *virtualClock) Run(n int, call func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			defer c.Finish()
			errs[i] = call(i)
		})
	}
	wg.Wait()
	return errs
}

// Slept returns the length of every Sleep so far, in order.
func (c *virtualClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

func (c *virtualClock) remove(s *sleeper) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, x := range c.sleepers {
		if x == s {
			c.sleepers = append(c.sleepers[:i], c.sleepers[i+1:]...)
			break
		}
	}
	c.advanceLocked()
}

// advanceLocked moves the time to the earliest wake-up if every worker is asleep or finished,
// and wakes the sleepers due. A sleeper whose wake channel is closed is about to run: it does
// not count as asleep.
func (c *virtualClock) advanceLocked() {
	asleep := 0
	for _, s := range c.sleepers {
		select {
		case <-s.wake:
			return
		default:
			asleep++
		}
	}
	if asleep == 0 || asleep+c.finished < c.workers {
		return
	}
	earliest := c.sleepers[0].until
	for _, s := range c.sleepers[1:] {
		if s.until.Before(earliest) {
			earliest = s.until
		}
	}
	if earliest.After(c.now) {
		c.now = earliest
	}
	kept := c.sleepers[:0]
	for _, s := range c.sleepers {
		if s.until.After(c.now) {
			kept = append(kept, s)
		} else {
			close(s.due)
		}
	}
	c.sleepers = kept
}
