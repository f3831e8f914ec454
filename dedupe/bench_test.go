package dedupe_test

import (
	"fmt"
	"testing"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

func BenchmarkReportSeeds(b *testing.B) {
	docs, err := dedupe.ReadDir(seedDir)
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		c, _ := dedupe.New(dedupe.Options{})
		_ = c.Add(docs...)
		if _, err := c.Report(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReport runs the whole pipeline on generated corpora of growing
// size, to show how cost grows.
func BenchmarkReport(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		docs := newsgen.All(newsgen.Config{Docs: n, Seed: 1})
		size := 0
		for _, d := range docs {
			size += len(d.Text)
		}
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			clusters := 0
			for b.Loop() {
				c, _ := dedupe.New(dedupe.Options{})
				_ = c.Add(docs...)
				r, err := c.Report()
				if err != nil {
					b.Fatal(err)
				}
				clusters = len(r.Clusters)
			}
			b.ReportMetric(float64(clusters), "clusters")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
