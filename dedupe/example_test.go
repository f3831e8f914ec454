package dedupe_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/quotetrace/quotetrace/dedupe"
)

func ExampleCorpus_Report() {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	corpus, err := dedupe.New(dedupe.Options{})
	if err != nil {
		panic(err)
	}
	err = corpus.Add(
		dedupe.Document{ID: "wire", Published: day("2017-04-06"), Text: `"To unmask an anonymous speaker online, the government must have a strong justification," ACLU attorney Nathan Freed Wessler said.`},
		dedupe.Document{ID: "copy", Published: day("2017-04-07"), Text: `The group said: “To unmask an anonymous speaker online , the government must have a strong justification.”`},
		dedupe.Document{ID: "other", Text: "Twitter declined to comment."},
	)
	if err != nil {
		panic(err)
	}
	report, err := corpus.Report()
	if err != nil {
		panic(err)
	}
	for _, c := range report.Clusters {
		fmt.Printf("%s by %s, first in %s\n", c.Kind, c.Speaker, c.Origin)
		for _, m := range c.Members {
			fmt.Printf("  %s [%d:%d] %.2f %q\n", m.Doc, m.Start, m.End, m.Similarity, m.Text)
		}
	}
	// Output:
	// quotation by Nathan Freed Wessler (ACLU), first in wire
	//   wire [1:87] 1.00 "To unmask an anonymous speaker online, the government must have a strong justification"
	//   copy [19:106] 1.00 "To unmask an anonymous speaker online , the government must have a strong justification"
}

func ExampleReadJSONL() {
	in := `{"id": "a", "text": "One.", "published": "2017-04-06", "source": "Reuters"}
{"id": "b", "text": `
	_, err := dedupe.ReadJSONL(strings.NewReader(in), "feed.jsonl")
	fmt.Println(err)
	// Output: feed.jsonl:2: not valid JSON: unexpected end of JSON input
}

func ExampleReport_WriteJSON() {
	corpus, _ := dedupe.New(dedupe.Options{})
	_ = corpus.Add(dedupe.Document{ID: "only", Text: "Nothing is shared with one document."})
	report, _ := corpus.Report()
	_ = report.WriteJSON(os.Stdout)
	// Output:
	// {
	//   "documents": [
	//     {
	//       "id": "only",
	//       "source": "",
	//       "published": "",
	//       "bytes": 36
	//     }
	//   ],
	//   "duplicates": [],
	//   "clusters": []
	// }
}
