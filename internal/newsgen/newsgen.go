// Package newsgen generates deterministic news-like corpora for benchmarks
// and tests: articles of about 600 English words in sentences and
// paragraphs, some of them edited copies of others, and quotations that
// several articles carry, attributed to named people, with word-level edits.
// The same Config gives the same corpus on every machine.
//
// Articles come from a fixed set of made-up outlets (Document.Source), a
// few big and many small. Each outlet has its own boilerplate: a dateline
// or byline opening its articles, with a city or writer that varies, and
// a footer of copyright, subscription and contact lines closing them;
// most of its articles carry both verbatim, as real news does, so that a
// benchmark pays for boilerplate shared by thousands of articles.
// A tenth of the outlets are news agencies whose wire stories two to six
// papers republish within hours or days, with light edits and their own
// boilerplate. A few popular quotations, attributed to named speakers,
// are each carried by a share of all the articles (2 % by default: 2,000
// of 100,000), most verbatim, some with a tiny edit; a test can learn the
// carriers from Generator.CarriesPopular. Articles are published a minute
// apart, in order, so an original is always older than its copies.
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
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/quotetrace/quotetrace/dedupe"
)

// Config describes a corpus. Zero fields take the defaults shown; a
// negative rate, Quotes or PopularQuotes turns its feature off.
type Config struct {
	Docs      int     // articles (default 1000)
	Words     int     // words per original article (default 600)
	Vocab     int     // distinct words drawn from (default and at most: all, about 39,000)
	CopyRate  float64 // share of articles that are edited copies of earlier ones (default 0.1); see WireRate
	Quotes    int     // distinct quotations (default Docs/20, at least 1)
	QuoteRate float64 // share of articles that carry a quotation (default 0.3)
	EditRate  float64 // chance a word of a copy or quotation is dropped, swapped or replaced (default 0.03)

	// Sources is how many outlets publish the articles (default 20, at most
	// 65,536): a tenth of them news agencies (at most 8, none with fewer
	// than 3 outlets; see WireRate), the rest
	// papers whose sizes follow a Zipf law (with 18 papers the biggest has
	// over a quarter of the articles, the smallest under 2 %). See
	// Generator.Outlets.
	Sources int
	// BoilerplateRate is the share of an outlet's articles that open with
	// its header, and independently the share that close with its footer
	// (default 0.8).
	BoilerplateRate float64
	// WireRate is the share of articles that are wire stories (default
	// 0.1): a news agency's story, then its republications by two to six
	// papers (four on average), due 6 hours later on average and at most 3
	// days, all within the corpus. A republication is the story's text with
	// light edits: a paragraph dropped or the last ones cut, or neither,
	// and up to three words replaced, under the paper's own header and
	// footer. CopyRate copies differ: one copy of any of the last 4096
	// original articles, at any later time, by any outlet, with words
	// edited at EditRate throughout and punctuation written afresh.
	WireRate float64
	// PopularQuotes is how many popular quotations there are (default 3):
	// lines that everyone quotes, each in about PopularRate of all the
	// articles (default 0.02; 1 or more: every article), verbatim or with
	// a tiny edit, attributed to a named speaker, set at a sentence
	// boundary of an otherwise unrelated text. See Generator.PopularQuote
	// and Generator.CarriesPopular.
	PopularQuotes int
	PopularRate   float64

	Seed uint64
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
	if c.Sources <= 0 {
		c.Sources = 20
	}
	c.Sources = min(c.Sources, maxOutlets, math.MaxUint16+1)
	if c.BoilerplateRate == 0 {
		c.BoilerplateRate = 0.8
	}
	if c.WireRate == 0 {
		c.WireRate = 0.1
	}
	if c.PopularQuotes == 0 {
		c.PopularQuotes = 3
	}
	c.PopularQuotes = max(0, c.PopularQuotes)
	if c.PopularRate == 0 {
		c.PopularRate = 0.02
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
	// table holds every word an article is made of, by id: the vocabulary
	// in rank order, then the names, then the numbers 0 to 1999. Articles
	// are built as ids, two bytes a word and nothing for the garbage
	// collector to scan.
	table = wordTable()
)

// numbers is how many numbers (0 to numbers-1) articles use as words.
const numbers = 2000

func wordTable() []string {
	t := make([]string, 0, len(vocabulary)+len(names)+numbers)
	t = append(append(t, vocabulary...), names...)
	for n := range numbers {
		t = append(t, strconv.Itoa(n))
	}
	if len(t) > math.MaxUint16+1 {
		panic("newsgen: word ids do not fit in 16 bits")
	}
	return t
}

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
	dist    alias // draws a word id
	quotes  [][]uint16
	people  []string
	history [][]uint16 // words of recent originals, for copies (a ring)
	outlets []outlet   // agencies, then papers
	papers  alias      // draws a paper, counted from the first
	wire    int        // agencies: outlets[:wire]
	buf     []byte     // the article being written
	n       int

	agencies  alias   // draws an agency
	wireStart float64 // chance an article starts a wire story
	pending   queue   // republications to come
	seq       int     // republications queued so far
	ends      []int   // paragraph ends or sentence starts
	scratch   []byte  // a text being edited

	popular     [][]uint16 // popular quotations
	popularText []string   // as carriers have them verbatim
	speakers    []string   // who says them
}

