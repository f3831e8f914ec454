package quote_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe/quote"
)

// at returns the span of word where it stands in the first occurrence of
// context in text.
func at(t *testing.T, text, context, word string) quote.Span {
	t.Helper()
	c := strings.Index(text, context)
	require.GreaterOrEqual(t, c, 0, "context %q", context)
	w := strings.Index(context, word)
	require.GreaterOrEqual(t, w, 0, "word %q in %q", word, context)
	return quote.Span{Start: c + w, End: c + w + len(word)}
}

// TestAttributionForms: each form of attribution a reporter writes, in
// short passages written for the test. For every quotation the speaker,
// the mention that names it and the cue are checked, offsets included.
func TestAttributionForms(t *testing.T) {
	type want struct {
		quoted  string // the quotation, as its words stand in the text
		speaker string // the canonical speaker
		mention string // context in which the mention stands, then the mention
		named   string
		cue     string // the cue within the mention's context, "" for none
		kind    quote.Kind
	}
	cases := []struct {
		name string
		text string
		want []want
	}{
		{
			name: "pronoun three sentences later",
			text: `"The pumps failed within an hour," said Sen. Maria Alvarez, a Democrat from Ohio. ` +
				`"Nobody warned us," said plant manager Jim Ortiz. Workers showed reporters the damaged pumps. ` +
				`The company has promised repairs by spring. Local officials were skeptical. ` +
				`"We have heard promises before," she said.`,
			want: []want{
				{"The pumps failed within an hour,", "Maria Alvarez", "said Sen. Maria Alvarez, a Democrat from Ohio", "Sen. Maria Alvarez, a Democrat from Ohio", "said", quote.Direct},
				{"Nobody warned us,", "Jim Ortiz", "said plant manager Jim Ortiz", "plant manager Jim Ortiz", "said", quote.Direct},
				{"We have heard promises before,", "Maria Alvarez", "she said", "she", "said", quote.Direct},
			},
		},
		{
			name: "surname, title and description after the full name",
			text: `"The government has offered no reason at all," Nathan Freed Wessler, an ACLU attorney, said on Friday. ` +
				`The agency declined to comment. "Anonymous speech has a long history here," Wessler said. ` +
				`"It deserves protection," Mr. Wessler added. "We will be in court next week," the attorney said.`,
			want: []want{
				{"The government has offered no reason at all,", "Nathan Freed Wessler (ACLU)", "Nathan Freed Wessler, an ACLU attorney, said", "Nathan Freed Wessler, an ACLU attorney", "said", quote.Direct},
				{"Anonymous speech has a long history here,", "Nathan Freed Wessler (ACLU)", "Wessler said", "Wessler", "said", quote.Direct},
				{"It deserves protection,", "Nathan Freed Wessler (ACLU)", "Mr. Wessler added", "Mr. Wessler", "added", quote.Direct},
				{"We will be in court next week,", "Nathan Freed Wessler (ACLU)", "the attorney said", "the attorney", "said", quote.Direct},
			},
		},
		{
			name: "description and organisation",
			text: `"We are reviewing the order," a White House spokesman said. ` +
				`"The claims are baseless," the Pentagon said in a statement.`,
			want: []want{
				{"We are reviewing the order,", "White House", "a White House spokesman said", "a White House spokesman", "said", quote.Direct},
				{"The claims are baseless,", "Pentagon", "the Pentagon said", "the Pentagon", "said", quote.Direct},
			},
		},
		{
			name: "colon",
			text: `Gov. Ruth Baker told reporters: "The bridge reopens on Monday." ` + "\n" +
				`Her deputy, Tom Hale: "Crews will work through the weekend."`,
			want: []want{
				{"The bridge reopens on Monday.", "Ruth Baker", "Gov. Ruth Baker told", "Gov. Ruth Baker", "told", quote.Direct},
				{"Crews will work through the weekend.", "Tom Hale", "Her deputy, Tom Hale:", "Her deputy, Tom Hale", ":", quote.Direct},
			},
		},
		{
			name: "subject of a sentence ending with a colon",
			text: "When the mayor suggested a delay, Sen. Ada Park fired back: \"The families have waited long enough.\"\n" +
				"After the vote, Gov. Omar Reyes issued the following statement:\n" +
				"\"The money is already set aside.\"",
			want: []want{
				{"The families have waited long enough.", "Ada Park", "Sen. Ada Park fired back:", "Sen. Ada Park", ":", quote.Direct},
				{"The money is already set aside.", "Omar Reyes", "Gov. Omar Reyes issued the following statement:", "Gov. Omar Reyes", ":", quote.Direct},
			},
		},
		{
			name: "name after a dash in a digest",
			text: "WHY THE COUNT RAN LATE - Dana Whitfield: \"Rural precincts reported after midnight.\"\n" +
				"What comes next - More from Whitfield: \"A recount is unlikely.\"",
			want: []want{
				{"Rural precincts reported after midnight.", "Dana Whitfield", "- Dana Whitfield:", "Dana Whitfield", ":", quote.Direct},
				{"A recount is unlikely.", "Dana Whitfield", "More from Whitfield:", "Whitfield", ":", quote.Direct},
			},
		},
		{
			name: "subject of the last clause before a partial quotation",
			text: `At the county fair on Saturday, which drew a record crowd, Gov. Ada Park offered the farmers "a full hearing on the water rights" before the end of the session.`,
			want: []want{
				{"a full hearing on the water rights", "Ada Park", "Gov. Ada Park offered", "Gov. Ada Park", "", quote.Partial},
			},
		},
		{
			name: "according to a description that holds a cue word",
			text: `The shelter turned away "dozens of families every week," according to a State Department official. ` +
				`The rules were "never enforced," according to a report from the county auditor.`,
			want: []want{
				{"dozens of families every week,", "State Department", "according to a State Department official", "a State Department official", "according to", quote.Partial},
				{"never enforced,", "a report", "according to a report from the county auditor", "a report", "according to", quote.Partial},
			},
		},
		{
			name: "cue set between commas before the quotation",
			text: `The irony of the plan, says Ada Park, a historian at the state library, is that it was "never meant to last."`,
			want: []want{
				{"never meant to last.", "Ada Park", "says Ada Park, a historian at the state library", "Ada Park, a historian at the state library", "says", quote.Direct},
			},
		},
		{
			name: "a clause misread as a speaker names no one",
			text: `The vote was delayed again. "Count the ballots now," came shouts from the back of the hall. ` +
				`"We have waited since dawn," said undecided voter Rosa Diaz.`,
			want: []want{
				{"Count the ballots now,", "", "", "", "", quote.Direct},
				{"We have waited since dawn,", "Rosa Diaz", "said undecided voter Rosa Diaz", "undecided voter Rosa Diaz", "said", quote.Direct},
			},
		},
		{
			name: "cues of an exchange",
			text: `"Would you sign the bill tonight?" Sen. Ada Park pressed. "Not without the amendment," Gov. Omar Reyes fumed. ` +
				`"This is a great night!" beamed Lena Ortiz, a volunteer. "We will brief at noon," Press Secretary Dan Lowe said.`,
			want: []want{
				{"Would you sign the bill tonight?", "Ada Park", "Sen. Ada Park pressed", "Sen. Ada Park", "pressed", quote.Direct},
				{"Not without the amendment,", "Omar Reyes", "Gov. Omar Reyes fumed", "Gov. Omar Reyes", "fumed", quote.Direct},
				{"This is a great night!", "Lena Ortiz", "beamed Lena Ortiz, a volunteer", "Lena Ortiz, a volunteer", "beamed", quote.Direct},
				{"We will brief at noon,", "Press Secretary Dan Lowe", "Press Secretary Dan Lowe said", "Press Secretary Dan Lowe", "said", quote.Direct},
			},
		},
		{
			name: "name signed after a dash",
			text: "\"We will not back down.\" ― Mayor Ada Park\n\n\"The numbers do not add up.\"\n\n" +
				"- Sen. Omar Reyes, speaking after the vote.\n\n\"I will win!\" — the balloons fell.",
			want: []want{
				{"We will not back down.", "Ada Park", "― Mayor Ada Park", "Mayor Ada Park", "―", quote.Direct},
				{"The numbers do not add up.", "Omar Reyes", "- Sen. Omar Reyes", "Sen. Omar Reyes", "-", quote.Direct},
				{"I will win!", "", "", "", "", quote.Direct},
			},
		},
		{
			name: "multi-paragraph",
			text: "The union's president, Carla Mendes, read a statement after the vote: \"Our members have spoken.\n" +
				"\"They will not accept a contract that cuts their pensions.\n" +
				"\"We are ready to return to the table.\"\nThe company did not respond.",
			want: []want{
				{"Our members have spoken.", "Carla Mendes", "The union's president, Carla Mendes, read", "Carla Mendes", "read", quote.Direct},
				{"They will not accept a contract that cuts their pensions.", "Carla Mendes", "The union's president, Carla Mendes, read", "Carla Mendes", "read", quote.Direct},
				{"We are ready to return to the table.", "Carla Mendes", "The union's president, Carla Mendes, read", "Carla Mendes", "read", quote.Direct},
			},
		},
		{
			name: "scare quotes and titles",
			text: `The so-called "reform" package passed on Tuesday. She appeared on "Meet the Press" to defend it.`,
			want: []want{
				{"reform", "", "", "", "", quote.Scare},
				{"Meet the Press", "", "", "", "", quote.Scare},
			},
		},
		{
			name: "X, the title of Y, said and according to X",
			text: `"We will appeal," Jane Roe, the lawyer for the tenants, said. "It was late," according to the complaint.`,
			want: []want{
				{"We will appeal,", "Jane Roe", "Jane Roe, the lawyer for the tenants, said", "Jane Roe, the lawyer for the tenants", "said", quote.Direct},
				{"It was late,", "the complaint", "according to the complaint", "the complaint", "according to", quote.Direct},
			},
		},
		{
			name: "no speaker from words cut before a cue",
			text: `Judge Amy Hale reminded the jury that you can't yell "fire" in a crowded theater. ` +
				`Ms. Hale noted that in legal history judges rarely described such fees as "junk" in their rulings.`,
			want: []want{
				{"fire", "", "", "", "", quote.Scare},
				{"junk", "", "", "", "", quote.Scare},
			},
		},
		{
			name: "an article alone is no speaker",
			text: `The new radio ad ends with a farmer asking, "Who will feed the valley?"`,
			want: []want{
				{"Who will feed the valley?", "", "", "", "", quote.Direct},
			},
		},
		{
			name: "a closed quotation hands its speaker to no next paragraph",
			text: "The county engineer, Rosa Diaz, said: \"The bridge is safe.\"\n\n\"Tell that to the drivers.\" The sign hung on the fence for a week.",
			want: []want{
				{"The bridge is safe.", "Rosa Diaz", "The county engineer, Rosa Diaz, said", "Rosa Diaz", "said", quote.Direct},
				{"Tell that to the drivers.", "", "", "", "", quote.Direct},
			},
		},
		{
			name: "relative pronoun before the cue",
			text: `The plan drew fire from Sen. Ann Vo, who told reporters it was "a blank check."`,
			want: []want{
				{"a blank check.", "Ann Vo", "Vo, who told", "who", "told", quote.Direct},
			},
		},
		{
			name: "told a name and a colon: the listener does not speak",
			text: "The chairman, Raj Patel, later told Channel Four News: \"We will not resign.\"",
			want: []want{
				{"We will not resign.", "Raj Patel", "The chairman, Raj Patel, later told", "Raj Patel", "told", quote.Direct},
			},
		},
		{
			name: "partial quotation in the writer's sentence",
			text: `Mayor Lydia Chen said the repairs were "long overdue" and would cost more than planned.`,
			want: []want{
				{"long overdue", "Lydia Chen", "Mayor Lydia Chen said", "Mayor Lydia Chen", "said", quote.Partial},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qs := quote.Find(c.text)
			require.Len(t, qs, len(c.want))
			for k, w := range c.want {
				q := qs[k]
				assert.Equal(t, w.quoted, c.text[q.Start:q.End], "quotation %d", k)
				assert.Equal(t, w.speaker, q.Speaker.String(), "speaker of %q", w.quoted)
				assert.Equal(t, w.kind, q.Kind, "kind of %q", w.quoted)
				if w.named == "" {
					assert.True(t, q.Mention.Empty(), "mention of %q", w.quoted)
					assert.True(t, q.Cue.Empty(), "cue of %q", w.quoted)
					continue
				}
				assert.Equal(t, at(t, c.text, w.mention, w.named), q.Mention, "mention of %q: %q", w.quoted, c.text[q.Mention.Start:q.Mention.End])
				if w.cue == "" {
					assert.True(t, q.Cue.Empty(), "cue of %q: %q", w.quoted, c.text[q.Cue.Start:q.Cue.End])
					continue
				}
				assert.Equal(t, at(t, c.text, w.mention, w.cue), q.Cue, "cue of %q: %q", w.quoted, c.text[q.Cue.Start:q.Cue.End])
			}
		})
	}
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "direct", quote.Direct.String())
	assert.Equal(t, "partial", quote.Partial.String())
	assert.Equal(t, "scare", quote.Scare.String())
}

