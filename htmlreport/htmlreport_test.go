package htmlreport_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/htmlreport"
)

const seedDir = "../testdata/seeds"

func seedReport(t testing.TB) (*dedupe.Report, []dedupe.Document) {
	t.Helper()
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	return report(t, docs), docs
}

func report(t testing.TB, docs []dedupe.Document) *dedupe.Report {
	t.Helper()
	c, err := dedupe.New(dedupe.Options{})
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	r, err := c.Report()
	require.NoError(t, err)
	return r
}

func page(t testing.TB, r *dedupe.Report, docs []dedupe.Document, opts htmlreport.Options) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, htmlreport.Write(&buf, r, docs, opts))
	return buf.String()
}

// pageJSON is the part of the page's data block the tests read.
type pageJSON struct {
	Notes     []string `json:"notes"`
	Documents []struct {
		ID   string  `json:"id"`
		Text *string `json:"text"`
	} `json:"documents"`
	Duplicates []struct {
		A int `json:"a"`
		B int `json:"b"`
	} `json:"duplicates"`
	Clusters []struct {
		ID      int `json:"id"`
		Members []struct {
			Doc   int    `json:"doc"`
			Start int    `json:"start"`
			End   int    `json:"end"`
			Text  string `json:"text"`
			Units []int  `json:"units"`
		} `json:"members"`
	} `json:"clusters"`
}

var dataBlock = regexp.MustCompile(`(?s)<script type="application/json" id="qt-data">(.*?)</script>`)

func data(t *testing.T, page string) pageJSON {
	t.Helper()
	m := dataBlock.FindStringSubmatch(page)
	require.NotNil(t, m, "the page has its data block")
	var d pageJSON
	require.NoError(t, json.Unmarshal([]byte(m[1]), &d))
	return d
}

// hostileDocs are articles whose text, outlet, URL and id try to break out
// of the page: three outlets carry the same paragraph, so it is clustered
// and shown in every view.
func hostileDocs() []dedupe.Document {
	shared := `The council said "<script>window.__pwned=(window.__pwned||0)+1</script> we will not publish the minutes of the closed meeting before the election" and left. ` +
		`Then "><img src=x onerror="window.__pwned=1"> appeared in the page where the reporters of the weekly paper had filed their notes about the budget vote.`
	var docs []dedupe.Document
	for i, lead := range []string{"Morning report.", "Evening edition, second print.", "Late news from the district office."} {
		docs = append(docs, dedupe.Document{
			ID:     fmt.Sprintf(`"><svg onload=window.__pwned=1>-%d`, i),
			Text:   lead + " " + shared + " Other words follow here: item " + strings.Repeat("x", i+1) + ".",
			Source: fmt.Sprintf(`<b onmouseover="window.__pwned=1">Outlet %d</b>`, i),
			URL:    "javascript:window.__pwned=1",
		})
	}
	docs[0].URL = `https://example.org/a?"><script>window.__pwned=1</script>`
	return docs
}

func TestHostileTextIsEscaped(t *testing.T) {
	docs := hostileDocs()
	r := report(t, docs)
	require.NotEmpty(t, r.Clusters, "the hostile paragraph is clustered, so the page shows it")
	out := page(t, r, docs, htmlreport.Options{Title: `</title><script>window.__pwned=1</script>`})
	for _, raw := range []string{"<script>window", "<img src=x", "<svg", "<b onmouseover"} {
		assert.NotContains(t, out, raw)
	}
	assert.Equal(t, 2, strings.Count(out, "<script"), "only the data block and the page's own script")
	d := data(t, out)
	assert.Contains(t, *d.Documents[0].Text, `<script>window.__pwned`, "the data keeps the text as given")
}

// TestNoNetwork: nothing in the page points outside the file.
func TestNoNetwork(t *testing.T) {
	docs := hostileDocs()
	for i := range docs {
		docs[i].URL = "https://example.org/" + docs[i].ID
	}
	out := page(t, report(t, docs), docs, htmlreport.Options{})
	// The markup, without the data block and the script, which hold no
	// markup: the script makes only links within the page, and a link to
	// an article's own http(s) address when its document is shown.
	markup := regexp.MustCompile(`(?s)(<script[^>]*>).*?</script>`).ReplaceAllString(out, "$1</script>")
	require.Less(t, len(markup), len(out)/2)
	for _, m := range regexp.MustCompile(`(?i)\b(src|href|action|srcset|poster|data)\s*=\s*["']?([^"' >]*)`).FindAllStringSubmatch(markup, -1) {
		assert.True(t, strings.HasPrefix(m[2], "#"), "%s=%s points outside the page", m[1], m[2])
	}
	assert.NotRegexp(t, `(?i)@import|url\(`, markup, "no style loads anything")
	assert.Contains(t, out, `content="default-src 'none';`, "the policy forbids loading anything")
}

