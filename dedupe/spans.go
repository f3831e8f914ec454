package dedupe

import (
	"cmp"
	"slices"
)

// wordSpans holds the byte ranges of a document's words in about 1.2
// bytes a word, where a 32-bit start and end take 8 and a start and a
// one-byte length 5: 2.5 GB less than the latter at 1,000,000 articles
// (655 million words). Most words are short and follow the previous one after
// a space or two, so a word is one byte, the gap from the previous word's
// end in its high four bits and its length in its low four; a word whose
// gap or length does not fit is kept whole in far. A word's range is found
// by walking from the start of its block of spanBlock words, whose mark
// holds the end of the word before it. Ranges are looked up at the ends of
// passages, a few per passage, so the walk costs little; code that needs
// every word's range walks them all with a spanCursor.
type wordSpans struct {
	codes []uint8   // per word: gap<<4 | length, or farGap<<4
	marks []uint32  // per block: the end of the word before its first
	far   []farSpan // by word
	last  uint32    // the end of the last word
}

// farSpan is the range of a word whose gap or length is over 4 bits.
type farSpan struct {
	word       int32
	start, end uint32
}

const (
	spanBlock = 64 // words a mark covers
	farGap    = 15 // the gap that marks a word kept in far
	maxLen    = 15 // the longest word a code holds
)

// add appends the word [start, end), which follows the last.
func (s *wordSpans) add(start, end uint32) {
	t := len(s.codes)
	if t%spanBlock == 0 {
		s.marks = append(s.marks, s.last)
	}
	if gap, n := start-s.last, end-start; gap < farGap && n <= maxLen {
		s.codes = append(s.codes, uint8(gap<<4|n))
	} else {
		s.codes = append(s.codes, farGap<<4)
		s.far = append(s.far, farSpan{int32(t), start, end})
	}
	s.last = end
}

// reset empties s, keeping its arrays.
func (s *wordSpans) reset() {
	*s = wordSpans{codes: s.codes[:0], marks: s.marks[:0], far: s.far[:0]}
}

// clone returns a copy of s whose arrays are sized exactly.
func (s *wordSpans) clone() wordSpans {
	return wordSpans{codes: slices.Clone(s.codes), marks: slices.Clone(s.marks), far: slices.Clone(s.far), last: s.last}
}

// grow makes room for n more words.
func (s *wordSpans) grow(n int) {
	s.codes = slices.Grow(s.codes, n)
	s.marks = slices.Grow(s.marks, n/spanBlock+1)
}

// len is the number of words.
func (s *wordSpans) len() int { return len(s.codes) }

// span returns the byte range of word t.
func (s *wordSpans) span(t int32) (start, end int) {
	if t < 0 || int(t) >= len(s.codes) {
		panic("dedupe: no such word")
	}
	c := s.cursor(t &^ (spanBlock - 1))
	for c.next() && c.t < t {
	}
	return int(c.start), int(c.end)
}

// cursor returns a cursor whose next call reads word t, which starts a
// block (or is 0, when there are no words).
func (s *wordSpans) cursor(t int32) spanCursor {
	if len(s.marks) == 0 {
		return spanCursor{s: s, t: -1}
	}
	k := 0
	if len(s.far) > 0 {
		k, _ = slices.BinarySearchFunc(s.far, t, func(f farSpan, t int32) int { return cmp.Compare(f.word, t) })
	}
	return spanCursor{s: s, t: t - 1, k: k, end: s.marks[t/spanBlock]}
}

// spanCursor reads the words' ranges in order: after next, word t's range
// is [start, end).
type spanCursor struct {
	s          *wordSpans
	t          int32
	k          int // the next word kept whole
	start, end uint32
}

// next moves to the next word, if there is one.
func (c *spanCursor) next() bool {
	if int(c.t+1) >= len(c.s.codes) {
		return false
	}
	c.t++
	if code := c.s.codes[c.t]; code>>4 != farGap {
		c.start = c.end + uint32(code>>4)
		c.end = c.start + uint32(code&maxLen)
		return true
	}
	f := c.s.far[c.k]
	c.start, c.end = f.start, f.end
	c.k++
	return true
}
