package similarity_test

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/similarity"
)

func TestSetMeasures(t *testing.T) {
	cases := []struct {
		name              string
		a, b              []uint64
		jaccard, contains float64
	}{
		{"equal", []uint64{1, 2, 3}, []uint64{1, 2, 3}, 1, 1},
		{"disjoint", []uint64{1, 2}, []uint64{3, 4}, 0, 0},
		{"half", []uint64{1, 2, 3}, []uint64{2, 3, 4}, 0.5, 2.0 / 3},
		{"subset", []uint64{2, 3}, []uint64{1, 2, 3, 4}, 0.5, 1},
		{"empty", nil, nil, 0, 0},
		{"one empty", nil, []uint64{1}, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.InDelta(t, c.jaccard, similarity.Jaccard(c.a, c.b), 1e-12)
			assert.InDelta(t, c.contains, similarity.Containment(c.a, c.b), 1e-12)
		})
	}
	assert.Equal(t, []uint64{1, 2, 5}, similarity.SortUnique([]uint64{5, 1, 2, 5, 1}))
}

// pair returns two random sets of n elements each with Jaccard j (rounded).
func pair(rng *rand.Rand, n int, j float64) (a, b []uint64) {
	shared := int(math.Round(2 * j * float64(n) / (1 + j)))
	for range shared {
		x := rng.Uint64()
		a, b = append(a, x), append(b, x)
	}
	for range n - shared {
		a, b = append(a, rng.Uint64()), append(b, rng.Uint64())
	}
	return similarity.SortUnique(a), similarity.SortUnique(b)
}

func rmse(t *testing.T, scheme similarity.Scheme, n int) float64 {
	t.Helper()
	s, err := similarity.NewSigner(similarity.MinHashOptions{Scheme: scheme, Seed: 9})
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 2))
	sum, count := 0.0, 0
	for _, j := range []float64{0.1, 0.3, 0.5, 0.7, 0.9} {
		for range 40 {
			a, b := pair(rng, n, j)
			est, err := s.Sign(nil, a).Jaccard(s.Sign(nil, b))
			require.NoError(t, err)
			d := est - similarity.Jaccard(a, b)
			sum += d * d
			count++
		}
	}
	return math.Sqrt(sum / float64(count))
}

func TestMinHashAccuracy(t *testing.T) {
	// The standard error of a 128-value MinHash estimate is at most
	// sqrt(0.25/128) ≈ 0.044; both schemes must be within that.
	for _, n := range []int{20, 600} { // short texts exercise densification
		oph := rmse(t, similarity.OnePermutation, n)
		classic := rmse(t, similarity.Classic, n)
		t.Logf("n=%d RMSE one-permutation %.4f classic %.4f", n, oph, classic)
		assert.Less(t, oph, 0.05)
		assert.Less(t, classic, 0.05)
	}
}

func TestSignatureEdgeCases(t *testing.T) {
	s, err := similarity.NewSigner(similarity.MinHashOptions{})
	require.NoError(t, err)
	assert.Equal(t, similarity.DefaultSize, s.Size())

	emptySig := s.Sign(nil, nil)
	assert.True(t, emptySig.Empty())
	j, err := emptySig.Jaccard(s.Sign(nil, []uint64{1}))
	require.NoError(t, err)
	assert.Zero(t, j)
	assert.Empty(t, emptySig.AppendDense(nil))

	one := s.Sign(nil, []uint64{42})
	j, err = one.Jaccard(s.Sign(nil, []uint64{42, 42}))
	require.NoError(t, err)
	assert.Equal(t, 1.0, j, "repeats do not change a set")
	dense := one.AppendDense(nil)
	require.Len(t, dense, 128)
	for _, v := range dense {
		assert.Equal(t, dense[0], v, "one element fills every bin")
	}

	for _, opts := range []similarity.MinHashOptions{{Size: -1}, {Size: similarity.MaxSize + 1}, {Scheme: 7}} {
		_, err := similarity.NewSigner(opts)
		assert.ErrorIs(t, err, similarity.ErrParams)
	}
}

