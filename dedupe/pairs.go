package dedupe

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/quotetrace/quotetrace/internal/parallel"
)

// Candidate pairs for passage search.
//
// A passage needs a chain of at least two seed shingles that both documents
// share, close together on both sides. Pairing documents by single shared
// seeds costs the sum of df² over all seeds, and in news most of those
// pairs share one stock phrase by chance: at 100,000 articles that was
// hundreds of millions of seed matches. Instead, each document emits link
// keys, a seed joined with the seed that starts linkMin to linkMax words
// after it (the next non-overlapping seed, after a gap of up to two words).
// Two documents are candidates when they share a link key found in at most
// MaxDocFreq documents; the documents of a key found in more are paired with
// the first of them only, a star rather than a clique, so a passage carried
// by N documents costs N alignments. A shared run of 2·SeedSize words always gives one,
// and so does a run broken by up to two substituted, dropped or inserted
// words, which is what copy editing does to a quotation. Chance sharing of a
// link key is rare, so the pairs found are mostly real.

// linkGaps is how many words beyond SeedSize a link may skip.
const linkGaps = 2

// maxKeysPerPass bounds the link keys held at once (8 bytes each, two
// copies while they are sorted): a large corpus is done in passes, each over
// one slice of the key space. Each pass hashes every document's seeds
// again, so there are at most 1<<maxPassBits passes, and past that a pass
// holds a thirty-second of the keys: 0.75 bytes a word, 1.5 with the two
// copies, three eighths of what the 4-byte word hashes take (a sixteenth
// took 2.1 GB at 1,000,000 articles).
var maxKeysPerPass = 3 << 23 // a variable so that tests can force passes

const maxPassBits = 5

// appendLinkKeys appends the link keys of a document anchored at its seeds
// seeds[:anchors] whose top passBits bits are pass, so that each pass keeps
// only its own keys; seeds are the document's seed hashes in word order
// from some word on, and those after the anchors are what they link to.
func appendLinkKeys(dst []uint64, seeds []uint64, anchors, k int, passBits, pass int) []uint64 {
	shift := 64 - passBits
	for i, h := range seeds[:anchors] {
		if passBits > 0 && int(h>>shift) != pass {
			continue
		}
		for g := k; g <= k+linkGaps && i+g < len(seeds); g++ {
			dst = append(dst, linkKey(h, seeds[i+g]))
		}
	}
	return dst
}

// appendDocLinkKeys appends the link keys of document d that belong to
// pass (see appendLinkKeys), making its seeds a window at a time in the
// scratch buffer seeds, which it returns for reuse.
func appendDocLinkKeys(dst, seeds []uint64, d *analyzed, o *Options, passBits, pass int) ([]uint64, []uint64) {
	k := o.SeedSize
	for lo := 0; lo == 0 || lo <= len(d.hashes)-k; lo += seedWindow {
		window := analyzed{hashes: d.hashes[lo:min(len(d.hashes), lo+seedWindow+2*k-1+linkGaps)]}
		seeds = appendSeeds(seeds[:0], &window, o)
		dst = appendLinkKeys(dst, seeds, min(seedWindow, len(seeds)), k, passBits, pass)
	}
	return dst, seeds
}

// seedWindow is how many seeds of a document are made at a time for its
// link keys, so that a long document's seeds are never all held at once.
var seedWindow = 1 << 16 // a variable so that tests can force windows

// maxDocKeysPerPass bounds the link keys of one document in a pass: a long
// document is done in more passes, so that its keys take at most about what
// its word hashes do (a 30 MB document of short words had 30 million
// keys, each held twice while sorted).
const maxDocKeysPerPass = 1 << 20

