package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxClause bounds how far around a quotation its attribution is looked for.
const maxClause = 240

// cues are the verbs that attribute a quotation ("X said", "said X", "X
// wrote"), each in all its forms but the participle.
var cues = verbForms("say", "tell", "tweet", "write", "argue", "state", "add", "claim", "explain", "note",
	"post", "announce", "insist", "warn", "ask", "reply", "allege", "assert", "declare", "report", "stress",
	"testify", "continue", "contend", "acknowledge", "admit", "recall", "remark", "observe", "predict",
	"promise", "vow", "conclude", "concede", "complain", "joke", "quip", "respond", "counter", "lament",
	"boast", "emphasize", "reiterate", "scoff", "shout", "yell", "urge", "caution", "recount", "tout",
	"suggest", "charge", "retort", "muse", "mutter", "exclaim", "whisper", "confirm", "deny", "agree",
	"proclaim", "pledge", "reason", "interject", "chime", "concur", "elaborate", "opine", "call", "describe",
	"chant", "read", "tease", "plead", "demand", "blast", "slam", "praise", "dismiss", "answer", "cry",
	"scream", "sing", "inform", "assure", "advise", "recommend", "define", "criticize", "lambaste",
	"condemn", "characterize", "accuse", "dub", "label", "term", "brand", "react", "question", "wonder",
	"shoot", "confess", "remember", "point", "retaliate", "vent", "gush", "rail", "chide", "mock", "scold",
	"lecture", "rebut", "jab", "snap", "put", "press", "fume", "beam", "echo", "interrupt", "repeat", "marvel",
	"gripe", "grumble", "sigh", "bemoan", "decry", "speculate", "preach", "exult", "rant")

// participles introduce a quotation whose speaker is the sentence's subject:
// "The ACLU pledged to join the fight, claiming it will "...".
var participles = func() map[string]bool {
	m := map[string]bool{}
	for w := range cues {
		if strings.HasSuffix(w, "ing") {
			m[w] = true
		}
	}
	return m
}()

// irregular holds the past forms that are not base+"ed".
var irregular = map[string][]string{
	"say": {"said"}, "tell": {"told"}, "write": {"wrote"}, "testify": {"testified"},
	"reply": {"replied"}, "deny": {"denied"}, "decry": {"decried"}, "chime": {"chimed"}, "shoot": {"shot"}, "chide": {"chided"}, "put": {"put"},
}

// doubled verbs double their last consonant before -ed and -ing.
var doubled = set("admit", "quip", "slam", "rebut", "chat", "jab", "snap")

// verbForms returns every form of each regular English verb: base, third
// person, past and participle ("argue", "argues", "argued", "arguing").
func verbForms(verbs ...string) map[string]bool {
	m := map[string]bool{}
	defer func() {
		for w := range m {
			foldable(w)
		}
	}()
	for _, v := range verbs {
		m[v] = true
		stem := strings.TrimSuffix(v, "e")
		switch {
		case strings.HasSuffix(v, "y") && !strings.HasSuffix(v, "ay"):
			m[v[:len(v)-1]+"ies"] = true
		case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "o"):
			m[v+"es"] = true
		default:
			m[v+"s"] = true
		}
		if doubled[v] {
			stem = v + v[len(v)-1:] // "admitted", "slamming"
		}
		if past, ok := irregular[v]; ok {
			for _, p := range past {
				m[p] = true
			}
		} else {
			m[stem+"ed"] = true
		}
		m[stem+"ing"] = true
	}
	return m
}

// isCue: a cue verb in a finite form (participles lead into a quotation
// differently).
func isCue(w string) bool { return cues[w] && !participles[w] }

// nounPhraseStops end a speaker named after its verb: "said X in a statement".
var nounPhraseStops = set("in", "on", "at", "to", "who", "which", "that", "during", "after", "before",
	"when", "while", "told", "said", "says", "and", "but", "as", "via", "from", "about", "of", "because",
	"if", "though", "although", "last", "this", "earlier", "later", "then", "adding", "saying",
	"referring", "speaking", "according", "with", "by", "for", "yesterday", "today", "tuesday", "monday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "tonight", "recently", "previously")

// pronounWords are the pronouns an attribution may name instead of a name:
// the speaker is then whom they refer to.
var pronounWords = set("he", "she", "it", "they", "we", "i", "you")

// notSpeakers are words that are no speaker on their own: "this said", "As
// noted in the complaint".
var notSpeakers = set("this", "that", "who", "as", "also", "and", "but", "however", "then", "which", "what",
	"there", "here", "so", "one", "some", "many", "others", "both", "all", "each", "not", "never", "has",
	"had", "have", "was", "is", "be", "been", "would", "could", "should", "will", "can", "may", "might")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
		foldable(w)
	}
	return m
}

