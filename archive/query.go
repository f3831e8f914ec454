package archive

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/similarity"
)

// Result is what the archive holds of one new article.
type Result struct {
	ID         string      `json:"id"`
	Published  string      `json:"published"`
	Duplicates []Duplicate `json:"duplicates"`
	// Passages are pairwise: a span of the article and one archived
	// document's copy of it, for the archived documents whose shared
	// phrases chain as a passage would, or that share an LSH band with it
	// (of a phrase in more than MaxDocFreq documents, only the first
	// document).
	Passages []Found `json:"passages"`
	// Clusters are the article's passages that the archive holds, one each,
	// in the article's order, with every archived document that carries
	// them: the same model as a report's clusters (see Cluster).
	Clusters []Cluster `json:"clusters"`
}

// Duplicate is an archived document that is a near-duplicate of the article.
type Duplicate struct {
	Doc         string  `json:"doc"`
	Published   string  `json:"published"`
	Jaccard     float64 `json:"jaccard"`
	Containment float64 `json:"containment"`
}

// Found is a passage of the article that an archived document holds too.
type Found struct {
	// Start and End are byte offsets into the article's text; Text is
	// exactly that span.
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Doc is the archived document, ArchiveStart and ArchiveEnd the span in
	// its text, ArchiveText exactly that span.
	Doc          string `json:"doc"`
	Published    string `json:"published"`
	ArchiveStart int    `json:"archive_start"`
	ArchiveEnd   int    `json:"archive_end"`
	ArchiveText  string `json:"archive_text"`
	// Words matched exactly; Similarity of the two wordings, 0 to 1.
	Words      int     `json:"words"`
	Similarity float64 `json:"similarity"`
	// Quoted when either copy stands inside quotation marks; Speaker is the
	// more informative of the two attributions.
	Quoted  bool   `json:"quoted"`
	Speaker string `json:"speaker"`
}

