package dedupe

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/internal/parallel"
	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

// The cluster model: one passage, one centre.
//
// Aligning document pairs gives pairwise passages: a span of one document
// and a span of another that share wording. Grouping those by transitive
// closure (union-find) chains: A shares a phrase with B, B another phrase
// with C, and unrelated stories end up in one cluster. Instead a cluster is
// built around a centre, as BLAST-style search around a query sequence and
// passim's passage clusters are:
//
//  1. Boundaries are reconciled per document first. The spans one document
//     contributes to its pairwise passages are grouped into regions: spans
//     that overlap by at least half of the longer one are the same passage
//     of that document; a short fragment inside a long copy is not.
//  2. Regions are taken as centres in order of the words they, and the
//     passages inside them, share with other documents (then length, then
//     age). A centre that earlier clusters mostly hold is cut to the rest or
//     skipped (clustered.rest). A centre's members are the spans its
//     pairwise passages, and those of the passages inside it, reach, and the
//     spans those members share with further documents; every member is
//     trimmed to what it shares with the centre and verified against the
//     centre itself, word by word (its similarity to the centre, a Dice
//     coefficient over the longest common subsequence of words, is at least
//     MemberSimilarity), so a cluster never holds text that merely shares
//     something with another member. A document is a member once.
//  3. A region that became a member is no centre of its own; its spans can
//     still be members of another cluster, for another passage they share.
//  4. finishCluster tells quotations, passages and boilerplate apart and
//     leaves out stock phrases.
//
// The centre is the cluster's representative, so a passage carried by N
// documents costs N verifications, not N² comparisons, and candidate pairs
// for such a passage come as a star around one carrier (candidatePairs).

// MemberSimilarity is the least similarity to the centre, a Dice
// coefficient over the longest common subsequence of words, that a member
// of a cluster has: a copy of at least half of the centre's words in order,
// or an edited copy of most of it.
const MemberSimilarity = 0.4

// OriginSimilarity is the least similarity to the representative that makes
// a member a candidate origin: the origin holds the passage itself, verbatim
// or nearly, not a fragment or a paraphrase of it.
const OriginSimilarity = 0.8

// node is one side of a passage: a token range of one document. Nodes 2k
// and 2k+1 are the two sides of passage k.
type node struct {
	doc, s, e int32
}

// region is a passage of one document as its pairwise passages reconcile:
// the extent of its first, longest span and the nodes it holds.
type region struct {
	doc, s, e int32
	nodes     []int32
	inner     int32 // regions[r+1 : r+1+inner] start inside this one
	weight    int64 // words it, and the regions inside it, share with other documents, the most with each
	assigned  bool  // a centre, or a member of a cluster
}

// mutualOverlap reports whether spans [s1, e1) and [s2, e2) of one document
// overlap by at least half of the longer one.
func mutualOverlap(s1, e1, s2, e2 int32) bool {
	ov := min(e1, e2) - max(s1, s2)
	return ov > 0 && 2*ov >= max(e1-s1, e2-s2)
}

