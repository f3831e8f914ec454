package similarity_test

import (
	"math/rand/v2"
	"testing"

	"github.com/quotetrace/quotetrace/similarity"
)

func randomSet(rng *rand.Rand, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = rng.Uint64()
	}
	return similarity.SortUnique(out)
}

func benchSign(b *testing.B, scheme similarity.Scheme) {
	rng := rand.New(rand.NewPCG(1, 2))
	set := randomSet(rng, 600)
	s, _ := similarity.NewSigner(similarity.MinHashOptions{Scheme: scheme})
	sig := s.Sign(nil, set)
	b.ReportAllocs()
	for b.Loop() {
		sig = s.Sign(sig, set)
	}
}

func BenchmarkSignOnePermutation(b *testing.B) { benchSign(b, similarity.OnePermutation) }
func BenchmarkSignClassic(b *testing.B)        { benchSign(b, similarity.Classic) }

func BenchmarkJaccardExact(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 3))
	x, y := randomSet(rng, 600), randomSet(rng, 600)
	b.ReportAllocs()
	for b.Loop() {
		similarity.Jaccard(x, y)
	}
}

func BenchmarkIndexQuery(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 4))
	s, _ := similarity.NewSigner(similarity.MinHashOptions{})
	ix, _ := similarity.NewIndex(0.5, s.Size())
	var sigs []*similarity.Signature
	for i := range 10000 {
		sig := s.Sign(nil, randomSet(rng, 300))
		sigs = append(sigs, sig)
		_ = ix.Add(i, sig)
	}
	var out []similarity.Match
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		out = ix.Query(out[:0], sigs[i%len(sigs)])
		i++
	}
}

// BenchmarkSortUnique: an article's worth of shingle hashes.
func BenchmarkSortUnique(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	set := make([]uint64, 600)
	for i := range set {
		set[i] = rng.Uint64()
	}
	buf := make([]uint64, len(set))
	b.SetBytes(int64(8 * len(set)))
	b.ReportAllocs()
	for b.Loop() {
		copy(buf, set)
		similarity.SortUnique(buf)
	}
}
