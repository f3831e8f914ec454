package dedupe_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/dedupe"
)

var update = flag.Bool("update", false, "rewrite golden files")

const seedDir = "../testdata/seeds"

// expectations is testdata/seeds/expected.json.
type expectations struct {
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
}

func loadExpectations(t *testing.T) expectations {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedDir, "expected.json"))
	require.NoError(t, err)
	var e expectations
	require.NoError(t, json.Unmarshal(b, &e))
	return e
}

func seedReport(t *testing.T, opts dedupe.Options) (*dedupe.Report, map[string]string) {
	t.Helper()
	docs, err := dedupe.ReadDir(seedDir)
	require.NoError(t, err)
	require.Len(t, docs, 5)
	c, err := dedupe.New(opts)
	require.NoError(t, err)
	require.NoError(t, c.Add(docs...))
	r, err := c.Report()
	require.NoError(t, err)
	texts := map[string]string{}
	for _, d := range docs {
		texts[d.ID] = d.Text
	}
	return r, texts
}

// anchorSpan finds anchor in text, any run of white space in the anchor
// standing for any run in the text, as expected.json specifies.
func anchorSpan(t *testing.T, text, anchor string) (int, int) {
	t.Helper()
	var parts []string
	for _, w := range strings.Fields(anchor) {
		parts = append(parts, regexp.QuoteMeta(w))
	}
	loc := regexp.MustCompile(strings.Join(parts, `\s+`)).FindStringIndex(text)
	require.NotNil(t, loc, "anchor %q", anchor)
	return loc[0], loc[1]
}

// covers: the member holds the anchor, or at least 60% of it.
func covers(m dedupe.Member, start, end int) bool {
	return min(m.End, end)-max(m.Start, start) >= (end-start)*6/10
}

// findCluster returns the index of the cluster covering every anchor.
func findCluster(t *testing.T, r *dedupe.Report, texts map[string]string, anchors map[string]string) int {
	t.Helper()
	for i, c := range r.Clusters {
		all := true
		for doc, anchor := range anchors {
			s, e := anchorSpan(t, texts[doc], anchor)
			if !containsFunc(c.Members, func(m dedupe.Member) bool { return m.Doc == doc && covers(m, s, e) }) {
				all = false
				break
			}
		}
		if all {
			return i
		}
	}
	return -1
}

func containsFunc[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}

func TestSeedExpectations(t *testing.T) {
	e := loadExpectations(t)
	r, texts := seedReport(t, dedupe.Options{})
	found := map[string]int{}
	for _, ec := range e.Clusters {
		t.Run(ec.Name, func(t *testing.T) {
			i := findCluster(t, r, texts, ec.Members)
			found[ec.Name] = i
			if ec.Level != "must" {
				if i < 0 {
					t.Logf("should-cluster %s not found", ec.Name)
				}
				return
			}
			require.GreaterOrEqual(t, i, 0, "no cluster covers %v", ec.Members)
			c := r.Clusters[i]
			assert.Equal(t, dedupe.Kind(ec.Kind), c.Kind, "kind")
			if len(ec.SpeakerAny) > 0 {
				assert.True(t, containsFunc(ec.SpeakerAny, func(s string) bool {
					return strings.Contains(strings.ToLower(c.Speaker), strings.ToLower(s))
				}), "cluster speaker %q is none of %v", c.Speaker, ec.SpeakerAny)
			}
		})
	}
	for _, tg := range e.Together {
		t.Run(tg.Name, func(t *testing.T) {
			first := found[tg.Clusters[0]]
			for _, name := range tg.Clusters {
				assert.Equal(t, first, found[name], "%s is not in the cluster of %s", name, tg.Clusters[0])
			}
		})
	}
	for doc, anchors := range e.Negatives {
		for _, a := range anchors {
			t.Run("negative "+doc[:3]+" "+a[:20], func(t *testing.T) {
				s, end := anchorSpan(t, texts[doc], a)
				for _, c := range r.Clusters {
					for _, m := range c.Members {
						if m.Doc == doc {
							overlap := min(m.End, end) - max(m.Start, s)
							assert.LessOrEqual(t, 2*overlap, end-s, "cluster %d holds the negative %q", c.ID, a)
						}
					}
				}
			})
		}
	}
}