// reconcile groups the nodes of each document into regions, sweeping them by
// start: a node joins the first open region of its document that it
// overlaps by at least half of the longer of the two, else starts one. A
// region's weight sums the words it shares with each other document, the
// passages inside it included. It returns the regions and each node's
// region.
func reconcile(nodes []node, ndocs, workers int) ([]region, []int32) {
	// The nodes by (document, start, longest first): grouped by document
	// with a counting sort, then each document's few sorted on the workers
	// (one comparison sort of them all was a tenth of the cluster stage,
	// which is otherwise one goroutine's).
	at := make([]int32, ndocs+1)
	for _, n := range nodes {
		at[n.doc+1]++
	}
	for d := 1; d <= ndocs; d++ {
		at[d] += at[d-1]
	}
	order := make([]int32, len(nodes))
	next := slices.Clone(at[:ndocs])
	for i, n := range nodes {
		order[next[n.doc]] = int32(i)
		next[n.doc]++
	}
	const chunk = 1024 // documents per unit of work
	parallel.Run(workers, (ndocs+chunk-1)/chunk, func(_, ch int) {
		for d := ch * chunk; d < min(ndocs, (ch+1)*chunk); d++ {
			slices.SortFunc(order[at[d]:at[d+1]], func(x, y int32) int {
				a, b := nodes[x], nodes[y]
				if c := cmp.Compare(a.s, b.s); c != 0 {
					return c
				}
				if c := cmp.Compare(b.e, a.e); c != 0 {
					return c
				}
				return cmp.Compare(x, y)
			})
		}
	}, nil)
	regionOf := make([]int32, len(nodes))
	// Regions double as they fill: append grows a large slice by a quarter,
	// which allocated five times what it kept (1.5 GB at 1,000,000
	// articles).
	regions := make([]region, 0, 1024)
	var open []int32
	for k, x := range order {
		n := nodes[x]
		if k > 0 && nodes[order[k-1]].doc != n.doc {
			open = open[:0]
		}
		kept, found := open[:0], int32(-1)
		for _, r := range open {
			if regions[r].e <= n.s {
				continue // no later node of this document reaches it
			}
			kept = append(kept, r)
			if found < 0 && mutualOverlap(regions[r].s, regions[r].e, n.s, n.e) {
				found = r
			}
		}
		open = kept
		if found < 0 {
			found = int32(len(regions))
			if len(regions) == cap(regions) {
				regions = slices.Grow(regions, len(regions))
			}
			regions = append(regions, region{doc: n.doc, s: n.s, e: n.e})
			open = append(open, found)
		}
		regionOf[x] = found
	}
	// Each region's nodes, in one backing array.
	counts := make([]int32, len(regions)+1)
	for _, r := range regionOf {
		counts[r+1]++
	}
	for r := 1; r < len(counts); r++ {
		counts[r] += counts[r-1]
	}
	all := make([]int32, len(nodes))
	fill := slices.Clone(counts[:len(regions)])
	for _, x := range order { // in position order within each region
		r := regionOf[x]
		all[fill[r]] = x
		fill[r]++
	}
	for r := range regions {
		regions[r].nodes = all[counts[r]:counts[r+1]:counts[r+1]]
	}
	// Regions were made in (document, start) order: those that start inside
	// region r follow it.
	type share struct{ doc, words int32 }
	var shares []share
	for r := range regions {
		R := &regions[r]
		k := r + 1
		for k < len(regions) && regions[k].doc == R.doc && regions[k].s < R.e {
			k++
		}
		R.inner = int32(k - r - 1)
		shares = shares[:0]
		for i := r; i < k; i++ {
			if i > r && regions[i].e > R.e {
				continue
			}
			for _, x := range regions[i].nodes {
				shares = append(shares, share{nodes[x^1].doc, nodes[x].e - nodes[x].s})
			}
		}
		slices.SortFunc(shares, func(a, b share) int {
			if c := cmp.Compare(a.doc, b.doc); c != 0 {
				return c
			}
			return cmp.Compare(b.words, a.words)
		})
		for i, sh := range shares {
			if i == 0 || sh.doc != shares[i-1].doc {
				R.weight += int64(sh.words) // the most it shares with each document
			}
		}
	}
	return regions, regionOf
}

// centreOrder returns the regions in the order they are taken as centres:
// those that share more words with more documents first (a quotation that
// a thousand articles carry, a copied article), then longer, then older,
// then earlier in their document.
func (c *Corpus) centreOrder(regions []region) []int32 {
	order := make([]int32, len(regions))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		a, b := &regions[x], &regions[y]
		if v := cmp.Compare(b.weight, a.weight); v != 0 {
			return v
		}
		if v := cmp.Compare(b.e-b.s, a.e-a.s); v != 0 {
			return v
		}
		if v := c.compareDocs(int(a.doc), int(b.doc)); v != 0 {
			return v
		}
		return cmp.Compare(a.s, b.s)
	})
	return order
}

// twins links the repeats of a quotation within one document: a document
// that repeats a quotation (a pull quote, a lead that the body quotes
// again) is one carrier of it, whichever repeat another document's passage
// reaches. It is a member once, with its first occurrence, and the
// passages of every repeat lead to further members.
type twins struct {
	regions map[int32][]int32      // a region to the regions that hold a repeat of its quotation
	repeats map[[2]int32]wordRange // (document, quotation) to its first occurrence, for repeats
	docs    []analyzed
}

