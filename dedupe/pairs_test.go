package dedupe_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
	"github.com/quotetrace/quotetrace/shingle"
)

// pairStage prepares n generated articles, many of them quoting.
func pairStage(t testing.TB, n int) *dedupe.PairStage {
	t.Helper()
	c, err := dedupe.New(dedupe.Options{})
	require.NoError(t, err)
	require.NoError(t, c.Add(newsgen.All(newsgen.Config{Docs: n, Seed: 21, QuoteRate: 0.6, Quotes: n / 10})...))
	s, err := dedupe.NewPairStage(c)
	require.NoError(t, err)
	return s
}

// TestCandidatePairsMissNoPassage compares the pair stage with aligning
// every pair of documents: each pair that shares a passage is a candidate,
// or both are candidates with one document, the first carrier of a phrase
// in more than MaxDocFreq documents, whose star joins them (the cluster
// stage reaches members of members).
func TestCandidatePairsMissNoPassage(t *testing.T) {
	s := pairStage(t, 160)
	candidates := s.CandidatePairs()
	require.True(t, slices.IsSorted(candidates))
	pair := func(a, b int) bool {
		_, ok := slices.BinarySearch(candidates, uint64(min(a, b))<<32|uint64(max(a, b)))
		return ok
	}
	withPassages, throughStar := 0, 0
	for a := range s.Len() {
		for b := a + 1; b < s.Len(); b++ {
			if !s.SharesPassage(a, b) {
				continue
			}
			withPassages++
			if pair(a, b) {
				continue
			}
			joined := false
			for c := range s.Len() {
				if c != a && c != b && pair(a, c) && pair(b, c) {
					joined = true
					break
				}
			}
			throughStar++
			assert.True(t, joined, "%s and %s share a passage but are no candidates, nor joined by one", s.ID(a), s.ID(b))
		}
	}
	assert.Greater(t, withPassages, 100, "the corpus shares passages")
	t.Logf("%d candidate pairs, %d with passages (%d joined through a star), of %d pairs", len(candidates), withPassages, throughStar, s.Len()*(s.Len()-1)/2)
}

// TestPassesGiveTheSamePairs forces the key space into many passes, with
// and without the seed cache.
func TestPassesGiveTheSamePairs(t *testing.T) {
	s := pairStage(t, 120)
	one := s.CandidatePairs()
	defer dedupe.SetMaxKeysPerPass(5000)()
	assert.Equal(t, one, s.CandidatePairs())
	defer dedupe.SetSeedCache(0)()
	assert.Equal(t, one, s.CandidatePairs(), "seeds hashed again in each pass")
	assert.NotEmpty(t, one)
}

// TestSeedTableMatchesPairSeeds checks the seed table's matching against
// the plain map-based one, repeats included, with one table serving several
// documents as the align stage uses it.
func TestSeedTableMatchesPairSeeds(t *testing.T) {
	s := pairStage(t, 60)
	rng := rand.New(rand.NewPCG(1, 2))
	shared := 0
	for range 60 {
		a := rng.IntN(s.Len())
		bs := []int{a}
		for range 5 {
			bs = append(bs, rng.IntN(s.Len()))
		}
		n, same := s.SeedsAgree(a, bs)
		require.True(t, same, "document %d against %v", a, bs)
		shared += n
	}
	assert.Greater(t, shared, 300)
}

// TestStockPhraseKeysAreCapped: a link key in more than MaxDocFreq
// documents pairs none of them.
func TestPopularKeysPairAsAStar(t *testing.T) {
	keys := []uint64{1<<8 | 0, 1<<8 | 1, 1<<8 | 1, 1<<8 | 2, 2<<8 | 4, 2<<8 | 5, 2<<8 | 6, 2<<8 | 7}
	assert.Equal(t, []uint64{0<<32 | 1, 0<<32 | 2, 1<<32 | 2, 4<<32 | 5, 4<<32 | 6, 4<<32 | 7}, dedupe.EmitPairs(3, keys, 8, 8),
		"key 1 (3 documents, one twice) pairs every two; key 2 (4 documents, over MaxDocFreq) pairs the first with each other")
}

// TestKeysSortedByTheirTopBitsPair: the pair stage sorts link keys by their
// top bits only, so keys that differ below them come interleaved; each key
// still pairs its own documents, and only them.
func TestKeysSortedByTheirTopBitsPair(t *testing.T) {
	const a, b = 0x10 << 8, 0x11 << 8 // equal from bit 12 up
	keys := []uint64{b | 3, a | 0, b | 1, a | 2, a | 0, 0x20<<8 | 5}
	assert.Equal(t, []uint64{0<<32 | 2, 1<<32 | 3}, dedupe.EmitPairs(10, keys, 8, 12),
		"a pairs 0 and 2, b pairs 1 and 3, and the last key is one document's")
}

