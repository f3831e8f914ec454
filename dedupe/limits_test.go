package dedupe_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
)

const quotation = `"To unmask an anonymous speaker online, the government must have a strong justification," she said.`

func report(t *testing.T, opts dedupe.Options, docs ...dedupe.Document) *dedupe.Report {
	t.Helper()
	c, err := dedupe.New(opts)
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	r, err := c.Report()
	require.NoError(t, err)
	return r
}

func TestLimitsAreReported(t *testing.T) {
	t.Run("document size", func(t *testing.T) {
		c, err := dedupe.New(dedupe.Options{MaxDocBytes: 10})
		require.NoError(t, err)
		err = c.Add(dedupe.Document{ID: "big", Text: "eleven bytes"})
		assert.ErrorIs(t, err, dedupe.ErrTooLarge)
		assert.Contains(t, err.Error(), `"big"`)
	})
	t.Run("document size over 4 GiB", func(t *testing.T) {
		// Word offsets are kept in 32 bits. (On a 32-bit machine an int
		// cannot reach the limit.)
		_, err := dedupe.New(dedupe.Options{MaxDocBytes: math.MaxInt})
		if strconv.IntSize == 64 {
			assert.ErrorIs(t, err, dedupe.ErrOptions)
		} else {
			assert.NoError(t, err)
		}
	})
	t.Run("passages per pair", func(t *testing.T) {
		docs, err := dedupe.ReadDir(seedDir)
		require.NoError(t, err)
		r := report(t, dedupe.Options{MaxPassagesPerPair: 1}, docs...)
		require.NotEmpty(t, r.Notes)
		assert.Contains(t, strings.Join(r.Notes, "\n"), "Options.MaxPassagesPerPair")
		full := report(t, dedupe.Options{}, docs...)
		assert.NotContains(t, strings.Join(full.Notes, "\n"), "Options.MaxPassagesPerPair", "the defaults are not hit by the seeds")
		assert.Less(t, len(r.Clusters), len(full.Clusters))
	})
	t.Run("members per cluster", func(t *testing.T) {
		var docs []dedupe.Document
		for i := range 5 {
			docs = append(docs, dedupe.Document{ID: fmt.Sprintf("d%d", i), Text: quotation,
				Published: time.Date(2017, 4, 6+i, 0, 0, 0, 0, time.UTC)})
		}
		r := report(t, dedupe.Options{MaxMembers: 3}, docs...)
		require.Len(t, r.Clusters, 1)
		cl := r.Clusters[0]
		assert.Len(t, cl.Members, 3)
		assert.Equal(t, 2, cl.MoreMembers)
		assert.Equal(t, "d0", cl.Members[0].Doc, "the oldest are listed")
		assert.Contains(t, strings.Join(r.Notes, "\n"), "Options.MaxMembers")
	})
}

// Hostile documents: a correct report, within bounds, never a panic.
func TestHostileDocuments(t *testing.T) {
	big := 50 << 20
	if raceEnabled {
		big = 4 << 20 // the race detector is ten times slower; the full size runs without it
	}
	var b strings.Builder
	for b.Len() < big {
		b.WriteString("Officials met on Tuesday to weigh the budget for bridges, ferries and roads in the region. ")
	}
	huge := b.String() + quotation
	word := strings.Repeat("x", 1<<20)
	cases := map[string]dedupe.Document{
		"50 MB document":   {ID: "huge", Text: huge},
		"1 MB word":        {ID: "word", Text: word + " " + quotation + " " + word},
		"NUL bytes":        {ID: "nul", Text: "\x00\x00" + quotation + "\x00"},
		"invalid UTF-8":    {ID: "bad", Text: "\xff" + quotation + "\xc3\x28"},
		"repeated 10000 x": {ID: "rep", Text: strings.Repeat(quotation+" ", 10000)},
	}
	for name, d := range cases {
		t.Run(name, func(t *testing.T) {
			plain := dedupe.Document{ID: "plain", Text: "He said: " + quotation}
			r := report(t, dedupe.Options{}, d, plain)
			require.Len(t, r.Clusters, 1, "the shared quotation is found")
			for _, m := range r.Clusters[0].Members {
				text := plain.Text
				if m.Doc == d.ID {
					text = d.Text
				}
				assert.Equal(t, text[m.Start:m.End], m.Text)
			}
		})
	}
}

func TestBinaryFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("plain text"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "image.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644))
	_, err := dedupe.ReadDir(dir)
	assert.ErrorIs(t, err, dedupe.ErrInput)
	assert.ErrorContains(t, err, "image.txt: looks binary")
}

// Add and Report may run at once; a report covers what was added before it.
func TestCorpusConcurrentUse(t *testing.T) {
	c, err := dedupe.New(dedupe.Options{Workers: 2})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				assert.NoError(t, c.Add(dedupe.Document{ID: fmt.Sprintf("w%d-%d", w, i), Text: "He said: " + quotation}))
				if i%3 == 0 {
					r, err := c.Report()
					assert.NoError(t, err)
					assert.LessOrEqual(t, len(r.Documents), 40)
				}
			}
		}()
	}
	wg.Wait()
	r, err := c.Report()
	require.NoError(t, err)
	assert.Len(t, r.Documents, 40)
	require.Len(t, r.Clusters, 1)
	assert.Len(t, r.Clusters[0].Members, 40)
}
