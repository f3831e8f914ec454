// Package qtbeam is quotetrace's report as an Apache Beam pipeline: the
// same stage functions as dedupe.Corpus.Report (dedupe/stages.go), run
// apart on a distributed engine, giving the same report byte for byte.
// The DoFns here only move ids, keys, texts and passages between those
// functions; no part of the algorithm lives in this package.
package qtbeam

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

// Settings are the report's knobs as workers receive them: the fields of
// dedupe.Options that change a report (Beam encodes a DoFn's fields as
// JSON, and Options.Progress is a function). Zero fields take dedupe's
// defaults.
type Settings struct {
	Analysis                                      shingle.Options
	ShingleSize, Permutations, SeedSize, MinWords int
	MinPassageWords, MaxGap, MaxDocFreq           int
	MaxAlignCells, MaxDocBytes                    int
	MaxPassagesPerPair, MaxMembers                int
	Threshold, MinContainment                     float64

	// KeyBucketBits sets how many groups link keys and band keys are
	// shuffled in: 2^KeyBucketBits (default 10), by their top bits. A
	// document sends one batch of keys to each bucket it has keys in, and a
	// bucket's worker sorts its keys; a group holds about 1/2^bits of all
	// keys however many documents share one key. See the README's sizing.
	KeyBucketBits int
}

// Options returns the dedupe options of s.
func (s Settings) Options() dedupe.Options {
	return dedupe.Options{
		Analysis: s.Analysis, ShingleSize: s.ShingleSize, Permutations: s.Permutations,
		SeedSize: s.SeedSize, MinWords: s.MinWords, MinPassageWords: s.MinPassageWords,
		MaxGap: s.MaxGap, MaxDocFreq: s.MaxDocFreq, MaxAlignCells: s.MaxAlignCells,
		MaxDocBytes: s.MaxDocBytes, MaxPassagesPerPair: s.MaxPassagesPerPair,
		MaxMembers: s.MaxMembers, Threshold: s.Threshold, MinContainment: s.MinContainment,
	}
}

func (s Settings) keyBucketBits() int {
	if s.KeyBucketBits > 0 {
		return min(s.KeyBucketBits, 24)
	}
	return 10
}

// Metrics: what the pipeline skipped, bounded or split, for the runner's
// monitoring.
var (
	blankLines    = beam.NewCounter("quotetrace", "blank_lines_skipped")
	documents     = beam.NewCounter("quotetrace", "documents")
	hotLinkKeys   = beam.NewCounter("quotetrace", "link_keys_over_max_doc_freq_paired_as_stars")
	largestKey    = beam.NewDistribution("quotetrace", "documents_of_a_shared_key")
	bucketKeys    = beam.NewDistribution("quotetrace", "keys_per_bucket")
	pairsCompared = beam.NewCounter("quotetrace", "pairs_compared")
	pairsCapped   = beam.NewCounter("quotetrace", "pairs_over_max_passages_per_pair")
)

// Candidate flags: how a pair was found.
const (
	linked uint8 = 1 << iota // shares a link key: look for passages
	banded                   // shares an LSH band key: a near-duplicate candidate
)

// fileDoc is a document as read, before it is numbered.
type fileDoc struct {
	Path    string
	Ordinal int64 // among the file's documents
	Doc     docRecord
}

// docRecord is a document as the pipeline sends it. Published is
// time.Time's binary form, which keeps the offset as given.
type docRecord struct {
	ID, Text, Source, URL string
	Published             []byte
}

type fileCount struct {
	Path string
	Docs int64
}

// docMeta is what the report needs of every document: all but its text.
type docMeta struct {
	N               uint32
	ID, Source, URL string
	Published       []byte
	Bytes           int
}

// keyBatch is a document's keys that fall in one bucket.
type keyBatch struct {
	Doc  uint32
	Keys []uint64
}

type pairRef struct {
	Pair  uint64
	Flags uint8
}

// halfPair is a candidate pair on its way to its second document, with
// the first one's id and text.
type halfPair struct {
	Pair  uint64
	Flags uint8
	Doc   docRecord
}

