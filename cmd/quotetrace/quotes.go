package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/internal/english"
)

const quotesUsage = `quotetrace quotes [--format text|json] [--kind KINDS] [--skip-bad] INPUT...

Every quotation of every input document, shared or not, with who said it
and where: the quotation's byte offsets in the text as given, the speaker
resolved within the document ("Mr. Wessler" and "he" after "ACLU attorney
Nathan Freed Wessler" are "Nathan Freed Wessler (ACLU)"), the words that
name them and the attributing cue ("said", "according to", a colon).
JSON is one line per document, in input order.

Each quotation has a kind: direct (a whole utterance), partial (a few
words quoted inside the writer's sentence) or scare (scare quotes, titles
and nicknames: words in marks that nobody is said to have spoken, listed
without a speaker). --kind lists only some kinds; each document then says
how many of the others were left out (in JSON "left_out": {"scare": 3}),
and so does a line on standard error unless --quiet. Someone's words
only, and direct quotations only:

  quotetrace quotes --kind direct,partial article.txt
  quotetrace quotes --kind direct --format json articles/`

func cmdQuotes(args []string, e env) error {
	fs := newFlags("quotes", quotesUsage, "quotetrace quotes --format json articles/ > quotes.jsonl", e)
	format := formatFlag(fs)
	kindFlag := fs.String("kind", "all", "list only quotations of these kinds, comma-separated: direct, partial, scare (scare quotes, titles, nicknames), or all")
	skipBad := skipBadFlag(fs)
	// quotes shows no progress; --quiet keeps the line that counts what
	// --kind left out off standard error.
	quiet := quietFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	kinds, err := parseQuoteKinds(*kindFlag)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("quotes needs at least one INPUT (a directory, a .txt file, a .jsonl file or -)")
	}
	docs, notes, err := load(fs.Args(), *skipBad, e)
	if err != nil {
		return err
	}
	// JSON Lines have no place for notes: what was left out is said on
	// standard error, where load has named each line already.
	printNotes(notes, e)
	w := bufio.NewWriter(e.stdout)
	write := writeQuotesText
	if *format == "json" {
		write = writeQuotesJSON
	}
	var total leftOut
	for i, d := range docs {
		qs, left := kinds.keep(quote.Find(d.Text))
		for k, n := range left {
			total[k] += n
		}
		if err := write(w, i, d, qs, left); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if s := total.String(); s != "" && !*quiet {
		fmt.Fprintf(e.stderr, "quotetrace: note: %s left out by --kind\n", s)
	}
	return nil
}

// quoteKinds is the set of quotation kinds --kind lists.
type quoteKinds [quote.Scare + 1]bool

// quoteKindNames are the kinds in the order they are counted and said.
var quoteKindNames = []quote.Kind{quote.Direct, quote.Partial, quote.Scare}

// parseQuoteKinds reads --kind: a comma-separated list of direct, partial
// and scare, or all.
func parseQuoteKinds(s string) (quoteKinds, error) {
	var ks quoteKinds
	for _, name := range strings.Split(s, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		found := name == "all"
		for _, k := range quoteKindNames {
			if name == "all" || name == k.String() {
				ks[k], found = true, true
			}
		}
		if !found {
			return ks, usagef("--kind: unknown quotation kind %q (want direct, partial, scare or all, comma-separated)", name)
		}
	}
	return ks, nil
}

// leftOut counts the quotations of each kind that --kind did not list.
type leftOut [quote.Scare + 1]int

// keep returns the quotations of qs of the kinds in ks, in order, and
// counts the others.
func (ks quoteKinds) keep(qs []quote.Quotation) ([]quote.Quotation, leftOut) {
	var left leftOut
	kept := qs[:0]
	for _, q := range qs {
		if ks[q.Kind] {
			kept = append(kept, q)
		} else {
			left[q.Kind]++
		}
	}
	return kept, left
}

