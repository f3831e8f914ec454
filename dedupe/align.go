package dedupe

import (
	"cmp"
	"slices"
)

// seedMatch is a seed shingle that documents a < b share, starting at token
// i of a and token j of b.
type seedMatch struct{ a, b, i, j int32 }

// passage is an aligned stretch that documents a and b share: tokens
// [as, ae) of a and [bs, be) of b, with matches words aligned exactly.
type passage struct {
	a, b           int32
	as, ae, bs, be int32
	matches        int32
}

// Alignment scores: a local alignment (Smith–Waterman) of words that
// tolerates dropped, added and replaced words. Matches and errors weigh the
// same, so an alignment only grows over an error when more matches follow
// than errors, and unrelated text, which shares only scattered common
// words, is not absorbed.
const (
	scoreMatch    = 1
	scoreMismatch = -1
	scoreGap      = -1
)

// Traceback directions.
const (
	dirStop uint8 = iota
	dirDiag
	dirUp   // a word of a left unmatched
	dirLeft // a word of b left unmatched
)

// chain is a run of seeds along nearly the same diagonal.
type chain struct {
	i0, i1, j0, j1 int32 // token bounds covered by its seeds
	dlo, dhi       int32 // diagonals (j-i) its seeds lie on
	lastI, lastJ   int32
	seeds          int32
}

// step is one column of an alignment path.
type step struct {
	i, j int32
	dir  uint8
	same bool
}

// aligner aligns document pairs; it keeps its buffers between pairs and
// belongs to one goroutine.
type aligner struct {
	k, maxGap, minWords int32
	maxCells            int
	pad, chainGap       int32

	da, db *analyzed // the pair being aligned

	chains  []chain
	rows    [2][]int32
	dir     []uint8
	path    []step
	matched []step // matched steps of the passage being split off
	stack   [][4]int32
}

func newAligner(o *Options) *aligner {
	return &aligner{
		k:        int32(o.SeedSize),
		maxGap:   int32(o.MaxGap),
		minWords: int32(o.MinWords),
		maxCells: o.MaxAlignCells,
		pad:      2 * int32(o.MaxGap),
		chainGap: 2*int32(o.MaxGap) + int32(o.SeedSize),
	}
}

// pair appends to out the passages that documents a and b share, given
// their seeds sorted by (i, j).
func (al *aligner) pair(out []passage, a, b int32, da, db *analyzed, seeds []seedMatch) []passage {
	start := len(out)
	al.da, al.db = da, db
	al.chain(seeds)
	for _, c := range al.chains {
		if c.seeds < 2 {
			continue // one shared trigram is no passage
		}
		out = al.region(out, a, b, c)
	}
	al.da, al.db = nil, nil
	return dropOverlapping(out, start)
}

// chain groups seeds into chains: a seed joins the open chain whose last seed
// is close before it on both sides and on the nearest diagonal.
func (al *aligner) chain(seeds []seedMatch) {
	al.chains = al.chains[:0]
	open := 0 // chains before open can no longer grow
	for _, s := range seeds {
		d := s.j - s.i
		best, bestDrift := -1, int32(0)
		for c := open; c < len(al.chains); c++ {
			ch := &al.chains[c]
			if s.i-ch.lastI > al.chainGap {
				continue
			}
			if s.i <= ch.lastI || s.j <= ch.lastJ || s.j-ch.lastJ > al.chainGap {
				continue
			}
			drift := abs32(d - (ch.lastJ - ch.lastI))
			if drift > al.chainGap || best >= 0 && drift >= bestDrift {
				continue
			}
			rows := int(max(ch.i1, s.i+al.k) - ch.i0 + 2*al.pad)
			width := int(max(ch.dhi, d) - min(ch.dlo, d) + 1 + 2*al.pad)
			if rows*width > al.maxCells {
				continue // too big to align at once: start a new chain
			}
			best, bestDrift = c, drift
		}
		if best < 0 {
			al.chains = append(al.chains, chain{i0: s.i, j0: s.j, i1: s.i + al.k, j1: s.j + al.k, dlo: d, dhi: d, lastI: s.i, lastJ: s.j, seeds: 1})
		} else {
			ch := &al.chains[best]
			ch.i1, ch.j1 = max(ch.i1, s.i+al.k), max(ch.j1, s.j+al.k)
			ch.j0 = min(ch.j0, s.j)
			ch.dlo, ch.dhi = min(ch.dlo, d), max(ch.dhi, d)
			ch.lastI, ch.lastJ = s.i, s.j
			ch.seeds++
		}
		for open < len(al.chains) && s.i-al.chains[open].lastI > al.chainGap {
			open++
		}
	}
}