// lowerOf maps the capitalized and upper-case spellings of every word of
// the package's word lists to the word: lowerBare reads "Said" as "said"
// without allocating. A capitalized word that no list holds keeps its case,
// which changes no lookup: its lower case is in no list either.
var lowerOf = map[string]string{}

// foldable enters w in lowerOf.
func foldable(w string) {
	if w == "" || strings.ToLower(w) != w {
		return
	}
	lowerOf[strings.ToUpper(w[:1])+w[1:]] = w
	lowerOf[strings.ToUpper(w)] = w
}

// Span is a byte range of the text; empty (Start == End) when there is none.
type Span struct{ Start, End int }

// Empty reports whether the span holds nothing.
func (s Span) Empty() bool { return s.End <= s.Start }

// word is a word of a clause: its span and its lower-case form without
// surrounding punctuation.
type word struct {
	start, end int
	lower      string
}

// clauseWords appends the words of text[start:end], split at white space,
// to ws.
func clauseWords(ws []word, text string, start, end int) []word {
	i := start
	for i < end {
		for i < end {
			c := text[i]
			if c < utf8.RuneSelf {
				if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
					break
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[i:end])
			if !unicode.IsSpace(r) {
				break
			}
			i += n
		}
		j := i
		for j < end {
			c := text[j]
			if c < utf8.RuneSelf {
				if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
					break
				}
				j++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[j:end])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		if j > i {
			ws = append(ws, word{i, j, lowerBare(text[i:j])})
		}
		i = j
	}
	return ws
}

// lowerBare returns w without surrounding punctuation and a possessive
// ending, in lower case if it is a word of the package's lists (lowerOf);
// it never allocates.
func lowerBare(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, suf := range [...]string{"'s", "’s"} {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) {
			w = w[:len(w)-len(suf)]
		}
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			if l, ok := lowerOf[w]; ok {
				return l
			}
			return w
		}
	}
	return w
}

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

