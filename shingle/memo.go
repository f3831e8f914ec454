package shingle

import (
	"encoding/binary"
	"math/bits"

	"github.com/cespare/xxhash/v2"
)

// wordMemo remembers what the filters and the hash made of each normalized
// word, so that a word costs one hash and one table lookup after its first
// sighting: stemming a word takes a microsecond, looking it up a few
// nanoseconds.
//
// Words are keyed by 64 bits, not by their bytes: a word of up to 8 bytes by
// its bytes and length (exact, and free to compute), a longer word by its
// xxhash64. Everything downstream tells words apart by their 32-bit token
// hashes (a token is its hash), so the long words' keys add no new kind of
// error. A slot is 16 bytes, a key and the token hash (and padding), with 0
// for a word the filters drop
// (a kept word whose hash happens to be 0 is not remembered, only hashed
// each time), so that the table fits in a core's L2 cache. It is an
// open-addressing table with linear probing, kept at most half full, indexed
// by the top bits of the key times an odd constant.
type wordMemo struct {
	slots []memoSlot // a power of two; key 0 marks an empty slot
	shift uint       // 64 - log2(len(slots))
	n     int
}

type memoSlot struct {
	key  uint64 // never 0
	hash uint32 // 0: the filters drop the word
}

const (
	// memoSize bounds the words an Analyzer remembers; when it is full it
	// starts again, so a stream of new words cannot grow it without bound.
	memoSize = 1 << 16
	// maxMemoBytes: longer words are not remembered (a megabyte of junk is
	// seen once and would only fill the memo).
	maxMemoBytes = 64
	memoMinSlots = 1 << 12
)

// memoKey is the key of a non-empty term, never 0 (the empty mark).
func memoKey(term []byte) uint64 {
	n := len(term)
	if n > 8 {
		return max(xxhash.Sum64(term), 1)
	}
	if cap(term) >= 8 {
		return shortKey(term[:8], n)
	}
	var x uint64
	for i := n - 1; i >= 0; i-- {
		x = x<<8 | uint64(term[i])
	}
	return x ^ uint64(n)<<56
}

// shortKey is the key of the word buf[:n], 0 < n <= 8, len(buf) >= 8: one
// load, masked to the word. Words of different lengths differ in the top
// byte: below 8 bytes it is 0 before the length goes in, and no normalized
// word has byte 0x0f (8 xor 7), a control character. n > 0, so the key is
// never 0.
func shortKey(buf []byte, n int) uint64 {
	x := binary.LittleEndian.Uint64(buf) & (^uint64(0) >> (64 - 8*n))
	return x ^ uint64(n)<<56
}

// home is the first slot to look at for key: Fibonacci hashing, whose top
// bits depend on every bit of the key.
func (m *wordMemo) home(key uint64) uint64 { return (key * 0x9e3779b97f4a7c15) >> m.shift }

// get returns the remembered result for key, and whether there was one.
func (m *wordMemo) get(key uint64) (memoized, bool) {
	if len(m.slots) == 0 {
		return memoized{}, false
	}
	mask := uint64(len(m.slots) - 1)
	for i := m.home(key); ; i = (i + 1) & mask {
		switch s := &m.slots[i]; s.key {
		case key:
			return memoized{hash: s.hash, keep: s.hash != 0}, true
		case 0:
			return memoized{}, false
		}
	}
}

// put remembers v for key, which must not be there yet.
func (m *wordMemo) put(key uint64, v memoized) {
	if v.keep && v.hash == 0 {
		return // a slot could not tell it from a dropped word
	}
	switch {
	case m.n >= memoSize:
		m.reset()
	case 2*(m.n+1) > len(m.slots):
		m.grow()
	}
	m.insert(memoSlot{key: key, hash: v.hash})
	m.n++
}

func (m *wordMemo) insert(s memoSlot) {
	mask := uint64(len(m.slots) - 1)
	i := m.home(s.key)
	for m.slots[i].key != 0 {
		i = (i + 1) & mask
	}
	m.slots[i] = s
}

func (m *wordMemo) grow() {
	old := m.slots
	m.slots = make([]memoSlot, max(memoMinSlots, 2*len(old)))
	m.shift = uint(64 - bits.Len(uint(len(m.slots)-1)))
	for _, s := range old {
		if s.key != 0 {
			m.insert(s)
		}
	}
}

func (m *wordMemo) reset() {
	clear(m.slots)
	m.n = 0
}
