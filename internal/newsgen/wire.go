package newsgen

import (
	"container/heap"
	"slices"
	"strings"
)

// A wire story is written once by a news agency and republished by two to
// six papers within a few days, each with light edits and its own
// boilerplate. The republications wait in a queue by due article number.

// republication is a paper's copy of a wire story, due at article due.
type republication struct {
	due, seq int // seq orders equal dues, for determinism
	body     *string
	outlet   int
}

type queue []republication

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	return q[i].due < q[j].due || q[i].due == q[j].due && q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(republication)) }
func (q *queue) Pop() any {
	old := *q
	r := old[len(old)-1]
	*q = old[:len(old)-1]
	return r
}

const (
	minRepublish, maxRepublish = 2, 6
	// meanDelay and maxDelay, in minutes (articles), say when a paper
	// republishes a wire story: mostly within hours, at most three days.
	meanDelay, maxDelay = 6 * 60, 3 * 24 * 60
)

// republishers is how many papers republish a wire story on average when
// there are papers of them.
func republishers(papers int) float64 {
	sum := 0
	for k := minRepublish; k <= maxRepublish; k++ {
		sum += min(k, papers)
	}
	return float64(sum) / (maxRepublish - minRepublish + 1)
}

// wireStart is the chance that an article not due as a republication
// starts a wire story, so that originals and republications together make
// about rate of the articles.
func wireStart(rate float64, papers int) float64 {
	if rate <= 0 || papers < minRepublish {
		return 0
	}
	rate = min(rate, 1)
	size := 1 + republishers(papers)
	originals := rate / size
	if copies := rate - originals; copies < 1 {
		return min(1, originals/(1-copies))
	}
	return 1
}

// startWire writes article i as a news agency's wire story, queues its
// republications and returns the outlet, or returns nil when no story
// starts: by chance, or because the corpus has no room left for all its
// republications.
func (g *Generator) startWire(i int) *outlet {
	if g.wireStart == 0 || g.rng.Float64() >= g.wireStart {
		return nil
	}
	papers := len(g.outlets) - g.wire
	k := min(minRepublish+g.rng.IntN(maxRepublish-minRepublish+1), papers)
	if len(g.pending)+k > g.cfg.Docs-i-1 {
		return nil
	}
	o := &g.outlets[g.agencies.draw(g.rng)]
	words := g.drawWords(g.cfg.Words)
	g.remember(words)
	b := g.buf[:0]
	if g.rng.Float64() < g.cfg.BoilerplateRate {
		b = o.header(b, g.rng)
	}
	start := len(b)
	b = g.render(b, words)
	body := string(b[start:]) // republished without this article's popular quotations
	b = g.addPopular(b, start, i)
	if g.rng.Float64() < g.cfg.BoilerplateRate {
		b = o.footer(b, g.rng)
	}
	g.buf = b
	var chosen [maxRepublish]int
	for n := 0; n < k; {
		p := g.wire + int(g.papers.draw(g.rng))
		if slices.Contains(chosen[:n], p) {
			continue
		}
		chosen[n] = p
		n++
		delay := min(int(g.rng.ExpFloat64()*meanDelay), maxDelay)
		g.seq++
		heap.Push(&g.pending, republication{due: i + 1 + delay, seq: g.seq, body: &body, outlet: p})
	}
	return o
}

// republish writes article i as the next queued republication, if one is
// due or the rest of the corpus is needed for those queued, and returns
// its outlet; else it returns nil.
func (g *Generator) republish(i int) *outlet {
	if len(g.pending) == 0 || g.pending[0].due > i && len(g.pending) < g.cfg.Docs-i {
		return nil
	}
	r := heap.Pop(&g.pending).(republication)
	o := &g.outlets[r.outlet]
	b := g.buf[:0]
	if g.rng.Float64() < g.cfg.BoilerplateRate {
		b = o.header(b, g.rng)
	}
	start := len(b)
	b = g.addPopular(g.lightEdit(b, *r.body), start, i)
	if g.rng.Float64() < g.cfg.BoilerplateRate {
		b = o.footer(b, g.rng)
	}
	g.buf = b
	return o
}

// lightEdit appends body as a paper republishes it: four times in ten
// whole, three times in ten without one paragraph after the first, three
// times in ten cut after its first paragraphs, at least half of them; and
// with up to three words replaced (none when EditRate is negative).
func (g *Generator) lightEdit(b []byte, body string) []byte {
	// Paragraph p is body[ends[p-1]+2 : ends[p]], ends[-1] = -2.
	ends := g.ends[:0]
	for k := 0; k < len(body); {
		j := strings.Index(body[k:], "\n\n")
		if j < 0 {
			break
		}
		ends = append(ends, k+j)
		k += j + 2
	}
	ends = append(ends, len(body))
	g.ends = ends
	paragraph := func(p int) string {
		from := 0
		if p > 0 {
			from = ends[p-1] + 2
		}
		return body[from:ends[p]]
	}
	drop, keep := -1, len(ends)
	if len(ends) > 1 {
		switch r := g.rng.IntN(10); {
		case r >= 7:
			keep = (len(ends)+1)/2 + g.rng.IntN(len(ends)/2)
		case r >= 4:
			drop = 1 + g.rng.IntN(len(ends)-1)
		}
	}
	text := g.scratch[:0]
	for p := range keep {
		if p == drop {
			continue
		}
		if len(text) > 0 {
			text = append(text, "\n\n"...)
		}
		text = append(text, paragraph(p)...)
	}
	g.scratch = text
	edits := 0
	if g.cfg.EditRate > 0 {
		edits = g.rng.IntN(4)
	}
	var at [3]int
	for e := range edits {
		at[e] = g.rng.IntN(len(text))
	}
	slices.Sort(at[:edits])
	done := 0
	for _, p := range at[:edits] {
		from, to := wordAt(text, max(p, done))
		if from < 0 {
			continue
		}
		b = append(b, text[done:from]...)
		w := table[g.word()]
		if isUpper(text[from]) {
			b = appendTitle(b, w)
		} else {
			b = append(b, w...)
		}
		done = to
	}
	return append(b, text[done:]...)
}

// wordAt finds the first word of text starting at or after p, made of
// ASCII letters and digits only and not next to other non-space bytes
// (punctuation aside), and returns its bounds, or -1, -1.
func wordAt(text []byte, p int) (int, int) {
	for p < len(text) {
		for p < len(text) && !isAlnum(text[p]) {
			p++
		}
		from := p
		for p < len(text) && isAlnum(text[p]) {
			p++
		}
		if from < p && (from == 0 || isSpace(text[from-1])) && (p == len(text) || isSpace(text[p]) || text[p] == ',' || text[p] == '.') {
			return from, p
		}
	}
	return -1, -1
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isSpace(c byte) bool { return c == ' ' || c == '\n' }
