package quote_test

import (
	"fmt"

	"github.com/quotetrace/quotetrace/dedupe/quote"
)

// Each quotation comes with its speaker, resolved within the document, and
// the words of the text that name them and attribute the quotation.
func ExampleFind() {
	text := `“The right to anonymously speak out is protected," ACLU attorney Nathan Freed Wessler told BuzzFeed News. ` +
		`"To unmask a speaker, the government must have a strong justification." ` +
		`The agency declined to comment. "We will be in court," Wessler said. The so-called "unmasking" began in March.`
	for _, q := range quote.Find(text) {
		fmt.Printf("%s %q\n", q.Kind, text[q.Start:q.End])
		if q.Speaker.String() != "" {
			fmt.Printf("  by %s: %q [%d:%d], cue %q, inherited %v\n", q.Speaker,
				text[q.Mention.Start:q.Mention.End], q.Mention.Start, q.Mention.End, text[q.Cue.Start:q.Cue.End], q.Inherited)
		}
	}
	// Output:
	// direct "The right to anonymously speak out is protected,"
	//   by Nathan Freed Wessler (ACLU): "ACLU attorney Nathan Freed Wessler" [53:87], cue "told", inherited false
	// direct "To unmask a speaker, the government must have a strong justification."
	//   by Nathan Freed Wessler (ACLU): "ACLU attorney Nathan Freed Wessler" [53:87], cue "told", inherited true
	// direct "We will be in court,"
	//   by Nathan Freed Wessler (ACLU): "Wessler" [235:242], cue "said", inherited false
	// scare "unmasking"
}

func ExampleParseSpeaker() {
	sp := quote.ParseSpeaker("Twitter's lawyers from Wilmer Hale — including former US Solicitor General Seth Waxman")
	fmt.Println(sp.Person, "|", sp.Organization, "|", sp, "| rank", sp.Rank())
	// Output: Seth Waxman | Wilmer Hale | Seth Waxman (Wilmer Hale) | rank 3
}
