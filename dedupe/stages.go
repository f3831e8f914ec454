package dedupe

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/quotetrace/quotetrace/similarity"
)

// The stages of a report, for an engine that runs them apart (the Beam
// pipeline in the beam module does): Corpus.Report calls the same
// functions, so both give the same report.
//
//  1. Prepare each document (Matcher.Prepare); it is deterministic, so a
//     worker can prepare a document again from its text rather than be sent
//     the analysis.
//  2. Group documents by their link keys (Prepared.AppendLinkKeys); the
//     documents of one key give candidate pairs (AppendKeyPairs). Group
//     them by their LSH band keys (Matcher.AppendBandKeys) too: every two
//     documents of a band key are a near-duplicate candidate.
//  3. Compare each candidate pair: its passages (Matcher.Passages) and
//     whether it is a near-duplicate (Matcher.Duplicate), weighing words
//     by a TF-IDF of the whole corpus (Prepared.Words).
//  4. Cluster the passages and make the report (Assemble).
//
// Documents are numbered in input order from 0; a pair and a passage name
// them by number, the lower first.

// PairPassage is a stretch of words two documents share: words [AStart, AEnd)
// of document A and [BStart, BEnd) of document B, A < B, with Matches words
// aligned exactly. It is a plain struct so that an engine can send it.
type PairPassage struct {
	A, B                       uint32
	AStart, AEnd, BStart, BEnd int32
	Matches                    int32
}

func (p PairPassage) internal() passage {
	return passage{a: int32(p.A), b: int32(p.B), as: p.AStart, ae: p.AEnd, bs: p.BStart, be: p.BEnd, matches: p.Matches}
}

func exported(p passage) PairPassage {
	return PairPassage{A: uint32(p.a), B: uint32(p.b), AStart: p.as, AEnd: p.ae, BStart: p.bs, BEnd: p.be, Matches: p.matches}
}

// ParseJSONLine reads one line of JSONL input as ReadJSONL does. A blank
// line gives ok false and no error; the caller names the file and line of
// an error.
func ParseJSONLine(line []byte) (doc Document, ok bool, err error) {
	line = bytes.TrimPrefix(line, []byte(bom)) // a file that opens with one, as ReadJSONL reads it
	if len(bytes.TrimSpace(line)) == 0 {
		return Document{}, false, nil
	}
	doc, err = parseLine(line)
	return doc, err == nil, err
}

// AppendLinkKeys appends the document's link keys, sorted, each once: two
// documents that share one are a candidate pair for passage search (see
// AppendKeyPairs).
func (p *Prepared) AppendLinkKeys(dst []uint64) []uint64 {
	start := len(dst)
	dst, _ = appendDocLinkKeys(dst, nil, &p.analyzed, &p.opts, 0, 0)
	return dst[:start+len(similarity.SortUnique(dst[start:]))]
}

// Words returns the hashes of the document's words in order, for a TF-IDF
// of the corpus (similarity.TFIDF.Add). The slice is the document's own:
// do not change it.
func (p *Prepared) Words() []uint32 { return p.hashes }

// AppendKeyPairs appends the candidate pairs that one link key gives, packed
// a<<32|b with a < b: every two of its documents (docs, sorted and
// distinct) when they are at most maxDocFreq, else the first of them with
// each of the others. A popular passage is then a star around its first
// carrier, which the cluster stage takes as the centre, so N carriers cost
// N alignments, not N²/2.
func AppendKeyPairs(dst []uint64, docs []uint32, maxDocFreq int) []uint64 {
	switch n := len(docs); {
	case n < 2:
	case n <= maxDocFreq:
		for x := range n {
			for y := x + 1; y < n; y++ {
				dst = append(dst, uint64(docs[x])<<32|uint64(docs[y]))
			}
		}
	default:
		for _, d := range docs[1:] {
			dst = append(dst, uint64(docs[0])<<32|uint64(d))
		}
	}
	return dst
}

// appendBandKeys appends a signature's LSH band keys, each mixed with its
// band's number so that bands do not meet.
func appendBandKeys(dst []uint64, params similarity.LSHParams, sig *similarity.Signature) []uint64 {
	start := len(dst)
	dst = params.AppendBandKeys(dst, sig)
	for b, k := range dst[start:] {
		dst[start+b] = linkKey(k, uint64(b))
	}
	return dst
}