// FuzzAttribution: whatever the text, attribution does not panic, every
// mention and cue is a byte range of the text outside its own quotation,
// scare quotes have no speaker, and a speaker always has a mention.
func FuzzAttribution(f *testing.F) {
	for _, s := range []string{
		`"We will appeal," Jane Roe, the lawyer for the tenants, said. "It was late," according to the complaint.`,
		"Gov. Ruth Baker told reporters: \"The bridge reopens.\n\"Crews will work.\"",
		`"Nobody warned us," said plant manager Jim Ortiz. "We have heard promises before," she said.`,
		`Her deputy, Tom Hale: "Crews will work." The so-called "reform" passed.`,
		"``It's over,'' Mr. Smith said.\n``Done,'' he added.",
		`"a," ,said: "b" according to`,
		"Jane Roe spoke. (He played down the comments as \"nonsense\" then.)",
		"Jane Roe spoke. \u2014He played down the comments as \"nonsense\" then.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		inText := func(s quote.Span) bool { return s.Empty() || 0 <= s.Start && s.Start < s.End && s.End <= len(text) }
		qs := quote.Find(text)
		for _, q := range qs {
			if !inText(q.Mention) || !inText(q.Cue) {
				t.Fatalf("span out of the text in %+v of %q", q, text)
			}
			if !q.Mention.Empty() && q.Mention.Start < q.End && q.Start < q.Mention.End {
				t.Fatalf("mention inside its own quotation in %+v of %q", q, text)
			}
			if q.Kind == quote.Scare && (!q.Mention.Empty() || q.Speaker.String() != "") {
				t.Fatalf("scare quotes with a speaker in %+v of %q", q, text)
			}
			if q.Speaker.String() != "" && q.Mention.Empty() {
				t.Fatalf("a speaker without a mention in %+v of %q", q, text)
			}
			if m := text[q.Mention.Start:q.Mention.End]; utf8.ValidString(text) && m != "" {
				first, _ := utf8.DecodeRuneInString(m)
				if !utf8.ValidString(m) || !unicode.IsLetter(first) && !unicode.IsDigit(first) {
					t.Fatalf("mention %q does not start at a letter or digit in %+v of %q", m, q, text)
				}
			}
			if c := text[q.Cue.Start:q.Cue.End]; utf8.ValidString(text) && (!utf8.ValidString(c) || strings.TrimSpace(c) != c) {
				t.Fatalf("cue %q cuts a character or holds space at an edge in %+v of %q", c, q, text)
			}
		}
		again := quote.Find(text)
		if len(again) != len(qs) {
			t.Fatalf("two runs differ on %q", text)
		}
		for k := range qs {
			if qs[k] != again[k] {
				t.Fatalf("two runs differ on %q: %+v and %+v", text, qs[k], again[k])
			}
		}
	})
}

// A pronoun's mention is the pronoun's letters, whatever opens it: a
// bracket, a dash (three bytes), a quotation mark.
func TestPronounMentionIsItsLetters(t *testing.T) {
	for _, opening := range []string{"(", "\u2014", ""} {
		text := "Jane Roe spoke. " + opening + "He played down the comments as \"nonsense\" then."
		qs := quote.Find(text)
		require.Len(t, qs, 1, text)
		m := qs[0].Mention
		require.False(t, m.Empty(), "a mention in %q", text)
		assert.Equal(t, "He", text[m.Start:m.End], "in %q", text)
	}
}
