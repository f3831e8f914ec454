package dedupe

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/quotetrace/quotetrace/dedupe/quote"
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
	hashes   []uint64
	seeds    []seedMatch
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
}

// Prepare analyzes doc.
func (m *Matcher) Prepare(doc Document) *Prepared {
	return &Prepared{Doc: doc, analyzed: m.analyze(doc.Text)}
}

func (m *Matcher) analyze(text string) analyzed {
	var d analyzed
	d.tokens = m.analyzer.AppendTokens(nil, text)
	m.hashes = shingle.AppendHashes(m.hashes[:0], d.tokens, m.opts.ShingleSize, m.opts.Analysis.Seed)
	d.set = similarity.SortUnique(slices.Clone(m.hashes))
	d.sig = m.signer.Sign(nil, d.set)
	d.seeds = seedShingles(nil, d.tokens, m.opts.SeedSize, m.opts.Analysis.Seed)
	d.quotes = quote.Find(text)
	d.quoteOf = quoteOf(d.tokens, d.quotes)
	d.sentence = sentences(text, d.tokens)
	return d
}

// seedShingles appends the full SeedSize-word shingles of tokens.
func seedShingles(dst []shingle.Shingle, tokens []shingle.Token, k int, seed uint64) []shingle.Shingle {
	if len(tokens) < k {
		return dst
	}
	return shingle.AppendShingles(dst, tokens, k, seed)
}

// Signature returns the document's MinHash signature.
func (p *Prepared) Signature() *similarity.Signature { return p.sig }

// Set returns the document's shingle set (sorted hashes), for exact Jaccard
// and containment.
func (p *Prepared) Set() []uint64 { return p.set }

// Seeds returns the document's seed shingles in order (hash, and the word
// they start at). The slice belongs to p; do not change it.
func (p *Prepared) Seeds() []shingle.Shingle { return p.seeds }

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
	m.seeds = pairSeeds(m.seeds[:0], &a.analyzed, &b.analyzed)
	ps := m.al.pair(nil, 0, 1, &a.analyzed, &b.analyzed, m.seeds)
	out := make([]Shared, 0, len(ps))
	for _, p := range ps {
		sh := Shared{
			AStart: a.tokens[p.as].Start, AEnd: a.tokens[p.ae-1].End,
			BStart: b.tokens[p.bs].Start, BEnd: b.tokens[p.be-1].End,
			Words:      int(p.matches),
			Similarity: math.Round(1000*wordSimilarity(a.tokens[p.as:p.ae], b.tokens[p.bs:p.be], m.opts.MaxAlignCells)) / 1000,
		}
		in, total, speaker := quotedWords(&a.analyzed, p.as, p.ae, nil)
		if sh.AQuoted = 2*in >= total; sh.AQuoted {
			sh.ASpeaker = speaker
		}
		in, total, speaker = quotedWords(&b.analyzed, p.bs, p.be, nil)
		if sh.BQuoted = 2*in >= total; sh.BQuoted {
			sh.BSpeaker = speaker
		}
		out = append(out, sh)
	}
	return out
}

// pairSeeds appends the seed shingles a and b share (at most maxRepeats
// occurrences of one shingle on each side), sorted by position in a, then b.
func pairSeeds(dst []seedMatch, a, b *analyzed) []seedMatch {
	at := make(map[uint64][]int32, len(b.seeds))
	for _, s := range b.seeds {
		if ps := at[s.Hash]; len(ps) < maxRepeats {
			at[s.Hash] = append(ps, s.First)
		}
	}
	seen := make(map[uint64]int, len(a.seeds))
	for _, s := range a.seeds {
		if seen[s.Hash] >= maxRepeats {
			continue
		}
		seen[s.Hash]++
		for _, j := range at[s.Hash] {
			dst = append(dst, seedMatch{0, 1, s.First, j})
		}
	}
	slices.SortFunc(dst, func(x, y seedMatch) int {
		if c := cmp.Compare(x.i, y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.j, y.j)
	})
	return dst
}
