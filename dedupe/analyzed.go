package dedupe

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

// analyzed is a document prepared for comparison. A report holds one per
// document until it is done, so it is kept small: parallel arrays sized
// exactly, 16 bytes a word, where []shingle.Token, []shingle.Shingle, the
// shingle set and per-word sentence and quotation numbers took 64 and more,
// plus the slack of growing them. Shingle sets and seeds are made again from
// the word hashes where they are needed (shingleSet, appendSeeds).
type analyzed struct {
	hashes []uint64   // per word: the hash of its comparison form
	spans  []wordSpan // per word: its byte range in the text as given

	sig *similarity.Signature

	quotes     []quote.Quotation
	quoteWords []wordRange // per quotation: the words wholly inside it
	sentStarts []int32     // the first word of each sentence but the first
}

// wordSpan is a word's byte range. Documents are at most 4 GiB
// (Options.MaxDocBytes), so 32 bits hold it.
type wordSpan struct{ start, end uint32 }

// wordRange is a range of words [first, end).
type wordRange struct{ first, end int32 }

// maxTextBytes is the longest text whose offsets wordSpan holds.
const maxTextBytes = math.MaxUint32

// analysis keeps one goroutine's buffers for analyzing documents.
type analysis struct {
	tokens []shingle.Token
	set    []uint64
	starts []int32
}

// analyze prepares text.
func (m *Matcher) analyze(text string) analyzed {
	if uint64(len(text)) > maxTextBytes {
		panic("dedupe: a document over 4 GiB") // Options.MaxDocBytes refuses them first
	}
	b := &m.buf
	var d analyzed
	b.tokens = m.analyzer.AppendTokens(b.tokens[:0], text)
	d.hashes = make([]uint64, len(b.tokens))
	d.spans = make([]wordSpan, len(b.tokens))
	for i, t := range b.tokens {
		d.hashes[i] = t.Hash
		d.spans[i] = wordSpan{uint32(t.Start), uint32(t.End)}
	}

	b.set = shingleSet(b.set[:0], d.hashes, &m.opts)
	d.sig = m.signer.Sign(nil, b.set)

	d.quotes = slices.Clip(quote.Find(text))
	d.quoteWords = quoteWords(b.tokens, d.quotes)
	b.starts = sentenceStarts(b.starts[:0], text, b.tokens)
	d.sentStarts = slices.Clone(b.starts)
	return d
}

// shingleSet appends to dst the sorted distinct ShingleSize-shingle hashes
// of a document's words.
func shingleSet(dst []uint64, hashes []uint64, o *Options) []uint64 {
	start := len(dst)
	dst = shingle.AppendHashesOf(dst, hashes, o.ShingleSize, o.Analysis.Seed)
	return dst[:start+len(similarity.SortUnique(dst[start:]))]
}

// start and end are the byte offsets of word t.
func (d *analyzed) start(t int32) int { return int(d.spans[t].start) }
func (d *analyzed) end(t int32) int   { return int(d.spans[t].end) }

// quoteOf returns the quotation that holds word t, or -1.
func (d *analyzed) quoteOf(t int32) int32 {
	q, _ := slices.BinarySearchFunc(d.quoteWords, t, func(r wordRange, t int32) int { return cmp.Compare(r.end, t+1) })
	if q < len(d.quoteWords) && d.quoteWords[q].first <= t {
		return int32(q)
	}
	return -1
}

// sentence returns the number of the sentence that holds word t.
func (d *analyzed) sentence(t int32) int32 {
	n, _ := slices.BinarySearch(d.sentStarts, t+1)
	return int32(n)
}

// quoteWords finds, for each quotation, the words wholly inside it. The
// quotations are in text order and do not overlap, so neither do the ranges.
func quoteWords(tokens []shingle.Token, qs []quote.Quotation) []wordRange {
	out := make([]wordRange, len(qs))
	t := 0
	for q, qt := range qs {
		for t < len(tokens) && tokens[t].Start < qt.Start {
			t++
		}
		first := t
		for t < len(tokens) && tokens[t].End <= qt.End {
			t++
		}
		out[q] = wordRange{int32(first), int32(t)}
	}
	return out
}

// sentenceStarts appends the first word of each sentence of text but the
// first. A sentence ends where the text between two words holds . ! ? or a
// line break (but a wrapped line), or the stray ’ ’ marks of a scraped
// paragraph list (dotted initialisms such as "U.S." keep their dots inside
// the word).
func sentenceStarts(dst []int32, text string, tokens []shingle.Token) []int32 {
	for t := 1; t < len(tokens); t++ {
		if sentenceBreak(text[tokens[t-1].End:tokens[t].Start], text[tokens[t].Start]) {
			dst = append(dst, int32(t))
		}
	}
	return dst
}

// sentenceBreak reports whether the text between two words ends a
// sentence; next is the first byte of the second word. A single line break
// before a lower-case word is a line wrapped inside a sentence, not the end
// of one.
func sentenceBreak(between string, next byte) bool {
	if strings.ContainsAny(between, ".!?") || quote.ParagraphBreak(between) {
		return true
	}
	n := strings.Count(between, "\n")
	return n > 1 || n == 1 && !('a' <= next && next <= 'z')
}
