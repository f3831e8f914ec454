package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Where sentences start and end around a quotation.

// commaAfter reports whether a comma ends the quotation, inside its marks
// or right after them: `... "will assuage fears," the senator said`.
func commaAfter(text string, q *Quotation) bool {
	quoted := strings.TrimRight(text[q.Start:q.End], " ")
	return strings.HasSuffix(quoted, ",") || q.OuterEnd < len(text) && text[q.OuterEnd] == ','
}

// endsSentence: the quoted words end with a sentence mark.
func endsSentence(quoted string) bool {
	quoted = strings.TrimRight(quoted, " ,")
	return strings.HasSuffix(quoted, ".") || strings.HasSuffix(quoted, "?") || strings.HasSuffix(quoted, "!")
}

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