// findTwins finds the quotations of each document that repeat an earlier
// one (at least minQuoteWords words, and a similarity of OriginSimilarity),
// and the regions that hold them.
func findTwins(docs []analyzed, regions []region, maxCells int) twins {
	tw := twins{regions: map[int32][]int32{}, repeats: map[[2]int32]wordRange{}, docs: docs}
	holding := func(lo, hi int, q wordRange) []int32 {
		var out []int32
		for r := lo; r < hi; r++ {
			ov := min(regions[r].e, q.end) - max(regions[r].s, q.first)
			if 2*ov >= q.end-q.first {
				out = append(out, int32(r))
			}
		}
		return out
	}
	for lo := 0; lo < len(regions); {
		doc := regions[lo].doc
		hi := lo + 1
		for hi < len(regions) && regions[hi].doc == doc {
			hi++
		}
		qs := docs[doc].quoteWords
		for j := range qs {
			if qs[j].end-qs[j].first < minQuoteWords {
				continue
			}
			for i := range j {
				if _, ok := tw.repeats[[2]int32{doc, int32(i)}]; ok || qs[i].end-qs[i].first < minQuoteWords {
					continue // i repeats an earlier one, which j is compared with
				}
				h := docs[doc].hashes
				if wordSimilarity(h[qs[i].first:qs[i].end], h[qs[j].first:qs[j].end], maxCells) < OriginSimilarity {
					continue
				}
				tw.repeats[[2]int32{doc, int32(j)}] = qs[i]
				a, b := holding(lo, hi, qs[i]), holding(lo, hi, qs[j])
				for _, x := range a {
					tw.regions[x] = append(tw.regions[x], b...)
				}
				for _, y := range b {
					tw.regions[y] = append(tw.regions[y], a...)
				}
				break
			}
		}
		lo = hi
	}
	return tw
}

// appendWith appends region r and the regions that hold repeats of its
// quotation.
func (tw *twins) appendWith(dst []int32, r int32) []int32 {
	dst = append(dst, r)
	for _, t := range tw.regions[r] {
		if !slices.Contains(dst, t) {
			dst = append(dst, t)
		}
	}
	return dst
}

// first returns words [s, e) of doc, or the first occurrence of the
// quotation they are when it repeats an earlier one.
func (tw *twins) first(doc, s, e int32) (int32, int32) {
	d := &tw.docs[doc]
	q := d.quoteOf((s + e) / 2)
	if q < 0 {
		return s, e
	}
	if w, ok := tw.repeats[[2]int32{doc, q}]; ok && mutualOverlap(s, e, d.quoteWords[q].first, d.quoteWords[q].end) {
		return w.first, w.end
	}
	return s, e
}

// clustered holds, per document, the spans that earlier clusters hold.
type clustered [][]clusteredSpan

type clusteredSpan struct{ cluster, s, e int32 }

func (w clustered) add(group []member, cluster int32) {
	for _, m := range group {
		w[m.doc] = append(w[m.doc], clusteredSpan{cluster, m.s, m.e})
	}
}

// rest reconciles a centre's span, words [s, e) of doc, with the spans
// earlier clusters hold in doc. Nearly the same span as one of them, or
// covered by them, it is the same passage, clustered already (ok is false).
// Lying inside one much longer span, it is a passage of its own that a
// longer copy carries (a quotation inside a copied article), and is kept
// whole; so is a span that holds shorter ones on less than half of its
// words (a copied article with quotations that others carry too). Mostly
// held by them, it is cut to the longest stretch that none holds, if that
// has minWords: a quotation that two articles share with the footer after
// it is two passages, the footer's and the quotation's, and what is left is
// the shared text beyond them.
func (w clustered) rest(doc, s, e, minWords int32) (int32, int32, bool) {
	var parts []clusteredSpan
	for _, c := range w[doc] {
		switch {
		case c.e <= s || c.s >= e:
			continue
		case mutualOverlap(c.s, c.e, s, e):
			return s, e, false
		case c.s <= s && e <= c.e:
			continue // inside a much longer passage
		}
		parts = append(parts, c)
	}
	if len(parts) == 0 {
		return s, e, true
	}
	slices.SortFunc(parts, func(a, b clusteredSpan) int { return cmp.Compare(a.s, b.s) })
	covered, at := int32(0), s
	bestS, bestE := s, s
	for _, p := range append(parts, clusteredSpan{s: e, e: e}) {
		if p.s > at && min(p.s, e)-at > bestE-bestS {
			bestS, bestE = at, min(p.s, e)
		}
		if p.e > at {
			covered += min(p.e, e) - max(p.s, at)
			at = p.e
		}
	}
	if 2*covered < e-s {
		return s, e, true // a longer passage around shorter ones
	}
	return bestS, bestE, bestE-bestS >= minWords
}

// repeats returns an earlier cluster that has most documents of group as
// members (four in five) and a centre worded like group's (similarity at
// least OriginSimilarity), or -1: documents that repeat a title or a
// quotation in several places carry it once.
func (w clustered) repeats(group []member, groups [][]member, docs []analyzed, maxCells int) int32 {
	count := map[int32]int{}
	for _, m := range group {
		seen := int32(-1)
		for _, c := range w[m.doc] { // in cluster order
			if c.cluster != seen {
				count[c.cluster]++
				seen = c.cluster
			}
		}
	}
	var common []int32
	for c, n := range count {
		if 5*n >= 4*len(group) {
			common = append(common, c)
		}
	}
	slices.Sort(common) // the earliest cluster first, whatever the map's order
	centre := group[0]
	for _, c := range common {
		o := groups[c][0]
		if wordSimilarity(docs[centre.doc].hashes[centre.s:centre.e], docs[o.doc].hashes[o.s:o.e], maxCells) >= OriginSimilarity {
			return c
		}
	}
	return -1
}

