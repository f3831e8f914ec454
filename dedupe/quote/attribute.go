package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxClause bounds how far around a quotation its attribution is looked for.
const maxClause = 240

// speechVerbs introduce or follow a quotation: "X said", "said X".
var speechVerbs = set("said", "says", "say", "told", "tells", "tell", "tweeted", "tweets", "wrote", "writes",
	"write", "argues", "argued", "argue", "states", "stated", "added", "adds", "claimed", "claims",
	"explained", "explains", "noted", "notes", "posted", "announced", "insisted", "insists", "warned",
	"warns", "asked", "asks", "replied", "alleges", "alleged", "asserted", "asserts", "declared",
	"reported", "stressed", "testified", "continued", "contends", "contended", "argues,")

// participles introduce a quotation whose speaker is the sentence's subject:
// "The ACLU pledged to join the fight, claiming it will "...".
var participles = set("saying", "claiming", "adding", "writing", "arguing", "noting", "warning",
	"insisting", "stating", "explaining", "tweeting", "telling", "declaring", "pledging")

// nounPhraseStops end a speaker named after its verb: "said X in a statement".
var nounPhraseStops = set("in", "on", "at", "to", "who", "which", "that", "during", "after", "before",
	"when", "while", "told", "said", "says", "and", "but", "as", "via", "from", "on")

// pronouns and function words are no speaker on their own: "it said", "As
// noted in the complaint".
var pronouns = set("he", "she", "it", "they", "we", "i", "you", "this", "that", "who", "as", "also", "and", "but", "however", "then")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// word is a word of a clause: its span and its lower-case form without
// surrounding punctuation.
type word struct {
	start, end int
	lower      string
}

// clauseWords splits text[start:end] at white space.
func clauseWords(text string, start, end int) []word {
	var ws []word
	i := start
	for i < end {
		for i < end {
			r, n := utf8.DecodeRuneInString(text[i:end])
			if !unicode.IsSpace(r) {
				break
			}
			i += n
		}
		j := i
		for j < end {
			r, n := utf8.DecodeRuneInString(text[j:end])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		if j > i {
			lower := strings.ToLower(strings.TrimFunc(text[i:j], func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			}))
			ws = append(ws, word{i, j, lower})
		}
		i = j
	}
	return ws
}

// attribute fills in the speakers of the quotations of one paragraph, which
// ends at paraEnd.
func attribute(text string, qs []Quotation, paraEnd int) {
	for k := range qs {
		q := &qs[k]
		lo := 0
		if k > 0 {
			lo = qs[k-1].OuterEnd
		}
		hi := paraEnd
		if k+1 < len(qs) {
			hi = qs[k+1].OuterStart
		}
		q.Speaker = after(text, q, hi)
		if q.Speaker == "" {
			q.Speaker = before(text, q, lo)
		}
		if q.Speaker == "" && k > 0 && qs[k-1].Speaker != "" && opensSentence(text, lo, q.OuterStart) &&
			sentencesBetween(text, qs[k-1].OuterEnd, q.OuterStart) <= 1 {
			q.Speaker, q.Inherited = qs[k-1].Speaker, true
		}
	}
}

// after reads an attribution that follows the quotation: `"...," X said.` or
// `"...," said X.`, within the same sentence and before hi.
func after(text string, q *Quotation, hi int) string {
	start := q.OuterEnd
	i := skipSpace(text, start, hi)
	if i < hi {
		switch text[i] {
		case '.', '!', '?', ';':
			return "" // the sentence ended with the quotation
		case ',':
			i++
		}
	}
	if strings.HasSuffix(strings.TrimRight(text[q.Start:q.End], " "), ".") {
		if r, _ := utf8.DecodeRuneInString(text[skipSpace(text, i, hi):]); unicode.IsUpper(r) {
			return "" // a full sentence was quoted; what follows is a new one
		}
	}
	end := sentenceEnd(text, i, min(hi, i+maxClause))
	ws := clauseWords(text, i, end)
	if len(ws) == 0 {
		return ""
	}
	if speechVerbs[ws[0].lower] || ws[0].lower == "according" {
		rest := ws[1:]
		if ws[0].lower == "according" && len(rest) > 0 && rest[0].lower == "to" {
			rest = rest[1:]
		}
		return phraseAfter(text, rest)
	}
	if s := according(text, ws); s != "" {
		return s
	}
	for v, w := range ws {
		if speechVerbs[w.lower] {
			return phrase(text, lastSegment(text, ws[:v]))
		}
	}
	return ""
}

// lastSegment keeps the words after the last comma: the subject of "to
// demonstrating any of this, the lawsuit states" is "the lawsuit". A segment
// that is a relative clause ("X, who ...") gives way to the first one.
func lastSegment(text string, ws []word) []word {
	cut := 0
	for i, w := range ws[:max(len(ws)-1, 0)] {
		if strings.HasSuffix(text[w.start:w.end], ",") {
			cut = i + 1
		}
	}
	if cut > 0 && cut < len(ws) && (ws[cut].lower == "who" || ws[cut].lower == "which") {
		for i, w := range ws {
			if strings.HasSuffix(text[w.start:w.end], ",") {
				return ws[:i+1]
			}
		}
	}
	return ws[cut:]
}

