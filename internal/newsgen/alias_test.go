package newsgen

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAliasDrawsByWeight compares the alias method's draws with the
// weights, zero weights included.
func TestAliasDrawsByWeight(t *testing.T) {
	w := []uint64{1000, 0, 1, 5000, 250, 250, 0, 3499}
	total := 0.0
	for _, x := range w {
		total += float64(x)
	}
	a := newAlias(w)
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 2_000_000
	got := make([]int, len(w))
	for range n {
		got[a.draw(rng)]++
	}
	for i, x := range w {
		p := float64(x) / total
		sd := math.Sqrt(n * p * (1 - p))
		assert.InDelta(t, n*p, float64(got[i]), 5*sd+1, "index %d", i)
	}
}

// TestWordDistributionIsZipf checks the word table's shares: the Zipf law
// over the vocabulary, names and numbers.
func TestWordDistributionIsZipf(t *testing.T) {
	d := wordDistribution(len(vocabulary))
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 4_000_000
	count := make([]int, len(table))
	for range n {
		count[d.draw(rng)]++
	}
	sum := 0.0
	for k := range vocabulary {
		sum += math.Pow(2.7+float64(k), -1.07)
	}
	for _, k := range []int{0, 1, 2, 10, 100, 1000} {
		p := 0.97 * math.Pow(2.7+float64(k), -1.07) / sum
		assert.InDelta(t, p, float64(count[k])/n, 5*math.Sqrt(p/n), "rank %d", k)
	}
	name, number := 0, 0
	for i, c := range count[len(vocabulary):] {
		if i < len(names) {
			name += c
		} else {
			number += c
		}
	}
	assert.InDelta(t, 0.02, float64(name)/n, 0.001)
	assert.InDelta(t, 0.01, float64(number)/n, 0.001)

	small := wordDistribution(100)
	for range 10000 {
		id := int(small.draw(rng))
		assert.True(t, id < 100 || id >= len(vocabulary), "a word beyond Vocab: %d", id)
	}
}
