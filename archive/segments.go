package archive

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"

	"github.com/cespare/xxhash/v2"
	bolt "go.etcd.io/bbolt"
)

// A segmented index is a bucket of sorted, immutable segments. An add writes
// its keys as one new segment, so it touches only new pages however large
// the index is; random inserts into one big tree would instead dirty nearly
// every leaf page on every batch. Segments then merge like a binary counter
// (while the older of the two newest is at most mergeRatio times the newer),
// so each key is rewritten O(log N) times and a lookup seeks in O(log N)
// segments. A merge never builds a segment of more than maxSegmentKeys keys,
// which bounds the memory of one transaction.
//
// A segment holds its keys, all of one width, packed in blocks of up to
// blockKeys: a block is one bolt value, stored under the first key it was
// written with. A lookup seeks the block, then binary-searches in it; a
// merge reads and writes whole blocks, so it costs one bolt Put per block
// and not per key (per-key Puts were four fifths of an add's time). Taking a
// key out rewrites its block; a block's name stays at most its first key,
// and a block left empty is deleted.
//
// Segment buckets are named by an 8-byte big-endian sequence number, so
// iterating them visits them oldest first; their key counts live under the
// same name in the bucket of sizes.
const (
	mergeRatio     = 2
	maxSegmentKeys = 8 << 20
	blockKeys      = 2048
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
	width  int // bytes of every key
}

