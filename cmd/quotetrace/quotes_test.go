package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
)

// quotesLine is one line of `quotes --format json`, as QUOTES-CONTRACT.md
// lays it out.
type quotesLine struct {
	Doc        string `json:"doc"`
	Quotations []struct {
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
	} `json:"quotations"`
	LeftOut map[string]int `json:"left_out"`
}

func readQuotes(t *testing.T, out string) []quotesLine {
	t.Helper()
	var lines []quotesLine
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var ql quotesLine
		require.NoError(t, json.Unmarshal([]byte(l), &ql), l)
		lines = append(lines, ql)
	}
	return lines
}

// TestQuotesSeeds: one JSON line per seed article in input order; every
// offset indexes the article as given; Waxman and Wessler are named for
// their quotations.
func TestQuotesSeeds(t *testing.T) {
	r := quotetrace(t, "", "quotes", "--format", "json", seedDir)
	require.Equal(t, 0, r.code, r.stderr)
	lines := readQuotes(t, r.stdout)
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	require.NoError(t, err)
	require.Len(t, lines, len(files))
	type said struct{ text, speaker string }
	var in002 []said
	for i, l := range lines {
		assert.Equal(t, filepath.Base(files[i]), l.Doc)
		b, err := os.ReadFile(files[i])
		require.NoError(t, err)
		text := string(b)
		for k, q := range l.Quotations {
			at := fmt.Sprintf("%s quotation %d", l.Doc, k)
			assertSpan(t, text, q.Start, q.End, q.Text, at+" text", false)
			assertSpan(t, text, q.SpeakerStart, q.SpeakerEnd, q.SpeakerText, at+" speaker mention", true)
			assertSpan(t, text, q.CueStart, q.CueEnd, q.Cue, at+" cue", true)
			assert.Contains(t, []string{"direct", "partial", "scare"}, q.Kind, at)
			if strings.HasPrefix(l.Doc, "002") {
				in002 = append(in002, said{q.Text, q.Speaker})
			}
		}
	}
	for _, want := range []said{
		{"In these circumstances", "Seth Waxman (Wilmer Hale)"},
		{"But Defendants have not", "Seth Waxman (Wilmer Hale)"},
		{"The right to anonymously", "Nathan Freed Wessler (ACLU)"},
		{"To unmask an anonymous", "Nathan Freed Wessler (ACLU)"},
	} {
		var speakers []string
		for _, q := range in002 {
			if strings.HasPrefix(q.text, want.text) {
				speakers = append(speakers, q.speaker)
			}
		}
		assert.Equal(t, []string{want.speaker}, speakers, "the one quotation of 002 starting %q", want.text)
	}
}

// assertSpan checks that [start, end) is a non-empty span within text and
// got is the text there, or, where absent is allowed, that start, end and
// got are -1, -1, "", as QUOTES-CONTRACT.md gives an absent span (an empty
// one is absent). It never slices out of range, so a bad offset fails the
// test rather than panicking.
func assertSpan(t *testing.T, text string, start, end int, got, what string, absent bool) {
	t.Helper()
	if absent && (start < 0 || end < 0 || start == end) {
		assert.Equal(t, [2]int{-1, -1}, [2]int{start, end}, "%s: an absent span is -1, -1", what)
		assert.Empty(t, got, "%s: an absent span has no text", what)
		return
	}
	if !assert.True(t, 0 <= start && start < end && end <= len(text), "%s: [%d:%d] is not a span of the %d bytes of the text", what, start, end, len(text)) {
		return
	}
	assert.Equal(t, text[start:end], got, what)
}