// region aligns the neighbourhood of chain c, then what is left of it on
// either side of the alignment, and appends the passages found.
func (al *aligner) region(out []passage, a, b int32, c chain) []passage {
	ta, tb := al.da.hashes, al.db.hashes
	na, nb := int32(len(ta)), int32(len(tb))
	al.stack = append(al.stack[:0], [4]int32{
		max(0, c.i0-al.pad), min(na, c.i1+al.pad),
		max(0, c.j0-al.pad), min(nb, c.j1+al.pad),
	})
	dlo, dhi := c.dlo-al.pad, c.dhi+al.pad
	for first := true; len(al.stack) > 0; first = false {
		r := al.stack[len(al.stack)-1]
		al.stack = al.stack[:len(al.stack)-1]
		a0, a1, b0, b1 := r[0], r[1], r[2], r[3]
		if a1-a0 < al.minWords || b1-b0 < al.minWords {
			continue
		}
		var found bool
		if first && c.dlo == c.dhi {
			found = al.diagonal(ta, tb, a0, a1, b0, b1, c.dlo)
		} else {
			found = al.align(ta, tb, a0, a1, b0, b1, dlo, dhi)
		}
		if !found {
			continue
		}
		first, last := al.path[0], al.path[len(al.path)-1]
		out = al.split(out, a, b)
		al.stack = append(al.stack, [4]int32{a0, first.i, b0, first.j}, [4]int32{last.i + 1, a1, last.j + 1, b1})
	}
	return out
}

// diagonal is align for a chain whose seeds all lie on diagonal d, as a
// copy's do when its edits replace words but drop or add none: the best
// local alignment without gaps, the highest-scoring stretch of the diagonal
// (matches +1, mismatches -1, as align scores them), in one pass instead of
// a dynamic program over the band. Words dropped or added on either side
// put seeds on other diagonals, and those chains take align.
func (al *aligner) diagonal(ta, tb []uint32, a0, a1, b0, b1, d int32) bool {
	lo, hi := max(a0, b0-d), min(a1, b1-d)
	var best, cur int32
	var bestS, bestE, curS int32
	for i := lo; i < hi; i++ {
		if cur <= 0 {
			cur, curS = 0, i
		}
		if ta[i] == tb[i+d] {
			cur++
		} else {
			cur--
		}
		if cur > best {
			best, bestS, bestE = cur, curS, i+1
		}
	}
	if best == 0 {
		return false
	}
	al.path = al.path[:0]
	for i := bestS; i < bestE; i++ {
		al.path = append(al.path, step{i: i, j: i + d, dir: dirDiag, same: ta[i] == tb[i+d]})
	}
	return true
}

