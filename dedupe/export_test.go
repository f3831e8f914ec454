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

func (s *PairStage) Len() int                 { return len(s.docs) }
func (s *PairStage) ID(i int) string          { return s.c.docs[i].ID }
func (s *PairStage) CandidatePairs() []uint64 { return s.c.candidatePairs(s.docs) }

// SharesPassage aligns a and b on all their shared seeds.
func (s *PairStage) SharesPassage(a, b int) bool {
	seeds := pairSeeds(nil, &s.docs[a], &s.docs[b])
	return len(s.al.pair(nil, int32(a), int32(b), &s.docs[a], &s.docs[b], seeds)) > 0
}

// SeedsAgree compares the sorted-merge seed matching with pairSeeds.
func (s *PairStage) SeedsAgree(a, b int) (n int, same bool) {
	want := pairSeeds(nil, &s.docs[a], &s.docs[b])
	got := mergeSeeds(nil, &s.docs[a], &s.docs[b])
	return len(want), slices.Equal(want, got)
}

func SetMaxKeysPerPass(n int) (restore func()) {
	old := maxKeysPerPass
	maxKeysPerPass = n
	return func() { maxKeysPerPass = old }
}

func EmitPairs(maxDocFreq int, keys []uint64, docBits int) []uint64 {
	c := &Corpus{opts: Options{MaxDocFreq: maxDocFreq}}
	var set pairSet
	c.emitPairs(&set, keys, docBits)
	out := set.appendTo(nil)
	slices.Sort(out)
	return out
}

func RadixSort(keys []uint64) { radixSort(keys, nil) }

const BucketBits = bucketBits