func linkKey(a, b uint64) uint64 {
	x := a*0x9e3779b97f4a7c15 + b
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// candidatePairs returns the document pairs that share a link key found in
// 2 to MaxDocFreq documents, and the first document of a key found in more
// with each of the others, packed as a<<32|b with a < b, sorted, and the
// bytes its link keys took.
//
// seeds, when not nil, holds every document's seeds.
func (c *Corpus) candidatePairs(docs []analyzed, seeds seedCache) ([]uint64, int) {
	k := c.opts.SeedSize
	total, largest := 0, 0
	for _, d := range docs {
		n := (linkGaps + 1) * max(0, len(d.hashes)-k+1)
		total += n
		largest = max(largest, n)
	}
	passBits := 0
	for (total>>passBits > maxKeysPerPass || largest>>passBits > maxDocKeysPerPass) && passBits < maxPassBits {
		passBits++
	}
	docBits := max(1, bits.Len(uint(len(docs))))
	docMask := uint64(1)<<docBits - 1
	low := max(uint(docBits), 64-sortedKeyBits)
	workers := max(1, c.opts.Workers)
	const chunk = 64 // documents per unit of work
	chunks := (len(docs) + chunk - 1) / chunk
	keys := make([][]uint64, workers)
	bufs := make([][]uint64, workers) // seeds, when the cache does not hold them
	pairs := make([]pairSet, workers)
	// Each worker's share of a pass's keys, and a little more, at once:
	// grown by append, the key slices were copied over and over (a tenth of
	// a report's time at 10 000 articles).
	share := (total >> passBits) / workers
	for w := range keys {
		keys[w] = make([]uint64, 0, share+share/8)
	}
	var sorted []uint64
	for pass := range 1 << passBits {
		for w := range keys {
			keys[w] = keys[w][:0]
		}
		parallel.Run(workers, chunks, func(w, ch int) {
			for doc := ch * chunk; doc < min(len(docs), (ch+1)*chunk); doc++ {
				start := len(keys[w])
				d := &docs[doc]
				// Room for its keys at once: a long document's keys in a
				// slice that doubled took up to three times their size.
				n := (linkGaps + 1) * len(d.hashes) >> passBits
				keys[w] = slices.Grow(keys[w], n+n/8)
				if seeds != nil && seeds[doc] != nil {
					keys[w] = appendLinkKeys(keys[w], seeds[doc], len(seeds[doc]), k, passBits, pass)
				} else {
					keys[w], bufs[w] = appendDocLinkKeys(keys[w], bufs[w], d, &c.opts, passBits, pass)
				}
				// The key's other bits above, the document below: sorting
				// by the key bits groups a key's documents.
				for i, h := range keys[w][start:] {
					keys[w][start+i] = (h<<passBits)&^docMask | uint64(doc)
				}
			}
		}, nil)
		// Sorted by the top sortedKeyBits key bits only: emitPairs sorts
		// the runs that share them.
		var buckets []int
		sorted, buckets = bucketSort(sorted, keys, workers, low)
		parallel.Run(workers, len(buckets)-1, func(w, b int) {
			c.emitPairs(&pairs[w], sorted[buckets[b]:buckets[b+1]], docBits, low)
		}, nil)
		if c.opts.Progress != nil {
			c.opts.Progress("pairs", pass+1, 1<<passBits)
		}
	}
	out := allPairs(pairs)
	slices.Sort(out)
	keyBytes := 8 * cap(sorted)
	for _, k := range keys {
		keyBytes += 8 * cap(k)
	}
	return slices.Compact(out), keyBytes
}

// sortedKeyBits is how many of a link key's top bits the pair stage sorts
// by (bucketBits of them in bucketSort): two rounds of radixSort, where all
// of a key's bits above the document took four at 100,000 articles and
// five below 512. Keys that share those bits
// are adjacent, and emitPairs sorts each such run whole: at 25 million
// keys a pass (1024 buckets of 24,000), about one key in 170 shares its
// sorted bits with another key that is not it.
const sortedKeyBits = bucketBits + 22

// emitPairs adds to set the pairs of every key of keys that 2 to
// MaxDocFreq documents share, and for a key that more share, its first
// document paired with each of the others. keys are sorted by their bits
// from low up (low >= docBits): a run of keys equal in those bits, a key's
// documents and maybe other keys', is sorted whole here, which orders it by
// key and then document.
func (c *Corpus) emitPairs(set *pairSet, keys []uint64, docBits int, low uint) {
	for lo := 0; lo < len(keys); {
		top := keys[lo] >> low
		hi := lo + 1
		for hi < len(keys) && keys[hi]>>low == top {
			hi++
		}
		// Most keys are one document's: the rest is skipped for them.
		if hi-lo > 1 {
			c.emitRun(set, keys[lo:hi], docBits)
		}
		lo = hi
	}
}

// emitRun is emitPairs for a run of keys that share their sorted bits.
func (c *Corpus) emitRun(set *pairSet, run []uint64, docBits int) {
	slices.Sort(run)
	docMask := uint64(1)<<docBits - 1
	for lo := 0; lo < len(run); {
		key := run[lo] >> docBits
		hi := lo
		ds := set.docs[:0]
		for ; hi < len(run) && run[hi]>>docBits == key; hi++ {
			ds = append(ds, uint32(run[hi]&docMask))
		}
		set.docs = ds[:0]       // kept for the next key: a popular key's are many
		ds = slices.Compact(ds) // a document may have the key twice
		if len(ds) > 1 {
			set.found = AppendKeyPairs(set.found[:0], ds, c.opts.MaxDocFreq)
			for _, p := range set.found {
				set.add(p)
			}
		}
		lo = hi
	}
}

// pairSet is a set of packed document pairs (never 0, as a < b). A pair
// that shares a long passage shares hundreds of link keys; the set keeps
// one entry for them all.
//
// The pairs of a pass come in the order of their link keys, which is no
// order at all, and the set is larger than the caches: added one at a
// time, nearly every add missed them (58 million adds at 100,000 articles,
// a tenth of a report's time). So adds are gathered in a batch, sorted by
// the slot they go to, and put in their slots in that order, a walk
// through the table from one end to the other.
type pairSet struct {
	slots []uint64 // x·pairMix, for the pair x; a power of two, at most half full; 0 is empty
	n     int
	batch []uint64 // x·pairMix of pairs not yet in slots
	tmp   []uint64 // the batch in slot order

	found []uint64 // emitPairs: one key's pairs, reused
	docs  []uint32 // emitPairs: one key's documents, reused
}

// pairMix is odd, so x·pairMix (mod 2⁶⁴) is a bijection: the set keeps the
// mixed value, whose top bits choose the slot, and pairMixInverse undoes it.
const (
	pairMix        = 0x9e3779b97f4a7c15
	pairMixInverse = 0xf1de83e19937733d
	pairBatch      = 1 << 14
	pairOrderBits  = 12 // the batch is ordered by the top bits of its slots
)

func (s *pairSet) add(x uint64) {
	s.batch = append(s.batch, x*pairMix)
	if len(s.batch) == pairBatch {
		s.flush()
	}
}

// flush puts the batch in its slots in slot order (by a counting sort on
// their top pairOrderBits bits).
func (s *pairSet) flush() {
	if len(s.batch) == 0 {
		return
	}
	for 2*(s.n+len(s.batch)) > len(s.slots) {
		s.grow()
	}
	var count [1<<pairOrderBits + 1]int
	for _, h := range s.batch {
		count[h>>(64-pairOrderBits)+1]++
	}
	for b := 1; b < len(count); b++ {
		count[b] += count[b-1]
	}
	s.tmp = slices.Grow(s.tmp[:0], len(s.batch))[:len(s.batch)]
	for _, h := range s.batch {
		b := h >> (64 - pairOrderBits)
		s.tmp[count[b]] = h
		count[b]++
	}
	for _, h := range s.tmp {
		s.put(h)
	}
	s.batch = s.batch[:0]
}

// grow doubles the table: the old slots, in order, go to the new in order.
func (s *pairSet) grow() {
	old := s.slots
	s.slots = make([]uint64, max(1024, 2*len(old)))
	s.n = 0
	for _, h := range old {
		if h != 0 {
			s.put(h)
		}
	}
}

func (s *pairSet) put(h uint64) {
	mask := uint64(len(s.slots) - 1)
	for i := h >> (64 - bits.TrailingZeros(uint(len(s.slots)))); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return
		case 0:
			s.slots[i] = h
			s.n++
			return
		}
	}
}

