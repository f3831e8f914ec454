package dedupe_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
)

// outletReport is the seed report with each seed given an outlet and a URL,
// as JSONL input gives them; the first two seeds share an outlet.
func outletReport(t *testing.T) *dedupe.Report {
	t.Helper()
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	for i := range docs {
		docs[i].Source = fmt.Sprintf("Outlet %d", max(1, i))
		docs[i].URL = "https://example.org/" + docs[i].ID
	}
	c, err := dedupe.New(dedupe.Options{})
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	r, err := c.Report()
	require.NoError(t, err)
	return r
}

func TestOutletsInEveryMember(t *testing.T) {
	r := outletReport(t)
	source := map[string]string{}
	for _, d := range r.Documents {
		require.NotEmpty(t, d.Source)
		require.NotEmpty(t, d.URL)
		source[d.ID] = d.Source
	}
	var text bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	require.NotEmpty(t, r.Clusters)
	for _, c := range r.Clusters {
		outlets := map[string]bool{}
		for _, m := range c.Members {
			assert.Equal(t, source[m.Doc], m.Source, "cluster %d member %s", c.ID, m.Doc)
			outlets[m.Source] = true
			assert.Contains(t, text.String(), fmt.Sprintf("  - %s (%s)  ", m.Doc, m.Source))
		}
		if c.MoreMembers == 0 {
			assert.Equal(t, len(outlets), c.Sources, "cluster %d", c.ID)
		}
	}
}

func TestFilter(t *testing.T) {
	r := outletReport(t)
	kinds := map[dedupe.Kind]int{}
	for _, c := range r.Clusters {
		kinds[c.Kind]++
	}
	require.Greater(t, kinds[dedupe.Quotation], 0)
	require.Greater(t, kinds[dedupe.Passage], 0)

	for _, tc := range []struct {
		name string
		f    dedupe.Filter
		note string
	}{
		{"quotations", dedupe.Filter{Kinds: []dedupe.Kind{dedupe.Quotation}}, "filtered to kind quotation: "},
		{"two kinds", dedupe.Filter{Kinds: []dedupe.Kind{dedupe.Passage, dedupe.Boilerplate}}, "filtered to kind passage or boilerplate: "},
		{"three sources", dedupe.Filter{MinSources: 3}, "filtered to at least 3 sources: "},
		{"both", dedupe.Filter{Kinds: []dedupe.Kind{dedupe.Quotation}, MinSources: 4}, "filtered to kind quotation, at least 4 sources: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(r.Clusters)
			got := r.Filter(tc.f)
			assert.Len(t, r.Clusters, before, "the report filtered is unchanged")
			var want []int
			for i := range r.Clusters {
				c := &r.Clusters[i]
				if (len(tc.f.Kinds) == 0 || slices.Contains(tc.f.Kinds, c.Kind)) && c.Sources >= tc.f.MinSources {
					want = append(want, c.ID)
				}
			}
			var ids []int
			for _, c := range got.Clusters {
				ids = append(ids, c.ID)
			}
			assert.Equal(t, want, ids)
			assert.Less(t, len(ids), before, "the filter drops something on the seeds")
			assert.Equal(t, r.Documents, got.Documents)
			assert.Equal(t, r.Duplicates, got.Duplicates)
			idx := slices.IndexFunc(got.Notes, func(n string) bool { return strings.HasPrefix(n, tc.note) })
			require.GreaterOrEqual(t, idx, 0, "notes %q", got.Notes)
			assert.Equal(t, fmt.Sprintf("%s%d of %d clusters shown", tc.note, len(ids), before), got.Notes[idx])
		})
	}
	assert.Same(t, r, r.Filter(dedupe.Filter{}), "the zero filter keeps the report")
	assert.Same(t, r, r.Filter(dedupe.Filter{MinSources: 1}))
}

func TestParseKind(t *testing.T) {
	for _, k := range dedupe.Kinds {
		got, err := dedupe.ParseKind(string(k))
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	_, err := dedupe.ParseKind("quote")
	assert.ErrorIs(t, err, dedupe.ErrOptions)
	assert.ErrorContains(t, err, `"quote"`)
}