func TestRadixSortSorts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 63, 64, 65, 1000, 20000} {
		top := rng.Uint64() >> (64 - dedupe.BucketBits) << (64 - dedupe.BucketBits)
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = top | rng.Uint64()>>dedupe.BucketBits
			if i%7 == 0 && i > 0 {
				keys[i] = keys[i-1] // repeats
			}
			if i%11 == 0 {
				keys[i] &^= 1<<20 - 1 // shared low digits
			}
		}
		for _, low := range []uint{0, 17, 54} { // 54: no bits left to sort by
			got := slices.Clone(keys)
			// By the bits from low up, stably: keys equal there keep their order.
			want := slices.Clone(keys)
			slices.SortStableFunc(want, func(x, y uint64) int { return cmp.Compare(x>>low, y>>low) })
			dedupe.RadixSort(got, low)
			assert.True(t, slices.Equal(want, got), "n=%d low=%d", n, low)
		}
	}
}

// TestLCSIsTheTable compares the bit-parallel LCS with the dynamic program
// on random word sequences over small vocabularies (many matches), with
// lengths on both sides of the 64-bit word boundaries.
func TestLCSIsTheTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	seq := func(n, vocab int) []uint32 {
		out := make([]uint32, n)
		for i := range out {
			out[i] = uint32(rng.IntN(vocab))*0x9e3779b9 + 1
		}
		return out
	}
	lengths := []int{0, 1, 2, 63, 64, 65, 127, 128, 129, 200}
	for _, n := range lengths {
		for _, m := range lengths {
			for _, vocab := range []int{2, 5, 40} {
				a, b := seq(n, vocab), seq(m, vocab)
				require.Equal(t, dedupe.LCSTable(a, b), dedupe.LCS(a, b), "%d and %d words over %d", n, m, vocab)
			}
		}
	}
	// An edited copy: the LCS is what survives the edits.
	a := seq(300, 1000)
	b := slices.Concat(a[:100], seq(7, 1000), a[110:250], a[260:])
	assert.Equal(t, dedupe.LCSTable(a, b), dedupe.LCS(a, b))
}

// TestPairSet adds pairs with many repeats, across batches and growths of
// the table, and checks it keeps each once.
func TestPairSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	want := map[uint64]bool{}
	var xs []uint64
	for range 300_000 {
		a := rng.Uint64N(2000)
		b := a + 1 + rng.Uint64N(3000)
		x := a<<32 | b
		xs = append(xs, x)
		want[x] = true
		if rng.IntN(3) == 0 { // a repeat, soon or much later
			xs = append(xs, xs[rng.IntN(len(xs))])
		}
	}
	got := dedupe.PairSetOf(xs)
	assert.Len(t, got, len(want))
	assert.True(t, slices.IsSorted(got))
	for _, x := range got {
		require.True(t, want[x], "%#x was never added", x)
	}
	assert.Empty(t, dedupe.PairSetOf(nil))
}

// TestSentenceStarts: a sentence ends at . ! ?, at a blank line, at a line
// break before a word that is not lower case, and at the stray marks of a
// scraped paragraph list; a line wrapped inside a sentence does not end it.
func TestSentenceStarts(t *testing.T) {
	for _, c := range []struct {
		text string
		want []int32
	}{
		{"One two. Three four", []int32{2}},
		{"one two\nthree four", nil},                // a wrapped line
		{"one two\nThree four", []int32{2}},         // a line break before a capital
		{"one two\n\nthree four", []int32{2}},       // a blank line
		{"one two ’ ’ three four", []int32{2}},      // a scraped paragraph list
		{"Is it? yes it is! no", []int32{2, 5}},     // other ends
		{"the U.S. embassy in Kenya", []int32(nil)}, // dots inside a word
	} {
		_, got, err := dedupe.Words(c.text)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "%q", c.text)
	}
}

// TestWordSpansAsTokenized: the analysis keeps each word's range as one
// byte (its gap from the word before and its length) where both fit in 4
// bits, and the others whole, with a mark every 64 words; every word's
// range must be the tokenizer's: gaps and lengths on either side of the
// 4-bit limits, words kept whole at the edges of blocks, long words,
// multi-byte letters and a long document (tokenized in chunks) included.
func TestWordSpansAsTokenized(t *testing.T) {
	long := strings.Repeat("a", 254) + " " + strings.Repeat("b", 255) + " " + strings.Repeat("é", 300)
	head := strings.Repeat(" ", 20) + "Début " + long + " fin.\n" // the first word far from the start; 5 words
	var b strings.Builder
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		gap, length := 1+r.IntN(3), 1+r.IntN(8)
		if w := 5 + i; w%7 == 0 || w%64 == 63 || w%64 == 0 { // kept whole by chance, and at the edges of blocks
			gap, length = 13+r.IntN(4), 14+r.IntN(4)
		}
		b.WriteString(strings.Repeat(" ", gap))
		b.WriteString(strings.Repeat("w", length))
	}
	text := head + b.String() + strings.Repeat("word ", 70000) + strings.Repeat("z", 1000) + " end"
	got, _, err := dedupe.Words(text)
	require.NoError(t, err)
	a, err := shingle.NewAnalyzer(shingle.Options{})
	require.NoError(t, err)
	var want [][2]int
	for _, tok := range a.AppendTokens(nil, text) {
		want = append(want, [2]int{tok.Start, tok.End})
	}
	require.Equal(t, len(want), len(got))
	assert.Equal(t, want, got)
	long255 := 0
	for _, w := range got {
		if w[1]-w[0] >= 255 {
			long255++
		}
	}
	assert.GreaterOrEqual(t, long255, 3, "words of 255 bytes and more")
}