// subsumed reports whether one earlier cluster holds every span of group
// already, each within or nearly the same as one of its own: a fragment of
// a passage whose carriers are all clustered with the whole of it.
func (w clustered) subsumed(group []member) bool {
	var common []int32
	for k, m := range group {
		var here []int32
		for _, c := range w[m.doc] {
			if c.s <= m.s && m.e <= c.e || mutualOverlap(c.s, c.e, m.s, m.e) {
				here = append(here, c.cluster)
			}
		}
		if k == 0 {
			common = here
		} else {
			common = slices.DeleteFunc(common, func(c int32) bool { return !slices.Contains(here, c) })
		}
		if len(common) == 0 {
			return false
		}
	}
	return true
}

// joinGap is the most words between two spans of a document that a
// centre's passages reach for them to be one copy.
const joinGap = 10

// maxDepth is how far from the centre, in pairwise passages, members are
// looked for: the centre's partners, and theirs.
const maxDepth = 2

// clusterStats counts what the cluster stage left out, for the notes.
type clusterStats struct {
	short       int // stock phrases left out
	boilerplate int // clusters of kind Boilerplate
	subsumed    int // fragments of passages clustered whole
	thin        int // clusters with one member left at the similarity floor
}

// The cluster stage groups passages into provenance clusters around
// centres (see the model above), in two halves: groupCentres, then
// finishClusters, which also ranks them.

// grouping is what the first half of the cluster stage finds: each
// cluster's centre and members, and where they lie in each document.
type grouping struct {
	groups   [][]member // each a centre and its members
	within   clustered
	subsumed int // centres left out as fragments of earlier clusters
}

// groupCentres takes the centres one after another, each with the members it
// verifies (the cluster stage's half that runs on one goroutine: a
// centre's members depend on what earlier centres took).
func groupCentres(c *Corpus, docs []analyzed, ps []passage) grouping {
	nodes := make([]node, 0, 2*len(ps))
	for _, p := range ps {
		nodes = append(nodes, node{p.a, p.as, p.ae}, node{p.b, p.bs, p.be})
	}
	regions, regionOf := reconcile(nodes, len(docs), max(1, c.opts.Workers))
	stamp := make([]int32, len(docs))  // the cluster a document is a member of, +1
	tried := make([]int32, len(nodes)) // the cluster a node was verified for, +1
	var groups [][]member              // each a centre and its members
	v := verifier{minWords: c.opts.MinPassageWords}
	var frontier, next, cands []int32
	within := clustered(make([][]clusteredSpan, len(docs)))
	tw := findTwins(docs, regions, c.opts.MaxAlignCells)
	subsumed := 0
	for g, r := range c.centreOrder(regions) {
		R := &regions[r]
		if R.assigned {
			continue
		}
		R.assigned = true
		// A repeat of a quotation stands for its first occurrence.
		cs, ce := tw.first(R.doc, R.s, R.e)
		cs, ce, ok := within.rest(R.doc, cs, ce, int32(c.opts.MinPassageWords))
		if !ok {
			subsumed++
			continue // its passage is clustered already, around other centres
		}
		cur := int32(g + 1)
		stamp[R.doc] = cur
		v.reset(docs[R.doc].hashes[cs:ce])
		group := []member{{node: node{R.doc, cs, ce}, via: -1}}
		// The centre's partners, and those of the passages inside it, then
		// the partners of members.
		frontier = frontier[:0]
		for k := r; k <= r+R.inner; k++ {
			if k == r || regions[k].e <= R.e {
				frontier = tw.appendWith(frontier, int32(k))
			}
		}
		for range maxDepth {
			cands = cands[:0]
			for _, f := range frontier {
				for _, x := range regions[f].nodes {
					if y := x ^ 1; stamp[nodes[y].doc] != cur && tried[y] != cur {
						tried[y] = cur
						cands = append(cands, y)
					}
				}
			}
			next = next[:0]
			// A document's candidate spans that lie close together are one
			// copy, cut in pieces by its edits: they are verified, and
			// become a member, as one span.
			slices.SortFunc(cands, func(x, y int32) int {
				a, b := nodes[x], nodes[y]
				if v := cmp.Compare(a.doc, b.doc); v != 0 {
					return v
				}
				if v := cmp.Compare(a.s, b.s); v != 0 {
					return v
				}
				return cmp.Compare(x, y)
			})
			for lo := 0; lo < len(cands); {
				n := nodes[cands[lo]]
				hi := lo + 1
				for ; hi < len(cands) && nodes[cands[hi]].doc == n.doc && nodes[cands[hi]].s <= n.e+joinGap; hi++ {
					n.e = max(n.e, nodes[cands[hi]].e)
				}
				run := cands[lo:hi]
				lo = hi
				if stamp[n.doc] == cur {
					continue // an earlier run of this document is a member
				}
				s, e, ok := v.member(&docs[n.doc], n.s, n.e, c.opts.MaxAlignCells)
				for k := 0; !ok && len(run) > 1 && k < len(run); k++ {
					// The pieces together are no member; one may be.
					m := nodes[run[k]]
					s, e, ok = v.member(&docs[m.doc], m.s, m.e, c.opts.MaxAlignCells)
				}
				if !ok {
					continue
				}
				stamp[n.doc] = cur
				s, e = tw.first(n.doc, s, e)
				group = append(group, member{node: node{n.doc, s, e}, via: nodes[run[0]^1].doc})
				for _, y := range run {
					if ry := &regions[regionOf[y]]; !ry.assigned {
						ry.assigned = true
						next = tw.appendWith(next, regionOf[y])
					}
				}
			}
			frontier, next = next, frontier
		}
		if len(group) < 2 {
			continue
		}
		if within.subsumed(group) {
			subsumed++
			continue
		}
		if into := within.repeats(group, groups, docs, c.opts.MaxAlignCells); into >= 0 {
			// The same wording as an earlier cluster, mostly in its documents:
			// its other carriers join that cluster if each passes its centre.
			o := groups[into][0]
			v.reset(docs[o.doc].hashes[o.s:o.e])
			var joining []member
			all := true
			for _, m := range group {
				if slices.ContainsFunc(groups[into], func(x member) bool { return x.doc == m.doc }) {
					continue
				}
				s, e, ok := v.member(&docs[m.doc], m.s, m.e, c.opts.MaxAlignCells)
				if !ok {
					all = false
					break
				}
				m.s, m.e = s, e
				joining = append(joining, m)
			}
			if all {
				groups[into] = append(groups[into], joining...)
				within.add(joining, into)
				subsumed++
				continue
			}
		}
		within.add(group, int32(len(groups)))
		groups = append(groups, group)
	}
	return grouping{groups: groups, within: within, subsumed: subsumed}
}

