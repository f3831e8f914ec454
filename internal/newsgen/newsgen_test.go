package newsgen_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
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
	for i := 1; i < len(a); i++ {
		assert.Equal(t, time.Minute, a[i].Published.Sub(a[i-1].Published), "articles are a minute apart, in order")
	}
}

// TestSameEverywhere pins a corpus's digest: the same Config must give the
// same corpus on every machine and with every Go version. Change the digest
// only when the generator changes on purpose.
func TestSameEverywhere(t *testing.T) {
	h := sha256.New()
	for _, d := range newsgen.All(newsgen.Config{Docs: 300, Seed: 9, PopularRate: 0.05}) {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", d.ID, d.Source, d.Published.Format(time.RFC3339), d.Text)
	}
	assert.Equal(t, "05f545dc5c29236c3a77e1037f38c677fb25b4f8d2492a41d0982cf5a6ad183f", hex.EncodeToString(h.Sum(nil)))
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

// TestOutletsAndBoilerplate checks the sources: skewed sizes, and each
// outlet's header and footer in most of its own articles and in no other
// outlet's.
func TestOutletsAndBoilerplate(t *testing.T) {
	cfg := newsgen.Config{Docs: 2000, Seed: 3}
	outlets := newsgen.New(cfg).Outlets()
	require.Len(t, outlets, 20)
	byName := make(map[string]newsgen.Outlet)
	footers := make(map[string]bool)
	for _, o := range outlets {
		byName[o.Name] = o
		footers[o.Footer] = true
		assert.Contains(t, o.Header, o.Name)
		assert.Contains(t, o.Footer, o.Name)
	}
	assert.Len(t, byName, 20, "distinct names")
	assert.Len(t, footers, 20, "distinct footers")

	docs := newsgen.All(cfg)
	articles := make(map[string]int)
	for _, d := range docs {
		require.Contains(t, byName, d.Source)
		articles[d.Source]++
	}
	var papers []int
	for _, o := range outlets {
		if !o.Wire {
			papers = append(papers, articles[o.Name])
		}
	}
	assert.Greater(t, slices.Max(papers), 5*slices.Min(papers), "a few big outlets, many small: %v", papers)
	assert.Greater(t, slices.Max(papers), len(docs)/5)

	for _, o := range outlets {
		header, footer := 0, 0
		for _, d := range docs {
			h, f := strings.Contains(d.Text, o.Header), strings.Contains(d.Text, o.Footer)
			if d.Source != o.Name {
				assert.False(t, h || f, "%s carries the boilerplate of %s", d.ID, o.Name)
				continue
			}
			if h {
				header++
			}
			if f {
				footer++
				assert.True(t, strings.HasSuffix(d.Text, o.Footer) || strings.Contains(d.Text, o.Footer+"\n\nFeatured image via "), "%s: the footer ends the article", d.ID)
			}
		}
		if n := articles[o.Name]; n >= 40 {
			assert.InDelta(t, 0.8, float64(header)/float64(n), 0.15, "%s: share of its %d articles with its header", o.Name, n)
			assert.InDelta(t, 0.8, float64(footer)/float64(n), 0.15, "%s: share of its %d articles with its footer", o.Name, n)
		}
	}
}

func TestBoilerplateRateAndSources(t *testing.T) {
	none := newsgen.Config{Docs: 100, Seed: 4, BoilerplateRate: -1, Sources: 3}
	all := newsgen.Config{Docs: 100, Seed: 4, BoilerplateRate: 1, Sources: 3}
	outlets := newsgen.New(none).Outlets()
	require.Len(t, outlets, 3)
	assert.Equal(t, outlets, newsgen.New(all).Outlets(), "outlets depend on the seed and their number only")
	carry := func(d dedupe.Document) bool {
		for _, o := range outlets {
			if o.Name == d.Source {
				return strings.Contains(d.Text, o.Footer) && strings.Contains(d.Text, o.Header)
			}
		}
		t.Fatalf("%s: unknown source %q", d.ID, d.Source)
		return false
	}
	for _, d := range newsgen.All(none) {
		assert.False(t, carry(d), d.ID)
	}
	for _, d := range newsgen.All(all) {
		assert.True(t, carry(d), d.ID)
	}

	many := newsgen.New(newsgen.Config{Seed: 4, Sources: 1 << 20}).Outlets()
	names := make(map[string]bool)
	for _, o := range many {
		names[o.Name] = true
	}
	assert.Len(t, many, 1<<16, "at most 65,536 outlets")
	assert.Len(t, names, 1<<16, "distinct names")
	one := newsgen.All(newsgen.Config{Docs: 50, Seed: 4, Sources: 1})
	for _, d := range one {
		assert.Equal(t, one[0].Source, d.Source)
	}
	for n := 1; n <= 4; n++ { // too few outlets for wire stories, then just enough
		cfg := newsgen.Config{Docs: 300, Seed: 4, Sources: n, WireRate: 0.5}
		outlets := newsgen.New(cfg).Outlets()
		require.Len(t, outlets, n)
		assert.Equal(t, n >= 3, outlets[0].Wire, "%d outlets", n)
		assert.Len(t, newsgen.All(cfg), 300)
	}
}

// TestWireStories finds each agency story's republications by the long
// sentences they share with it: two to six papers, later, lightly edited.
func TestWireStories(t *testing.T) {
	cfg := newsgen.Config{Docs: 4000, Seed: 5}
	docs := newsgen.All(cfg)
	outlets := make(map[string]newsgen.Outlet)
	for _, o := range newsgen.New(cfg).Outlets() {
		outlets[o.Name] = o
	}
	// Long sentences, quotations and footers aside, and the articles with
	// each.
	sentences := func(d dedupe.Document) []string {
		var out []string
		text := strings.Replace(d.Text, outlets[d.Source].Footer, "", 1)
		for _, s := range strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == '\n' }) {
			if len(strings.Fields(s)) >= 8 && !strings.Contains(s, "“") {
				out = append(out, strings.TrimSpace(s))
			}
		}
		return out
	}
	with := make(map[string][]int)
	for i, d := range docs {
		for _, s := range sentences(d) {
			with[s] = append(with[s], i)
		}
	}
	stories, copies, unchanged, shorter := 0, 0, 0, 0
	for i, d := range docs {
		if !outlets[d.Source].Wire {
			continue
		}
		stories++
		shared := make(map[int]int)
		for _, s := range sentences(d) {
			for _, j := range with[s] {
				if j != i {
					shared[j]++
				}
			}
		}
		papers := make(map[string]bool)
		for j, n := range shared {
			if n < 3 {
				continue
			}
			r := docs[j]
			copies++
			assert.False(t, outlets[r.Source].Wire, "%s republished by an agency", d.ID)
			assert.False(t, papers[r.Source], "%s republished twice by %s", d.ID, r.Source)
			papers[r.Source] = true
			delay := r.Published.Sub(d.Published)
			assert.True(t, delay > 0 && delay <= 3*24*time.Hour+time.Hour, "%s republished as %s after %v", d.ID, r.ID, delay)
			// A header can change the first sentence, three word edits
			// three more; a dropped paragraph takes about four.
			if n >= len(sentences(d))-1 && len(sentences(r)) <= n+1 {
				unchanged++
			}
			if n < len(sentences(d))-4 {
				shorter++
			}
		}
		assert.True(t, len(papers) >= 2 && len(papers) <= 6, "%s republished by %d papers", d.ID, len(papers))
	}
	share := float64(stories+copies) / float64(len(docs))
	t.Logf("%d wire stories, %d republications (%.3f of the articles), %d unchanged, %d shorter", stories, copies, share, unchanged, shorter)
	assert.InDelta(t, 0.1, share, 0.03, "share of wire articles")
	assert.Less(t, unchanged, copies/4, "republications are edited")
	assert.Greater(t, shorter, copies/3, "republications drop paragraphs")

	off := newsgen.Config{Docs: 500, Seed: 5, WireRate: -1}
	for _, d := range newsgen.All(off) {
		assert.False(t, outlets[d.Source].Wire, d.ID)
	}
}