// TestQuotesInputs: documents come out in input order, JSONL on standard
// input included, and the text output names speaker, mention and place.
func TestQuotesInputs(t *testing.T) {
	text := `"It deserves protection," said Nathan Freed Wessler, an ACLU attorney. "We will appeal," Wessler added.`
	path := writeJSONL(t, "b.jsonl", []dedupe.Document{{ID: "b", Text: text}, {ID: "a", Text: "No quotations here."}})
	stdin := `{"id": "c", "text": "The so-called \"reform\" passed."}` + "\n"
	r := quotetrace(t, stdin, "quotes", "--format", "json", "--kind", "all", path, "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr, "--kind all leaves nothing out")
	lines := readQuotes(t, r.stdout)
	require.Len(t, lines, 3)
	assert.Equal(t, []string{"b", "a", "c"}, []string{lines[0].Doc, lines[1].Doc, lines[2].Doc})
	require.Len(t, lines[0].Quotations, 2)
	q := lines[0].Quotations[1]
	assert.Equal(t, "Nathan Freed Wessler (ACLU)", q.Speaker)
	assert.Equal(t, "Wessler", q.SpeakerText)
	assert.Equal(t, strings.Index(text, "Wessler added"), q.SpeakerStart)
	assert.Equal(t, "added", q.Cue)
	assert.Empty(t, lines[1].Quotations)
	require.Len(t, lines[2].Quotations, 1)
	assert.Equal(t, "scare", lines[2].Quotations[0].Kind)
	assert.Equal(t, -1, lines[2].Quotations[0].SpeakerStart)
	for _, l := range lines {
		assert.Nil(t, l.LeftOut, "%s: --kind all leaves nothing out", l.Doc)
	}

	r = quotetrace(t, "", "quotes", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "b: 2 quotations")
	assert.Contains(t, r.stdout, `direct · Nathan Freed Wessler (ACLU) ("Wessler")`)
	assert.Contains(t, r.stdout, "a: 0 quotations")
}

// TestQuotesKind: by default quotes lists every quotation, as the contract
// asks; --kind chooses the kinds, and what it leaves out is counted per
// document in left_out (and in the text's heading) and in one line on
// standard error, which --quiet drops.
func TestQuotesKind(t *testing.T) {
	text := "\"We will appeal,\" Wessler said.\n\n" +
		"Wessler said the ruling was \"plainly wrong\" and \"a blow to privacy\" for everyone.\n\n" +
		"The so-called \"reform\" passed.\n\nThe \"Gang of Eight\" met on \"Meet the Press\" today.\n"
	path := writeJSONL(t, "k.jsonl", []dedupe.Document{{ID: "k", Text: text}, {ID: "none", Text: "No quotations here."}})
	kindsOf := func(l quotesLine) map[string]int {
		m := map[string]int{}
		for _, q := range l.Quotations {
			m[q.Kind]++
		}
		return m
	}

	r := quotetrace(t, "", "quotes", "--format", "json", "--kind", "all", path)
	require.Equal(t, 0, r.code, r.stderr)
	all := readQuotes(t, r.stdout)
	require.Len(t, all, 2)
	assert.Equal(t, map[string]int{"direct": 1, "partial": 2, "scare": 3}, kindsOf(all[0]))
	assert.Empty(t, r.stderr)

	r = quotetrace(t, "", "quotes", "--format", "json", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, all, readQuotes(t, r.stdout), "the default is all")
	assert.Empty(t, r.stderr)

	r = quotetrace(t, "", "quotes", "--format", "json", "--kind", "direct,partial", path)
	require.Equal(t, 0, r.code, r.stderr)
	def := readQuotes(t, r.stdout)
	require.Len(t, def, 2)
	assert.Equal(t, map[string]int{"direct": 1, "partial": 2}, kindsOf(def[0]))
	assert.Equal(t, map[string]int{"scare": 3}, def[0].LeftOut)
	assert.Nil(t, def[1].LeftOut, "nothing left out: no left_out")
	assert.NotContains(t, strings.SplitN(r.stdout, "\n", 2)[1], "left_out", "the field is omitted when zero")
	assert.Equal(t, "quotetrace: note: 3 scare quotes, titles and nicknames left out by --kind\n", r.stderr)
	// The quotations kept are those of the default, in the same order.
	var kept []string
	for _, q := range all[0].Quotations {
		if q.Kind != "scare" {
			kept = append(kept, q.Text)
		}
	}
	var got []string
	for _, q := range def[0].Quotations {
		got = append(got, q.Text)
	}
	assert.Equal(t, kept, got)

	r = quotetrace(t, "", "quotes", "--format", "json", "--quiet", "--kind", " Direct, scare", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr, "--quiet")
	some := readQuotes(t, r.stdout)
	assert.Equal(t, map[string]int{"direct": 1, "scare": 3}, kindsOf(some[0]))
	assert.Equal(t, map[string]int{"partial": 2}, some[0].LeftOut)

	r = quotetrace(t, "", "quotes", "--kind", "direct", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "k: 1 quotation (2 partial quotations and 3 scare quotes, titles and nicknames left out)\n")
	assert.Contains(t, r.stdout, "none: 0 quotations\n")
	assert.Contains(t, r.stderr, "2 partial quotations and 3 scare quotes, titles and nicknames left out")

	for _, bad := range []string{"", "quotation", "direct,", "scare,titles"} {
		r = quotetrace(t, "", "quotes", "--kind", bad, path)
		assert.Equal(t, 2, r.code, "--kind %q", bad)
		assert.Contains(t, r.stderr, "--kind: unknown quotation kind", "--kind %q", bad)
		assert.Empty(t, r.stdout)
	}
}

func TestQuotesUsage(t *testing.T) {
	r := quotetrace(t, "", "quotes", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "Example:\n  quotetrace quotes --format json")
	assert.Contains(t, r.stdout, "quotetrace quotes --kind direct,partial article.txt")
	r = quotetrace(t, "", "quotes")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "quotes needs at least one INPUT")
	r = quotetrace(t, "", "quotes", "--format", "xml", seedDir)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--format must be text or json")
	r = quotetrace(t, "", "quotes", filepath.Join(t.TempDir(), "missing.jsonl"))
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "missing.jsonl")
}
