package archive

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/cespare/xxhash/v2"
	bolt "go.etcd.io/bbolt"
)

// A segmented index is a bucket of sorted, immutable segments, each a
// nested bucket of keys (no values) written in order with full pages. An
// add writes its keys as one new segment, so it touches only new pages
// however large the index is; random inserts into one big tree would
// instead dirty nearly every leaf page on every batch. Segments then merge
// like a binary counter (while the older of the two newest is at most
// mergeRatio times the newer), so each key is rewritten O(log N) times and
// a lookup seeks in O(log N) segments. A merge never builds a segment of
// more than maxSegmentKeys keys, which bounds the memory of one transaction.
//
// Segment buckets are named by an 8-byte big-endian sequence number, so
// iterating them visits them oldest first; their key counts live under the
// same name in the bucket of sizes.
const (
	mergeRatio     = 2
	maxSegmentKeys = 8 << 20
)

var (
	bucketSizes  = []byte("sizes")
	bucketBlooms = []byte("blooms")
)

// Each segment has a Bloom filter over the prefixes its keys are looked up
// by (the seed hash, or band and band key), so a lookup skips the segments
// that cannot hold its prefix instead of seeking in each: bloomBits bits a
// key and bloomProbes probes give about 1% false positives.
const (
	bloomBits   = 10
	bloomProbes = 6
)

type segmented struct {
	b      *bolt.Bucket // parent of segments, sizes and blooms
	sizes  *bolt.Bucket
	blooms *bolt.Bucket
	prefix int // bytes of a key that lookups give
}

func openSegmented(parent *bolt.Bucket, prefix int) (segmented, error) {
	s := segmented{b: parent, prefix: prefix}
	for _, sub := range []struct {
		name []byte
		b    **bolt.Bucket
	}{{bucketSizes, &s.sizes}, {bucketBlooms, &s.blooms}} {
		if *sub.b = parent.Bucket(sub.name); *sub.b == nil {
			var err error
			if *sub.b, err = parent.CreateBucket(sub.name); err != nil {
				return segmented{}, err
			}
		}
	}
	return s, nil
}

// bloom is a Bloom filter: 8 bytes of bit count, then the bits.
type bloom []byte

func newBloom(keys int) bloom {
	bits := uint64(max(64, keys*bloomBits))
	b := make(bloom, 8+(bits+7)/8)
	binary.BigEndian.PutUint64(b, bits)
	return b
}

// probes calls fn with the bit positions of prefix.
func (b bloom) probes(prefix []byte, fn func(bit uint64) bool) bool {
	if len(b) < 9 {
		return true // no filter: anything may be there
	}
	bits := binary.BigEndian.Uint64(b)
	if bits == 0 || bits > uint64(len(b)-8)*8 {
		return true
	}
	h1 := xxhash.Sum64(prefix)
	h2 := h1>>33 | h1<<31 | 1
	for i := range uint64(bloomProbes) {
		if !fn((h1 + i*h2) % bits) {
			return false
		}
	}
	return true
}

func (b bloom) add(prefix []byte) {
	b.probes(prefix, func(bit uint64) bool { b[8+bit/8] |= 1 << (bit % 8); return true })
}

func (b bloom) mayHold(prefix []byte) bool {
	return b.probes(prefix, func(bit uint64) bool { return b[8+bit/8]&(1<<(bit%8)) != 0 })
}

// segment is a segment's name and key count.
type segment struct {
	name []byte
	keys uint64
}

func (s segmented) list() ([]segment, error) {
	var out []segment
	if s.sizes == nil {
		return nil, nil
	}
	err := s.sizes.ForEach(func(k, v []byte) error {
		if len(v) != 8 || s.b.Bucket(k) == nil {
			return fmt.Errorf("segment %x: bad size record", k)
		}
		out = append(out, segment{name: k, keys: binary.BigEndian.Uint64(v)})
		return nil
	})
	return out, err
}

