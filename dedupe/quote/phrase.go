package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reading who a phrase names: the noun phrase before or after a cue, a
// name and its apposition, the subject of a clause.

// nameRun returns how many words at the start of ws name someone: a run
// of capitalized words, titles and initials included, or 0.
func nameRun(text string, ws []word) int {
	n := 0
	for n < len(ws) && n < 6 && (capitalized(text[ws[n].start:ws[n].end]) || n > 0 && nameParticles[ws[n].lower]) {
		n++
		if strings.HasSuffix(text[ws[n-1].start:ws[n-1].end], ",") {
			return 0
		}
	}
	if n == 0 || notNames[ws[0].lower] || smallWords[ws[0].lower] {
		return 0
	}
	return n
}

// nameRunTo returns how many capitalized words open ws, the last of them
// ending with a comma included ("Carl Anthony," of "Carl Anthony, a
// historian"), or 0.
func nameRunTo(text string, ws []word) int {
	n := 0
	for n < len(ws) && n < 6 && capitalized(text[ws[n].start:ws[n].end]) {
		n++
		if strings.HasSuffix(text[ws[n-1].start:ws[n-1].end], ",") {
			if notNames[ws[0].lower] || smallWords[ws[0].lower] {
				return 0
			}
			return n
		}
	}
	return 0
}

func anyCapitalized(text string, ws []word) bool {
	for _, w := range ws {
		if capitalized(text[w.start:w.end]) {
			return true
		}
	}
	return false
}

// lastSegment keeps the words after the last comma: the subject of "to
// demonstrating any of this, the lawsuit states" is "the lawsuit". When
// the segments after a name describe it ("Seth Waxman, the lawyer for
// Twitter,", "Ramos, 58,", "Lemkin, who coined the word, once") the name
// and its description are the speaker.
func lastSegment(text string, ws []word) []word {
	var cuts [8]int // where each comma segment starts, the last few
	segs := cuts[:1]
	for i, w := range ws[:max(len(ws)-1, 0)] {
		if strings.HasSuffix(text[w.start:w.end], ",") {
			if len(segs) == len(cuts) {
				copy(segs, segs[1:])
				segs = segs[:len(segs)-1]
			}
			segs = append(segs, i+1)
		}
	}
	last := len(segs) - 1
	i, asides, relative := last, true, false
	for i > 0 {
		seg := ws[segs[i]:segOf(segs, i, len(ws))]
		if appositive(text, seg) {
			asides = false
			relative = relative || seg[0].lower == "who" || seg[0].lower == "which"
		} else if !allFillers(seg) && !aside(seg) || i == last && len(seg) > 4 && !strings.HasSuffix(seg[0].lower, "ing") {
			// The clause right before the cue holds its subject unless it
			// is a short aside ("for example"): "while a third would be
			// what Sroka called".
			break
		}
		i--
	}
	switch {
	case i < last && (nameLike(text, ws[segs[i]:segs[i+1]]) || relative && nounPhraseStart(text, ws[segs[i]])):
		end := len(ws)
		if allFillers(ws[segs[last]:]) || aside(ws[segs[last]:]) {
			end = segs[last]
		}
		return ws[segs[i]:end]
	case i < last && asides:
		// "The definition, for example, said"
		return ws[segs[i]:segs[i+1]]
	}
	return ws[segs[last]:]
}

// aside reports whether a comma segment is a parenthetical between a
// subject and its verb: "for example", "in a statement", "however".
func aside(seg []word) bool {
	if len(seg) > 0 && subordinators[seg[0].lower] {
		return true
	}
	if len(seg) > 0 && strings.HasSuffix(seg[0].lower, "ing") {
		return true // "Durbin, noting the size of the list, said"
	}
	return len(seg) > 0 && len(seg) <= 5 && (nounPhraseStops[seg[0].lower] && !coordinators[seg[0].lower] || seg[0].lower == "for")
}

func allFillers(ws []word) bool {
	for _, w := range ws {
		if !fillers[w.lower] && !(len(w.lower) > 4 && strings.HasSuffix(w.lower, "ly")) {
			return false
		}
	}
	return true
}

