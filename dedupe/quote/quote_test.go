package quote_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe/quote"
)

func seed(t *testing.T, prefix string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", prefix+"_*.txt"))
	require.NoError(t, err)
	require.Len(t, m, 1)
	b, err := os.ReadFile(m[0])
	require.NoError(t, err)
	return string(b)
}

// find returns the quotation containing anchor.
func find(t *testing.T, text, anchor string) quote.Quotation {
	t.Helper()
	at := strings.Index(text, anchor)
	require.GreaterOrEqual(t, at, 0, "anchor %q", anchor)
	for _, q := range quote.Find(text) {
		if q.Start <= at && at+len(anchor) <= q.End {
			return q
		}
	}
	t.Fatalf("no quotation holds %q", anchor)
	return quote.Quotation{}
}

func TestAttributionPatterns(t *testing.T) {
	cases := []struct {
		name, text, quoted, speaker string
	}{
		{"X said", `"We will appeal," Jane Roe said.`, "We will appeal,", "Jane Roe"},
		{"said X", `"We will appeal," said Jane Roe, the group's lawyer.`, "We will appeal,", "Jane Roe, the group's lawyer"},
		{"X told Y", `“We will appeal,” the mayor told reporters.`, "We will appeal,", "the mayor"},
		{"X write", `"We will appeal," the company's lawyers write.`, "We will appeal,", "the company's lawyers"},
		{"X tweeted", `"Glad to see it", the civil rights group tweeted.`, "Glad to see it", "the civil rights group"},
		{"X said in a statement", `"No comment," ACLU attorney Nathan Freed Wessler said in a statement.`, "No comment,", "ACLU attorney Nathan Freed Wessler"},
		{"according to X after", `"It was late," according to the complaint.`, "It was late,", "the complaint"},
		{"according to X before", `According to Reuters, "it was late."`, "it was late.", "Reuters"},
		{"X said colon", `Lawyer Esha Bhandari said: "We think it matters."`, "We think it matters.", "Lawyer Esha Bhandari"},
		{"participle", `The American Civil Liberties Union pledged to act, claiming it will "be going to court".`, "be going to court", "The American Civil Liberties Union"},
		{"clause before subject", `Agencies "have not come close" to proving any of this, the lawsuit states.`, "have not come close", "the lawsuit"},
		{"pronoun is the mention", `"We will appeal," she said.`, "We will appeal,", "she"},
		{"new sentence after a full quote", `"We will appeal." Jane Roe said nothing more.`, "We will appeal.", ""},
		{"no attribution", `The account called itself "immigration resistance" online.`, "immigration resistance", ""},
		{"guillemets", `«Nous ferons appel», said Jean Dupont.`, "Nous ferons appel", "Jean Dupont"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := find(t, c.text, c.quoted)
			assert.Equal(t, c.quoted, c.text[q.Start:q.End])
			assert.Equal(t, c.speaker, c.text[q.Mention.Start:q.Mention.End])
		})
	}
}

func TestPairing(t *testing.T) {
	cases := []struct {
		name, text string
		quotes     []string
	}{
		{"straight and curly mixed", `“The right to speak," he said. "To unmask."`, []string{"The right to speak,", "To unmask."}},
		{"paragraph closes an open quotation", "She said: \"We think.\n\"The First Amendment.\"", []string{"We think.", "The First Amendment."}},
		{"stray list marks break paragraphs", `’ ’ " We are pleased . ’ ’ " To unmask . " ’ ’`, []string{"We are pleased .", "To unmask ."}},
		{"stray closing mark ignored", `no quote” here "but here"`, []string{"but here"}},
		{"apostrophes are not quotes", `Twitter’s users’ rights and Twitter's`, nil},
		{"empty quotes ignored", `a "" b " , " c`, nil},
		{"unclosed at end", `He said "we will`, []string{"we will"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, q := range quote.Find(c.text) {
				require.True(t, 0 <= q.OuterStart && q.OuterStart < q.Start && q.Start < q.End && q.End <= q.OuterEnd && q.OuterEnd <= len(c.text))
				got = append(got, c.text[q.Start:q.End])
			}
			assert.Equal(t, c.quotes, got)
		})
	}
}

