package dedupe

import (
	"cmp"
	"slices"

	"github.com/quotetrace/quotetrace/internal/parallel"
	"github.com/quotetrace/quotetrace/shingle"
)

// Seed shingles are where passage search starts: the SeedSize-word shingles
// two documents share. They are not kept with a document (at 12 bytes a
// word they were a third of a report's memory); they are hashed again from
// the word hashes, which costs about a microsecond a document.

// maxRepeats bounds the occurrences of one seed shingle per document that
// passage search looks at: a phrase a document repeats many times adds no
// more passages, only cost.
const maxRepeats = 4

// appendSeeds appends the hashes of the full SeedSize-word shingles of d, in
// word order: the one at index i starts at word i. A document shorter than
// SeedSize has none.
func appendSeeds(dst []uint64, d *analyzed, o *Options) []uint64 {
	if len(d.hashes) < o.SeedSize {
		return dst
	}
	return shingle.AppendHashesOf(dst, d.hashes, o.SeedSize, o.Analysis.Seed)
}

// seedCache holds every document's seeds while the pair and align stages
// need them, when they fit in maxSeedCacheBytes: each stage otherwise
// hashes them again, the pair stage once per pass and the align stage once
// per candidate pair (at 100,000 articles that was a sixth of a report's
// time). A document of more than seedWindow seeds is not held, so that the
// pair stage still makes a long document's seeds a window at a time; a corpus too
// large for the cache hashes them all again as before. The report is the
// same either way.
type seedCache [][]uint64 // per document, nil when not held

// maxSeedCacheBytes bounds a seedCache: 1 GiB holds the seeds of about
// 200,000 articles of 600 words, and the pair and align stages come before
// the cluster stage, whose memory is a report's peak.
var maxSeedCacheBytes = 1 << 30 // a variable so that tests can force both paths

// newSeedCache hashes the seeds of docs on workers into one block, or
// returns nil when they would take more than maxSeedCacheBytes.
func newSeedCache(docs []analyzed, o *Options) seedCache {
	seeds := func(d *analyzed) int {
		if n := len(d.hashes) - o.SeedSize + 1; n > 0 && n <= seedWindow {
			return n
		}
		return 0
	}
	total := 0
	for i := range docs {
		total += seeds(&docs[i])
	}
	if total == 0 || total > maxSeedCacheBytes/8 {
		return nil
	}
	block := make([]uint64, total)
	cache := make(seedCache, len(docs))
	at := 0
	for i := range docs {
		if n := seeds(&docs[i]); n > 0 {
			cache[i] = block[at : at : at+n]
			at += n
		}
	}
	parallel.Run(max(1, o.Workers), len(docs), func(_, i int) {
		if cache[i] != nil {
			cache[i] = appendSeeds(cache[i], &docs[i], o)
		}
	}, nil)
	return cache
}

// bytes returns the memory the cache holds.
func (c seedCache) bytes() int {
	n := 0
	for _, s := range c {
		n += 8 * cap(s)
	}
	return n
}

// of returns the seeds of document d, from the cache when it holds them,
// else hashed into buf, and the buffer for reuse.
func (c seedCache) of(buf []uint64, d int32, docs []analyzed, o *Options) (seeds, scratch []uint64) {
	if c != nil && c[d] != nil {
		return c[d], buf
	}
	buf = appendSeeds(buf[:0], &docs[d], o)
	return buf, buf
}

// seedTable holds where one document's seeds occur, the first maxRepeats
// positions of each, and matches another document's seeds against them. It
// keeps its buffers between documents and belongs to one goroutine.
type seedTable struct {
	slots []seedSlot // open addressing; a power of two, at most half full
	// tags holds, per slot, the top half of its hash with the lowest bit
	// set, 0 for an empty slot: most seeds of the other document are not
	// in the table, and a miss reads these 4 bytes, not a 32-byte slot.
	tags []uint32
	// filter is a bitmap of 4 bits a slot (at least 8 a seed), with the
	// bit that the low bits of each seed's hash from bit 32 up pick set:
	// match passes over a seed whose bit is clear after one test the
	// processor predicts well (at most one in eight of the seeds the
	// document does not hold find their bit set), where a probe of tags
	// finds an empty slot half the time.
	filter []uint64
	pair   uint32 // numbers the match calls, for seedSlot.pair
}

type seedSlot struct {
	hash uint64
	at   [maxRepeats]int32 // positions in the table's document
	n    uint8             // how many of at are set (seedTable.tags marks empty slots)
	seen uint8             // occurrences in the other document of this pair
	pair uint32            // the match call seen counts for
}

// reset fills the table with seeds, one document's seed hashes in word
// order.
func (t *seedTable) reset(seeds []uint64) {
	size := 16
	for size < 2*len(seeds) {
		size *= 2
	}
	if cap(t.slots) < size {
		t.slots = make([]seedSlot, size)
		t.tags = make([]uint32, size)
	}
	t.slots, t.tags = t.slots[:size], t.tags[:size]
	clear(t.slots)
	clear(t.tags)
	t.filter = slices.Grow(t.filter[:0], size/16)[:size/16] // 4 bits a slot, 8 a seed or more
	clear(t.filter)
	t.pair = 0
	mask := uint64(size - 1)
	fmask := uint64(len(t.filter)*64 - 1)
	for i, h := range seeds {
		b := h >> 32 & fmask
		t.filter[b>>6] |= 1 << (b & 63)
		k := t.find(h, mask)
		s := &t.slots[k]
		if t.tags[k] == 0 {
			s.hash, t.tags[k] = h, tagOf(h)
		}
		if s.n < maxRepeats {
			s.at[s.n] = int32(i)
			s.n++
		}
	}
}

// find returns the index of the slot of h, or of the empty slot where h
// would go. Seed hashes are SplitMix64 outputs, so their low bits are
// uniform.
func (t *seedTable) find(h, mask uint64) uint64 {
	tag := tagOf(h)
	for i := h & mask; ; i = (i + 1) & mask {
		if x := t.tags[i]; x == 0 || x == tag && t.slots[i].hash == h {
			return i
		}
	}
}

func tagOf(h uint64) uint32 { return uint32(h>>32) | 1 }

// match appends the seeds that the table's document (as a) and seeds (b's
// seed hashes in word order) share, at most maxRepeats occurrences of one
// shingle on each side, sorted by position in a, then b.
func (t *seedTable) match(dst []seedMatch, seeds []uint64) []seedMatch {
	start := len(dst)
	if t.pair++; t.pair == 0 { // wrapped: forget the old counts
		for i := range t.slots {
			t.slots[i].pair = 0
		}
		t.pair = 1
	}
	mask := uint64(len(t.slots) - 1)
	fmask := uint64(len(t.filter)*64 - 1)
	for j, h := range seeds {
		if b := h >> 32 & fmask; t.filter[b>>6]&(1<<(b&63)) == 0 {
			continue
		}
		k := t.find(h, mask)
		if t.tags[k] == 0 {
			continue
		}
		s := &t.slots[k]
		if s.pair != t.pair {
			s.pair, s.seen = t.pair, 0
		}
		if s.seen == maxRepeats {
			continue
		}
		s.seen++
		for _, i := range s.at[:s.n] {
			dst = append(dst, seedMatch{0, 1, i, int32(j)})
		}
	}
	slices.SortFunc(dst[start:], func(u, v seedMatch) int {
		if c := cmp.Compare(u.i, v.i); c != 0 {
			return c
		}
		return cmp.Compare(u.j, v.j)
	})
	return dst
}
