package shingle_test

import (
	"testing"

	"github.com/quotetrace/quotetrace/internal/newsgen"
	"github.com/quotetrace/quotetrace/shingle"
)

// articles returns n generated news articles of about 600 words.
func articles(n int) []string {
	var out []string
	for _, d := range newsgen.All(newsgen.Config{Docs: n, Seed: 1}) {
		out = append(out, d.Text)
	}
	return out
}

// benchArticles cycles through a corpus large enough that the Analyzer's
// word memory meets new words, as it does on a real feed.
const benchArticles = 500

func benchTokens(b *testing.B, opts shingle.Options) {
	texts := articles(benchArticles)
	a, err := shingle.NewAnalyzer(opts)
	if err != nil {
		b.Fatal(err)
	}
	var toks []shingle.Token
	bytes := 0
	for _, t := range texts {
		toks = a.AppendTokens(toks[:0], t)
		bytes += len(t)
	}
	b.SetBytes(int64(bytes / len(texts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		toks = a.AppendTokens(toks[:0], texts[i%len(texts)])
		i++
	}
}

func BenchmarkAppendTokens(b *testing.B)           { benchTokens(b, shingle.Options{}) }
func BenchmarkAppendTokensNoStemming(b *testing.B) { benchTokens(b, shingle.Options{NoStemming: true}) }

func BenchmarkAppendHashes(b *testing.B) {
	text := articles(1)[0]
	toks := shingle.New().AppendTokens(nil, text)
	hs := shingle.AppendHashes(nil, toks, 5, 0)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		hs = shingle.AppendHashes(hs[:0], toks, 5, 0)
	}
}