// pairPassages is the passages of one pair, in the order found, which
// the report keeps.
type pairPassages struct {
	Pair     uint64
	Passages []dedupe.PairPassage
}

type carrierText struct {
	N    uint32
	Text string
}

// tfidfBlob is the corpus's TF-IDF counts (similarity.TFIDF's binary form).
type tfidfBlob struct{ B []byte }

func init() {
	for _, t := range []any{fileDoc{}, docRecord{}, fileCount{}, docMeta{}, keyBatch{}, pairRef{}, halfPair{},
		pairPassages{}, carrierText{}, tfidfBlob{}, dedupe.PairPassage{}, dedupe.Duplicate{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
	beam.RegisterCoder(reflect.TypeOf((*similarity.TFIDF)(nil)), encodeTFIDF, decodeTFIDF)
	for _, fn := range []any{&readFn{}, &numberFn{}, &analyzeFn{}, &bucketPairsFn{}, &tfidfFn{}, &compareFn{}, &assembleFn{}} {
		beam.RegisterType(reflect.TypeOf(fn).Elem())
	}
	beam.RegisterFunction(byFirst)
	beam.RegisterFunction(firstHalves)
	beam.RegisterFunction(orFlags)
	beam.RegisterFunction(carriersOf)
	beam.RegisterFunction(carrierTexts)
}

func encodeTFIDF(t *similarity.TFIDF) ([]byte, error) { return t.MarshalBinary() }

func decodeTFIDF(b []byte) (*similarity.TFIDF, error) {
	t := new(similarity.TFIDF)
	return t, t.UnmarshalBinary(b)
}

// Report adds to s the pipeline that reads the JSONL files that glob
// matches (in path order, any Beam filesystem) and returns a PCollection
// of one string: the report as `quotetrace report --format json` writes
// it, without its final newline. Bad settings are dedupe's error.
func Report(s beam.Scope, glob string, set Settings) (beam.PCollection, error) {
	opts, err := Check(set)
	if err != nil {
		return beam.PCollection{}, err
	}
	s = s.Scope("quotetrace")
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow()), fileio.ReadUncompressed())
	read, counts := beam.ParDo2(s, &readFn{}, files)
	texts, metas := beam.ParDo2(s, &numberFn{}, read, beam.SideInput{Input: counts})

	links, bands, words := beam.ParDo3(s, &analyzeFn{S: set}, texts)
	tfidf := beam.Combine(s, &tfidfFn{}, words)

	// A link key of at most MaxDocFreq documents pairs them all, one of
	// more pairs its first document with the others (a star); every two
	// documents of a band key are near-duplicate candidates
	// (dedupe.AppendKeyPairs both).
	linkPairs := beam.ParDo(s, &bucketPairsFn{MaxDocFreq: opts.MaxDocFreq, Flag: linked}, beam.GroupByKey(s, links))
	bandPairs := beam.ParDo(s, &bucketPairsFn{Flag: banded}, beam.GroupByKey(s, bands))
	pairs := beam.CombinePerKey(s, orFlags, beam.Flatten(s, linkPairs, bandPairs))

	// Each pair meets its documents' texts: the first one's travels with
	// it to the second. Only ids and keys crossed the shuffles before.
	halves := beam.ParDo(s, firstHalves, beam.CoGroupByKey(s, texts, beam.ParDo(s, byFirst, pairs)))
	passages, dups, notes := beam.ParDo3(s, &compareFn{S: set}, beam.CoGroupByKey(s, texts, halves),
		beam.SideInput{Input: tfidf})

	// The cluster stage is global: one worker gets every document's
	// metadata, the passages, and the texts of their carriers only.
	carriers := beam.ParDo(s, carrierTexts, beam.CoGroupByKey(s, texts, beam.ParDo(s, carriersOf, passages)))
	return beam.ParDo(s, &assembleFn{S: set}, beam.Impulse(s),
		beam.SideInput{Input: metas}, beam.SideInput{Input: carriers},
		beam.SideInput{Input: passages}, beam.SideInput{Input: dups}, beam.SideInput{Input: notes}), nil
}

