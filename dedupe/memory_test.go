package dedupe_test

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

// shortWords is about n bytes of two-letter words, sentences of twenty:
// the most words, and so the most working memory, a text of n bytes has.
func shortWords(n int) string {
	words := []string{"of", "to", "in", "it", "is", "be", "as", "at", "so", "we", "he", "by", "or", "on", "do", "if",
		"me", "my", "up", "an", "go", "no", "us", "am", "x1", "y2", "z3", "q4", "k5", "ox"}
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.Grow(n + 64)
	for i := 0; b.Len() < n; i++ {
		b.WriteString(words[r.IntN(len(words))])
		if i%20 == 19 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// The report of one long document allocates, in all, a small multiple of
// its size: what it allocates bounds what it holds at once. It held every
// word as a 24-byte token for the whole run, and the shingle set, the seeds
// and the link keys of the whole document at once in slices that doubled:
// 2 MB of short words allocated 70 bytes a byte of text.
func TestOneLongDocumentMemory(t *testing.T) {
	text := shortWords(2 << 20)
	c, err := dedupe.New(dedupe.Options{Workers: 2})
	require.NoError(t, err)
	require.NoError(t, c.Add(dedupe.Document{ID: "long", Text: text}))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r, err := c.Report()
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Len(t, r.Documents, 1)
	perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(text))
	t.Logf("%.1f bytes allocated a byte of text", perByte)
	limit := 24.0
	if raceEnabled {
		// Instrumented builds compile slices.Grow's append(s, make(n)...)
		// as a make and an append: its growth is allocated twice.
		limit = 40
	}
	assert.Less(t, perByte, limit, "bytes allocated a byte of text")
}

// What a report keeps of each document until it is done is about 5 bytes
// a word: a 4-byte hash and a byte of range for most words (with a mark
// every 64 words and the odd word kept whole), besides the first words of
// sentences and the signature (about 2 bytes a word of a news article). An
// 8-byte hash, a 4-byte start and a length took 8 more.
func TestKeptBytesPerWord(t *testing.T) {
	m, err := dedupe.NewMatcher(dedupe.Options{})
	require.NoError(t, err)
	news := newsgen.All(newsgen.Config{Docs: 2000, Seed: 5})
	for _, c := range []struct {
		name  string
		texts []string
		limit float64
	}{
		{"one long document of short words", []string{shortWords(4 << 20)}, 6.5},
		{"2,000 generated articles", func() (ts []string) {
			for _, d := range news {
				ts = append(ts, d.Text)
			}
			return ts
		}(), 9},
	} {
		words := 0
		for _, text := range c.texts {
			w, _, err := dedupe.Words(text)
			require.NoError(t, err)
			words += len(w)
			m.Prepare(dedupe.Document{ID: "a", Text: text}) // the stem memory's words
		}
		runtime.GC()
		before := liveHeap()
		kept := make([]*dedupe.Prepared, len(c.texts))
		for i, text := range c.texts {
			kept[i] = m.Prepare(dedupe.Document{ID: "a", Text: text})
		}
		runtime.GC()
		perWord := float64(liveHeap()-before) / float64(words)
		t.Logf("%s: %d words, %.2f bytes kept a word", c.name, words, perWord)
		assert.Less(t, perWord, c.limit, "%s: bytes kept a word", c.name)
		runtime.KeepAlive(kept)
	}
}

// Between stages a report collects once what a stage dropped and
// allocated comes to 64 MiB, and not for less, whatever else the process
// holds: the collector would otherwise let the heap grow to twice what was
// last live before collecting.
func TestSettleCollectsWhatAStageLeaves(t *testing.T) {
	forced := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	var garbage [][]byte
	for range 96 { // the process's, before the report
		garbage = append(garbage, make([]byte, 1<<20))
	}
	garbage = nil
	n := forced()
	stages := dedupe.NewSettler()
	stages.Settle(1 << 20)
	assert.Equal(t, n, forced(), "a stage that dropped 1 MiB and allocated little: no collection")
	stages.Settle(128 << 20)
	assert.Equal(t, n+1, forced(), "128 MiB dropped: one collection")
	for range 96 {
		garbage = append(garbage, make([]byte, 1<<20))
	}
	garbage = nil
	stages.Settle(0)
	assert.Equal(t, n+2, forced(), "96 MiB allocated: one collection")
	runtime.KeepAlive(garbage)
}

// BenchmarkOneLongDocument reports the peak of the live heap (sampled every
// millisecond, above what was live before) and all that is allocated, per
// byte of one 30 MB document of short words, the hardest case for memory:
// about 5 bytes of word hashes and ranges a word are kept for the report.
func BenchmarkOneLongDocument(b *testing.B) {
	text := shortWords(30 << 20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		c, err := dedupe.New(dedupe.Options{})
		require.NoError(b, err)
		require.NoError(b, c.Add(dedupe.Document{ID: "long", Text: text}))
		runtime.GC()
		base := liveHeap()
		stop, done := make(chan struct{}), sync.WaitGroup{}
		done.Add(1)
		go func() {
			defer done.Done()
			for {
				if h := liveHeap(); h > base && h-base > peak {
					peak = h - base
				}
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		_, err = c.Report()
		close(stop)
		done.Wait()
		require.NoError(b, err)
	}
	b.ReportMetric(float64(peak)/float64(len(text)), "peak-heap-B/text-B")
}

// liveHeap is the bytes of heap objects, live and not yet collected.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// Tokenizing a chunk of text at a time and making shingles and seeds a
// window at a time, as long documents are, gives the report that the whole
// text at once gives, byte for byte.
func TestWindowsKeepTheReport(t *testing.T) {
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	for _, d := range newsgen.All(newsgen.Config{Docs: 40, Seed: 5}) {
		docs = append(docs, dedupe.Document{ID: d.ID, Text: d.Text, Published: d.Published})
	}
	docs = append(docs, dedupe.Document{ID: "long", Text: strings.Repeat(docs[2].Text+"\n", 3) + shortWords(1<<16) + docs[3].Text})
	report := func() []byte {
		c, err := dedupe.New(dedupe.Options{})
		require.NoError(t, err)
		require.NoError(t, c.Add(docs...))
		r, err := c.Report()
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, r.WriteJSON(&b))
		return b.Bytes()
	}
	whole := report()
	// Without the seed cache the pair stage makes seeds a window at a time;
	// with it, documents of more than a window's seeds are not held (with
	// windows of 50 seeds, most of these).
	for _, cache := range []int{0, 1 << 30} {
		restore := dedupe.SetSeedCache(cache)
		assert.Equal(t, string(whole), string(report()), "seed cache of %d bytes", cache)
		for _, w := range [][3]int{{7, 1, 1}, {100, 3, 2}, {4096, 64, 50}} {
			restore := dedupe.SetWindows(w[0], w[1], w[2])
			assert.Equal(t, string(whole), string(report()), "seed cache of %d bytes, text chunks of %d bytes, %d shingles, %d seeds a window", cache, w[0], w[1], w[2])
			restore()
		}
		restore()
	}
}
