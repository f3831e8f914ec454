package dedupe

import (
	"cmp"
	"math"
	"slices"

	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

// node is one side of a passage: a token range of one document.
type node struct {
	doc, s, e, weight int32
}

// unionFind is a disjoint-set forest over node indices.
type unionFind []int32

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = int32(i)
	}
	return u
}

func (u unionFind) find(x int32) int32 {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(x, y int32) {
	x, y = u.find(x), u.find(y)
	if x == y {
		return
	}
	if y < x {
		x, y = y, x
	}
	u[y] = x // the smaller index is the root: deterministic
}

// minOverlap is the share of the shorter of two spans of one document that
// they must have in common to be the same passage. A fragment of a longer
// passage shares its cluster; two passages that merely touch do not.
const minOverlap = 0.5

// cluster groups passages into provenance clusters: the two sides of a
// passage belong together, and so do spans of one document that overlap by
// at least minOverlap of the shorter.
func cluster(c *Corpus, docs []analyzed, ps []passage) []Cluster {
	nodes := make([]node, 0, 2*len(ps))
	for _, p := range ps {
		nodes = append(nodes, node{p.a, p.as, p.ae, p.matches}, node{p.b, p.bs, p.be, p.matches})
	}
	uf := newUnionFind(len(nodes))
	for i := 0; i < len(nodes); i += 2 {
		uf.union(int32(i), int32(i+1))
	}
	order := make([]int32, len(nodes))
	for i := range order {
		order[i] = int32(i)
	}
	byPosition := func(x, y int32) int {
		a, b := nodes[x], nodes[y]
		if c := cmp.Compare(a.doc, b.doc); c != 0 {
			return c
		}
		if c := cmp.Compare(a.s, b.s); c != 0 {
			return c
		}
		if c := cmp.Compare(a.e, b.e); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	}
	slices.SortFunc(order, byPosition)
	var active []int32
	for k, x := range order {
		n := nodes[x]
		if k > 0 && nodes[order[k-1]].doc != n.doc {
			active = active[:0]
		}
		kept := active[:0]
		for _, y := range active {
			m := nodes[y]
			if m.e <= n.s {
				continue
			}
			kept = append(kept, y)
			overlap := min(m.e, n.e) - n.s
			if float64(overlap) >= minOverlap*float64(min(m.e-m.s, n.e-n.s)) {
				uf.union(x, y)
			}
		}
		active = append(kept, x)
	}

	// Group nodes by cluster, then by document and position.
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmp.Compare(uf.find(x), uf.find(y)); c != 0 {
			return c
		}
		return byPosition(x, y)
	})
	var clusters []Cluster
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && uf.find(order[hi]) == uf.find(order[lo]) {
			hi++
		}
		if cl, ok := c.makeCluster(docs, nodes, order[lo:hi]); ok {
			clusters = append(clusters, cl)
		}
		lo = hi
	}
	slices.SortFunc(clusters, func(x, y Cluster) int {
		if c := firstMember(x).compare(firstMember(y)); c != 0 {
			return c
		}
		return cmp.Compare(len(x.Members), len(y.Members))
	})
	for i := range clusters {
		clusters[i].ID = i + 1
	}
	return clusters
}

type place struct {
	doc   string
	start int
}

func (p place) compare(q place) int {
	if c := cmp.Compare(p.doc, q.doc); c != 0 {
		return c
	}
	return cmp.Compare(p.start, q.start)
}

// firstMember is the member that comes first by document id and offset.
func firstMember(c Cluster) place {
	best := place{c.Members[0].Doc, c.Members[0].Start}
	for _, m := range c.Members[1:] {
		if p := (place{m.Doc, m.Start}); p.compare(best) < 0 {
			best = p
		}
	}
	return best
}

// span is a member while it is being built.
type span struct {
	node
	quoted  bool
	speaker string
}

