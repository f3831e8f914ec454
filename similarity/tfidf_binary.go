package similarity

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// tfidfVersion is the first byte of an encoded TFIDF. Version 2 has
// 32-bit terms, the word hashes of this build; version 1's were 64.
const tfidfVersion = 2

// MarshalBinary encodes the document count and document frequencies, so
// that parts of a corpus counted on several machines can be sent and
// merged. Terms are written in order: the same counts give the same bytes.
func (t *TFIDF) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil) }

// AppendBinary appends the encoding of MarshalBinary to b.
func (t *TFIDF) AppendBinary(b []byte) ([]byte, error) {
	terms := make([]termSlot, 0, t.df.n)
	for _, s := range t.df.slots {
		if s.count > 0 {
			terms = append(terms, s)
		}
	}
	slices.SortFunc(terms, func(x, y termSlot) int { return cmp.Compare(x.term, y.term) })
	b = append(b, tfidfVersion)
	b = binary.AppendUvarint(b, uint64(t.docs))
	b = binary.AppendUvarint(b, uint64(len(terms)))
	prev := uint32(0)
	for _, s := range terms {
		b = binary.AppendUvarint(b, uint64(s.term-prev)) // sorted: small gaps
		b = binary.AppendUvarint(b, uint64(s.count))
		prev = s.term
	}
	return b, nil
}

// UnmarshalBinary replaces t's counts with those encoded in data, or
// returns an error wrapping ErrMalformed or ErrVersion. Seal it again
// before asking for vectors.
func (t *TFIDF) UnmarshalBinary(data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("%w: empty TF-IDF", ErrMalformed)
	}
	if data[0] != tfidfVersion {
		return fmt.Errorf("%w: TF-IDF version %d", ErrVersion, data[0])
	}
	data = data[1:]
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(data)
		if n <= 0 {
			return 0, false
		}
		data = data[n:]
		return v, true
	}
	docs, ok1 := next()
	n, ok2 := next()
	if !ok1 || !ok2 || n > uint64(len(data))/2 {
		return fmt.Errorf("%w: TF-IDF header", ErrMalformed)
	}
	var df termCounts
	term := uint64(0)
	for i := range n {
		gap, ok1 := next()
		count, ok2 := next()
		if !ok1 || !ok2 || i > 0 && gap == 0 || count == 0 || count > docs || count > math.MaxInt32 || gap > math.MaxUint32-term {
			return fmt.Errorf("%w: TF-IDF term %d", ErrMalformed, i) // terms ascend, and are 32 bits
		}
		term += gap
		df.add(uint32(term), int(count))
	}
	if len(data) > 0 {
		return fmt.Errorf("%w: %d bytes past the TF-IDF", ErrMalformed, len(data))
	}
	*t = TFIDF{docs: int(docs), df: df}
	return nil
}
