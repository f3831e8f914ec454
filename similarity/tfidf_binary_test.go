package similarity_test

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/similarity"
)

func TestTFIDFBinaryRoundTrip(t *testing.T) {
	docs := [][]uint32{{1, 2, 3, 3}, {2, 3, 9}, {1 << 31, 7, math.MaxUint32}}
	var whole, a, b similarity.TFIDF
	for i, d := range docs {
		whole.Add(d)
		if i < 2 {
			a.Add(d)
		} else {
			b.Add(d)
		}
	}
	// Parts counted apart, sent as bytes and merged weigh terms as the whole.
	var got similarity.TFIDF
	for _, part := range []*similarity.TFIDF{&a, &b} {
		enc, err := part.MarshalBinary()
		require.NoError(t, err)
		var dec similarity.TFIDF
		require.NoError(t, dec.UnmarshalBinary(enc))
		got.Merge(&dec)
	}
	assert.Equal(t, whole.Docs(), got.Docs())
	for _, term := range []uint32{1, 2, 3, 7, 9, 1 << 31, 42, math.MaxUint32} {
		assert.Equal(t, whole.IDF(term), got.IDF(term), "term %d", term)
	}
	x, err := whole.MarshalBinary()
	require.NoError(t, err)
	y, err := got.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, x, y, "the same counts give the same bytes")
}

func TestTFIDFUnmarshalRefuses(t *testing.T) {
	var tf similarity.TFIDF
	tf.Add([]uint32{5, 6})
	good, err := tf.MarshalBinary()
	require.NoError(t, err)
	for name, c := range map[string]struct {
		data []byte
		want error
	}{
		"empty":     {nil, similarity.ErrMalformed},
		"version":   {append([]byte{9}, good[1:]...), similarity.ErrVersion},
		"truncated": {good[:len(good)-1], similarity.ErrMalformed},
		"trailing":  {append(append([]byte{}, good...), 0), similarity.ErrMalformed},
	} {
		t.Run(name, func(t *testing.T) {
			assert.True(t, errors.Is(tf.UnmarshalBinary(c.data), c.want))
		})
	}
}

func FuzzTFIDFUnmarshal(f *testing.F) {
	var tf similarity.TFIDF
	tf.Add([]uint32{1, 2, 1 << 30})
	tf.Add([]uint32{2})
	good, _ := tf.MarshalBinary()
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{1, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var dec similarity.TFIDF
		if err := dec.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, similarity.ErrMalformed) && !errors.Is(err, similarity.ErrVersion) {
				t.Fatalf("unknown error %v", err)
			}
			return
		}
		// Decoded counts encode to bytes that decode to the same counts.
		once, err := dec.MarshalBinary()
		require.NoError(t, err)
		var again similarity.TFIDF
		require.NoError(t, again.UnmarshalBinary(once))
		twice, err := again.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, once, twice)
	})
}

// Terms ascend in the encoding; a gap that wraps round past 2^64 would make
// two terms one, and one count would silently replace another. Terms are
// word hashes of 32 bits: a larger one is no term of this build.
func TestTFIDFUnmarshalRefusesWrappingTerms(t *testing.T) {
	for _, terms := range [][]uint64{
		{math.MaxUint64, 1, 2, 1}, // (gap, count) twice: wraps round
		{math.MaxUint32, 1, 1, 1}, // past 32 bits
		{1 << 40, 1},              // past 32 bits at once
	} {
		b := []byte{2}
		b = binary.AppendUvarint(b, 5)
		b = binary.AppendUvarint(b, uint64(len(terms)/2))
		for _, v := range terms {
			b = binary.AppendUvarint(b, v)
		}
		var dec similarity.TFIDF
		require.ErrorIs(t, dec.UnmarshalBinary(b), similarity.ErrMalformed, "%v", terms)
	}
}
