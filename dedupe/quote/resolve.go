package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxScareWords is the most words a quotation that nobody is said to have
// spoken may hold and still be scare quotes rather than a partial quotation.
const maxScareWords = 4

// classify sets the kind of each quotation and takes the attribution off
// scare quotes.
func classify(text string, qs []Quotation) {
	for k := range qs {
		q := &qs[k]
		lo := 0
		if k > 0 {
			lo = qs[k-1].OuterEnd
		}
		switch {
		case namedAfterComma(text, lo, q):
			q.Kind = Scare
		case q.Mention.Start < q.OuterStart && opensSentence(text, 0, q.OuterStart) && sentenceSubject(text, q) &&
			(countWords(text[q.Start:q.End]) <= maxScareWords || titleCase(text[q.Start:q.End])),
			q.Mention.Empty() && opensSentence(text, 0, q.OuterStart) && titledSubject(text, q):
			// Its attribution, if any, came from before it: a speaker of
			// the sentences before, not of these words.
			q.Kind = Scare
		case opensSentence(text, lo, q.OuterStart) || afterColon(text, lo, q.OuterStart):
			q.Kind = Direct
		case named(text, lo, q):
			q.Kind = Scare
		case endsSentence(text[q.Start:q.End]):
			q.Kind = Direct
		case countWords(text[q.Start:q.End]) <= maxScareWords && (q.Mention.Empty() || naming(text, q.Cue)),
			q.Cue.Empty() && titleCase(text[q.Start:q.End]):
			q.Kind = Scare
		default:
			q.Kind = Partial
		}
	}
}

// named reports whether q, inside the writer's sentence, is the name of
// something rather than someone's words: a title, a slogan, a nickname
// ("on ABC's "This Week,"", "the "Gang of Eight,"", "a segment entitled
// "Pimp My Chopper.""). Its words are capitalized like a title's and say
// nothing exclaimed or asked, and it is not the object of a cue of speech
// right before it ("She declared "What a Super Tuesday!"", "chanting "Dump
// Trump""). One word is a name only after a possessive or a noun that
// announces one ("NBC's "Today"", "the documentary "Weiner.""): alone,
// "Mexican." or "True." is as often what someone said.
func named(text string, lo int, q *Quotation) bool {
	quoted := text[q.Start:q.End]
	if strings.ContainsAny(quoted, "!?") || !titleCase(strings.TrimRight(quoted, ".,;: ")) {
		return false
	}
	if !q.Cue.Empty() && q.Cue.End <= q.OuterStart && strings.Trim(text[q.Cue.End:q.OuterStart], " ,") == "" &&
		!tellForms[lowerBare(text[q.Cue.Start:q.Cue.End])] {
		return false
	}
	from := max(sentenceStart(text, lo, q.OuterStart), q.OuterStart-60)
	last, _ := wordBefore(text, from, q.OuterStart)
	if headline(text, from, q.OuterStart) {
		return false // every word is capitalized
	}
	if countWords(quoted) > 1 {
		return true
	}
	return last != "" && (possessive(last) || titleHeads[lowerBare(last)])
}

// headline reports whether the three words before text[at], from from on,
// are capitalized, small ones included: the quotation stands in a
// headline ("What It Means To Be "Latino Enough."").
func headline(text string, from, at int) bool {
	for k := 0; k < 3; k++ {
		w, start := wordBefore(text, from, at)
		if w == "" || !capitalized(w) {
			return false
		}
		at = start
	}
	return true
}

// wordBefore returns the word (a run of bytes other than white space) that
// ends before text[at], skipping white space, and where it starts; "" when
// none starts at from or later.
func wordBefore(text string, from, at int) (string, int) {
	j := at
	for j > from && asciiSpace(text[j-1]) {
		j--
	}
	i := j
	for i > from && !asciiSpace(text[i-1]) {
		i--
	}
	if i == from && from > 0 && !asciiSpace(text[from-1]) {
		return "", i // cut by from
	}
	return text[i:j], i
}

// firstWord returns the first word of s, past white space.
func firstWord(s string) string {
	i := 0
	for i < len(s) && asciiSpace(s[i]) {
		i++
	}
	j := i
	for j < len(s) && !asciiSpace(s[j]) {
		j++
	}
	return s[i:j]
}

func asciiSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// namedAfterComma reports whether q is a name set after a comma that
// follows the noun announcing it: "Trump's reality show, "The
// Apprentice."", "In his new book, "Doomed to Succeed,"".
func namedAfterComma(text string, lo int, q *Quotation) bool {
	w, _ := wordBefore(text, max(lo, q.OuterStart-40), q.OuterStart)
	if !strings.HasSuffix(w, ",") || !titleCase(strings.TrimRight(text[q.Start:q.End], ".,;: ")) {
		return false
	}
	return titleHeads[lowerBare(w)]
}

