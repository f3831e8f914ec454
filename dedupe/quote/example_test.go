package quote_test

import (
	"fmt"

	"github.com/quotetrace/quotetrace/dedupe/quote"
)

func ExampleFind() {
	text := `“The right to anonymously speak out is protected," ACLU attorney Nathan Freed Wessler told BuzzFeed News. "To unmask a speaker, the government must have a strong justification."`
	for _, q := range quote.Find(text) {
		fmt.Printf("%q\n  by %s (inherited %v)\n", text[q.Start:q.End], q.Speaker, q.Inherited)
	}
	// Output:
	// "The right to anonymously speak out is protected,"
	//   by Nathan Freed Wessler (ACLU) (inherited false)
	// "To unmask a speaker, the government must have a strong justification."
	//   by Nathan Freed Wessler (ACLU) (inherited true)
}

func ExampleParseSpeaker() {
	sp := quote.ParseSpeaker("Twitter's lawyers from Wilmer Hale — including former US Solicitor General Seth Waxman")
	fmt.Println(sp.Person, "|", sp.Organization, "|", sp, "| rank", sp.Rank())
	// Output: Seth Waxman | Wilmer Hale | Seth Waxman (Wilmer Hale) | rank 3
}
