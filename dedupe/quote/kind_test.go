package quote_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe/quote"
)

// TestKinds: what a quoted stretch is in the writer's sentence, in short
// passages written the way the news articles of PolNeAR's train split
// write them. speaker is the mention's words, "" for none.
func TestKinds(t *testing.T) {
	cases := []struct {
		name, text, quoted string
		kind               quote.Kind
		speaker            string
	}{
		{"a whole utterance", `"We will appeal," Jane Roe said.`, "We will appeal,", quote.Direct, "Jane Roe"},
		{"words quoted in the writer's sentence", `Jane Roe said the ruling was "plainly wrong" and would be appealed.`, "plainly wrong", quote.Partial, "Jane Roe"},
		{"so-called", `The so-called "reform" passed.`, "reform", quote.Scare, ""},

		// Titles, slogans and nicknames, capitalized like a title inside the
		// writer's sentence, are named, not quoted, even with a cue in the
		// sentence and a full stop inside the marks.
		{"a programme after a possessive", `"It's nonsense," Mr. Trump said by telephone on NBC's ''Meet the Press.'' ''She lies,'' he said.`, "Meet the Press.", quote.Scare, ""},
		{"a programme after told", `"Of course he is fair game," Fiorina told "Fox and Friends," reminding the co-hosts of it.`, "Fox and Friends,", quote.Scare, ""},
		{"a book after author of", `"It is more likely than not," said Adam Segal, the author of "Hacked World Order," who studies cyber issues.`, "Hacked World Order,", quote.Scare, ""},
		{"a group's name", `Then he championed one with Sen. Chuck Schumer as part of the "Gang of Eight," which also included Sen. Bob Menendez.`, "Gang of Eight,", quote.Scare, ""},
		{"one word after a possessive", `"I could hardly hear," Trump told NBC's "Today" on Monday.`, "Today", quote.Scare, ""},
		{"one word after a title noun", `His escapades were featured in the documentary "Weiner."`, "Weiner.", quote.Scare, ""},
		{"a name after a comma and its noun", `Sam Solovey, a contestant on Trump's reality TV show, "The Apprentice," went on to work for him.`, "The Apprentice,", quote.Scare, ""},
		{"a book after a comma", `In his new book, ''Doomed to Succeed,'' and in an interview, Mr. Ross said more.`, "Doomed to Succeed,", quote.Scare, ""},
		{"the subject of the writer's sentence", `And audiences like the classics. ''Friends'' has been a surprise hit on Netflix.`, "Friends", quote.Scare, ""},
		{"a term that opens the sentence", `Bush said it would not do. "Containment" has been U.S. policy against major foes since 1947.`, "Containment", quote.Scare, ""},
		{"a title and its apposition", `MacGyver is returning to CBS. ''Tales From the Crypt,'' an HBO series that first aired in 1989, will be resurrected on TNT.`, "Tales From the Crypt,", quote.Scare, ""},
		{"a title after capitalized names", `Kelly Ripa's program on ABC recently lost its co-host, Michael Strahan, to ''Good Morning America.''`, "Good Morning America.", quote.Scare, ""},
		{"a sentence that quotes more", `He had repudiated them. ''Family values people'' are ''not out to bash gays,'' he said.`, "Family values people", quote.Direct, ""},
		{"an utterance, then its attribution, comma left out", `"We will appeal" she said on Friday.`, "We will appeal", quote.Direct, "she"},
		{"an utterance, then the next sentence", `"We will appeal." The court did not comment.`, "We will appeal.", quote.Direct, ""},
		// Kept: a capitalized word or two that someone is said to have
		// uttered, exclaimed or not, and a quotation in a headline, where
		// every word is capitalized.
		{"the object of a cue of speech", `Protesters held signs, chanting "Dump Trump" for an hour.`, "Dump Trump", quote.Partial, "Protesters"},
		{"exclaimed", `She declared "What a Super Tuesday!" and said that her campaign would go on.`, "What a Super Tuesday!", quote.Direct, "She"},
		{"one capitalized word", `Trump said in a rally in San Diego that he believed the judge was "Mexican."`, "Mexican.", quote.Direct, "Trump"},
		{"a headline", "Gina Rodriguez Questioned What It Means To Be \u201cLatino Enough.\u201d\n\nShe spoke to the magazine.", "Latino Enough.", quote.Direct, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := find(t, c.text, c.quoted)
			assert.Equal(t, c.quoted, c.text[q.Start:q.End])
			assert.Equal(t, c.kind, q.Kind, "kind of %q", c.quoted)
			assert.Equal(t, c.speaker, c.text[q.Mention.Start:q.Mention.End], "mention of %q", c.quoted)
		})
	}
}

// TestMarkupAttributes: the values of the attributes of a tag a scraper
// left in the text are not quotations, and do not stand between the
// tweet's quotation and its signature.
func TestMarkupAttributes(t *testing.T) {
	text := `Trump praised the reporter. <tweet id="699320266804092929" author="@TheLloydGrove" datetime="2016-02-15">` +
		`"Very good reporter. Very good reporter, this guy," Trump said.</tweet>`
	qs := quote.Find(text)
	require.Len(t, qs, 1)
	assert.Equal(t, "Very good reporter. Very good reporter, this guy,", text[qs[0].Start:qs[0].End])
	assert.Equal(t, "Trump", qs[0].Speaker.String())

	qs = quote.Find(`<tweet pic="" author="realDonaldTrump" timestamp="1470067200" tweet_id="760070280932982784">Mr. Khan`)
	assert.Empty(t, qs)
}
