package htmlreport_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/htmlreport"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

var sizes = []int{1000, 10000}

// generated is the report of n generated articles and the articles.
func generated(b *testing.B, n int) (*dedupe.Report, []dedupe.Document) {
	docs := newsgen.All(newsgen.Config{Docs: n, Seed: 1})
	return report(b, docs), docs
}

// BenchmarkWrite times writing the page and reports its size (page-bytes).
func BenchmarkWrite(b *testing.B) {
	for _, n := range sizes {
		b.Run("docs="+strconv.Itoa(n), func(b *testing.B) {
			r, docs := generated(b, n)
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				require.NoError(b, htmlreport.Write(&buf, r, docs, htmlreport.Options{}))
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportMetric(float64(buf.Len()), "page-bytes")
			b.ReportMetric(float64(len(r.Clusters)), "clusters")
		})
	}
}

// BenchmarkOpen times opening the page from a file in headless Chromium
// until the first clusters are drawn (ns/op), then a filter that redraws
// the list (filter-ms), and a document view (doc-ms).
func BenchmarkOpen(b *testing.B) {
	for _, n := range sizes {
		b.Run("docs="+strconv.Itoa(n), func(b *testing.B) {
			r, docs := generated(b, n)
			file := filepath.Join(b.TempDir(), "report.html")
			var buf bytes.Buffer
			require.NoError(b, htmlreport.Write(&buf, r, docs, htmlreport.Options{}))
			require.NoError(b, os.WriteFile(file, buf.Bytes(), 0o644))
			ctx := startBrowser(b, 10*time.Minute)
			var filter, doc time.Duration
			for b.Loop() {
				require.NoError(b, chromedp.Run(ctx, chromedp.Navigate("about:blank"),
					chromedp.Navigate("file://"+file), chromedp.WaitReady("#clusters .cluster", chromedp.ByQuery)))
				b.StopTimer()
				start := time.Now()
				require.NoError(b, chromedp.Run(ctx, chooseKind("quotation"), chromedp.WaitReady(`#clusters .cluster[data-kind="quotation"]`, chromedp.ByQuery)))
				filter += time.Since(start)
				start = time.Now()
				require.NoError(b, chromedp.Run(ctx, goTo(fmt.Sprintf("#doc/%d", len(docs)/2)), chromedp.WaitReady(".article", chromedp.ByQuery)))
				doc += time.Since(start)
				b.StartTimer()
			}
			b.ReportMetric(float64(filter.Milliseconds())/float64(b.N), "filter-ms")
			b.ReportMetric(float64(doc.Milliseconds())/float64(b.N), "doc-ms")
			b.ReportMetric(float64(buf.Len()), "page-bytes")
		})
	}
}
