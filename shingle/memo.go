package shingle

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
)

// wordMemo remembers what the filters and the hash made of each normalized
// word, so that a word costs one hash and one table lookup after its first
// sighting: stemming a word takes a microsecond, looking it up a few
// nanoseconds.
//
// Words are keyed by 64 bits, not by their bytes: a word of up to 8 bytes by
// a bijection of its bytes and length (exact, and much cheaper than hashing
// it), a longer word by its xxhash64. Everything downstream already tells
// words apart by 64-bit hashes (a token is its hash), so the long words add
// no new kind of error, and a slot stays 24 bytes and a lookup one cache
// line. It is an open-addressing table with linear probing, kept at most half
// full.
type wordMemo struct {
	slots []memoSlot // a power of two; key 0 marks an empty slot
	n     int
}

type memoSlot struct {
	key  uint64 // xxhash64 of the word, never 0
	hash uint64
	keep bool
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
	var x uint64
	if cap(term) >= 8 { // one load, masked to the word
		x = binary.LittleEndian.Uint64(term[:8]) & (^uint64(0) >> (64 - 8*n))
	} else {
		for i := n - 1; i >= 0; i-- {
			x = x<<8 | uint64(term[i])
		}
	}
	// Words of different lengths differ in the top byte: below 8 bytes it is
	// 0 before the length goes in, and no normalized word has byte 0x0f
	// (8 xor 7), a control character. splitmix64 is a bijection that keeps 0 at 0,
	// and the input is never 0.
	return splitmix64(x ^ uint64(n)<<56)
}

// get returns the remembered result for key, and whether there was one.
func (m *wordMemo) get(key uint64) (memoized, bool) {
	if len(m.slots) == 0 {
		return memoized{}, false
	}
	mask := uint64(len(m.slots) - 1)
	for i := key & mask; ; i = (i + 1) & mask {
		switch s := &m.slots[i]; s.key {
		case key:
			return memoized{hash: s.hash, keep: s.keep}, true
		case 0:
			return memoized{}, false
		}
	}
}

// put remembers v for key, which must not be there yet.
func (m *wordMemo) put(key uint64, v memoized) {
	switch {
	case m.n >= memoSize:
		m.reset()
	case 2*(m.n+1) > len(m.slots):
		m.grow()
	}
	m.insert(memoSlot{key: key, hash: v.hash, keep: v.keep})
	m.n++
}

func (m *wordMemo) insert(s memoSlot) {
	mask := uint64(len(m.slots) - 1)
	i := s.key & mask
	for m.slots[i].key != 0 {
		i = (i + 1) & mask
	}
	m.slots[i] = s
}

func (m *wordMemo) grow() {
	old := m.slots
	m.slots = make([]memoSlot, max(memoMinSlots, 2*len(old)))
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
