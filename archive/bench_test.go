package archive_test

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/quotetrace/quotetrace/archive"
	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

var archiveDocs = flag.Int("archive-docs", 10000, "articles in the generated archive of BenchmarkArchive")

// BenchmarkArchive builds an archive of -archive-docs generated articles in
// batches of 5 000, then queries it with 200 new articles one at a time. It
// reports add throughput overall and for the first and last batch (flat
// means add cost does not grow with the archive), query latency p50 and p99,
// and bytes on disk per article.
//
//	go test ./archive -run X -bench Archive -benchtime 1x -archive-docs 100000
func BenchmarkArchive(b *testing.B) {
	const batch, queries = 5000, 200
	n := *archiveDocs
	all := newsgen.All(newsgen.Config{Docs: n + queries, Seed: 42})
	stored, fresh := all[:n], all[n:]
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "bench.qta")
		a, err := archive.Open(path, archive.Config{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		var rates []float64
		start := time.Now()
		for lo := 0; lo < n; lo += batch {
			t := time.Now()
			part := stored[lo:min(lo+batch, n)]
			if _, err := a.Add(part, archive.AddOptions{}); err != nil {
				b.Fatal(err)
			}
			rates = append(rates, float64(len(part))/time.Since(t).Seconds())
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "add-docs/s")
		b.ReportMetric(rates[0], "first-batch-docs/s")
		b.ReportMetric(rates[len(rates)-1], "last-batch-docs/s")

		var lat []time.Duration
		passages := 0
		for _, d := range fresh {
			t := time.Now()
			res, err := a.Query([]dedupe.Document{d})
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
			passages += len(res[0].Passages)
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "query-p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "query-p99-ms")
		b.ReportMetric(float64(passages)/queries, "passages/query")
		if err := a.Close(); err != nil {
			b.Fatal(err)
		}
		info, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(info.Size())/float64(n), "disk-bytes/doc")
	}
}
