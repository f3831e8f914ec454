package archive_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/quotetrace/quotetrace/archive"
	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

func seeds(t *testing.T) []dedupe.Document {
	t.Helper()
	docs, err := dedupe.ReadDir(filepath.Join("..", "testdata", "seeds"))
	require.NoError(t, err)
	require.Len(t, docs, 5)
	return docs
}

func create(t *testing.T, docs []dedupe.Document) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "news.qta")
	a, err := archive.Open(path, archive.Config{Create: true})
	require.NoError(t, err)
	st, err := a.Add(docs, archive.AddOptions{})
	require.NoError(t, err)
	assert.Equal(t, len(docs), st.Added)
	require.NoError(t, a.Close())
	return path
}

func TestQueryFindsArchivedPassage(t *testing.T) {
	docs := seeds(t)
	path := create(t, docs[:3]) // 000, 001, 002

	a, err := archive.Open(path, archive.Config{ReadOnly: true})
	require.NoError(t, err)
	defer a.Close()
	res, err := a.Query(docs[3:4]) // 003
	require.NoError(t, err)
	require.Len(t, res, 1)
	want := "have not come close to making any of those showings"
	found := false
	for _, f := range res[0].Passages {
		assert.Equal(t, docs[3].Text[f.Start:f.End], f.Text)
		var archived string
		for _, d := range docs[:3] {
			if d.ID == f.Doc {
				archived = d.Text
			}
		}
		require.NotEmpty(t, archived, f.Doc)
		assert.Equal(t, archived[f.ArchiveStart:f.ArchiveEnd], f.ArchiveText)
		if f.Doc == docs[2].ID && strings.Contains(f.Text, want) && strings.Contains(f.ArchiveText, want) {
			found = true
			assert.Equal(t, "2017-04-06", f.Published)
			assert.True(t, f.Quoted)
			assert.Equal(t, "Seth Waxman (Wilmer Hale)", f.Speaker)
		}
	}
	assert.True(t, found, "003's %q is found in 002: %+v", want, res[0].Passages)
}

func TestReportMatchesCorpus(t *testing.T) {
	docs := seeds(t)
	path := create(t, docs)
	a, err := archive.Open(path, archive.Config{ReadOnly: true})
	require.NoError(t, err)
	defer a.Close()
	got, err := a.Report(nil)
	require.NoError(t, err)

	c, err := dedupe.New(dedupe.Options{})
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	want, err := c.Report()
	require.NoError(t, err)
	var gb, wb bytes.Buffer
	require.NoError(t, got.WriteJSON(&gb))
	require.NoError(t, want.WriteJSON(&wb))
	assert.Equal(t, wb.String(), gb.String(), "the archive keeps texts and dates exactly")

	st, err := a.Stats()
	require.NoError(t, err)
	assert.Equal(t, 5, st.Documents)
	assert.Equal(t, "2017-04-06", st.Earliest)
	assert.Equal(t, "2017-04-07", st.Latest)
	assert.Positive(t, st.SeedEntries)
	assert.Equal(t, 5*st.Params.Bands, st.BandEntries)
	assert.Positive(t, st.Bytes)
}

func TestAddRefusesKnownIDsAndReplaces(t *testing.T) {
	docs := seeds(t)
	path := create(t, docs[:2])
	a, err := archive.Open(path, archive.Config{})
	require.NoError(t, err)
	defer a.Close()

	_, err = a.Add(docs[1:3], archive.AddOptions{})
	require.ErrorIs(t, err, dedupe.ErrDuplicateID)
	assert.Contains(t, err.Error(), docs[1].ID)
	all, err := a.Documents()
	require.NoError(t, err)
	assert.Len(t, all, 2, "nothing of a refused add is kept")

	_, err = a.Add([]dedupe.Document{docs[3], docs[3]}, archive.AddOptions{})
	assert.ErrorIs(t, err, dedupe.ErrDuplicateID)

	changed := docs[1]
	changed.Text = "Replaced text about something else entirely."
	st, err := a.Add([]dedupe.Document{changed, docs[2]}, archive.AddOptions{Replace: true})
	require.NoError(t, err)
	assert.Equal(t, archive.AddStats{Added: 1, Replaced: 1}, st)
	all, err = a.Documents()
	require.NoError(t, err)
	require.Len(t, all, 3)
	for _, d := range all {
		if d.ID == changed.ID {
			assert.Equal(t, changed.Text, d.Text)
		}
	}
	stats, err := a.Stats()
	require.NoError(t, err)
	assert.Equal(t, 3*stats.Params.Bands, stats.BandEntries, "the replaced document's index entries are gone")
}

