package similarity

import (
	"cmp"
	"math"
	"slices"
)

// Vector is a sparse vector: Indices sorted ascending without repeats, and
// the value at each. Indices are term hashes, so vectors of any vocabulary
// size compare without a dictionary. It is written here, not taken from
// github.com/james-bowman/sparse, which the Go module proxy refuses.
type Vector struct {
	Indices []uint64
	Values  []float64
}

// NewVector builds a vector from parallel index and value slices in any
// order, summing the values of repeated indices and dropping zeros.
func NewVector(indices []uint64, values []float64) Vector {
	if len(indices) != len(values) {
		panic("similarity: NewVector with slices of different lengths")
	}
	type entry struct {
		i uint64
		v float64
	}
	es := make([]entry, len(indices))
	for k := range indices {
		es[k] = entry{indices[k], values[k]}
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.i, b.i) })
	var v Vector
	for _, e := range es {
		if n := len(v.Indices); n > 0 && v.Indices[n-1] == e.i {
			v.Values[n-1] += e.v
			continue
		}
		v.Indices = append(v.Indices, e.i)
		v.Values = append(v.Values, e.v)
	}
	w := 0
	for k := range v.Indices {
		if v.Values[k] != 0 {
			v.Indices[w], v.Values[w] = v.Indices[k], v.Values[k]
			w++
		}
	}
	v.Indices, v.Values = v.Indices[:w], v.Values[:w]
	return v
}

// Dot returns the dot product of v and w.
func (v Vector) Dot(w Vector) float64 {
	sum, i, j := 0.0, 0, 0
	for i < len(v.Indices) && j < len(w.Indices) {
		switch {
		case v.Indices[i] < w.Indices[j]:
			i++
		case v.Indices[i] > w.Indices[j]:
			j++
		default:
			sum += v.Values[i] * w.Values[j]
			i++
			j++
		}
	}
	return sum
}

// Norm returns the Euclidean norm of v.
func (v Vector) Norm() float64 {
	sum := 0.0
	for _, x := range v.Values {
		sum += x * x
	}
	return math.Sqrt(sum)
}

// Cosine returns the cosine of the angle between v and w, 0 if either is zero.
func Cosine(v, w Vector) float64 {
	n := v.Norm() * w.Norm()
	if n == 0 {
		return 0
	}
	return min(1, v.Dot(w)/n)
}

// TFIDF weighs terms by how rare they are in a corpus. Terms are word
// hashes, 32 bits as [shingle.Token] gives them. Add every document's
// terms first, then ask for vectors. The zero value is an empty corpus. Add
// must not run on several goroutines at once.
type TFIDF struct {
	docs  int
	df    termCounts
	stamp uint32 // numbers the Add calls, for termSlot.doc

	idf     []float64 // IDF by document frequency below idfTableSize
	idfDocs int       // the number of documents idf was computed for
}

// Add counts one document's terms (term hashes; repeats count once). A
// term's slot remembers the last Add that counted it, so repeats are told
// apart without sorting the terms (which was half the time of counting).
func (t *TFIDF) Add(terms []uint32) {
	t.docs++
	if t.stamp++; t.stamp == 0 { // wrapped: forget the old stamps
		for i := range t.df.slots {
			t.df.slots[i].doc = 0
		}
		t.stamp = 1
	}
	for _, term := range terms {
		t.df.addOnce(term, t.stamp)
	}
}

// widen appends terms to dst as 64-bit values.
func widen(dst []uint64, terms []uint32) []uint64 {
	dst = slices.Grow(dst, len(terms))
	for _, x := range terms {
		dst = append(dst, uint64(x))
	}
	return dst
}

// Merge adds the counts of o, as if o's documents had been added to t: a
// corpus counted in parts (one TFIDF per goroutine) is merged into one.
func (t *TFIDF) Merge(o *TFIDF) {
	t.docs += o.docs
	for _, s := range o.df.slots {
		if s.count > 0 {
			t.df.add(s.term, s.count)
		}
	}
}

// Docs returns the number of documents added.
func (t *TFIDF) Docs() int { return t.docs }

