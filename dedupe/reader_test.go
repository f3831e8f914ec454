package dedupe_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
)

// writeFiles writes name → content under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

// A corpus assembled from symbolic links reads the files they point to;
// what cannot be read as an article is named, not lost without a word.
func TestReadDirFollowsLinks(t *testing.T) {
	store, dir := t.TempDir(), t.TempDir()
	writeFiles(t, store, map[string]string{"one.txt": "First article.", "two.txt": " date 2017-04-06\nSecond article."})
	require.NoError(t, os.Symlink(filepath.Join(store, "one.txt"), filepath.Join(dir, "a.txt")))
	require.NoError(t, os.Symlink(filepath.Join(store, "two.txt"), filepath.Join(dir, "b.txt")))
	require.NoError(t, os.Symlink(filepath.Join(store, "gone.txt"), filepath.Join(dir, "broken.txt")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "2017"), 0o755))
	linked := filepath.Join(t.TempDir(), "corpus")
	require.NoError(t, os.Symlink(dir, linked))

	for name, path := range map[string]string{"directory": dir, "directory given as a link": linked} {
		t.Run(name, func(t *testing.T) {
			var skipped []string
			r := dedupe.Reader{Skipped: func(e *dedupe.InputError) { skipped = append(skipped, e.Error()) }}
			docs, err := r.Load(path)
			require.NoError(t, err)
			require.Len(t, docs, 2)
			assert.Equal(t, dedupe.Document{ID: "a.txt", Text: "First article."}, docs[0])
			assert.Equal(t, "b.txt", docs[1].ID)
			assert.Equal(t, "2017-04-06", docs[1].Published.Format(time.DateOnly))
			require.Len(t, skipped, 2, "%q", skipped)
			assert.Equal(t, filepath.Join(path, "2017")+": a sub-directory (directories are read one level deep)", skipped[0])
			assert.Equal(t, filepath.Join(path, "broken.txt")+": a broken link to "+filepath.Join(store, "gone.txt"), skipped[1])
		})
	}
}

// A directory without a single article is an error that names it and says
// what it holds instead.
func TestReadDirWithNothingToRead(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"json files", map[string]string{"a.json": "{}", "b.json": "{}", "c.json": "{}"},
			": no .txt file to read: it holds 3 .json files: did you mean a .jsonl file (one JSON object a line)?"},
		{"a jsonl file", map[string]string{"feed.jsonl": "{}", "sub/x.txt": "x"},
			": no .txt file to read: it holds 1 .jsonl file, 1 sub-directory: give a .jsonl file itself as the input"},
		{"nothing", nil, ": no .txt file to read: the directory is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, c.files)
			_, err := dedupe.Load(dir)
			require.Error(t, err)
			assert.ErrorIs(t, err, dedupe.ErrInput)
			assert.ErrorIs(t, err, dedupe.ErrNothingToRead)
			assert.Equal(t, dir+c.want, err.Error())
		})
	}
}

// One .txt file is one document, its id the file name.
func TestLoadOneTextFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"story.txt": " date 2017-04-06\nThe story."})
	docs, err := dedupe.Load(filepath.Join(dir, "story.txt"))
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, dedupe.Document{ID: "story.txt", Text: " date 2017-04-06\nThe story.", Published: time.Date(2017, 4, 6, 0, 0, 0, 0, time.UTC)}, docs[0])
}

// A file that starts with a UTF-8 byte-order mark keeps its date line; the
// text keeps the mark, so offsets still index the file's bytes.
func TestByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	text := "\ufeff date 2017-04-06\nThe story."
	writeFiles(t, dir, map[string]string{"bom.txt": text})
	docs, err := dedupe.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, "2017-04-06", docs[0].Published.Format(time.DateOnly), "the date after the mark is read")
	assert.Equal(t, text, docs[0].Text, "the text is the file's bytes, mark included")

	docs, err = dedupe.ReadJSONL(strings.NewReader("\ufeff"+`{"id":"a","text":"x"}`+"\n"), "bom.jsonl")
	require.NoError(t, err, "a mark before the first JSONL line")
	assert.Equal(t, "a", docs[0].ID)
}

// An id longer than MaxIDBytes is refused up front, naming file and line;
// one of exactly MaxIDBytes is read.
func TestLongIDIsRefused(t *testing.T) {
	long := strings.Repeat("x", 40<<10)
	in := `{"id":"ok","text":"x"}` + "\n" + `{"id":"` + long + `","text":"y"}` + "\n"
	_, err := dedupe.ReadJSONL(strings.NewReader(in), "feed.jsonl")
	require.Error(t, err)
	assert.ErrorIs(t, err, dedupe.ErrInput)
	assert.Equal(t, fmt.Sprintf("feed.jsonl:2: id is %d bytes, over the limit of %d (dedupe.MaxIDBytes)", 40<<10, dedupe.MaxIDBytes), err.Error())

	limit := strings.Repeat("y", dedupe.MaxIDBytes)
	docs, err := dedupe.ReadJSONL(strings.NewReader(`{"id":"`+limit+`","text":"y"}`), "feed.jsonl")
	require.NoError(t, err)
	assert.Equal(t, limit, docs[0].ID)
}