// align finds the best local alignment of tokens [a0, a1) of ta with [b0, b1)
// of tb on diagonals [dlo, dhi], leaving its path, in order, in al.path. It
// reports whether there is one.
func (al *aligner) align(ta, tb []uint32, a0, a1, b0, b1, dlo, dhi int32) bool {
	width := int(dhi - dlo + 1)
	rows := int(a1 - a0)
	for k := range al.rows {
		if cap(al.rows[k]) < width+2 {
			al.rows[k] = make([]int32, width+2)
		}
		al.rows[k] = al.rows[k][:width+2]
		clear(al.rows[k])
	}
	if cap(al.dir) < rows*width {
		al.dir = make([]uint8, rows*width)
	}
	dir := al.dir[:rows*width]
	clear(dir)

	var best int32
	bestR, bestC := -1, -1
	for r := range rows {
		i := a0 + int32(r)
		prev, cur := al.rows[r%2^1], al.rows[r%2]
		// cur[c+1] holds column c; cur[0] and cur[width+1] stay 0, and so
		// do the columns whose token j = i+dlo+c is outside [b0, b1). The
		// first row's prev is all 0, as if the alignment started there.
		lo := int(min(max(b0-i-dlo, 0), int32(width)))
		hi := int(max(min(b1-i-dlo, int32(width)), int32(lo)))
		clear(cur[1 : lo+1])
		clear(cur[hi+1 : width+1])
		if lo == hi {
			continue
		}
		x := ta[i]
		tbr := tb[i+dlo+int32(lo) : i+dlo+int32(hi)]
		n := len(tbr)
		up, diag := prev[lo+2 : hi+2][:n], prev[lo+1 : hi+1][:n]
		out := cur[lo+1 : hi+1][:n] // out[k] is column lo+k
		left := cur[lo]             // the column before, 0 at the band's edge
		drow := dir[r*width+lo : r*width+hi][:n]
		for k, y := range tbr {
			s := int32(scoreMismatch)
			if x == y {
				s = scoreMatch
			}
			h, d := int32(0), dirStop
			if v := diag[k] + s; v > h {
				h, d = v, dirDiag
			}
			if v := up[k] + scoreGap; v > h {
				h, d = v, dirUp
			}
			if v := left + scoreGap; v > h {
				h, d = v, dirLeft
			}
			out[k], left = h, h
			drow[k] = d
			if h > best {
				best, bestR, bestC = h, r, lo+k
			}
		}
	}
	if bestR < 0 {
		return false
	}
	al.path = al.path[:0]
	for r, c := bestR, bestC; r >= 0 && c >= 0 && c < width; {
		d := dir[r*width+c]
		if d == dirStop {
			break
		}
		i := a0 + int32(r)
		j := i + dlo + int32(c)
		al.path = append(al.path, step{i: i, j: j, dir: d, same: d == dirDiag && ta[i] == tb[j]})
		switch d {
		case dirDiag:
			r--
		case dirUp:
			r, c = r-1, c+1
		case dirLeft:
			c--
		}
	}
	slices.Reverse(al.path)
	// A local alignment starts and ends on a match; trim anything else.
	for len(al.path) > 0 && !al.path[0].same {
		al.path = al.path[1:]
	}
	for len(al.path) > 0 && !al.path[len(al.path)-1].same {
		al.path = al.path[:len(al.path)-1]
	}
	return len(al.path) > 0
}

// split cuts al.path into passages and appends those with at least
// minWords matches. It cuts only where more than maxGap words in a row go
// unmatched on either side: a copy with light edits is one passage, across
// its sentences and quotations, so that it is one span in each document
// (whether its words are quoted is for the cluster to weigh).
func (al *aligner) split(out []passage, a, b int32) []passage {
	var cur passage
	var gapA, gapB int32
	open := false
	flush := func() {
		if open {
			if m := al.trimSentences(); len(m) >= int(al.minWords) {
				first, last := m[0], m[len(m)-1]
				cur.as, cur.bs, cur.ae, cur.be = first.i, first.j, last.i+1, last.j+1
				cur.matches = int32(len(m))
				out = append(out, cur)
			}
		}
		open = false
	}
	for _, s := range al.path {
		if !s.same {
			if s.dir != dirLeft {
				gapA++
			}
			if s.dir != dirUp {
				gapB++
			}
			if gapA > al.maxGap || gapB > al.maxGap {
				flush()
			}
			continue
		}
		if !open {
			cur = passage{a: a, b: b}
			al.matched = al.matched[:0]
			open = true
		}
		al.matched = append(al.matched, s)
		gapA, gapB = 0, 0
	}
	flush()
	return out
}

// minSentenceWords is the fewest matched words that carry a passage into a
// sentence at either end; fewer ("showings. The") are trimmed off.
const minSentenceWords = 3

// trimSentences drops from al.matched a first or last sentence that
// contributes fewer than minSentenceWords matches, and returns what is left.
func (al *aligner) trimSentences() []step {
	m := al.matched
	da, db := al.da, al.db
	changes := func(k int) bool {
		return da.sentence(m[k].i) != da.sentence(m[k-1].i) || db.sentence(m[k].j) != db.sentence(m[k-1].j)
	}
	for k := 1; k < len(m) && k < minSentenceWords; k++ {
		if changes(k) {
			m = m[k:]
			break
		}
	}
	for k := len(m) - 1; k > 0 && len(m)-k < minSentenceWords; k-- {
		if changes(k) {
			m = m[:k]
			break
		}
	}
	return m
}

