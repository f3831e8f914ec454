package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/archive"
	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/internal/newsgen"
	"github.com/quotetrace/quotetrace/internal/seedcheck"
)

var binary string

const seedDir = "../../testdata/seeds"

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "quotetrace-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "quotetrace")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the command: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func quotetrace(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{out.String(), errb.String(), code}
}

// seedsIn copies the seed articles whose names start with the prefixes
// into a new directory.
func seedsIn(t *testing.T, prefixes ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range prefixes {
		m, err := filepath.Glob(filepath.Join(seedDir, p+"_*.txt"))
		require.NoError(t, err)
		require.Len(t, m, 1)
		b, err := os.ReadFile(m[0])
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(m[0])), b, 0o644))
	}
	return dir
}

func TestReportOnSeedsMeetsExpectations(t *testing.T) {
	r := quotetrace(t, "", "report", "--format", "json", seedDir)
	require.Equal(t, 0, r.code, r.stderr)
	var rep dedupe.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	var notes string
	for _, n := range rep.Notes {
		notes += "quotetrace: note: " + n + "\n"
	}
	assert.Equal(t, notes, r.stderr, "stderr is not a terminal: no progress, only the report's notes")
	e, err := seedcheck.Load(seedDir)
	require.NoError(t, err)
	assert.Empty(t, e.Problems(&rep))

	text := quotetrace(t, "", "report", seedDir)
	require.Equal(t, 0, text.code)
	assert.Contains(t, text.stdout, "speaker: Seth Waxman (Wilmer Hale)")

	again := quotetrace(t, "", "report", "--format", "json", seedDir)
	assert.Equal(t, r.stdout, again.stdout, "byte-identical runs")

	after := quotetrace(t, "", "report", seedDir, "--format", "json")
	assert.Equal(t, r.stdout, after.stdout, "flags may follow the inputs")
	dashed := quotetrace(t, "", "report", "--format", "json", "--", seedDir)
	assert.Equal(t, r.stdout, dashed.stdout, "-- ends the flags")
}

func TestReportReadsStdinAndJSONL(t *testing.T) {
	jsonl := `{"id": "a", "text": "“To unmask an anonymous speaker online, the government must have a strong justification,” she said.", "published": "2017-04-06"}
{"id": "b", "text": "The ACLU said: “To unmask an anonymous speaker online, the government must have a strong justification.”"}
`
	r := quotetrace(t, jsonl, "report", "--format", "json", "-")
	require.Equal(t, 0, r.code, r.stderr)
	var rep dedupe.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Len(t, rep.Clusters, 1)
	assert.Equal(t, "a", rep.Clusters[0].Origin)
}

func TestErrorsAndUsage(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\n{\"id\":\"c\",\"text\":\"y\"}\n"), 0o644))
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"malformed jsonl names its line", []string{"report", bad}, 1, "bad.jsonl:2"},
		{"missing input", []string{"report", filepath.Join(t.TempDir(), "nope")}, 1, "no such file"},
		{"no input", []string{"report"}, 2, "at least one INPUT"},
		{"bad format", []string{"report", "--format", "xml", seedDir}, 2, "--format"},
		{"bad option", []string{"report", "--threshold", "2", seedDir}, 2, "Threshold"},
		{"unknown flag", []string{"report", "--frobnicate", seedDir}, 2, "frobnicate"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"no command", nil, 2, "no command"},
		{"index without index", []string{"index", "query", seedDir}, 2, "--index"},
		{"query missing archive", []string{"index", "query", "--index", filepath.Join(t.TempDir(), "x.qta"), seedDir}, 1, "no archive"},
		{"unknown language", []string{"report", "--language", "klingon", seedDir}, 2, "klingon"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := quotetrace(t, "", c.args...)
			assert.Equal(t, c.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, c.stderr)
			assert.Empty(t, r.stdout, "nothing but a result goes to stdout")
		})
	}
	for _, args := range [][]string{{"--help"}, {"report", "--help"}, {"index", "add", "--help"}, {"index", "query", "--help"},
		{"index", "report", "--help"}, {"index", "stats", "--help"}} {
		r := quotetrace(t, "", args...)
		assert.Equal(t, 0, r.code, "%v", args)
		assert.Contains(t, r.stdout, "Example", "%v", args)
	}
}

