package similarity

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
)

// LSHParams are the banding parameters of an [Index].
type LSHParams struct {
	Threshold   float64 // Jaccard similarity the banding is tuned for
	Bands, Rows int     // Bands × Rows ≤ Size
	Size        int     // signature size
}

// OptimalParams chooses bands and rows for a Jaccard threshold and signature
// size by minimizing the weighted sum of the false-positive probability mass
// below the threshold and the false-negative mass above it, as datasketch's
// MinHashLSH does. Weights of 0.5 each balance the two.
func OptimalParams(threshold float64, size int, fpWeight, fnWeight float64) (LSHParams, error) {
	if !(threshold > 0 && threshold < 1) {
		return LSHParams{}, fmt.Errorf("%w: threshold %v not in (0, 1)", ErrParams, threshold)
	}
	if size < 1 || size > MaxSize {
		return LSHParams{}, fmt.Errorf("%w: size %d not in [1, %d]", ErrParams, size, MaxSize)
	}
	if !(fpWeight >= 0 && fnWeight >= 0 && fpWeight+fnWeight > 0) {
		return LSHParams{}, fmt.Errorf("%w: weights %v, %v", ErrParams, fpWeight, fnWeight)
	}
	key := paramsKey{threshold, size, fpWeight, fnWeight}
	if p, ok := paramsMemo.Load(key); ok {
		return p.(LSHParams), nil
	}
	best := LSHParams{Threshold: threshold, Size: size}
	bestErr := 2.0
	for b := 1; b <= size; b++ {
		for r := 1; b*r <= size; r++ {
			fp := integrate(func(s float64) float64 { return candidateProb(s, b, r) }, 0, threshold)
			fn := integrate(func(s float64) float64 { return 1 - candidateProb(s, b, r) }, threshold, 1)
			if e := fpWeight*fp + fnWeight*fn; e < bestErr {
				best.Bands, best.Rows, bestErr = b, r, e
			}
		}
	}
	paramsMemo.Store(key, best)
	return best, nil
}

// paramsMemo holds the parameters OptimalParams has chosen: the search
// integrates every banding of the signature (about 1.4 ms for 128
// permutations), which every report and every archive query would
// otherwise pay again for the same few thresholds.
var paramsMemo sync.Map // paramsKey → LSHParams

type paramsKey struct {
	threshold float64
	size      int
	fp, fn    float64
}

// candidateProb is the chance that sets of Jaccard s share a band.
func candidateProb(s float64, bands, rows int) float64 {
	return 1 - pow(1-pow(s, rows), bands)
}

func pow(x float64, n int) float64 {
	r := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r *= x
		}
		x *= x
	}
	return r
}

// integrate is Simpson's rule on 64 intervals: the integrands are smooth.
func integrate(f func(float64) float64, a, b float64) float64 {
	const n = 64
	h := (b - a) / n
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}

// Match is a document an index found, with its estimated Jaccard similarity
// to the query.
type Match struct {
	ID         int
	Similarity float64
}

// Index is an LSH banding index over MinHash signatures. Documents are added
// with plain integer ids; queries return candidates that share a band,
// verified against the threshold by their signatures. It reuses buffers
// between calls and is not safe for concurrent use.
type Index struct {
	params  LSHParams
	buckets []map[uint64][]int32 // per band: band key → positions in ids
	ids     []int
	dense   []uint64 // dense signature values of position i at [i*Size, (i+1)*Size)
	proto   *Signature
	scratch []uint64
	pos     []int32
}

// NewIndex returns an index tuned for threshold with signatures of size
// values, its bands and rows from [OptimalParams] with equal weights.
func NewIndex(threshold float64, size int) (*Index, error) {
	p, err := OptimalParams(threshold, size, 0.5, 0.5)
	if err != nil {
		return nil, err
	}
	return NewIndexParams(p)
}

// NewIndexParams returns an index with explicit parameters.
func NewIndexParams(p LSHParams) (*Index, error) {
	if p.Bands < 1 || p.Rows < 1 || p.Bands*p.Rows > p.Size || p.Size > MaxSize || !(p.Threshold >= 0 && p.Threshold <= 1) {
		return nil, fmt.Errorf("%w: %+v", ErrParams, p)
	}
	ix := &Index{params: p, buckets: make([]map[uint64][]int32, p.Bands)}
	for i := range ix.buckets {
		ix.buckets[i] = make(map[uint64][]int32)
	}
	return ix, nil
}