// appositive reports whether a comma segment describes the name before it:
// it opens with an article, a relative pronoun or a title in lower case,
// or it is an age or a party and state ("58", "R-Ky.").
func appositive(text string, seg []word) bool {
	if len(seg) == 0 {
		return false
	}
	w := seg[0].lower
	raw := text[seg[0].start:seg[0].end]
	if len(seg) == 1 && (isNumber(w) || partyTag(raw) || shortTitles[strings.TrimRight(raw, ".,")] || notOrganizations[w]) {
		return true // "Ramos, 58,", "McConnell, R-Ky.,", "of Flint, Mich.,"
	}
	if w == "of" || w == "from" {
		return true // "Cory James, 22, of Flint"
	}
	if capitalized(raw) {
		// "Palestinian Minister for Jerusalem Affairs": a title in capitals.
		for k := 1; k < len(seg) && k < 4; k++ {
			if titles[strings.TrimSuffix(seg[k].lower, ".")] && seg[k].lower != "the" {
				return true
			}
			if !capitalized(text[seg[k].start:seg[k].end]) {
				break
			}
		}
		return false
	}
	return w == "the" || w == "a" || w == "an" || w == "who" || w == "which" || w == "whose" || w == "now" ||
		w == "former" || descriptionHeads[w] || titles[w]
}

// nameLike reports whether ws could be a name: every word capitalized but
// for small linking words, the first not a preposition or an adverb.
func nameLike(text string, ws []word) bool {
	if len(ws) == 0 || len(ws) > 8 || nounPhraseStops[ws[0].lower] || fillers[ws[0].lower] || notSpeakers[ws[0].lower] {
		return false
	}
	for _, w := range ws {
		if !capitalized(text[w.start:w.end]) && !smallWords[w.lower] && !nameParticles[w.lower] {
			return false
		}
	}
	return true
}

// titledName reports whether ws is a name with its titles: "CBS
// moderator Nancy Cordes".
func titledName(text string, ws []word) bool {
	if len(ws) == 0 || !capitalized(text[ws[len(ws)-1].start:ws[len(ws)-1].end]) {
		return false
	}
	for _, w := range ws {
		if !capitalized(text[w.start:w.end]) && !titles[strings.TrimSuffix(w.lower, ".")] && !descriptionHeads[w.lower] && !nameParticles[w.lower] {
			return false
		}
	}
	return true
}

// badSubject reports whether the words before a cue are a clause rather
// than who spoke: "claiming that he is responsible for the primary states".
func badSubject(text string, ws []word) bool {
	if len(ws) == 0 {
		return true
	}
	if first := text[ws[0].start:ws[0].end]; !capitalized(first) && strings.HasSuffix(ws[0].lower, "ing") {
		return true
	}
	for _, w := range ws {
		switch w.lower {
		case "that", "is", "are", "was", "were", "it", "be":
			return true
		}
	}
	return false
}

// subjectBefore returns who speaks in the words before a cue: a pronoun
// right before it ("at the town hall she said"), else the name and its
// apposition of the last clause ("Clinton, who called Sanders after the
// winner was declared, told"), else the subject of the last clause that
// opens inside it ("the applause came when he said").
func subjectBefore(text string, ws []word) []word {
	if n := len(ws); n > 0 && pronounWords[ws[n-1].lower] && ws[n-1].lower != "you" {
		return ws[n-1:]
	}
	// "Beck, who has in the past described Trump as": the relative pronoun
	// speaks for the name before it.
	for i := len(ws) - 1; i > 0 && i >= len(ws)-6; i-- {
		if (ws[i].lower == "who" || ws[i].lower == "which") && strings.HasSuffix(text[ws[i-1].start:ws[i-1].end], ",") &&
			!anyComma(text, ws[i:]) && !anyCapitalized(text, ws[i+1:]) {
			return ws[i : i+1]
		}
	}
	seg := lastSegment(text, ws)
	if len(seg) > 1 && strings.HasSuffix(text[seg[0].start:seg[0].end], ",") || len(seg) > 2 && nameLike(text, seg[:2]) && strings.HasSuffix(text[seg[1].start:seg[1].end], ",") {
		return nounPhrase(text, seg) // a name and its apposition
	}
	return nounPhrase(text, afterRelative(seg))
}

// afterRelative keeps the subject of a relative clause that holds the
// cue: "a system that a Corps brochure describes as".
func afterRelative(ws []word) []word {
	for i := len(ws) - 1; i >= 0; i-- {
		if clauseOpeners[ws[i].lower] || dash(ws[i].lower) {
			if i+1 < len(ws) {
				return ws[i+1:]
			}
			break
		}
	}
	return ws
}

// nounPhrase cuts a subject at the first word that cannot belong to a name
// or a description: an auxiliary, an adverb or a verb ("The email goes on
// to say", "Raphael Lemkin once said"). Leading fillers are dropped first.
func nounPhrase(text string, ws []word) []word {
	for len(ws) > 1 && (fillers[ws[0].lower] || nounPhraseStops[ws[0].lower] || notCueAfter[ws[0].lower]) {
		ws = ws[1:]
	}
	for i := 1; i < len(ws); i++ {
		if fillers[ws[i].lower] || nounPhraseStops[ws[i].lower] && !affiliation[ws[i].lower] ||
			cueAt(text, ws, i) || verbLike(text, ws[i]) && !determiners[ws[i-1].lower] {
			return ws[:i]
		}
	}
	return ws
}