func TestIndexWorkflow(t *testing.T) {
	index := filepath.Join(t.TempDir(), "news.qta")
	r := quotetrace(t, "", "index", "add", "--index", index, seedsIn(t, "000", "001", "002"))
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "added 3")

	q := quotetrace(t, "", "index", "query", "--index", index, "--format", "json", seedsIn(t, "003"))
	require.Equal(t, 0, q.code, q.stderr)
	var out struct {
		Results []archive.Result `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(q.stdout), &out))
	require.Len(t, out.Results, 1)
	e, err := seedcheck.Load(seedDir)
	require.NoError(t, err)
	q3, q2 := e.Texts["003_df16fbbc33211f46.txt"], e.Texts["002_1d8b1f4f4203ccee.txt"]
	want := "have not come close to making any of those showings"
	found := false
	for _, f := range out.Results[0].Passages {
		if f.Doc == "002_1d8b1f4f4203ccee.txt" && strings.Contains(f.Text, want) {
			found = true
			assert.Equal(t, q3[f.Start:f.End], f.Text, "offsets into the new article")
			assert.Equal(t, q2[f.ArchiveStart:f.ArchiveEnd], f.ArchiveText, "offsets into the archived one")
			assert.Contains(t, f.ArchiveText, want)
			assert.Equal(t, "2017-04-06", f.Published)
			assert.Contains(t, f.Speaker, "Waxman")
		}
	}
	assert.True(t, found, "003's %q found in 002", want)

	again := quotetrace(t, "", "index", "add", "--index", index, seedsIn(t, "002"))
	assert.Equal(t, 1, again.code)
	assert.Contains(t, again.stderr, "002_1d8b1f4f4203ccee.txt")
	assert.Contains(t, again.stderr, "--replace")
	rep := quotetrace(t, "", "index", "add", "--index", index, "--replace", seedsIn(t, "002"))
	assert.Equal(t, 0, rep.code, rep.stderr)
	assert.Contains(t, rep.stdout, "replaced 1")

	params := quotetrace(t, "", "index", "add", "--index", index, "--shingle-size", "4", seedsIn(t, "004"))
	assert.Equal(t, 1, params.code)
	assert.Contains(t, params.stderr, "shingle_size")

	st := quotetrace(t, "", "index", "stats", "--index", index, "--format", "json")
	require.Equal(t, 0, st.code, st.stderr)
	var stats archive.Stats
	require.NoError(t, json.Unmarshal([]byte(st.stdout), &stats))
	assert.Equal(t, 3, stats.Documents)

	all := quotetrace(t, "", "index", "report", "--index", index, "--format", "json")
	require.Equal(t, 0, all.code, all.stderr)
	var report dedupe.Report
	require.NoError(t, json.Unmarshal([]byte(all.stdout), &report))
	assert.Len(t, report.Documents, 3)
	assert.NotEmpty(t, report.Clusters)
}

func TestFlippedByteIsRefused(t *testing.T) {
	index := filepath.Join(t.TempDir(), "news.qta")
	require.Equal(t, 0, quotetrace(t, "", "index", "add", "--index", index, seedsIn(t, "000", "001", "002")).code)
	raw, err := os.ReadFile(index)
	require.NoError(t, err)
	at := bytes.Index(raw, []byte("Defendants have not come close"))
	require.Positive(t, at)
	raw[at+3] ^= 0x01
	require.NoError(t, os.WriteFile(index, raw, 0o644))
	for _, args := range [][]string{
		{"index", "stats", "--index", index},
		{"index", "report", "--index", index},
		{"index", "query", "--index", index, seedsIn(t, "003")},
	} {
		r := quotetrace(t, "", args...)
		assert.Equal(t, 1, r.code, "%v", args)
		assert.Contains(t, r.stderr, "damaged", "%v", args)
		assert.Empty(t, r.stdout)
	}

	notArchive := filepath.Join(t.TempDir(), "x.qta")
	require.NoError(t, os.WriteFile(notArchive, bytes.Repeat([]byte("junk"), 2000), 0o644))
	r := quotetrace(t, "", "index", "stats", "--index", notArchive)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "not a quotetrace archive")
}

// generated writes n generated articles as JSONL.
func generated(t *testing.T, n int, seed uint64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("gen-%d.jsonl", seed))
	f, err := os.Create(path)
	require.NoError(t, err)
	enc := json.NewEncoder(f)
	for _, d := range newsgen.All(newsgen.Config{Docs: n, Seed: seed}) {
		d.ID = fmt.Sprintf("s%d-%s", seed, d.ID)
		require.NoError(t, enc.Encode(map[string]any{"id": d.ID, "text": d.Text, "published": d.Published.Format(time.RFC3339)}))
	}
	require.NoError(t, f.Close())
	return path
}

func countDocs(t *testing.T, index string) int {
	t.Helper()
	r := quotetrace(t, "", "index", "stats", "--index", index, "--format", "json")
	require.Equal(t, 0, r.code, "the archive opens and verifies: %s", r.stderr)
	var st archive.Stats
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st))
	return st.Documents
}

// A process killed during add leaves the archive as it was before that add.
func TestKillDuringAdd(t *testing.T) {
	index := filepath.Join(t.TempDir(), "news.qta")
	require.Equal(t, 0, quotetrace(t, "", "index", "add", "--index", index, seedsIn(t, "000", "001", "002")).code)
	batch := generated(t, 300, 1)

	// Killed inside the transaction, all its writes done, just before commit.
	cmd := exec.Command(binary, "index", "add", "--index", index, batch)
	cmd.Env = append(os.Environ(), "QUOTETRACE_FAILPOINT=before-commit")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	buf := make([]byte, 256)
	n, _ := stderr.Read(buf) // blocks until the failpoint speaks
	require.Contains(t, string(buf[:n]), "failpoint before-commit reached")

	// Meanwhile a second writer is refused, and says why.
	second := quotetrace(t, "", "index", "add", "--index", index, seedsIn(t, "004"))
	assert.Equal(t, 1, second.code)
	assert.Contains(t, second.stderr, "in use by another writer")

	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	assert.Equal(t, 3, countDocs(t, index), "the killed add left nothing")

	// Killed at arbitrary moments: before, during or after the commit, the
	// archive holds either the old documents or all of the new ones.
	for i, delay := range []time.Duration{20 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond, 900 * time.Millisecond} {
		before := countDocs(t, index)
		cmd := exec.Command(binary, "index", "add", "--index", index, generated(t, 200, uint64(10+i)))
		require.NoError(t, cmd.Start())
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		after := countDocs(t, index)
		t.Logf("killed after %v: %d documents before, %d after", delay, before, after)
		assert.Contains(t, []int{before, before + 200}, after, "killed after %v", delay)
	}
}

// Bad and hostile inputs through the command: a correct result or a clear
// error naming the input, exit status 1, nothing half-written.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	quote := `"To unmask an anonymous speaker online, the government must have a strong justification," she said.`
	var big strings.Builder
	for big.Len() < 50<<20 {
		big.WriteString("Officials met on Tuesday to weigh the budget for bridges, ferries and roads in the region. ")
	}
	big.WriteString(quote)
	write("big/a.txt", []byte(big.String()))
	write("big/b.txt", []byte("He said: "+quote))
	write("bin/a.txt", []byte("\x7fELF\x02\x01\x01\x00\x00\x00binary"))
	write("word/a.txt", []byte(strings.Repeat("y", 1<<20)+" "+quote))
	write("word/b.txt", []byte(quote))
	write("empty/a.txt", nil)
	write("empty/b.txt", []byte(" \n\t "))
	write("mixed/a.txt", []byte("\xff\xfe"+quote+"\xc3"))
	write("mixed/b.txt", []byte(quote))
	nul := write("nul.jsonl", []byte(`{"id":"a","text":"\u0000`+strings.ReplaceAll(quote, `"`, `\"`)+`\u0000"}`+"\n"+
		`{"id":"b","text":"`+strings.ReplaceAll(quote, `"`, `\"`)+`"}`+"\n"))
	unknown := write("unknown.jsonl", []byte(`{"id":"a","text":"x","color":"red"}`+"\n"))
	dup := write("dup.jsonl", []byte(`{"id":"a","text":"x"}`+"\n"+`{"id":"a","text":"y"}`+"\n"))

	cases := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		stdout   string
		stderr   string
		clusters int
	}{
		{"50 MB document", "", []string{"report", "--format", "json", filepath.Join(dir, "big")}, 0, `"clusters"`, "", 1},
		{"binary file named .txt", "", []string{"report", filepath.Join(dir, "bin")}, 1, "", "bin/a.txt: looks binary", -1},
		{"1 MB word", "", []string{"report", "--format", "json", filepath.Join(dir, "word")}, 0, `"clusters"`, "", 1},
		{"empty and blank documents", "", []string{"report", "--format", "json", filepath.Join(dir, "empty")}, 0, `"documents"`, "", 0},
		{"invalid UTF-8", "", []string{"report", "--format", "json", filepath.Join(dir, "mixed")}, 0, `"clusters"`, "", 1},
		{"NUL bytes in JSONL text", "", []string{"report", "--format", "json", nul}, 0, `"clusters"`, "", 1},
		{"unknown JSON fields", "", []string{"report", "--format", "json", unknown}, 0, `"documents"`, "", 0},
		{"duplicate ids", "", []string{"report", dup}, 1, "", `"a"`, -1},
		{"missing path", "", []string{"report", filepath.Join(dir, "nope")}, 1, "", "nope", -1},
		{"stdin closed mid-line", `{"id":"a","text":"x"}` + "\n" + `{"id":"b","te`, []string{"report", "-"}, 1, "", "stdin:2", -1},
		{"stdin empty", "", []string{"report", "--format", "json", "-"}, 0, `"documents": []`, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := quotetrace(t, c.stdin, c.args...)
			assert.Equal(t, c.code, r.code, r.stderr)
			assert.Contains(t, r.stdout, c.stdout)
			assert.Contains(t, r.stderr, c.stderr)
			if c.code != 0 {
				assert.Empty(t, r.stdout, "nothing half-written")
			}
			if c.clusters >= 0 {
				var rep dedupe.Report
				require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
				assert.Len(t, rep.Clusters, c.clusters)
			}
		})
	}

	// An unreadable file: /proc/self/mem refuses plain reads, even for root.
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		link := filepath.Join(dir, "unreadable.jsonl")
		require.NoError(t, os.Symlink("/proc/self/mem", link))
		r := quotetrace(t, "", "report", link)
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "unreadable.jsonl")
	}
}