// JSON is the counts by kind name, nil when nothing was left out, so that
// the field is omitted.
func (l leftOut) JSON() map[string]int {
	var m map[string]int
	for _, k := range quoteKindNames {
		if l[k] > 0 {
			if m == nil {
				m = map[string]int{}
			}
			m[k.String()] = l[k]
		}
	}
	return m
}

// String says what was left out ("3 scare quotes, titles and nicknames and
// 1 partial quotation"), "" when nothing was.
func (l leftOut) String() string {
	var parts []string
	for _, k := range quoteKindNames {
		switch n := l[k]; {
		case n == 0:
		case k == quote.Scare && n == 1:
			parts = append(parts, "1 scare quote, title or nickname")
		case k == quote.Scare:
			parts = append(parts, fmt.Sprintf("%d scare quotes, titles and nicknames", n))
		default:
			parts = append(parts, english.Count(n, k.String()+" quotation"))
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// quotationJSON is one quotation as QUOTES-CONTRACT.md lays it out; an
// absent speaker mention or cue is -1, -1, "".
type quotationJSON struct {
	Start        int    `json:"start"`
	End          int    `json:"end"`
	Text         string `json:"text"`
	Speaker      string `json:"speaker"`
	SpeakerStart int    `json:"speaker_start"`
	SpeakerEnd   int    `json:"speaker_end"`
	SpeakerText  string `json:"speaker_text"`
	CueStart     int    `json:"cue_start"`
	CueEnd       int    `json:"cue_end"`
	Cue          string `json:"cue"`
	Kind         string `json:"kind"`
	Inherited    bool   `json:"inherited"`
}

// spanOf returns the offsets and the text of s, or -1, -1, "" when empty.
func spanOf(text string, s quote.Span) (int, int, string) {
	if s.Empty() {
		return -1, -1, ""
	}
	return s.Start, s.End, text[s.Start:s.End]
}

// writeQuotesJSON writes a document's line: its quotations and, when
// --kind left some out, how many of each kind ("left_out").
func writeQuotesJSON(w io.Writer, _ int, d dedupe.Document, qs []quote.Quotation, left leftOut) error {
	out := struct {
		Doc        string          `json:"doc"`
		Quotations []quotationJSON `json:"quotations"`
		LeftOut    map[string]int  `json:"left_out,omitempty"`
	}{Doc: d.ID, Quotations: make([]quotationJSON, len(qs)), LeftOut: left.JSON()}
	for k, q := range qs {
		j := quotationJSON{Start: q.Start, End: q.End, Text: d.Text[q.Start:q.End], Speaker: q.Speaker.String(),
			Kind: q.Kind.String(), Inherited: q.Inherited}
		j.SpeakerStart, j.SpeakerEnd, j.SpeakerText = spanOf(d.Text, q.Mention)
		j.CueStart, j.CueEnd, j.Cue = spanOf(d.Text, q.Cue)
		out.Quotations[k] = j
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeQuotesText writes each document's quotations: where, what kind, who
// (and the words that name them, when they differ), and the quotation,
// after a line that counts them and what --kind left out.
func writeQuotesText(w io.Writer, i int, d dedupe.Document, qs []quote.Quotation, left leftOut) error {
	if i > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%s: %s", d.ID, english.Count(len(qs), "quotation"))
	if s := left.String(); s != "" {
		fmt.Fprintf(w, " (%s left out)", s)
	}
	fmt.Fprintln(w)
	for _, q := range qs {
		who := q.Speaker.String()
		switch m := d.Text[q.Mention.Start:q.Mention.End]; {
		case who == "" && m == "":
			who = "speaker unknown"
		case who == "":
			who = fmt.Sprintf("%q (unresolved)", m)
		case m != "" && m != who:
			who = fmt.Sprintf("%s (%q)", who, oneLine(m))
		}
		if q.Kind == quote.Scare {
			who = "no speaker"
		}
		fmt.Fprintf(w, "  [%d:%d] %s · %s\n    %s\n", q.Start, q.End, q.Kind, who, oneLine(d.Text[q.Start:q.End]))
	}
	return nil
}
