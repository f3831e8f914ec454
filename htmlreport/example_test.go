package htmlreport_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/htmlreport"
)

// The page of a report over the seed articles: one file, data and script
// inline, the texts there for the document view.
func Example() {
	docs, err := dedupe.Load("../testdata/seeds")
	if err != nil {
		log.Fatal(err)
	}
	corpus, err := dedupe.New(dedupe.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := corpus.Add(docs...); err != nil {
		log.Fatal(err)
	}
	report, err := corpus.Report()
	if err != nil {
		log.Fatal(err)
	}
	quotations := report.Filter(dedupe.Filter{Kinds: []dedupe.Kind{dedupe.Quotation}})
	var page bytes.Buffer
	if err := htmlreport.Write(&page, quotations, docs, htmlreport.Options{Title: "Twitter v. DHS"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasPrefix(page.String(), "<!DOCTYPE html>"))
	fmt.Println(strings.Contains(page.String(), "<title>Twitter v. DHS</title>"))
	fmt.Println(quotations.Notes[len(quotations.Notes)-1])
	// Output:
	// true
	// true
	// filtered to kind quotation: 11 of 16 clusters shown
}
