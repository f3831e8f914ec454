package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxClause bounds how far around a quotation its attribution is looked for.
const maxClause = 240

// Span is a byte range of the text; empty (Start == End) when there is none.
type Span struct{ Start, End int }

// Empty reports whether the span holds nothing.
func (s Span) Empty() bool { return s.End <= s.Start }

// attribution is what the text says about who spoke a quotation.
type attribution struct {
	mention, cue Span
}

// attributor reads attributions; it keeps a buffer of words so that
// reading one allocates nothing once warm.
type attributor struct {
	text string
	ws   []word
}

// attribute fills in the mentions and cues of the quotations of one
// paragraph, which ends at paraEnd.
func (a *attributor) attribute(qs []Quotation, paraEnd int) {
	text := a.text
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
		// Words quoted inside the writer's sentence belong to whoever the
		// sentence says spoke before them; a quotation that opens its
		// sentence is attributed after it.
		first, second := a.after, a.before
		if !opensSentence(text, lo, q.OuterStart) && !commaAfter(text, q) {
			first, second = second, first
		}
		at := first(q, hi, lo)
		if at.mention.Empty() {
			at = second(q, hi, lo)
		} else if !at.cue.Empty() && !strings.HasPrefix(text[at.cue.Start:], "according") {
			// "Trump said he was "happy to see" it, according to the
			// Times": the source that reports the whole sentence.
			if later := a.after(q, hi, lo); !later.cue.Empty() && strings.HasPrefix(text[later.cue.Start:], "according") && later.cue.Start > q.End {
				at = later
			}
		}
		q.Mention, q.Cue = at.mention, at.cue
		if q.Mention.Empty() && k > 0 && !qs[k-1].Mention.Empty() {
			// The same speaker goes on: in the next sentence, or in the same
			// sentence ("X said it was "remarkable" because it would "...").
			between := sentencesBetween(text, qs[k-1].OuterEnd, q.OuterStart)
			if between == 0 || between <= 1 && opensSentence(text, lo, q.OuterStart) {
				q.Mention, q.Cue, q.Inherited = qs[k-1].Mention, qs[k-1].Cue, true
			}
		}
	}
}

// leadIn reads the attribution of a quotation that opens a paragraph after
// one that ends with a colon: "Cruz continued:" and the quotation below.
func (a *attributor) leadIn(q *Quotation, paraStart, lo int) {
	j := paraStart
	for j > lo {
		r, n := utf8.DecodeLastRuneInString(a.text[:j])
		if !unicode.IsSpace(r) {
			break
		}
		j -= n
	}
	if j <= lo {
		return
	}
	if a.text[j-1] == '.' && !initialBefore(a.text, j-1) {
		// "Coan argues that his client was never violent." and the
		// quotation that opens the next sentence.
		at := a.before(&Quotation{OuterStart: j - 1}, 0, lo)
		if !at.mention.Empty() && !at.cue.Empty() && !strings.HasPrefix(a.text[at.cue.Start:], "according") &&
			!strings.ContainsAny(a.text[at.mention.Start:at.mention.End], "\"“”") {
			q.Mention, q.Cue = at.mention, at.cue
		}
		return
	}
	if a.text[j-1] != ':' {
		return
	}
	at := a.before(&Quotation{OuterStart: j - 1}, 0, lo)
	if at.mention.Empty() || at.cue.Empty() {
		// The colon is the cue when no verb was: "Trump issued the
		// following statement:".
		if withColon := a.before(&Quotation{OuterStart: j}, 0, lo); !withColon.mention.Empty() {
			at = withColon
		}
	}
	if !at.mention.Empty() {
		q.Mention, q.Cue = at.mention, at.cue
	}
}