func TestMergeIsUnion(t *testing.T) {
	for _, scheme := range []similarity.Scheme{similarity.OnePermutation, similarity.Classic} {
		s, err := similarity.NewSigner(similarity.MinHashOptions{Scheme: scheme, Seed: 3, Size: 64})
		require.NoError(t, err)
		rng := rand.New(rand.NewPCG(3, 4))
		a, b := pair(rng, 50, 0.3)
		union := similarity.SortUnique(append(append([]uint64{}, a...), b...))

		merged := s.Sign(nil, a)
		clone := merged.Clone()
		require.NoError(t, merged.Merge(s.Sign(nil, b)))
		want, _ := s.Sign(nil, union).MarshalBinary()
		got, _ := merged.MarshalBinary()
		assert.Equal(t, want, got, "%v: merge equals the signature of the union", scheme)
		before, _ := s.Sign(nil, a).MarshalBinary()
		cloned, _ := clone.MarshalBinary()
		assert.Equal(t, before, cloned, "clone is independent")

		other, err := similarity.NewSigner(similarity.MinHashOptions{Scheme: scheme, Seed: 4, Size: 64})
		require.NoError(t, err)
		assert.ErrorIs(t, merged.Merge(other.Sign(nil, a)), similarity.ErrIncompatible)
		_, err = merged.Jaccard(other.Sign(nil, a))
		assert.ErrorIs(t, err, similarity.ErrIncompatible)
	}
}

func TestSignatureBinary(t *testing.T) {
	s, err := similarity.NewSigner(similarity.MinHashOptions{Seed: 77, Size: 16})
	require.NoError(t, err)
	sig := s.Sign(nil, []uint64{1, 2, 3})
	data, err := sig.MarshalBinary()
	require.NoError(t, err)
	appended, err := sig.AppendBinary([]byte("prefix"))
	require.NoError(t, err)
	assert.Equal(t, data, appended[len("prefix"):], "AppendBinary == MarshalBinary")

	var back similarity.Signature
	require.NoError(t, back.UnmarshalBinary(data))
	j, err := back.Jaccard(sig)
	require.NoError(t, err)
	assert.Equal(t, 1.0, j)

	bad := map[string]struct {
		data []byte
		err  error
	}{
		"empty":       {nil, similarity.ErrMalformed},
		"version":     {append([]byte{9}, data[1:]...), similarity.ErrVersion},
		"version 1":   {append([]byte{1}, data[1:]...), similarity.ErrVersion}, // of 64-bit word hashes
		"scheme":      {append([]byte{2, 9}, data[2:]...), similarity.ErrMalformed},
		"truncated":   {data[:len(data)-1], similarity.ErrMalformed},
		"trailing":    {append(bytes.Clone(data), 0), similarity.ErrMalformed},
		"zero size":   {[]byte{2, 0, 0}, similarity.ErrMalformed},
		"huge size":   {[]byte{2, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, similarity.ErrMalformed},
		"bad varint":  {[]byte{2, 0, 0xff}, similarity.ErrMalformed},
		"long varint": {append([]byte{2, 0, 0x90, 0x00}, data[3:]...), similarity.ErrMalformed},
	}
	for name, c := range bad {
		t.Run(name, func(t *testing.T) {
			var sig similarity.Signature
			assert.ErrorIs(t, sig.UnmarshalBinary(c.data), c.err)
		})
	}
}

func TestSignAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	hashes := make([]uint64, 600)
	for i := range hashes {
		hashes[i] = rng.Uint64()
	}
	s, err := similarity.NewSigner(similarity.MinHashOptions{})
	require.NoError(t, err)
	sig := s.Sign(nil, hashes)
	dense := sig.AppendDense(nil)
	assert.Zero(t, testing.AllocsPerRun(50, func() {
		sig = s.Sign(sig, hashes)
		dense = sig.AppendDense(dense[:0])
	}))
}

func TestOptimalParams(t *testing.T) {
	for _, th := range []float64{0.3, 0.5, 0.8} {
		p, err := similarity.OptimalParams(th, 128, 0.5, 0.5)
		require.NoError(t, err)
		assert.LessOrEqual(t, p.Bands*p.Rows, 128)
		// The S-curve of the chosen banding turns near the threshold.
		knee := math.Pow(1/float64(p.Bands), 1/float64(p.Rows))
		assert.InDelta(t, th, knee, 0.12, "threshold %v: %+v", th, p)
	}
	lo, _ := similarity.OptimalParams(0.3, 128, 0.5, 0.5)
	hi, _ := similarity.OptimalParams(0.8, 128, 0.5, 0.5)
	assert.Less(t, lo.Rows, hi.Rows, "a higher threshold wants longer bands")
	for _, bad := range []float64{0, 1, -1, math.NaN()} {
		_, err := similarity.OptimalParams(bad, 128, 0.5, 0.5)
		assert.ErrorIs(t, err, similarity.ErrParams)
	}
	_, err := similarity.NewIndexParams(similarity.LSHParams{Bands: 20, Rows: 10, Size: 128})
	assert.ErrorIs(t, err, similarity.ErrParams)
}

