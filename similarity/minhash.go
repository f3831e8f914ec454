package similarity

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Errors of signatures, checked with errors.Is.
var (
	// ErrMalformed reports bytes that are not a signature.
	ErrMalformed = errors.New("similarity: malformed signature")
	// ErrVersion reports a signature encoded by a newer format version.
	ErrVersion = errors.New("similarity: unsupported signature version")
	// ErrIncompatible reports signatures made with different parameters,
	// which cannot be compared or merged.
	ErrIncompatible = errors.New("similarity: incompatible signatures")
	// ErrParams reports invalid MinHash or LSH parameters.
	ErrParams = errors.New("similarity: invalid parameters")
)

// Scheme is how a MinHash signature is computed.
type Scheme uint8

const (
	// OnePermutation hashes each element once and keeps the minimum per bin,
	// then fills empty bins by optimal densification (Shrivastava, 2017): cost
	// O(S+P) for S elements and P values, with the accuracy of classic MinHash.
	OnePermutation Scheme = iota
	// Classic applies P independent hash functions to every element: cost
	// O(S·P). It is kept as the reference the fast scheme is tested against.
	Classic
)

func (s Scheme) String() string {
	switch s {
	case OnePermutation:
		return "one-permutation"
	case Classic:
		return "classic"
	}
	return fmt.Sprintf("Scheme(%d)", uint8(s))
}

// DefaultSize is the number of values in a signature when Options.Size is 0.
const DefaultSize = 128

// MaxSize bounds Options.Size.
const MaxSize = 1 << 16

// MinHashOptions are the parameters of a [Signer]. The zero value means the
// defaults: 128 values, one-permutation hashing, seed 0.
type MinHashOptions struct {
	Size   int
	Seed   uint64
	Scheme Scheme
}

// A Signer computes MinHash signatures of hashed sets. It holds no mutable
// state and is safe for concurrent use.
type Signer struct {
	size   int
	seed   uint64
	scheme Scheme
	perms  []uint64 // Classic: one seed per value
}

// NewSigner returns a Signer for opts, or an error wrapping [ErrParams].
func NewSigner(opts MinHashOptions) (*Signer, error) {
	if opts.Size == 0 {
		opts.Size = DefaultSize
	}
	if opts.Size < 1 || opts.Size > MaxSize {
		return nil, fmt.Errorf("%w: size %d not in [1, %d]", ErrParams, opts.Size, MaxSize)
	}
	if opts.Scheme > Classic {
		return nil, fmt.Errorf("%w: unknown scheme %d", ErrParams, opts.Scheme)
	}
	s := &Signer{size: opts.Size, seed: opts.Seed, scheme: opts.Scheme}
	if s.scheme == Classic {
		s.perms = make([]uint64, s.size)
		for i := range s.perms {
			s.perms[i] = mix64(s.seed + uint64(i+1)*golden)
		}
	}
	return s, nil
}

// Size returns the number of values of the signatures it makes.
func (s *Signer) Size() int { return s.size }

// Sign returns the signature of the set of hashes (repeats do not matter). It
// reuses dst when dst is not nil, and then allocates nothing.
func (s *Signer) Sign(dst *Signature, hashes []uint64) *Signature {
	if dst == nil {
		dst = &Signature{}
	}
	dst.scheme, dst.seed = s.scheme, s.seed
	if cap(dst.mins) < s.size {
		dst.mins = make([]uint64, s.size)
	}
	mins := dst.mins[:s.size]
	dst.mins = mins
	for i := range mins {
		mins[i] = empty
	}
	switch s.scheme {
	case OnePermutation:
		p := uint64(s.size)
		for _, x := range hashes {
			h := value(mix64(x ^ s.seed))
			bin, _ := bits.Mul64(h, p)
			if h < mins[bin] {
				mins[bin] = h
			}
		}
	case Classic:
		for _, x := range hashes {
			for i, perm := range s.perms {
				if h := value(mix64(x ^ perm)); h < mins[i] {
					mins[i] = h
				}
			}
		}
	}
	return dst
}

// empty marks a bin no element fell into; value keeps real values below it.
const empty = math.MaxUint64

func value(h uint64) uint64 { return min(h, empty-1) }

const golden = 0x9e3779b97f4a7c15

// mix64 is the SplitMix64 finalizer: a fixed, portable bijection of uint64.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Signature is a MinHash sketch of a set. It keeps the raw per-bin minima, so
// that [Signature.Merge] gives exactly the signature of the union; empty bins
// are filled (densified) only when signatures are compared.
//
// The zero Signature is empty and compatible with nothing until it is signed
// or unmarshalled.
type Signature struct {
	scheme Scheme
	seed   uint64
	mins   []uint64
}

// Size returns the number of values.
func (s *Signature) Size() int { return len(s.mins) }

// Empty reports whether the signature is of the empty set.
func (s *Signature) Empty() bool {
	for _, m := range s.mins {
		if m != empty {
			return false
		}
	}
	return true
}

// Clone returns an independent copy.
func (s *Signature) Clone() *Signature {
	c := *s
	c.mins = append([]uint64(nil), s.mins...)
	return &c
}