// add writes keys (sorted, distinct) as a new segment, then merges.
func (s segmented) add(keys [][]byte) error {
	if len(keys) == 0 {
		return nil
	}
	if _, err := s.write(len(keys), func(put func([]byte) error) error {
		for _, k := range keys {
			if err := put(k); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	for {
		segs, err := s.list()
		if err != nil {
			return err
		}
		n := len(segs)
		if n < 2 {
			return nil
		}
		older, newer := segs[n-2], segs[n-1]
		if older.keys > mergeRatio*newer.keys || older.keys+newer.keys > maxSegmentKeys {
			return nil
		}
		if err := s.merge(older, newer); err != nil {
			return err
		}
	}
}

// write creates a segment, and its filter sized for about expected keys,
// from the keys put gives it, in order.
func (s segmented) write(expected int, fill func(put func([]byte) error) error) ([]byte, error) {
	seq, err := s.b.NextSequence()
	if err != nil {
		return nil, err
	}
	name := binary.BigEndian.AppendUint64(nil, seq)
	seg, err := s.b.CreateBucket(name)
	if err != nil {
		return nil, err
	}
	seg.FillPercent = 1 // keys arrive in order: pack pages full
	filter := newBloom(expected)
	var n uint64
	if err := fill(func(k []byte) error {
		n++
		filter.add(k[:min(s.prefix, len(k))])
		return seg.Put(k, nil)
	}); err != nil {
		return nil, err
	}
	if err := s.blooms.Put(name, filter); err != nil {
		return nil, err
	}
	return name, s.sizes.Put(name, binary.BigEndian.AppendUint64(nil, n))
}

// merge replaces two segments by one holding both's keys, in order.
func (s segmented) merge(x, y segment) error {
	bx, by := s.b.Bucket(x.name), s.b.Bucket(y.name)
	_, err := s.write(int(x.keys+y.keys), func(put func([]byte) error) error {
		cx, cy := bx.Cursor(), by.Cursor()
		kx, _ := cx.First()
		ky, _ := cy.First()
		for kx != nil || ky != nil {
			switch {
			case ky == nil || kx != nil && bytes.Compare(kx, ky) < 0:
				if err := put(kx); err != nil {
					return err
				}
				kx, _ = cx.Next()
			case kx == nil || bytes.Compare(kx, ky) > 0:
				if err := put(ky); err != nil {
					return err
				}
				ky, _ = cy.Next()
			default: // the same key in both: keep one
				if err := put(kx); err != nil {
					return err
				}
				kx, _ = cx.Next()
				ky, _ = cy.Next()
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, seg := range []segment{x, y} {
		if err := s.b.DeleteBucket(seg.name); err != nil {
			return err
		}
		if err := s.sizes.Delete(seg.name); err != nil {
			return err
		}
		if err := s.blooms.Delete(seg.name); err != nil {
			return err
		}
	}
	return nil
}

// remove deletes key from whichever segment holds it.
func (s segmented) remove(key []byte) error {
	segs, err := s.list()
	if err != nil {
		return err
	}
	for _, seg := range segs {
		b := s.b.Bucket(seg.name)
		if k, _ := b.Cursor().Seek(key); k == nil || !bytes.Equal(k, key) {
			continue
		}
		if err := b.Delete(key); err != nil {
			return err
		}
		if err := s.sizes.Put(seg.name, binary.BigEndian.AppendUint64(nil, seg.keys-1)); err != nil {
			return err
		}
	}
	return nil
}

// reader reads one segment.
type reader struct {
	c      *bolt.Cursor
	filter bloom
	prefix int
}

// readers returns a reader for each segment, oldest first, for scan.
func (s segmented) readers() ([]reader, error) {
	segs, err := s.list()
	if err != nil {
		return nil, err
	}
	rs := make([]reader, len(segs))
	for i, seg := range segs {
		rs[i] = reader{c: s.b.Bucket(seg.name).Cursor(), prefix: s.prefix}
		if s.blooms != nil {
			rs[i].filter = s.blooms.Get(seg.name)
		}
	}
	return rs, nil
}

// scan calls fn with every key that starts with prefix, segment by segment,
// oldest first, skipping segments whose filter rules the prefix out; fn
// returns false to stop.
func scan(rs []reader, prefix []byte, fn func(k []byte) bool) {
	for _, r := range rs {
		if len(prefix) == r.prefix && !r.filter.mayHold(prefix) {
			continue
		}
		for k, _ := r.c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = r.c.Next() {
			if !fn(k) {
				return
			}
		}
	}
}

// count returns the number of keys in all segments.
func (s segmented) count() (int, error) {
	segs, err := s.list()
	n := 0
	for _, seg := range segs {
		n += int(seg.keys)
	}
	return n, err
}
