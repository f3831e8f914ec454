package similarity

import "slices"

// SortUnique sorts hashes and removes repeats, in place, turning a shingle
// list into the set the other functions of this file expect.
func SortUnique(hashes []uint64) []uint64 {
	slices.Sort(hashes)
	return slices.Compact(hashes)
}

// Intersection returns |a ∩ b| for sorted sets without repeats.
func Intersection(a, b []uint64) int {
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