// epoch is when the first article is published; one follows every minute.
var epoch = time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)

// maxHistory bounds the originals a copy is drawn from: news copies recent
// news, and a million-article corpus must not keep every article's words.
const maxHistory = 4096

// New returns a generator for cfg.
func New(cfg Config) *Generator {
	cfg = cfg.withDefaults()
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
	g := &Generator{cfg: cfg, rng: rng, dist: wordDistribution(cfg.Vocab)}
	for range cfg.Quotes {
		g.quotes = append(g.quotes, g.drawWords(15+rng.IntN(20)))
		g.people = append(g.people, names[rng.IntN(len(names))]+" "+names[rng.IntN(len(names))])
	}
	// The outlets depend on the seed and their number only, not on the
	// rest of the Config.
	g.outlets = makeOutlets(rand.New(rand.NewPCG(cfg.Seed, 0x6a09e667f3bcc909)), cfg.Sources)
	g.wire = agencies(cfg.Sources)
	g.papers = newAlias(zipfSizes(cfg.Sources - g.wire))
	g.agencies = newAlias(zipfSizes(g.wire))
	if g.wire > 0 {
		g.wireStart = wireStart(cfg.WireRate, cfg.Sources-g.wire)
	}
	g.makePopular()
	return g
}

// zipfSizes are n weights by a Zipf law, 1/rank.
func zipfSizes(n int) []uint64 {
	w := make([]uint64, n)
	for i := range w {
		w[i] = (1 << 40) / uint64(i+1)
	}
	return w
}

// Outlets returns the corpus's outlets, news agencies first, then papers
// from the biggest. Document.Source is one of their names.
func (g *Generator) Outlets() []Outlet {
	out := make([]Outlet, len(g.outlets))
	for i, o := range g.outlets {
		out[i] = o.Outlet
	}
	return out
}

// wordDistribution is how words are drawn: 97 in 100 from the first vocab
// words of the vocabulary by a Zipf law, P(rank k) proportional to
// (2.7+k)^-1.07, 2 in 100 a name and 1 in 100 a number, uniformly; names
// and numbers make most of the rare words of real news. The weights are
// made integers once and the tables built in integer arithmetic, so that
// drawing is the same on every machine.
func wordDistribution(vocab int) alias {
	const scale = 1 << 44 // total weight; times len(table) < 2^64
	zipf := make([]float64, vocab)
	sum := 0.0
	for k := range zipf {
		zipf[k] = math.Pow(2.7+float64(k), -1.07)
		sum += zipf[k]
	}
	w := make([]uint64, len(table))
	for k, z := range zipf {
		w[k] = uint64(z / sum * (0.97 * scale))
	}
	name, number := uint64(scale/50)/uint64(len(names)), uint64(scale/100)/numbers
	for i := range names {
		w[len(vocabulary)+i] = name
	}
	for i := range numbers {
		w[len(vocabulary)+len(names)+i] = number
	}
	return newAlias(w)
}

// alias draws an index with probability proportional to its weight, in
// constant time with one random number (Walker's alias method).
type alias struct {
	keep  []uint32 // keep index i when the low 32 bits are below keep[i]
	other []uint16 // else take other[i]
}

