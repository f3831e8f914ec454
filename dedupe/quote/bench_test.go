package quote_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quotetrace/quotetrace/dedupe/quote"
)

// seedTexts reads the seed articles.
func seedTexts(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seed articles: %v", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}

// asLDC rewrites the closed quotations of text in the LDC convention: two
// backquotes for the opening mark and two apostrophes for the closing one.
func asLDC(text string) string {
	var b strings.Builder
	at := 0
	for _, q := range quote.Find(text) {
		if !q.Closed {
			continue
		}
		b.WriteString(text[at:q.OuterStart])
		b.WriteString("``")
		b.WriteString(text[q.Start:q.End])
		b.WriteString("''")
		at = q.OuterEnd
	}
	b.WriteString(text[at:])
	return b.String()
}

func benchFind(b *testing.B, texts []string) {
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			quote.Find(t)
		}
	}
}

func BenchmarkFind(b *testing.B) { benchFind(b, seedTexts(b)) }

// BenchmarkFindLDC: the same articles with their quotations marked in the
// LDC convention.
func BenchmarkFindLDC(b *testing.B) {
	texts := seedTexts(b)
	for i, t := range texts {
		texts[i] = asLDC(t)
	}
	benchFind(b, texts)
}
