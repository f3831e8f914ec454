// Package seedcheck reads the seed articles' ground truth
// (testdata/seeds/expected.json) and checks reports against it, for the
// library's tests and the command's end-to-end tests alike.
package seedcheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/quotetrace/quotetrace/dedupe"
)

// Expectations is expected.json.
type Expectations struct {
	Documents map[string]struct {
		Published *string `json:"published"`
	} `json:"documents"`
	Clusters []struct {
		Name       string            `json:"name"`
		Level      string            `json:"level"`
		Kind       string            `json:"kind"`
		SpeakerAny []string          `json:"speaker_any"`
		Members    map[string]string `json:"members"`
	} `json:"clusters"`
	Together []struct {
		Name     string   `json:"name"`
		Clusters []string `json:"clusters"`
	} `json:"together"`
	Negatives map[string][]string `json:"negatives"`
	// Texts holds each seed article's text by file name.
	Texts map[string]string `json:"-"`
}

// Load reads expected.json and the articles it names from dir.
func Load(dir string) (*Expectations, error) {
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		return nil, err
	}
	e := &Expectations{Texts: map[string]string{}}
	if err := json.Unmarshal(b, e); err != nil {
		return nil, fmt.Errorf("expected.json: %w", err)
	}
	for name := range e.Documents {
		t, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		e.Texts[name] = string(t)
	}
	return e, nil
}

// AnchorSpan finds anchor in doc's text, any run of white space in the
// anchor standing for any run in the text, as expected.json specifies.
func (e *Expectations) AnchorSpan(doc, anchor string) (int, int, error) {
	var parts []string
	for _, w := range strings.Fields(anchor) {
		parts = append(parts, regexp.QuoteMeta(w))
	}
	loc := regexp.MustCompile(strings.Join(parts, `\s+`)).FindStringIndex(e.Texts[doc])
	if loc == nil {
		return 0, 0, fmt.Errorf("anchor %q not in %s", anchor, doc)
	}
	return loc[0], loc[1], nil
}

// Find returns the index of the first cluster that covers every anchor (a
// member of that document holding at least 60% of it), or -1.
func (e *Expectations) Find(r *dedupe.Report, anchors map[string]string) (int, error) {
	docs := make([]string, 0, len(anchors))
	for d := range anchors {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for i, c := range r.Clusters {
		all := true
		for _, doc := range docs {
			s, end, err := e.AnchorSpan(doc, anchors[doc])
			if err != nil {
				return -1, err
			}
			covered := false
			for _, m := range c.Members {
				if m.Doc == doc && min(m.End, end)-max(m.Start, s) >= (end-s)*6/10 {
					covered = true
					break
				}
			}
			if !covered {
				all = false
				break
			}
		}
		if all {
			return i, nil
		}
	}
	return -1, nil
}

// Problems lists every way r falls short of the must-level expectations:
// a missing cluster, a wrong kind or speaker, a clustered negative, an
// inexact offset. Should-level misses are not problems.
func (e *Expectations) Problems(r *dedupe.Report) []string {
	var out []string
	found := map[string]int{}
	for _, ec := range e.Clusters {
		i, err := e.Find(r, ec.Members)
		if err != nil {
			out = append(out, err.Error())
			continue
		}
		found[ec.Name] = i
		if ec.Level != "must" {
			continue
		}
		if i < 0 {
			out = append(out, fmt.Sprintf("%s: no cluster covers %v", ec.Name, ec.Members))
			continue
		}
		c := r.Clusters[i]
		if string(c.Kind) != ec.Kind {
			out = append(out, fmt.Sprintf("%s: kind %s, want %s", ec.Name, c.Kind, ec.Kind))
		}
		if len(ec.SpeakerAny) > 0 && !containsAny(c.Speaker, ec.SpeakerAny) {
			out = append(out, fmt.Sprintf("%s: speaker %q is none of %v", ec.Name, c.Speaker, ec.SpeakerAny))
		}
	}
	for _, tg := range e.Together {
		first := found[tg.Clusters[0]]
		for _, name := range tg.Clusters[1:] {
			if found[name] != first || first < 0 {
				out = append(out, fmt.Sprintf("%s: %s and %s are not one cluster", tg.Name, tg.Clusters[0], name))
			}
		}
	}
	docs := make([]string, 0, len(e.Negatives))
	for d := range e.Negatives {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for _, doc := range docs {
		for _, a := range e.Negatives[doc] {
			s, end, err := e.AnchorSpan(doc, a)
			if err != nil {
				out = append(out, err.Error())
				continue
			}
			for _, c := range r.Clusters {
				for _, m := range c.Members {
					if m.Doc == doc && 2*(min(m.End, end)-max(m.Start, s)) > end-s {
						out = append(out, fmt.Sprintf("negative %q is in cluster %d", a, c.ID))
					}
				}
			}
		}
	}
	for _, c := range r.Clusters {
		for _, m := range c.Members {
			text, ok := e.Texts[m.Doc]
			if !ok || m.Start < 0 || m.Start >= m.End || m.End > len(text) || text[m.Start:m.End] != m.Text {
				out = append(out, fmt.Sprintf("cluster %d: inexact member %s [%d:%d]", c.ID, m.Doc, m.Start, m.End))
			}
		}
	}
	return out
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(strings.ToLower(s), strings.ToLower(sub)) {
			return true
		}
	}
	return false
}
