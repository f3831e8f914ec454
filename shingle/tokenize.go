package shingle

import (
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of the original text.
type Span struct {
	Start, End int
}

// A Tokenizer finds the words of a text.
type Tokenizer interface {
	// AppendSpans appends the byte spans of the words of text to dst, in order,
	// and returns the extended slice.
	AppendSpans(dst []Span, text string) []Span
}

// Words is the default [Tokenizer]. A word is a maximal run of letters, digits
// and combining marks; everything else separates words. A dotted initialism of
// single letters ("U.S.", "D.C.", "A.M.") is one word whose span includes its
// dots; the [Normalizer] drops them.
type Words struct{}

// AppendSpans implements [Tokenizer].
func (Words) AppendSpans(dst []Span, text string) []Span {
	for i := 0; ; {
		start, end := nextWord(text, i)
		if start == len(text) {
			return dst
		}
		dst = append(dst, Span{start, end})
		i = end
	}
}

// nextWord returns the span of the first word of text at or after i, or
// start == len(text) when there is none.
func nextWord(text string, i int) (start, end int) {
	for i < len(text) {
		// Skip to the start of a word; ASCII takes a table lookup.
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				i++
				continue
			}
		} else if r, n := utf8.DecodeRuneInString(text[i:]); !isWordRune(r) || unicode.IsMark(r) {
			i += n
			continue
		}
		break
	}
	if i == len(text) {
		return i, i
	}
	start = i
	runes := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				break
			}
			i++
		} else {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			i += n
		}
		runes++
	}
	if runes == 1 && unicode.IsLetter(r0(text, start)) {
		i = initialism(text, start, i)
	}
	return start, i
}

// asciiWord marks the ASCII bytes that are word characters.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// initialism extends the one-letter word text[start:end] over a following
// ".X" ".Y" ... sequence of single letters, and a final dot, when there is at
// least one more letter. It returns the new end.
func initialism(text string, start, end int) int {
	i := end
	letters := 1
	for i < len(text) && text[i] == '.' {
		j := i + 1
		if j >= len(text) {
			break
		}
		r, n := decode(text, j)
		if !unicode.IsLetter(r) {
			break
		}
		k := j + n
		if k < len(text) {
			if r2, _ := decode(text, k); isWordRune(r2) {
				break // "U.Sa" is not an initialism
			}
		}
		i = k
		letters++
	}
	if letters == 1 {
		return end
	}
	if i < len(text) && text[i] == '.' {
		i++
	}
	return i
}

func r0(text string, i int) rune {
	r, _ := decode(text, i)
	return r
}

// decode returns the rune at text[i] and its width; an invalid byte decodes as
// utf8.RuneError of width 1, which is not a word rune.
func decode(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && asciiWord[r]
	}
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}