// dropOverlapping keeps, of the passages from out[start:] that overlap on
// both sides, or by more than half of one of them on either side, the one
// with the most matches, and sorts them by position.
func dropOverlapping(out []passage, start int) []passage {
	ps := out[start:]
	slices.SortFunc(ps, func(x, y passage) int {
		if c := cmp.Compare(y.matches, x.matches); c != 0 {
			return c
		}
		if c := cmp.Compare(x.as, y.as); c != 0 {
			return c
		}
		return cmp.Compare(x.bs, y.bs)
	})
	kept := ps[:0]
	for _, p := range ps {
		dup := false
		for _, q := range kept {
			// Overlapping on both sides, or over half of it on either side:
			// text one document repeats matches the other's once.
			if p.as < q.ae && q.as < p.ae && p.bs < q.be && q.bs < p.be ||
				2*(min(p.ae, q.ae)-max(p.as, q.as)) > p.ae-p.as ||
				2*(min(p.be, q.be)-max(p.bs, q.bs)) > p.be-p.bs {
				dup = true
				break
			}
		}
		if !dup {
			kept = append(kept, p)
		}
	}
	slices.SortFunc(kept, func(x, y passage) int {
		if c := cmp.Compare(x.as, y.as); c != 0 {
			return c
		}
		return cmp.Compare(x.bs, y.bs)
	})
	return out[:start+len(kept)]
}

// minQuoteWords is the fewest words of a quotation that appendSharedQuotes
// makes a passage of.
const minQuoteWords = 3

// appendSharedQuotes appends, for each passage of ps[from:] (documents a
// and b), a passage for each quotation that it carries on both sides: a
// quotation of a inside it, and the quotation of b at the same place, when
// their words are alike (a Dice coefficient of at least MemberSimilarity over the
// longest common subsequence). A quotation copied inside a longer passage
// then clusters with its other carriers too.
func appendSharedQuotes(ps []passage, from int, da, db *analyzed, maxCells int) []passage {
	for _, p := range ps[from:] { // the passages given; range reads ps once
		q, _ := slices.BinarySearchFunc(da.quoteWords, p.as, func(r wordRange, t int32) int { return cmp.Compare(r.first, t) })
		for ; q < len(da.quoteWords) && da.quoteWords[q].end <= p.ae; q++ {
			qa := da.quoteWords[q]
			if qa.end-qa.first < minQuoteWords {
				continue
			}
			// Where the middle of the quotation falls in b, in proportion.
			mid := (qa.first + qa.end) / 2
			j := p.bs + int32(int64(mid-p.as)*int64(p.be-p.bs)/int64(max(1, p.ae-p.as)))
			k := db.quoteOf(min(j, p.be-1))
			if k < 0 {
				continue
			}
			qb := db.quoteWords[k]
			if qb.first < p.bs || qb.end > p.be || qb.end-qb.first < minQuoteWords ||
				qa.first == p.as && qa.end == p.ae && qb.first == p.bs && qb.end == p.be {
				continue // not inside the passage, or the passage itself
			}
			if wordSimilarity(da.hashes[qa.first:qa.end], db.hashes[qb.first:qb.end], maxCells) < MemberSimilarity {
				continue
			}
			ps = append(ps, passage{a: p.a, b: p.b, as: qa.first, ae: qa.end, bs: qb.first, be: qb.end, matches: min(qa.end-qa.first, qb.end-qb.first)})
		}
	}
	return ps
}

// keepLongest keeps the n passages with the most matches, in position order.
func keepLongest(ps []passage, n int) []passage {
	byLength := slices.Clone(ps)
	slices.SortStableFunc(byLength, func(x, y passage) int { return cmp.Compare(y.matches, x.matches) })
	kept := byLength[:n]
	slices.SortFunc(kept, func(x, y passage) int {
		if c := cmp.Compare(x.as, y.as); c != 0 {
			return c
		}
		return cmp.Compare(x.bs, y.bs)
	})
	return kept
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}