func TestIndexFindsSimilarSets(t *testing.T) {
	s, err := similarity.NewSigner(similarity.MinHashOptions{Seed: 1})
	require.NoError(t, err)
	ix, err := similarity.NewIndex(0.5, s.Size())
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(7, 8))

	// 200 unrelated sets, and for 50 of them a near copy (J≈0.85) and a
	// distant one (J≈0.1) to query with.
	var sets [][]uint64
	for i := range 200 {
		a, _ := pair(rng, 300, 0)
		sets = append(sets, a)
		require.NoError(t, ix.Add(i, s.Sign(nil, a)))
	}
	require.NoError(t, ix.Add(999, s.Sign(nil, nil)), "empty sets are accepted and not indexed")
	assert.Equal(t, 200, ix.Len())

	found, spurious := 0, 0
	for i := range 50 {
		near := mutate(rng, sets[i], 0.85)
		far := mutate(rng, sets[i], 0.1)
		for _, m := range ix.Query(nil, s.Sign(nil, near)) {
			assert.GreaterOrEqual(t, m.Similarity, 0.5)
			if m.ID == i {
				found++
			}
		}
		spurious += len(ix.Query(nil, s.Sign(nil, far)))
	}
	assert.GreaterOrEqual(t, found, 49, "recall at J=0.85")
	assert.Zero(t, spurious, "verified queries drop J=0.1")

	other, _ := similarity.NewSigner(similarity.MinHashOptions{Seed: 2})
	assert.ErrorIs(t, ix.Add(1000, other.Sign(nil, sets[0])), similarity.ErrIncompatible)
	assert.Empty(t, ix.Query(nil, other.Sign(nil, sets[0])))
	assert.Equal(t, []int{0}, ix.Candidates(nil, s.Sign(nil, sets[0]))[:1])
}

// mutate returns a set with Jaccard ≈ j to a, replacing elements.
func mutate(rng *rand.Rand, a []uint64, j float64) []uint64 {
	keep := int(math.Round(2 * j * float64(len(a)) / (1 + j)))
	out := append([]uint64{}, a[:keep]...)
	for len(out) < len(a) {
		out = append(out, rng.Uint64())
	}
	return similarity.SortUnique(out)
}

func TestTFIDF(t *testing.T) {
	v := similarity.NewVector([]uint64{3, 1, 3, 2}, []float64{1, 2, 1, 0})
	assert.Equal(t, []uint64{1, 3}, v.Indices)
	assert.Equal(t, []float64{2, 2}, v.Values)
	assert.InDelta(t, math.Sqrt(8), v.Norm(), 1e-12)
	assert.InDelta(t, 1, similarity.Cosine(v, v), 1e-12)
	assert.Zero(t, similarity.Cosine(v, similarity.NewVector([]uint64{7}, []float64{1})))
	assert.Zero(t, similarity.Cosine(v, similarity.Vector{}))

	var tf similarity.TFIDF
	tf.Add([]uint32{1, 2, 2})
	tf.Add([]uint32{1, 3})
	assert.Equal(t, 2, tf.Docs())
	assert.Less(t, tf.IDF(1), tf.IDF(2), "a term in every document weighs least")
	a, b := tf.Vector([]uint32{1, 2, 2}), tf.Vector([]uint32{1, 3})
	assert.InDelta(t, 2*tf.IDF(2), a.Values[1], 1e-12, "term frequency counts repeats")
	c := similarity.Cosine(a, b)
	assert.Greater(t, c, 0.0)
	assert.Less(t, c, 0.5)
}

// TestTFIDFVectorOfWordHashes: a vector's terms are sorted and distinct,
// each weighed by its count, for 32-bit word hashes spread over their
// range, in the numbers that take each path of the bucket sort.
func TestTFIDFVectorOfWordHashes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{10, 600, 5000} {
		terms := make([]uint32, n)
		for i := range terms {
			terms[i] = rng.Uint32()
			if i%10 == 9 {
				terms[i] = terms[i-1] // a repeat
			}
		}
		var tf similarity.TFIDF
		tf.Add(terms)
		tf.Add(terms[:n/2])
		v := tf.Vector(terms)
		counts := map[uint32]int{}
		for _, x := range terms {
			counts[x]++
		}
		require.Len(t, v.Indices, len(counts), "%d terms", n)
		for i, x := range v.Indices {
			if i > 0 {
				require.Less(t, v.Indices[i-1], x, "%d terms: sorted and distinct", n)
			}
			assert.InDelta(t, float64(counts[uint32(x)])*tf.IDF(uint32(x)), v.Values[i], 1e-12)
		}
	}
}