// AppendBandKeys appends the document's LSH band keys (the bands and rows
// of similarity.NewIndex for Options.Threshold): every two documents that
// share one are a near-duplicate candidate for Duplicate.
func (m *Matcher) AppendBandKeys(dst []uint64, p *Prepared) ([]uint64, error) {
	if m.lsh == nil {
		ix, err := similarity.NewIndex(m.opts.Threshold, m.opts.Permutations)
		if err != nil {
			return dst, fmt.Errorf("%w: %w", ErrOptions, err)
		}
		params := ix.Params()
		m.lsh = &params
	}
	return appendBandKeys(dst, *m.lsh, p.sig), nil
}

// Passages appends to dst the passages that documents a < b, numbered a and
// b, share (at most Options.MaxPassagesPerPair, the longest) and returns
// how many they share, which may be more; then the report notes the limit
// with TooManyPassages.
func (m *Matcher) Passages(dst []PairPassage, a, b uint32, pa, pb *Prepared) ([]PairPassage, int) {
	m.seedsA = appendSeeds(m.seedsA[:0], &pa.analyzed, &m.opts)
	m.seedsB = appendSeeds(m.seedsB[:0], &pb.analyzed, &m.opts)
	m.table.reset(m.seedsA)
	m.seeds = m.table.match(m.seeds[:0], m.seedsB)
	if len(m.seeds) < 2 {
		return dst, 0
	}
	ps, n := alignPair(m.al, m.found[:0], int32(a), int32(b), &pa.analyzed, &pb.analyzed, m.seeds, &m.opts)
	m.found = ps[:0]
	for _, p := range ps {
		dst = append(dst, exported(p))
	}
	return dst, n
}

// alignPair appends to out the passages of documents a and b given their
// seed matches, at most MaxPassagesPerPair of them, and returns how many
// they share.
func alignPair(al *aligner, out []passage, a, b int32, da, db *analyzed, matches []seedMatch, o *Options) ([]passage, int) {
	start := len(out)
	out = al.pair(out, a, b, da, db, matches)
	out = appendSharedQuotes(out, start, da, db, o.MaxAlignCells) // out may hold other pairs'
	n := len(out) - start
	if n > o.MaxPassagesPerPair {
		out = append(out[:start], keepLongest(out[start:], o.MaxPassagesPerPair)...)
	}
	return out, n
}

// TooManyPassages is the report's note for a pair that shares n passages,
// more than Options.MaxPassagesPerPair.
func TooManyPassages(idA, idB string, n int, o *Options) string {
	return fmt.Sprintf("%s and %s share %d passages; the longest %d are kept (Options.MaxPassagesPerPair)", idA, idB, n, o.MaxPassagesPerPair)
}

// Duplicate tells whether two documents are near-duplicates and scores
// them. They are candidates when they share an LSH band key (banded) and
// their signatures agree on at least Options.Threshold of their values, or
// when passages (theirs, from Passages) cover enough of the shorter one;
// a candidate is a near-duplicate when the exact Jaccard of their shingle
// sets reaches Threshold or the containment reaches MinContainment. The
// cosine weighs words by tf, sealed, of the whole corpus.
func (m *Matcher) Duplicate(pa, pb *Prepared, banded bool, passages []PairPassage, tf *similarity.TFIDF) (Duplicate, bool) {
	words := 0
	for _, p := range passages {
		words += int(p.Matches)
	}
	if !(banded && signaturesAgree(pa.sig, pb.sig, &m.opts)) && !(len(passages) > 0 && covers(words, &pa.analyzed, &pb.analyzed, &m.opts)) {
		return Duplicate{}, false
	}
	m.seedsA = shingleSet(m.seedsA[:0], pa.hashes, &m.opts)
	m.seedsB = shingleSet(m.seedsB[:0], pb.hashes, &m.opts)
	j, cont := scoreSets(m.seedsA, m.seedsB)
	d, ok := newDuplicate(pa.Doc.ID, pb.Doc.ID, j, cont, &m.opts)
	if !ok {
		return d, false
	}
	m.vecA = tf.AppendVector(m.vecA, pa.hashes)
	m.vecB = tf.AppendVector(m.vecB, pb.hashes)
	d.Cosine = cosine(m.vecA, m.vecB)
	return d, true
}

// signaturesAgree reports whether two signatures agree on at least
// Threshold of their values: an LSH candidate that holds.
func signaturesAgree(a, b *similarity.Signature, o *Options) bool {
	j, err := a.Jaccard(b)
	return err == nil && j >= o.Threshold
}