// Params returns the index's parameters.
func (ix *Index) Params() LSHParams { return ix.params }

// Len returns the number of documents added.
func (ix *Index) Len() int { return len(ix.ids) }

// Add indexes sig under id. Signatures of the empty set are not indexed (they
// are similar to nothing). It returns an error wrapping [ErrIncompatible] for
// a signature of another size, scheme or seed than the first one added.
func (ix *Index) Add(id int, sig *Signature) error {
	if err := ix.check(sig); err != nil {
		return err
	}
	if sig.Empty() {
		return nil
	}
	pos := int32(len(ix.ids))
	ix.ids = append(ix.ids, id)
	start := len(ix.dense)
	ix.dense = sig.AppendDense(ix.dense)
	values := ix.dense[start:]
	for b := range ix.params.Bands {
		key := bandKey(values, b, ix.params.Rows)
		ix.buckets[b][key] = append(ix.buckets[b][key], pos)
	}
	return nil
}

func (ix *Index) check(sig *Signature) error {
	if sig.Size() != ix.params.Size {
		return fmt.Errorf("%w: signature size %d, index size %d", ErrIncompatible, sig.Size(), ix.params.Size)
	}
	if ix.proto == nil {
		ix.proto = &Signature{scheme: sig.scheme, seed: sig.seed, mins: make([]uint64, 1)}
		return nil
	}
	if sig.scheme != ix.proto.scheme || sig.seed != ix.proto.seed {
		return fmt.Errorf("%w: %v/seed %d, index holds %v/seed %d", ErrIncompatible, sig.scheme, sig.seed, ix.proto.scheme, ix.proto.seed)
	}
	return nil
}

// Candidates appends to dst the ids of documents sharing at least one band
// with sig, in the order they were added, each once, unverified.
func (ix *Index) Candidates(dst []int, sig *Signature) []int {
	for _, pos := range ix.positions(sig) {
		dst = append(dst, ix.ids[pos])
	}
	return dst
}

func (ix *Index) positions(sig *Signature) []int32 {
	if sig.Size() != ix.params.Size || sig.Empty() || ix.proto == nil ||
		sig.scheme != ix.proto.scheme || sig.seed != ix.proto.seed {
		return nil
	}
	ix.scratch = sig.AppendDense(ix.scratch[:0])
	pos := ix.pos[:0]
	for b := range ix.params.Bands {
		pos = append(pos, ix.buckets[b][bandKey(ix.scratch, b, ix.params.Rows)]...)
	}
	slices.Sort(pos)
	ix.pos = slices.Compact(pos)
	return ix.pos
}

// Query appends to dst the documents that share a band with sig and whose
// estimated Jaccard similarity reaches the threshold, most similar first (ties
// by id). A signature of other parameters finds nothing.
func (ix *Index) Query(dst []Match, sig *Signature) []Match {
	start := len(dst)
	size := ix.params.Size
	for _, pos := range ix.positions(sig) {
		j := agreement(ix.scratch, ix.dense[int(pos)*size:int(pos+1)*size])
		if j >= ix.params.Threshold {
			dst = append(dst, Match{ID: ix.ids[pos], Similarity: j})
		}
	}
	slices.SortFunc(dst[start:], func(a, b Match) int {
		if c := cmp.Compare(b.Similarity, a.Similarity); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return dst
}

// AppendBandKeys appends the key of each band of sig under these
// parameters: two signatures share a band exactly when a key is equal at the
// same position. Keys are seeded, portable hashes, fit to be stored. The
// empty set has no keys.
func (p LSHParams) AppendBandKeys(dst []uint64, sig *Signature) []uint64 {
	if sig.Empty() || sig.Size() != p.Size {
		return dst
	}
	var buf [DefaultSize]uint64
	values := sig.AppendDense(buf[:0])
	for b := range p.Bands {
		dst = append(dst, bandKey(values, b, p.Rows))
	}
	return dst
}

// bandKey hashes band b (rows values) of a dense signature.
func bandKey(values []uint64, b, rows int) uint64 {
	k := uint64(b+1) * golden
	for _, v := range values[b*rows : (b+1)*rows] {
		k = mix64(k ^ v)
	}
	return k
}