// appendTo appends the set's pairs, in no order.
func (s *pairSet) appendTo(dst []uint64) []uint64 {
	s.flush()
	for _, h := range s.slots {
		if h != 0 {
			dst = append(dst, h*pairMixInverse)
		}
	}
	return dst
}

// allPairs returns the pairs of the sets, in one slice sized at once.
func allPairs(sets []pairSet) []uint64 {
	n := 0
	for w := range sets {
		sets[w].flush()
		n += sets[w].n
	}
	out := make([]uint64, 0, n)
	for w := range sets {
		out = sets[w].appendTo(out)
	}
	return out
}

// bucketBits splits sorting into 2^bucketBits buckets by their top bits,
// sorted independently: small sorts stay in cache and run in parallel.
const bucketBits = 10

// bucketSort sorts the keys of parts into dst (reused) by their bits from
// bit low up, and returns it with the bounds of its buckets (the runs of
// keys that share their top bucketBits bits, so that no key straddles
// two): keys equal in those bits keep no order. Each
// part is counted and scattered to its buckets by its own worker: done on
// one, the scatter of a pass's tens of millions of keys was a stage's
// longest serial stretch.
func bucketSort(dst []uint64, parts [][]uint64, workers int, low uint) ([]uint64, []int) {
	const buckets = 1 << bucketBits
	counts := make([][buckets]int, len(parts))
	parallel.Run(workers, len(parts), func(_, p int) {
		for _, x := range parts[p] {
			counts[p][x>>(64-bucketBits)]++
		}
	}, nil)
	// Bucket b holds part 0's keys of b, then part 1's, and so on: the
	// order of keys within a bucket does not matter, as it is sorted next.
	var bounds [buckets + 1]int
	n := 0
	for b := range buckets {
		bounds[b] = n
		for p := range parts {
			c := counts[p][b]
			counts[p][b] = n
			n += c
		}
	}
	bounds[buckets] = n
	if cap(dst) < n { // with room for the next pass, which may hold a few more
		dst = make([]uint64, n, n+n/8)
	}
	dst = dst[:n]
	parallel.Run(workers, len(parts), func(_, p int) {
		at := &counts[p]
		for _, x := range parts[p] {
			b := x >> (64 - bucketBits)
			dst[at[b]] = x
			at[b]++
		}
	}, nil)
	scratch := make([][]uint64, workers)
	parallel.Run(workers, buckets, func(w, b int) {
		scratch[w] = radixSort(dst[bounds[b]:bounds[b+1]], scratch[w], low)
	}, nil)
	return dst, bounds[:]
}

