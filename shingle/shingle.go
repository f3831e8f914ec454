package shingle

// MaxK is the largest shingle size.
const MaxK = 32

// Shingle is k consecutive tokens, hashed. Tokens [First, End) of the token
// slice it was made from are the ones it covers.
type Shingle struct {
	Hash       uint64
	First, End int32
}

// AppendShingles appends the k-shingles of tokens to dst and returns the
// extended slice: one per window of k consecutive tokens, or, when there are
// fewer than k tokens (but at least one), a single shingle over all of them,
// so that short texts are still comparable. It panics if k is not in
// [1, MaxK].
//
// The hash of a window of n token hashes t[0..n-1] is fixed and portable:
//
//	p = t[0]·M^(n-1) + t[1]·M^(n-2) + … + t[n-1]   (mod 2^64, M = 0x9e3779b97f4a7c15)
//	hash = splitmix64((p ^ seed) + n·M)
//
// a polynomial (Rabin–Karp) hash of the token hashes, which are themselves
// 32 bits of seeded xxhash64, finished by the SplitMix64 finalizer so that every bit
// depends on every token. Sliding the window costs two multiplications,
// whatever k is; it does not depend on where the window is.
func AppendShingles(dst []Shingle, tokens []Token, k int, seed uint64) []Shingle {
	w := newWindows(len(tokens), k, seed)
	for _, t := range tokens[:w.k-1] {
		w.push(uint64(t.Hash))
	}
	for i := range w.n {
		dst = append(dst, Shingle{Hash: w.hash(uint64(tokens[i+w.k-1].Hash), uint64(tokens[i].Hash)), First: int32(i), End: int32(i + w.k)})
	}
	return dst
}

// AppendHashes is [AppendShingles] keeping only the hashes, for callers that
// need the set and not the positions.
func AppendHashes(dst []uint64, tokens []Token, k int, seed uint64) []uint64 {
	w := newWindows(len(tokens), k, seed)
	for _, t := range tokens[:w.k-1] {
		w.push(uint64(t.Hash))
	}
	for i := range w.n {
		dst = append(dst, w.hash(uint64(tokens[i+w.k-1].Hash), uint64(tokens[i].Hash)))
	}
	return dst
}

// AppendHashesOf is [AppendHashes] for callers that keep the tokens' hashes
// and not the tokens.
func AppendHashesOf(dst []uint64, hashes []uint32, k int, seed uint64) []uint64 {
	w := newWindows(len(hashes), k, seed)
	for _, h := range hashes[:w.k-1] {
		w.push(uint64(h))
	}
	for i := range w.n {
		dst = append(dst, w.hash(uint64(hashes[i+w.k-1]), uint64(hashes[i])))
	}
	return dst
}

// WindowHash returns the hash [AppendShingles] gives the shingle of the
// tokens whose hashes are window (at least 1, at most MaxK), for a caller
// that needs one shingle and not all of them, or keeps token hashes only.
func WindowHash(window []uint32, seed uint64) uint64 {
	var p uint64
	for _, h := range window {
		p = p*polyM + uint64(h)
	}
	return splitmix64((p ^ seed) + uint64(len(window))*polyM)
}

// polyM is the multiplier of the window polynomial: odd, with well-mixed bits.
const polyM = 0x9e3779b97f4a7c15

// windows slides the window polynomial over n token hashes: push the first
// k-1 of them, then call hash for windows i = 0, 1, ... n-1 in order with the
// hash that enters (token i+k-1) and the one that then leaves (token i).
type windows struct {
	n, k   int
	seed   uint64
	lead   uint64 // M^(k-1), the weight of the token that leaves
	length uint64 // n·M for the window length
	p      uint64
}

func newWindows(tokens, k int, seed uint64) windows {
	if k < 1 || k > MaxK {
		panic("shingle: k out of range")
	}
	w := windows{k: min(k, tokens), seed: seed, lead: 1}
	switch {
	case tokens == 0:
		w.k = 1 // nothing to push
		return w
	case tokens < k:
		w.n = 1
	default:
		w.n = tokens - k + 1
	}
	for range w.k - 1 {
		w.lead *= polyM
	}
	w.length = uint64(w.k) * polyM
	return w
}

func (w *windows) push(h uint64) { w.p = w.p*polyM + h }

func (w *windows) hash(in, out uint64) uint64 {
	w.p = w.p*polyM + in
	h := splitmix64((w.p ^ w.seed) + w.length)
	w.p -= out * w.lead
	return h
}

// splitmix64 is the SplitMix64 finalizer, a bijection of uint64.
func splitmix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
