package qtbeam_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/quotetrace/quotetrace/beam/qtbeam"
	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// writeJSONL writes docs as JSONL files in dir, split into parts files
// named so that path order is input order, with a blank line in each.
func writeJSONL(t *testing.T, dir string, docs []dedupe.Document, parts int) {
	t.Helper()
	per := (len(docs) + parts - 1) / parts
	for p := range parts {
		var b bytes.Buffer
		for i, d := range docs[p*per : min(len(docs), (p+1)*per)] {
			line, err := json.Marshal(map[string]string{
				"id": d.ID, "text": d.Text, "source": d.Source, "url": d.URL, "published": dedupe.FormatTime(d.Published),
			})
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
			if i == 0 {
				b.WriteString("  \n") // skipped, as ReadJSONL skips it
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "part-"+string(rune('a'+p))+".jsonl"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// corpusReport is what `quotetrace report --format json` prints for the
// JSONL files of dir, read in path order.
func corpusReport(t *testing.T, dir string, opts dedupe.Options) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := dedupe.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		docs, err := dedupe.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Add(docs...); err != nil {
			t.Fatal(err)
		}
	}
	r, err := c.Report()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// pipelineReport runs the pipeline on Prism over the JSONL files of dir
// and returns the file it writes and the pipeline's counters.
func pipelineReport(t *testing.T, dir string, set qtbeam.Settings) (string, map[string]int64) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	p, s := beam.NewPipelineWithRoot()
	report, err := qtbeam.Report(s, filepath.Join(dir, "*.jsonl"), set)
	if err != nil {
		t.Fatal(err)
	}
	textio.Write(s, out, report)
	res, err := ptest.RunWithMetrics(p)
	if err != nil {
		t.Fatal(err)
	}
	counters := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		counters[c.Name()] += c.Result()
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), counters
}

func TestPipelineGivesTheCLIReport(t *testing.T) {
	seeds, err := dedupe.ReadDir("../../testdata/seeds")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		docs  []dedupe.Document
		parts int
		set   qtbeam.Settings
		stars bool // link keys over MaxDocFreq must be met
	}{
		{"seeds", seeds, 1, qtbeam.Settings{}, false},
		{"newsgen", newsgen.All(newsgen.Config{Docs: 3000, Seed: 5}), 3, qtbeam.Settings{KeyBucketBits: 5}, false},
		// Every article quotes one line, and link keys of more than 5
		// documents become stars: the report must not change.
		{"hot keys", newsgen.All(newsgen.Config{Docs: 400, Seed: 31, PopularQuotes: 1, PopularRate: 1}), 2,
			qtbeam.Settings{MaxDocFreq: 5, KeyBucketBits: 3}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeJSONL(t, dir, c.docs, c.parts)
			want := corpusReport(t, dir, c.set.Options())
			if !strings.Contains(want, `"members"`) {
				t.Fatal("the corpus report has no clusters: the comparison would prove little")
			}
			got, counters := pipelineReport(t, dir, c.set)
			if n := counters["documents"]; n != int64(len(c.docs)) {
				t.Errorf("documents counter %d, want %d", n, len(c.docs))
			}
			if n := counters["blank_lines_skipped"]; n != int64(c.parts) {
				t.Errorf("blank lines counter %d, want %d (one a file)", n, c.parts)
			}
			if n := counters["link_keys_over_max_doc_freq_paired_as_stars"]; c.stars && n == 0 {
				t.Error("no link key was paired as a star: the case tests nothing of the bound")
			}
			if got != want {
				t.Errorf("the pipeline's report differs from the corpus report (%d and %d bytes); first difference at byte %d:\n%s",
					len(got), len(want), firstDiff(got, want), around(got, firstDiff(got, want)))
			}
		})
	}
}

func TestPipelineRefusesBadLine(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.jsonl"), []byte("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	report, err := qtbeam.Report(s, filepath.Join(dir, "*.jsonl"), qtbeam.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	textio.Write(s, filepath.Join(dir, "out.json"), report)
	err = ptest.Run(p)
	if err == nil || !strings.Contains(err.Error(), `bad.jsonl:2: document "b": text is missing`) {
		t.Fatalf("want an error naming bad.jsonl:2 and the missing text, got %v", err)
	}
}

func TestSettingsRefused(t *testing.T) {
	_, s := beam.NewPipelineWithRoot()
	if _, err := qtbeam.Report(s, "x", qtbeam.Settings{Threshold: 2}); err == nil {
		t.Fatal("a threshold of 2 was accepted")
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(s string, i int) string { return s[max(0, i-300):min(len(s), i+300)] }