// readFn reads a JSONL file line by line, as dedupe.ReadJSONL does, and
// counts its documents. A file is read whole by one worker, so that its
// documents keep their order, which the report follows.
type readFn struct{}

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(fileDoc), count func(fileCount)) error {
	path := file.Metadata.Path
	rc, err := file.Open(ctx)
	if err != nil {
		return &dedupe.InputError{Path: path, Err: err}
	}
	defer rc.Close()
	br := bufio.NewReader(rc)
	var n int64
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		doc, ok, perr := dedupe.ParseJSONLine(b)
		switch {
		case perr != nil:
			return &dedupe.InputError{Path: path, Line: line, Err: perr}
		case ok:
			pub, merr := doc.Published.MarshalBinary()
			if merr != nil {
				return &dedupe.InputError{Path: path, Line: line, Err: merr}
			}
			emit(fileDoc{Path: path, Ordinal: n, Doc: docRecord{ID: doc.ID, Text: doc.Text, Source: doc.Source, URL: doc.URL, Published: pub}})
			n++
		case len(b) > 0:
			blankLines.Inc(ctx, 1)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return &dedupe.InputError{Path: path, Line: line, Err: err}
		}
	}
	count(fileCount{Path: path, Docs: n})
	return nil
}

// numberFn numbers documents in input order: files in path order, then
// lines.
type numberFn struct {
	first map[string]int64 // each file's first number
}

func (f *numberFn) ProcessElement(ctx context.Context, d fileDoc, counts []fileCount, text func(uint32, docRecord), meta func(docMeta)) error {
	if f.first == nil {
		slices.SortFunc(counts, func(x, y fileCount) int { return cmp.Compare(x.Path, y.Path) })
		f.first = make(map[string]int64, len(counts))
		total := int64(0)
		for _, c := range counts {
			f.first[c.Path] = total
			total += c.Docs
		}
		if total > 1<<32-1 {
			return fmt.Errorf("%w: %d documents, more than a report numbers (2^32-1)", dedupe.ErrInput, total)
		}
	}
	n := uint32(f.first[d.Path] + d.Ordinal)
	documents.Inc(ctx, 1)
	text(n, docRecord{ID: d.Doc.ID, Text: d.Doc.Text})
	meta(docMeta{N: n, ID: d.Doc.ID, Source: d.Doc.Source, URL: d.Doc.URL, Published: d.Doc.Published, Bytes: len(d.Doc.Text)})
	return nil
}

// analyzeFn prepares each document and emits its link keys, its band keys
// and its words (for the corpus's TF-IDF); the analysis itself is not sent
// on, as a worker that needs it makes it again from the text.
type analyzeFn struct {
	S    Settings
	m    *dedupe.Matcher
	keys []uint64
}

func (f *analyzeFn) Setup() error {
	var err error
	f.m, err = dedupe.NewMatcher(f.S.Options())
	return err
}

func (f *analyzeFn) ProcessElement(n uint32, d docRecord, link, band func(int32, keyBatch), words func([]uint32)) error {
	p := f.m.Prepare(dedupe.Document{ID: d.ID, Text: d.Text})
	bits := f.S.keyBucketBits()
	f.keys = p.AppendLinkKeys(f.keys[:0])
	emitBatches(n, f.keys, bits, link)
	var err error
	if f.keys, err = f.m.AppendBandKeys(f.keys[:0], p); err != nil {
		return err
	}
	emitBatches(n, similarity.SortUnique(f.keys), bits, band)
	words(slices.Clone(p.Words()))
	return nil
}

// emitBatches sends a document's keys (sorted, distinct) to their buckets,
// one batch a bucket.
func emitBatches(doc uint32, keys []uint64, bits int, emit func(int32, keyBatch)) {
	for lo := 0; lo < len(keys); {
		b := keys[lo] >> (64 - bits)
		hi := lo + 1
		for hi < len(keys) && keys[hi]>>(64-bits) == b {
			hi++
		}
		emit(int32(b), keyBatch{Doc: doc, Keys: slices.Clone(keys[lo:hi])})
		lo = hi
	}
}

