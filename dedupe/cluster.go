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
	var groups [][2]int
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && uf.find(order[hi]) == uf.find(order[lo]) {
			hi++
		}
		groups = append(groups, [2]int{lo, hi})
		lo = hi
	}
	made := make([]Cluster, len(groups))
	ok := make([]bool, len(groups))
	c.parallel("clusters", len(groups), func(_, g int) {
		made[g], ok[g] = c.makeCluster(docs, nodes, order[groups[g][0]:groups[g][1]])
	})
	var clusters []Cluster
	for g := range made {
		if ok[g] {
			clusters = append(clusters, made[g])
		}
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
	slices.SortStableFunc(spans, func(x, y span) int {
		return c.compareDocs(int(x.doc), int(y.doc))
	})
	// A member standing mostly inside quotation marks is trimmed back to them
	// and is preferred as the representative wording.
	for k := range spans {
		s := &spans[k]
		if inside, total, _ := quotedWords(&docs[s.doc], s.s, s.e, nil); 2*inside >= total {
			s.s, s.e = clipToQuotes(&docs[s.doc], s.s, s.e)
			s.quoted = true
		}
	}
	rep := representative(docs, spans, c.opts.MaxAlignCells)
	r := spans[rep]
	repWords := docs[r.doc].hashes[r.s:r.e]
	repSet := wordSet(repWords)

	// Whether a copy is quoted is judged on the words it shares with the
	// representative: a paraphrase that quotes only the shared words is a
	// quotation of them.
	// The cluster is a quotation when at least half of all the words its
	// members share stand inside quotation marks: a majority of members
	// weighted by how much of the passage each carries.
	nQuoted, nShared := 0, 0
	for k := range spans {
		s := &spans[k]
		words := repSet
		if k == rep {
			words = nil
		}
		inside, total, speaker := quotedWords(&docs[s.doc], s.s, s.e, words)
		s.quoted = total > 0 && 2*inside >= total
		if s.quoted {
			s.speaker = speaker
		}
		nQuoted += inside
		nShared += total
	}
	kind := Passage
	if nShared > 0 && 2*nQuoted >= nShared {
		kind = Quotation
	}

	cl := Cluster{Kind: kind}
	bestRank := 0
	for k, s := range spans {
		d := &c.docs[s.doc]
		start, end := docs[s.doc].start(s.s), docs[s.doc].end(s.e-1)
		sim := 1.0
		if k != rep {
			sim = wordSimilarity(docs[s.doc].hashes[s.s:s.e], repWords, c.opts.MaxAlignCells)
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

// maxMedoid bounds the members compared pairwise to choose a
// representative; larger clusters choose by alignment weight.
const maxMedoid = 24

// nearBest is how close to the best a member's centrality must be for its
// age to decide: the oldest of the most central wordings represents.
const nearBest = 0.95

// representative chooses the member whose wording is most like the others'
// (the medoid, by word similarity; by alignment weight past maxMedoid
// members), among the quoted members if there are any; of those within
// nearBest of the best, the earliest member wins, so the oldest wording
// represents.
func representative(docs []analyzed, spans []span, maxCells int) int {
	anyQuoted := slices.ContainsFunc(spans, func(s span) bool { return s.quoted })
	scores := make([]float64, len(spans))
	best := -1.0
	for k, s := range spans {
		scores[k] = -1
		if anyQuoted && !s.quoted {
			continue
		}
		score := float64(s.weight)
		if len(spans) <= maxMedoid {
			score = 0
			for l, o := range spans {
				if l != k {
					score += wordSimilarity(docs[s.doc].hashes[s.s:s.e], docs[o.doc].hashes[o.s:o.e], maxCells)
				}
			}
		}
		scores[k] = score
		best = max(best, score)
	}
	for k, score := range scores {
		if score >= 0 && score >= nearBest*best {
			return k
		}
	}
	return 0
}

// maxBleed is how many words outside its quotation marks a quoted member may
// carry at either end before they count as part of the passage: an
// alignment that runs on into the attribution (`speech," the lawsuit`) is
// trimmed back to the quotation.
const maxBleed = 3

// clipToQuotes trims up to maxBleed unquoted words off either end of tokens
// [s, e) of d.
func clipToQuotes(d *analyzed, s, e int32) (int32, int32) {
	for k := int32(0); k < maxBleed && s < e && d.quoteOf(s) < 0; k++ {
		s++
	}
	for k := int32(0); k < maxBleed && e > s && d.quoteOf(e-1) < 0; k++ {
		e--
	}
	return s, e
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

// quotedWords counts the words of tokens [s, e) of d, only those in the
// sorted set words when it is not nil, and how many of them stand inside
// quotation marks; it returns the attribution of the quotation holding most.
func quotedWords(d *analyzed, s, e int32, words []uint64) (inside, total int, speaker string) {
	counts := map[int32]int{}
	for t := s; t < e; t++ {
		if words != nil {
			if _, ok := slices.BinarySearch(words, d.hashes[t]); !ok {
				continue
			}
		}
		total++
		if q := d.quoteOf(t); q >= 0 {
			inside++
			counts[q]++
		}
	}
	bestQ := int32(-1)
	for q, n := range counts {
		if bestQ < 0 || n > counts[bestQ] || n == counts[bestQ] && q < bestQ {
			bestQ = q
		}
	}
	if bestQ >= 0 {
		speaker = d.quotes[bestQ].Speaker
	}
	return inside, total, speaker
}

func wordSet(words []uint64) []uint64 {
	return similarity.SortUnique(slices.Clone(words))
}

// wordSimilarity is the Dice coefficient of two word sequences over their
// longest common subsequence: 2·LCS / (|a| + |b|). Past maxCells (the
// cells a dynamic-programming table would have) it falls back to the Dice
// coefficient of their word sets.
func wordSimilarity(a, b []uint64, maxCells int) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a)*len(b) > maxCells {
		return setDice(a, b)
	}
	return 2 * float64(lcsLength(a, b)) / float64(len(a)+len(b))
}

func setDice(a, b []uint64) float64 {
	x, y := wordSet(a), wordSet(b)
	return 2 * float64(similarity.Intersection(x, y)) / float64(len(x)+len(y))
}