func openSegmented(parent *bolt.Bucket, prefix, width int) (segmented, error) {
	s := segmented{b: parent, prefix: prefix, width: width}
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
// from the keys put gives it, in order and distinct.
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
	seg.FillPercent = 1 // blocks arrive in order: pack pages full
	filter := newBloom(expected)
	var n uint64
	var block []byte
	flush := func() error {
		if len(block) == 0 {
			return nil
		}
		// bolt keeps the slices until the transaction commits: each block
		// is a new one.
		err := seg.Put(block[:s.width:s.width], block)
		block = nil
		return err
	}
	if err := fill(func(k []byte) error {
		if len(k) != s.width {
			return fmt.Errorf("a key of %d bytes in an index of %d-byte keys", len(k), s.width)
		}
		n++
		filter.add(k[:s.prefix])
		if block == nil {
			block = make([]byte, 0, min(expected, blockKeys)*s.width)
		}
		block = append(block, k...)
		if len(block) == blockKeys*s.width {
			return flush()
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if err := s.blooms.Put(name, filter); err != nil {
		return nil, err
	}
	return name, s.sizes.Put(name, binary.BigEndian.AppendUint64(nil, n))
}

// keyCursor walks the keys of one segment in order, block by block.
type keyCursor struct {
	c     *bolt.Cursor
	width int
	name  []byte // the current block's name
	whole []byte // and all its keys
	block []byte // its keys from the current one on
	err   error
}

func (s segmented) cursor(seg []byte) *keyCursor {
	return &keyCursor{c: s.b.Bucket(seg).Cursor(), width: s.width}
}

// load makes v the current block, or reports it malformed.
func (kc *keyCursor) load(k, v []byte) bool {
	if k == nil {
		kc.block = nil
		return false
	}
	if len(v) == 0 || len(v)%kc.width != 0 || len(k) != kc.width {
		kc.err = fmt.Errorf("block %x: %d bytes of %d-byte keys", k, len(v), kc.width)
		kc.block = nil
		return false
	}
	kc.name, kc.whole, kc.block = k, v, v
	return true
}

// first moves to the first key; key then returns it.
func (kc *keyCursor) first() { kc.load(kc.c.First()) }

// key returns the current key, or nil past the end.
func (kc *keyCursor) key() []byte {
	if len(kc.block) == 0 {
		return nil
	}
	return kc.block[:kc.width]
}

// next moves to the next key.
func (kc *keyCursor) next() {
	if kc.block = kc.block[kc.width:]; len(kc.block) == 0 && kc.err == nil {
		kc.load(kc.c.Next())
	}
}

// seek moves to the first key at or after prefix.
func (kc *keyCursor) seek(prefix []byte) {
	// A block's name is at most its first key, so the key may be in the
	// block before the first one named at or after prefix.
	k, v := kc.c.Seek(prefix)
	if k == nil {
		k, v = kc.c.Last()
	} else if !bytes.Equal(k, prefix) {
		if pk, pv := kc.c.Prev(); pk != nil {
			k, v = pk, pv
		} else {
			k, v = kc.c.First()
		}
	}
	for kc.load(k, v) {
		n := len(kc.block) / kc.width
		i := sort.Search(n, func(i int) bool { return bytes.Compare(kc.block[i*kc.width:(i+1)*kc.width], prefix) >= 0 })
		if i < n {
			kc.block = kc.block[i*kc.width:]
			return
		}
		k, v = kc.c.Next()
	}
}

// merge replaces two segments by one holding both's keys, in order.
func (s segmented) merge(x, y segment) error {
	cx, cy := s.cursor(x.name), s.cursor(y.name)
	_, err := s.write(int(x.keys+y.keys), func(put func([]byte) error) error {
		cx.first()
		cy.first()
		for {
			kx, ky := cx.key(), cy.key()
			var err error
			switch {
			case kx == nil && ky == nil:
				if cx.err != nil {
					return cx.err
				}
				return cy.err
			case ky == nil || kx != nil && bytes.Compare(kx, ky) < 0:
				err = put(kx)
				cx.next()
			case kx == nil || bytes.Compare(kx, ky) > 0:
				err = put(ky)
				cy.next()
			default: // the same key in both: keep one
				err = put(kx)
				cx.next()
				cy.next()
			}
			if err != nil {
				return err
			}
		}
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
		kc := s.cursor(seg.name)
		kc.seek(key)
		if kc.err != nil {
			return kc.err
		}
		if k := kc.key(); k == nil || !bytes.Equal(k, key) {
			continue
		}
		at := len(kc.whole) - len(kc.block)
		rest := make([]byte, 0, len(kc.whole)-s.width)
		rest = append(append(rest, kc.whole[:at]...), kc.whole[at+s.width:]...)
		b := s.b.Bucket(seg.name)
		if len(rest) == 0 {
			err = b.Delete(kc.name)
		} else {
			err = b.Put(slices.Clone(kc.name), rest)
		}
		if err != nil {
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
	kc     *keyCursor
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
		rs[i] = reader{kc: s.cursor(seg.name), prefix: s.prefix}
		if s.blooms != nil {
			rs[i].filter = s.blooms.Get(seg.name)
		}
	}
	return rs, nil
}

// scan calls fn with every key that starts with prefix, segment by segment,
// oldest first, skipping segments whose filter rules the prefix (or the
// part of it that the filter knows) out; fn returns false to stop. A
// malformed block is an error.
func scan(rs []reader, prefix []byte, fn func(k []byte) bool) error {
	for _, r := range rs {
		if len(prefix) >= r.prefix && !r.filter.mayHold(prefix[:r.prefix]) {
			continue
		}
		for r.kc.seek(prefix); r.kc.err == nil; r.kc.next() {
			k := r.kc.key()
			if k == nil || !bytes.HasPrefix(k, prefix) {
				break
			}
			if !fn(k) {
				return nil
			}
		}
		if r.kc.err != nil {
			return r.kc.err
		}
	}
	return nil
}

// verify reads every key of every segment: each block well formed, the keys
// in order, and as many as the sizes say.
func (s segmented) verify() error {
	segs, err := s.list()
	if err != nil {
		return err
	}
	for _, seg := range segs {
		kc := s.cursor(seg.name)
		var n uint64
		var last []byte
		for kc.first(); kc.key() != nil; kc.next() {
			if last != nil && bytes.Compare(last, kc.key()) >= 0 {
				return fmt.Errorf("segment %x: keys out of order", seg.name)
			}
			if bytes.Compare(kc.name, kc.whole[:s.width]) > 0 {
				return fmt.Errorf("segment %x: block %x named after its first key", seg.name, kc.name)
			}
			last = kc.key()
			n++
		}
		if kc.err != nil {
			return fmt.Errorf("segment %x: %w", seg.name, kc.err)
		}
		if n != seg.keys {
			return fmt.Errorf("segment %x: %d keys, its size says %d", seg.name, n, seg.keys)
		}
	}
	return nil
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
