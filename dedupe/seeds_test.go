package dedupe_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/seedcheck"
)

var update = flag.Bool("update", false, "rewrite golden files")

const seedDir = "../testdata/seeds"

func loadExpectations(t *testing.T) *seedcheck.Expectations {
	t.Helper()
	e, err := seedcheck.Load(seedDir)
	require.NoError(t, err)
	return e
}

func seedReport(t *testing.T, opts dedupe.Options) (*dedupe.Report, map[string]string) {
	t.Helper()
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	require.Len(t, docs, 5)
	c, err := dedupe.New(opts)
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	r, err := c.Report()
	require.NoError(t, err)
	texts := map[string]string{}
	for _, d := range docs {
		texts[d.ID] = d.Text
	}
	return r, texts
}

func TestSeedExpectations(t *testing.T) {
	e := loadExpectations(t)
	r, _ := seedReport(t, dedupe.Options{})
	assert.Empty(t, e.Problems(r))
	for _, ec := range e.Clusters {
		i, err := e.Find(r, ec.Members)
		require.NoError(t, err)
		if i < 0 {
			t.Logf("%s-level cluster %s not found", ec.Level, ec.Name)
		}
	}
}

// The checker itself fails on a report that falls short, so a passing
// report means something.
func TestSeedExpectationsCanFail(t *testing.T) {
	e := loadExpectations(t)
	r, _ := seedReport(t, dedupe.Options{})
	broken := *r
	broken.Clusters = append([]dedupe.Cluster(nil), r.Clusters...)
	broken.Clusters[0].Members = append([]dedupe.Member(nil), r.Clusters[0].Members...)
	broken.Clusters[0].Members[0].Start++
	assert.NotEmpty(t, e.Problems(&broken), "an inexact offset is a problem")
	assert.NotEmpty(t, e.Problems(&dedupe.Report{}), "an empty report misses every cluster")
	for i := range broken.Clusters {
		broken.Clusters[i].Speaker = ""
	}
	assert.NotEmpty(t, e.Problems(&broken))
}

// The named speakers of 002 reach their clusters: the most informative
// attribution wins over "the lawsuit" and over 000's "the ACLU".
func TestSeedSpeakersAreNamed(t *testing.T) {
	r, _ := seedReport(t, dedupe.Options{})
	cases := map[string]struct{ doc, anchor, speaker string }{
		"waxman":  {"002_1d8b1f4f4203ccee.txt", "may not compel Twitter to disclose", "Seth Waxman (Wilmer Hale)"},
		"wessler": {"002_1d8b1f4f4203ccee.txt", "To unmask an anonymous speaker online", "Nathan Freed Wessler (ACLU)"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			i, err := loadExpectations(t).Find(r, map[string]string{c.doc: c.anchor})
			require.NoError(t, err)
			require.GreaterOrEqual(t, i, 0)
			assert.Equal(t, c.speaker, r.Clusters[i].Speaker)
		})
	}
}

func TestSeedReportInvariants(t *testing.T) {
	e := loadExpectations(t)
	r, texts := seedReport(t, dedupe.Options{})
	require.NotEmpty(t, r.Clusters)
	require.Len(t, r.Documents, 5)
	for _, d := range r.Documents {
		want := e.Documents[d.ID].Published
		if want == nil {
			assert.Empty(t, d.Published, d.ID)
		} else {
			assert.Equal(t, *want, d.Published, d.ID)
		}
		assert.Equal(t, len(texts[d.ID]), d.Bytes)
	}
	for _, c := range r.Clusters {
		docs := map[string]bool{}
		for k, m := range c.Members {
			docs[m.Doc] = true
			text := texts[m.Doc]
			require.True(t, 0 <= m.Start && m.Start < m.End && m.End <= len(text), "cluster %d member %s", c.ID, m.Doc)
			assert.Equal(t, text[m.Start:m.End], m.Text, "offsets are exact")
			assert.True(t, m.Similarity >= dedupe.MemberSimilarity && m.Similarity <= 1, "cluster %d member %s: similarity %v", c.ID, m.Doc, m.Similarity)
			if k > 0 {
				prev := c.Members[k-1]
				// Oldest first, undated last.
				assert.False(t, prev.Published == "" && m.Published != "", "cluster %d: undated before dated", c.ID)
				if prev.Published != "" && m.Published != "" {
					assert.LessOrEqual(t, prev.Published, m.Published)
				}
			}
		}
		assert.GreaterOrEqual(t, len(docs), 2, "cluster %d spans two documents", c.ID)
		origin := ""
		for _, m := range c.Members {
			if m.Published != "" && m.Similarity >= dedupe.OriginSimilarity {
				origin = m.Doc
				break
			}
		}
		assert.Equal(t, origin, c.Origin, "cluster %d: the origin is the earliest dated member that holds the passage", c.ID)
		assert.Equal(t, len(docs), c.Documents)
		assert.Contains(t, []dedupe.Kind{dedupe.Quotation, dedupe.Passage, dedupe.Boilerplate}, c.Kind)
	}
}

func TestReportIsDeterministic(t *testing.T) {
	var outs [][]byte
	for _, workers := range []int{1, 2, 7} {
		r, _ := seedReport(t, dedupe.Options{Workers: workers})
		var buf bytes.Buffer
		require.NoError(t, r.WriteJSON(&buf))
		outs = append(outs, buf.Bytes())
	}
	assert.Equal(t, string(outs[0]), string(outs[1]))
	assert.Equal(t, string(outs[0]), string(outs[2]))
}

func TestGoldenText(t *testing.T) {
	r, _ := seedReport(t, dedupe.Options{})
	var buf bytes.Buffer
	require.NoError(t, r.WriteText(&buf))
	golden := filepath.Join("testdata", "seeds.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./dedupe -run Golden -update to create it")
	assert.Equal(t, string(want), buf.String())
}
