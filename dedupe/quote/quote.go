// Package quote finds the quotations of a news text and who they are
// attributed to.
//
// [Find] pairs quotation marks into quotations, tolerating the mess of real
// copy: typographic and straight marks mixed, multi-paragraph quotations whose
// paragraphs are not closed, and the stray marks that scrapers leave. It also
// reads the convention of LDC newswire archives and LaTeX, where a quotation
// opens with two backquotes and closes with two apostrophes:
//
//	``We are concentrating our efforts on determining the cause,'' Hall said.
//
// A single apostrophe stays an apostrophe, and a single backquote is a single
// mark like ‘. Two typographic apostrophes (’’) right after a word or
// punctuation also close a quotation that opened with two backquotes, as some
// conversions of those archives write it.
//
// [Find] then reads the attribution around each quotation ("X said", "said X",
// "X, the title of Y, said", "X told Y", "according to X", "X: ...", and the
// other verbs of reporting in all their forms), before, inside or after the
// quotation, and carries it over to a quotation that continues the same
// speaker's words, in the next sentence or the next paragraph. Last it
// resolves each attribution within the document: a surname, "Mr. X", a
// title or a pronoun is the person named in full before ([Speaker]).
//
// All positions are byte offsets into the text as given.
package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quotation is a quoted stretch of text and who said it.
type Quotation struct {
	// Start and End delimit the words inside the marks (marks and surrounding
	// white space excluded).
	Start, End int
	// OuterStart and OuterEnd delimit the quotation with its marks; for a
	// quotation left open, OuterEnd is End.
	OuterStart, OuterEnd int
	// Closed is false when the quotation ran to the end of its paragraph
	// without a closing mark (the convention of multi-paragraph quotations).
	Closed bool
	// Kind says whether the quotation is a whole utterance, words quoted
	// inside the writer's sentence, or scare quotes.
	Kind Kind
	// Speaker is who said it, resolved within the document: "Mr. Wessler"
	// and "he" after "ACLU attorney Nathan Freed Wessler" are Nathan Freed
	// Wessler of the ACLU. The zero Speaker when none was found.
	Speaker Speaker
	// Mention is the words of the text that the attribution names: the name
	// ("Mr. Wessler"), the description ("a White House spokesman") or the
	// pronoun ("he"); empty when there is none.
	Mention Span
	// Cue is the attributing verb or phrase: "said", "according to", or the
	// colon of "Wessler: ..."; empty when there is none.
	Cue Span
	// Inherited is true when the attribution was carried over from the
	// quotation just before, which the same speaker continues.
	Inherited bool
}

// Kind is what a quotation is in its sentence.
type Kind uint8

const (
	// Direct is a whole utterance: it opens its sentence, follows a colon or
	// an attribution, or ends with the speaker's own full stop.
	Direct Kind = iota
	// Partial is a few of the speaker's words inside the writer's sentence.
	Partial
	// Scare is a word or two in marks that nobody is said to have spoken:
	// scare quotes, titles, nicknames. It gets no speaker.
	Scare
)

// String returns "direct", "partial" or "scare".
func (k Kind) String() string {
	switch k {
	case Partial:
		return "partial"
	case Scare:
		return "scare"
	}
	return "direct"
}

// markKind classifies a rune as a quotation mark.
type markKind uint8

const (
	notMark markKind = iota
	opening          // “ „ « and ``
	closing          // ” » and ''
	either           // " ＂: direction from context
	single           // ’ ‘ ' ` and kin: apostrophes, or scraping artefacts
)

func kindOf(r rune) markKind {
	switch r {
	case '“', '„', '«', '‟', '〝':
		return opening
	case '”', '»', '〞':
		return closing
	case '"', '＂':
		return either
	case '’', '‘', '\'', '`', '‚', '‛':
		return single
	}
	return notMark
}

// markAt returns the kind and byte width of the mark that starts at text[i]
// with rune r, n bytes wide (notMark and n if it is none). Two backquotes open
// a quotation and two apostrophes close one (the LDC convention); each of
// those characters alone is a single mark. Of a longer run of apostrophes the
// last two are the closing mark (the one before closes a quotation in single
// marks inside the quotation), of a longer run of backquotes the first two.
func markAt(text string, i int, r rune, n int) (markKind, int) {
	switch r {
	case '`':
		if i+1 < len(text) && text[i+1] == '`' {
			return opening, 2
		}
	case '\'':
		if i+1 < len(text) && text[i+1] == '\'' && (i+2 == len(text) || text[i+2] != '\'') {
			return closing, 2
		}
	}
	return kindOf(r), n
}

