package dedupe_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/quotetrace/quotetrace/dedupe"
)

// FuzzReadJSONL: any input gives documents or an error naming a line, never
// a panic.
func FuzzReadJSONL(f *testing.F) {
	f.Add("{\"id\": \"a\", \"text\": \"x\"}\n")
	f.Add("{\"id\": \"a\", \"text\": \"x\", \"published\": \"2017-04-06\"}\n{\"id\": \"b\"}\n")
	f.Add("\n\n{")
	f.Add("{\"id\": \"\", \"text\": \"\"}")
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := dedupe.ReadJSONL(strings.NewReader(in), "in.jsonl")
		if err != nil {
			if !errors.Is(err, dedupe.ErrInput) || !strings.Contains(err.Error(), "in.jsonl:") {
				t.Fatalf("error %q does not name the input and line", err)
			}
			return
		}
		for _, d := range docs {
			if d.ID == "" {
				t.Fatalf("document without id from %q", in)
			}
		}
	})
}

// FuzzShared aligns any two texts: every passage is a valid span of each
// text, and a report over them has exact member offsets.
func FuzzShared(f *testing.F) {
	a := `"To unmask an anonymous speaker online, the government must have a strong justification," she said.`
	f.Add(a, strings.ReplaceAll(a, ",", " ,"))
	f.Add("one two three four five six seven", "zero one two three four five six seven eight")
	f.Add("", "x")
	f.Add("a a a a a a a a a a a a", "a a a a a a a a a")
	f.Add("\xff\xfe a b c d e f g", "a b c d e f g \xc3")
	m, err := dedupe.NewMatcher(dedupe.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, x, y string) {
		px := m.Prepare(dedupe.Document{ID: "x", Text: x})
		py := m.Prepare(dedupe.Document{ID: "y", Text: y})
		for _, s := range m.Shared(px, py) {
			if s.AStart < 0 || s.AStart >= s.AEnd || s.AEnd > len(x) || s.BStart < 0 || s.BStart >= s.BEnd || s.BEnd > len(y) {
				t.Fatalf("bad span %+v", s)
			}
			if utf8.ValidString(x) && !utf8.ValidString(x[s.AStart:s.AEnd]) {
				t.Fatalf("span splits a rune: %+v", s)
			}
			if s.Similarity < 0 || s.Similarity > 1 {
				t.Fatalf("similarity %v", s.Similarity)
			}
		}
		c, err := dedupe.New(dedupe.Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Add(dedupe.Document{ID: "x", Text: x}, dedupe.Document{ID: "y", Text: y}); err != nil {
			t.Fatal(err)
		}
		r, err := c.Report()
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{"x": x, "y": y}
		for _, cl := range r.Clusters {
			for _, mem := range cl.Members {
				if texts[mem.Doc][mem.Start:mem.End] != mem.Text {
					t.Fatalf("inexact member %+v", mem)
				}
			}
		}
	})
}
