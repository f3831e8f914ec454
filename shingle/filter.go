package shingle

import (
	"errors"
	"fmt"

	"github.com/kljensen/snowball"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// ErrLanguage reports a language the stemmer does not know.
var ErrLanguage = errors.New("shingle: unknown language")

// A Filter rewrites or drops a normalized term.
type Filter interface {
	// Filter returns the term to keep, which may alias term or memory owned by
	// the filter and is valid until the next call, and whether to keep it.
	Filter(term []byte) (out []byte, keep bool)
}

// Languages lists the languages [NewStemmer] and [NewStopWords] accept.
var Languages = []string{"english", "french", "hungarian", "norwegian", "russian", "spanish", "swedish"}

var stopWordFuncs = map[string]func(string) bool{
	"english":   english.IsStopWord,
	"french":    french.IsStopWord,
	"hungarian": hungarian.IsStopWord,
	"norwegian": norwegian.IsStopWord,
	"russian":   russian.IsStopWord,
	"spanish":   spanish.IsStopWord,
	"swedish":   swedish.IsStopWord,
}

// StopWords drops the stop words of a language (the Snowball project's lists).
type StopWords struct {
	is func(string) bool
}

// NewStopWords returns the stop-word filter of language ("" means English).
func NewStopWords(language string) (*StopWords, error) {
	if language == "" {
		language = "english"
	}
	is, ok := stopWordFuncs[language]
	if !ok {
		return nil, fmt.Errorf("%w %q (have %v)", ErrLanguage, language, Languages)
	}
	return &StopWords{is: is}, nil
}

// Filter implements [Filter].
func (s *StopWords) Filter(term []byte) ([]byte, bool) {
	return term, !s.is(string(term)) // the conversion does not allocate
}

// stemCacheSize bounds the memory of a Stemmer's cache; when it fills up, the
// cache starts again empty.
const stemCacheSize = 1 << 16

// Stemmer reduces terms to their Snowball stem. It caches stems, so after the
// first sight of a word stemming allocates nothing. A Stemmer must not be
// used by several goroutines at once.
type Stemmer struct {
	language string
	cache    map[string][]byte
}

// NewStemmer returns a Snowball stemmer for language ("" means English).
func NewStemmer(language string) (*Stemmer, error) {
	if language == "" {
		language = "english"
	}
	if _, ok := stopWordFuncs[language]; !ok {
		return nil, fmt.Errorf("%w %q (have %v)", ErrLanguage, language, Languages)
	}
	return &Stemmer{language: language, cache: make(map[string][]byte)}, nil
}

// maxStemBytes: longer terms are no words a stemmer knows (URLs, base64,
// a megabyte of junk); they are kept as they are, and not cached.
const maxStemBytes = 64

// Filter implements [Filter]; it never drops a term.
func (s *Stemmer) Filter(term []byte) ([]byte, bool) {
	if len(term) > maxStemBytes {
		return term, true
	}
	if stem, ok := s.cache[string(term)]; ok {
		return stem, true
	}
	// Stop words are stemmed too, so that the stemmed form does not depend on
	// whether stop words are also filtered.
	stem, err := snowball.Stem(string(term), s.language, true)
	if err != nil {
		return term, true // unreachable: the language was checked
	}
	if len(s.cache) >= stemCacheSize {
		clear(s.cache)
	}
	out := []byte(stem)
	s.cache[string(term)] = out
	return out, true
}