// finishClusters makes the clusters of g on the workers, tells what each is
// (finishCluster), and ranks them.
func (c *Corpus) finishClusters(docs []analyzed, ps []passage, g grouping) ([]Cluster, clusterStats) {
	groups, within := g.groups, g.within
	if c.opts.Progress != nil {
		c.opts.Progress("clusters", 0, len(groups))
	}

	// A passage that more than MaxDocFreq documents carry (a popular
	// quotation, a common footer) says nothing of whether two of them tell
	// one story.
	popular := func(doc, s, e int32) bool {
		return slices.ContainsFunc(within[doc], func(w clusteredSpan) bool {
			return len(groups[w.cluster]) > c.opts.MaxDocFreq && (w.s <= s && e <= w.e || mutualOverlap(w.s, w.e, s, e))
		})
	}
	made := make([]Cluster, len(groups))
	drop := make([]bool, len(groups))
	c.parallel("clusters", len(groups), func(_, g int) {
		made[g], drop[g] = c.finishCluster(docs, ps, groups[g], popular)
	})
	var st clusterStats
	var clusters []Cluster
	st.subsumed = g.subsumed
	for k, cl := range made {
		switch {
		case len(cl.Members) < 2:
			st.thin++
			continue
		case drop[k]:
			st.short++
			continue
		case cl.Kind == Boilerplate:
			st.boilerplate++
		}
		clusters = append(clusters, cl)
	}
	rank(clusters)
	return clusters, st
}

