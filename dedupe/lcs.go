package dedupe

import (
	"math/bits"
	"slices"
	"sync"
)

// lcsLength returns the length of the longest common subsequence of two
// word sequences, bit-parallel (Crochemore et al. 2001; Hyyrö 2004): a bit
// per word of the shorter sequence x, and for each word of the other one
// step over ⌈|x|/64⌉ machine words,
//
//	V ← (V + (V & M[y])) | (V &^ M[y])
//
// where M[y] marks the positions of word y in x; the LCS is the number of
// zero bits of V. That is |x|·|y|/64 word operations where the table of the
// classic dynamic program has |x|·|y| cells. The subtraction of the usual
// form, V − (V & M), needs no borrow (V & M is within V), so it is V &^ M.
func lcsLength(x, y []uint32) int {
	if len(y) < len(x) {
		x, y = y, x
	}
	t := getLCSTable()
	defer putLCSTable(t)
	t.reset(x)
	return t.length(y)
}

// lcsTables keeps tables for the next use: one made for every call of
// lcsLength was a fifth of the align stage's allocations, and one per
// cluster a tenth of the cluster stage's.
var lcsTables = sync.Pool{New: func() any { return new(lcsTable) }}

func getLCSTable() *lcsTable { return lcsTables.Get().(*lcsTable) }

func putLCSTable(t *lcsTable) {
	t.x = nil // the words are the caller's
	lcsTables.Put(t)
}

// lcsTable is lcsLength prepared for one sequence x, to measure many
// others against it (a cluster's centre against its candidate members):
// the distinct words of x, each with its mask of positions, found by an
// open-addressing table indexed by the top bits of the word times an odd
// constant: a probe or two where the binary search over the sorted words
// it replaced branched unpredictably a dozen times (the centres of the
// cluster stage took 2 s less at 100,000 articles). It keeps its buffers
// between uses.
type lcsTable struct {
	x     []uint32
	n     int       // words in x
	slots []lcsSlot // a power of two, at most half full
	shift uint      // 32 - log2(len(slots))
	at    []int32   // reset's scratch: the entry of each word of x
	masks []uint64  // w words per entry
	v     []uint64
}

// lcsSlot is a word of x and its entry: the index of its mask plus one, 0
// for an empty slot.
type lcsSlot struct{ word, k uint32 }

func (t *lcsTable) reset(x []uint32) {
	t.x, t.n = x, len(x)
	size := 16
	t.shift = 28
	for size < 2*len(x) {
		size *= 2
		t.shift--
	}
	t.slots = slices.Grow(t.slots[:0], size)[:size]
	clear(t.slots)
	t.at = slices.Grow(t.at[:0], len(x))[:len(x)]
	entries := 0
	for i, h := range x {
		s := &t.slots[t.find(h)]
		if s.k == 0 {
			entries++
			*s = lcsSlot{h, uint32(entries)}
		}
		t.at[i] = int32(s.k - 1)
	}
	w := (len(x) + 63) / 64
	t.masks = slices.Grow(t.masks[:0], entries*w)[:entries*w]
	clear(t.masks)
	for i, k := range t.at {
		t.masks[int(k)*w+i/64] |= 1 << (i % 64)
	}
}

// find returns the index of h's slot, or of the empty slot where it would
// go, starting from the top bits of h times an odd constant.
func (t *lcsTable) find(h uint32) uint32 {
	mask := uint32(len(t.slots) - 1)
	for j := h * 0x9e3779b9 >> t.shift; ; j = (j + 1) & mask {
		if s := t.slots[j]; s.k == 0 || s.word == h {
			return j
		}
	}
}

// entry returns the index of h's mask, or -1 when h is not in x.
func (t *lcsTable) entry(h uint32) int { return int(t.slots[t.find(h)].k) - 1 }

// common is length, or past 64·maxCells cells commonWords' estimate.
func (t *lcsTable) common(y []uint32, maxCells int) int {
	if len(t.x)*len(y)/64 > maxCells {
		return commonWords(t.x, y, maxCells)
	}
	return t.length(y)
}

// length returns the length of the longest common subsequence of x and y.
func (t *lcsTable) length(y []uint32) int {
	if t.n == 0 {
		return 0
	}
	w := (t.n + 63) / 64
	t.v = slices.Grow(t.v[:0], w)[:w]
	v := t.v
	for i := range v {
		v[i] = ^uint64(0)
	}
	for _, h := range y {
		k := t.entry(h)
		if k < 0 {
			continue // M is empty: V stays
		}
		m := t.masks[k*w : (k+1)*w]
		var carry uint64
		for i, vi := range v {
			u := vi & m[i]
			var sum uint64
			sum, carry = bits.Add64(vi, u, carry)
			v[i] = sum | vi&^u
		}
	}
	zeros := 0
	for i, vi := range v {
		if i == w-1 && t.n%64 != 0 {
			vi |= ^uint64(0) << (t.n % 64) // bits past x do not count
		}
		zeros += bits.OnesCount64(^vi)
	}
	return zeros
}

// WordLCS measures word sequences (word hashes) against one sequence by
// their longest common subsequence, bit-parallel, as a report measures a
// cluster's members against its representative. It keeps its buffers
// between uses and belongs to one goroutine. The zero value is ready.
type WordLCS struct{ t lcsTable }

// Reset makes x the sequence that others are measured against.
func (w *WordLCS) Reset(x []uint32) { w.t.reset(x) }

// Length returns the length of the longest common subsequence of x and y.
func (w *WordLCS) Length(y []uint32) int { return w.t.length(y) }

// Similarity returns the Dice coefficient of x and y over their longest
// common subsequence, 2·LCS / (|x| + |y|), the similarity a report gives
// its members; past 64·maxCells cells it is estimated from the share of
// distinct words the two have in common, as a report estimates it.
func (w *WordLCS) Similarity(y []uint32, maxCells int) float64 {
	if len(w.t.x) == 0 || len(y) == 0 {
		return 0
	}
	return 2 * float64(w.t.common(y, maxCells)) / float64(len(w.t.x)+len(y))
}
