package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The word lists that attribution reads with, and how a clause is cut into
// words without allocating.

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

var nameParticles = set("de", "van", "von", "der", "al", "bin", "la", "le", "du", "da", "del")

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

// clauseOpeners open the clause whose subject speaks: "the applause came
// when he said", "a system that a brochure describes as".
var clauseOpeners = set("that", "which", "when", "as", "where", "while", "because", "after", "before",
	"whom", "once", "since", "until", "whereas", "what")

// dash reports whether a word is a dash standing alone (its lower form is
// empty of letters): "Trump ― cast the blame".
func dash(lower string) bool { return lower == "" }

// determiners before a cue word make it a noun: "a report", "his post".
var determiners = set("a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "this", "that",
	"these", "those", "any", "no", "every", "each", "whose", "of", "in", "on")

// notCueAfter: a cue after these words is no attribution of the quotation:
// "when asked", "was told", "declined to say" ("went on to say" is one;
// "X, who told reporters" is X speaking, named by the relative pronoun).
var notCueAfter = set("when", "if", "was", "were", "been", "being", "be", "is", "are", "not", "never",
	"as", "once", "refused", "declined", "unwilling", "reluctant", "failed")

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

// fillers are adverbs and auxiliaries between a subject and its cue.
var fillers = set("once", "also", "later", "then", "recently", "previously", "again", "repeatedly", "often",
	"has", "had", "have", "would", "will", "could", "can", "did", "does", "do", "goes", "went", "go", "still",
	"even", "just", "simply", "further", "reportedly", "quickly", "publicly", "privately", "immediately",
	"and", "but", "so", "yet", "however", "meanwhile", "frequently", "flatly", "bluntly", "angrily",
	"famously", "memorably", "told", "wrote", "said", "says", "is", "was", "were", "are", "eventually", "finally", "initially", "first", "subsequently", "separately", "similarly", "directly", "openly", "explicitly", "specifically", "herself", "himself", "themselves")

func according(text string, ws []word) attribution {
	for v := 0; v+1 < len(ws); v++ {
		if ws[v].lower == "according" && ws[v+1].lower == "to" {
			return attribution{phraseAfter(text, ws[v+2:]), Span{cueSpan(text, ws[v]).Start, cueSpan(text, ws[v+1]).End}}
		}
	}
	return attribution{}
}

var smallWords = set("the", "of", "and", "for", "a", "an")

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

func isAlnumByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// auxiliaries after a name make it the subject of a verb to come.
var auxiliaries = set("has", "had", "have", "would", "will", "could", "can", "did", "does", "is", "was")

// titleModifiers qualify a title before a name: "Republican presidential
// nominee", "Senate majority leader".
var titleModifiers = set("presidential", "majority", "minority", "press", "campaign", "party", "state", "house")

// colonVerbs lead into a quotation after a colon without being past
// tenses in -ed: "Cruz has a message:", "Sanders says it this way:".
var colonVerbs = set("has", "had", "gets", "got", "makes", "offers", "puts", "sees", "saw", "summed",
	"sums", "lays", "laid", "spells", "spelled", "wants", "needs", "gives", "gave", "takes", "took", "began",
	"begins", "ends", "ended", "closes", "opens", "shared", "shares")

// digestLeads open the name after a digest's dash: "- More from Jones:".
var digestLeads = set("more", "from")
