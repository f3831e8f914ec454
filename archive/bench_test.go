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

var (
	archiveDocs  = flag.Int("archive-docs", 10000, "articles in the generated archive of BenchmarkArchive")
	archivePath  = flag.String("archive-path", "", "keep the archive here and reuse it on the next run (only queries are then timed)")
	archivePlain = flag.Bool("archive-plain", false, "generate articles without boilerplate and popular quotations: "+
		"every phrase in few documents, so queries take the common path only")
)

// BenchmarkArchive builds an archive of -archive-docs generated articles in
// 20 equal batches, then queries it with 200 new articles one at a time. It
// reports add throughput overall and over the first and the last five
// batches (segment merges included: flat means add cost does not grow with
// the archive), query latency p50 and p99, the passages, clusters and
// listed cluster members a query answers with, and bytes on disk per
// article.
//
//	go test ./archive -run X -bench Archive -benchtime 1x -archive-docs 100000
func BenchmarkArchive(b *testing.B) {
	const queries = 20 * 10
	n := *archiveDocs
	batch := max(1, n/20)
	cfg := newsgen.Config{Docs: n + queries, Seed: 42}
	if *archivePlain {
		cfg.BoilerplateRate, cfg.PopularQuotes = -1, -1
	}
	all := newsgen.All(cfg)
	stored, fresh := all[:n], all[n:]
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "bench.qta")
		reuse := false
		if *archivePath != "" {
			path = *archivePath
			_, err := os.Stat(path)
			reuse = err == nil
		}
		a, err := archive.Open(path, archive.Config{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		if !reuse {
			addAll(b, a, stored, batch)
		}
		queryAll(b, a, fresh)
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

func addAll(b *testing.B, a *archive.Archive, stored []dedupe.Document, batch int) {
	n := len(stored)
	{
		var took []time.Duration
		start := time.Now()
		for lo := 0; lo < n; lo += batch {
			t := time.Now()
			if _, err := a.Add(stored[lo:min(lo+batch, n)], archive.AddOptions{}); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t))
		}
		rate := func(ds []time.Duration) float64 {
			var sum time.Duration
			for _, d := range ds {
				sum += d
			}
			return float64(len(ds)*batch) / sum.Seconds()
		}
		q := max(1, len(took)/4)
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "add-docs/s")
		b.ReportMetric(rate(took[:q]), "first-quarter-docs/s")
		b.ReportMetric(rate(took[len(took)-q:]), "last-quarter-docs/s")
	}
}

func queryAll(b *testing.B, a *archive.Archive, fresh []dedupe.Document) {
	{

		var lat []time.Duration
		passages, clusters, members := 0, 0, 0
		for _, d := range fresh {
			t := time.Now()
			res, err := a.Query([]dedupe.Document{d})
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
			passages += len(res[0].Passages)
			clusters += len(res[0].Clusters)
			for _, c := range res[0].Clusters {
				members += len(c.Members)
			}
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "query-p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "query-p99-ms")
		b.ReportMetric(float64(passages)/float64(len(fresh)), "passages/query")
		b.ReportMetric(float64(clusters)/float64(len(fresh)), "clusters/query")
		b.ReportMetric(float64(members)/float64(len(fresh)), "members/query")
	}
}