// Query finds, for each article, its near-duplicates in the archive and
// every passage of it that the archive already holds, pairwise and as
// clusters: each passage with its origin and its carriers. It reads only;
// an archived document with the article's own id is skipped. A text over
// dedupe.DefaultMaxDocBytes is an error naming it.
//
// A query reads the index entries of the article's own phrases, of a
// phrase in more than MaxDocFreq documents only the first, and aligns the
// article with the documents that share a passage with it; then, for each
// passage it found, the whole index entries of the passage's phrases, and
// verifies at most MaxMembers documents that hold them (see Cluster). Its
// cost grows with how many documents carry its passages, and with the
// logarithm of the archive.
func (a *Archive) Query(docs []dedupe.Document) (results []Result, err error) {
	defer guard()()
	defer recoverDamage(&err, a.path)
	m, err := a.matcher()
	if err != nil {
		return nil, err
	}
	defer a.matchers.Put(m)
	for _, d := range docs {
		if err := checkSize(d); err != nil {
			return nil, err
		}
	}
	err = a.db.View(func(tx *bolt.Tx) error {
		for _, d := range docs {
			r, err := a.query(tx, m, d)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		return nil
	})
	return results, err
}

func (a *Archive) query(tx *bolt.Tx, m *dedupe.Matcher, d dedupe.Document) (Result, error) {
	p := m.Prepare(d)
	res := Result{ID: d.ID, Published: dateString(d.Published), Duplicates: []Duplicate{}, Passages: []Found{}, Clusters: []Cluster{}}

	// Passage candidates: archived documents whose shared seed shingles
	// chain as a passage would (of a seed in more than MaxDocFreq documents,
	// only the first document). Each seed's postings are kept for the
	// clusters.
	q := queryState{seeds: p.Seeds(), aligned: map[uint32]*alignedDoc{}}
	q.index = make(map[uint64]int32, len(q.seeds))
	for _, s := range q.seeds {
		k, ok := q.index[s.Hash]
		if !ok {
			k = int32(len(q.infos))
			q.index[s.Hash] = k
			q.infos = append(q.infos, seedInfo{hash: s.Hash})
		}
		if in := &q.infos[k]; in.n < maxRepeats {
			in.at[in.n] = s.First
			in.n++
		}
	}
	var matches []docSeed
	var err error
	q.seedIndex, err = a.segmentReaders(tx, bucketSeeds, seedPrefix, seedWidth)
	if err != nil {
		return res, err
	}
	for k := range q.infos {
		in := &q.infos[k]
		lo := len(q.postings)
		if q.postings, in.over, err = a.postings(q.seedIndex, in.hash, q.postings, a.params.MaxDocFreq); err != nil {
			return res, err
		}
		in.lo, in.hi = int32(lo), int32(len(q.postings))
		for _, i := range in.at[:in.n] {
			for _, e := range q.postings[lo:] {
				matches = append(matches, docSeed{doc: e.doc, m: dedupe.SeedMatch{I: i, J: e.m.J}})
			}
		}
	}
	slices.SortFunc(matches, func(x, y docSeed) int {
		if c := cmp.Compare(x.doc, y.doc); c != 0 {
			return c
		}
		if c := cmp.Compare(x.m.I, y.m.I); c != 0 {
			return c
		}
		return cmp.Compare(x.m.J, y.m.J)
	})
	cands := map[uint32]bool{}
	var chain []dedupe.SeedMatch
	for lo := 0; lo < len(matches); {
		hi := lo
		chain = chain[:0]
		for hi < len(matches) && matches[hi].doc == matches[lo].doc {
			chain = append(chain, matches[hi].m)
			hi++
		}
		if m.Chained(chain) {
			cands[matches[lo].doc] = true
		}
		lo = hi
	}
	// Near-duplicate candidates: documents sharing an LSH band.
	dupCands := map[uint32]bool{}
	bandIndex, err := a.segmentReaders(tx, bucketBands, bandPrefix, bandWidth)
	if err != nil {
		return res, err
	}
	for b, key := range a.params.lsh().AppendBandKeys(nil, p.Signature()) {
		k := makeBandKey(b, key, 0)
		err := scan(bandIndex, k[:bandPrefix], func(k []byte) bool {
			n := binary.BigEndian.Uint32(k[10:])
			dupCands[n], cands[n] = true, true
			return true
		})
		if err != nil {
			return res, fmt.Errorf("%w: %s: band index: %w", ErrDamaged, a.path, err)
		}
	}

	order := make([]uint32, 0, len(cands))
	for n := range cands {
		order = append(order, n)
	}
	slices.Sort(order)
	for _, n := range order {
		ad, err := a.load(tx, n)
		if err != nil {
			return res, err
		}
		if ad.ID == d.ID {
			q.aligned[n] = &alignedDoc{self: true}
			continue
		}
		ap := m.Prepare(ad)
		if dupCands[n] || cands[n] {
			x, y := p.Set(), ap.Set()
			j := similarity.Jaccard(x, y)
			small, large := x, y
			if len(y) < len(x) {
				small, large = y, x
			}
			if cont := similarity.Containment(small, large); j >= a.params.Threshold || cont >= a.params.MinContainment {
				res.Duplicates = append(res.Duplicates, Duplicate{Doc: ad.ID, Published: dateString(ad.Published), Jaccard: round3(j), Containment: round3(cont)})
			}
		}
		shared := m.Shared(p, ap)
		al := &alignedDoc{id: ad.ID, published: ad.Published, shared: shared}
		if len(shared) > 0 {
			al.text = ad.Text
		}
		q.aligned[n] = al
		for _, s := range shared {
			speaker := quote.ParseSpeaker(s.ASpeaker)
			if b := quote.ParseSpeaker(s.BSpeaker); b.Rank() > speaker.Rank() {
				speaker = b
			}
			q.found = append(q.found, found{doc: n, speaker: speaker, Found: Found{
				Start: s.AStart, End: s.AEnd, Text: d.Text[s.AStart:s.AEnd],
				Doc: ad.ID, Published: dateString(ad.Published),
				ArchiveStart: s.BStart, ArchiveEnd: s.BEnd, ArchiveText: ad.Text[s.BStart:s.BEnd],
				Words: s.Words, Similarity: s.Similarity, Quoted: s.AQuoted || s.BQuoted, Speaker: speaker.String(),
			}})
		}
	}
	slices.SortFunc(res.Duplicates, func(x, y Duplicate) int { return cmp.Compare(x.Doc, y.Doc) })
	slices.SortFunc(q.found, func(x, y found) int {
		if c := cmp.Compare(x.Start, y.Start); c != 0 {
			return c
		}
		if c := compareDates(x.Published, y.Published); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Doc, y.Doc); c != 0 {
			return c
		}
		return cmp.Compare(x.ArchiveStart, y.ArchiveStart)
	})
	for _, f := range q.found {
		res.Passages = append(res.Passages, f.Found)
	}
	if len(q.found) > 0 {
		if res.Clusters, err = a.clusters(tx, m, d, &q); err != nil {
			return res, err
		}
	}
	return res, nil
}

