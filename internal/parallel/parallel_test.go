package parallel_test

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/quotetrace/quotetrace/internal/parallel"
)

func TestRunVisitsEachOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 50} {
		seen := make([]int32, 100)
		var maxWorker atomic.Int32
		last := 0
		parallel.Run(workers, len(seen), func(w, i int) {
			atomic.AddInt32(&seen[i], 1)
			if int32(w) > maxWorker.Load() {
				maxWorker.Store(int32(w))
			}
		}, func(done, total int) {
			assert.Equal(t, last+1, done, "progress counts up one at a time")
			assert.Equal(t, 100, total)
			last = done
		})
		for i, n := range seen {
			assert.Equal(t, int32(1), n, "item %d", i)
		}
		assert.Equal(t, 100, last)
		assert.Less(t, int(maxWorker.Load()), max(workers, 1))
	}
	parallel.Run(2, 0, func(int, int) { t.Fatal("no work") }, nil)
}
