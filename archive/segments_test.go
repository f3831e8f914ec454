package archive

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// TestSegmentsAnswerAsASortedList drives a segmented index of 16-byte keys
// through adds (merging as they go), lookups and removals, and checks every
// answer against a plain sorted list. Runs of keys share a prefix across
// block boundaries, and removals take out first keys and whole blocks.
func TestSegmentsAnswerAsASortedList(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "s.db"), 0o600, nil)
	require.NoError(t, err)
	defer db.Close()
	rng := rand.New(rand.NewPCG(5, 6))
	const width, prefix = 16, 8
	key := func(p uint64) []byte {
		k := binary.BigEndian.AppendUint64(nil, p)
		return binary.BigEndian.AppendUint64(k, rng.Uint64())
	}
	var want [][]byte
	update := func(fn func(s segmented) error) {
		t.Helper()
		require.NoError(t, db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("ix"))
			if err != nil {
				return err
			}
			s, err := openSegmented(b, prefix, width)
			if err != nil {
				return err
			}
			return fn(s)
		}))
	}
	check := func() {
		t.Helper()
		slices.SortFunc(want, bytes.Compare)
		require.NoError(t, db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("ix"))
			s := segmented{b: b, sizes: b.Bucket(bucketSizes), blooms: b.Bucket(bucketBlooms), prefix: prefix, width: width}
			require.NoError(t, s.verify())
			n, err := s.count()
			require.NoError(t, err)
			require.Equal(t, len(want), n)
			rs, err := s.readers()
			require.NoError(t, err)
			// Every prefix present, and some absent ones around them.
			var probes [][]byte
			for i := 0; i < len(want); i += 97 {
				p := want[i][:prefix]
				probes = append(probes, p, binary.BigEndian.AppendUint64(nil, binary.BigEndian.Uint64(p)+1))
			}
			probes = append(probes, make([]byte, prefix), bytes.Repeat([]byte{0xff}, prefix), want[len(want)/2])
			for _, p := range probes {
				var got [][]byte
				require.NoError(t, scan(rs, p, func(k []byte) bool { got = append(got, slices.Clone(k)); return true }))
				var exp [][]byte
				for _, k := range want {
					if bytes.HasPrefix(k, p) {
						exp = append(exp, k)
					}
				}
				// Segments are read oldest first; compare as sets.
				slices.SortFunc(got, bytes.Compare)
				require.Equal(t, exp, got, "prefix %x", p)
			}
			return nil
		}))
	}

	// Adds of growing size; one prefix (7) runs over several blocks and adds.
	for add := range 12 {
		var keys [][]byte
		for range 300 * (add + 1) {
			p := rng.Uint64N(2000)
			if rng.IntN(4) == 0 {
				p = 7
			}
			keys = append(keys, key(p))
		}
		slices.SortFunc(keys, bytes.Compare)
		keys = slices.CompactFunc(keys, bytes.Equal)
		want = append(want, keys...)
		update(func(s segmented) error { return s.add(keys) })
	}
	require.Greater(t, len(want), 10*blockKeys)
	check()

	// Remove a run of keys long enough to empty a block, the smallest key of
	// all (a block's first), and keys at random.
	slices.SortFunc(want, bytes.Compare)
	gone := map[string]bool{string(want[0]): true}
	for _, k := range want[3*blockKeys : 5*blockKeys+1] {
		gone[string(k)] = true
	}
	for range 500 {
		gone[string(want[rng.IntN(len(want))])] = true
	}
	update(func(s segmented) error {
		for k := range gone {
			if err := s.remove([]byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
	want = slices.DeleteFunc(want, func(k []byte) bool { return gone[string(k)] })
	check()

	// One segment of three blocks: empty the middle one and take the first
	// key of the first, leaving two blocks.
	require.NoError(t, db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("ix")) }))
	want = want[:0]
	for range 3 * blockKeys {
		want = append(want, key(rng.Uint64N(500)))
	}
	slices.SortFunc(want, bytes.Compare)
	update(func(s segmented) error { return s.add(want) })
	gone = map[string]bool{string(want[0]): true}
	for _, k := range want[blockKeys : 2*blockKeys] {
		gone[string(k)] = true
	}
	update(func(s segmented) error {
		for k := range gone {
			if err := s.remove([]byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("ix"))
		s := segmented{b: b, sizes: b.Bucket(bucketSizes), prefix: prefix, width: width}
		segs, err := s.list()
		require.NoError(t, err)
		require.Len(t, segs, 1)
		require.Equal(t, 2, b.Bucket(segs[0].name).Stats().KeyN, "the emptied block is gone")
		return nil
	}))
	want = slices.DeleteFunc(want, func(k []byte) bool { return gone[string(k)] })
	check()
}
