// Command clusters prints the provenance clusters of a set of articles: the
// quotations and passages they share, who is quoted, and where each passage
// appeared first.
//
// Usage:
//
//	go run ./examples/clusters [-json] [DIR | FILE.jsonl | -]
//
// With no argument it reads the seed articles in testdata/seeds (run it from
// the module root). -json prints the report contract's JSON.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/quotetrace/quotetrace/dedupe"
)

func main() {
	asJSON := flag.Bool("json", false, "print the JSON report")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: clusters [-json] [DIR | FILE.jsonl | -]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "clusters:", err)
		os.Exit(1)
	}
}

func run(input string, asJSON bool) error {
	if input == "" {
		input = "testdata/seeds"
		if _, err := os.Stat(input); err != nil {
			return fmt.Errorf("no input given and %s not found: run from the module root or name a directory or .jsonl file", input)
		}
	}
	docs, err := dedupe.Load(input)
	if err != nil {
		return err
	}
	corpus, err := dedupe.New(dedupe.Options{})
	if err != nil {
		return err
	}
	if err := corpus.Add(docs...); err != nil {
		return err
	}
	report, err := corpus.Report()
	if err != nil {
		return err
	}
	if asJSON {
		return report.WriteJSON(os.Stdout)
	}
	return report.WriteText(os.Stdout)
}