// tfidfFn counts the corpus's words; partial counts merge on the workers
// before they travel.
type tfidfFn struct{}

func (f *tfidfFn) CreateAccumulator() *similarity.TFIDF { return new(similarity.TFIDF) }

func (f *tfidfFn) AddInput(t *similarity.TFIDF, words []uint32) *similarity.TFIDF {
	t.Add(words)
	return t
}

func (f *tfidfFn) MergeAccumulators(a, b *similarity.TFIDF) *similarity.TFIDF {
	a.Merge(b)
	return a
}

func (f *tfidfFn) ExtractOutput(t *similarity.TFIDF) (tfidfBlob, error) {
	b, err := t.MarshalBinary()
	return tfidfBlob{B: b}, err
}

// bucketPairsFn gives the candidate pairs of the keys of one bucket: it
// sorts them, as the library sorts all keys on one machine, and pairs each
// key's documents with dedupe.AppendKeyPairs. MaxDocFreq 0 pairs them all.
type bucketPairsFn struct {
	MaxDocFreq int
	Flag       uint8
	entries    []keyDoc
	docs       []uint32
	pairs      []uint64
}

type keyDoc struct {
	key uint64
	doc uint32
}

func (f *bucketPairsFn) ProcessElement(ctx context.Context, _ int32, batches func(*keyBatch) bool, pair func(uint64, uint8)) {
	f.entries = f.entries[:0]
	var b keyBatch
	for batches(&b) {
		for _, k := range b.Keys {
			f.entries = append(f.entries, keyDoc{k, b.Doc})
		}
	}
	bucketKeys.Update(ctx, int64(len(f.entries)))
	slices.SortFunc(f.entries, func(x, y keyDoc) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(x.doc, y.doc)
	})
	f.pairs = f.pairs[:0]
	for lo := 0; lo < len(f.entries); {
		hi := lo + 1
		for hi < len(f.entries) && f.entries[hi].key == f.entries[lo].key {
			hi++
		}
		if hi-lo > 1 {
			f.docs = f.docs[:0]
			for _, e := range f.entries[lo:hi] {
				f.docs = append(f.docs, e.doc)
			}
			largestKey.Update(ctx, int64(len(f.docs)))
			max := f.MaxDocFreq
			if max == 0 {
				max = len(f.docs)
			} else if len(f.docs) > max {
				hotLinkKeys.Inc(ctx, 1)
			}
			f.pairs = dedupe.AppendKeyPairs(f.pairs, f.docs, max)
		}
		lo = hi
	}
	slices.Sort(f.pairs)
	for _, p := range slices.Compact(f.pairs) { // a pair shares many keys
		pair(p, f.Flag)
	}
}

func orFlags(a, b uint8) uint8 { return a | b }

func byFirst(p uint64, flags uint8) (uint32, pairRef) {
	return uint32(p >> 32), pairRef{Pair: p, Flags: flags}
}

// firstHalves sends each pair of a document on to the pair's second
// document, with this one's text.
func firstHalves(a uint32, docs func(*docRecord) bool, refs func(*pairRef) bool, emit func(uint32, halfPair)) {
	var d docRecord
	if !docs(&d) {
		return // not reached: a pair names read documents
	}
	var r pairRef
	for refs(&r) {
		emit(uint32(r.Pair), halfPair{Pair: r.Pair, Flags: r.Flags, Doc: d})
	}
}

// compareFn compares each candidate pair of a document (dedupe's
// Matcher.Passages and Matcher.Duplicate), preparing both again from
// their texts.
type compareFn struct {
	S     Settings
	m     *dedupe.Matcher
	tf    *similarity.TFIDF
	found []dedupe.PairPassage
}

func (f *compareFn) Setup() error {
	var err error
	f.m, err = dedupe.NewMatcher(f.S.Options())
	return err
}