// phrase returns the span of the speaker named by ws, trimmed of
// punctuation, or an empty span for a function word or a phrase too long to
// be a name.
func phrase(text string, ws []word) Span {
	for len(ws) > 0 && ws[0].lower == "" {
		ws = ws[1:]
	}
	for len(ws) > 0 && ws[len(ws)-1].lower == "" {
		ws = ws[:len(ws)-1]
	}
	// An article alone ("The 60-second ad ends with a voice saying") is what
	// is left of a subject cut too short, never a speaker.
	if len(ws) == 0 || len(ws) > 16 || len(ws) == 1 && (notSpeakers[ws[0].lower] && !relativeAfterComma(text, ws[0]) || articles[ws[0].lower]) {
		return Span{}
	}
	s, e := ws[0].start, ws[len(ws)-1].end
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ')' || r == '.' && abbreviation(text[s:e]) {
			break
		}
		e -= n
	}
	return Span{s, e}
}

// abbreviation reports whether s ends with an abbreviation whose dot
// belongs to it: "Jr.", "U.S.", "Inc.".
func abbreviation(s string) bool {
	i := strings.LastIndexAny(s, " \t\n")
	w := strings.ToLower(s[i+1:])
	switch w {
	case "jr.", "sr.", "inc.", "co.", "corp.", "ltd.":
		return true
	}
	return len(w) >= 4 && w[len(w)-3] == '.' // "u.s."
}

// phraseAfter takes the noun phrase at the start of ws: "ACLU attorney
// Nathan Freed Wessler" of "ACLU attorney Nathan Freed Wessler in a
// statement", with an apposition that follows a comma ("said Jane Roe, the
// group's lawyer").
func phraseAfter(text string, ws []word) Span {
	n := 0
	for n < len(ws) && !nounPhraseStops[ws[n].lower] && !cueAt(text, ws, n) { // "a State Department official", "a report"
		n++
		if strings.HasSuffix(text[ws[n-1].start:ws[n-1].end], ",") {
			break
		}
	}
	// An apposition after the name describes it: "said Sen. Maria
	// Alvarez, a Democrat from Ohio".
	if n > 0 && n < len(ws) && strings.HasSuffix(text[ws[n-1].start:ws[n-1].end], ",") && nameLike(text, nounPhrase(text, ws[:n])) && appositive(text, ws[n:]) &&
		ws[n].lower != "who" && ws[n].lower != "which" {
		m := n
		for m < len(ws) && m < n+10 && !cueAt(text, ws, m) {
			m++
			if strings.HasSuffix(text[ws[m-1].start:ws[m-1].end], ",") {
				break
			}
		}
		n = m
	}
	return phrase(text, ws[:n])
}

// subject takes the sentence's leading noun phrase: up to its last
// capitalized word before the first word that ends it ("Republican
// presidential candidate Donald Trump quickly took to Twitter, writing"), or
// a pronoun ("He went on to endorse Ayotte, calling her").
func subject(text string, ws []word) Span {
	for len(ws) > 0 && !capitalized(text[ws[0].start:ws[0].end]) && !pronounWords[ws[0].lower] {
		ws = ws[1:] // a dateline or header before the sentence proper
	}
	if len(ws) > 0 && pronounWords[ws[0].lower] {
		return phrase(text, ws[:1])
	}
	for len(ws) > 1 && (fillers[ws[0].lower] || coordinators[ws[0].lower]) {
		ws = ws[1:] // "Yet she didn't ..."
	}
	if len(ws) > 0 && pronounWords[ws[0].lower] {
		return phrase(text, ws[:1])
	}
	n, lastCap := 0, 0
	for n < len(ws) && n < 10 {
		w := ws[n]
		if n > 0 && (fillers[w.lower] || nounPhraseStops[w.lower] && !affiliation[w.lower] || notSpeakers[w.lower] ||
			verbLike(text, w) && !determiners[ws[n-1].lower] || isCue(w.lower) && !capitalized(text[w.start:w.end])) {
			break
		}
		// A lower-case word before an article is a verb and its object:
		// "Twitter defied a U.S. government request".
		if n > 0 && n+1 < len(ws) && !capitalized(text[w.start:w.end]) && determiners[ws[n+1].lower] && !affiliation[w.lower] {
			break
		}
		n++
		if capitalized(text[w.start:w.end]) {
			lastCap = n
		}
		if strings.HasSuffix(text[w.start:w.end], ",") {
			break
		}
	}
	if n < len(ws) && n <= 6 && (verbLike(text, ws[n]) || fillers[ws[n].lower] || isCue(ws[n].lower)) {
		lastCap = n // the whole noun phrase before its verb: "The town released"
	}
	return phrase(text, ws[:lastCap])
}

