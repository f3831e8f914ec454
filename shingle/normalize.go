package shingle

import (
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// A Normalizer maps a word of the original text to the form words are
// compared in.
type Normalizer interface {
	// AppendNormal appends the comparison form of word to dst and returns the
	// extended slice.
	AppendNormal(dst []byte, word string) []byte
}

// Fold is the default [Normalizer]: Unicode NFKC, then full case folding, then
// it keeps only letters, digits and marks (so "U.S." becomes "us" and the
// full-width "ＵＳ" becomes "us" too). ASCII words take a fast path that
// allocates nothing.
//
// The zero value is ready to use. A Fold keeps scratch state and must not be
// used by several goroutines at once.
type Fold struct {
	caser   cases.Caser
	ready   bool
	scratch []byte
}

// AppendNormal implements [Normalizer].
func (f *Fold) AppendNormal(dst []byte, word string) []byte {
	if isASCII(word) {
		for i := 0; i < len(word); i++ {
			c := word[i]
			switch {
			case 'A' <= c && c <= 'Z':
				dst = append(dst, c+'a'-'A')
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				dst = append(dst, c)
			}
		}
		return dst
	}
	if !f.ready {
		f.caser = cases.Fold()
		f.ready = true
	}
	f.scratch = norm.NFKC.AppendString(f.scratch[:0], word)
	f.caser.Reset()
	start := len(dst)
	out, _, err := transform.Append(f.caser, dst, f.scratch)
	if err != nil {
		// Folding never fails on valid input; keep the NFKC form if it does.
		out = append(dst, f.scratch...)
	}
	return keepWordRunes(out, start)
}

// keepWordRunes removes, in place, the runes of b[start:] that are not word
// runes.
func keepWordRunes(b []byte, start int) []byte {
	w := start
	for r := start; r < len(b); {
		c, n := rune(b[r]), 1
		if c >= utf8.RuneSelf {
			c, n = utf8.DecodeRune(b[r:])
		}
		if isWordRune(c) {
			w += copy(b[w:], b[r:r+n])
		}
		r += n
	}
	return b[:w]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
