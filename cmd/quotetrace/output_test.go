package main_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
)

// seedJSONL is the seed articles as JSONL with an outlet and a URL each.
func seedJSONL(t *testing.T) string {
	t.Helper()
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	var b strings.Builder
	for i, d := range docs {
		fields := map[string]string{"id": d.ID, "text": d.Text, "source": fmt.Sprintf("Outlet %d", i), "url": "https://example.org/" + d.ID}
		if !d.Published.IsZero() {
			fields["published"] = dedupe.FormatTime(d.Published)
		}
		line, err := json.Marshal(fields)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestReportOutletsAndFilters(t *testing.T) {
	in := seedJSONL(t)
	all := quotetrace(t, in, "report", "--format", "json", "-")
	require.Equal(t, 0, all.code, all.stderr)
	var r dedupe.Report
	require.NoError(t, json.Unmarshal([]byte(all.stdout), &r))
	for _, d := range r.Documents {
		assert.NotEmpty(t, d.Source, d.ID)
		assert.NotEmpty(t, d.URL, d.ID)
	}
	for _, c := range r.Clusters {
		for _, m := range c.Members {
			assert.NotEmpty(t, m.Source, "cluster %d member %s", c.ID, m.Doc)
		}
	}

	dir := quotetrace(t, "", "report", "--format", "json", seedDir)
	require.Equal(t, 0, dir.code, dir.stderr)
	var rd dedupe.Report
	require.NoError(t, json.Unmarshal([]byte(dir.stdout), &rd))
	require.NotEmpty(t, rd.Clusters)
	for _, d := range rd.Documents {
		assert.Empty(t, d.Source, "a directory names no outlet")
		assert.Empty(t, d.URL)
	}
	for _, c := range rd.Clusters {
		assert.Zero(t, c.Sources)
		for _, m := range c.Members {
			assert.Empty(t, m.Source)
		}
	}
	assert.NotContains(t, dir.stdout, `"url"`, "an unknown URL is left out")

	q := quotetrace(t, in, "report", "--format", "json", "--kind", "quotation", "-")
	require.Equal(t, 0, q.code, q.stderr)
	var rq dedupe.Report
	require.NoError(t, json.Unmarshal([]byte(q.stdout), &rq))
	want := r.Filter(dedupe.Filter{Kinds: []dedupe.Kind{dedupe.Quotation}})
	require.Less(t, len(want.Clusters), len(r.Clusters))
	assert.Equal(t, want.Clusters, rq.Clusters)
	assert.Equal(t, want.Notes, rq.Notes)
	assert.Contains(t, q.stderr, "quotetrace: note: filtered to kind quotation: ")

	text := quotetrace(t, in, "report", "--min-sources", "3", "-")
	require.Equal(t, 0, text.code, text.stderr)
	three := r.Filter(dedupe.Filter{MinSources: 3})
	require.NotEmpty(t, three.Clusters)
	require.Less(t, len(three.Clusters), len(r.Clusters))
	assert.Contains(t, text.stdout, fmt.Sprintf("note: filtered to at least 3 sources: %d of %d clusters shown", len(three.Clusters), len(r.Clusters)))
	assert.Len(t, regexp.MustCompile(`(?m)^#\d+ `).FindAllString(text.stdout, -1), len(three.Clusters))
	assert.Contains(t, text.stdout, "  - 002_1d8b1f4f4203ccee.txt (Outlet 2)  2017-04-06")

	page := quotetrace(t, in, "report", "--format", "html", "--kind", "quotation,passage", "-")
	require.Equal(t, 0, page.code, page.stderr)
	assert.True(t, strings.HasPrefix(page.stdout, "<!DOCTYPE html>"))
	assert.Contains(t, page.stdout, `<script type="application/json" id="qt-data">`)
	assert.Contains(t, page.stdout, "filtered to kind quotation or passage: ")
	assert.Contains(t, page.stderr, "quotetrace: note: filtered to kind quotation or passage: ")
}

func TestIndexReportHTML(t *testing.T) {
	index := filepath.Join(t.TempDir(), "news.qta")
	require.Equal(t, 0, quotetrace(t, "", "index", "add", "--index", index, seedDir).code)
	page := quotetrace(t, "", "index", "report", "--index", index, "--format", "html", "--min-sources", "0")
	require.Equal(t, 0, page.code, page.stderr)
	m := regexp.MustCompile(`(?s)<script type="application/json" id="qt-data">(.*?)</script>`).FindStringSubmatch(page.stdout)
	require.NotNil(t, m)
	var data struct {
		Documents []struct {
			ID   string  `json:"id"`
			Text *string `json:"text"`
		} `json:"documents"`
	}
	require.NoError(t, json.Unmarshal([]byte(m[1]), &data))
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	require.Len(t, data.Documents, len(docs))
	for i, d := range data.Documents {
		require.NotNil(t, d.Text, "the archive gives the page %s's text", d.ID)
		assert.Equal(t, docs[i].Text, *d.Text)
	}
}

func TestReportOutputFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown kind", []string{"report", "--kind", "quote", seedDir}, `unknown cluster kind "quote"`},
		{"negative sources", []string{"report", "--min-sources", "-1", seedDir}, "--min-sources"},
		{"bad format", []string{"report", "--format", "pdf", seedDir}, "text, json or html"},
		{"html for query", []string{"index", "query", "--index", "x.qta", "--format", "html", seedDir}, "--format must be text or json"},
		{"kind for index report", []string{"index", "report", "--index", "x.qta", "--kind", "x"}, "--kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := quotetrace(t, "", tc.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.want)
		})
	}
}
