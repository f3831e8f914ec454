package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// titles are words that precede a name without being part of it.
var titles = set("former", "us", "u.s", "solicitor", "general", "attorney", "lawyer", "president", "senator",
	"sen", "rep", "representative", "gov", "governor", "judge", "justice", "secretary", "director", "chief",
	"executive", "minister", "mayor", "professor", "prof", "dr", "mr", "mrs", "ms", "spokesman",
	"spokeswoman", "spokesperson", "ceo", "chairman", "chairwoman", "commissioner", "deputy", "assistant",
	"acting", "vice", "counsel", "officer", "the", "agent", "sheriff", "detective", "lt", "gen", "col", "capt",
	"ambassador", "prime", "superintendent", "chancellor", "premier", "sergeant", "sgt", "rev", "reverend",
	"congressman", "congresswoman", "chair", "leader", "speaker", "candidate", "nominee", "host", "anchor",
	"correspondent", "columnist", "editor", "economist", "analyst", "adviser", "advisor", "aide", "manager",
	"strategist", "pollster", "coach", "commander", "admiral", "colonel", "captain", "lieutenant", "general's")

// notNames are words that open a sentence with a capital without naming
// anyone: "Her deputy, Tom Hale".
var notNames = set("her", "his", "its", "their", "our", "my", "your", "a", "an", "this", "that", "these",
	"those", "in", "on", "at", "after", "when", "while", "but", "and", "he", "she", "it", "they", "we", "i",
	"you", "asked", "speaking", "according", "then", "now", "later", "earlier", "meanwhile", "still", "also",
	"instead", "for", "example", "someone", "somebody", "as", "so", "if", "yet", "however", "though")

// notOrganizations are single capitalized words that describe a speaker
// without being whom they speak for: parties, places, nationalities.
var notOrganizations = set("democrat", "democrats", "democratic", "republican", "republicans", "gop",
	"independent", "united", "american", "americans", "america", "u.s", "us", "usa", "washington",
	"alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
	"florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana",
	"maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana",
	"nebraska", "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah",
	"vermont", "virginia", "wisconsin", "wyoming", "britain", "china", "russia", "france", "germany",
	"israel", "iran", "iraq", "syria", "mexico", "canada", "japan", "india", "europe", "british", "chinese",
	"russian", "french", "german", "israeli", "iranian", "mexican", "canadian", "japanese", "indian",
	"european", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
	"december", "sen", "rep", "gov", "mr", "mrs", "ms", "dr")

// personTitles stand before a person's name only: "Mr. Wessler", "Sen.
// Rubio".
var personTitles = set("mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov",
	"governor", "president", "judge", "justice", "secretary", "mayor", "professor", "prof", "gen", "lt",
	"col", "capt", "sgt", "rev", "adm", "maj", "sheriff", "detective", "officer", "chancellor", "minister",
	"attorney", "lawyer", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "director")

// descriptionHeads are the nouns of a speaker described, not named: "a
// White House spokesman", "the group's lawyers".
var descriptionHeads = set("spokesman", "spokeswoman", "spokesperson", "lawyer", "lawyers", "attorney",
	"attorneys", "official", "officials", "aide", "aides", "adviser", "advisers", "advisor", "source", "sources",
	"analyst", "analysts", "expert", "experts", "statement", "lawsuit", "complaint", "report", "group",
	"campaign", "organization", "company", "agency", "candidate", "nominee", "senator", "president",
	"governor", "mayor", "leader", "chairman", "chairwoman", "director", "secretary", "representative",
	"congressman", "congresswoman", "strategist", "operative", "supporter", "supporters", "critic",
	"critics", "member", "members", "executive", "ceo", "founder", "professor", "economist", "pollster")

// orgWords mark a run of capitalized words as an organisation's name.
var orgWords = set("union", "news", "inc", "corp", "company", "association", "department", "court", "committee",
	"council", "agency", "office", "group", "insider", "times", "post", "press", "party", "university",
	"institute", "foundation", "bureau", "service", "services", "administration", "commission", "ministry",
	"organization", "organisation", "center", "centre", "house", "llp", "llc", "ltd", "network", "journal",
	"reuters", "police", "congress", "senate", "government", "fund", "bank", "board", "club", "church")

// affiliation words introduce the organisation a person speaks for.
var affiliation = set("from", "of", "at", "with", "for")

// Speaker is an attribution read as a name: a person, an organisation, or
// both ("Nathan Freed Wessler" of the "ACLU").
type Speaker struct {
	Person, Organization string
	// Phrase is the attribution as written, tidied.
	Phrase string
}

