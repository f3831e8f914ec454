// Package newsgen generates deterministic news-like corpora for benchmarks
// and tests: articles of a few hundred words over a Zipf-distributed
// vocabulary, some of them edited copies of others, and quotations that
// several articles carry with word-level edits. The same Config gives the
// same corpus on every machine.
package newsgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/quotetrace/quotetrace/dedupe"
)

// Config describes a corpus. Zero fields take the defaults shown.
type Config struct {
	Docs      int     // articles (default 1000)
	Words     int     // words per original article (default 600)
	Vocab     int     // distinct words (default 20000)
	CopyRate  float64 // share of articles that are edited copies of earlier ones (default 0.1)
	Quotes    int     // distinct quotations (default Docs/20, at least 1)
	QuoteRate float64 // share of articles that carry a quotation (default 0.3)
	EditRate  float64 // chance a word of a copy or quotation is dropped, swapped or replaced (default 0.03)
	Seed      uint64
}

func (c Config) withDefaults() Config {
	if c.Docs == 0 {
		c.Docs = 1000
	}
	if c.Words == 0 {
		c.Words = 600
	}
	if c.Vocab == 0 {
		c.Vocab = 20000
	}
	if c.CopyRate == 0 {
		c.CopyRate = 0.1
	}
	if c.Quotes == 0 {
		c.Quotes = max(1, c.Docs/20)
	}
	if c.QuoteRate == 0 {
		c.QuoteRate = 0.3
	}
	if c.EditRate == 0 {
		c.EditRate = 0.03
	}
	return c
}

// Generator makes the articles of a Config one at a time.
type Generator struct {
	cfg     Config
	rng     *rand.Rand
	zipf    *rand.Zipf
	vocab   []string
	quotes  [][]string
	people  []string
	history [][]string // words of earlier originals, for copies
	n       int
}

var syllables = strings.Fields("ka lo mi ne ra to su vi de an el or in at us pre con ter ment tion ble ly ing ed er")

// New returns a generator for cfg.
func New(cfg Config) *Generator {
	cfg = cfg.withDefaults()
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
	g := &Generator{cfg: cfg, rng: rng, zipf: rand.NewZipf(rng, 1.1, 2, uint64(cfg.Vocab-1))}
	// Word i spells i+1 in base len(syllables): unique by construction, and
	// the frequent (low-ranked) words are the short ones, as in real text.
	for i := range cfg.Vocab {
		var b strings.Builder
		for n := i + 1; n > 0; n /= len(syllables) {
			b.WriteString(syllables[n%len(syllables)])
		}
		g.vocab = append(g.vocab, b.String())
	}
	for range cfg.Quotes {
		g.quotes = append(g.quotes, g.words(15+rng.IntN(20)))
		g.people = append(g.people, title(g.vocab[rng.IntN(len(g.vocab))])+" "+title(g.vocab[rng.IntN(len(g.vocab))]))
	}
	return g
}

func (g *Generator) words(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = g.vocab[g.zipf.Uint64()]
	}
	return out
}

// edit drops, swaps or replaces words at the configured rate.
func (g *Generator) edit(ws []string) []string {
	out := make([]string, 0, len(ws))
	for i := 0; i < len(ws); i++ {
		if g.rng.Float64() >= g.cfg.EditRate {
			out = append(out, ws[i])
			continue
		}
		switch g.rng.IntN(3) {
		case 0: // drop
		case 1: // swap with the next word
			if i+1 < len(ws) {
				out = append(out, ws[i+1], ws[i])
				i++
			} else {
				out = append(out, ws[i])
			}
		default:
			out = append(out, g.vocab[g.zipf.Uint64()])
		}
	}
	return out
}

// Next returns the next article, or false after Config.Docs articles.
func (g *Generator) Next() (dedupe.Document, bool) {
	if g.n >= g.cfg.Docs {
		return dedupe.Document{}, false
	}
	i := g.n
	g.n++
	var body []string
	if len(g.history) > 0 && g.rng.Float64() < g.cfg.CopyRate {
		body = g.edit(g.history[g.rng.IntN(len(g.history))])
	} else {
		body = g.words(g.cfg.Words)
		g.history = append(g.history, body)
	}
	var b strings.Builder
	quoteAt := -1
	if g.rng.Float64() < g.cfg.QuoteRate {
		quoteAt = g.rng.IntN(len(body) + 1)
	}
	sentence := 0
	for k, w := range body {
		if k == quoteAt {
			q := g.rng.IntN(len(g.quotes))
			fmt.Fprintf(&b, "“%s,” %s said. ", strings.Join(g.edit(g.quotes[q]), " "), g.people[q])
			sentence = 0
		}
		if sentence == 0 {
			w = title(w)
		}
		b.WriteString(w)
		sentence++
		if sentence >= 12 && g.rng.IntN(8) == 0 {
			b.WriteString(". ")
			sentence = 0
		} else {
			b.WriteByte(' ')
		}
	}
	return dedupe.Document{
		ID:        fmt.Sprintf("gen-%07d", i),
		Text:      strings.TrimSpace(b.String()) + ".",
		Published: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
		Source:    fmt.Sprintf("outlet-%d", i%50),
	}, true
}

// All returns the whole corpus.
func All(cfg Config) []dedupe.Document {
	g := New(cfg)
	var out []dedupe.Document
	for d, ok := g.Next(); ok; d, ok = g.Next() {
		out = append(out, d)
	}
	return out
}

func title(w string) string {
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}