// finishCluster makes the cluster of group and tells what it is: a
// quotation, a passage, boilerplate, or a stock phrase to drop.
//
// A short passage outside quotation marks (fewer than minLoneWords words)
// travels with its story: a member that shares nothing else with the
// document that led to it carries a stock phrase, not the story, and is
// left out; so is the whole passage when it is a piece of a sentence
// rather than whole sentences. A piece of a quotation shorter than
// minLoneWords needs carriers that share more, too. Shorter than
// MinPassageWords, only a whole quotation is kept, and only when most of
// its carriers share more ("Meet the Press" is a title, not a quotation).
func (c *Corpus) finishCluster(docs []analyzed, ps []passage, group []member, popular func(doc, s, e int32) bool) (cl Cluster, drop bool) {
	cl, wholeQuote := c.makeCluster(docs, group)
	words := countFields(cl.Text)
	lone := loneCarriers(docs, ps, group, popular)
	if cl.Kind == Passage && words < minLoneWords {
		if !wholeSentences(&docs[group[0].doc], group[0].s, group[0].e) {
			return cl, true
		}
		if n := loneCount(lone); n > 0 {
			kept := make([]member, 0, len(group)-n)
			for k, m := range group {
				if !lone[k] {
					kept = append(kept, m)
				}
			}
			if len(kept) < 2 {
				return cl, true
			}
			group, lone = kept, lone[:0]
			cl, wholeQuote = c.makeCluster(docs, group)
		}
	}
	n := loneCount(lone)
	if words < c.opts.MinPassageWords && !(cl.Kind == Quotation && wholeQuote && 2*n < len(group)-1) {
		return cl, true
	}
	if cl.Kind == Quotation && words < minLoneWords && n > 0 && !wholeQuote {
		return cl, true // a piece of a quotation that unrelated stories share
	}
	if cl.Kind == Quotation && words < minLoneWords && 2*n >= len(group)-1 &&
		slices.ContainsFunc(cl.Members, func(m Member) bool { return m.Similarity < verbatimSimilarity }) {
		// A short line that unrelated stories quote in different words is a
		// catchphrase ("I've got a bad feeling about this"), not a copy of
		// one quotation; word for word, nearly, it is one.
		return cl, true
	}
	if cl.Kind != Quotation && n > 0 && 2*n >= len(group)-1 && atEdges(docs, group) && words <= maxBoilerplateWords {
		cl.Kind = Boilerplate
	}
	return cl, false
}

func loneCount(lone []bool) int {
	n := 0
	for _, l := range lone {
		if l {
			n++
		}
	}
	return n
}

// member is a document's span in a cluster and the document whose passage
// with it led there (-1 for the centre).
type member struct {
	node
	via int32
}

// loneCarriers tells which members of group (never the centre) share
// nothing but this passage with the document that led to them: away from
// the edges of the member's document (where datelines, bylines, editors'
// notes and footers stand), no other passage of minLoneWords words or more,
// and no other quotation, that is not itself popular (in a cluster of more
// than MaxDocFreq documents). An outlet's own follow-ups and updates of a
// story, and copies of a story, share its body; a dateline, a byline, a
// copyright line, a footer and a stock phrase ("a professor of law at the
// University of California at") recur in stories that share nothing else.
func loneCarriers(docs []analyzed, ps []passage, group []member, popular func(doc, s, e int32) bool) []bool {
	lone := make([]bool, len(group))
	for k, m := range group[1:] {
		a, b := m.via, m.doc
		if b < a {
			a, b = b, a
		}
		lo, _ := slices.BinarySearchFunc(ps, [2]int32{a, b}, comparePair)
		hi, _ := slices.BinarySearchFunc(ps, [2]int32{a, b + 1}, comparePair)
		d := &docs[m.doc]
		lone[k+1] = !slices.ContainsFunc(ps[lo:hi], func(p passage) bool {
			s, e := p.as, p.ae
			if p.b == m.doc {
				s, e = p.bs, p.be
			}
			return (e <= m.s || s >= m.e) && !withinEdge(d, s, e) && !popular(m.doc, s, e) &&
				(p.matches >= minLoneWords || docs[p.a].quoteOf((p.as+p.ae)/2) >= 0 || docs[p.b].quoteOf((p.bs+p.be)/2) >= 0)
		})
	}
	return lone
}

// minEdgeWords is the fewest words at either end of a document that count
// as its edges, where it keeps its datelines, bylines and footers: 15% of a
// document, and at least this many.
const minEdgeWords = 30

// minLoneWords is the fewest words of a passage outside quotation marks
// that is kept when its carriers share nothing else, or when it is a piece
// of a sentence rather than whole sentences: shorter, it is a stock phrase
// of news writing ("in the bombing of the U.S. Embassy in Kenya"), which
// writers produce independently, not a copy. A quotation, and a short
// passage of whole sentences that comes with others, are kept from
// MinPassageWords on.
const minLoneWords = 16

// wholeSentences reports whether words [s, e) of d begin and end at
// sentence boundaries, a word of slack at either end.
func wholeSentences(d *analyzed, s, e int32) bool {
	n := int32(len(d.hashes))
	starts := func(t int32) bool { return t <= 0 || t < n && d.sentence(t) != d.sentence(t-1) }
	ends := func(t int32) bool { return t >= n-1 || t >= 0 && d.sentence(t) != d.sentence(t+1) }
	return (starts(s) || starts(s-1)) && (ends(e-1) || ends(e))
}