func TestContinuation(t *testing.T) {
	text := `"We are pleased," Jane Roe said. "We will appeal." The court did not comment. "It is late," an aide said.`
	qs := quote.Find(text)
	require.Len(t, qs, 3)
	assert.Equal(t, "Jane Roe", qs[1].Speaker.String())
	assert.True(t, qs[1].Inherited)
	assert.Equal(t, "an aide", qs[2].Speaker.String())
	assert.False(t, qs[2].Inherited)

	// A quotation in the middle of a sentence is not a continuation.
	qs = quote.Find(`"We are pleased," Jane Roe said. The account called itself "resistance" online.`)
	require.Len(t, qs, 2)
	assert.Empty(t, qs[1].Speaker.String())
	assert.Equal(t, quote.Scare, qs[1].Kind)

	// A quotation that runs over paragraphs keeps its speaker.
	qs = quote.Find("Jane Roe said: \"We are pleased.\n\"We will appeal.\"")
	require.Len(t, qs, 2)
	assert.False(t, qs[0].Closed)
	assert.Equal(t, "Jane Roe", qs[1].Speaker.String())
}

func TestSeedAttributions(t *testing.T) {
	cases := []struct {
		doc, anchor, speaker string
	}{
		{"002", "may not compel Twitter to disclose", "Seth Waxman (Wilmer Hale)"},
		{"002", "But Defendants have not come close", "Seth Waxman (Wilmer Hale)"},
		{"002", "The right to anonymously speak out", "Nathan Freed Wessler (ACLU)"},
		{"002", "To unmask an anonymous speaker online", "Nathan Freed Wessler (ACLU)"},
		{"002", "The rights of free speech afforded", "the lawsuit"},
		{"000", "The right to anonymously speak out", "ACLU"},
		{"000", "To unmask an anonymous speaker online", "ACLU"}, // across the ’ ’ paragraph break
		{"000", "defendants have not come close", "Twitter"},
		{"001", "going to court to defend this user", "the civil-rights organization"},
		{"003", "be going to court to defend this user", "American Civil Liberties Union"},
		{"004", "The First Amendment requires the government", "Esha Bhandari (American Civil Liberties Union)"},
	}
	for _, c := range cases {
		t.Run(c.doc+" "+c.anchor, func(t *testing.T) {
			q := find(t, seed(t, c.doc), c.anchor)
			assert.Equal(t, c.speaker, q.Speaker.String())
		})
	}
}

func TestParseSpeaker(t *testing.T) {
	cases := []struct {
		phrase, want string
		rank         int
	}{
		{"ACLU attorney Nathan Freed Wessler", "Nathan Freed Wessler (ACLU)", 3},
		{"Twitter's lawyers from Wilmer Hale — including former US Solicitor General Seth Waxman", "Seth Waxman (Wilmer Hale)", 3},
		{"American Civil Liberties Union lawyer Esha Bhandari", "Esha Bhandari (American Civil Liberties Union)", 3},
		{"The American Civil Liberties Union", "American Civil Liberties Union", 2},
		{"the ACLU", "ACLU", 2},
		{"Twitter", "Twitter", 2},
		{"a spokesman for the Department of Homeland Security", "Department of Homeland Security", 2},
		{"the lawsuit", "the lawsuit", 1},
		{"", "", 0},
	}
	for _, c := range cases {
		sp := quote.ParseSpeaker(c.phrase)
		assert.Equal(t, c.want, sp.String(), c.phrase)
		assert.Equal(t, c.rank, sp.Rank(), c.phrase)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{`"a," b said.`, "’ ’ \" x", "“x”", "\xff\"", `According to X, "y"`, "``a,'' b said."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, q := range quote.Find(text) {
			if q.OuterStart < prev || q.OuterStart >= q.Start || q.Start >= q.End || q.End > q.OuterEnd || q.OuterEnd > len(text) {
				t.Fatalf("bad quotation %+v in %q", q, text)
			}
			prev = q.OuterEnd
		}
	})
}

// TestLDCQuotes: the LDC newswire convention, two backquotes to open and two
// apostrophes to close. Offsets are exact: Start and End inside both bytes of
// each mark, OuterStart and OuterEnd around them.
// ldcQuotation is what TestLDCQuotes checks of a quotation.
type ldcQuotation struct {
	Start, End, OuterStart, OuterEnd int
	Closed                           bool
	Speaker                          string
	Inherited                        bool
}

