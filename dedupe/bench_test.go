package dedupe_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

func BenchmarkReportSeeds(b *testing.B) {
	docs, err := dedupe.ReadDir(seedDir)
	if err != nil {
		b.Fatal(err)
	}
	benchReport(b, docs)
}

// BenchmarkReport runs the whole pipeline on generated corpora of growing
// size, to show how cost grows.
func BenchmarkReport(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		docs := newsgen.All(newsgen.Config{Docs: n, Seed: 1})
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) { benchReport(b, docs) })
	}
}

// BenchmarkPopular: one quotation that every one of n otherwise unrelated
// articles carries (a third with a one-word edit). It is one cluster that
// counts all n carriers; the cost grows as n, not n².
func BenchmarkPopular(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		cfg := newsgen.Config{Docs: n, Seed: 31, PopularQuotes: 1, PopularRate: 1, WireRate: -1, CopyRate: -1, Quotes: -1}
		g := newsgen.New(cfg)
		docs := newsgen.All(cfg)
		words := strings.Fields(g.PopularQuote(0))
		probe := strings.Join(words[len(words)/2-2:len(words)/2+2], " ")
		b.Run(fmt.Sprintf("carriers=%d", n), func(b *testing.B) {
			r := benchReport(b, docs)
			clusters, carriers := 0, 0
			for _, c := range r.Clusters {
				if slices.ContainsFunc(c.Members, func(m dedupe.Member) bool { return strings.Contains(m.Text, probe) }) {
					clusters++
					carriers = max(carriers, c.Documents)
				}
			}
			if clusters != 1 || carriers != n {
				b.Fatalf("the quotation is in %d clusters, the largest counting %d of %d carriers", clusters, carriers, n)
			}
			b.ReportMetric(float64(carriers), "carriers")
		})
	}
}

// Hostile cost. Bounds that keep these linear: a seed phrase counts at most
// 4 times a document (maxRepeats), a link key found in more than
// MaxDocFreq documents pairs only its first document with the others, and
// one alignment fills at most MaxAlignCells cells.

// BenchmarkHostileRepeatedSentence: one article is a sentence repeated
// 10,000 times (90,000 words), among 200 ordinary ones, two of which quote
// the sentence.
func BenchmarkHostileRepeatedSentence(b *testing.B) {
	const sentence = "The agency demanded the records of the account that criticized the administration. "
	docs := newsgen.All(newsgen.Config{Docs: 200, Seed: 4})
	docs[10].Text += " " + sentence
	docs[20].Text = sentence + docs[20].Text
	docs = append(docs, dedupe.Document{ID: "repeated", Text: strings.Repeat(sentence, 10000)})
	benchReport(b, docs)
}

// BenchmarkHostileBoilerplate: 1,000 articles share one boilerplate
// paragraph.
func BenchmarkHostileBoilerplate(b *testing.B) {
	const boilerplate = "\n\nThis article is distributed by a news agency under license. Reproduction in whole or in part without written permission is prohibited. For licensing inquiries contact the syndication desk.\n"
	docs := newsgen.All(newsgen.Config{Docs: 1000, Seed: 5})
	for i := range docs {
		docs[i].Text += boilerplate
	}
	benchReport(b, docs)
}

// benchReport makes the report of docs with the default options, b.N
// times, and returns the last; it reports bytes, allocations, clusters and
// documents a second.
func benchReport(b *testing.B, docs []dedupe.Document) *dedupe.Report {
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var r *dedupe.Report
	for b.Loop() {
		c, err := dedupe.New(dedupe.Options{})
		if err == nil {
			err = c.Add(docs...)
		}
		if err == nil {
			r, err = c.Report()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(r.Clusters)), "clusters")
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	return r
}