// sentenceSubject reports whether q, which opens its sentence, is a noun
// of the writer's sentence rather than a quoted utterance: nothing ends
// it inside its marks, and the sentence goes on after them with a word
// in lower case that is no cue ("Friends" has been a hit; "Broad City"
// star Arturo Castro), where an utterance is followed by its attribution
// or the next sentence.
func sentenceSubject(text string, q *Quotation) bool {
	if !q.Closed || strings.ContainsAny(text[q.End-1:q.End], ",.;:!?-") {
		return false
	}
	rest := text[q.OuterEnd:]
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	if !goesOn(firstWord(rest[:min(len(rest), 40)])) {
		return false
	}
	// Not when the sentence quotes more: "''Family values people'' are
	// ''not out to bash gays,'' he said."
	end := sentenceEnd(text, q.OuterEnd, min(len(text), q.OuterEnd+maxClause))
	if end < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[end:]); kindOf(r) != notMark && kindOf(r) != single || strings.HasPrefix(text[end:], "``") {
			return false
		}
	}
	rest = text[q.OuterEnd:end]
	return !strings.Contains(rest, "''") && !strings.ContainsAny(rest, "”»")
}

// titledSubject reports whether q, which opens its sentence, is a title
// followed by its apposition or the rest of the writer's sentence:
// "Tales From the Crypt," an HBO series that first aired in 1989, will be
// resurrected; "Billions," on Showtime, is (in any marks, LDC's included).
func titledSubject(text string, q *Quotation) bool {
	quoted := text[q.Start:q.End]
	if !q.Closed || !strings.HasSuffix(quoted, ",") || strings.ContainsAny(quoted, "!?") || !titleCase(strings.TrimSuffix(quoted, ",")) {
		return false
	}
	return goesOn(firstWord(text[q.OuterEnd:min(len(text), q.OuterEnd+40)]))
}

// goesOn reports whether w, the word after a quotation, carries on the
// writer's sentence: in lower case, and neither a cue of speech nor a
// pronoun, which would attribute the quotation.
func goesOn(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return w != "" && unicode.IsLower(r) && !isCue(lowerBare(w)) && !pronounWords[lowerBare(w)]
}

// titleHeads are the nouns and participles that announce a name: "the
// documentary "Weiner"", "a blog called the "Feed"".
var titleHeads = set("show", "program", "programme", "series", "film", "movie", "documentary", "book", "novel",
	"memoir", "autobiography", "podcast", "play", "song", "album", "segment", "magazine", "drama", "comedy", "sitcom",
	"thriller", "ad", "spot", "titled", "entitled", "dubbed", "nicknamed", "named")

// naming reports whether the cue names something rather than quotes
// someone: "the account called itself "...", a nickname.
func naming(text string, cue Span) bool {
	if cue.Empty() || !strings.HasPrefix(strings.ToLower(text[cue.Start:cue.End]), "call") {
		return false
	}
	rest := strings.Fields(text[cue.End:min(len(text), cue.End+20)])
	if len(rest) == 0 {
		return false
	}
	switch strings.ToLower(strings.Trim(rest[0], ",")) {
	case "itself", "himself", "herself", "themselves", "yourself", "myself", "ourselves":
		return true
	}
	return false
}

// titleCase reports whether quoted words are a title: a few words, each
// capitalized but for small ones ("Meet the Press").
func titleCase(quoted string) bool {
	n := 0
	for rest := quoted; ; n++ {
		w := firstWord(rest)
		if w == "" {
			break
		}
		if n == 8 || !capitalized(w) && !smallWords[lowerBare(w)] && !titleSmallWords[lowerBare(w)] {
			return false
		}
		rest = rest[strings.Index(rest, w)+len(w):]
	}
	return n > 0
}

var titleSmallWords = set("in", "on", "at", "to", "with", "from", "by", "or", "but", "nor", "as", "is")

// afterColon reports whether the quotation marked at at follows a colon or
// a comma ("he said, "...").
func afterColon(text string, lo, at int) bool {
	for j := at; j > lo; {
		r, n := utf8.DecodeLastRuneInString(text[lo:j])
		switch {
		case r == ':' || r == ',':
			return true
		case !unicode.IsSpace(r):
			return false
		}
		j -= n
	}
	return false
}

func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := asciiSpace(s[i])
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// gender is what the text tells of a person's sex: from a title, a first
// name, or a pronoun that referred to them.
type gender uint8

