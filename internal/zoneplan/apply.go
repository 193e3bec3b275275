package zoneplan

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	unmetered "github.com/unmetered/unmetered-go"
)

// Apply carries out plan on zone with at most concurrency requests in flight (at least 1), in
// three phases (creates, then updates, then deletes), so that an owned name never loses all its
// records on the way. Creates go in batches through DNS.CreateRecords, which reads the zone
// once per batch to find the new records' ids, rather than once per record. The first failure
// stops what has not started; Apply returns how many changes were applied and that failure.
//
// done, when not nil, is called after each change is applied, one call at a time (for
// progress reports).
func Apply(ctx context.Context, client *unmetered.Client, zone *unmetered.Zone, plan []Op, concurrency int, done func(Op)) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	concurrency = max(concurrency, 1)
	var applied atomic.Int64
	var firstErr error
	var once sync.Once
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}
	var doneMu sync.Mutex
	report := func(ops ...Op) {
		applied.Add(int64(len(ops)))
		if done == nil {
			return
		}
		doneMu.Lock()
		defer doneMu.Unlock()
		for _, op := range ops {
			done(op)
		}
	}

	byKind := map[Kind][]Op{}
	for _, op := range plan {
		byKind[op.Kind] = append(byKind[op.Kind], op)
	}

	// Creates: one batch per worker.
	creates := byKind[Create]
	batches := make([][]Op, min(concurrency, len(creates)))
	for i, op := range creates {
		batches[i%len(batches)] = append(batches[i%len(batches)], op)
	}
	parallel(len(batches), concurrency, func(i int) {
		reqs := make([]unmetered.RecordRequest, len(batches[i]))
		for j, op := range batches[i] {
			reqs[j] = *op.Record
		}
		recs, err := client.DNS.CreateRecords(ctx, zone, reqs)
		report(batches[i][:min(len(recs), len(reqs))]...)
		if err != nil {
			fail(fmt.Errorf("creating records: %w", err))
		}
	})

	// Updates, then deletes: one request each.
	for _, kind := range []Kind{Update, Delete} {
		ops := byKind[kind]
		if firstErr != nil {
			break
		}
		parallel(len(ops), concurrency, func(i int) {
			if ctx.Err() != nil {
				return
			}
			op := ops[i]
			var err error
			if op.Kind == Update {
				_, err = client.DNS.UpdateRecord(ctx, zone, op.ID, *op.Record)
			} else {
				err = client.DNS.DeleteRecord(ctx, zone, op.ID)
			}
			if err != nil {
				fail(fmt.Errorf("%s: %w", op, err))
				return
			}
			report(op)
		})
	}
	return int(applied.Load()), firstErr
}

// parallel calls f(0), ..., f(n-1) on at most workers goroutines and waits for them.
func parallel(n, workers int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