// commaAfter reports whether a comma ends the quotation, inside its marks
// or right after them: `... "will assuage fears," the senator said`.
func commaAfter(text string, q *Quotation) bool {
	quoted := strings.TrimRight(text[q.Start:q.End], " ")
	return strings.HasSuffix(quoted, ",") || q.OuterEnd < len(text) && text[q.OuterEnd] == ','
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

// cueSpan is the span of the letters of a cue word, without the
// punctuation around it.
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

// endsSentence: the quoted words end with a sentence mark.
func endsSentence(quoted string) bool {
	quoted = strings.TrimRight(quoted, " ,")
	return strings.HasSuffix(quoted, ".") || strings.HasSuffix(quoted, "?") || strings.HasSuffix(quoted, "!")
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

// coordinators join clauses that have subjects of their own: "The crowd
// cheers, and then Wallnau continues".
var coordinators = set("and", "but", "so", "yet", "or", "then")

// subordinators open a clause set between a subject and its verb: "Ted
// Cruz, when asked what was wrong, responded".
var subordinators = set("when", "while", "after", "before", "as", "if", "though", "although", "because",
	"since", "unless", "whereas", "in", "speaking", "asked", "pressed", "responding", "referring")

// verbLike reports whether a word after a subject is its verb rather than
// part of it: a past tense in lower case ("shrugged", "took").
func verbLike(text string, w word) bool {
	if capitalized(text[w.start:w.end]) {
		return false
	}
	return strings.HasSuffix(w.lower, "ed") && len(w.lower) > 4 && !edNouns[w.lower] || pastTenses[w.lower]
}

// edNouns end in "ed" but describe a speaker: "a retired general".
var edNouns = set("retired", "unnamed", "elected", "appointed", "named", "based", "owned", "related",
	"registered", "married", "concerned", "unidentified", "alleged", "embattled", "renowned", "noted",
	"respected", "armed", "united", "red", "hundred", "self-described", "so-called", "indicted", "detained")

var pastTenses = set("took", "made", "gave", "spoke", "won", "ran", "came", "got", "left", "met", "sent",
	"held", "kept", "put", "sat", "stood", "thought", "knew", "felt", "found", "brought", "began", "became",
	"drew", "hit", "let", "set", "saw", "went", "led", "lost", "paid", "heard", "struck", "sought", "fought")

// segOf returns where segment i of those starting at segs ends.
func segOf(segs []int, i, n int) int {
	if i+1 < len(segs) {
		return segs[i+1]
	}
	return n
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

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// partyTag: "R-Ky.", "D-N.Y.", "R-Fla".
func partyTag(w string) bool {
	w = strings.TrimRight(w, ",.")
	return len(w) >= 3 && (w[0] == 'R' || w[0] == 'D' || w[0] == 'I') && w[1] == '-'
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

var nameParticles = set("de", "van", "von", "der", "al", "bin", "la", "le", "du", "da", "del")

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
			if rest := ws[v+1:]; len(rest) > 0 && len(rest) <= 6 && titledName(text, rest) &&
				strings.HasSuffix(text[rest[len(rest)-1].start:rest[len(rest)-1].end], ":") {
				return attribution{phrase(text, rest), cueSpan(text, w)}
			}
			if v >= 2 && ws[v-1].lower == "to" && isCue(ws[v-2].lower) {
				v, w = v-2, ws[v-2] // "interjected to say:"
			}
			return attribution{phrase(text, subjectBefore(text, ws[:v])), cueSpan(text, w)}
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
			return attribution{Span{ws[0].start, ws[0].start + len(ws[0].lower)}, Span{ws[n-1].end - 1, ws[n-1].end}}
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
			return attribution{Span{ws[0].start, ws[0].start + len(ws[0].lower)}, Span{}}
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

// objectWords after a cue make it a verb of the writer's sentence rather
// than an attribution: "said nothing", "said that".
var objectWords = set("nothing", "that", "it", "so", "this", "little", "much", "something", "anything",
	"no", "yes", "goodbye", "hello", "grace", "a", "the", "his", "her", "their", "its")

// commaSubjectCue reports whether the clause ends with ", X said": a
// subject of at most four words after a comma, then a cue, then the end
// or a comma ("and donations began to pick up, Gilbert said").
func commaSubjectCue(text string, ws []word) bool {
	for v := len(ws) - 1; v > 0 && v >= len(ws)-3; v-- {
		if !cueAt(text, ws, v) {
			continue
		}
		for k := v - 1; k >= 0 && k >= v-5; k-- {
			if strings.HasSuffix(text[ws[k].start:ws[k].end], ",") {
				return k < v-1
			}
		}
	}
	return false
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

// clauseOpeners open the clause whose subject speaks: "the applause came
// when he said", "a system that a brochure describes as".
var clauseOpeners = set("that", "which", "when", "as", "where", "while", "because", "after", "before",
	"whom", "once", "since", "until", "whereas", "what")

// dash reports whether a word is a dash standing alone (its lower form is
// empty of letters): "Trump ― cast the blame".
func dash(lower string) bool { return lower == "" }

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

// determiners before a cue word make it a noun: "a report", "his post".
var determiners = set("a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "this", "that",
	"these", "those", "any", "no", "every", "each", "whose", "of", "in", "on")

// notCueAfter: a cue after these words is no attribution of the quotation:
// "when asked", "was told", "declined to say" ("went on to say" is one).
var notCueAfter = set("when", "if", "was", "were", "been", "being", "be", "is", "are", "not", "never",
	"as", "who", "which", "once", "refused", "declined", "unwilling", "reluctant", "failed")

// clauseOf keeps, of the words before a participle, the clause whose
// subject leads into it: the last comma segment that starts with a
// capitalized word or a pronoun ("Hours later, Trump returned the
// compliment, telling ...").
func clauseOf(text string, ws []word) []word {
	start := 0
	for i := range ws {
		if i > 0 && (strings.HasSuffix(text[ws[i-1].start:ws[i-1].end], ",") || dash(ws[i-1].lower)) &&
			(capitalized(text[ws[i].start:ws[i].end]) || pronounWords[ws[i].lower] || ws[i].lower == "a" || ws[i].lower == "an" || ws[i].lower == "the") {
			start = i
		}
	}
	if start == 0 && len(ws) > 0 && strings.HasSuffix(ws[0].lower, "ing") {
		// "Weighing in on the discussion, former Gov. Mike Huckabee agreed"
		for i := 1; i < len(ws); i++ {
			if strings.HasSuffix(text[ws[i-1].start:ws[i-1].end], ",") {
				return ws[i:]
			}
		}
	}
	return ws[start:]
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

// fillers are adverbs and auxiliaries between a subject and its cue.
var fillers = set("once", "also", "later", "then", "recently", "previously", "again", "repeatedly", "often",
	"has", "had", "have", "would", "will", "could", "can", "did", "does", "do", "goes", "went", "go", "still",
	"even", "just", "simply", "further", "reportedly", "quickly", "publicly", "privately", "immediately",
	"and", "but", "so", "yet", "however", "meanwhile", "frequently", "flatly", "bluntly", "angrily",
	"famously", "memorably", "told", "wrote", "said", "says", "is", "was", "were", "are", "eventually", "finally", "initially", "first", "subsequently", "separately", "similarly", "directly", "openly", "explicitly", "specifically", "herself", "himself", "themselves")

func according(text string, ws []word) attribution {
	for v := 0; v+1 < len(ws); v++ {
		if ws[v].lower == "according" && ws[v+1].lower == "to" {
			return attribution{phraseAfter(text, ws[v+2:]), Span{ws[v].start, ws[v+1].start + 2}}
		}
	}
	return attribution{}
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
	if len(ws) == 0 || len(ws) > 16 || len(ws) == 1 && notSpeakers[ws[0].lower] && !relativeAfterComma(text, ws[0]) {
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

// initialBefore reports whether the '.' at text[j] ends a one-letter word
// or a title written short ("Mr.", "Sen.").
func initialBefore(text string, j int) bool {
	if j == 0 {
		return false
	}
	if text[j] == '.' {
		// "$1.6 billion", "cnn.com": a dot inside a word ends nothing.
		if j+1 < len(text) && isAlnumByte(text[j+1]) {
			return true
		}
		// "(I-Vt.)", "R-Ky.,", "U.S. officials": what follows goes on.
		k := j + 1
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k < len(text) && (text[k] == ')' || text[k] == ',' || 'a' <= text[k] && text[k] <= 'z') {
			return true
		}
	}
	k := j
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:k])
		if !unicode.IsLetter(r) {
			break
		}
		k -= n
	}
	w := text[k:j]
	switch utf8.RuneCountInString(w) {
	case 0:
		return false
	case 1:
		return true
	}
	return shortTitles[w]
}

// shortTitles are the abbreviations that stand before a name and whose dot
// ends no sentence.
var shortTitles = set("Mr", "Mrs", "Ms", "Dr", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen", "Lt", "Col", "Sgt",
	"Capt", "Prof", "Rev", "St", "Adm", "Maj", "Jr", "Sr", "Pres", "Amb", "Atty", "Supt", "Cmdr", "Gens",
	// months and states as the wires abbreviate them: "Sept. 16", "R-Calif."
	"Jan", "Feb", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn",
	"Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont",
	"Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "No", "Nos", "vs")

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

// nounPhraseStart reports whether a word can open the noun phrase of a
// speaker: an article, a capital or a possessive ("A Warren adviser, who
// spoke on condition of anonymity, said").
func nounPhraseStart(text string, w word) bool {
	return w.lower == "a" || w.lower == "an" || w.lower == "the" || capitalized(text[w.start:w.end]) && !notNames[w.lower] && !nounPhraseStops[w.lower]
}

func isAlnumByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
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

// auxiliaries after a name make it the subject of a verb to come.
var auxiliaries = set("has", "had", "have", "would", "will", "could", "can", "did", "does", "is", "was")

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

// titleModifiers qualify a title before a name: "Republican presidential
// nominee", "Senate majority leader".
var titleModifiers = set("presidential", "majority", "minority", "press", "campaign", "party", "state", "house")

// anyCue reports whether a cue stands among ws[from:].
func anyCue(text string, ws []word, from int) bool {
	for v := from; v < len(ws); v++ {
		if cueAt(text, ws, v) {
			return true
		}
	}
	return false
}

// colonVerbs lead into a quotation after a colon without being past
// tenses in -ed: "Cruz has a message:", "Sanders says it this way:".
var colonVerbs = set("has", "had", "gets", "got", "makes", "offers", "puts", "sees", "saw", "summed",
	"sums", "lays", "laid", "spells", "spelled", "wants", "needs", "gives", "gave", "takes", "took", "began",
	"begins", "ends", "ended", "closes", "opens", "shared", "shares")

// digestLeads open the name after a digest's dash: "- More from Jones:".
var digestLeads = set("more", "from")

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