// docSeed is a seed shingle shared with archived document doc.
type docSeed struct {
	doc uint32
	m   dedupe.SeedMatch
}

// segmentReaders opens the segments of a segmented index for reading.
func (a *Archive) segmentReaders(tx *bolt.Tx, bucket []byte, prefix, width int) ([]reader, error) {
	s, err := a.readSegmented(tx, bucket)
	if err != nil {
		return nil, err
	}
	s.prefix, s.width = prefix, width
	cs, err := s.readers()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s index: %w", ErrDamaged, a.path, bucket, err)
	}
	return cs, nil
}

// readSegmented opens a segmented index in a read-only transaction.
func (a *Archive) readSegmented(tx *bolt.Tx, bucket []byte) (segmented, error) {
	parent := tx.Bucket(bucket)
	sizes := parent.Bucket(bucketSizes)
	if sizes == nil {
		if parent.Stats().KeyN == 0 {
			return segmented{b: parent, sizes: nil}, nil // nothing added yet
		}
		return segmented{}, fmt.Errorf("%w: %s: %s index has no segment sizes", ErrDamaged, a.path, bucket)
	}
	return segmented{b: parent, sizes: sizes, blooms: parent.Bucket(bucketBlooms)}, nil
}

// postings appends the archived occurrences of seed hash h, or, when it is
// in more than limit documents (a popular quotation, boilerplate), only
// those of its first document, and reports whether it is; a limit of 0
// means no limit.
func (a *Archive) postings(cs []reader, h uint64, dst []docSeed, limit int) ([]docSeed, bool, error) {
	var prefix [8]byte
	binary.BigEndian.PutUint64(prefix[:], h)
	docs := 0
	start := len(dst)
	over := false
	err := scan(cs, prefix[:], func(k []byte) bool {
		d := binary.BigEndian.Uint32(k[8:])
		if len(dst) == start || dst[len(dst)-1].doc != d {
			if docs++; limit > 0 && docs > limit {
				over = true
				return false
			}
		}
		dst = append(dst, docSeed{doc: d, m: dedupe.SeedMatch{J: int32(binary.BigEndian.Uint32(k[12:]))}})
		return true
	})
	if err != nil {
		return dst[:start], false, fmt.Errorf("%w: %s: seed index: %w", ErrDamaged, a.path, err)
	}
	if over {
		// A popular seed: its first carrier stands for the others, as in a
		// report's star of candidate pairs.
		first := start
		for first < len(dst) && dst[first].doc == dst[start].doc {
			first++
		}
		return dst[:first], true, nil
	}
	return dst, false, nil
}

// holds reports whether archived document doc holds seed hash h.
func (a *Archive) holds(cs []reader, h uint64, doc uint32) (bool, error) {
	var prefix [12]byte
	binary.BigEndian.PutUint64(prefix[:], h)
	binary.BigEndian.PutUint32(prefix[8:], doc)
	found := false
	err := scan(cs, prefix[:], func([]byte) bool {
		found = true
		return false
	})
	if err != nil {
		return false, fmt.Errorf("%w: %s: seed index: %w", ErrDamaged, a.path, err)
	}
	return found, nil
}

// compareDates orders date strings oldest first, "" (unknown) last.
func compareDates(x, y string) int {
	switch {
	case x == y:
		return 0
	case x == "":
		return 1
	case y == "":
		return -1
	}
	return cmp.Compare(x, y)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func uint32FromKey(k []byte) uint32 { return binary.BigEndian.Uint32(k) }

// load reads and checks document n.
func (a *Archive) load(tx *bolt.Tx, n uint32) (dedupe.Document, error) {
	v := tx.Bucket(bucketDocs).Get(docKey(n))
	if v == nil {
		return dedupe.Document{}, fmt.Errorf("%w: %s: document %d is indexed but missing", ErrDamaged, a.path, n)
	}
	d, err := decodeRecord(v)
	if err != nil {
		return dedupe.Document{}, fmt.Errorf("%w: %s: document %d: %w", ErrDamaged, a.path, n, err)
	}
	return d, nil
}

// Documents returns every archived document, in the order they were added,
// each checked against its checksum.
func (a *Archive) Documents() (docs []dedupe.Document, err error) {
	defer guard()()
	defer recoverDamage(&err, a.path)
	err = a.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDocs).ForEach(func(k, _ []byte) error {
			d, err := a.load(tx, uint32FromKey(k))
			docs = append(docs, d)
			return err
		})
	})
	return docs, err
}

