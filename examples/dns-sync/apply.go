package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/unmetered/unmetered-go"
)

// apply carries out a plan with at most concurrency requests in flight, in three phases
// (creates, then updates, then deletes), so that an owned name never loses all its records on
// the way. Creates go in batches through DNS.CreateRecords, which reads the zone once per
// batch to find the new records' ids, rather than once per record. The first failure stops
// what has not started; apply returns how many changes were applied.
func apply(ctx context.Context, client *unmetered.Client, zone *unmetered.Zone, plan []Op, concurrency int) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var applied atomic.Int64
	var firstErr error
	var once sync.Once
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}

	byKind := map[string][]Op{}
	for _, op := range plan {
		byKind[op.Kind] = append(byKind[op.Kind], op)
	}

	// Creates: one batch per worker.
	creates := byKind["create"]
	batches := make([][]unmetered.RecordRequest, min(concurrency, len(creates)))
	for i, op := range creates {
		batches[i%len(batches)] = append(batches[i%len(batches)], *op.Record)
	}
	parallel(len(batches), concurrency, func(i int) {
		recs, err := client.DNS.CreateRecords(ctx, zone, batches[i])
		applied.Add(int64(len(recs)))
		if err != nil {
			fail(fmt.Errorf("creating records: %w", err))
		}
	})

	// Updates, then deletes: one request each.
	for _, kind := range []string{"update", "delete"} {
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
			if op.Kind == "update" {
				_, err = client.DNS.UpdateRecord(ctx, zone, op.ID, *op.Record)
			} else {
				err = client.DNS.DeleteRecord(ctx, zone, op.ID)
			}
			if err != nil {
				fail(fmt.Errorf("%s: %w", op, err))
				return
			}
			applied.Add(1)
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