func TestDeterministic(t *testing.T) {
	r, docs := seedReport(t)
	assert.Equal(t, page(t, r, docs, htmlreport.Options{}), page(t, r, docs, htmlreport.Options{}))
}

// TestUnitsAreUTF16 checks each member's offsets in the page against the
// report's: the text the page's script cuts from its document's text, as
// JavaScript indexes it (UTF-16 code units), is the member's text,
// astral characters and invalid bytes before it included.
func TestUnitsAreUTF16(t *testing.T) {
	shared := "the minister said that the harbour 🚢 will close for the whole winter season because of repairs"
	docs := []dedupe.Document{
		{ID: "a", Text: "Breaking 🎉 news: " + shared + ". More."},
		{ID: "b", Text: "Ünïcödé \xff\xfe lead, then " + shared + " and so on."},
		{ID: "c", Text: shared},
	}
	r := report(t, docs)
	require.NotEmpty(t, r.Clusters)
	d := data(t, page(t, r, docs, htmlreport.Options{}))
	require.Len(t, d.Clusters, len(r.Clusters))
	for k, c := range d.Clusters {
		for j, m := range c.Members {
			want := r.Clusters[k].Members[j]
			text := d.Documents[m.Doc].Text
			require.NotNil(t, text)
			require.Len(t, m.Units, 2, "the page holds %s's text", want.Doc)
			assert.Empty(t, m.Text, "a passage is not stored twice")
			units := utf16.Encode([]rune(*text))
			assert.Equal(t, want.Text, string(utf16.Decode(units[m.Units[0]:m.Units[1]])), "cluster %d member %s", c.ID, want.Doc)
		}
	}
}

func TestTextCap(t *testing.T) {
	r, docs := seedReport(t)
	p := htmlreport.New(r, docs, htmlreport.Options{MaxTextBytes: 9000})
	require.Len(t, p.Notes, 1)
	assert.Contains(t, p.Notes[0], "MaxTextBytes")
	var buf bytes.Buffer
	require.NoError(t, p.Write(&buf))
	d := data(t, buf.String())
	total, left := 0, 0
	for i, doc := range d.Documents {
		if doc.Text != nil {
			assert.Equal(t, docs[i].Text, *doc.Text)
			total += len(*doc.Text)
		}
	}
	for i, doc := range d.Documents {
		if doc.Text == nil {
			left++
			assert.Greater(t, total+len(docs[i].Text), 9000, "%s would have fitted", doc.ID)
		}
	}
	assert.LessOrEqual(t, total, 9000)
	assert.Positive(t, left, "the seeds hold 14 KB")
	for k, c := range d.Clusters {
		for j, m := range c.Members {
			if d.Documents[m.Doc].Text == nil {
				assert.Equal(t, r.Clusters[k].Members[j].Text, m.Text, "a member of a document left out keeps its text")
				assert.Empty(t, m.Units)
			}
		}
	}
	assert.Contains(t, d.Notes, p.Notes[0], "the page shows the note")
	assert.Contains(t, html.UnescapeString(buf.String()), `<p class="cap" role="note">`+p.Notes[0], "shown open, not only among the notes")
}

func TestMembersOfUnlistedDocuments(t *testing.T) {
	r, docs := seedReport(t)
	broken := *r
	broken.Documents = r.Documents[1:] // the first seed's members now name no listed document
	gone := 0
	for _, c := range r.Clusters {
		for _, m := range c.Members {
			if m.Doc == r.Documents[0].ID {
				gone++
			}
		}
	}
	require.Positive(t, gone)
	p := htmlreport.New(&broken, docs, htmlreport.Options{})
	assert.Equal(t, []string{fmt.Sprintf("%d cluster members name documents the report does not list; they are left out", gone)}, p.Notes)
	var buf bytes.Buffer
	require.NoError(t, p.Write(&buf))
	d := data(t, buf.String())
	require.Len(t, d.Clusters, len(r.Clusters))
	for k, c := range d.Clusters {
		var want []string
		for _, m := range r.Clusters[k].Members {
			if m.Doc != r.Documents[0].ID {
				want = append(want, m.Doc)
			}
		}
		var got []string
		for _, m := range c.Members {
			got = append(got, d.Documents[m.Doc].ID)
		}
		assert.Equal(t, want, got, "cluster %d keeps its listed members, on their own documents", c.ID)
	}
}