// Every input error has one shape: file:line: message, or file: message
// for a file read whole.
func TestInputErrorShape(t *testing.T) {
	lines := []struct{ name, line, want string }{
		{"missing id", `{"text":"x"}`, "feed.jsonl:2: id is missing"},
		{"empty id", `{"id":"","text":"x"}`, "feed.jsonl:2: id is empty"},
		{"missing text", `{"id":"b"}`, `feed.jsonl:2: document "b": text is missing`},
		{"bad date", `{"id":"b","text":"x","published":"April 6"}`, `feed.jsonl:2: document "b": published "April 6" is neither YYYY-MM-DD nor RFC 3339`},
		{"id not a string", `{"id":7,"text":"x"}`, "feed.jsonl:2: id is a JSON number, want a string"},
		{"not an object", `[1, 2]`, "feed.jsonl:2: a JSON array, want an object"},
		{"broken JSON", `{"id":"b",`, "feed.jsonl:2: not valid JSON: unexpected end of JSON input"},
		{"duplicate id", `{"id":"a","text":"again"}`, `feed.jsonl:2: dedupe: duplicate document id: "a", first read at feed.jsonl:1`},
	}
	for _, c := range lines {
		t.Run(c.name, func(t *testing.T) {
			_, err := dedupe.ReadJSONL(strings.NewReader(`{"id":"a","text":"x"}`+"\n"+c.line+"\n"), "feed.jsonl")
			require.Error(t, err)
			assert.ErrorIs(t, err, dedupe.ErrInput)
			assert.Equal(t, c.want, err.Error())
		})
	}

	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "fine", "b.txt": "\x00binary"})
	_, err := dedupe.Load(dir)
	assert.Equal(t, filepath.Join(dir, "b.txt")+": looks binary (a NUL byte at offset 0), not a text article", err.Error())
	_, err = dedupe.Load(filepath.Join(dir, "notes.md"))
	assert.Equal(t, filepath.Join(dir, "notes.md")+": no such file or directory", err.Error())
	writeFiles(t, dir, map[string]string{"notes.md": "x"})
	_, err = dedupe.Load(filepath.Join(dir, "notes.md"))
	assert.Equal(t, filepath.Join(dir, "notes.md")+": want a directory, a .txt file, a .jsonl file or -", err.Error())
}

// SkipBad leaves out each bad line or file, tells Skipped of it, and reads
// the rest; without it the first bad line is the error.
func TestSkipBad(t *testing.T) {
	feed := `{"id":"a","text":"x"}` + "\n" + `{"id":"b",` + "\n" + `{"id":"c","text":"y"}` + "\n" + `{"id":"a","text":"z"}` + "\n" + `{"text":"w"}`
	var skipped []string
	r := dedupe.Reader{SkipBad: true, Skipped: func(e *dedupe.InputError) { skipped = append(skipped, e.Error()) }}
	docs, err := r.ReadJSONL(strings.NewReader(feed), "feed.jsonl")
	require.NoError(t, err)
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	assert.Equal(t, []string{"a", "c"}, ids)
	assert.Equal(t, []string{
		"feed.jsonl:2: not valid JSON: unexpected end of JSON input",
		`feed.jsonl:4: dedupe: duplicate document id: "a", first read at feed.jsonl:1`,
		"feed.jsonl:5: id is missing",
	}, skipped)

	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "fine", "b.txt": "\x00binary", "c.txt": "also fine"})
	skipped = nil
	docs, err = r.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, docs, 2)
	assert.Equal(t, []string{filepath.Join(dir, "b.txt") + ": looks binary (a NUL byte at offset 0), not a text article"}, skipped)

	_, err = new(dedupe.Reader).ReadJSONL(strings.NewReader(feed), "feed.jsonl")
	assert.EqualError(t, err, "feed.jsonl:2: not valid JSON: unexpected end of JSON input")
}

// Entries that are not articles are counted in plain English.
func TestNothingToReadCountsBrokenLinks(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.txt"} {
		require.NoError(t, os.Symlink(filepath.Join(dir, "missing-"+name), filepath.Join(dir, name)))
	}
	_, err := dedupe.Load(dir)
	require.ErrorIs(t, err, dedupe.ErrNothingToRead)
	assert.Contains(t, err.Error(), "it holds 2 unreadable .txt entries")
}

// A .txt file over the limit is refused before it is read into memory, as
// a bad file that SkipBad leaves out.
func TestTextFileOverTheLimit(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"big.txt": strings.Repeat("word ", 40), "small.txt": "a few words"})
	r := dedupe.Reader{MaxDocBytes: 100}
	_, err := r.ReadFile(filepath.Join(dir, "big.txt"))
	require.ErrorIs(t, err, dedupe.ErrTooLarge)
	assert.ErrorContains(t, err, "big.txt: ")
	assert.ErrorContains(t, err, "200 bytes, over the limit of 100")

	var left []string
	r = dedupe.Reader{MaxDocBytes: 100, SkipBad: true, Skipped: func(e *dedupe.InputError) { left = append(left, e.Error()) }}
	docs, err := r.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, "small.txt", docs[0].ID)
	require.Len(t, left, 1)
	assert.Contains(t, left[0], "big.txt")
}