// TestPopularQuotes checks that each popular quotation is in about
// PopularRate of the articles, exactly those CarriesPopular names, most
// of them verbatim, the rest with one word changed, its speaker named.
func TestPopularQuotes(t *testing.T) {
	cfg := newsgen.Config{Docs: 6000, Seed: 6}
	g := newsgen.New(cfg)
	docs := newsgen.All(cfg)
	for k := range 3 {
		quote, speaker := g.PopularQuote(k), g.PopularSpeaker(k)
		words := strings.Fields(quote)
		require.GreaterOrEqual(t, len(words), 12)
		head, tail := strings.Join(words[:len(words)/2], " "), strings.Join(words[len(words)/2+1:], " ")
		carriers, verbatim := 0, 0
		for i, d := range docs {
			has := strings.Contains(d.Text, "“"+quote)
			if !g.CarriesPopular(i, k) {
				assert.False(t, has, "%s has popular quotation %d but does not carry it", d.ID, k)
				continue
			}
			carriers++
			if has {
				verbatim++
			}
			assert.Contains(t, d.Text, speaker, d.ID)
			assert.True(t, strings.Contains(d.Text, head) || strings.Contains(d.Text, tail), "%s: quotation %d nearly whole", d.ID, k)
		}
		t.Logf("popular quotation %d: %d carriers, %d verbatim: %s, %q", k, carriers, verbatim, speaker, quote)
		assert.InDelta(t, 0.02*float64(len(docs)), carriers, 40, "carriers of quotation %d", k)
		assert.InDelta(t, 0.7, float64(verbatim)/float64(carriers), 0.15, "share verbatim")
	}
	assert.False(t, g.CarriesPopular(0, 3), "no fourth quotation")

	// Every article, verbatim; the quotations do not depend on Docs.
	all := newsgen.Config{Docs: 1000, Seed: 6, PopularQuotes: 1, PopularRate: 1, EditRate: -1}
	ga := newsgen.New(all)
	assert.Equal(t, g.PopularQuote(0), ga.PopularQuote(0))
	for i, d := range newsgen.All(all) {
		require.True(t, ga.CarriesPopular(i, 0))
		require.Equal(t, 1, strings.Count(d.Text, "“"+ga.PopularQuote(0)), d.ID)
	}
	none := newsgen.Config{Docs: 100, Seed: 6, PopularQuotes: -1}
	for _, d := range newsgen.All(none) {
		assert.NotContains(t, d.Text, g.PopularSpeaker(0))
	}
}
