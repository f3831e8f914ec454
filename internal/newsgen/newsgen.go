// Package newsgen generates deterministic news-like corpora for benchmarks
// and tests: articles of about 600 English words in sentences and
// paragraphs, some of them edited copies of others, and quotations that
// several articles carry, attributed to named people, with word-level edits.
// The same Config gives the same corpus on every machine.
//
// The vocabulary is real English: the commonest function words in their
// frequency order, then the SCOWL word lists (words.txt, names.txt) level by
// level, commoner levels first. Words are drawn by a Zipf law over that
// ranking, so about half of the running words are the hundred commonest, as
// in English text, while a large corpus still meets tens of thousands of
// distinct words, names and numbers.
package newsgen

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/quotetrace/quotetrace/dedupe"
)

// Config describes a corpus. Zero fields take the defaults shown.
type Config struct {
	Docs      int     // articles (default 1000)
	Words     int     // words per original article (default 600)
	Vocab     int     // distinct words drawn from (default and at most: all, about 39,000)
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
	if c.Vocab <= 0 || c.Vocab > len(vocabulary) {
		c.Vocab = len(vocabulary)
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

var (
	//go:embed words.txt
	wordsTxt string
	//go:embed names.txt
	namesTxt string

	vocabulary = rank(wordsTxt)
	names      = lines(namesTxt)
)

// common are the commonest English words, most frequent first (after the
// usual corpus counts); they head the ranking.
var common = strings.Fields(`the of and to a in that is was he for it with as
his on be at by i this had not are but from or have an they which one you
were her all she there would their we him been has when who will more no if
out so said what up its about into than them can only other new some could
time these two may then do first any my now such like our over man me even
most made after also did many before must through back years where much your
way well down should because each just those people how too little state good
very make world still own see men work long get here between both life being
under never day same another know while last might us great old year off come
since against go came right used take three`)

// rank returns the vocabulary: the common words, then each SCOWL level of
// words.txt in a fixed shuffled order (the lists are alphabetical).
func rank(txt string) []string {
	seen := make(map[string]bool)
	var out, level []string
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, w := range common {
		add(w)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	flush := func() {
		rng.Shuffle(len(level), func(i, j int) { level[i], level[j] = level[j], level[i] })
		for _, w := range level {
			add(w)
		}
		level = level[:0]
	}
	for _, l := range lines(txt) {
		if strings.HasPrefix(l, "= ") {
			flush()
			continue
		}
		level = append(level, l)
	}
	flush()
	return out
}

func lines(txt string) []string {
	var out []string
	for l := range strings.Lines(txt) {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// Generator makes the articles of a Config one at a time.
type Generator struct {
	cfg     Config
	rng     *rand.Rand
	zipf    *rand.Zipf
	quotes  [][]string
	people  []string
	history [][]string // words of recent originals, for copies (a ring)
	n       int
}

// maxHistory bounds the originals a copy is drawn from: news copies recent
// news, and a million-article corpus must not keep every article's words.
const maxHistory = 4096

// New returns a generator for cfg.
func New(cfg Config) *Generator {
	cfg = cfg.withDefaults()
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
	g := &Generator{cfg: cfg, rng: rng, zipf: rand.NewZipf(rng, 1.07, 2.7, uint64(cfg.Vocab-1))}
	for range cfg.Quotes {
		g.quotes = append(g.quotes, g.words(15+rng.IntN(20)))
		g.people = append(g.people, names[rng.IntN(len(names))]+" "+names[rng.IntN(len(names))])
	}
	return g
}

// word draws one word: mostly from the vocabulary, sometimes a name or a
// number, which make most of the rare words of real news.
func (g *Generator) word() string {
	switch r := g.rng.IntN(100); {
	case r < 2:
		return names[g.rng.IntN(len(names))]
	case r < 3:
		return strconv.Itoa(g.rng.IntN(2000))
	}
	return vocabulary[g.zipf.Uint64()]
}

func (g *Generator) words(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = g.word()
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
			out = append(out, g.word())
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
		if len(g.history) < maxHistory {
			g.history = append(g.history, body)
		} else {
			g.history[g.n%maxHistory] = body
		}
	}
	var b strings.Builder
	b.Grow(7 * len(body))
	quoteAt := -1
	if g.rng.Float64() < g.cfg.QuoteRate {
		quoteAt = g.rng.IntN(len(body) + 1)
	}
	sentence, sentences := 0, 0
	for k, w := range body {
		if k == quoteAt {
			if sentence > 0 {
				b.WriteString(". ")
			}
			q := g.rng.IntN(len(g.quotes))
			fmt.Fprintf(&b, "“%s,” %s said. ", title(strings.Join(g.edit(g.quotes[q]), " ")), g.people[q])
			sentence = 0
		}
		if sentence == 0 {
			w = title(w)
		}
		b.WriteString(w)
		sentence++
		switch {
		case k == len(body)-1:
		case sentence >= 8 && g.rng.IntN(12) == 0:
			b.WriteString(".")
			sentence = 0
			if sentences++; sentences%4 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		case g.rng.IntN(14) == 0:
			b.WriteString(", ")
		default:
			b.WriteByte(' ')
		}
	}
	return dedupe.Document{
		ID:        fmt.Sprintf("gen-%07d", i),
		Text:      strings.TrimSpace(b.String()) + ".",
		Published: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
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
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	return string(w[0]-'a'+'A') + w[1:]
}
