package dedupe_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

// clusterHolding returns the clusters with a member whose text contains s.
func clustersHolding(r *dedupe.Report, s string) []dedupe.Cluster {
	var out []dedupe.Cluster
	for _, c := range r.Clusters {
		for _, m := range c.Members {
			if strings.Contains(m.Text, s) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// TestPopularQuotationIsOneCluster: a quotation that every one of 1,000
// otherwise unrelated articles carries (a third of them with a one-word
// edit) is one cluster that counts every carrier, listing the first
// MaxMembers.
func TestPopularQuotationIsOneCluster(t *testing.T) {
	n := 1000
	if raceEnabled {
		n = 300
	}
	cfg := newsgen.Config{Docs: n, Seed: 31, PopularQuotes: 1, PopularRate: 1, WireRate: -1, CopyRate: -1, Quotes: -1}
	g := newsgen.New(cfg)
	docs := newsgen.All(cfg)
	q := g.PopularQuote(0)
	verbatim := 0
	for _, d := range docs {
		if strings.Contains(d.Text, q) {
			verbatim++
		}
	}
	require.Greater(t, verbatim, n/2, "most carriers have the quotation word for word")

	r := report(t, dedupe.Options{MaxMembers: 100}, docs...)
	words := strings.Fields(q)
	probe := strings.Join(words[len(words)/2-2:len(words)/2+2], " ")
	cs := clustersHolding(r, probe)
	require.Len(t, cs, 1, "one cluster for the quotation, not fragments")
	c := cs[0]
	assert.Equal(t, dedupe.Quotation, c.Kind)
	assert.Equal(t, n, c.Documents, "every carrier is counted")
	assert.Equal(t, n, len(c.Members)+c.MoreMembers)
	assert.Len(t, c.Members, 100, "the first MaxMembers are listed")
	assert.Equal(t, 1, c.ID, "the most widely carried cluster ranks first")
	assert.Equal(t, docs[0].ID, c.Origin, "the earliest carrier is the origin")
	assert.Contains(t, c.Speaker, strings.Fields(g.PopularSpeaker(0))[1], "the speaker is named")
	for _, m := range c.Members {
		assert.GreaterOrEqual(t, m.Similarity, dedupe.MemberSimilarity)
	}
	assert.Contains(t, strings.Join(r.Notes, "\n"), "Options.MaxMembers")
}

// TestStockPhrasesJoinNoStories: articles of two unrelated stories that share
// only the stock phrases of news writing are never in one cluster, however
// many share them.
func TestStockPhrasesJoinNoStories(t *testing.T) {
	stock := []string{
		"said in a statement on Tuesday",
		"a professor of law at the University of California at Berkeley",
		"did not immediately respond to a request for comment",
		"in the bombing of the U.S. Embassy in Nairobi",
		"according to a report released by the Centers for Disease Control and Prevention",
	}
	stories := [][]string{
		{"The city council voted to close the old harbor bridge to trucks after inspectors found cracks in two of its piers.",
			"Engineers expect repairs to take most of the winter and to cost more than the council had budgeted.",
			"Shop owners on the east bank worry that the detour will keep customers away until spring."},
		{"A rare orchid thought extinct for a century has been found blooming on a hillside above the reservoir.",
			"Botanists from the state herbarium counted eleven plants and collected seeds for the national bank.",
			"The landowner has agreed to fence the slope and keep grazing cattle off it."},
	}
	// Words of the reporters' own, drawn at random around each stock phrase.
	own := strings.Fields(`harbor orchid winter ledger copper violet candle meadow ribbon falcon
		lantern pebble thunder saddle willow quartz basket cinder maple hollow
		velvet anchor bramble cobalt drizzle ember fable gravel hazel ivory
		juniper kettle lilac marble nectar oyster parcel quiver rustle spruce`)
	rng := rand.New(rand.NewPCG(7, 8))
	phrase := func(b *strings.Builder, n int) {
		for range n {
			b.WriteString(own[rng.IntN(len(own))] + " ")
		}
	}
	var docs []dedupe.Document
	for s, story := range stories {
		for k := range 6 {
			var b strings.Builder
			for i, sentence := range story {
				// The story's facts, then a sentence of the reporter's own
				// with a stock phrase in it.
				fmt.Fprintf(&b, "%s The ", sentence)
				phrase(&b, 5)
				fmt.Fprintf(&b, "%s ", stock[(k+i+s)%len(stock)])
				phrase(&b, 5)
				b.WriteString("too. ")
			}
			docs = append(docs, dedupe.Document{ID: fmt.Sprintf("s%d-%d", s, k), Text: b.String()})
		}
	}
	r := report(t, dedupe.Options{}, docs...)
	for _, c := range r.Clusters {
		story := map[byte]bool{}
		for _, m := range c.Members {
			story[m.Doc[1]] = true
		}
		assert.Len(t, story, 1, "cluster %d %q joins two stories", c.ID, c.Text)
	}
	require.NotEmpty(t, r.Clusters, "each story's own sentences are shared")
	assert.Contains(t, strings.Join(r.Notes, "\n"), "stock phrases", "the stock phrases were found, and left out")
}

// TestOutletFooterIsBoilerplateWireQuoteIsNot: a footer that one outlet
// puts under unrelated articles is boilerplate; a quotation that articles
// of several outlets carry is a quotation, however often it occurs.
func TestOutletFooterIsBoilerplateWireQuoteIsNot(t *testing.T) {
	cfg := newsgen.Config{Docs: 400, Seed: 5, Sources: 4, PopularQuotes: 1, PopularRate: 0.2, WireRate: -1, CopyRate: -1, Quotes: -1}
	g := newsgen.New(cfg)
	docs := newsgen.All(cfg)
	r := report(t, dedupe.Options{}, docs...)

	checked := 0
	for _, o := range g.Outlets() {
		lines := strings.Split(strings.TrimSpace(o.Footer), "\n")
		probe := strings.TrimSpace(lines[len(lines)-1])
		probe = probe[:min(len(probe), 40)]
		cs := clustersHolding(r, probe)
		if len(cs) == 0 {
			continue
		}
		checked++
		for _, c := range cs {
			assert.Equal(t, dedupe.Boilerplate, c.Kind, "%s: %q", o.Name, c.Text)
		}
	}
	assert.Greater(t, checked, 1, "the footers of several outlets are found")

	q := g.PopularQuote(0)
	words := strings.Fields(q)
	cs := clustersHolding(r, strings.Join(words[len(words)/2-2:len(words)/2+2], " "))
	require.Len(t, cs, 1)
	assert.Equal(t, dedupe.Quotation, cs[0].Kind)
	assert.Greater(t, cs[0].Sources, 1)
	assert.Contains(t, strings.Join(r.Notes, "\n"), "boilerplate")
}

// TestOriginHoldsThePassage: the origin of a copied passage is the earliest
// document that holds it, not an earlier one that shares a fragment of it
// or the latest that copies it.
func TestOriginHoldsThePassage(t *testing.T) {
	passage := "The regional water board approved a plan on Monday to raise the dam at Kessel Lake by four meters, " +
		"flooding the old mill road and two farms, after a decade of dry summers left the reservoir at a third of its capacity."
	fragment := "The regional water board approved a plan on Monday to raise the dam at Kessel Lake by four meters."
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	docs := []dedupe.Document{
		{ID: "d-copy-late", Text: "Farmers were angry. " + passage + " They plan to appeal.", Published: day(9)},
		{ID: "a-fragment", Text: "Officials spoke at length about the budget and the schools. " + fragment + " More on that soon, they said, and the meeting ended.", Published: day(1)},
		{ID: "c-copy", Text: "In brief: " + passage, Published: day(6)},
		{ID: "b-original", Text: "From our correspondent. " + passage + " The board meets again in May.", Published: day(4)},
	}
	r := report(t, dedupe.Options{}, docs...)
	cs := clustersHolding(r, "flooding the old mill road")
	require.Len(t, cs, 1)
	assert.Equal(t, "b-original", cs[0].Origin)
	ids := []string{}
	for _, m := range cs[0].Members {
		ids = append(ids, m.Doc)
	}
	assert.Equal(t, []string{"a-fragment", "b-original", "c-copy", "d-copy-late"}, ids, "members oldest first, the fragment too")
}

// TestClustersDoNotDependOnWorkers: on generated news with boilerplate,
// wire copies and popular quotations, the report is byte-identical whatever
// the number of workers.
func TestClustersDoNotDependOnWorkers(t *testing.T) {
	docs := newsgen.All(newsgen.Config{Docs: 400, Seed: 9})
	var outs []string
	for _, workers := range []int{1, 2, 7} {
		r := report(t, dedupe.Options{Workers: workers}, docs...)
		var b strings.Builder
		require.NoError(t, r.WriteJSON(&b))
		outs = append(outs, b.String())
	}
	require.NotContains(t, outs[0], `"clusters": []`)
	assert.Equal(t, outs[0], outs[1])
	assert.Equal(t, outs[0], outs[2])
}