// covers reports whether passages matching words words cover enough of the
// shorter of two documents to make them near-duplicate candidates: half of
// MinContainment of it, for what alignment misses (repeats, text out of
// order). A footer or a quotation alone makes no near-duplicate.
func covers(words int, a, b *analyzed, o *Options) bool {
	shorter := min(len(a.hashes), len(b.hashes))
	return float64(words) >= o.MinContainment*float64(shorter)/2
}

// scoreSets returns the exact Jaccard of two shingle sets and the
// containment of the smaller in the other.
func scoreSets(a, b []uint64) (jaccard, containment float64) {
	small, large := a, b
	if len(large) < len(small) {
		small, large = large, small
	}
	return similarity.Jaccard(a, b), similarity.Containment(small, large)
}

// newDuplicate makes the near-duplicate of documents idA and idB, the lower
// id first, if their scores make them one.
func newDuplicate(idA, idB string, jaccard, containment float64, o *Options) (Duplicate, bool) {
	if jaccard < o.Threshold && containment < o.MinContainment {
		return Duplicate{}, false
	}
	if idB < idA {
		idA, idB = idB, idA
	}
	return Duplicate{A: idA, B: idB, Jaccard: round3(jaccard), Containment: round3(containment)}, true
}

func cosine(v, w similarity.Vector) float64 { return round3(similarity.Cosine(v, w)) }

// sortDuplicates orders near-duplicates as a report lists them.
func sortDuplicates(ds []Duplicate) {
	slices.SortFunc(ds, func(x, y Duplicate) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
}

// Assemble clusters passages into provenance clusters and makes the report,
// the last stage of Corpus.Report, for an engine that ran the others apart.
// docs are every document of the corpus in input order, as passages number
// them; only the documents that passages name need their Text, and sizes,
// when not nil, gives each document's size in bytes for the others.
// dups are the near-duplicates (any order) and notes the limits the earlier
// stages hit. Bad documents are the errors Corpus.Add gives.
func Assemble(opts Options, docs []Document, sizes []int, passages []PairPassage, dups []Duplicate, notes []string) (*Report, error) {
	c, err := New(opts)
	if err != nil {
		return nil, err
	}
	if sizes != nil && len(sizes) != len(docs) {
		return nil, fmt.Errorf("%w: %d sizes for %d documents", ErrInput, len(sizes), len(docs))
	}
	for i, n := range sizes {
		if n > c.opts.MaxDocBytes {
			return nil, fmt.Errorf("%w: %q is %d bytes, over the limit of %d (Options.MaxDocBytes)", ErrTooLarge, docs[i].ID, n, c.opts.MaxDocBytes)
		}
	}
	if err := c.Add(docs...); err != nil {
		return nil, err
	}
	c.sizes = sizes
	c.notes = slices.Clone(notes)

	ps := make([]passage, len(passages))
	carrier := make([]bool, len(docs))
	for i, p := range passages {
		if p.A >= p.B || int(p.B) >= len(docs) {
			return nil, fmt.Errorf("%w: passage %d names documents %d and %d of %d", ErrInput, i, p.A, p.B, len(docs))
		}
		ps[i] = p.internal()
		carrier[p.A], carrier[p.B] = true, true
	}
	// The passages of a pair in the order Passages gave them, pairs in
	// order, as Corpus.Report finds them.
	slices.SortStableFunc(ps, func(x, y passage) int {
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
	matchers := make([]*Matcher, c.opts.Workers)
	for w := range matchers {
		if matchers[w], err = newMatcher(c.opts); err != nil {
			return nil, err
		}
	}
	analyzed := make([]analyzed, len(docs))
	c.parallel("analyze", len(docs), func(w, i int) {
		if carrier[i] {
			analyzed[i] = matchers[w].analyze(docs[i].Text)
			analyzed[i].sig = nil // the duplicates are found
		}
	})
	for i, p := range ps {
		na, nb := int32(len(analyzed[p.a].hashes)), int32(len(analyzed[p.b].hashes))
		if p.as < 0 || p.as >= p.ae || p.ae > na || p.bs < 0 || p.bs >= p.be || p.be > nb || p.matches < 0 {
			return nil, fmt.Errorf("%w: passage %d, words [%d, %d) of document %d (%d words) and [%d, %d) of document %d (%d words), lies outside them", ErrInput, i, p.as, p.ae, p.a, na, p.bs, p.be, p.b, nb)
		}
	}
	dups = slices.Clone(dups)
	sortDuplicates(dups)
	return c.assemble(analyzed, ps, dups, groupCentres(c, analyzed, ps)), nil
}
