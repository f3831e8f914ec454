package dedupe_test

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
	"github.com/quotetrace/quotetrace/similarity"
)

// stagedReport runs the exported stages one document and one pair at a
// time, as a distributed engine does, with nothing but their outputs
// passed between them.
func stagedReport(t *testing.T, opts dedupe.Options, docs []dedupe.Document) *dedupe.Report {
	t.Helper()
	m, err := dedupe.NewMatcher(opts)
	require.NoError(t, err)
	o := m.Options()
	prepared := make([]*dedupe.Prepared, len(docs))
	linkDocs := map[uint64][]uint32{}
	bandDocs := map[uint64][]uint32{}
	var tf similarity.TFIDF
	for i, d := range docs {
		p := m.Prepare(d)
		prepared[i] = p
		tf.Add(p.Words())
		for _, k := range p.AppendLinkKeys(nil) {
			linkDocs[k] = append(linkDocs[k], uint32(i))
		}
		bands, err := m.AppendBandKeys(nil, p)
		require.NoError(t, err)
		for _, k := range bands {
			if ds := bandDocs[k]; len(ds) == 0 || ds[len(ds)-1] != uint32(i) {
				bandDocs[k] = append(ds, uint32(i))
			}
		}
	}
	tf.Seal()
	linked := map[uint64]bool{}
	for _, k := range slices.Sorted(maps.Keys(linkDocs)) {
		for _, p := range dedupe.AppendKeyPairs(nil, linkDocs[k], o.MaxDocFreq) {
			linked[p] = true
		}
	}
	banded := map[uint64]bool{}
	for _, ds := range bandDocs {
		for x := range ds {
			for _, y := range ds[x+1:] {
				banded[uint64(ds[x])<<32|uint64(y)] = true
			}
		}
	}
	pairs := slices.Sorted(maps.Keys(linked))
	for p := range banded {
		if !linked[p] {
			pairs = append(pairs, p)
		}
	}
	var passages []dedupe.PairPassage
	var dups []dedupe.Duplicate
	var notes []string
	for _, p := range pairs {
		a, b := uint32(p>>32), uint32(p)
		var ps []dedupe.PairPassage
		if linked[p] {
			var n int
			ps, n = m.Passages(nil, a, b, prepared[a], prepared[b])
			if n > o.MaxPassagesPerPair {
				notes = append(notes, dedupe.TooManyPassages(docs[a].ID, docs[b].ID, n, &o))
			}
		}
		if d, ok := m.Duplicate(prepared[a], prepared[b], banded[p], ps, &tf); ok {
			dups = append(dups, d)
		}
		passages = append(passages, ps...)
	}
	// Only the carriers of passages keep their text, as an engine sends them.
	carriers := map[uint32]bool{}
	for _, p := range passages {
		carriers[p.A], carriers[p.B] = true, true
	}
	thin := make([]dedupe.Document, len(docs))
	sizes := make([]int, len(docs))
	for i, d := range docs {
		sizes[i] = len(d.Text)
		thin[i] = d
		if !carriers[uint32(i)] {
			thin[i].Text = ""
		}
	}
	slices.Reverse(passages) // Assemble orders them itself
	r, err := dedupe.Assemble(opts, thin, sizes, passages, dups, notes)
	require.NoError(t, err)
	return r
}

func reportJSON(t *testing.T, r *dedupe.Report) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, r.WriteJSON(&b))
	return b.String()
}

func TestStagesGiveTheCorpusReport(t *testing.T) {
	seeds, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	n := 500
	if raceEnabled {
		n = 150
	}
	for name, c := range map[string]struct {
		docs []dedupe.Document
		opts dedupe.Options
		note string // a note the report must hold
	}{
		"seeds":   {seeds, dedupe.Options{}, ""},
		"newsgen": {newsgen.All(newsgen.Config{Docs: n, Seed: 5}), dedupe.Options{}, ""},
		// A popular quotation in every article: its link keys are stars.
		"popular": {newsgen.All(newsgen.Config{Docs: n / 2, Seed: 31, PopularQuotes: 1, PopularRate: 1}), dedupe.Options{MaxDocFreq: 5}, ""},
		"limits":  {newsgen.All(newsgen.Config{Docs: n / 2, Seed: 7}), dedupe.Options{MaxPassagesPerPair: 1, MaxMembers: 2}, "(Options.MaxPassagesPerPair)"},
	} {
		t.Run(name, func(t *testing.T) {
			corpus, err := dedupe.New(c.opts)
			require.NoError(t, err)
			require.NoError(t, corpus.Add(c.docs...))
			want, err := corpus.Report()
			require.NoError(t, err)
			require.NotEmpty(t, want.Clusters)
			if c.note != "" {
				require.True(t, slices.ContainsFunc(want.Notes, func(n string) bool { return bytes.Contains([]byte(n), []byte(c.note)) }), "notes %q", want.Notes)
			}
			got := stagedReport(t, c.opts, c.docs)
			assert.Equal(t, reportJSON(t, want), reportJSON(t, got))
		})
	}
}