// TestTFIDFMergeAndSeal: a corpus counted in parts and merged weighs terms
// as one counted whole, and sealing changes no vector.
func TestTFIDFMergeAndSeal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	docs := make([][]uint32, 300)
	for i := range docs {
		for range 50 {
			docs[i] = append(docs[i], uint32(rng.IntN(400))) // repeats and shared terms
		}
	}
	var whole, a, b similarity.TFIDF
	for i, d := range docs {
		whole.Add(d)
		if i%3 == 0 {
			a.Add(d)
		} else {
			b.Add(d)
		}
	}
	a.Merge(&b)
	require.Equal(t, whole.Docs(), a.Docs())
	a.Seal()
	for _, d := range docs[:20] {
		want, got := whole.Vector(d), a.Vector(d)
		require.Equal(t, want.Indices, got.Indices)
		require.InDeltaSlice(t, want.Values, got.Values, 1e-12)
		reused := a.AppendVector(similarity.Vector{Indices: make([]uint64, 3, 100)}, d)
		assert.Equal(t, got, reused)
	}
}

func FuzzSignatureUnmarshal(f *testing.F) {
	s, _ := similarity.NewSigner(similarity.MinHashOptions{Size: 4, Seed: 1})
	good, _ := s.Sign(nil, []uint64{1, 2}).MarshalBinary()
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{2, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		var sig similarity.Signature
		if err := sig.UnmarshalBinary(data); err != nil {
			for _, known := range []error{similarity.ErrMalformed, similarity.ErrVersion} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("unknown error %v", err)
		}
		again, err := sig.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("round trip: %x -> %x (%v)", data, again, err)
		}
	})
}

func TestBandKeysMatchIndex(t *testing.T) {
	s, err := similarity.NewSigner(similarity.MinHashOptions{Seed: 5})
	require.NoError(t, err)
	ix, err := similarity.NewIndex(0.5, s.Size())
	require.NoError(t, err)
	p := ix.Params()
	rng := rand.New(rand.NewPCG(9, 9))
	a, _ := pair(rng, 300, 0)
	near := mutate(rng, a, 0.8)
	ka := p.AppendBandKeys(nil, s.Sign(nil, a))
	kn := p.AppendBandKeys(nil, s.Sign(nil, near))
	require.Len(t, ka, p.Bands)
	shared := 0
	for b := range ka {
		if ka[b] == kn[b] {
			shared++
		}
	}
	require.NoError(t, ix.Add(1, s.Sign(nil, a)))
	assert.Equal(t, shared > 0, len(ix.Candidates(nil, s.Sign(nil, near))) > 0, "keys agree with the index")
	assert.Empty(t, p.AppendBandKeys(nil, s.Sign(nil, nil)))
}

// TestSortUniqueSorts checks the bucket sort against a comparison sort on
// uniform hashes, skewed ones (all in one bucket, or few), repeats, and
// sizes on both sides of each of its thresholds.
func TestSortUniqueSorts(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	inputs := map[string]func(n int) []uint64{
		"uniform": func(n int) []uint64 {
			out := make([]uint64, n)
			for i := range out {
				out[i] = rng.Uint64()
			}
			return out
		},
		"one top byte": func(n int) []uint64 {
			out := make([]uint64, n)
			for i := range out {
				out[i] = 0xab<<56 | rng.Uint64()>>8
			}
			return out
		},
		"few values": func(n int) []uint64 {
			out := make([]uint64, n)
			for i := range out {
				out[i] = uint64(rng.IntN(5)) << 60
			}
			return out
		},
	}
	for name, gen := range inputs {
		for _, n := range []int{0, 1, 63, 64, 65, 600, 1024, 1025, 5000} {
			in := gen(n)
			if n > 10 {
				copy(in[n/2:], in[:n/4]) // repeats
			}
			want := slices.Compact(slices.Sorted(slices.Values(in)))
			got := similarity.SortUnique(slices.Clone(in))
			require.True(t, slices.Equal(want, got), "%s, %d hashes", name, n)
		}
	}
}

// OptimalParams remembers what it chose: the same answer on every call,
// from any goroutine, for each threshold and weighting.
func TestOptimalParamsRemembered(t *testing.T) {
	var wg sync.WaitGroup
	got := make([][]similarity.LSHParams, 4)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, th := range []float64{0.3, 0.5, 0.8} {
				for _, w := range [][2]float64{{0.5, 0.5}, {0.9, 0.1}} {
					p, err := similarity.OptimalParams(th, 128, w[0], w[1])
					require.NoError(t, err)
					got[g] = append(got[g], p)
				}
			}
		}()
	}
	wg.Wait()
	for g := range got {
		assert.Equal(t, got[0], got[g])
	}
	assert.NotEqual(t, got[0][0], got[0][1], "weights are part of what is remembered")
	assert.NotEqual(t, got[0][0], got[0][2], "thresholds are part of what is remembered")
}