func TestOversizedTextIsRefused(t *testing.T) {
	docs := seeds(t)
	path := create(t, docs[:1])
	a, err := archive.Open(path, archive.Config{})
	require.NoError(t, err)
	defer a.Close()

	big := dedupe.Document{ID: "big", Text: strings.Repeat("word ", dedupe.DefaultMaxDocBytes/5+1)}
	_, err = a.Add([]dedupe.Document{docs[1], big}, archive.AddOptions{})
	require.ErrorIs(t, err, dedupe.ErrTooLarge)
	assert.Contains(t, err.Error(), `"big"`)
	all, err := a.Documents()
	require.NoError(t, err)
	assert.Len(t, all, 1, "nothing of a refused add is kept")

	_, err = a.Query([]dedupe.Document{big})
	require.ErrorIs(t, err, dedupe.ErrTooLarge)
	assert.Contains(t, err.Error(), `"big"`)
}

func TestParametersAreFixed(t *testing.T) {
	path := create(t, seeds(t)[:1])
	opts := dedupe.Options{ShingleSize: 4}
	_, err := archive.Open(path, archive.Config{Options: &opts})
	require.ErrorIs(t, err, archive.ErrParams)
	assert.Contains(t, err.Error(), "shingle_size 4 (archive has 5)")

	same := dedupe.Options{}
	a, err := archive.Open(path, archive.Config{Options: &same})
	require.NoError(t, err, "the defaults are what the archive was made with")
	require.NoError(t, a.Close())
}

func TestBadFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(other, bytes.Repeat([]byte("not an archive\n"), 1000), 0o644))
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))

	// A bbolt file of another program.
	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o644, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err }))
	require.NoError(t, db.Close())

	cases := map[string]struct {
		path string
		err  error
	}{
		"missing":       {filepath.Join(dir, "missing"), archive.ErrNotFound},
		"text file":     {other, archive.ErrNotArchive},
		"empty file":    {empty, archive.ErrNotArchive},
		"directory":     {dir, archive.ErrNotArchive},
		"foreign bbolt": {foreign, archive.ErrNotArchive},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := archive.Open(c.path, archive.Config{ReadOnly: true})
			assert.ErrorIs(t, err, c.err)
			_, err = archive.Open(c.path, archive.Config{})
			assert.Error(t, err)
		})
	}
}

func TestOtherVersionIsRefused(t *testing.T) {
	for name, version := range map[string]int{"newer": archive.Version + 1, "older": archive.Version - 1} {
		t.Run(name, func(t *testing.T) {
			path := create(t, seeds(t)[:1])
			db, err := bolt.Open(path, 0o644, nil)
			require.NoError(t, err)
			require.NoError(t, db.Update(func(tx *bolt.Tx) error {
				v := tx.Bucket([]byte("meta")).Get([]byte("header"))
				var p map[string]any
				require.NoError(t, json.Unmarshal(v[4:], &p))
				p["version"] = version
				body, _ := json.Marshal(p)
				return tx.Bucket([]byte("meta")).Put([]byte("header"), archive.Seal(body))
			}))
			require.NoError(t, db.Close())
			_, err = archive.Open(path, archive.Config{ReadOnly: true})
			assert.ErrorIs(t, err, archive.ErrVersion)
			assert.ErrorContains(t, err, fmt.Sprintf("version %d", version))
		})
	}
}

func TestFlippedByteIsDetected(t *testing.T) {
	docs := seeds(t)
	path := create(t, docs[:3])
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	at := bytes.Index(raw, []byte("Defendants have not come close"))
	require.Positive(t, at, "the text is stored as is")
	raw[at] ^= 0x20 // "defendants"
	require.NoError(t, os.WriteFile(path, raw, 0o644))

	a, err := archive.Open(path, archive.Config{ReadOnly: true})
	require.NoError(t, err, "the damage is in a document, found when it is read")
	defer a.Close()
	_, err = a.Query(docs[3:4])
	assert.ErrorIs(t, err, archive.ErrDamaged)
	_, err = a.Stats()
	assert.ErrorIs(t, err, archive.ErrDamaged)
	_, err = a.Report(nil)
	assert.ErrorIs(t, err, archive.ErrDamaged)
}