// verbatimSimilarity is how alike the copies of a short quotation that
// unrelated stories share must be (see finishCluster).
const verbatimSimilarity = 0.9

// maxBoilerplateWords is the longest boilerplate: a footer, a note to
// editors or a subscription prompt is a few lines; a longer passage is a
// copy of a story.
const maxBoilerplateWords = 150

// atEdges reports whether the spans of most members of group lie at an edge
// of their document, where an outlet puts its datelines, bylines, notes to
// editors and footers, and are less than half of it (a short article that
// several outlets run whole is no footer).
func atEdges(docs []analyzed, group []member) bool {
	n := 0
	for _, m := range group {
		d := &docs[m.doc]
		if atEdge(d, m.s, m.e) && 2*(m.e-m.s) < int32(len(d.hashes)) {
			n++
		}
	}
	return 2*n > len(group)
}

// edgeWords is how many words at either end of d are its edges.
func edgeWords(d *analyzed) int32 {
	return max(minEdgeWords, int32(len(d.hashes))*3/20)
}

// withinEdge reports whether words [s, e) of d lie within one of its edges.
func withinEdge(d *analyzed, s, e int32) bool {
	w := edgeWords(d)
	return e <= w || s >= int32(len(d.hashes))-w
}

// atEdge reports whether words [s, e) of d lie within one of its edges, or
// run from its very start or to its very end (within endWords): a block of
// footers can be longer than the edge.
func atEdge(d *analyzed, s, e int32) bool {
	return withinEdge(d, s, e) || s <= endWords || e >= int32(len(d.hashes))-endWords
}

// endWords is how near the start or the end of a document a passage that
// runs from its start or to its end begins or ends.
const endWords = 10

// comparePair orders passages by their document pair.
func comparePair(p passage, ab [2]int32) int {
	if c := cmp.Compare(p.a, ab[0]); c != 0 {
		return c
	}
	return cmp.Compare(p.b, ab[1])
}

// verifier checks candidate members against a centre.
type verifier struct {
	lcs      lcsTable // of the centre
	minWords int      // Options.MinPassageWords
	grams    []uint64 // the centre's word trigrams, sorted
}

func (v *verifier) reset(centre []uint32) {
	v.lcs.reset(centre)
	v.grams = v.grams[:0]
	for i := 0; i+3 <= len(centre); i++ {
		v.grams = append(v.grams, trigram(centre[i:]))
	}
	slices.Sort(v.grams)
}

func trigram(h []uint32) uint64 {
	return linkKey(linkKey(uint64(h[0]), uint64(h[1])), uint64(h[2]))
}

func (v *verifier) has(h []uint32) bool {
	_, ok := slices.BinarySearch(v.grams, trigram(h))
	return ok
}

// member trims words [s, e) of a document to the stretch from the first to
// the last word trigram it shares with the centre, and reports whether that
// stretch is similar enough to the centre to be a member: a span that runs
// on past the passage loses what runs on. A span that is a whole quotation
// of its document is taken whole.
func (v *verifier) member(d *analyzed, s, e int32, maxCells int) (int32, int32, bool) {
	quotation := false
	if q := d.quoteOf(s); q >= 0 {
		quotation = d.quoteWords[q] == wordRange{s, e}
	}
	if !quotation {
		for s+3 <= e && !v.has(d.hashes[s:]) {
			s++
		}
		for e-3 >= s && !v.has(d.hashes[e-3:]) {
			e--
		}
	}
	if e-s < 3 {
		return s, e, false
	}
	words := d.hashes[s:e]
	shared := v.lcs.common(words, maxCells)
	dice := 2 * float64(shared) / float64(len(words)+len(v.lcs.x))
	// A short span must carry at least half of the centre, or be a whole
	// quotation, and a piece of a sentence has MinPassageWords: a few words
	// of it ("bombings of the U.S. embassies in") are a stock phrase, not a
	// copy.
	return s, e, dice >= MemberSimilarity && (quotation || len(words) >= minLoneWords || 2*shared >= len(v.lcs.x) && len(words) >= v.minWords)
}

// rank orders clusters by how widely they travelled, distinct sources then
// documents, then by their first member, and numbers them.
func rank(clusters []Cluster) {
	var names []string
	for i := range clusters {
		cl := &clusters[i]
		names = names[:0]
		for _, m := range cl.Members {
			if m.Source != "" {
				names = append(names, m.Source)
			}
		}
		slices.Sort(names)
		cl.Sources = len(slices.Compact(names))
		cl.Documents = len(cl.Members)
	}
	slices.SortFunc(clusters, func(x, y Cluster) int {
		if v := cmp.Compare(y.Sources, x.Sources); v != 0 {
			return v
		}
		if v := cmp.Compare(y.Documents, x.Documents); v != 0 {
			return v
		}
		return firstMember(x).compare(firstMember(y))
	})
	for i := range clusters {
		clusters[i].ID = i + 1
	}
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
	centre  bool
	quoted  bool
	speaker quote.Speaker
}

