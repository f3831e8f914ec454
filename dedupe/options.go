package dedupe

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

// DefaultMaxDocBytes is the default bound on one document's size.
const DefaultMaxDocBytes = 64 << 20

// ErrOptions reports invalid options.
var ErrOptions = errors.New("dedupe: invalid options")

// Options are the knobs of a [Corpus]. The zero value means the defaults,
// listed with each field.
type Options struct {
	// Analysis selects language, stemming, stop words and the hash seed
	// (defaults: English stemming, no stop-word removal, seed 0).
	Analysis shingle.Options

	// ShingleSize is the words per shingle for whole-document similarity
	// (default 5).
	ShingleSize int
	// Permutations is the MinHash signature size (default 128).
	Permutations int
	// Threshold is the Jaccard similarity, estimated by LSH and then verified
	// exactly, at which two documents are near-duplicates (default 0.5).
	Threshold float64
	// MinContainment makes two documents near-duplicates too when this share
	// of one's shingles lies in the other (default 0.8).
	MinContainment float64

	// SeedSize is the words per seed shingle that passage search starts
	// from (default 3).
	SeedSize int
	// MinWords is the fewest words a shared passage must match exactly
	// (default 6).
	MinWords int
	// MinPassageWords is the fewest words a passage outside quotation marks
	// needs to make a cluster (default 8): shorter shared wording ("said in
	// a statement on", "the U.S. Secretary of State") is a stock phrase, and
	// the report counts what it leaves out in its notes.
	MinPassageWords int
	// MaxGap is the most words in a row a passage may leave unmatched on
	// either side before it is split in two (default 5).
	MaxGap int
	// MaxDocFreq bounds the pairs one phrase creates (default 20). A report
	// pairs every two documents that share a link key (two nearby seeds)
	// found in at most this many documents, and the first document of a key
	// found in more with each of the others, so a passage in N documents
	// costs N alignments; an archive query takes only the first document of
	// a seed shingle found in more, and reads the carriers of each passage
	// it finds from the whole index.
	MaxDocFreq int
	// MaxAlignCells bounds the alignment matrix of one stretch of seeds, and
	// so the time and memory of aligning any pair (default 1<<20).
	MaxAlignCells int

	// Workers is how many goroutines analyze and align (default GOMAXPROCS).
	Workers int

	// MaxDocBytes refuses longer documents, naming them (default 64 MiB, at
	// most 4 GiB - 1: a report keeps word offsets in 32 bits).
	MaxDocBytes int
	// MaxPassagesPerPair keeps only the longest passages of a document pair
	// that shares more, with a note in the report (default 1000).
	MaxPassagesPerPair int
	// MaxMembers lists at most this many members of a cluster, oldest
	// first, with the count of the rest and a note (default 1000).
	MaxMembers int

	// Progress, when not nil, is told how far each stage has come:
	// "analyze", "pairs", "align", "duplicates", "clusters", in that order. It is called from one goroutine at a time and
	// should return quickly. It does not change the report.
	Progress func(stage string, done, total int)
}

// withDefaults returns o with zero fields set to their defaults, or an error
// wrapping ErrOptions.
func (o Options) withDefaults() (Options, error) {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.ShingleSize, 5)
	def(&o.Permutations, similarity.DefaultSize)
	def(&o.SeedSize, 3)
	def(&o.MinWords, 6)
	def(&o.MinPassageWords, 8)
	def(&o.MaxGap, 5)
	def(&o.MaxDocFreq, 20)
	def(&o.MaxAlignCells, 1<<20)
	def(&o.Workers, runtime.GOMAXPROCS(0))
	def(&o.MaxDocBytes, DefaultMaxDocBytes)
	def(&o.MaxPassagesPerPair, 1000)
	def(&o.MaxMembers, 1000)
	if o.Threshold == 0 {
		o.Threshold = 0.5
	}
	if o.MinContainment == 0 {
		o.MinContainment = 0.8
	}
	switch {
	case o.ShingleSize < 1 || o.ShingleSize > shingle.MaxK:
		return o, fmt.Errorf("%w: ShingleSize %d not in [1, %d]", ErrOptions, o.ShingleSize, shingle.MaxK)
	case o.SeedSize < 1 || o.SeedSize > shingle.MaxK:
		return o, fmt.Errorf("%w: SeedSize %d not in [1, %d]", ErrOptions, o.SeedSize, shingle.MaxK)
	case !(o.Threshold > 0 && o.Threshold < 1):
		return o, fmt.Errorf("%w: Threshold %v not in (0, 1)", ErrOptions, o.Threshold)
	case !(o.MinContainment > 0 && o.MinContainment <= 1):
		return o, fmt.Errorf("%w: MinContainment %v not in (0, 1]", ErrOptions, o.MinContainment)
	case o.MinWords < o.SeedSize:
		return o, fmt.Errorf("%w: MinWords %d below SeedSize %d", ErrOptions, o.MinWords, o.SeedSize)
	case o.MinPassageWords < 1:
		return o, fmt.Errorf("%w: MinPassageWords %d below 1", ErrOptions, o.MinPassageWords)
	case o.MaxGap < 0 || o.MaxDocFreq < 2 || o.Workers < 1 || o.Permutations < 1:
		return o, fmt.Errorf("%w: MaxGap %d, MaxDocFreq %d, Workers %d, Permutations %d", ErrOptions, o.MaxGap, o.MaxDocFreq, o.Workers, o.Permutations)
	case o.MaxDocBytes < 1 || uint64(o.MaxDocBytes) > maxTextBytes || o.MaxPassagesPerPair < 1 || o.MaxMembers < 2:
		return o, fmt.Errorf("%w: MaxDocBytes %d, MaxPassagesPerPair %d, MaxMembers %d", ErrOptions, o.MaxDocBytes, o.MaxPassagesPerPair, o.MaxMembers)
	case o.MaxAlignCells < 1024:
		return o, fmt.Errorf("%w: MaxAlignCells %d below 1024", ErrOptions, o.MaxAlignCells)
	}
	if _, err := shingle.NewAnalyzer(o.Analysis); err != nil {
		return o, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	return o, nil
}