const (
	unknownGender gender = iota
	male
	female
)

// entity is someone the document named as a speaker, in full.
type entity struct {
	sp      Speaker
	surname string // lower case; empty for an organisation or a description
	lower   string // the phrase in lower case, for a later "the attorney"
	gender  gender
	last    int // the quotation that named or referred to it last
}

// resolve gives each quotation with a mention its speaker, read within the
// document: a full name makes a later surname, "Mr. X", a description that
// the first mention gave, or a pronoun the same speaker.
func resolve(text string, qs []Quotation) {
	var ents []entity
	for k := range qs {
		q := &qs[k]
		if q.Kind == Scare {
			q.Mention, q.Cue, q.Inherited = Span{}, Span{}, false
		}
		if q.Mention.Empty() {
			continue
		}
		if k > 0 && q.Inherited && qs[k-1].Mention == q.Mention {
			q.Speaker = qs[k-1].Speaker
			continue
		}
		m := text[q.Mention.Start:q.Mention.End]
		if lm := lowerBare(m); lm == "who" || lm == "which" {
			// The antecedent: the name before the comma.
			if sp := antecedent(text, q.Mention.Start); sp.Rank() > 0 {
				q.Speaker = sp
				if e := refer(ents, sp.Phrase); e >= 0 {
					q.Speaker = ents[e].sp
				}
			}
			continue
		}
		if e := refer(ents, m); e >= 0 {
			ents[e].last = k
			if g := pronounGender(m); g != unknownGender && ents[e].gender == unknownGender {
				ents[e].gender = g
			}
			q.Speaker = ents[e].sp
			continue
		}
		if pronounWords[lowerBare(m)] {
			continue
		}
		sp := ParseSpeaker(m)
		q.Speaker = sp
		ents = append(ents, newEntity(sp, m, k))
	}
}

func newEntity(sp Speaker, mention string, k int) entity {
	e := entity{sp: sp, lower: strings.ToLower(sp.Phrase), last: k}
	if sp.Person != "" {
		name := strings.Fields(sp.Person)
		e.surname = strings.ToLower(name[len(name)-1])
		e.gender = genderOf(mention, name[0])
	}
	return e
}

// refer returns the entity that the mention m refers to, or -1: for a
// pronoun, the most recent compatible one; for a surname alone or after a
// title, the person of that surname; for a description in the definite
// ("the attorney"), the most recent entity whose first mention gave it.
func refer(ents []entity, m string) int {
	lm := lowerBare(m)
	if pronounWords[lm] {
		want := pronounGender(m)
		best := -1
		for i := range ents {
			e := &ents[i]
			ok := false
			switch lm {
			case "he", "she":
				ok = e.sp.Person != "" && (e.gender == unknownGender || e.gender == want)
			case "it", "they", "we":
				ok = e.sp.Person == ""
			}
			if ok && (best < 0 || e.last >= ents[best].last) {
				best = i
			}
		}
		return best
	}
	ws := strings.Fields(m)
	if len(ws) == 0 {
		return -1
	}
	// A surname: "Wessler", "Mr. Wessler", "Sen. Rubio".
	name := ws
	for len(name) > 1 && titles[strings.ToLower(strings.TrimSuffix(bare(name[0]), "."))] {
		name = name[1:]
	}
	if len(name) == 1 && capitalized(bare(name[0])) {
		s := strings.ToLower(bare(name[0]))
		for i := len(ents) - 1; i >= 0; i-- {
			if ents[i].surname == s {
				return i
			}
		}
		return -1
	}
	// A description in the definite: "the attorney", "the group".
	if len(ws) <= 3 && strings.EqualFold(ws[0], "the") && !capitalized(bare(ws[len(ws)-1])) {
		headWord := strings.ToLower(bare(ws[len(ws)-1]))
		best := -1
		for i := range ents {
			if containsWord(ents[i].lower, headWord) && (best < 0 || ents[i].last >= ents[best].last) {
				best = i
			}
		}
		return best
	}
	return -1
}

// containsWord reports whether the lower-case phrase holds w as a word.
func containsWord(phrase, w string) bool {
	for at := 0; ; {
		i := strings.Index(phrase[at:], w)
		if i < 0 {
			return false
		}
		s, e := at+i, at+i+len(w)
		if (s == 0 || !isLetterByte(phrase[s-1])) && (e == len(phrase) || !isLetterByte(phrase[e])) {
			return true
		}
		at = s + 1
	}
}

func isLetterByte(c byte) bool { return 'a' <= c && c <= 'z' || c >= utf8.RuneSelf }

func pronounGender(m string) gender {
	switch lowerBare(m) {
	case "he":
		return male
	case "she":
		return female
	}
	return unknownGender
}