// The named speakers of 002 reach their clusters: the most informative
// attribution wins over "the lawsuit" and over 000's "the ACLU".
func TestSeedSpeakersAreNamed(t *testing.T) {
	r, texts := seedReport(t, dedupe.Options{})
	cases := map[string]struct{ doc, anchor, speaker string }{
		"waxman":  {"002_1d8b1f4f4203ccee.txt", "may not compel Twitter to disclose", "Seth Waxman (Wilmer Hale)"},
		"wessler": {"002_1d8b1f4f4203ccee.txt", "To unmask an anonymous speaker online", "Nathan Freed Wessler (ACLU)"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			i := findCluster(t, r, texts, map[string]string{c.doc: c.anchor})
			require.GreaterOrEqual(t, i, 0)
			assert.Equal(t, c.speaker, r.Clusters[i].Speaker)
		})
	}
}

func TestSeedReportInvariants(t *testing.T) {
	e := loadExpectations(t)
	r, texts := seedReport(t, dedupe.Options{})
	require.NotEmpty(t, r.Clusters)
	require.Len(t, r.Documents, 5)
	for _, d := range r.Documents {
		want := e.Documents[d.ID].Published
		if want == nil {
			assert.Empty(t, d.Published, d.ID)
		} else {
			assert.Equal(t, *want, d.Published, d.ID)
		}
		assert.Equal(t, len(texts[d.ID]), d.Bytes)
	}
	for _, c := range r.Clusters {
		docs := map[string]bool{}
		for k, m := range c.Members {
			docs[m.Doc] = true
			text := texts[m.Doc]
			require.True(t, 0 <= m.Start && m.Start < m.End && m.End <= len(text), "cluster %d member %s", c.ID, m.Doc)
			assert.Equal(t, text[m.Start:m.End], m.Text, "offsets are exact")
			assert.True(t, m.Similarity >= 0 && m.Similarity <= 1)
			if k > 0 {
				prev := c.Members[k-1]
				// Oldest first, undated last.
				assert.False(t, prev.Published == "" && m.Published != "", "cluster %d: undated before dated", c.ID)
				if prev.Published != "" && m.Published != "" {
					assert.LessOrEqual(t, prev.Published, m.Published)
				}
			}
		}
		assert.GreaterOrEqual(t, len(docs), 2, "cluster %d spans two documents", c.ID)
		if c.Members[0].Published != "" {
			assert.Equal(t, c.Members[0].Doc, c.Origin, "origin is the earliest dated member")
		} else {
			assert.Empty(t, c.Origin)
		}
		assert.Contains(t, []dedupe.Kind{dedupe.Quotation, dedupe.Passage}, c.Kind)
	}
}

func TestReportIsDeterministic(t *testing.T) {
	var outs [][]byte
	for _, workers := range []int{1, 2, 7} {
		r, _ := seedReport(t, dedupe.Options{Workers: workers})
		var buf bytes.Buffer
		require.NoError(t, r.WriteJSON(&buf))
		outs = append(outs, buf.Bytes())
	}
	assert.Equal(t, string(outs[0]), string(outs[1]))
	assert.Equal(t, string(outs[0]), string(outs[2]))
}

func TestGoldenText(t *testing.T) {
	r, _ := seedReport(t, dedupe.Options{})
	var buf bytes.Buffer
	require.NoError(t, r.WriteText(&buf))
	golden := filepath.Join("testdata", "seeds.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./dedupe -run Golden -update to create it")
	assert.Equal(t, string(want), buf.String())
}
