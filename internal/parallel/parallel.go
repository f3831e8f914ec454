// Package parallel runs indexed work on a fixed number of goroutines.
package parallel

import "sync"

// Run calls fn(worker, i) for every i in [0, n) on at most workers
// goroutines; worker in [0, workers) tells fn which of its per-worker
// buffers to use. If progress is not nil it is told, one call at a time,
// how many items are done. Run returns when all are.
func Run(workers, n int, fn func(worker, i int), progress func(done, total int)) {
	workers = min(max(workers, 1), max(n, 1))
	var wg sync.WaitGroup
	var mu sync.Mutex
	next, done := 0, 0
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(w, i)
				if progress != nil {
					mu.Lock()
					done++
					progress(done, n)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
}