// genderOf reads a person's sex from the words of their mention and their
// first name.
func genderOf(mention, first string) gender {
	for _, w := range strings.Fields(strings.ToLower(mention)) {
		w = strings.Trim(w, ".,")
		switch {
		case maleWords[w]:
			return male
		case femaleWords[w]:
			return female
		}
	}
	switch first = strings.ToLower(first); {
	case maleNames[first]:
		return male
	case femaleNames[first]:
		return female
	}
	return unknownGender
}

var (
	maleWords = set("mr", "he", "his", "spokesman", "congressman", "chairman", "businessman", "father",
		"son", "brother", "husband", "king", "sir", "lord", "mister", "congressman's")
	femaleWords = set("mrs", "ms", "miss", "she", "her", "spokeswoman", "congresswoman", "chairwoman",
		"businesswoman", "mother", "daughter", "sister", "wife", "queen", "lady", "madam")
	// maleNames and femaleNames are common English first names.
	maleNames = set("james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas",
		"charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul", "andrew",
		"joshua", "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward", "jason", "jeffrey",
		"ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott",
		"brandon", "benjamin", "samuel", "gregory", "alexander", "frank", "patrick", "raymond", "jack",
		"dennis", "jerry", "tyler", "aaron", "jose", "adam", "nathan", "henry", "douglas", "zachary", "peter",
		"kyle", "ethan", "walter", "noah", "jeremy", "christian", "keith", "roger", "terry", "gerald", "harold",
		"sean", "austin", "carl", "arthur", "lawrence", "dylan", "jesse", "jordan", "bryan", "billy", "joe",
		"bruce", "gabriel", "logan", "albert", "willie", "alan", "juan", "wayne", "elijah", "randy", "roy",
		"vincent", "ralph", "eugene", "russell", "bobby", "mason", "philip", "louis", "bernie", "ted", "mike",
		"mitch", "marco", "chris", "jeb", "rand", "tim", "ben", "newt", "rudy", "reince", "bill", "barack",
		"jim", "tom", "dick", "rick", "bob", "dan", "steve", "tony", "greg", "jeff", "ken", "ron", "seth",
		"lindsey", "harry", "chuck", "orrin", "rex", "vladimir", "xi", "hugh", "ed", "al", "sam", "pat",
		"corey", "sean", "jared", "eric", "mitt", "marc", "howard", "lou", "dave", "sid", "martin", "nigel")
	femaleNames = set("mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica",
		"sarah", "karen", "nancy", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly", "emily",
		"donna", "michelle", "dorothy", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca",
		"sharon", "laura", "cynthia", "kathleen", "amy", "shirley", "angela", "helen", "anna", "brenda",
		"pamela", "nicole", "emma", "samantha", "katherine", "christine", "debra", "rachel", "catherine",
		"carolyn", "janet", "ruth", "maria", "heather", "diane", "virginia", "julie", "joyce", "victoria",
		"olivia", "kelly", "christina", "lauren", "joan", "evelyn", "judith", "megan", "cheryl", "andrea",
		"hannah", "martha", "jacqueline", "frances", "gloria", "ann", "teresa", "kathryn", "sara", "janice",
		"jean", "alice", "madison", "doris", "abigail", "julia", "judy", "grace", "denise", "amber", "marilyn",
		"beverly", "danielle", "theresa", "sophia", "marie", "diana", "brittany", "natalie", "isabella",
		"charlotte", "rose", "alexis", "kayla", "hillary", "kellyanne", "sarah", "ivanka", "melania", "nikki",
		"elizabeth", "michele", "carly", "huma", "donna", "jill", "kirsten", "dianne", "claire", "debbie",
		"tammy", "jane", "hope", "kate", "esha", "ruth", "sonia", "elena", "loretta", "condoleezza", "madeleine")
)

// antecedent reads the name that a relative pronoun at text[at:] refers
// to: the capitalized words right before its comma ("Beck, who ...").
func antecedent(text string, at int) Speaker {
	end := strings.LastIndexByte(text[:at], ',')
	if end < 0 || end < at-3 {
		return Speaker{}
	}
	start := end
	words := 0
	for start > 0 && words < 6 {
		j := strings.LastIndexAny(text[:start], " \n")
		w := text[j+1 : start]
		if !capitalized(w) && !smallWords[strings.ToLower(w)] && !titles[strings.ToLower(strings.TrimSuffix(w, "."))] {
			break
		}
		start, words = j+1, words+1
		if j < 0 {
			start = 0
			break
		}
		start = j
	}
	return ParseSpeaker(text[start:end])
}