// writeJSONL writes docs as JSONL.
func writeJSONL(t *testing.T, name string, docs []dedupe.Document) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	require.NoError(t, err)
	enc := json.NewEncoder(f)
	for _, d := range docs {
		require.NoError(t, enc.Encode(map[string]any{"id": d.ID, "text": d.Text, "published": d.Published.Format(time.RFC3339)}))
	}
	require.NoError(t, f.Close())
	return path
}

// index query answers with each passage's cluster: in text, its kind, how
// many archived documents carry it, its origin and speaker, then the
// carriers; in JSON, the clusters field beside the pairwise passages.
func TestIndexQueryClusters(t *testing.T) {
	cfg := newsgen.Config{Docs: 300, PopularQuotes: 1, PopularRate: 1, EditRate: -1, WireRate: -1, CopyRate: -1, Quotes: -1, Seed: 21}
	g := newsgen.New(cfg)
	docs := newsgen.All(cfg)
	body := newsgen.All(newsgen.Config{Docs: 1, PopularQuotes: -1, Quotes: -1, BoilerplateRate: -1, Seed: 99})[0].Text
	cut := len(body)/2 + strings.Index(body[len(body)/2:], ". ") + 2
	article := dedupe.Document{
		ID:        "today",
		Text:      body[:cut] + "“" + g.PopularQuote(0) + ",” " + g.PopularSpeaker(0) + " said. " + body[cut:],
		Published: docs[len(docs)-1].Published.Add(24 * time.Hour),
	}
	index := filepath.Join(t.TempDir(), "news.qta")
	add := quotetrace(t, "", "index", "add", "--index", index, writeJSONL(t, "archive.jsonl", docs))
	require.Equal(t, 0, add.code, add.stderr)
	query := writeJSONL(t, "today.jsonl", []dedupe.Document{article})

	t.Run("text", func(t *testing.T) {
		r := quotetrace(t, "", "index", "query", "--index", index, query)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "today: 0 near-duplicates, 1 passage already in the archive\n")
		assert.Contains(t, r.stdout, "  #1 quotation · carried by 300 archived documents · origin: gen-0000000 · speaker: "+
			quote.ParseSpeaker(g.PopularSpeaker(0)).String()+"\n")
		assert.Equal(t, 300, strings.Count(r.stdout, "\n    - gen-"), "every carrier listed")
		first := strings.Index(r.stdout, "    - gen-0000000  2017-01-01  [")
		last := strings.Index(r.stdout, "    - gen-0000299  2017-01-01T04:59:00Z  [")
		assert.True(t, first > 0 && last > first, "oldest first, with dates:\n%s", r.stdout[:min(len(r.stdout), 2000)])
		assert.Contains(t, r.stdout, "similarity 1.000\n      "+g.PopularQuote(0))
	})
	t.Run("json", func(t *testing.T) {
		r := quotetrace(t, "", "index", "query", "--index", index, "--format", "json", query)
		require.Equal(t, 0, r.code, r.stderr)
		var out struct {
			Results []map[string]json.RawMessage `json:"results"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
		require.Len(t, out.Results, 1)
		for _, field := range []string{"id", "published", "duplicates", "passages", "clusters"} {
			assert.Contains(t, out.Results[0], field, "fields are only ever added")
		}
		var clusters []archive.Cluster
		require.NoError(t, json.Unmarshal(out.Results[0]["clusters"], &clusters))
		require.Len(t, clusters, 1)
		assert.Equal(t, 300, clusters[0].Documents)
		assert.Equal(t, "gen-0000000", clusters[0].Origin)
		assert.Equal(t, article.Text[clusters[0].Start:clusters[0].End], clusters[0].Text)
	})
	t.Run("help says what a cluster holds", func(t *testing.T) {
		r := quotetrace(t, "", "index", "query", "--help")
		require.Equal(t, 0, r.code)
		for _, want := range []string{"how many\narchived documents carry it", "origin", "speaker", "carriers, oldest first"} {
			assert.Contains(t, r.stdout, want)
		}
	})
}