func TestLDCQuotes(t *testing.T) {
	cases := []struct {
		name, text string
		quoted     []string // text[Start:End] of each quotation
		want       []ldcQuotation
	}{
		{
			name:   "speaker after",
			text:   "``We will rebuild,'' Mayor Jane Smith said.",
			quoted: []string{"We will rebuild,"},
			want:   []ldcQuotation{{Start: 2, End: 18, OuterStart: 0, OuterEnd: 20, Closed: true, Speaker: "Jane Smith"}},
		},
		{
			name:   "newswire sentence",
			text:   "``We are concentrating our efforts on determining the cause,'' Hall said.",
			quoted: []string{"We are concentrating our efforts on determining the cause,"},
			want:   []ldcQuotation{{Start: 2, End: 60, OuterStart: 0, OuterEnd: 62, Closed: true, Speaker: "Hall"}},
		},
		{
			name:   "said X after",
			text:   "``We will rebuild,'' said Mayor Jane Smith.",
			quoted: []string{"We will rebuild,"},
			want:   []ldcQuotation{{Start: 2, End: 18, OuterStart: 0, OuterEnd: 20, Closed: true, Speaker: "Jane Smith"}},
		},
		{
			name:   "speaker before",
			text:   "Smith said: ``We will rebuild.'' Jones said: ``We will not.''",
			quoted: []string{"We will rebuild.", "We will not."},
			want: []ldcQuotation{
				{Start: 14, End: 30, OuterStart: 12, OuterEnd: 32, Closed: true, Speaker: "Smith"},
				{Start: 47, End: 59, OuterStart: 45, OuterEnd: 61, Closed: true, Speaker: "Jones"},
			},
		},
		{
			name:   "multi-paragraph",
			text:   "Jane Roe said: ``We are pleased.\n``We will appeal.\n``It is late.''\nThe court did not comment.",
			quoted: []string{"We are pleased.", "We will appeal.", "It is late."},
			want: []ldcQuotation{
				{Start: 17, End: 32, OuterStart: 15, OuterEnd: 32, Closed: false, Speaker: "Jane Roe"},
				{Start: 35, End: 50, OuterStart: 33, OuterEnd: 50, Closed: false, Speaker: "Jane Roe", Inherited: true},
				{Start: 53, End: 64, OuterStart: 51, OuterEnd: 66, Closed: true, Speaker: "Jane Roe", Inherited: true},
			},
		},
		{
			name:   "mixed with curly marks",
			text:   "“We will appeal,” Jane Roe said. ``We are pleased,'' an aide said.",
			quoted: []string{"We will appeal,", "We are pleased,"},
			want: []ldcQuotation{
				{Start: 3, End: 18, OuterStart: 0, OuterEnd: 21, Closed: true, Speaker: "Jane Roe"},
				{Start: 39, End: 54, OuterStart: 37, OuterEnd: 56, Closed: true, Speaker: "an aide"},
			},
		},
		{
			name:   "mixed marks across a pair",
			text:   "``We will appeal,” Jane Roe said. “We are pleased,'' an aide said.",
			quoted: []string{"We will appeal,", "We are pleased,"},
			want: []ldcQuotation{
				{Start: 2, End: 17, OuterStart: 0, OuterEnd: 20, Closed: true, Speaker: "Jane Roe"},
				{Start: 39, End: 54, OuterStart: 36, OuterEnd: 56, Closed: true, Speaker: "an aide"},
			},
		},
		{
			name:   "apostrophe inside",
			text:   "``It's over,'' he said.",
			quoted: []string{"It's over,"},
			want:   []ldcQuotation{{Start: 2, End: 12, OuterStart: 0, OuterEnd: 14, Closed: true}},
		},
		{
			name:   "apostrophes inside and before the closing mark",
			text:   "``The players' union won't talk,'' Smith said. ``It's the players','' Jones said.",
			quoted: []string{"The players' union won't talk,", "It's the players',"},
			want: []ldcQuotation{
				{Start: 2, End: 32, OuterStart: 0, OuterEnd: 34, Closed: true, Speaker: "Smith"},
				{Start: 49, End: 67, OuterStart: 47, OuterEnd: 69, Closed: true, Speaker: "Jones"},
			},
		},
		{
			name:   "single marks inside end in three apostrophes",
			text:   "``He told me `no,''' Smith said.",
			quoted: []string{"He told me `no,"},
			want:   []ldcQuotation{{Start: 2, End: 17, OuterStart: 0, OuterEnd: 20, Closed: true, Speaker: "Smith"}},
		},
		{
			name:   "tokenized",
			text:   "`` We will rebuild , '' Mayor Jane Smith said .",
			quoted: []string{"We will rebuild ,"},
			want:   []ldcQuotation{{Start: 3, End: 20, OuterStart: 0, OuterEnd: 23, Closed: true, Speaker: "Jane Smith"}},
		},
		{
			name:   "typographic closing apostrophes",
			text:   "``We will rebuild,’’ Mayor Jane Smith said.",
			quoted: []string{"We will rebuild,"},
			want:   []ldcQuotation{{Start: 2, End: 18, OuterStart: 0, OuterEnd: 24, Closed: true, Speaker: "Jane Smith"}},
		},
		{
			name:   "typographic apostrophes after a space close nothing",
			text:   "``We stand up for its ’’ rights,'' Smith said.",
			quoted: []string{"We stand up for its ’’ rights,"},
			want:   []ldcQuotation{{Start: 2, End: 36, OuterStart: 0, OuterEnd: 38, Closed: true, Speaker: "Smith"}},
		},
		{
			name: "stray closing marks",
			text: "It measured 12'' across, Smith said. He shrugged '' and left ''",
		},
		{
			name:   "stray closing mark after a closed quotation",
			text:   "``Fine,'' Smith said.'' He left.",
			quoted: []string{"Fine,"},
			want:   []ldcQuotation{{Start: 2, End: 7, OuterStart: 0, OuterEnd: 9, Closed: true, Speaker: "Smith"}},
		},
		{
			name:   "stray closing mark before a quotation",
			text:   "A 12'' pipe burst. “We will rebuild,” Smith said.",
			quoted: []string{"We will rebuild,"},
			want:   []ldcQuotation{{Start: 22, End: 38, OuterStart: 19, OuterEnd: 41, Closed: true, Speaker: "Smith"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			found := quote.Find(c.text)
			require.Len(t, found, len(c.want))
			var got []ldcQuotation
			for k, q := range found {
				assert.Equal(t, c.quoted[k], c.text[q.Start:q.End], "quotation %d", k)
				got = append(got, ldcQuotation{q.Start, q.End, q.OuterStart, q.OuterEnd, q.Closed, q.Speaker.String(), q.Inherited})
			}
			assert.Equal(t, c.want, got)
		})
	}
}

// TestLDCLikeCurly: a text reads the same with the LDC marks as with “ and ”,
// save for the offsets that the marks' widths shift.
func TestLDCLikeCurly(t *testing.T) {
	texts := []string{
		"``We will rebuild,'' Mayor Jane Smith said.",
		"``We will rebuild,'' said Mayor Jane Smith, the city's mayor.",
		"``No comment,'' ACLU attorney Nathan Freed Wessler said in a statement.",
		"``It was late,'' according to the complaint.",
		"According to Reuters, ``it was late.''",
		"Lawyer Esha Bhandari said: ``We think it matters.''",
		"The American Civil Liberties Union pledged to act, claiming it will ``be going to court''.",
		"``We will appeal.'' Jane Roe said nothing more.",
		"``We are pleased,'' Jane Roe said. ``We will appeal.'' The court did not comment. ``It is late,'' an aide said.",
		"Jane Roe said: ``We are pleased.\n``We will appeal.''",
		"``We will rebuild,'' Mayor Jane Smith said, ``and soon.''",
	}
	curly := strings.NewReplacer("``", "“", "''", "”")
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			want, got := quote.Find(curly.Replace(text)), quote.Find(text)
			require.Len(t, got, len(want))
			for k := range got {
				assert.Equal(t, want[k].Speaker, got[k].Speaker, "speaker of quotation %d", k)
				assert.Equal(t, want[k].Inherited, got[k].Inherited, "quotation %d", k)
				assert.Equal(t, want[k].Closed, got[k].Closed, "quotation %d", k)
			}
		})
	}
}

// TestLDCAllocations: the LDC marks cost no allocation of their own. Find
// allocates the same for a text in either convention, and nothing for one
// full of apostrophes and backquotes that quote nothing.
func TestLDCAllocations(t *testing.T) {
	ldc := "Smith said: ``We will rebuild.'' Jones said: ``We won't, it's the players' ``call.''\n``Next year.''"
	curly := strings.NewReplacer("``", "“", "''", "”").Replace(ldc)
	require.Len(t, quote.Find(ldc), 4)
	assert.Equal(t, testing.AllocsPerRun(50, func() { quote.Find(curly) }), testing.AllocsPerRun(50, func() { quote.Find(ldc) }))
	plain := strings.Repeat("It's 12'' long, the players' `thing' and ' ' marks. ", 50)
	require.Empty(t, quote.Find(plain))
	assert.Zero(t, testing.AllocsPerRun(50, func() { quote.Find(plain) }))
}