// newAlias builds the tables by Vose's method in integer arithmetic: every
// bucket holds the average weight, total/n, scaled here to total by
// multiplying each weight by n.
func newAlias(w []uint64) alias {
	n := uint64(len(w))
	a := alias{keep: make([]uint32, n), other: make([]uint16, n)}
	total := uint64(0)
	q := make([]uint64, n)
	var small, large []int
	for i, x := range w {
		total += x
		q[i] = x * n
	}
	for i := range q {
		if q[i] < total {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		hi, lo := bits.Mul64(q[s], 1<<32)
		keep, _ := bits.Div64(hi, lo, total)
		a.keep[s], a.other[s] = uint32(keep), uint16(l)
		if q[l] -= total - q[s]; q[l] < total {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) { // full buckets, up to rounding
		a.keep[i], a.other[i] = math.MaxUint32, uint16(i)
	}
	return a
}

func (a alias) draw(rng *rand.Rand) uint16 {
	r := rng.Uint64()
	i := (r >> 32) * uint64(len(a.keep)) >> 32
	if uint32(r) < a.keep[i] {
		return uint16(i)
	}
	return a.other[i]
}

// word draws one word id.
func (g *Generator) word() uint16 { return g.dist.draw(g.rng) }

// drawWords draws n words.
func (g *Generator) drawWords(n int) []uint16 {
	out := make([]uint16, n)
	for i := range out {
		out[i] = g.word()
	}
	return out
}

// edit drops, swaps or replaces words at the configured rate.
func (g *Generator) edit(ws []uint16) []uint16 {
	out := make([]uint16, 0, len(ws))
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
	o := g.republish(i)
	if o == nil {
		o = g.startWire(i)
	}
	if o == nil {
		o = g.article(i)
	}
	return dedupe.Document{
		ID:        fmt.Sprintf("gen-%07d", i),
		Text:      string(g.buf),
		Published: epoch.Add(time.Duration(i) * time.Minute),
		Source:    o.Name,
	}, true
}

// article writes a paper's article i into g.buf, an original or an edited
// copy of a recent one, and returns the paper.
func (g *Generator) article(i int) *outlet {
	var body []uint16
	if len(g.history) > 0 && g.rng.Float64() < g.cfg.CopyRate {
		body = g.edit(g.history[g.rng.IntN(len(g.history))])
	} else {
		body = g.drawWords(g.cfg.Words)
		g.remember(body)
	}
	o := &g.outlets[g.wire+int(g.papers.draw(g.rng))]
	b := g.buf[:0]
	if g.rng.Float64() < g.cfg.BoilerplateRate {
		b = o.header(b, g.rng)
	}
	start := len(b)
	b = g.addPopular(g.render(b, body), start, i)
	if g.rng.Float64() < g.cfg.BoilerplateRate {
		b = o.footer(b, g.rng)
	}
	g.buf = b
	return o
}

// remember keeps an original's words for later copies.
func (g *Generator) remember(words []uint16) {
	if len(g.history) < maxHistory {
		g.history = append(g.history, words)
	} else {
		g.history[g.n%maxHistory] = words
	}
}

// render appends body to b as sentences and paragraphs, sometimes with a
// quotation set in it, and returns b. The text ends with a full stop.
func (g *Generator) render(b []byte, body []uint16) []byte {
	quoteAt := -1
	if len(g.quotes) > 0 && g.rng.Float64() < g.cfg.QuoteRate {
		quoteAt = g.rng.IntN(len(body) + 1)
	}
	sentence, sentences := 0, 0
	for k, id := range body {
		if k == quoteAt {
			if sentence > 0 {
				b = append(endSentence(b), ' ')
			}
			b = g.quote(b, g.rng.IntN(len(g.quotes)))
			b = append(b, ' ')
			sentence = 0
		}
		if sentence == 0 {
			b = appendTitle(b, table[id])
		} else {
			b = append(b, table[id]...)
		}
		sentence++
		switch {
		case k == len(body)-1:
		case sentence >= 8 && g.rng.IntN(12) == 0:
			b = append(b, '.')
			sentence = 0
			if sentences++; sentences%4 == 0 {
				b = append(b, "\n\n"...)
			} else {
				b = append(b, ' ')
			}
		case g.rng.IntN(14) == 0:
			b = append(b, ", "...)
		default:
			b = append(b, ' ')
		}
	}
	if quoteAt == len(body) {
		if len(body) > 0 {
			b = append(endSentence(b), ' ')
		}
		return g.quote(b, g.rng.IntN(len(g.quotes)))
	}
	return append(b, '.')
}

// quote appends quotation q, edited, with its speaker, as one sentence.
func (g *Generator) quote(b []byte, q int) []byte {
	b = append(b, "“"...)
	for k, id := range g.edit(g.quotes[q]) {
		if k == 0 {
			b = appendTitle(b, table[id])
			continue
		}
		b = append(append(b, ' '), table[id]...)
	}
	b = append(b, ",” "...)
	b = append(b, g.people[q]...)
	return append(b, " said."...)
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

// endSentence ends the sentence b has been writing: it drops the space or
// comma after its last word and appends a full stop.
func endSentence(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == ',') {
		b = b[:len(b)-1]
	}
	return append(b, '.')
}

// appendTitle appends w with its first letter in upper case.
func appendTitle(b []byte, w string) []byte {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return append(b, w...)
	}
	return append(append(b, w[0]-'a'+'A'), w[1:]...)
}
