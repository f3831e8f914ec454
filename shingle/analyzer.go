package shingle

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// Token is one word: its byte range in the original text and the seeded hash
// of its comparison form (normalized, then filtered). The hash is 32 bits,
// the low half of xxhash64: a report keeps one for every word of every
// document, 2.6 GB less than 64 bits at 1,000,000 articles. Two words of a
// vocabulary of a million share one by chance about a hundred times, which
// makes two texts share a five-word shingle only where they are the same
// but for those two words, an edit that alignment tolerates anyway.
type Token struct {
	Start, End int
	Hash       uint32
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
// hashed with xxhash64 seeded with Seed (its low 32 bits).
//
// An Analyzer reuses internal buffers and must not be used by several
// goroutines at once; make one per goroutine (they are cheap). It remembers
// the hash of each word it has seen (up to 65,536 words), so the Normalizer
// and Filters must not change once it is in use; Seed may.
//
// With the default [Words] tokenizer and [Fold] normalizer, ASCII words are
// found, lower-cased and looked up in one pass over the text; other words go
// through the stages one by one. Both give the same tokens.
type Analyzer struct {
	Tokenizer  Tokenizer
	Normalizer Normalizer
	Filters    []Filter
	Seed       uint64

	spans    []Span
	term     []byte
	memo     wordMemo // normalized word → filtered, hashed
	memoSeed uint64
}

// memoized is what the filters and the hash made of a normalized word.
type memoized struct {
	hash uint32
	keep bool
}

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
	if a.memoSeed != a.Seed {
		a.memo.reset()
		a.memoSeed = a.Seed
	}
	if _, ok := a.Tokenizer.(Words); ok {
		if f, ok := a.Normalizer.(*Fold); ok {
			return a.appendWords(dst, text, f)
		}
	}
	a.spans = a.Tokenizer.AppendSpans(a.spans[:0], text)
	for _, sp := range a.spans {
		a.term = a.Normalizer.AppendNormal(a.term[:0], text[sp.Start:sp.End])
		dst = a.appendTerm(dst, sp, a.term)
	}
	return dst
}

// appendWords is AppendTokens for the Words tokenizer and the Fold
// normalizer. An ASCII word is lower-cased into a.term as it is scanned; a
// word with other runes, an initialism or a very long word falls back to
// [nextWord] and [Fold.AppendNormal], which define the result.
func (a *Analyzer) appendWords(dst []Token, text string, fold *Fold) []Token {
	if cap(a.term) < maxMemoBytes {
		a.term = make([]byte, 0, 2*maxMemoBytes)
	}
	buf := a.term[:maxMemoBytes]
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if lowerWord[c] == 0 {
				i++
				continue
			}
			start, n := i, 0
			for i+8 <= len(text) && n+8 <= len(buf) { // 8 bytes at a time
				x := load8(text, i)
				k, lowered := wordBytes(x)
				binary.LittleEndian.PutUint64(buf[n:], lowered)
				n += k
				i += k
				if k < 8 {
					break
				}
			}
			for i < len(text) && n < len(buf) { // the rest, a byte at a time
				l := lowerWord[text[i]]
				if l == 0 {
					break
				}
				buf[n] = l
				n++
				i++
			}
			// Most words end at an ASCII non-word byte; the rest may go on.
			if i == len(text) || text[i] < utf8.RuneSelf && n < len(buf) && (text[i] != '.' || n > 1) ||
				!wordContinues(text, start, i, n) {
				if n <= 8 { // the common case, inline: a short word already remembered
					if m, ok := a.memo.get(shortKey(buf, n)); ok {
						if m.keep {
							dst = append(dst, Token{Start: start, End: i, Hash: m.hash})
						}
						continue
					}
				}
				dst = a.appendTerm(dst, Span{start, i}, buf[:n])
				continue
			}
			i = start
		}
		start, end := nextWord(text, i)
		if start == len(text) {
			break
		}
		a.term = fold.AppendNormal(a.term[:0], text[start:end])
		dst = a.appendTerm(dst, Span{start, end}, a.term)
		buf = a.term[:maxMemoBytes:maxMemoBytes]
		i = end
	}
	return dst
}

// load8 reads text[i:i+8] as a little-endian word (the compiler makes it
// one load).
func load8(text string, i int) uint64 {
	_ = text[i+7]
	return uint64(text[i]) | uint64(text[i+1])<<8 | uint64(text[i+2])<<16 | uint64(text[i+3])<<24 |
		uint64(text[i+4])<<32 | uint64(text[i+5])<<40 | uint64(text[i+6])<<48 | uint64(text[i+7])<<56
}

// wordBytes classifies the 8 bytes of x (the first in the low byte) at once:
// it returns how many of them, from the first, are ASCII word bytes (what
// lowerWord maps to non-zero), and x with the letters lower-cased (the other
// bytes are left as they are). Every byte is masked to 7 bits before the
// additions, so no carry crosses from one byte into the next.
func wordBytes(x uint64) (int, uint64) {
	const (
		ones = 0x0101010101010101
		high = 0x80 * ones
	)
	x7 := x &^ high
	ascii := ^x & high
	l := x7 | 0x20*ones                                      // letters folded to lower case
	letter := (l + (0x80-'a')*ones) &^ (l + (0x7f-'z')*ones) // 'a' <= l <= 'z'
	digit := (x7 + (0x80-'0')*ones) &^ (x7 + (0x7f-'9')*ones)
	word := (letter | digit) & ascii & high
	return bits.TrailingZeros64(^word&high) / 8, x | (letter&ascii&high)>>2
}

// wordContinues reports whether the ASCII word scanned as text[start:i], of
// n bytes, is not all of its word: it goes on with a non-ASCII word rune,
// went past the buffer, or is one letter that may start an initialism.
func wordContinues(text string, start, i, n int) bool {
	if i == len(text) {
		return false
	}
	switch c := text[i]; {
	case c >= utf8.RuneSelf:
		r, _ := utf8.DecodeRuneInString(text[i:])
		return isWordRune(r)
	case lowerWord[c] != 0: // the buffer is full
		return true
	case c == '.' && n == 1:
		return lowerWord[text[start]] >= 'a'
	}
	return false
}

// lowerWord maps an ASCII word byte to its folded form and every other byte
// to 0.
var lowerWord = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			t[c] = byte(c)
		}
	}
	return t
}()

// appendTerm appends the token of normalized word term at sp, unless it is
// empty or a filter drops it.
func (a *Analyzer) appendTerm(dst []Token, sp Span, term []byte) []Token {
	switch {
	case len(term) == 0:
		return dst
	case len(term) > maxMemoBytes:
		if m := a.filterAndHash(term); m.keep {
			dst = append(dst, Token{Start: sp.Start, End: sp.End, Hash: m.hash})
		}
		return dst
	}
	key := memoKey(term)
	m, ok := a.memo.get(key)
	if !ok {
		m = a.filterAndHash(term)
		a.memo.put(key, m)
	}
	if m.keep {
		dst = append(dst, Token{Start: sp.Start, End: sp.End, Hash: m.hash})
	}
	return dst
}

func (a *Analyzer) filterAndHash(term []byte) memoized {
	for _, f := range a.Filters {
		var keep bool
		if term, keep = f.Filter(term); !keep || len(term) == 0 {
			return memoized{}
		}
	}
	return memoized{hash: uint32(xxhashSeed(term, a.Seed)), keep: true}
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
	if seed == 0 {
		return xxhash.Sum64(b) // the same value, without the streaming state
	}
	var d xxhash.Digest
	d.ResetWithSeed(seed)
	d.Write(b)
	return d.Sum64()
}
