package newsgen_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/internal/newsgen"
)

func TestDeterministicAndShaped(t *testing.T) {
	cfg := newsgen.Config{Docs: 200, Seed: 7}
	a, b := newsgen.All(cfg), newsgen.All(cfg)
	require.Len(t, a, 200)
	assert.Equal(t, a, b, "the same config gives the same corpus")
	assert.NotEqual(t, a, newsgen.All(newsgen.Config{Docs: 200, Seed: 8}))
	quoted, words := 0, 0
	for _, d := range a {
		if strings.Contains(d.Text, "” ") {
			quoted++
		}
		words += len(strings.Fields(d.Text))
	}
	assert.InDelta(t, 0.3, float64(quoted)/200, 0.1)
	assert.InDelta(t, 600, float64(words)/200, 60)
}

// TestVocabularyIsEnglishLike checks the Zipf shape the package promises:
// the hundred commonest words carry about half the running text, and the
// rest is spread over many thousands of distinct words.
func TestVocabularyIsEnglishLike(t *testing.T) {
	count := make(map[string]int)
	total := 0
	for _, d := range newsgen.All(newsgen.Config{Docs: 500, Seed: 1}) {
		for _, w := range strings.FieldsFunc(strings.ToLower(d.Text), func(r rune) bool {
			return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
		}) {
			count[w]++
			total++
		}
	}
	freqs := make([]int, 0, len(count))
	for _, n := range count {
		freqs = append(freqs, n)
	}
	slices.Sort(freqs)
	slices.Reverse(freqs)
	top := 0
	for _, n := range freqs[:100] {
		top += n
	}
	assert.InDelta(t, 0.5, float64(top)/float64(total), 0.12, "share of the 100 commonest words")
	assert.Greater(t, len(count), 10000, "distinct words in 500 articles")
	assert.Greater(t, count["the"], count["government"], "frequency follows the ranking")
}

// BenchmarkNext generates the articles of a 100,000-article corpus one at
// a time, as a large benchmark corpus is made.
func BenchmarkNext(b *testing.B) {
	b.ReportAllocs()
	cfg := newsgen.Config{Docs: 100_000, Seed: 1}
	g := newsgen.New(cfg)
	bytes := 0
	for b.Loop() {
		d, ok := g.Next()
		if !ok {
			g = newsgen.New(cfg)
			d, _ = g.Next()
		}
		bytes += len(d.Text)
	}
	b.SetBytes(int64(bytes / b.N))
}
