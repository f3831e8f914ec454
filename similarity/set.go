package similarity

import (
	"cmp"
	"slices"
)

// SortUnique sorts hashes and removes repeats, in place, turning a shingle
// list into the set the other functions of this file expect.
func SortUnique(hashes []uint64) []uint64 {
	sortHashes(hashes, 64)
	return slices.Compact(hashes)
}

// sortHashes sorts s, hashes of width bits (8 to 64; the bits above are 0).
// Hashes are close to uniform, so it distributes them by their top byte
// into 256 buckets of a few each, then sorts each bucket: for
// an article's 600 shingle hashes that is about four times faster than a
// comparison sort, whose branches a random order defeats. Up to
// maxScatter hashes are distributed through a buffer on the stack, more in
// place (American flag sort); a bucket of more than a few, which only
// skewed input makes, is sorted by comparison, so the worst case stays
// O(n log n).
func sortHashes(s []uint64, width uint) {
	const maxScatter = 1024
	shift := width - 8
	if len(s) < 64 {
		slices.Sort(s)
		return
	}
	var bounds [257]int32 // bucket b is s[bounds[b]:bounds[b+1]] once placed
	for _, x := range s {
		bounds[x>>shift&255+1]++
	}
	for b := 1; b <= 256; b++ {
		bounds[b] += bounds[b-1]
	}
	next := [256]int32(bounds[:256])
	if len(s) <= maxScatter {
		var tmp [maxScatter]uint64
		for _, x := range s {
			d := x >> shift & 255
			tmp[next[d]] = x
			next[d]++
		}
		copy(s, tmp[:len(s)])
	} else {
		for b := range 256 {
			for end := bounds[b+1]; next[b] < end; {
				x := s[next[b]]
				for d := x >> shift & 255; d != uint64(b); d = x >> shift & 255 {
					x, s[next[d]] = s[next[d]], x
					next[d]++
				}
				s[next[b]] = x
				next[b]++
			}
		}
	}
	for b := range 256 {
		bucket := s[bounds[b]:bounds[b+1]]
		if len(bucket) > 16 {
			slices.Sort(bucket)
			continue
		}
		for i := 1; i < len(bucket); i++ {
			x, j := bucket[i], i
			for ; j > 0 && bucket[j-1] > x; j-- {
				bucket[j] = bucket[j-1]
			}
			bucket[j] = x
		}
	}
}

// Intersection returns |a ∩ b| for sorted sets without repeats.
func Intersection[T cmp.Ordered](a, b []T) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Jaccard returns |a ∩ b| / |a ∪ b| for sorted sets without repeats; two
// empty sets share nothing and score 0.
func Jaccard(a, b []uint64) float64 {
	inter := Intersection(a, b)
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Containment returns |a ∩ b| / |a|, how much of a lies in b, for sorted sets
// without repeats; 0 when a is empty.
func Containment(a, b []uint64) float64 {
	if len(a) == 0 {
		return 0
	}
	return float64(Intersection(a, b)) / float64(len(a))
}
