package shingle

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMemoTellsDroppedFromKept: a slot holds 0 for a dropped word, so a kept
// word whose hash is 0 must not be remembered as dropped.
func TestMemoTellsDroppedFromKept(t *testing.T) {
	var m wordMemo
	kept, dropped, zero := memoKey([]byte("kept")), memoKey([]byte("the")), memoKey([]byte("zero"))
	m.put(kept, memoized{hash: 42, keep: true})
	m.put(dropped, memoized{})
	m.put(zero, memoized{hash: 0, keep: true})

	got, ok := m.get(kept)
	assert.True(t, ok)
	assert.Equal(t, memoized{hash: 42, keep: true}, got)
	got, ok = m.get(dropped)
	assert.True(t, ok)
	assert.Equal(t, memoized{}, got)
	_, ok = m.get(zero)
	assert.False(t, ok, "hashed again each time, never taken for a dropped word")
}

// TestMemoKeysAreExactForShortWords: words of up to 8 bytes get distinct
// keys, whatever their length, and never the empty mark.
func TestMemoKeysAreExactForShortWords(t *testing.T) {
	words := []string{"a", "b", "ab", "ba", "a\x00", "abcdefg", "abcdefgh", "abcdefgi", "z", "zz", "9"}
	seen := map[uint64]string{}
	for _, w := range words {
		buf := make([]byte, len(w), 8) // room for the one-load path
		copy(buf, w)
		k := memoKey(buf)
		assert.NotZero(t, k, w)
		assert.Equal(t, k, memoKey([]byte(w)[:len(w):len(w)]), "both paths give %q one key", w)
		if other, ok := seen[k]; ok {
			t.Errorf("%q and %q share key %#x", w, other, k)
		}
		seen[k] = w
	}
}

// TestWordBytesIsTheTable compares the 8-byte classification with the
// lowerWord table, byte by byte: every byte value in every position, among
// random neighbours.
func TestWordBytesIsTheTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	check := func(x uint64) {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], x)
		want := 0
		for want < 8 && lowerWord[b[want]] != 0 {
			want++
		}
		k, lowered := wordBytes(x)
		require.Equal(t, want, k, "%x", b)
		var got [8]byte
		binary.LittleEndian.PutUint64(got[:], lowered)
		for j := range want {
			require.Equal(t, lowerWord[b[j]], got[j], "byte %d of %x", j, b)
		}
	}
	for pos := range 8 {
		for v := range 256 {
			for _, fill := range []uint64{0x6161616161616161, 0x2020202020202020, rng.Uint64()} {
				check(fill&^(0xff<<(8*pos)) | uint64(v)<<(8*pos))
			}
		}
	}
	for range 100000 {
		check(rng.Uint64())
	}
}
