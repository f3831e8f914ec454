package shingle

import (
	"github.com/cespare/xxhash/v2"
)

// Token is one word: its byte range in the original text and the seeded hash
// of its comparison form (normalized, then filtered).
type Token struct {
	Start, End int
	Hash       uint64
}

// Options are the analysis knobs. The zero value means the defaults: English
// stemming, no stop-word removal, seed 0.
type Options struct {
	// Language selects the Snowball stemmer and stop-word list: one of
	// [Languages]; "" means English.
	Language string
	// NoStemming turns stemming off.
	NoStemming bool
	// StopWords drops the language's stop words before shingling.
	StopWords bool
	// Seed seeds every hash. Signatures and indexes built with different seeds
	// cannot be compared.
	Seed uint64
}

// An Analyzer turns text into tokens: a Tokenizer finds words, a Normalizer
// gives their comparison form, Filters drop or rewrite them, and the result is
// hashed with xxhash64 seeded with Seed.
//
// An Analyzer reuses internal buffers and must not be used by several
// goroutines at once; make one per goroutine (they are cheap). It remembers
// the hash of each word it has seen (up to memoSize words), so the
// Normalizer and Filters must not change once it is in use; Seed may.
type Analyzer struct {
	Tokenizer  Tokenizer
	Normalizer Normalizer
	Filters    []Filter
	Seed       uint64

	spans    []Span
	term     []byte
	memo     map[string]memoized // normalized word → filtered, hashed
	memoSeed uint64
}

// memoized is what the filters and the hash made of a normalized word.
type memoized struct {
	hash uint64
	keep bool
}

// memoSize bounds an Analyzer's memory of words; when full it starts again.
const memoSize = 1 << 16

// New returns an Analyzer with the default options.
func New() *Analyzer {
	a, err := NewAnalyzer(Options{})
	if err != nil {
		panic(err) // the defaults are valid
	}
	return a
}

// NewAnalyzer returns an Analyzer for opts, or an error wrapping [ErrLanguage].
func NewAnalyzer(opts Options) (*Analyzer, error) {
	a := &Analyzer{Tokenizer: Words{}, Normalizer: &Fold{}, Seed: opts.Seed}
	if opts.StopWords {
		f, err := NewStopWords(opts.Language)
		if err != nil {
			return nil, err
		}
		a.Filters = append(a.Filters, f)
	}
	if !opts.NoStemming {
		f, err := NewStemmer(opts.Language)
		if err != nil {
			return nil, err
		}
		a.Filters = append(a.Filters, f)
	} else if opts.Language != "" {
		if _, err := NewStemmer(opts.Language); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// AppendTokens appends the tokens of text to dst and returns the extended
// slice. Words that normalize to nothing or that a filter drops are skipped.
// Once its buffers have grown, it allocates nothing.
func (a *Analyzer) AppendTokens(dst []Token, text string) []Token {
	if a.memo == nil || a.memoSeed != a.Seed || len(a.memo) >= memoSize {
		a.memo = make(map[string]memoized, 1024)
		a.memoSeed = a.Seed
	}
	a.spans = a.Tokenizer.AppendSpans(a.spans[:0], text)
	for _, sp := range a.spans {
		a.term = a.Normalizer.AppendNormal(a.term[:0], text[sp.Start:sp.End])
		if len(a.Filters) == 0 { // hashing is cheaper than remembering
			if len(a.term) > 0 {
				dst = append(dst, Token{Start: sp.Start, End: sp.End, Hash: xxhashSeed(a.term, a.Seed)})
			}
			continue
		}
		m, ok := a.memo[string(a.term)] // the conversion does not allocate
		if !ok {
			m = a.filterAndHash(a.term)
			if len(a.term) <= maxMemoBytes {
				a.memo[string(a.term)] = m
			}
		}
		if m.keep {
			dst = append(dst, Token{Start: sp.Start, End: sp.End, Hash: m.hash})
		}
	}
	return dst
}

// maxMemoBytes: longer words are not remembered (a megabyte of junk is seen
// once and would only fill the memo).
const maxMemoBytes = 64

func (a *Analyzer) filterAndHash(term []byte) memoized {
	if len(term) == 0 {
		return memoized{}
	}
	for _, f := range a.Filters {
		var keep bool
		if term, keep = f.Filter(term); !keep || len(term) == 0 {
			return memoized{}
		}
	}
	return memoized{hash: xxhashSeed(term, a.Seed), keep: true}
}

// Term returns the comparison form of text[t.Start:t.End], as it was hashed
// into t. It allocates; it is meant for display and debugging.
func (a *Analyzer) Term(text string, t Token) string {
	term, _ := a.normal(text[t.Start:t.End])
	return string(term)
}

func (a *Analyzer) normal(word string) ([]byte, bool) {
	a.term = a.Normalizer.AppendNormal(a.term[:0], word)
	term := a.term
	if len(term) == 0 {
		return nil, false
	}
	for _, f := range a.Filters {
		var keep bool
		if term, keep = f.Filter(term); !keep || len(term) == 0 {
			return nil, false
		}
	}
	return term, true
}

// xxhashSeed is xxhash64 of b with seed, without allocating.
func xxhashSeed(b []byte, seed uint64) uint64 {
	var d xxhash.Digest
	d.ResetWithSeed(seed)
	d.Write(b)
	return d.Sum64()
}