// signature reads a name signed after a quotation with a dash, on its
// line or on the line below: `"We will win." ― Jane Roe`, `"..."` and
// `- Jane Roe, tweeting after the debate.` under it (epigraphs, vox pops,
// fact checks). The name stands alone: a clause after the dash (`"..." —
// the balloons fell`) is the writer's sentence.
func (a *attributor) signature(q *Quotation, hi int) attribution {
	text := a.text
	i, lines := q.OuterEnd, 0
	for i < hi {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '\n' {
			lines++
		} else if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	if i >= hi || lines > 2 {
		return attribution{}
	}
	cue := Span{i, i}
	for cue.End < hi {
		r, n := utf8.DecodeRuneInString(text[cue.End:])
		if r != '-' && r != '—' && r != '―' && r != '–' {
			break
		}
		cue.End += n
	}
	if cue.Empty() {
		return attribution{}
	}
	end := cue.End
	for end < hi && end < cue.End+maxClause && text[end] != '\n' {
		end++
	}
	a.ws = clauseWords(a.ws[:0], text, cue.End, end)
	ws := a.ws
	n := 0
	for n < len(ws) && n < 6 {
		n++
		if last := text[ws[n-1].end-1]; last == ',' || last == '.' && !initialBefore(text, ws[n-1].end-1) {
			break
		}
	}
	if n == 0 || !nameLike(text, ws[:n]) {
		return attribution{}
	}
	// Alone on its line, or with a description after a comma.
	if last := text[ws[n-1].end-1]; n < len(ws) && last != ',' {
		return attribution{}
	}
	return attribution{phrase(text, ws[:n]), cue}
}

// after reads an attribution that follows the quotation: `"...," X said.` or
// `"...," said X.`, within the same sentence and before hi.
func (a *attributor) after(q *Quotation, hi, lo int) attribution {
	text := a.text
	partial := !opensSentence(text, lo, q.OuterStart)
	i := skipSpace(text, q.OuterEnd, hi)
	if i < hi {
		switch text[i] {
		case '.', '!', '?', ';':
			return attribution{} // the sentence ended with the quotation
		case ',':
			i++
		}
	}
	end := sentenceEnd(text, i, min(hi, i+maxClause))
	a.ws = clauseWords(a.ws[:0], text, i, end)
	ws := a.ws
	if len(ws) == 0 {
		return attribution{}
	}
	if endsSentence(text[q.Start:q.End]) && capitalized(text[ws[0].start:ws[0].end]) && !shortAttribution(text, ws, end) {
		return attribution{} // a full sentence was quoted; what follows is a new one
	}
	if (coordinators[ws[0].lower] || ws[0].lower == "while" || ws[0].lower == "though" || ws[0].lower == "although") &&
		!commaSubjectCue(text, ws) {
		return attribution{} // `"...," but he also warned`: a clause of its own
	}
	if isCue(ws[0].lower) && !(orgWords[ws[0].lower] && capitalized(text[ws[0].start:ws[0].end])) { // not "Press Secretary"
		return attribution{phraseAfter(text, ws[1:]), cueSpan(text, ws[0])}
	}
	if at := according(text, ws); !at.mention.Empty() {
		return at
	}
	for v := range ws {
		if cueAt(text, ws, v) {
			if v > 0 && v <= 5 && v+1 < len(ws) && strings.HasSuffix(text[ws[v-1].start:ws[v-1].end], ",") &&
				capitalized(text[ws[v+1].start:ws[v+1].end]) && !anyCapitalized(text, ws[:v]) {
				// `"We're happy" about the decision, said RoseAnn DeMoro`
				if sp := phraseAfter(text, ws[v+1:]); !sp.Empty() {
					return attribution{sp, cueSpan(text, ws[v])}
				}
			}
			seg := lastSegment(text, ws[:v])
			sub := nounPhrase(text, seg)
			if badSubject(text, sub) {
				return attribution{}
			}
			// After words quoted inside a sentence only `"...," X said`
			// attributes them, with the speaker right after the quotation,
			// or a clause that ends with ", the lawsuit states".
			if partial && (v > 6 || len(seg) > 0 && seg[0].start != ws[0].start) && !commaSubjectCue(text, ws) {
				return attribution{}
			}
			return attribution{phrase(text, sub), cueSpan(text, ws[v])}
		}
	}
	return attribution{}
}

// cueSpan is the span of the letters of a word (a cue, a pronoun), without
// the punctuation around it.
func cueSpan(text string, w word) Span {
	s, e := w.start, w.end
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if unicode.IsLetter(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if unicode.IsLetter(r) {
			break
		}
		e -= n
	}
	return Span{s, e}
}

// before reads an attribution that leads into the quotation: `X said: "...`,
// `According to X, "...`, `X: "...`, or `X pledged ..., claiming "...`,
// within the sentence and after lo.
func (a *attributor) before(q *Quotation, _, lo int) attribution {
	text := a.text
	start := sentenceStart(text, lo, q.OuterStart)
	a.ws = clauseWords(a.ws[:0], text, start, q.OuterStart)
	ws := a.ws
	if at := according(text, ws); !at.mention.Empty() {
		return at
	}
	// "When Trump suggested a deal, Rubio fired back forcefully:": a name
	// that opens the last clause of a sentence ending with a colon, then
	// its verb, speaks; a cue before that clause belongs to another.
	if n := len(ws); n > 1 && strings.HasSuffix(text[ws[n-1].start:ws[n-1].end], ":") &&
		skipSpace(text, start, q.OuterStart) == skipSpace(text, sentenceStart(text, 0, q.OuterStart), q.OuterStart) {
		if cl := clauseOf(text, ws); !anyCue(text, ws, n-len(cl)) {
			if sp := colonSubject(text, cl); !sp.Empty() {
				return attribution{sp, Span{ws[n-1].end - 1, ws[n-1].end}}
			}
		}
	}
	for v := len(ws) - 1; v >= 0; v-- {
		w := ws[v]
		if cueAt(text, ws, v) {
			if v == 0 && len(ws) > 1 {
				// `Said Comey, "..."`
				if sp := phraseAfter(text, ws[1:]); !sp.Empty() {
					return attribution{sp, cueSpan(text, w)}
				}
			}
			if k := v + 1 + nameRunTo(text, ws[v+1:]); v > 0 && k > v+1 && k < len(ws) &&
				strings.HasSuffix(text[ws[v-1].start:ws[v-1].end], ",") && strings.HasSuffix(text[ws[k-1].start:ws[k-1].end], ",") {
				// `The paradox, says Carl Anthony, a historian, is that she
				// was "...`: the cue set between commas, its speaker after it.
				if sp := phraseAfter(text, ws[v+1:]); !sp.Empty() {
					return attribution{sp, cueSpan(text, w)}
				}
			}
			// `said Sen. Jane Roe:`, not `Roe told Fox News:`, whose name
			// after the cue is who was told.
			if rest := ws[v+1:]; len(rest) > 0 && len(rest) <= 6 && !tellForms[w.lower] && titledName(text, rest) &&
				strings.HasSuffix(text[rest[len(rest)-1].start:rest[len(rest)-1].end], ":") {
				return attribution{phrase(text, rest), cueSpan(text, w)}
			}
			if v >= 2 && ws[v-1].lower == "to" && isCue(ws[v-2].lower) {
				v, w = v-2, ws[v-2] // "interjected to say:"
			}
			sub := subjectBefore(text, ws[:v])
			if bareSubject(text, sub) {
				return attribution{}
			}
			return attribution{phrase(text, sub), cueSpan(text, w)}
		}
		if participles[w.lower] && !capitalized(text[w.start:w.end]) && (v == 0 || !determiners[ws[v-1].lower]) {
			for k := v - 1; k >= 0 && k >= v-7; k-- {
				if ws[k].lower == "with" && k+1 < v && (nameRun(text, ws[k+1:v]) == v-k-1 || v == k+2 && pronounWords[ws[k+1].lower]) {
					// ", with Donald Trump tweeting that it was a "..."
					return attribution{phrase(text, ws[k+1:v]), cueSpan(text, w)}
				}
			}
			return attribution{subject(text, clauseOf(text, ws[:v])), cueSpan(text, w)}
		}
	}
	// "She offered up this sound bite: "...": a sentence whose subject
	// opens it and ends with a colon before the quotation.
	if n := len(ws); n > 0 && strings.HasSuffix(text[ws[n-1].start:ws[n-1].end], ":") && skipSpace(text, start, q.OuterStart) == skipSpace(text, sentenceStart(text, 0, q.OuterStart), q.OuterStart) {
		if pronounWords[ws[0].lower] && ws[0].lower != "it" && ws[0].lower != "you" && ws[0].lower != "we" {
			return attribution{cueSpan(text, ws[0]), Span{ws[n-1].end - 1, ws[n-1].end}}
		}
	}
	// "IOWA POLLS WERE EARLY - Mark Blumenthal:" and "More from Jones:": a
	// name after a dash that ends the lead-in, the form of a digest.
	if sp := dashedName(text, ws); !sp.Empty() {
		last := ws[len(ws)-1]
		return attribution{sp, Span{last.end - 1, last.end}}
	}
	// "Sanders credited Clinton's victory to "a closed primary"": words
	// quoted in a sentence whose subject, a name or a pronoun, opens it.
	if ws := ws; len(ws) >= 2 && skipSpace(text, start, q.OuterStart) == skipSpace(text, sentenceStart(text, 0, q.OuterStart), q.OuterStart) {
		n := len(ws)
		// "Last year, he played down Trump's comments as "...": past a
		// short adverbial opening.
		for k := 0; k < 3 && k+2 < n; k++ {
			if strings.HasSuffix(text[ws[k].start:ws[k].end], ",") {
				if nameRun(text, ws[k+1:]) > 0 || pronounWords[ws[k+1].lower] {
					ws, n = ws[k+1:], n-k-1
				}
				break
			}
		}
		if pronounWords[ws[0].lower] && ws[0].lower != "it" && ws[0].lower != "you" && ws[0].lower != "we" && ws[0].lower != "i" &&
			!capitalized(text[ws[1].start:ws[1].end]) {
			return attribution{cueSpan(text, ws[0]), Span{}}
		}
		k := nameRun(text, ws)
		j := k // past "has", "also", "increasingly": "Clinton has increasingly decried"
		for j > 0 && j < n-1 && j < k+2 && (fillers[ws[j].lower] || strings.HasSuffix(ws[j].lower, "ly")) {
			j++
		}
		if k > 0 && j < n && verbLike(text, ws[j]) {
			return attribution{phrase(text, ws[:k]), Span{}}
		}
		// "In the depths of the recession, Paul Ryan worried that the net
		// was becoming "...": the subject of the sentence's last clause.
		if cl := clauseOf(text, ws); len(cl) < n && !anyCue(text, cl, 0) {
			if sp := colonSubject(text, cl); !sp.Empty() {
				return attribution{sp, Span{}}
			}
		}
	}
	// "Wessler: "The right ..." and "Mr. Trump in a tweet: "..."
	if n := len(ws); n > 0 && n <= 6 {
		last := ws[n-1]
		if text[last.end-1] == ':' && capitalized(text[ws[0].start:ws[0].end]) {
			sp := phrase(text, ws)
			if !sp.Empty() {
				return attribution{sp, Span{last.end - 1, last.end}}
			}
		}
	}
	return attribution{}
}

// shortAttribution reports whether the sentence ws, which follows a quoted
// full sentence, is an attribution of it and nothing more: a short subject
// and a cue that ends the sentence or is followed by where or when
// (`"Why not?" Trump said on Monday.`), not `Jane Roe said nothing more.`
func shortAttribution(text string, ws []word, end int) bool {
	for v := 0; v < len(ws) && v <= 6; v++ {
		if !cueAt(text, ws, v) && !(v == 0 && isCue(ws[v].lower)) {
			continue
		}
		if v+1 == len(ws) {
			return end < len(text) && text[end] == '.' || end == len(text)
		}
		next := ws[v+1].lower
		if nounPhraseStops[next] || next == "of" || strings.HasSuffix(text[ws[v].start:ws[v].end], ",") ||
			v == 0 && capitalized(text[ws[1].start:ws[1].end]) {
			return true
		}
		// `"Why not?" Trump asked reporters.`, not `Jane Roe said nothing more.`
		return v > 0 && v <= 4 && (nameLike(text, ws[:v]) || pronounWords[ws[0].lower]) && !objectWords[next]
	}
	return false
}

// cueAt reports whether ws[v] is a cue verb used as one: not a noun ("the
// report", "Post's"), not inside a subordinate or passive phrase ("when
// asked", "was told").
func cueAt(text string, ws []word, v int) bool {
	w := ws[v]
	if !isCue(w.lower) {
		return false
	}
	raw := text[w.start:w.end]
	if capitalized(raw) && (v > 0 || orgWords[w.lower]) || possessive(raw) { // not "Press Secretary"
		return false
	}
	if strings.HasPrefix(w.lower, "put") && (v+1 >= len(ws) || ws[v+1].lower != "it") {
		return false // "as X put it:", not "put on hold"
	}
	if v > 0 {
		prev := ws[v-1]
		if determiners[prev.lower] || possessive(text[prev.start:prev.end]) || notCueAfter[prev.lower] {
			return false
		}
		// "to counter" is an infinitive, "went on to say" an attribution.
		if prev.lower == "to" && !(v >= 2 && (ws[v-2].lower == "on" || isCue(ws[v-2].lower))) {
			return false
		}
	}
	return true
}

// anyCue reports whether a cue stands among ws[from:].
func anyCue(text string, ws []word, from int) bool {
	for v := from; v < len(ws); v++ {
		if cueAt(text, ws, v) {
			return true
		}
	}
	return false
}

// quantifiers open a description of people that has no determiner: "one
// aide", "most", "another", "about four in 10".
var quantifiers = set("one", "another", "most", "many", "some", "several", "few", "both", "all", "half",
	"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

// bareSubject reports whether ws, the words found before a cue, hold no
// name and no description: no capital, no pronoun, determiner, quantifier
// or title to open them, and no head of a description ("legal history
// noted", "you can't yell", "typically called"). Such words are the end of
// the writer's clause, cut in the wrong place, more often than a speaker,
// and a wrong speaker costs more than none.
func bareSubject(text string, ws []word) bool {
	if len(ws) == 0 {
		return false
	}
	w0 := ws[0].lower
	if pronounWords[w0] && w0 != "you" || determiners[w0] || quantifiers[w0] || titles[w0] || w0 == "who" || w0 == "which" {
		return false
	}
	for _, w := range ws {
		if capitalized(text[w.start:w.end]) || descriptionHeads[w.lower] {
			return false
		}
	}
	return true
}

// tellForms are the cues whose object is the listener, not the speaker.
var tellForms = set("tell", "tells", "telling", "told")
