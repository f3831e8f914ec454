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
// exactly, about 5 bytes a word, where []shingle.Token, []shingle.Shingle, the
// shingle set and per-word sentence and quotation numbers took 64 and more,
// plus the slack of growing them. Shingle sets and seeds are made again from
// the word hashes where they are needed (shingleSet, appendSeeds).
type analyzed struct {
	hashes []uint32  // per word: the hash of its comparison form
	spans  wordSpans // and its byte range in the text as given

	sig *similarity.Signature

	quotes     []quote.Quotation
	quoteWords []wordRange // per quotation: the words wholly inside it
	sentStarts []int32     // the first word of each sentence but the first
}

// wordRange is a range of words [first, end).
type wordRange struct{ first, end int32 }

// maxTextBytes is the longest text whose offsets analyzed holds.
const maxTextBytes = math.MaxUint32

// analysis keeps one goroutine's buffers for analyzing documents.
type analysis struct {
	tokens   []shingle.Token // the words of one chunk of text
	hashes   []uint32        // the document's word hashes, before the exact copy
	spans    wordSpans       // and the words' byte ranges
	shingles []uint64        // the shingle hashes of one window of words, repeats and all
	sig      *similarity.Signature
	sents    []int32
}

// analyzeChunk is how much text is tokenized at a time, so that the
// []shingle.Token buffer (24 bytes a word) stays small however long the
// document: a 30 MB document of short words held 10 million of them.
var analyzeChunk = 64 << 10 // a variable so that tests can force chunks

// keptBuffer is the most words of buffer an analysis keeps for the next
// document: a buffer grown by one very long document goes with it.
const keptBuffer = 1 << 18

// analyze prepares text.
func (m *Matcher) analyze(text string) analyzed {
	if uint64(len(text)) > maxTextBytes {
		panic("dedupe: a document over 4 GiB") // Options.MaxDocBytes refuses them first
	}
	b := &m.buf
	var d analyzed
	b.hashes = b.hashes[:0]
	b.spans.reset()
	for start := 0; start < len(text); {
		end := chunkEnd(text, start+analyzeChunk)
		b.tokens = m.analyzer.AppendTokens(b.tokens[:0], text[start:end])
		for _, t := range b.tokens {
			b.hashes = append(b.hashes, t.Hash)
			b.spans.add(uint32(start+t.Start), uint32(start+t.End))
		}
		if start == 0 && end < len(text) {
			// A long text: room for as many words as the first chunk
			// promises, and a little more, at once, where growing by
			// append allocated five times what it kept.
			n := len(b.hashes) * (len(text)/end + 1)
			b.hashes = slices.Grow(b.hashes, n+n/16)
			b.spans.grow(n + n/16)
		}
		start = end
	}
	if cap(b.hashes) > keptBuffer {
		// A long document takes the buffers (at most a quarter more than
		// it needs, as append grows them) rather than a copy of them.
		d.hashes, b.hashes = slices.Clip(b.hashes), nil
		d.spans, b.spans = b.spans, wordSpans{}
		d.spans.codes, d.spans.marks = slices.Clip(d.spans.codes), slices.Clip(d.spans.marks)
		d.spans.far = slices.Clone(d.spans.far)
	} else {
		d.hashes = slices.Clone(b.hashes)
		d.spans = b.spans.clone()
		if cap(b.spans.far) > keptBuffer {
			b.spans.far = nil
		}
	}

	// The signature of the shingle set, a window of words at a time: a
	// signature holds the minima per bin, so merging the windows' is signing
	// the whole set, and the set of a long document is never held at once.
	// A minimum is the same over the shingles with their repeats, in any
	// order, so they are signed as they come, not made a set first (which
	// sorted them, a tenth of the analysis).
	for lo := 0; lo == 0 || lo <= len(d.hashes)-m.opts.ShingleSize; lo += signWindow {
		window := d.hashes[lo:min(len(d.hashes), lo+signWindow+m.opts.ShingleSize-1)]
		b.shingles = shingle.AppendHashesOf(b.shingles[:0], window, m.opts.ShingleSize, m.opts.Analysis.Seed)
		if lo == 0 {
			d.sig = m.signer.Sign(nil, b.shingles)
			continue
		}
		b.sig = m.signer.Sign(b.sig, b.shingles)
		if err := d.sig.Merge(b.sig); err != nil {
			panic(err) // one signer made both
		}
	}

	d.quotes = slices.Clip(quote.Find(text))
	d.quoteWords = quoteWords(&d.spans, d.quotes)
	b.sents = sentenceStarts(b.sents[:0], text, &d.spans)
	d.sentStarts = slices.Clone(b.sents)
	if cap(b.sents) > keptBuffer {
		b.sents = nil
	}
	return d
}