// TestDamagedPageHeadersAreRefused: a meta page or a freelist page that
// names another page as itself is damage that Open refuses; bbolt asserted
// it in Stats' check, on a goroutine of its own, and the panic ended the
// process.
func TestDamagedPageHeadersAreRefused(t *testing.T) {
	path := create(t, seeds(t)[:2])
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	pageSize := int(binary.LittleEndian.Uint32(raw[16+8:]))
	freelist := func(meta []byte) int { return int(binary.LittleEndian.Uint64(meta[16+32:])) }
	txid := func(meta []byte) uint64 { return binary.LittleEndian.Uint64(meta[16+48:]) }
	used := raw[:pageSize] // the meta page of the later transaction
	if txid(raw[pageSize:]) > txid(used) {
		used = raw[pageSize:]
	}
	for name, at := range map[string]int{
		"meta page 1":   pageSize,
		"freelist page": freelist(used) * pageSize,
	} {
		bad := bytes.Clone(raw)
		binary.LittleEndian.PutUint64(bad[at:], 1<<58) // the page's own id
		damaged := filepath.Join(t.TempDir(), "damaged.qta")
		require.NoError(t, os.WriteFile(damaged, bad, 0o644))
		_, err := archive.Open(damaged, archive.Config{ReadOnly: true})
		assert.ErrorIs(t, err, archive.ErrDamaged, name)
	}
	a, err := archive.Open(path, archive.Config{ReadOnly: true})
	require.NoError(t, err, "the undamaged file opens")
	_, err = a.Stats()
	assert.NoError(t, err)
	require.NoError(t, a.Close())
}

func TestOneWriterManyReaders(t *testing.T) {
	path := create(t, seeds(t)[:2])
	w, err := archive.Open(path, archive.Config{})
	require.NoError(t, err)
	_, err = archive.Open(path, archive.Config{Timeout: 100 * time.Millisecond})
	assert.ErrorIs(t, err, archive.ErrLocked)
	require.NoError(t, w.Close())

	r1, err := archive.Open(path, archive.Config{ReadOnly: true})
	require.NoError(t, err)
	r2, err := archive.Open(path, archive.Config{ReadOnly: true})
	require.NoError(t, err, "readers share the archive")
	_, err = r1.Add(seeds(t)[2:3], archive.AddOptions{})
	assert.ErrorIs(t, err, archive.ErrReadOnly)
	require.NoError(t, r1.Close())
	require.NoError(t, r2.Close())
}

// Many small adds (segments merging as they go) answer exactly as one big
// add does, and keep the index to a logarithmic number of segments.
func TestSmallAddsEqualOneBatch(t *testing.T) {
	docs := newsgen.All(newsgen.Config{Docs: 240, Seed: 3, QuoteRate: 0.6})
	queries := newsgen.All(newsgen.Config{Docs: 260, Seed: 3, QuoteRate: 0.6})[240:]

	batch := filepath.Join(t.TempDir(), "batch.qta")
	a, err := archive.Open(batch, archive.Config{Create: true})
	require.NoError(t, err)
	_, err = a.Add(docs, archive.AddOptions{})
	require.NoError(t, err)
	want, err := a.Query(queries)
	require.NoError(t, err)
	require.NoError(t, a.Close())

	small := filepath.Join(t.TempDir(), "small.qta")
	b, err := archive.Open(small, archive.Config{Create: true})
	require.NoError(t, err)
	defer b.Close()
	for lo := 0; lo < len(docs); lo += 6 {
		_, err := b.Add(docs[lo:lo+6], archive.AddOptions{})
		require.NoError(t, err)
	}
	got, err := b.Query(queries)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	found, clusters := 0, 0
	for _, r := range got {
		found += len(r.Passages)
		clusters += len(r.Clusters)
	}
	assert.Positive(t, found, "the queries share passages with the archive")
	assert.Positive(t, clusters, "and clusters")

	st, err := b.Stats()
	require.NoError(t, err)
	assert.LessOrEqual(t, st.SeedSegments, 8, "40 adds leave O(log 40) segments")
	assert.Positive(t, st.SeedSegments)
}

