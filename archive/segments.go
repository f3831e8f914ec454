package archive

import (
	"bytes"
	"encoding/binary"
	"fmt"

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

var bucketSizes = []byte("sizes")

type segmented struct {
	b     *bolt.Bucket // parent of segments and sizes
	sizes *bolt.Bucket
}

func openSegmented(parent *bolt.Bucket) (segmented, error) {
	sizes := parent.Bucket(bucketSizes)
	if sizes == nil {
		var err error
		if sizes, err = parent.CreateBucket(bucketSizes); err != nil {
			return segmented{}, err
		}
	}
	return segmented{b: parent, sizes: sizes}, nil
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
	if _, err := s.write(func(put func([]byte) error) error {
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

// write creates a segment from the keys put gives it, in order.
func (s segmented) write(fill func(put func([]byte) error) error) ([]byte, error) {
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
	var n uint64
	if err := fill(func(k []byte) error { n++; return seg.Put(k, nil) }); err != nil {
		return nil, err
	}
	return name, s.sizes.Put(name, binary.BigEndian.AppendUint64(nil, n))
}

// merge replaces two segments by one holding both's keys, in order.
func (s segmented) merge(x, y segment) error {
	bx, by := s.b.Bucket(x.name), s.b.Bucket(y.name)
	_, err := s.write(func(put func([]byte) error) error {
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

// cursors returns a cursor on each segment, oldest first, for scan.
func (s segmented) cursors() ([]*bolt.Cursor, error) {
	segs, err := s.list()
	if err != nil {
		return nil, err
	}
	cs := make([]*bolt.Cursor, len(segs))
	for i, seg := range segs {
		cs[i] = s.b.Bucket(seg.name).Cursor()
	}
	return cs, nil
}

// scan calls fn with every key that starts with prefix, segment by segment,
// oldest first; fn returns false to stop.
func scan(cs []*bolt.Cursor, prefix []byte, fn func(k []byte) bool) {
	for _, c := range cs {
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
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
