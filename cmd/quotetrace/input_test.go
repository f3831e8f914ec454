package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/archive"
	"github.com/quotetrace/quotetrace/dedupe"
)

// reportOf decodes a JSON report from stdout.
func reportOf(t *testing.T, r result) dedupe.Report {
	t.Helper()
	require.Equal(t, 0, r.code, r.stderr)
	var rep dedupe.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	return rep
}

// A corpus of symbolic links reads as the articles they point to; a broken
// link or a sub-directory is named on stderr and counted in the notes.
func TestSymbolicLinks(t *testing.T) {
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	require.NoError(t, err)
	for _, f := range files {
		abs, err := filepath.Abs(f)
		require.NoError(t, err)
		require.NoError(t, os.Symlink(abs, filepath.Join(dir, filepath.Base(f))))
	}
	require.NoError(t, os.Symlink(filepath.Join(dir, "gone.txt"), filepath.Join(dir, "zz-broken.txt")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "2018"), 0o755))

	want := reportOf(t, quotetrace(t, "", "report", "--format", "json", seedDir))
	r := quotetrace(t, "", "report", "--format", "json", dir)
	got := reportOf(t, r)
	assert.Len(t, got.Documents, len(files))
	assert.Equal(t, want.Clusters, got.Clusters, "links read as the files they point to")
	assert.Contains(t, r.stderr, "quotetrace: left out "+filepath.Join(dir, "zz-broken.txt")+": a broken link to "+filepath.Join(dir, "gone.txt")+"\n")
	assert.Contains(t, r.stderr, "quotetrace: left out "+filepath.Join(dir, "2018")+": a sub-directory")
	assert.Contains(t, got.Notes, dir+": 2 entries left out, each named on standard error")
}

// A directory with nothing to read is an error naming it and what it holds.
func TestNothingToRead(t *testing.T) {
	dir := t.TempDir()
	for i := range 12 {
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.json", i)), []byte(`{"id":"x","text":"y"}`), 0o644))
	}
	for _, args := range [][]string{{"report", dir}, {"index", "add", "--index", filepath.Join(t.TempDir(), "a.qta"), dir}} {
		r := quotetrace(t, "", args...)
		assert.Equal(t, 1, r.code, "%v", args)
		assert.Equal(t, "quotetrace: "+dir+": no .txt file to read: it holds 12 .json files: did you mean a .jsonl file (one JSON object a line)?\n", r.stderr)
		assert.Empty(t, r.stdout)
	}
}

// One .txt file is one document, its id the file name, in report and query.
func TestOneTextFileAsInput(t *testing.T) {
	s2, s3 := filepath.Join(seedDir, "002_1d8b1f4f4203ccee.txt"), filepath.Join(seedDir, "003_df16fbbc33211f46.txt")
	rep := reportOf(t, quotetrace(t, "", "report", "--format", "json", s2, s3))
	require.Len(t, rep.Documents, 2)
	assert.Equal(t, "002_1d8b1f4f4203ccee.txt", rep.Documents[0].ID)
	assert.NotEmpty(t, rep.Clusters)

	index := filepath.Join(t.TempDir(), "a.qta")
	require.Equal(t, 0, quotetrace(t, "", "index", "add", "--index", index, s2).code)
	q := quotetrace(t, "", "index", "query", "--index", index, s3)
	require.Equal(t, 0, q.code, q.stderr)
	assert.Contains(t, q.stdout, "003_df16fbbc33211f46.txt: 0 near-duplicates,")
	assert.Contains(t, q.stdout, "origin: 002_1d8b1f4f4203ccee.txt")
}

// A byte-order mark before the date line: the date is read, so the origin
// is right, and offsets count the mark's bytes.
func TestByteOrderMarkKeepsTheDate(t *testing.T) {
	dir := t.TempDir()
	quote := `"To unmask an anonymous speaker online, the government must have a strong justification," she said.`
	first := "\ufeff date 2017-04-06\nThe ACLU filed the brief on Thursday. " + quote + "\n"
	second := " date 2017-04-09\nA week later the court heard it. " + quote + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b-first.txt"), []byte(first), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a-second.txt"), []byte(second), 0o644))
	rep := reportOf(t, quotetrace(t, "", "report", "--format", "json", dir))
	require.Len(t, rep.Clusters, 1)
	assert.Equal(t, "b-first.txt", rep.Clusters[0].Origin)
	for _, d := range rep.Documents {
		if d.ID == "b-first.txt" {
			assert.Equal(t, "2017-04-06", d.Published)
		}
	}
	for _, m := range rep.Clusters[0].Members {
		if m.Doc == "b-first.txt" {
			assert.Equal(t, first[m.Start:m.End], m.Text, "offsets index the file's bytes, mark included")
		}
	}
}

