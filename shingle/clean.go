package shingle

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Clean returns text normalized for reading, not for comparison: Unicode NFKC;
// every kind of double quotation mark (" “ ” „ ‟ « » 〝 〞) becomes ", every
// single one and apostrophe (‘ ’ ‚ ‛ ′) becomes ', and every dash becomes -;
// runs of white space become one space; tokenizer artefacts are undone (no
// space before , . ; : ! ? ) ] or before an apostrophe that starts a clitic, as
// in "Trump 's"); and quotation marks that stand alone between spaces, stray
// artefacts of scraping, are dropped. The case is kept. Clean does not keep
// offsets: use it for display, and [Token] spans for positions.
func Clean(text string) string {
	text = norm.NFKC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	open := false     // inside a double quotation, by parity of lone " fields
	glueNext := false // the previous field was an opening lone "
	for f := range strings.FieldsSeq(strings.Map(cleanRune, text)) {
		if standaloneQuotes(f) {
			continue
		}
		space := b.Len() > 0 && !glueNext && !attachesLeft(f)
		glueNext = false
		if f == "\"" {
			// A lone " closes when a quotation is open or when it follows
			// sentence punctuation ("users , ” the"); otherwise it opens.
			if !open && endsClause(b.String()) {
				open = true
			}
			space = space && !open
			glueNext = !open
			open = !open
		} else {
			open = open != (strings.Count(f, "\"")%2 == 1)
		}
		if !space && f[0] == '\'' && strings.HasSuffix(b.String(), "'") {
			f = f[1:] // "Twitter' 's": one apostrophe, not two
		}
		if space {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

func endsClause(s string) bool {
	return s != "" && strings.ContainsRune(",.;:!?", rune(s[len(s)-1]))
}

func cleanRune(r rune) rune {
	switch r {
	case '“', '”', '„', '‟', '«', '»', '〝', '〞', '＂':
		return '"'
	case '‘', '’', '‚', '‛', '′':
		return '\''
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－':
		return '-'
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	return r
}

// standaloneQuotes reports whether f is only apostrophes (a stray artefact
// such as the ’ ’ of a scraped list); a lone " is kept, it may open or close.
func standaloneQuotes(f string) bool {
	return strings.Trim(f, "'") == ""
}

// attachesLeft reports whether field f belongs to the word before it: it
// starts with closing punctuation, or it is a clitic such as 's or 're.
func attachesLeft(f string) bool {
	switch f[0] {
	case ',', '.', ';', ':', '!', '?', ')', ']':
		return true
	case '\'':
		rest := strings.TrimLeft(f[1:], "'")
		word := strings.TrimRightFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
		switch strings.ToLower(word) {
		case "s", "t", "re", "ll", "ve", "d", "m":
			return true
		}
	}
	return false
}
