package archive_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/archive"
	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

// bodies returns n generated articles that share nothing: no boilerplate,
// copies or quotations.
func bodies(n int, seed uint64) []string {
	var out []string
	for _, d := range newsgen.All(newsgen.Config{Docs: n, PopularQuotes: -1, Quotes: -1, BoilerplateRate: -1,
		CopyRate: -1, WireRate: -1, Seed: seed}) {
		out = append(out, d.Text)
	}
	return out
}

// insert sets sentence into body at a sentence boundary near its middle.
func insert(body, sentence string) string {
	cut := len(body)/2 + strings.Index(body[len(body)/2:], ". ") + 2
	return body[:cut] + sentence + " " + body[cut:]
}

// memberOf returns the member of cl from document doc.
func memberOf(cl archive.Cluster, doc string) (archive.Member, bool) {
	for _, m := range cl.Members {
		if m.Doc == doc {
			return m, true
		}
	}
	return archive.Member{}, false
}

// clusterAt returns the cluster of res whose span holds the article's
// bytes [s, e).
func clusterAt(t *testing.T, res archive.Result, s, e int) archive.Cluster {
	t.Helper()
	var found []archive.Cluster
	for _, cl := range res.Clusters {
		if cl.Start <= s && e <= cl.End && 2*(e-s) >= cl.End-cl.Start {
			found = append(found, cl)
		}
	}
	require.Len(t, found, 1, "one cluster for the passage: %+v", res.Clusters)
	return found[0]
}

// A quotation that 300 archived articles carry, queried with a new story
// that quotes it: one cluster with every carrier, though the pairwise
// passages compare only the first carrier of each popular phrase.
func TestQueryClustersPopularQuotation(t *testing.T) {
	cfg := newsgen.Config{Docs: 300, PopularQuotes: 1, PopularRate: 1, EditRate: -1, WireRate: -1, CopyRate: -1, Quotes: -1, Seed: 21}
	g := newsgen.New(cfg)
	docs := newsgen.All(cfg)
	texts := map[string]string{}
	for _, d := range docs {
		texts[d.ID] = d.Text
	}
	line, speaker := g.PopularQuote(0), g.PopularSpeaker(0)
	article := dedupe.Document{
		ID:        "new",
		Text:      insert(bodies(1, 99)[0], "“"+line+",” "+speaker+" said."),
		Published: docs[len(docs)-1].Published.Add(time.Hour),
	}
	at := strings.Index(article.Text, line)
	require.Positive(t, at)

	path := create(t, docs)
	a, err := archive.Open(path, archive.Config{ReadOnly: true})
	require.NoError(t, err)
	defer a.Close()
	res, err := a.Query([]dedupe.Document{article})
	require.NoError(t, err)
	require.Len(t, res, 1)
	cl := clusterAt(t, res[0], at, at+len(line))

	t.Run("one cluster with every carrier", func(t *testing.T) {
		assert.Len(t, res[0].Clusters, 1, "the article shares nothing else with the archive")
		assert.Equal(t, 300, cl.Documents)
		assert.Len(t, cl.Members, 300)
		assert.Zero(t, cl.MoreMembers)
		assert.Equal(t, dedupe.Quotation, cl.Kind)
		assert.Equal(t, quote.ParseSpeaker(speaker).String(), cl.Speaker)
		assert.Less(t, len(res[0].Passages), 10, "pairwise passages reach only the first carriers")
	})
	t.Run("origin is the earliest archived carrier", func(t *testing.T) {
		assert.Equal(t, docs[0].ID, cl.Origin)
		m, ok := memberOf(cl, docs[0].ID)
		require.True(t, ok)
		assert.GreaterOrEqual(t, m.Similarity, dedupe.OriginSimilarity)
	})
	t.Run("offsets are exact", func(t *testing.T) {
		assert.Equal(t, article.Text[cl.Start:cl.End], cl.Text)
		assert.Contains(t, cl.Text, line)
		for _, m := range cl.Members {
			require.Contains(t, texts, m.Doc)
			assert.Equal(t, texts[m.Doc][m.ArchiveStart:m.ArchiveEnd], m.ArchiveText, m.Doc)
			assert.Contains(t, m.ArchiveText, line, m.Doc)
		}
	})
	t.Run("members oldest first", func(t *testing.T) {
		for i, m := range cl.Members {
			assert.Equal(t, docs[i].ID, m.Doc)
			assert.Equal(t, dedupe.FormatTime(docs[i].Published), m.Published)
		}
	})
	t.Run("MaxMembers lists the oldest and counts the rest", func(t *testing.T) {
		b, err := archive.Open(path, archive.Config{ReadOnly: true, Options: &dedupe.Options{MaxMembers: 50}})
		require.NoError(t, err)
		defer b.Close()
		res, err := b.Query([]dedupe.Document{article})
		require.NoError(t, err)
		cl := clusterAt(t, res[0], at, at+len(line))
		assert.Equal(t, 300, cl.Documents)
		assert.Len(t, cl.Members, 50)
		assert.Equal(t, 250, cl.MoreMembers)
		assert.Equal(t, docs[49].ID, cl.Members[49].Doc)
		assert.Equal(t, docs[0].ID, cl.Origin)
	})
	t.Run("a copy of an archived article keeps the quotation's own cluster", func(t *testing.T) {
		copied := dedupe.Document{ID: "copy", Text: docs[150].Text, Published: article.Published}
		at := strings.Index(copied.Text, line)
		require.Positive(t, at)
		res, err := a.Query([]dedupe.Document{copied})
		require.NoError(t, err)
		cl := clusterAt(t, res[0], at, at+len(line))
		assert.Equal(t, 300, cl.Documents)
		assert.Equal(t, docs[0].ID, cl.Origin)
		m, ok := memberOf(cl, docs[150].ID)
		require.True(t, ok, "the copied article carries the quotation too")
		assert.Equal(t, texts[m.Doc][m.ArchiveStart:m.ArchiveEnd], m.ArchiveText)
		assert.Less(t, m.ArchiveEnd-m.ArchiveStart, 2*len(line), "its copy of the quotation, not the whole article")

		whole := clusterAt(t, res[0], 0, len(copied.Text)*9/10)
		assert.Equal(t, docs[150].ID, whole.Origin, "the copy's own cluster")
	})
}