// An id of 40 KB is refused before the archive is touched, naming the line.
func TestVeryLongID(t *testing.T) {
	feed := filepath.Join(t.TempDir(), "feed.jsonl")
	long := strings.Repeat("x", 40<<10)
	require.NoError(t, os.WriteFile(feed, []byte(`{"id":"ok","text":"fine"}`+"\n"+`{"id":"`+long+`","text":"y"}`+"\n"), 0o644))
	index := filepath.Join(t.TempDir(), "a.qta")
	r := quotetrace(t, "", "index", "add", "--index", index, feed)
	assert.Equal(t, 1, r.code)
	assert.Equal(t, fmt.Sprintf("quotetrace: %s:2: id is %d bytes, over the limit of %d (dedupe.MaxIDBytes)\n", feed, 40<<10, 1024), r.stderr)
	assert.NoFileExists(t, index, "refused before the archive is made")
}

// Every input error has one shape, file:line: message, in every command
// that reads input.
func TestOneShapeForInputErrors(t *testing.T) {
	feed := filepath.Join(t.TempDir(), "articles.jsonl")
	require.NoError(t, os.WriteFile(feed, []byte(`{"id":"a","text":"x"}`+"\n"+`{"id":"b","text":"y"}`+"\n"+`{"text":"no id"}`+"\n"), 0o644))
	index := filepath.Join(t.TempDir(), "a.qta")
	require.Equal(t, 0, quotetrace(t, "", "index", "add", "--index", index, seedsIn(t, "000")).code)
	for _, args := range [][]string{
		{"report", feed},
		{"index", "add", "--index", index, feed},
		{"index", "query", "--index", index, feed},
	} {
		r := quotetrace(t, "", args...)
		assert.Equal(t, 1, r.code, "%v", args)
		assert.Equal(t, "quotetrace: "+feed+":3: id is missing\n", r.stderr, "%v", args)
	}
	r := quotetrace(t, `{"id":"a","text":"x"}`+"\n"+`{"id":"a","text":"y"}`+"\n", "report", "-")
	assert.Equal(t, `quotetrace: stdin:2: dedupe: duplicate document id: "a", first read at stdin:1`+"\n", r.stderr)
}

// --skip-bad leaves out each bad line, naming it on stderr and counting it
// in the report's notes; without it the first bad line stops the run.
func TestSkipBad(t *testing.T) {
	var b strings.Builder
	seeds, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	for i, d := range seeds {
		line, err := json.Marshal(map[string]string{"id": d.ID, "text": d.Text})
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
		if i == 1 {
			b.WriteString(`{"id": "broken", "text": ` + "\n")
		}
	}
	b.WriteString(`{"text": "no id"}` + "\n")
	feed := filepath.Join(t.TempDir(), "feed.jsonl")
	require.NoError(t, os.WriteFile(feed, []byte(b.String()), 0o644))

	refused := quotetrace(t, "", "report", feed)
	assert.Equal(t, 1, refused.code)
	assert.Equal(t, "quotetrace: "+feed+":3: not valid JSON: unexpected end of JSON input\n", refused.stderr)

	r := quotetrace(t, "", "report", "--skip-bad", "--format", "json", feed)
	rep := reportOf(t, r)
	assert.Len(t, rep.Documents, len(seeds))
	assert.Contains(t, r.stderr, "quotetrace: left out "+feed+":3: not valid JSON")
	assert.Contains(t, r.stderr, "quotetrace: left out "+feed+":7: id is missing\n")
	assert.Contains(t, rep.Notes, feed+": 2 bad lines left out (--skip-bad), each named on standard error")
	assert.Contains(t, r.stderr, "quotetrace: note: "+feed+": 2 bad lines left out")

	refusedQuotes := quotetrace(t, "", "quotes", feed)
	assert.Equal(t, 1, refusedQuotes.code)
	assert.Equal(t, refused.stderr, refusedQuotes.stderr, "quotes refuses a bad line as report does")

	q := quotetrace(t, "", "quotes", "--skip-bad", "--quiet", "--format", "json", feed)
	require.Equal(t, 0, q.code, q.stderr)
	assert.Len(t, readQuotes(t, q.stdout), len(seeds), "one line per document read")
	assert.Contains(t, q.stderr, "quotetrace: left out "+feed+":7: id is missing\n")
	assert.Contains(t, q.stderr, "quotetrace: note: "+feed+": 2 bad lines left out")

	index := filepath.Join(t.TempDir(), "a.qta")
	add := quotetrace(t, "", "index", "add", "--skip-bad", "--index", index, feed)
	require.Equal(t, 0, add.code, add.stderr)
	assert.Contains(t, add.stdout, fmt.Sprintf("added %d,", len(seeds)))
	assert.Contains(t, add.stderr, "quotetrace: left out "+feed+":3:")
	assert.Contains(t, add.stderr, "2 bad lines left out")
}