// Report returns the provenance clusters of the whole archive: a report
// (dedupe.Corpus.Report) over every archived document in the order they
// were added, with the archive's parameters and MaxMembers, byte for byte
// what one report over the same documents gives.
func (a *Archive) Report(progress func(stage string, done, total int)) (*dedupe.Report, error) {
	docs, err := a.Documents()
	if err != nil {
		return nil, err
	}
	opts := a.params.Options()
	opts.MaxMembers = a.maxMembers
	opts.Progress = progress
	c, err := dedupe.New(opts)
	if err != nil {
		return nil, err
	}
	if err := c.Add(docs...); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrDamaged, a.path, err)
	}
	return c.Report()
}

// Stats describes an archive.
type Stats struct {
	Path        string `json:"path"`
	Bytes       int64  `json:"bytes"`
	Documents   int    `json:"documents"`
	TextBytes   int64  `json:"text_bytes"`
	SeedEntries int    `json:"seed_entries"`
	BandEntries int    `json:"band_entries"`
	// Segments of the seed index: O(log documents added).
	SeedSegments int    `json:"seed_segments"`
	Earliest     string `json:"earliest"`
	Latest       string `json:"latest"`
	Params       Params `json:"params"`
}

// Stats counts what the archive holds. It reads every page and every
// document, so it also verifies the whole file: any damage is an error.
func (a *Archive) Stats() (st Stats, err error) {
	defer guard()()
	defer recoverDamage(&err, a.path)
	st = Stats{Path: a.path, Params: a.params}
	err = a.db.View(func(tx *bolt.Tx) error {
		// bbolt checks on a goroutine of its own, out of guard's reach: a
		// page read past the end of a truncated file (the map is larger
		// than the file) is a fault there that would end the process.
		if info, err := os.Stat(a.path); err != nil {
			return fmt.Errorf("archive: %w", err)
		} else if info.Size() < tx.Size() {
			return fmt.Errorf("%w: %s: truncated, %d bytes of %d", ErrDamaged, a.path, info.Size(), tx.Size())
		}
		// tx.Check asserts that each page it reads names itself and has a
		// page type, and fails such an assertion with a panic in its own
		// goroutine, which ended the process. Open checked the meta and
		// freelist pages; every page a bucket reaches is read here first,
		// where such a panic is within recoverDamage's reach.
		if err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walkBucket(b) }); err != nil {
			return err
		}
		for cerr := range tx.Check() {
			return fmt.Errorf("%w: %s: %w", ErrDamaged, a.path, cerr)
		}
		for _, ix := range []struct {
			bucket []byte
			n      *int
			width  int
		}{{bucketSeeds, &st.SeedEntries, seedWidth}, {bucketBands, &st.BandEntries, bandWidth}} {
			s, err := a.readSegmented(tx, ix.bucket)
			if err != nil {
				return err
			}
			s.width = ix.width
			if err := s.verify(); err != nil {
				return fmt.Errorf("%w: %s: %s index: %w", ErrDamaged, a.path, ix.bucket, err)
			}
			if *ix.n, err = s.count(); err != nil {
				return fmt.Errorf("%w: %s: %w", ErrDamaged, a.path, err)
			}
			if segs, err := s.list(); err == nil && bytes.Equal(ix.bucket, bucketSeeds) {
				st.SeedSegments = len(segs)
			}
		}
		if n := tx.Bucket(bucketIDs).Stats().KeyN; n != tx.Bucket(bucketDocs).Stats().KeyN {
			return fmt.Errorf("%w: %s: %d ids for %d documents", ErrDamaged, a.path, n, tx.Bucket(bucketDocs).Stats().KeyN)
		}
		return tx.Bucket(bucketDocs).ForEach(func(k, _ []byte) error {
			d, err := a.load(tx, uint32FromKey(k))
			if err != nil {
				return err
			}
			st.Documents++
			st.TextBytes += int64(len(d.Text))
			if date := dateString(d.Published); date != "" {
				if st.Earliest == "" || date < st.Earliest {
					st.Earliest = date
				}
				st.Latest = max(st.Latest, date)
			}
			return nil
		})
	})
	if err != nil {
		return st, err
	}
	info, err := os.Stat(a.path)
	if err != nil {
		return st, err
	}
	st.Bytes = info.Size()
	return st, nil
}

// walkBucket reads every key of b and of the buckets nested in it.
func walkBucket(b *bolt.Bucket) error {
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			if nested := b.Bucket(k); nested != nil {
				return walkBucket(nested)
			}
		}
		return nil
	})
}
