// Package optflags binds the analysis options of dedupe to command-line
// flags, so that every command that makes a report (quotetrace and the
// Beam pipeline's quotetrace-beam) takes the same flags, with the same
// defaults and help.
package optflags

import (
	"flag"

	"github.com/quotetrace/quotetrace/dedupe"
)

// Analysis holds the analysis flags of one flag set.
type Analysis struct {
	fs          *flag.FlagSet
	shingleSize *int
	seedSize    *int
	threshold   *float64
	minWords    *int
	language    *string
	noStemming  *bool
	stopWords   *bool
	seed        *uint64
}

// names are the flags Add defines.
var names = map[string]bool{"shingle-size": true, "seed-size": true, "threshold": true, "min-words": true,
	"language": true, "no-stemming": true, "stop-words": true, "seed": true}

// Add defines the analysis flags on fs.
func Add(fs *flag.FlagSet) *Analysis {
	return &Analysis{
		fs:          fs,
		shingleSize: fs.Int("shingle-size", 5, "words per shingle for near-duplicate detection"),
		seedSize:    fs.Int("seed-size", 3, "words per seed shingle for passage search"),
		threshold:   fs.Float64("threshold", 0.5, "Jaccard similarity at which documents are near-duplicates"),
		minWords:    fs.Int("min-words", 6, "fewest exactly matched words in a shared passage"),
		language:    fs.String("language", "english", "stemming and stop-word language: english, french, hungarian, norwegian, russian, spanish, swedish"),
		noStemming:  fs.Bool("no-stemming", false, "compare words without stemming"),
		stopWords:   fs.Bool("stop-words", false, "drop stop words before shingling"),
		seed:        fs.Uint64("seed", 0, "hash seed"),
	}
}

// Options returns the dedupe options the flags give; the options no flag
// sets are zero, which means their defaults.
func (a *Analysis) Options() dedupe.Options {
	o := dedupe.Options{
		ShingleSize: *a.shingleSize, SeedSize: *a.seedSize, Threshold: *a.threshold, MinWords: *a.minWords,
	}
	o.Analysis.Language = *a.language
	o.Analysis.NoStemming = *a.noStemming
	o.Analysis.StopWords = *a.stopWords
	o.Analysis.Seed = *a.seed
	return o
}

// Given reports whether any analysis flag was given on the command line
// (after the flag set was parsed).
func (a *Analysis) Given() bool {
	given := false
	a.fs.Visit(func(f *flag.Flag) { given = given || names[f.Name] })
	return given
}