// Merge makes s the signature of the union of its set and other's, or returns
// an error wrapping [ErrIncompatible].
func (s *Signature) Merge(other *Signature) error {
	if err := s.compatible(other); err != nil {
		return err
	}
	for i, m := range other.mins {
		s.mins[i] = min(s.mins[i], m)
	}
	return nil
}

func (s *Signature) compatible(o *Signature) error {
	if s.scheme != o.scheme || s.seed != o.seed || len(s.mins) != len(o.mins) || len(s.mins) == 0 {
		return fmt.Errorf("%w: %v/seed %d/size %d vs %v/seed %d/size %d", ErrIncompatible,
			s.scheme, s.seed, len(s.mins), o.scheme, o.seed, len(o.mins))
	}
	return nil
}

// AppendDense appends the signature's comparable values to dst: the minima,
// with empty bins filled by optimal densification (each empty bin copies the
// first non-empty bin of its own seeded probe sequence, so two sets fill the
// same bin from the same place). The empty set has no values.
func (s *Signature) AppendDense(dst []uint64) []uint64 {
	if s.Empty() {
		return dst
	}
	base := len(dst)
	dst = append(dst, s.mins...)
	p := uint64(len(s.mins))
	for i, m := range s.mins {
		if m != empty {
			continue
		}
		dst[base+i] = s.mins[s.donor(i, p)]
	}
	return dst
}

// donor returns the non-empty bin that empty bin i copies: the first hit of a
// seeded probe sequence, or, for nearly empty signatures where probing would
// take long, the next non-empty bin after the last probe.
func (s *Signature) donor(i int, p uint64) uint64 {
	var j uint64
	for attempt := uint64(1); attempt <= maxProbes; attempt++ {
		j, _ = bits.Mul64(mix64(s.seed^(uint64(i)<<32|attempt)*golden), p)
		if s.mins[j] != empty {
			return j
		}
	}
	for s.mins[j] == empty {
		j = (j + 1) % p
	}
	return j
}

const maxProbes = 64

// Jaccard estimates the Jaccard similarity of the two sets; it returns an
// error wrapping [ErrIncompatible] for signatures made with other parameters.
// An empty set is similar to nothing.
func (s *Signature) Jaccard(other *Signature) (float64, error) {
	if err := s.compatible(other); err != nil {
		return 0, err
	}
	if s.Empty() || other.Empty() {
		return 0, nil
	}
	var abuf, bbuf [DefaultSize]uint64
	a := s.AppendDense(abuf[:0])
	b := other.AppendDense(bbuf[:0])
	return agreement(a, b), nil
}

// agreement is the fraction of positions where a and b hold the same value.
func agreement(a, b []uint64) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// Binary format, version 1, little-endian:
//
//	version  byte (2)
//	scheme   byte
//	size     uvarint
//	seed     8 bytes
//	minima   size × 8 bytes; 2^64-1 marks an empty bin
//
// Version 2 came with 32-bit word hashes (shingle.Token), which changed
// every shingle hash: a version 1 signature is of other hashes, and
// comparing it with a new one would silently mean nothing.
const signatureVersion = 2

// MarshalBinary implements encoding.BinaryMarshaler.
func (s *Signature) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(make([]byte, 0, 2+binary.MaxVarintLen64+8+8*len(s.mins)))
}

// AppendBinary implements encoding.BinaryAppender.
func (s *Signature) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, signatureVersion, byte(s.scheme))
	b = binary.AppendUvarint(b, uint64(len(s.mins)))
	b = binary.LittleEndian.AppendUint64(b, s.seed)
	for _, m := range s.mins {
		b = binary.LittleEndian.AppendUint64(b, m)
	}
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler. Errors wrap
// [ErrMalformed] or [ErrVersion].
func (s *Signature) UnmarshalBinary(data []byte) error {
	if len(data) < 2 {
		return fmt.Errorf("%w: %d bytes", ErrMalformed, len(data))
	}
	if data[0] != signatureVersion {
		return fmt.Errorf("%w %d (this build reads %d)", ErrVersion, data[0], signatureVersion)
	}
	scheme := Scheme(data[1])
	if scheme > Classic {
		return fmt.Errorf("%w: unknown scheme %d", ErrMalformed, data[1])
	}
	size, n := binary.Uvarint(data[2:])
	if n <= 0 || size < 1 || size > MaxSize || n != uvarintLen(size) {
		return fmt.Errorf("%w: bad size", ErrMalformed)
	}
	rest := data[2+n:]
	if uint64(len(rest)) != 8+8*size {
		return fmt.Errorf("%w: %d bytes of body for size %d", ErrMalformed, len(rest), size)
	}
	s.scheme = scheme
	s.seed = binary.LittleEndian.Uint64(rest)
	s.mins = make([]uint64, size)
	for i := range s.mins {
		s.mins[i] = binary.LittleEndian.Uint64(rest[8+8*i:])
	}
	return nil
}

func uvarintLen(x uint64) int {
	var b [binary.MaxVarintLen64]byte
	return len(binary.AppendUvarint(b[:0], x))
}