// typoDouble is how some conversions of LDC archives write the two closing
// apostrophes.
const typoDouble = "’’"

// closesLDC reports whether text[i:] starts with the last two of a run of ’
// that follows a word or punctuation: the closing mark of a quotation that
// opened with two backquotes. After white space, ’’ is more likely what a
// scraper left of two apostrophes than the end of a quotation.
func closesLDC(text string, i int) bool {
	if i == 0 || !strings.HasPrefix(text[i:], typoDouble) || strings.HasPrefix(text[i+len(typoDouble):], "’") {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	return !unicode.IsSpace(before)
}

// asciiMatters marks the ASCII bytes Find must look at: a line break and
// the marks kindOf knows, the apostrophe and the backquote of the LDC marks
// among them. Every other ASCII byte is plain text to it.
var asciiMatters = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c == '\n' || kindOf(rune(c)) != notMark
	}
	return t
}()

// Find returns the quotations of text in order. A quotation never crosses a
// paragraph break: a newline, or a run of two stray single marks separated by
// white space (the ’ ’ that a scraped list of paragraphs leaves behind).
func Find(text string) []Quotation {
	var qs []Quotation
	var paraOf []int // the paragraph start of each quotation
	a := attributor{text: text}
	open, mark := -1, -1 // just after the opening mark and at it, or -1
	para, paraStart := 0, 0
	closeAt := func(at, end int) {
		if q, ok := trimmed(text, open, at); ok && !attributeValue(text, mark) {
			q.OuterStart, q.OuterEnd, q.Closed = mark, end, end > at
			if !q.Closed {
				q.OuterEnd = q.End
			}
			qs = append(qs, q)
			paraOf = append(paraOf, paraStart)
		}
		open, mark = -1, -1
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !asciiMatters[c] {
			i++ // most bytes: neither a mark nor a line break
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '\n' || isParagraphRun(text, i) {
			if open >= 0 {
				closeAt(i, i)
			}
			a.attribute(qs[para:], i)
			para, paraStart = len(qs), i+n
			i += n
			continue
		}
		k, n := markAt(text, i, r, n)
		if k == single && open >= 0 && text[mark] == '`' && closesLDC(text, i) {
			k, n = closing, len(typoDouble)
		}
		switch k {
		case opening:
			if open >= 0 && closerByContext(text, i, i+n) {
				closeAt(i, i+n)
				break
			}
			if open >= 0 {
				closeAt(i, i)
			}
			open, mark = i+n, i
		case closing:
			if open >= 0 {
				closeAt(i, i+n)
			} else if openerByContext(text, i, i+n) {
				open, mark = i+n, i // a mistyped opening mark
			}
		case either:
			isOpen, isClose := openerByContext(text, i, i+n), closerByContext(text, i, i+n)
			switch {
			case open >= 0 && (isClose || !isOpen):
				closeAt(i, i+n)
			case open >= 0:
				closeAt(i, i)
				open, mark = i+n, i
			case isOpen || !isClose:
				open, mark = i+n, i
			}
		}
		i += n
	}
	if open >= 0 {
		closeAt(len(text), len(text))
	}
	a.attribute(qs[para:], len(text))
	for k := range qs {
		q := &qs[k]
		if !q.Mention.Empty() {
			continue
		}
		lo := 0
		if k > 0 {
			lo = qs[k-1].OuterEnd
		}
		hi := len(text)
		if k+1 < len(qs) {
			hi = qs[k+1].OuterStart
		}
		if at := a.signature(q, hi); !at.mention.Empty() {
			q.Mention, q.Cue = at.mention, at.cue
			continue
		}
		switch {
		case skipSpace(text, paraOf[k], q.OuterStart) == q.OuterStart:
			a.leadIn(q, paraOf[k], lo) // "Cruz continued:" and the next paragraph
		case opensSentence(text, lo, q.OuterStart):
			a.leadIn(q, q.OuterStart, lo) // the sentence before, in the paragraph
		}
	}
	for k := range qs {
		if q := &qs[k]; !q.Mention.Empty() && !namesSomeone(text, q.Mention) {
			q.Mention, q.Cue, q.Inherited = Span{}, Span{}, false
		}
	}
	continueAcrossParagraphs(text, qs, paraOf)
	classify(text, qs)
	resolve(text, qs)
	return qs
}

// attributeValue reports whether the mark at text[mark] opens the value of
// a markup attribute that a scraper left in the text (<tweet id="7476..."
// author="@AP">): not a quotation, and read as one it takes the tag's
// words for a speaker ("id") and stands between a quotation and its
// attribution.
func attributeValue(text string, mark int) bool {
	return mark > 0 && text[mark-1] == '='
}

// continueAcrossParagraphs gives an unattributed quotation that opens a
// paragraph the attribution of the last quotation of the paragraph just
// before when that one was left open: the convention of a quotation that
// runs over several paragraphs. A closed quotation hands on nothing: the
// next paragraph's quotation was as often someone else's (on PolNeAR train
// half of such speakers were wrong), and a wrong speaker is worse than none.
func continueAcrossParagraphs(text string, qs []Quotation, paraOf []int) {
	for k := 1; k < len(qs); k++ {
		q, prev := &qs[k], qs[k-1]
		if !q.Mention.Empty() || prev.Mention.Empty() || paraOf[k] == paraOf[k-1] {
			continue
		}
		if skipSpace(text, paraOf[k], q.OuterStart) != q.OuterStart {
			continue
		}
		if prev.Closed {
			continue
		}
		q.Mention, q.Cue, q.Inherited = prev.Mention, prev.Cue, true
	}
}

// trimmed returns the quotation text[start:end] without surrounding white
// space and stray marks, if anything wordy is left.
func trimmed(text string, start, end int) (Quotation, bool) {
	for start < end {
		r, n := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) && kindOf(r) == notMark {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) && kindOf(r) == notMark {
			break
		}
		end -= n
	}
	for _, r := range text[start:end] {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return Quotation{Start: start, End: end}, true
		}
	}
	return Quotation{}, false
}