// index --help shows each index subcommand with its flags; every command
// takes --quiet.
func TestIndexHelpAndQuiet(t *testing.T) {
	r := quotetrace(t, "", "index", "--help")
	require.Equal(t, 0, r.code)
	for _, want := range []string{"quotetrace index add --index PATH", "-replace", "-skip-bad",
		"quotetrace index query --index PATH", "quotetrace index report --index PATH", "quotetrace index stats --index PATH", "-format"} {
		assert.Contains(t, r.stdout, want)
	}
	assert.NotContains(t, r.stdout, "quotetrace report [flags] INPUT...", "not the general help")

	index := filepath.Join(t.TempDir(), "a.qta")
	require.Equal(t, 0, quotetrace(t, "", "index", "add", "--quiet", "--index", index, seedsIn(t, "002")).code)
	for _, args := range [][]string{
		{"index", "query", "--quiet", "--index", index, seedsIn(t, "003")},
		{"index", "stats", "--quiet", "--index", index},
		{"index", "report", "--quiet", "--index", index},
		{"report", "--quiet", seedDir},
	} {
		r := quotetrace(t, "", args...)
		assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		assert.NotEmpty(t, r.stdout)
	}
}

// The archive of the five seeds is sized to its content.
func TestArchiveSizedToContent(t *testing.T) {
	index := filepath.Join(t.TempDir(), "a.qta")
	require.Equal(t, 0, quotetrace(t, "", "index", "add", "--index", index, seedDir).code)
	info, err := os.Stat(index)
	require.NoError(t, err)
	assert.Less(t, info.Size(), int64(2<<20), "the archive of five articles is under 2 MiB")
	st := quotetrace(t, "", "index", "stats", "--format", "json", "--index", index)
	var stats archive.Stats
	require.NoError(t, json.Unmarshal([]byte(st.stdout), &stats))
	assert.Equal(t, info.Size(), stats.Bytes)
}

// A create that fails for want of room leaves no file or a valid empty
// archive, so that the next add, once there is room, succeeds. The disk
// filling up is played by a file size limit (writes past it fail with
// EFBIG as they would with ENOSPC; Go ignores the SIGXFSZ that comes with
// them).
func TestFailedCreateLeavesNothingBroken(t *testing.T) {
	for _, limit := range []uint64{0, 8 << 10, 20 << 10, 40 << 10} {
		t.Run(fmt.Sprintf("room for %d bytes", limit), func(t *testing.T) {
			index := filepath.Join(t.TempDir(), "news.qta")
			// ulimit -f counts blocks of 512 bytes; the limit holds for the
			// child only, not this test process.
			cmd := exec.Command("sh", "-c", `ulimit -f "$1" && shift && exec "$@"`, "sh",
				fmt.Sprint(limit/512), binary, "index", "add", "--index", index, seedDir)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Start()
			require.NoError(t, err)
			err = cmd.Wait()
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee, "the add cannot succeed in %d bytes", limit)
			assert.Equal(t, 1, ee.ExitCode(), stderr.String())
			if info, err := os.Stat(index); err == nil {
				assert.Positive(t, info.Size(), "no empty file left behind")
				assert.Equal(t, 0, countDocs(t, index), "what is left is a valid empty archive")
			}
			again := quotetrace(t, "", "index", "add", "--index", index, seedDir)
			require.Equal(t, 0, again.code, again.stderr)
			assert.Equal(t, 5, countDocs(t, index))
		})
	}
}