func (f *compareFn) ProcessElement(ctx context.Context, b uint32, docs func(*docRecord) bool, halves func(*halfPair) bool, tf tfidfBlob,
	passages func(pairPassages), dup func(dedupe.Duplicate), note func(string)) error {
	if f.tf == nil {
		f.tf = new(similarity.TFIDF)
		if err := f.tf.UnmarshalBinary(tf.B); err != nil {
			return err
		}
		f.tf.Seal()
	}
	var db docRecord
	if !docs(&db) {
		return nil
	}
	pb := f.m.Prepare(dedupe.Document{ID: db.ID, Text: db.Text})
	opts := f.m.Options()
	var h halfPair
	for halves(&h) {
		pairsCompared.Inc(ctx, 1)
		a := uint32(h.Pair >> 32)
		pa := f.m.Prepare(dedupe.Document{ID: h.Doc.ID, Text: h.Doc.Text})
		f.found = f.found[:0]
		if h.Flags&linked != 0 {
			var n int
			f.found, n = f.m.Passages(f.found, a, b, pa, pb)
			if n > opts.MaxPassagesPerPair {
				pairsCapped.Inc(ctx, 1)
				note(dedupe.TooManyPassages(h.Doc.ID, db.ID, n, &opts))
			}
		}
		if d, ok := f.m.Duplicate(pa, pb, h.Flags&banded != 0, f.found, f.tf); ok {
			dup(d)
		}
		if len(f.found) > 0 {
			passages(pairPassages{Pair: h.Pair, Passages: slices.Clone(f.found)})
		}
	}
	return nil
}

func carriersOf(p pairPassages, emit func(uint32, bool)) {
	emit(uint32(p.Pair>>32), true)
	emit(uint32(p.Pair), true)
}

func carrierTexts(n uint32, docs func(*docRecord) bool, marks func(*bool) bool, emit func(carrierText)) {
	var d docRecord
	var m bool
	if docs(&d) && marks(&m) {
		emit(carrierText{N: n, Text: d.Text})
	}
}

// assembleFn clusters the passages and writes the report (dedupe.Assemble)
// on one worker.
type assembleFn struct{ S Settings }

func (f *assembleFn) ProcessElement(ctx context.Context, _ []byte, metas func(*docMeta) bool, carriers func(*carrierText) bool,
	passages func(*pairPassages) bool, dups func(*dedupe.Duplicate) bool, notes func(*string) bool, emit func(string)) error {
	var all []docMeta
	var m docMeta
	for metas(&m) {
		all = append(all, m)
	}
	slices.SortFunc(all, func(x, y docMeta) int { return cmp.Compare(x.N, y.N) })
	docs := make([]dedupe.Document, len(all))
	sizes := make([]int, len(all))
	for i, m := range all {
		if m.N != uint32(i) {
			return fmt.Errorf("quotetrace-beam: document %d is numbered %d", i, m.N)
		}
		var pub time.Time
		if err := pub.UnmarshalBinary(m.Published); err != nil {
			return fmt.Errorf("quotetrace-beam: document %q: %w", m.ID, err)
		}
		docs[i] = dedupe.Document{ID: m.ID, Source: m.Source, URL: m.URL, Published: pub}
		sizes[i] = m.Bytes
	}
	var ct carrierText
	for carriers(&ct) {
		docs[ct.N].Text = ct.Text
	}
	var ps []dedupe.PairPassage
	var pp pairPassages
	for passages(&pp) {
		ps = append(ps, pp.Passages...) // Assemble orders the pairs
	}
	var ds []dedupe.Duplicate
	var d dedupe.Duplicate
	for dups(&d) {
		ds = append(ds, d)
	}
	var ns []string
	var n string
	for notes(&n) {
		ns = append(ns, n)
	}
	r, err := dedupe.Assemble(f.S.Options(), docs, sizes, ps, ds, ns)
	if err != nil {
		return err
	}
	for _, n := range r.Notes {
		log.Infof(ctx, "quotetrace: note: %s", n)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		return err
	}
	emit(string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))))
	return nil
}

// Check returns the options of set with defaults filled in, or the error
// dedupe gives for them, before a pipeline is built on them.
func Check(set Settings) (dedupe.Options, error) {
	m, err := dedupe.NewMatcher(set.Options())
	if err != nil {
		return dedupe.Options{}, err
	}
	return m.Options(), nil
}