// signWindow is how many shingles of a document are signed at a time.
var signWindow = 1 << 16 // a variable so that tests can force windows

// chunkEnd returns where a chunk of text that should end near end does
// end: at an ASCII space or line break, which no word holds, so that the
// words of the chunks are the words of the whole text.
func chunkEnd(text string, end int) int {
	if end >= len(text) {
		return len(text)
	}
	for ; end < len(text); end++ {
		switch text[end] {
		case ' ', '\n', '\t', '\r':
			return end
		}
	}
	return len(text)
}

// shingleSet appends to dst the sorted distinct ShingleSize-shingle hashes
// of a document's words.
func shingleSet(dst []uint64, hashes []uint32, o *Options) []uint64 {
	start := len(dst)
	dst = shingle.AppendHashesOf(dst, hashes, o.ShingleSize, o.Analysis.Seed)
	return dst[:start+len(similarity.SortUnique(dst[start:]))]
}

// start and end are the byte offsets of word t.
func (d *analyzed) start(t int32) int { s, _ := d.spans.span(t); return s }
func (d *analyzed) end(t int32) int   { _, e := d.spans.span(t); return e }

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
func quoteWords(words *wordSpans, qs []quote.Quotation) []wordRange {
	out := make([]wordRange, len(qs))
	q, first := 0, int32(-1)
	for c := words.cursor(0); q < len(qs) && c.next(); {
		for q < len(qs) {
			if first < 0 {
				if int(c.start) < qs[q].Start {
					break
				}
				first = c.t
			}
			if int(c.end) <= qs[q].End {
				break
			}
			out[q] = wordRange{first, c.t}
			q, first = q+1, -1
		}
	}
	n := int32(words.len())
	for ; q < len(qs); q, first = q+1, -1 {
		if first < 0 {
			first = n
		}
		out[q] = wordRange{first, n}
	}
	return out
}

// sentenceStarts appends the first word of each sentence of text but the
// first. A sentence ends where the text between two words holds . ! ? or a
// line break (but a wrapped line), or the stray ’ ’ marks of a scraped
// paragraph list (dotted initialisms such as "U.S." keep their dots inside
// the word).
func sentenceStarts(dst []int32, text string, words *wordSpans) []int32 {
	c := words.cursor(0)
	if !c.next() {
		return dst
	}
	for end := c.end; c.next(); end = c.end {
		if sentenceBreak(text[end:c.start], text[c.start]) {
			dst = append(dst, c.t)
		}
	}
	return dst
}

// sentenceBreak reports whether the text between two words ends a
// sentence; next is the first byte of the second word. A single line break
// before a lower-case word is a line wrapped inside a sentence, not the end
// of one.
func sentenceBreak(between string, next byte) bool {
	if between == " " {
		return false // most words: checked first, as this runs for every word
	}
	if strings.ContainsAny(between, ".!?") || quote.StrayMarkBreak(between) {
		return true
	}
	n := strings.Count(between, "\n")
	return n > 1 || n == 1 && !('a' <= next && next <= 'z')
}
