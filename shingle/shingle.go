package shingle

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
)

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
// so that short texts are still comparable. The hash is xxhash64, seeded with
// seed, of the little-endian token hashes of the window; it does not depend on
// where the window is. It panics if k is not in [1, MaxK].
func AppendShingles(dst []Shingle, tokens []Token, k int, seed uint64) []Shingle {
	n := windows(len(tokens), k)
	for i := range n {
		end := min(i+k, len(tokens))
		dst = append(dst, Shingle{Hash: windowHash(tokens[i:end], seed), First: int32(i), End: int32(end)})
	}
	return dst
}

// AppendHashes is [AppendShingles] keeping only the hashes, for callers that
// need the set and not the positions.
func AppendHashes(dst []uint64, tokens []Token, k int, seed uint64) []uint64 {
	n := windows(len(tokens), k)
	for i := range n {
		dst = append(dst, windowHash(tokens[i:min(i+k, len(tokens))], seed))
	}
	return dst
}

func windows(tokens, k int) int {
	if k < 1 || k > MaxK {
		panic("shingle: k out of range")
	}
	switch {
	case tokens == 0:
		return 0
	case tokens < k:
		return 1
	}
	return tokens - k + 1
}

func windowHash(window []Token, seed uint64) uint64 {
	var buf [8 * MaxK]byte
	for j, t := range window {
		binary.LittleEndian.PutUint64(buf[8*j:], t.Hash)
	}
	var d xxhash.Digest
	d.ResetWithSeed(seed)
	d.Write(buf[:8*len(window)])
	return d.Sum64()
}