// The origin holds the passage itself: an older story that carries only a
// fragment of it is a member, not the origin.
func TestQueryOriginHoldsThePassage(t *testing.T) {
	const whole = "The committee will publish every letter it received about the bridge before the vote " +
		"next spring and nobody will be allowed to remove a single name from the public record"
	words := strings.Fields(whole)
	require.Len(t, words, 30)
	fragment := strings.Join(words[:18], " ")
	day := func(d int) time.Time { return time.Date(2017, 3, d, 9, 0, 0, 0, time.UTC) }
	text := bodies(6, 7)
	quoted := func(body, q string) string { return insert(body, "“"+q+",” said Mayor Ellen Park.") }

	cases := []struct {
		name        string
		early       string    // what the oldest archived story quotes
		published   time.Time // the new article's date
		undated     bool      // no date anywhere
		origin      string
		earlyMember bool // the oldest story is a member
	}{
		{"a fragment is not the origin", fragment, day(20), false, "full-a", true},
		{"the whole passage is", whole, day(20), false, "early", true},
		{"the article older than every carrier is", fragment, day(1), false, "new", true},
		{"nothing dated, no origin", fragment, day(20), true, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			date := func(d time.Time) time.Time {
				if c.undated {
					return time.Time{}
				}
				return d
			}
			docs := []dedupe.Document{
				{ID: "early", Text: quoted(text[0], c.early), Published: date(day(2))},
				{ID: "full-a", Text: quoted(text[1], whole), Published: date(day(5))},
				{ID: "full-b", Text: quoted(text[2], whole), Published: date(day(9))},
				{ID: "other", Text: text[3], Published: date(day(3))},
			}
			article := dedupe.Document{ID: "new", Text: quoted(text[4], whole), Published: date(c.published)}
			a, err := archive.Open(create(t, docs), archive.Config{ReadOnly: true})
			require.NoError(t, err)
			defer a.Close()
			res, err := a.Query([]dedupe.Document{article})
			require.NoError(t, err)
			at := strings.Index(article.Text, whole)
			cl := clusterAt(t, res[0], at, at+len(whole))
			assert.Equal(t, c.origin, cl.Origin)
			assert.Equal(t, dedupe.Quotation, cl.Kind)
			assert.Equal(t, "Ellen Park", cl.Speaker)
			assert.Equal(t, 3, cl.Documents)
			_, ok := memberOf(cl, "other")
			assert.False(t, ok)
			m, ok := memberOf(cl, "early")
			require.Equal(t, c.earlyMember, ok)
			if c.early == fragment {
				assert.Less(t, m.Similarity, dedupe.OriginSimilarity)
				assert.GreaterOrEqual(t, m.Similarity, dedupe.MemberSimilarity)
				assert.Equal(t, docs[0].Text[m.ArchiveStart:m.ArchiveEnd], m.ArchiveText)
				assert.Contains(t, m.ArchiveText, fragment)
			}
			if !c.undated {
				assert.Equal(t, []string{"early", "full-a", "full-b"}, []string{cl.Members[0].Doc, cl.Members[1].Doc, cl.Members[2].Doc}, "oldest first")
			}
		})
	}
}

