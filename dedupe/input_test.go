package dedupe_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/shingle"
)

func TestReadJSONL(t *testing.T) {
	in := `{"id": "a", "text": "Alpha text.", "published": "2017-04-06", "source": "Outlet", "url": "http://x/a", "extra": 1}

{"id": "b", "text": "", "published": "2017-04-06T15:04:05+02:00"}
`
	docs, err := dedupe.ReadJSONL(strings.NewReader(in), "in.jsonl")
	require.NoError(t, err)
	require.Len(t, docs, 2)
	assert.Equal(t, dedupe.Document{ID: "a", Text: "Alpha text.", Published: time.Date(2017, 4, 6, 0, 0, 0, 0, time.UTC), Source: "Outlet", URL: "http://x/a"}, docs[0])
	assert.Equal(t, "b", docs[1].ID)
	assert.Equal(t, 13, docs[1].Published.UTC().Hour())

	bad := map[string]string{
		"malformed":    "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\", \"text\": \n",
		"missing id":   "{\"id\": \"a\", \"text\": \"x\"}\n{\"text\": \"x\"}\n",
		"missing text": "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\"}\n",
		"bad date":     "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\", \"text\": \"x\", \"published\": \"April 6\"}\n",
		"not object":   "{\"id\": \"a\", \"text\": \"x\"}\n[1, 2]\n",
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := dedupe.ReadJSONL(strings.NewReader(in), "in.jsonl")
			require.Error(t, err)
			assert.ErrorIs(t, err, dedupe.ErrInput)
			assert.Contains(t, err.Error(), "in.jsonl:2:", "the error names the line")
		})
	}
}

