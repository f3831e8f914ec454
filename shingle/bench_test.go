package shingle_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/quotetrace/quotetrace/shingle"
)

// article returns a deterministic news-like text of n words.
func article(n int) string {
	rng := rand.New(rand.NewPCG(1, 1))
	words := strings.Fields("the government said on Thursday that Twitter users have a constitutional right to anonymous speech and the lawsuit argues " +
		"immigration officials demanded records from the company which declined to comment according to the complaint filed in federal court")
	var b strings.Builder
	for i := range n {
		b.WriteString(words[rng.IntN(len(words))])
		if i%17 == 16 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func benchTokens(b *testing.B, opts shingle.Options) {
	text := article(600)
	a, err := shingle.NewAnalyzer(opts)
	if err != nil {
		b.Fatal(err)
	}
	toks := a.AppendTokens(nil, text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		toks = a.AppendTokens(toks[:0], text)
	}
}

func BenchmarkAppendTokens(b *testing.B)           { benchTokens(b, shingle.Options{}) }
func BenchmarkAppendTokensNoStemming(b *testing.B) { benchTokens(b, shingle.Options{NoStemming: true}) }

func BenchmarkAppendHashes(b *testing.B) {
	text := article(600)
	toks := shingle.New().AppendTokens(nil, text)
	hs := shingle.AppendHashes(nil, toks, 5, 0)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		hs = shingle.AppendHashes(hs[:0], toks, 5, 0)
	}
}