// radixSort sorts keys, which share their top bucketBits bits, by the other
// bits from bit low up, stably: least significant digit first, in rounds
// of at most 11 bits, through scratch
// (returned for reuse). On the few thousand keys of a bucket it is about
// three times faster than comparison sorting.
func radixSort(keys, scratch []uint64, low uint) []uint64 {
	if low >= 64-bucketBits {
		return scratch // no bits to sort by: every order is sorted
	}
	if len(keys) < 64 {
		slices.SortStableFunc(keys, func(x, y uint64) int { return cmp.Compare(x>>low, y>>low) })
		return scratch
	}
	scratch = slices.Grow(scratch[:0], len(keys))[:len(keys)]
	src, dst := keys, scratch
	const maxDigit = 11
	span := 64 - bucketBits - low
	rounds := (span + maxDigit - 1) / maxDigit
	digit := (span + rounds - 1) / rounds // as even as the rounds allow
	mask := uint64(1)<<digit - 1
	for shift := low; shift < 64-bucketBits; shift += digit {
		var count [1 << maxDigit]int
		for _, x := range src {
			count[x>>shift&mask]++
		}
		if count[src[0]>>shift&mask] == len(src) {
			continue // every key has this digit
		}
		sum := 0
		for i, n := range count[:mask+1] {
			count[i] = sum
			sum += n
		}
		for _, x := range src {
			d := x >> shift & mask
			dst[count[d]] = x
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
	return scratch
}
