package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/internal/english"
)

const quotesUsage = `quotetrace quotes [--format text|json] [--skip-bad] INPUT...

Every quotation of every input document, shared or not, with who said it
and where: the quotation's byte offsets in the text as given, the speaker
resolved within the document ("Mr. Wessler" and "he" after "ACLU attorney
Nathan Freed Wessler" are "Nathan Freed Wessler (ACLU)"), the words that
name them and the attributing cue ("said", "according to", a colon).
JSON is one line per document, in input order.`

func cmdQuotes(args []string, e env) error {
	fs := newFlags("quotes", quotesUsage, "quotetrace quotes --format json articles/ > quotes.jsonl", e)
	format := formatFlag(fs)
	skipBad := skipBadFlag(fs)
	quietFlag(fs) // quotes shows no progress; taken as every command takes it
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
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
	for i, d := range docs {
		if err := write(w, i, d, quote.Find(d.Text)); err != nil {
			return err
		}
	}
	return w.Flush()
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

func writeQuotesJSON(w io.Writer, _ int, d dedupe.Document, qs []quote.Quotation) error {
	out := struct {
		Doc        string          `json:"doc"`
		Quotations []quotationJSON `json:"quotations"`
	}{Doc: d.ID, Quotations: make([]quotationJSON, len(qs))}
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
// (and the words that name them, when they differ), and the quotation.
func writeQuotesText(w io.Writer, i int, d dedupe.Document, qs []quote.Quotation) error {
	if i > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%s: %s\n", d.ID, english.Count(len(qs), "quotation"))
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
