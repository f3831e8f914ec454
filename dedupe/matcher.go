package dedupe

import (
	"fmt"
	"math"

	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

// Matcher compares documents a pair at a time: it prepares a document once
// (words, shingles, signature, quotations) and finds the passages two
// prepared documents share. It is what an archive uses to check a new
// article against stored ones. A Matcher keeps buffers and must not be used
// by several goroutines at once; make one per goroutine.
type Matcher struct {
	opts     Options
	analyzer *shingle.Analyzer
	signer   *similarity.Signer
	al       *aligner
	buf      analysis
	table    seedTable
	seedsA   []uint64
	seedsB   []uint64
	seeds    []seedMatch

	// For the exported stages (stages.go).
	lsh        *similarity.LSHParams // made on first use
	found      []passage
	vecA, vecB similarity.Vector
}

// NewMatcher returns a Matcher for opts (zero fields take the defaults), or
// an error wrapping [ErrOptions].
func NewMatcher(opts Options) (*Matcher, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return newMatcher(o)
}

func newMatcher(o Options) (*Matcher, error) {
	a, err := shingle.NewAnalyzer(o.Analysis)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	s, err := similarity.NewSigner(similarity.MinHashOptions{Size: o.Permutations, Seed: o.Analysis.Seed})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	return &Matcher{opts: o, analyzer: a, signer: s, al: newAligner(&o)}, nil
}

// Options returns the matcher's options with defaults filled in.
func (m *Matcher) Options() Options { return m.opts }

// Prepared is a document analyzed for comparison.
type Prepared struct {
	Doc Document
	analyzed
	opts Options
}

// Prepare analyzes doc. It panics if the text is over 4 GiB, which
// Options.MaxDocBytes never allows.
func (m *Matcher) Prepare(doc Document) *Prepared {
	return &Prepared{Doc: doc, analyzed: m.analyze(doc.Text), opts: m.opts}
}

// Signature returns the document's MinHash signature.
func (p *Prepared) Signature() *similarity.Signature { return p.sig }

// Set returns the document's shingle set (sorted hashes), for exact Jaccard
// and containment, in a new slice.
func (p *Prepared) Set() []uint64 { return shingleSet(nil, p.hashes, &p.opts) }

// Seeds returns the document's seed shingles in order (hash, and the words
// they cover), in a new slice.
func (p *Prepared) Seeds() []shingle.Shingle {
	hs := appendSeeds(nil, &p.analyzed, &p.opts)
	out := make([]shingle.Shingle, len(hs))
	k := int32(p.opts.SeedSize)
	for i, h := range hs {
		out[i] = shingle.Shingle{Hash: h, First: int32(i), End: int32(i) + k}
	}
	return out
}

// SeedMatch is a seed shingle two documents share: it starts at word I of
// one and word J of the other.
type SeedMatch struct{ I, J int32 }

// Chained reports whether matches, sorted by I then J, hold a chain of at
// least two seeds close together along one diagonal: the least a shared
// passage needs. An index uses it to skip documents that share only
// scattered phrases, without losing any passage Shared would find.
func (m *Matcher) Chained(matches []SeedMatch) bool {
	if len(matches) < 2 {
		return false
	}
	m.seeds = m.seeds[:0]
	for _, s := range matches {
		m.seeds = append(m.seeds, seedMatch{0, 1, s.I, s.J})
	}
	m.al.chain(m.seeds)
	for _, c := range m.al.chains {
		if c.seeds >= 2 {
			return true
		}
	}
	return false
}

// Shared is a passage two documents share: byte offsets into each text as
// given, the words matched exactly, how alike the two wordings are (Dice
// over their longest common word subsequence), and whether each side stands
// inside quotation marks, with its attribution.
type Shared struct {
	AStart, AEnd, BStart, BEnd int
	Words                      int
	Similarity                 float64
	AQuoted, BQuoted           bool
	ASpeaker, BSpeaker         string
}

// Shared returns the passages a and b share, in a's order.
func (m *Matcher) Shared(a, b *Prepared) []Shared {
	m.seedsA = appendSeeds(m.seedsA[:0], &a.analyzed, &m.opts)
	m.seedsB = appendSeeds(m.seedsB[:0], &b.analyzed, &m.opts)
	m.table.reset(m.seedsA)
	m.seeds = m.table.match(m.seeds[:0], m.seedsB)
	ps := m.al.pair(nil, 0, 1, &a.analyzed, &b.analyzed, m.seeds)
	out := make([]Shared, 0, len(ps))
	for _, p := range ps {
		sh := Shared{
			AStart: a.start(p.as), AEnd: a.end(p.ae - 1),
			BStart: b.start(p.bs), BEnd: b.end(p.be - 1),
			Words:      int(p.matches),
			Similarity: math.Round(1000*wordSimilarity(a.hashes[p.as:p.ae], b.hashes[p.bs:p.be], m.opts.MaxAlignCells)) / 1000,
		}
		in, total, speaker := quotedWords(&a.analyzed, p.as, p.ae, nil)
		if sh.AQuoted = 2*in >= total; sh.AQuoted {
			sh.ASpeaker = speaker.Phrase
		}
		in, total, speaker = quotedWords(&b.analyzed, p.bs, p.be, nil)
		if sh.BQuoted = 2*in >= total; sh.BQuoted {
			sh.BSpeaker = speaker.Phrase
		}
		out = append(out, sh)
	}
	return out
}