// An article is not its own carrier: querying an archived document finds
// the others that carry its passages.
func TestQuerySkipsTheArticleItself(t *testing.T) {
	cfg := newsgen.Config{Docs: 40, PopularQuotes: 1, PopularRate: 1, EditRate: -1, WireRate: -1, CopyRate: -1, Quotes: -1, Seed: 4}
	g := newsgen.New(cfg)
	docs := newsgen.All(cfg)
	a, err := archive.Open(create(t, docs), archive.Config{ReadOnly: true})
	require.NoError(t, err)
	defer a.Close()
	res, err := a.Query(docs[:1])
	require.NoError(t, err)
	at := strings.Index(docs[0].Text, g.PopularQuote(0))
	cl := clusterAt(t, res[0], at, at+len(g.PopularQuote(0)))
	assert.Equal(t, 39, cl.Documents)
	_, ok := memberOf(cl, docs[0].ID)
	assert.False(t, ok)
	assert.Equal(t, docs[0].ID, cl.Origin, "the article is the oldest carrier")
	assert.Equal(t, docs[1].ID, cl.Members[0].Doc)
}

// The seed articles: 003 against an archive of 000, 001 and 002.
func TestQueryClustersOnSeeds(t *testing.T) {
	docs := seeds(t)
	texts := map[string]string{}
	for _, d := range docs {
		texts[d.ID] = d.Text
	}
	a, err := archive.Open(create(t, docs[:3]), archive.Config{ReadOnly: true})
	require.NoError(t, err)
	defer a.Close()
	res, err := a.Query(docs[3:4])
	require.NoError(t, err)
	const want = "have not come close to making any of those showings"
	at := strings.Index(docs[3].Text, want)
	require.Positive(t, at)
	cl := clusterAt(t, res[0], at, at+len(want))

	t.Run("the carriers of Waxman's sentence", func(t *testing.T) {
		var ids []string
		for _, m := range cl.Members {
			ids = append(ids, m.Doc)
		}
		assert.Equal(t, []string{docs[2].ID, docs[0].ID}, ids, "dated first, then undated")
		assert.Equal(t, 2, cl.Documents)
		assert.Equal(t, docs[2].ID, cl.Origin, "000 is undated")
		assert.Equal(t, "Seth Waxman (Wilmer Hale)", cl.Speaker)
	})
	t.Run("a few words of a sentence are no carrier", func(t *testing.T) {
		require.Contains(t, texts[docs[1].ID], "have not come close” to")
		_, ok := memberOf(cl, docs[1].ID)
		assert.False(t, ok)
	})
	t.Run("offsets are exact", func(t *testing.T) {
		require.NotEmpty(t, res[0].Clusters)
		for _, cl := range res[0].Clusters {
			assert.Equal(t, docs[3].Text[cl.Start:cl.End], cl.Text)
			require.NotEmpty(t, cl.Members)
			for _, m := range cl.Members {
				assert.Equal(t, texts[m.Doc][m.ArchiveStart:m.ArchiveEnd], m.ArchiveText)
			}
		}
	})
}