// One archive, many goroutines adding and querying at once.
func TestConcurrentAddAndQuery(t *testing.T) {
	docs := newsgen.All(newsgen.Config{Docs: 120, Seed: 5, QuoteRate: 0.6})
	path := filepath.Join(t.TempDir(), "c.qta")
	a, err := archive.Open(path, archive.Config{Create: true})
	require.NoError(t, err)
	defer a.Close()
	_, err = a.Add(docs[:20], archive.AddOptions{})
	require.NoError(t, err)

	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for lo := 20 + w*25; lo < 20+(w+1)*25; lo += 5 {
				_, err := a.Add(docs[lo:lo+5], archive.AddOptions{})
				assert.NoError(t, err)
			}
		}()
		go func() {
			defer wg.Done()
			for i := range 5 {
				res, err := a.Query(docs[i*4 : i*4+1])
				assert.NoError(t, err)
				assert.Len(t, res, 1)
			}
		}()
	}
	wg.Wait()
	st, err := a.Stats()
	require.NoError(t, err)
	assert.Equal(t, 120, st.Documents)
}

// An archive built article by article, one Add each, reports exactly what
// one report over the same articles in the same order does: the same
// documents, near-duplicates and clusters, byte for byte.
func TestArticleByArticleReportMatchesCorpus(t *testing.T) {
	docs := newsgen.All(newsgen.Config{Docs: 300, Seed: 11})
	path := filepath.Join(t.TempDir(), "news.qta")
	a, err := archive.Open(path, archive.Config{Create: true})
	require.NoError(t, err)
	defer a.Close()
	for _, d := range docs {
		_, err := a.Add([]dedupe.Document{d}, archive.AddOptions{})
		require.NoError(t, err)
	}
	got, err := a.Report(nil)
	require.NoError(t, err)

	c, err := dedupe.New(dedupe.Options{})
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	want, err := c.Report()
	require.NoError(t, err)

	t.Run("byte-identical JSON", func(t *testing.T) {
		var gb, wb bytes.Buffer
		require.NoError(t, got.WriteJSON(&gb))
		require.NoError(t, want.WriteJSON(&wb))
		assert.Equal(t, wb.String(), gb.String())
	})

	// The corpus is one that exercises the model: outlets' boilerplate,
	// wire copies and popular quotations all make clusters.
	kinds := map[dedupe.Kind]int{}
	widest := 0
	for _, cl := range want.Clusters {
		kinds[cl.Kind]++
		widest = max(widest, cl.Documents)
	}
	t.Run("the corpus has every kind of cluster", func(t *testing.T) {
		assert.Positive(t, kinds[dedupe.Quotation])
		assert.Positive(t, kinds[dedupe.Passage])
		assert.Positive(t, kinds[dedupe.Boilerplate])
		assert.Greater(t, widest, 20, "a passage carried by more than MaxDocFreq documents")
	})
}

// An id too long for a key is refused up front by name, not as bbolt's
// "key too large" from deep inside the transaction.
func TestLongIDIsRefused(t *testing.T) {
	docs := seeds(t)
	path := create(t, docs[:1])
	a, err := archive.Open(path, archive.Config{})
	require.NoError(t, err)
	defer a.Close()
	long := dedupe.Document{ID: strings.Repeat("x", 40<<10), Text: "A text."}
	_, err = a.Add([]dedupe.Document{docs[1], long}, archive.AddOptions{})
	require.ErrorIs(t, err, archive.ErrLongID)
	assert.Contains(t, err.Error(), "is 40960 bytes, over the limit of 1024")
	assert.NotContains(t, err.Error(), "key too large")
	all, err := a.Documents()
	require.NoError(t, err)
	assert.Len(t, all, 1, "nothing of a refused add is kept")
}

// An archive grows with what it holds, not in steps of 16 MiB.
func TestArchiveFileIsSizedToContent(t *testing.T) {
	path := create(t, seeds(t))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Less(t, info.Size(), int64(2<<20), "five articles")
}