// nounPhraseStart reports whether a word can open the noun phrase of a
// speaker: an article, a capital or a possessive ("A Warren adviser, who
// spoke on condition of anonymity, said").
func nounPhraseStart(text string, w word) bool {
	return w.lower == "a" || w.lower == "an" || w.lower == "the" || capitalized(text[w.start:w.end]) && !notNames[w.lower] && !nounPhraseStops[w.lower]
}

func anyComma(text string, ws []word) bool {
	for _, w := range ws {
		if strings.HasSuffix(text[w.start:w.end], ",") {
			return true
		}
	}
	return false
}

// relativeAfterComma reports whether w is "who" or "which" right after a
// comma: a pronoun whose antecedent is the name before the comma.
func relativeAfterComma(text string, w word) bool {
	if w.lower != "who" && w.lower != "which" {
		return false
	}
	i := w.start
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	return i > 0 && text[i-1] == ','
}

// colonSubject returns the name that opens a clause ending with a colon
// before a quotation, when the word after it (past adverbs and
// auxiliaries) is its verb: "Rubio fired back forcefully:", "President
// Clinton released the following statement:". A clause that opens with
// anything but a name ("The timing doesn't surprise X:") names no one.
func colonSubject(text string, ws []word) Span {
	for len(ws) > 1 && coordinators[ws[0].lower] {
		ws = ws[1:]
	}
	k := titledRun(text, ws)
	if k == 0 || k >= len(ws) || possessive(text[ws[k-1].start:ws[k-1].end]) {
		return Span{}
	}
	if auxiliaries[ws[k].lower] {
		return phrase(text, ws[:k]) // "Clinton has since apologized for it:"
	}
	j := k
	for j < len(ws)-1 && j < k+3 && (fillers[ws[j].lower] || strings.HasSuffix(ws[j].lower, "ly")) {
		j++
	}
	if w := ws[j]; !verbLike(text, w) && !isCue(w.lower) && !colonVerbs[w.lower] {
		return Span{}
	}
	return phrase(text, ws[:k])
}

// titledRun returns how many words at the start of ws name someone with
// the titles before the name in lower case ("Republican presidential
// nominee Donald Trump"), ending with a capitalized word, or 0.
func titledRun(text string, ws []word) int {
	if nameRun(text, ws) == 0 {
		return 0
	}
	n, last := 0, 0
	for n < len(ws) && n < 8 {
		raw := text[ws[n].start:ws[n].end]
		if capitalized(raw) {
			last = n + 1
		} else if !titles[strings.TrimSuffix(ws[n].lower, ".")] && !descriptionHeads[ws[n].lower] && !nameParticles[ws[n].lower] &&
			!titleModifiers[ws[n].lower] {
			break
		}
		n++
		if strings.HasSuffix(raw, ",") {
			return 0
		}
	}
	return last
}

// dashedName returns the name after the last dash of a lead-in that ends
// with a colon, "More from" dropped: "... - Philip Bump:", "- More from
// the report:". Only a short name or a description with an article is
// taken, so a dash inside a sentence ("Trump ― cast the blame:") names no one.
func dashedName(text string, ws []word) Span {
	n := len(ws)
	if n < 2 || !strings.HasSuffix(text[ws[n-1].start:ws[n-1].end], ":") {
		return Span{}
	}
	d := -1
	for i := n - 2; i >= 0 && i >= n-8; i-- {
		if dash(ws[i].lower) {
			d = i
			break
		}
	}
	if d < 0 {
		return Span{}
	}
	rest := ws[d+1:]
	for len(rest) > 1 && digestLeads[rest[0].lower] {
		rest = rest[1:]
	}
	if len(rest) == 0 || len(rest) > 6 {
		return Span{}
	}
	if !nameLike(text, rest) && !(len(rest) <= 3 && (rest[0].lower == "the" || rest[0].lower == "a")) {
		return Span{}
	}
	return phrase(text, rest)
}

// namesSomeone reports whether a mention read as a speaker can name one: not
// a clause that a cue was misread in ("came", "formed the name", "arrived at
// a"), which opens with a verb in the past in lower case followed by nothing,
// an article or a preposition ("undecided voter Rosa Diaz" is a noun
// phrase).
func namesSomeone(text string, m Span) bool {
	var buf [16]word
	ws := clauseWords(buf[:0], text, m.Start, m.End)
	if len(ws) == 0 {
		return false
	}
	return !verbLike(text, ws[0]) || len(ws) > 1 && !determiners[ws[1].lower] && !nounPhraseStops[ws[1].lower]
}

// articles open a noun phrase and never stand for one.
var articles = set("a", "an", "the")
