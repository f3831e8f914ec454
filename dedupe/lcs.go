package dedupe

import (
	"cmp"
	"math/bits"
	"slices"
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
func lcsLength(x, y []uint64) int {
	if len(y) < len(x) {
		x, y = y, x
	}
	if len(x) == 0 {
		return 0
	}
	w := (len(x) + 63) / 64
	// The distinct words of x, sorted, each with its mask of positions.
	type at struct {
		word uint64
		pos  int
	}
	order := make([]at, len(x))
	for i, h := range x {
		order[i] = at{h, i}
	}
	slices.SortFunc(order, func(p, q at) int { return cmp.Compare(p.word, q.word) })
	words := make([]uint64, 0, len(x))
	masks := make([]uint64, 0, len(x)*w)
	for _, o := range order {
		if len(words) == 0 || words[len(words)-1] != o.word {
			words = append(words, o.word)
			masks = append(masks, make([]uint64, w)...)
		}
		masks[(len(words)-1)*w+o.pos/64] |= 1 << (o.pos % 64)
	}

	v := make([]uint64, w)
	for i := range v {
		v[i] = ^uint64(0)
	}
	for _, h := range y {
		k, ok := slices.BinarySearch(words, h)
		if !ok {
			continue // M is empty: V stays
		}
		m := masks[k*w : (k+1)*w]
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
		if i == w-1 && len(x)%64 != 0 {
			vi |= ^uint64(0) << (len(x) % 64) // bits past x do not count
		}
		zeros += bits.OnesCount64(^vi)
	}
	return zeros
}