// makeCluster builds the cluster of group: its centre, then one span of
// each member document.
func (c *Corpus) makeCluster(docs []analyzed, group []member) (cl Cluster, wholeQuote bool) {
	spans := make([]span, len(group))
	for k, m := range group {
		spans[k] = span{node: m.node, centre: k == 0}
	}
	slices.SortStableFunc(spans, func(x, y span) int {
		return c.compareDocs(int(x.doc), int(y.doc))
	})
	// A member standing mostly inside quotation marks is trimmed back to
	// them.
	for k := range spans {
		s := &spans[k]
		if inside, total, _ := quotedWords(&docs[s.doc], s.s, s.e, nil); 2*inside >= total {
			s.s, s.e = clipToQuotes(&docs[s.doc], s.s, s.e)
		}
	}
	rep := slices.IndexFunc(spans, func(s span) bool { return s.centre })
	r := spans[rep]
	repWords := docs[r.doc].hashes[r.s:r.e]
	repLCS := getLCSTable()
	defer putLCSTable(repLCS)
	repLCS.reset(repWords)
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

	cl = Cluster{Kind: kind, Members: make([]Member, 0, len(spans))}
	bestRank, repMember := 0, 0
	for k, s := range spans {
		d := &c.docs[s.doc]
		start, end := docs[s.doc].start(s.s), docs[s.doc].end(s.e-1)
		sim := 1.0
		if k != rep {
			words := docs[s.doc].hashes[s.s:s.e]
			sim = 2 * float64(repLCS.common(words, c.opts.MaxAlignCells)) / float64(len(words)+len(repWords))
			if sim < MemberSimilarity {
				continue // trimmed back to its quotation, too little is left of the passage
			}
		} else {
			repMember = len(cl.Members)
		}
		cl.Members = append(cl.Members, Member{
			Doc:        d.ID,
			Source:     d.Source,
			Start:      start,
			End:        end,
			Text:       d.Text[start:end],
			Quoted:     s.quoted,
			Speaker:    s.speaker.Phrase,
			Similarity: math.Round(sim*1000) / 1000,
			Published:  formatTime(d.Published),
		})
		if sp := s.speaker; sp.Rank() > bestRank {
			cl.Speaker, bestRank = sp.String(), sp.Rank()
		}
		// Members are oldest first: the first dated one that holds the
		// passage itself is where it appeared first.
		if cl.Origin == "" && !d.Published.IsZero() && sim >= OriginSimilarity {
			cl.Origin = d.ID
		}
	}
	cl.Text = shingle.Clean(cl.Members[repMember].Text)
	for _, s := range spans {
		if q := docs[s.doc].quoteOf(s.s); s.quoted && q >= 0 {
			w := docs[s.doc].quoteWords[q]
			wholeQuote = wholeQuote || s.s <= w.first && s.e >= w.end
		}
	}
	return cl, wholeQuote
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
// quotation marks; it returns the speaker of the quotation holding most.
func quotedWords(d *analyzed, s, e int32, words []uint32) (inside, total int, speaker quote.Speaker) {
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

func wordSet(words []uint32) []uint32 {
	s := slices.Clone(words)
	slices.Sort(s)
	return slices.Compact(s)
}

// wordSimilarity is the Dice coefficient of two word sequences over their
// longest common subsequence: 2·LCS / (|a| + |b|) (see commonWords).
func wordSimilarity(a, b []uint32, maxCells int) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return 2 * float64(commonWords(a, b, maxCells)) / float64(len(a)+len(b))
}

// commonWords is the length of the longest common subsequence of a and b.
// The bit-parallel LCS costs a 64th of the cells of a dynamic-programming
// table; past 64·maxCells cells it is estimated from the share of distinct
// words the two have in common.
func commonWords(a, b []uint32, maxCells int) int {
	if len(a)*len(b)/64 > maxCells {
		x, y := wordSet(a), wordSet(b)
		share := 2 * float64(similarity.Intersection(x, y)) / float64(len(x)+len(y))
		return int(share * float64(len(a)+len(b)) / 2)
	}
	return lcsLength(a, b)
}

// countFields is len(strings.Fields(s)), without making the fields.
func countFields(s string) int {
	n := 0
	for range strings.FieldsSeq(s) {
		n++
	}
	return n
}
