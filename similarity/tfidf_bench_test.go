package similarity

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkTFIDFCount counts the terms of 2,000 documents of 600 words
// drawn from a Zipf vocabulary of 200,000, as a report counts a corpus's
// words for its near-duplicates' cosines, then makes each one's vector.
func BenchmarkTFIDFCount(b *testing.B) {
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 1, 200_000)
	docs := make([][]uint32, 2000)
	for i := range docs {
		docs[i] = make([]uint32, 600)
		for j := range docs[i] {
			docs[i][j] = uint32(zipf.Uint64() * 0x9e3779b97f4a7c15 >> 32)
		}
	}
	var v Vector
	for b.Loop() {
		var t TFIDF
		for _, d := range docs {
			t.Add(d)
		}
		t.Seal()
		for _, d := range docs {
			v = t.AppendVector(v, d)
		}
	}
}