func TestAssembleRefuses(t *testing.T) {
	docs := []dedupe.Document{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}}
	_, err := dedupe.Assemble(dedupe.Options{}, docs, nil, []dedupe.PairPassage{{A: 1, B: 0}}, nil, nil)
	assert.ErrorIs(t, err, dedupe.ErrInput, "a passage whose documents are out of order")
	_, err = dedupe.Assemble(dedupe.Options{}, docs, []int{1}, nil, nil, nil)
	assert.ErrorIs(t, err, dedupe.ErrInput, "sizes for fewer documents")
	_, err = dedupe.Assemble(dedupe.Options{MaxDocBytes: 10}, docs, []int{1, 11}, nil, nil, nil)
	assert.ErrorIs(t, err, dedupe.ErrTooLarge)
	_, err = dedupe.Assemble(dedupe.Options{}, append(docs, docs[0]), nil, nil, nil, nil)
	assert.ErrorIs(t, err, dedupe.ErrDuplicateID)
	words := []dedupe.Document{{ID: "a", Text: "one two three"}, {ID: "b", Text: "one two three four"}}
	for _, p := range []dedupe.PairPassage{
		{A: 0, B: 1, AStart: 0, AEnd: 5000, BStart: 0, BEnd: 3},
		{A: 0, B: 1, AStart: 0, AEnd: 3, BStart: 2, BEnd: 1},
		{A: 0, B: 1, AStart: -1, AEnd: 3, BStart: 0, BEnd: 3},
	} {
		_, err = dedupe.Assemble(dedupe.Options{}, words, nil, []dedupe.PairPassage{p}, nil, nil)
		assert.ErrorIs(t, err, dedupe.ErrInput, "words outside the documents: %+v", p)
	}
	_, err = dedupe.Assemble(dedupe.Options{}, words, nil, []dedupe.PairPassage{{A: 0, B: 1, AStart: 0, AEnd: 3, BStart: 0, BEnd: 3, Matches: 3}}, nil, nil)
	assert.NoError(t, err, "a passage within both documents")
}

func TestAppendKeyPairs(t *testing.T) {
	for name, c := range map[string]struct {
		docs []uint32
		want []uint64
	}{
		"one":    {[]uint32{4}, nil},
		"clique": {[]uint32{1, 2, 5}, []uint64{1<<32 | 2, 1<<32 | 5, 2<<32 | 5}},
		"star":   {[]uint32{1, 2, 5, 9}, []uint64{1<<32 | 2, 1<<32 | 5, 1<<32 | 9}},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, c.want, dedupe.AppendKeyPairs(nil, c.docs, 3))
		})
	}
}

func TestParseJSONLine(t *testing.T) {
	_, ok, err := dedupe.ParseJSONLine([]byte(" \r\n"))
	assert.False(t, ok)
	assert.NoError(t, err)
	d, ok, err := dedupe.ParseJSONLine([]byte(`{"id":"x","text":"hi","published":"2020-01-02"}` + "\n"))
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "x", d.ID)
	assert.Equal(t, "2020-01-02", dedupe.FormatTime(d.Published))
	_, ok, err = dedupe.ParseJSONLine([]byte(`{"text":"hi"}`))
	assert.False(t, ok)
	assert.Error(t, err)
	d, ok, err = dedupe.ParseJSONLine([]byte("\ufeff" + `{"id":"bom","text":"hi"}`))
	require.NoError(t, err, "a file's first line after a byte-order mark, as ReadJSONL reads it")
	assert.True(t, ok)
	assert.Equal(t, "bom", d.ID)
	_, _, err = dedupe.ParseJSONLine([]byte(`{"id":"` + strings.Repeat("x", dedupe.MaxIDBytes+1) + `","text":"hi"}`))
	assert.ErrorContains(t, err, "over the limit", "an id longer than MaxIDBytes")
}