// makeCluster builds the cluster of nodes (sorted by document and position):
// overlapping spans of one document become one member.
func (c *Corpus) makeCluster(docs []analyzed, nodes []node, group []int32) (Cluster, bool) {
	var spans []span
	for _, x := range group {
		n := nodes[x]
		if k := len(spans) - 1; k >= 0 && spans[k].doc == n.doc && n.s < spans[k].e {
			spans[k].e = max(spans[k].e, n.e)
			spans[k].weight += n.weight
			continue
		}
		spans = append(spans, span{node: n})
	}
	distinct := 0
	for k := range spans {
		if k == 0 || spans[k].doc != spans[k-1].doc {
			distinct++
		}
	}
	if distinct < 2 {
		return Cluster{}, false
	}
	quoted := 0
	for k := range spans {
		s := &spans[k]
		s.quoted, s.speaker = quotedBy(&docs[s.doc], s.s, s.e)
		if s.quoted {
			quoted++
		}
	}
	kind := Passage
	if 2*quoted >= len(spans) {
		kind = Quotation
	}
	slices.SortStableFunc(spans, func(x, y span) int {
		return c.compareDocs(int(x.doc), int(y.doc))
	})

	rep := -1
	for k, s := range spans {
		if kind == Quotation && !s.quoted {
			continue
		}
		if rep < 0 || s.weight > spans[rep].weight {
			rep = k
		}
	}
	r := spans[rep]
	repTokens := docs[r.doc].tokens[r.s:r.e]

	cl := Cluster{Kind: kind}
	bestRank := 0
	for k, s := range spans {
		d := &c.docs[s.doc]
		toks := docs[s.doc].tokens
		start, end := toks[s.s].Start, toks[s.e-1].End
		sim := 1.0
		if k != rep {
			sim = wordSimilarity(toks[s.s:s.e], repTokens, c.opts.MaxAlignCells)
		}
		cl.Members = append(cl.Members, Member{
			Doc:        d.ID,
			Start:      start,
			End:        end,
			Text:       d.Text[start:end],
			Quoted:     s.quoted,
			Speaker:    s.speaker,
			Similarity: math.Round(sim*1000) / 1000,
			Published:  formatTime(d.Published),
		})
		if sp := quote.ParseSpeaker(s.speaker); sp.Rank() > bestRank {
			cl.Speaker, bestRank = sp.String(), sp.Rank()
		}
		if cl.Origin == "" && !d.Published.IsZero() {
			cl.Origin = d.ID // members are oldest first
		}
	}
	m := cl.Members[rep]
	cl.Text = shingle.Clean(m.Text)
	return cl, true
}

// compareDocs orders documents oldest first, undated last, then by id.
func (c *Corpus) compareDocs(x, y int) int {
	a, b := &c.docs[x], &c.docs[y]
	switch {
	case a.Published.IsZero() != b.Published.IsZero():
		if a.Published.IsZero() {
			return 1
		}
		return -1
	case !a.Published.Equal(b.Published):
		return a.Published.Compare(b.Published)
	}
	return cmp.Compare(a.ID, b.ID)
}

// quotedBy reports whether most of tokens [s, e) of d lie inside quotation
// marks, and the attribution of the quotation holding most of them.
func quotedBy(d *analyzed, s, e int32) (bool, string) {
	inside := 0
	bestQ, bestN, run := int32(-1), 0, 0
	for t := s; t < e; t++ {
		q := d.quoteOf[t]
		if q < 0 {
			continue
		}
		inside++
		if t > s && d.quoteOf[t-1] == q {
			run++
		} else {
			run = 1
		}
		if run > bestN {
			bestQ, bestN = q, run
		}
	}
	if 2*inside < int(e-s) {
		return false, ""
	}
	return true, d.quotes[bestQ].Speaker
}

// wordSimilarity is the Dice coefficient of two word sequences over their
// longest common subsequence: 2·LCS / (|a| + |b|). Past maxCells it falls
// back to the Dice coefficient of their word sets.
func wordSimilarity(a, b []shingle.Token, maxCells int) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a)*len(b) > maxCells {
		return setDice(a, b)
	}
	prev := make([]int32, len(b)+1)
	cur := make([]int32, len(b)+1)
	for _, x := range a {
		for j, y := range b {
			switch {
			case x.Hash == y.Hash:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(b)]) / float64(len(a)+len(b))
}

func setDice(a, b []shingle.Token) float64 {
	hs := func(ts []shingle.Token) []uint64 {
		out := make([]uint64, len(ts))
		for i, t := range ts {
			out[i] = t.Hash
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	x, y := hs(a), hs(b)
	return 2 * float64(similarity.Intersection(x, y)) / float64(len(x)+len(y))
}
