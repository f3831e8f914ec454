package shingle_test

import (
	"fmt"

	"github.com/quotetrace/quotetrace/shingle"
)

func ExampleAnalyzer_AppendTokens() {
	text := "Twitter ’s users , said the U.S. government"
	a := shingle.New()
	for _, tok := range a.AppendTokens(nil, text) {
		fmt.Printf("%d:%d %q -> %s\n", tok.Start, tok.End, text[tok.Start:tok.End], a.Term(text, tok))
	}
	// Output:
	// 0:7 "Twitter" -> twitter
	// 11:12 "s" -> s
	// 13:18 "users" -> user
	// 21:25 "said" -> said
	// 26:29 "the" -> the
	// 30:34 "U.S." -> us
	// 35:45 "government" -> govern
}

func ExampleAppendShingles() {
	text := "may not compel Twitter to disclose"
	a := shingle.New()
	toks := a.AppendTokens(nil, text)
	for _, s := range shingle.AppendShingles(nil, toks, 4, 0) {
		fmt.Printf("tokens %d-%d: %q\n", s.First, s.End, text[toks[s.First].Start:toks[s.End-1].End])
	}
	// Output:
	// tokens 0-4: "may not compel Twitter"
	// tokens 1-5: "not compel Twitter to"
	// tokens 2-6: "compel Twitter to disclose"
}

func ExampleClean() {
	fmt.Println(shingle.Clean("’ ’    The rights of free speech afforded Twitter’ ’s users , ” the lawsuit says . ’ ’"))
	// Output: The rights of free speech afforded Twitter's users," the lawsuit says.
}