// TestDuplicatesOfUnlistedDocuments: a near-duplicate pair naming a
// document the report does not list is left out with a note, not pinned to
// the first listed document.
func TestDuplicatesOfUnlistedDocuments(t *testing.T) {
	docs := hostileDocs()
	r := report(t, docs)
	first := r.Documents[0].ID
	var want [][2]string
	gone := 0
	for _, x := range r.Duplicates {
		if x.A == first || x.B == first {
			gone++
		} else {
			want = append(want, [2]string{x.A, x.B})
		}
	}
	require.Positive(t, gone, "some pair names the document dropped from the list")
	require.NotEmpty(t, want, "some pair is kept")
	broken := *r
	broken.Documents = r.Documents[1:]
	p := htmlreport.New(&broken, docs, htmlreport.Options{})
	note := fmt.Sprintf("%d near-duplicate pairs name documents the report does not list; they are left out", gone)
	assert.Contains(t, p.Notes, note)
	var buf bytes.Buffer
	require.NoError(t, p.Write(&buf))
	d := data(t, buf.String())
	var got [][2]string
	for _, x := range d.Duplicates {
		got = append(got, [2]string{d.Documents[x.A].ID, d.Documents[x.B].ID})
	}
	assert.Equal(t, want, got, "the pairs of listed documents, on their own documents")
	assert.Contains(t, d.Notes, note, "the page shows the note")
}

// TestMemberOffsetsOutOfRange: New takes any report, one decoded from JSON
// too, so a member whose offsets do not lie within its document's text
// (0 <= Start <= End <= its length) is left out with a note, whether or not
// the page holds that text.
func TestMemberOffsetsOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		name     string
		withText bool // the page is given the documents' texts
		bad      func(m *dedupe.Member, size int)
	}{
		{"start after end", true, func(m *dedupe.Member, _ int) { m.Start, m.End = m.End, m.Start }},
		{"negative start", true, func(m *dedupe.Member, _ int) { m.Start = -1 }},
		{"end past the text", true, func(m *dedupe.Member, size int) { m.End = size + 1 }},
		{"start past the text", true, func(m *dedupe.Member, size int) { m.Start, m.End = size+1, size+2 }},
		{"start after end, no text", false, func(m *dedupe.Member, _ int) { m.Start, m.End = m.End, m.Start }},
		{"negative start, no text", false, func(m *dedupe.Member, _ int) { m.Start = -1 }},
		{"end past the text, no text", false, func(m *dedupe.Member, size int) { m.End = size + 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, docs := seedReport(t)
			require.NotEmpty(t, r.Clusters)
			broken := *r
			broken.Clusters = make([]dedupe.Cluster, len(r.Clusters))
			for k, c := range r.Clusters {
				broken.Clusters[k] = c
				broken.Clusters[k].Members = slices.Clone(c.Members)
			}
			c := &broken.Clusters[0]
			require.GreaterOrEqual(t, len(c.Members), 2)
			m := &c.Members[1]
			size := -1
			for _, doc := range docs {
				if doc.ID == m.Doc {
					size = len(doc.Text)
				}
			}
			require.Positive(t, size)
			require.Less(t, m.Start, m.End)
			tc.bad(m, size)
			if !tc.withText {
				docs = nil
			}
			var p *htmlreport.Page
			require.NotPanics(t, func() { p = htmlreport.New(&broken, docs, htmlreport.Options{}) })
			note := "1 cluster members give offsets outside their document's text; they are left out"
			assert.Contains(t, p.Notes, note)
			var buf bytes.Buffer
			require.NoError(t, p.Write(&buf))
			d := data(t, buf.String())
			require.Len(t, d.Clusters, len(r.Clusters))
			var want, got []string
			for j, x := range r.Clusters[0].Members {
				if j != 1 {
					want = append(want, fmt.Sprintf("%s %d:%d", x.Doc, x.Start, x.End))
				}
			}
			for _, x := range d.Clusters[0].Members {
				got = append(got, fmt.Sprintf("%s %d:%d", d.Documents[x.Doc].ID, x.Start, x.End))
			}
			assert.Equal(t, want, got, "the other members are kept")
			for k := 1; k < len(d.Clusters); k++ {
				assert.Len(t, d.Clusters[k].Members, len(r.Clusters[k].Members), "cluster %d is whole", d.Clusters[k].ID)
			}
			assert.Contains(t, d.Notes, note, "the page shows the note")
		})
	}
}