// openerByContext: the mark at text[i:j] is followed by a word and preceded
// by white space, an opening bracket, a dash, a colon or the start.
func openerByContext(text string, i, j int) bool {
	after, _ := utf8.DecodeRuneInString(text[j:])
	if j >= len(text) || unicode.IsSpace(after) {
		return false
	}
	if i == 0 {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(before) || strings.ContainsRune("([{—–-:", before) || kindOf(before) != notMark
}

// closerByContext: the mark at text[i:j] follows a word or punctuation and is
// followed by white space, punctuation or the end.
func closerByContext(text string, i, j int) bool {
	if i == 0 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	if unicode.IsSpace(before) {
		return false
	}
	if j >= len(text) {
		return true
	}
	after, _ := utf8.DecodeRuneInString(text[j:])
	return unicode.IsSpace(after) || unicode.IsPunct(after) && kindOf(after) != either
}

// StrayMarkBreak reports whether s holds the paragraph break that a scraped
// list of paragraphs leaves: two stray single marks separated by white
// space. [Find] also breaks paragraphs at every newline; a caller that
// tells a wrapped line from a paragraph does that itself.
func StrayMarkBreak(s string) bool {
	for i := range len(s) {
		if c := s[i]; c < utf8.RuneSelf && (c == '\n' || !asciiMatters[c]) {
			continue
		}
		if isParagraphRun(s, i) {
			return true
		}
	}
	return false
}

// isStraySingle reports whether text[i] starts a single mark with white space,
// another mark or an edge of the text on both sides: not an apostrophe, and
// not half of a mark of two backquotes or two apostrophes.
func isStraySingle(text string, i int) (int, bool) {
	r, n := utf8.DecodeRuneInString(text[i:])
	if kindOf(r) != single {
		return 0, false
	}
	if c := text[i]; (c == '\'' || c == '`') && (i > 0 && text[i-1] == c || i+1 < len(text) && text[i+1] == c) {
		return 0, false
	}
	if i > 0 {
		b, _ := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsSpace(b) && kindOf(b) == notMark {
			return 0, false
		}
	}
	if i+n < len(text) {
		a, _ := utf8.DecodeRuneInString(text[i+n:])
		if !unicode.IsSpace(a) && kindOf(a) == notMark {
			return 0, false
		}
	}
	return n, true
}

// isParagraphRun reports whether text[i:] starts with a stray single mark,
// white space, and another stray single mark.
func isParagraphRun(text string, i int) bool {
	n, ok := isStraySingle(text, i)
	if !ok {
		return false
	}
	j := i + n
	k := j
	for k < len(text) {
		r, m := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsSpace(r) || r == '\n' {
			break
		}
		k += m
	}
	if k == j || k >= len(text) {
		return false
	}
	_, ok = isStraySingle(text, k)
	return ok
}
