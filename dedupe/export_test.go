package dedupe

import "slices"

// Hooks into the pair stage for the tests in dedupe_test (which may import
// internal/newsgen; this package may not).

type PairStage struct {
	c    *Corpus
	docs []analyzed
	al   *aligner
}

func NewPairStage(c *Corpus) (*PairStage, error) {
	docs, err := c.analyze()
	return &PairStage{c: c, docs: docs, al: newAligner(&c.opts)}, err
}

func (s *PairStage) Len() int        { return len(s.docs) }
func (s *PairStage) ID(i int) string { return s.c.docs[i].ID }
func (s *PairStage) CandidatePairs() []uint64 {
	pairs, _ := s.c.candidatePairs(s.docs, newSeedCache(s.docs, &s.c.opts))
	return pairs
}

// SharesPassage aligns a and b on all their shared seeds.
func (s *PairStage) SharesPassage(a, b int) bool {
	seeds := s.pairSeeds(a, b)
	return len(s.al.pair(nil, int32(a), int32(b), &s.docs[a], &s.docs[b], seeds)) > 0
}

// SeedsAgree compares the seed table's matching with pairSeeds. The table
// is filled once for a and matched against each of bs, as the align stage
// does for a run of pairs.
func (s *PairStage) SeedsAgree(a int, bs []int) (n int, same bool) {
	var t seedTable
	t.reset(appendSeeds(nil, &s.docs[a], &s.c.opts))
	for _, b := range bs {
		want := s.pairSeeds(a, b)
		got := t.match(nil, appendSeeds(nil, &s.docs[b], &s.c.opts))
		if !slices.Equal(want, got) {
			return n, false
		}
		n += len(want)
	}
	return n, true
}

// pairSeeds is the plain way to match seeds: every shared seed shingle, its
// first maxRepeats occurrences on each side, sorted by position in a, then
// b.
func (s *PairStage) pairSeeds(a, b int) []seedMatch {
	x := appendSeeds(nil, &s.docs[a], &s.c.opts)
	y := appendSeeds(nil, &s.docs[b], &s.c.opts)
	first := func(hs []uint64) map[uint64][]int32 {
		at := map[uint64][]int32{}
		for i, h := range hs {
			if len(at[h]) < maxRepeats {
				at[h] = append(at[h], int32(i))
			}
		}
		return at
	}
	inB := first(y)
	var out []seedMatch
	for h, is := range first(x) {
		for _, i := range is {
			for _, j := range inB[h] {
				out = append(out, seedMatch{0, 1, i, j})
			}
		}
	}
	slices.SortFunc(out, func(u, v seedMatch) int {
		if u.i != v.i {
			return int(u.i - v.i)
		}
		return int(u.j - v.j)
	})
	return out
}

// SetSeedCache sets how many bytes of seeds a report may hold; 0 makes
// every stage hash them again.
func SetSeedCache(bytes int) (restore func()) {
	old := maxSeedCacheBytes
	maxSeedCacheBytes = bytes
	return func() { maxSeedCacheBytes = old }
}

func SetMaxKeysPerPass(n int) (restore func()) {
	old := maxKeysPerPass
	maxKeysPerPass = n
	return func() { maxKeysPerPass = old }
}

func EmitPairs(maxDocFreq int, keys []uint64, docBits int, low uint) []uint64 {
	c := &Corpus{opts: Options{MaxDocFreq: maxDocFreq}}
	var set pairSet
	c.emitPairs(&set, keys, docBits, low)
	out := set.appendTo(nil)
	slices.Sort(out)
	return out
}

func RadixSort(keys []uint64, low uint) { radixSort(keys, nil, low) }

const BucketBits = bucketBits

// LCS is lcsLength, and LCSTable the dynamic program it replaces, for the
// tests to compare.
var LCS = lcsLength

func LCSTable(a, b []uint32) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for _, x := range a {
		for j, y := range b {
			switch {
			case x == y:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// SetWindows sets how much text is tokenized, and how many shingles and
// seeds are made, at a time.
func SetWindows(chunk, sign, seed int) (restore func()) {
	oc, os, osd := analyzeChunk, signWindow, seedWindow
	analyzeChunk, signWindow, seedWindow = chunk, sign, seed
	return func() { analyzeChunk, signWindow, seedWindow = oc, os, osd }
}

// PairSetOf adds xs to a pairSet and returns its pairs, sorted.
func PairSetOf(xs []uint64) []uint64 {
	var s pairSet
	for _, x := range xs {
		s.add(x)
	}
	out := s.appendTo(nil)
	slices.Sort(out)
	return out
}

// Words returns the byte range of each word of text as the analysis keeps
// it, and the first word of each sentence but the first.
func Words(text string) (spans [][2]int, sentStarts []int32, err error) {
	m, err := NewMatcher(Options{})
	if err != nil {
		return nil, nil, err
	}
	d := m.analyze(text)
	spans = make([][2]int, len(d.hashes))
	for t := range spans {
		spans[t] = [2]int{d.start(int32(t)), d.end(int32(t))}
	}
	return spans, d.sentStarts, nil
}

// Settler is what collects between a report's stages.
type Settler = settler

var NewSettler = newSettler

func (s *Settler) Settle(dropped int) { s.settle(dropped) }