func TestReadDirAndLoad(t *testing.T) {
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	require.Len(t, docs, 5)
	assert.Equal(t, "000_e6ca9f015f080cb7.txt", docs[0].ID)
	assert.True(t, docs[0].Published.IsZero())
	assert.Equal(t, "2017-04-06", docs[1].Published.Format(time.DateOnly))
	raw, err := os.ReadFile(filepath.Join(seedDir, docs[1].ID))
	require.NoError(t, err)
	assert.Equal(t, string(raw), docs[1].Text, "the text stays exactly as the file holds it")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.jsonl"), []byte(`{"id":"x","text":"y"}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.md"), []byte("ignored"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub.txt"), 0o755))
	got, err := dedupe.Load(filepath.Join(dir, "x.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, "x", got[0].ID)
	_, err = dedupe.Load(dir)
	assert.ErrorIs(t, err, dedupe.ErrNothingToRead, "only regular .txt files are documents, and there are none")

	for _, p := range []string{filepath.Join(dir, "missing"), filepath.Join(dir, "notes.md")} {
		_, err := dedupe.Load(p)
		assert.ErrorIs(t, err, dedupe.ErrInput, p)
	}
}

func TestCorpusRejectsBadDocuments(t *testing.T) {
	c, err := dedupe.New(dedupe.Options{})
	require.NoError(t, err)
	require.NoError(t, c.Add(dedupe.Document{ID: "a", Text: "x"}))
	err = c.Add(dedupe.Document{ID: "b", Text: "y"}, dedupe.Document{ID: "a", Text: "z"})
	assert.ErrorIs(t, err, dedupe.ErrDuplicateID)
	assert.Contains(t, err.Error(), `"a"`)
	assert.Equal(t, 2, c.Len(), "documents before the bad one are kept")
	assert.ErrorIs(t, c.Add(dedupe.Document{Text: "no id"}), dedupe.ErrEmptyID)
}

func TestOptionsAreValidated(t *testing.T) {
	bad := []dedupe.Options{
		{ShingleSize: -1}, {SeedSize: 99}, {Threshold: 1.5}, {MinContainment: -0.1},
		{MinWords: 2, SeedSize: 3}, {MaxDocFreq: 1}, {Workers: -2}, {MaxAlignCells: 10},
	}
	for _, o := range bad {
		_, err := dedupe.New(o)
		assert.ErrorIs(t, err, dedupe.ErrOptions, "%+v", o)
	}
	o := dedupe.Options{}
	o.Analysis.Language = "klingon"
	_, err := dedupe.New(o)
	assert.ErrorIs(t, err, dedupe.ErrOptions)
}

// Awkward documents give a correct report, never a panic.
func TestAwkwardDocuments(t *testing.T) {
	shared := "The right to anonymously speak out against the government is clearly protected by the First Amendment"
	docs := []dedupe.Document{
		{ID: "empty", Text: ""},
		{ID: "spaces", Text: " \n\t "},
		{ID: "punct", Text: "’ ’ — . “ ”"},
		{ID: "invalid", Text: "\xff\xfe " + shared + " \xc3"},
		{ID: "nul", Text: "a\x00b " + shared},
		{ID: "plain", Text: "She said: “" + shared + ".”"},
		{ID: "tiny", Text: "Hi"},
	}
	c, err := dedupe.New(dedupe.Options{})
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	r, err := c.Report()
	require.NoError(t, err)
	require.Len(t, r.Documents, len(docs))
	require.Len(t, r.Clusters, 1)
	cl := r.Clusters[0]
	assert.Len(t, cl.Members, 3)
	texts := map[string]string{}
	for _, d := range docs {
		texts[d.ID] = d.Text
	}
	for _, m := range cl.Members {
		assert.Equal(t, texts[m.Doc][m.Start:m.End], m.Text)
		assert.Equal(t, shared, m.Text)
	}
}

func TestNearDuplicates(t *testing.T) {
	base := strings.Repeat("Twitter sued the Trump administration on Thursday to stop an attempt at forcing the company to reveal the user of an account. ", 1) +
		"The lawsuit says the summons violates the First Amendment and the relevant summons law. " +
		"The account describes its users as current and former employees of the immigration agency. " +
		"Homeland Security declined to comment on pending litigation, a spokesman said on Friday."
	edited := strings.Replace(base, "on Friday", "late on Friday evening", 1)
	unrelated := "A storm closed schools across the region while officials weighed the cost of repairs to bridges and the ferry terminal."
	c, err := dedupe.New(dedupe.Options{})
	require.NoError(t, err)
	require.NoError(t, c.Add(
		dedupe.Document{ID: "b-edited", Text: edited},
		dedupe.Document{ID: "a-base", Text: base},
		dedupe.Document{ID: "c-unrelated", Text: unrelated},
		dedupe.Document{ID: "d-part", Text: base[:strings.Index(base, "Homeland")]},
	))
	r, err := c.Report()
	require.NoError(t, err)
	var pairs []string
	for _, d := range r.Duplicates {
		pairs = append(pairs, d.A+"~"+d.B)
		assert.Less(t, d.A, d.B)
		assert.True(t, d.Jaccard >= 0.5 || d.Containment >= 0.8, "%+v", d)
		assert.True(t, d.Cosine > 0 && d.Cosine <= 1)
	}
	assert.Equal(t, []string{"a-base~b-edited", "a-base~d-part", "b-edited~d-part"}, pairs)
}

func TestInputErrorsWrap(t *testing.T) {
	_, err := dedupe.ReadDir(filepath.Join(t.TempDir(), "nope"))
	assert.True(t, errors.Is(err, dedupe.ErrInput) && errors.Is(err, os.ErrNotExist))
}

func TestMatcherShared(t *testing.T) {
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	m, err := dedupe.NewMatcher(dedupe.Options{})
	require.NoError(t, err)
	a, b := m.Prepare(docs[2]), m.Prepare(docs[3]) // 002 and 003
	shared := m.Shared(a, b)
	require.NotEmpty(t, shared)
	want := "have not come close to making any of those showings"
	found := false
	for _, s := range shared {
		at, bt := a.Doc.Text[s.AStart:s.AEnd], b.Doc.Text[s.BStart:s.BEnd]
		assert.GreaterOrEqual(t, s.Words, 6)
		if strings.Contains(at, want) && strings.Contains(bt, want) {
			found = true
			assert.True(t, s.AQuoted, "002 quotes it")
			assert.False(t, s.BQuoted, "003 copies it unquoted")
			assert.Contains(t, s.ASpeaker, "Seth Waxman")
			assert.Equal(t, 1.0, s.Similarity)
		}
	}
	assert.True(t, found, "002 and 003 share %q", want)
	assert.Empty(t, m.Shared(a, m.Prepare(dedupe.Document{ID: "x", Text: "Nothing in common here at all."})))

	seeds := a.Seeds()
	assert.True(t, len(seeds) > 100)
	assert.True(t, slices.IsSortedFunc(seeds, func(x, y shingle.Shingle) int { return int(x.First - y.First) }), "seeds in word order")
}

// TestProgressNamesEveryStage checks that Progress hears of each stage in
// order, counting up to its total.
func TestProgressNamesEveryStage(t *testing.T) {
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	var stages []string
	last := map[string][2]int{}
	c, err := dedupe.New(dedupe.Options{Progress: func(stage string, done, total int) {
		if len(stages) == 0 || stages[len(stages)-1] != stage {
			stages = append(stages, stage)
		}
		assert.LessOrEqual(t, done, total, stage)
		assert.GreaterOrEqual(t, done, last[stage][0], "%s counts up", stage)
		last[stage] = [2]int{done, total}
	}})
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	_, err = c.Report()
	require.NoError(t, err)
	assert.Equal(t, []string{"analyze", "pairs", "align", "duplicates", "clusters"}, stages)
	for stage, dt := range last {
		assert.Equal(t, dt[1], dt[0], "%s finishes", stage)
	}
}