// before reads an attribution that leads into the quotation: `X said: "...`,
// `According to X, "...`, or `X pledged ..., claiming "...`, within the
// sentence and after lo.
func before(text string, q *Quotation, lo int) string {
	start := sentenceStart(text, lo, q.OuterStart)
	ws := clauseWords(text, start, q.OuterStart)
	if s := according(text, ws); s != "" {
		return s
	}
	for v, w := range ws {
		if speechVerbs[w.lower] {
			return phrase(text, ws[:v])
		}
		if participles[w.lower] {
			return subject(text, ws[:v])
		}
	}
	return ""
}

func according(text string, ws []word) string {
	for v := 0; v+1 < len(ws); v++ {
		if ws[v].lower == "according" && ws[v+1].lower == "to" {
			return phraseAfter(text, ws[v+2:])
		}
	}
	return ""
}

// phrase returns the speaker named by ws, trimmed of punctuation, or "" for a
// pronoun or a phrase too long to be a name.
func phrase(text string, ws []word) string {
	for len(ws) > 0 && ws[0].lower == "" {
		ws = ws[1:]
	}
	for len(ws) > 0 && ws[len(ws)-1].lower == "" {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 || len(ws) > 16 || len(ws) == 1 && pronouns[ws[0].lower] {
		return ""
	}
	s := strings.Join(strings.Fields(text[ws[0].start:ws[len(ws)-1].end]), " ")
	return strings.TrimFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ')'
	})
}

// phraseAfter takes the noun phrase at the start of ws: "ACLU attorney
// Nathan Freed Wessler" of "ACLU attorney Nathan Freed Wessler in a statement".
func phraseAfter(text string, ws []word) string {
	n := 0
	for n < len(ws) && !nounPhraseStops[ws[n].lower] {
		n++
		if strings.HasSuffix(text[ws[n-1].start:ws[n-1].end], ",") {
			break
		}
	}
	return phrase(text, ws[:n])
}

// subject takes the sentence's leading noun phrase: capitalized words and
// the small words between them ("The American Civil Liberties Union").
func subject(text string, ws []word) string {
	for len(ws) > 0 && !capitalized(text[ws[0].start:ws[0].end]) {
		ws = ws[1:] // a dateline or header before the sentence proper
	}
	n := 0
	for n < len(ws) {
		r, _ := utf8.DecodeRuneInString(text[ws[n].start:])
		if !unicode.IsUpper(r) && !smallWords[ws[n].lower] {
			break
		}
		n++
	}
	for n > 0 && smallWords[ws[n-1].lower] {
		n--
	}
	return phrase(text, ws[:n])
}

var smallWords = set("the", "of", "and", "for", "a", "an")

func skipSpace(text string, i, hi int) int {
	for i < hi {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) && kindOf(r) == notMark {
			break
		}
		i += n
	}
	return i
}

// sentenceEnd returns where the sentence that runs from i ends, at most hi:
// before a sentence mark that ends a word of more than one letter (so
// "U.S." does not end it), a newline or an opening or straight quotation
// mark (two backquotes among them).
func sentenceEnd(text string, i, hi int) int {
	for j := i; j < hi; {
		r, n := utf8.DecodeRuneInString(text[j:])
		k, _ := markAt(text, j, r, n)
		switch {
		case r == '\n', k == opening, k == either:
			return j
		case r == '.' || r == '!' || r == '?' || r == ';':
			if !initialBefore(text, j) {
				return j
			}
		case kindOf(r) == single && isParagraphRun(text, j):
			return j
		}
		j += n
	}
	return hi
}

// sentenceStart returns where the sentence that ends at hi starts, at least lo.
func sentenceStart(text string, lo, hi int) int {
	for j := hi; j > lo; {
		r, n := utf8.DecodeLastRuneInString(text[lo:j])
		switch {
		case r == '\n':
			return j
		case r == '.' || r == '!' || r == '?' || r == ';':
			if !initialBefore(text, j-n) {
				return j
			}
		case kindOf(r) == single && isParagraphRun(text, j-n):
			return j
		}
		j -= n
	}
	return lo
}

// initialBefore reports whether the '.' at text[j] ends a one-letter word.
func initialBefore(text string, j int) bool {
	if j == 0 {
		return false
	}
	r, n := utf8.DecodeLastRuneInString(text[:j])
	if !unicode.IsLetter(r) {
		return false
	}
	if j-n == 0 {
		return true
	}
	p, _ := utf8.DecodeLastRuneInString(text[:j-n])
	return !unicode.IsLetter(p)
}

// opensSentence reports whether the quotation marked at at starts its sentence.
func opensSentence(text string, lo, at int) bool {
	return skipSpace(text, sentenceStart(text, lo, at), at) == at
}

// sentencesBetween counts sentence ends in text[from:to].
func sentencesBetween(text string, from, to int) int {
	n := 0
	for i := from; i < to; {
		e := sentenceEnd(text, i, to)
		if e >= to {
			break
		}
		if r, _ := utf8.DecodeRuneInString(text[e:]); r == '.' || r == '!' || r == '?' || r == '\n' {
			n++
		}
		_, w := utf8.DecodeRuneInString(text[e:])
		i = e + w
	}
	return n
}