// IDF returns the smoothed inverse document frequency of term,
// ln((1+N)/(1+df)) + 1, so that a term in every document still counts a little.
func (t *TFIDF) IDF(term uint32) float64 {
	df := t.df.get(term)
	if df < len(t.idf) && t.idfDocs == t.docs {
		return t.idf[df]
	}
	return math.Log(float64(1+t.docs)/float64(1+df)) + 1
}

// termCounts counts documents by term: an open-addressing table, as a Go
// map's increments were most of the time of counting a corpus's terms
// (35 million at 100,000 articles).
type termCounts struct {
	slots []termSlot // a power of two, at most half full
	n     int        // slots in use
}

type termSlot struct {
	term  uint32
	doc   uint32 // the TFIDF.Add that counted it last (its stamp), 0 for none
	count int    // 0 marks an empty slot
}

// slot returns the index of term's slot, or of the empty slot where it
// would go. Terms need not be uniform: they are mixed first.
func (c *termCounts) slot(term uint32) int {
	mask := uint64(len(c.slots) - 1)
	for i := (uint64(term) * 0x9e3779b97f4a7c15) >> 32 & mask; ; i = (i + 1) & mask {
		if s := &c.slots[i]; s.count == 0 || s.term == term {
			return int(i)
		}
	}
}

// grow makes room for one more term.
func (c *termCounts) grow() {
	if 2*(c.n+1) <= len(c.slots) {
		return
	}
	old := c.slots
	c.slots = make([]termSlot, max(1024, 2*len(old)))
	for _, s := range old {
		if s.count > 0 {
			c.slots[c.slot(s.term)] = s
		}
	}
}

// add adds k (at least 1) to the count of term.
func (c *termCounts) add(term uint32, k int) { c.insert(term).count += k }

// addOnce adds 1 to the count of term unless the Add stamped doc has
// counted it already (a new slot's doc is 0, never a stamp).
func (c *termCounts) addOnce(term, doc uint32) {
	if s := c.insert(term); s.doc != doc {
		s.doc = doc
		s.count++
	}
}

// insert returns term's slot, making one (its count still 0, which the
// caller raises at once) when term has none.
func (c *termCounts) insert(term uint32) *termSlot {
	c.grow()
	s := &c.slots[c.slot(term)]
	if s.count == 0 {
		s.term = term
		c.n++
	}
	return s
}

// get returns the count of term, 0 when it has none.
func (c *termCounts) get(term uint32) int {
	if c.n == 0 {
		return 0
	}
	return c.slots[c.slot(term)].count
}

// idfTableSize is how many document frequencies, from 0, have their IDF
// computed once by Seal rather than at every look-up.
const idfTableSize = 1024

// Seal computes once the IDF of the commonest document frequencies, so that
// vectors take a logarithm only for rarer ones. Call it after the last Add
// or Merge; vectors are the same with or without it. It must not run while
// Vector does.
func (t *TFIDF) Seal() {
	if t.idfDocs == t.docs && len(t.idf) == idfTableSize {
		return
	}
	t.idf = t.idf[:0]
	for df := range idfTableSize {
		t.idf = append(t.idf, math.Log(float64(1+t.docs)/float64(1+df))+1)
	}
	t.idfDocs = t.docs
}

// Vector returns the TF-IDF vector of a document's terms: raw term count
// times IDF.
func (t *TFIDF) Vector(terms []uint32) Vector {
	return t.AppendVector(Vector{}, terms)
}

// AppendVector is Vector that reuses the slices of v (its contents are
// replaced), for callers that make many vectors one after another.
func (t *TFIDF) AppendVector(v Vector, terms []uint32) Vector {
	v.Indices = widen(v.Indices[:0], terms)
	sortHashes(v.Indices, 32) // term hashes: the bucket sort beats a comparison sort
	v.Values = v.Values[:0]
	n := 0
	for lo := 0; lo < len(v.Indices); {
		term := v.Indices[lo]
		hi := lo + 1
		for hi < len(v.Indices) && v.Indices[hi] == term {
			hi++
		}
		if x := float64(hi-lo) * t.IDF(uint32(term)); x != 0 {
			v.Indices[n] = term
			v.Values = append(v.Values, x)
			n++
		}
		lo = hi
	}
	v.Indices = v.Indices[:n]
	return v
}