// Rank orders speakers by how informative they are: a person beats an
// organisation, which beats a description ("the lawsuit"), which beats none.
func (s Speaker) Rank() int {
	switch {
	case s.Person != "":
		return 3
	case s.Organization != "":
		return 2
	case s.Phrase != "":
		return 1
	}
	return 0
}

// String returns "Person (Organization)", "Person", "Organization" or the
// phrase, whichever is the most the attribution says.
func (s Speaker) String() string {
	switch {
	case s.Person != "" && s.Organization != "":
		return s.Person + " (" + s.Organization + ")"
	case s.Person != "":
		return s.Person
	case s.Organization != "":
		return s.Organization
	}
	return s.Phrase
}

// ParseSpeaker reads an attribution phrase such as "ACLU attorney Nathan
// Freed Wessler" or "Twitter's lawyers from Wilmer Hale — including former US
// Solicitor General Seth Waxman" into a person and an organisation.
func ParseSpeaker(phrase string) Speaker {
	sp := Speaker{Phrase: strings.Join(strings.Fields(phrase), " ")}
	ws := strings.Fields(sp.Phrase)
	type run struct {
		words      []string
		afterAffil bool
	}
	var runs []run
	for i := 0; i < len(ws); {
		w := bare(ws[i])
		if !capitalized(w) {
			i++
			continue
		}
		afterAffil := i > 0 && affiliation[strings.ToLower(bare(ws[i-1]))]
		var words []string
		for i < len(ws) {
			w := bare(ws[i])
			if capitalized(w) {
				words = append(words, w)
				i++
				if strings.HasSuffix(ws[i-1], ",") || possessive(ws[i-1]) {
					break
				}
				continue
			}
			// "Department of Homeland Security": small words between capitals.
			if smallWords[strings.ToLower(w)] && i+1 < len(ws) && capitalized(bare(ws[i+1])) && len(words) > 0 {
				words = append(words, w)
				i++
				continue
			}
			break
		}
		runs = append(runs, run{words, afterAffil})
	}
	orgScore := 0
	for _, r := range runs {
		words := r.words
		if strings.EqualFold(words[0], "the") {
			words = words[1:]
		}
		if len(words) == 0 || len(words) == 1 && (notNames[strings.ToLower(words[0])] || notOrganizations[strings.ToLower(words[0])]) {
			continue
		}
		org, acronyms := false, 0
		for _, w := range words {
			if orgWords[strings.ToLower(w)] {
				org = true
			}
			if acronym(w) {
				acronyms++
			}
		}
		if acronyms == len(words) {
			org = true
		}
		if !org && !r.afterAffil {
			name := words
			for len(name) > 0 && notNames[strings.ToLower(name[0])] {
				name = name[1:]
			}
			// The name follows the last title: "Texas Gov. George W. Bush".
			for i := len(name) - 2; i >= 0; i-- {
				if titles[strings.ToLower(strings.TrimSuffix(name[i], "."))] {
					name = name[i+1:]
					break
				}
			}
			// A long run ends with the name: "Near Eastern Affairs Martin
			// Indyk".
			if len(name) > 3 {
				name = name[len(name)-2:]
				if len(name[0]) <= 2 { // an initial: "George W. Bush"
					name = words[len(words)-3:]
				}
			}
			// Two names or more, or a surname after a title ("Mr. Wessler").
			if len(name) >= 2 && capitalized(name[0]) && !smallWords[strings.ToLower(name[0])] ||
				len(name) == 1 && len(words) > 1 && personTitles[strings.ToLower(strings.TrimSuffix(words[len(words)-2], "."))] {
				if sp.Person == "" {
					sp.Person = strings.Join(name, " ")
				}
				continue
			}
			if len(name) == 0 {
				continue
			}
		}
		score := 1
		if org || acronyms > 0 {
			score = 2
		}
		if r.afterAffil {
			score = 3
		}
		if score > orgScore {
			sp.Organization, orgScore = strings.Join(words, " "), score
		}
	}
	return sp
}

// bare strips punctuation around a word and a possessive ending.
func bare(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' })
	w = strings.TrimSuffix(w, ".")
	for _, s := range []string{"'s", "’s"} {
		w = strings.TrimSuffix(w, s)
	}
	return w
}

func possessive(w string) bool {
	w = strings.TrimRight(w, ",.;:")
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
}

func capitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// acronym: two or more letters, all capitals (dots allowed): "ACLU", "U.S".
func acronym(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.':
		default:
			return false
		}
	}
	return letters >= 2
}
