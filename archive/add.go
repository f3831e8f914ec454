package archive

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/parallel"
	"github.com/quotetrace/quotetrace/shingle"
)

// AddOptions are the knobs of Add.
type AddOptions struct {
	// Replace overwrites documents whose id the archive already holds;
	// without it such an id is an error and nothing is added.
	Replace bool
	// Progress, when not nil, is told how many documents are prepared.
	Progress func(done, total int)
	// BeforeCommit, when not nil, runs inside the transaction just before it
	// commits. It exists for crash-safety tests.
	BeforeCommit func()
}

// AddStats says what an Add did.
type AddStats struct {
	Added, Replaced int
}

// indexed is a document with the keys it is indexed under.
type indexed struct {
	doc   dedupe.Document
	seeds []shingle.Shingle // at most maxRepeats per hash
	bands []uint64
}

// ErrLongID is an id over dedupe.MaxIDBytes, which an archive refuses
// before it stores anything (bbolt would refuse a key over 32 KiB deep in
// a transaction, and a longer id is a mistake in the feed).
var ErrLongID = errors.New("archive: document id too long")

// checkSize refuses a document over the size a report accepts, or with an
// id over dedupe.MaxIDBytes.
func checkSize(d dedupe.Document) error {
	if len(d.ID) > dedupe.MaxIDBytes {
		return fmt.Errorf("%w: %.40q... is %d bytes, over the limit of %d (dedupe.MaxIDBytes)", ErrLongID, d.ID, len(d.ID), dedupe.MaxIDBytes)
	}
	if len(d.Text) > dedupe.DefaultMaxDocBytes {
		return fmt.Errorf("%w: %q is %d bytes, over the limit of %d", dedupe.ErrTooLarge, d.ID, len(d.Text), dedupe.DefaultMaxDocBytes)
	}
	return nil
}

// maxRepeats bounds the positions of one seed shingle indexed per document,
// as passage search bounds them.
const maxRepeats = 4

// Add adds docs in one transaction: all of them or, on any error, none. An
// empty id, an id twice in docs, an id the archive holds (without Replace)
// an id over dedupe.MaxIDBytes or a text over dedupe.DefaultMaxDocBytes is
// an error naming it.
func (a *Archive) Add(docs []dedupe.Document, opts AddOptions) (stats AddStats, err error) {
	defer guard()()
	defer recoverDamage(&err, a.path)
	if a.readOnly {
		return stats, ErrReadOnly
	}
	seen := make(map[string]bool, len(docs))
	for i, d := range docs {
		if d.ID == "" {
			return stats, fmt.Errorf("%w (document %d)", dedupe.ErrEmptyID, i+1)
		}
		if seen[d.ID] {
			return stats, fmt.Errorf("%w %q (twice in the input)", dedupe.ErrDuplicateID, d.ID)
		}
		if err := checkSize(d); err != nil {
			return stats, err
		}
		seen[d.ID] = true
	}
	// Refuse known ids before the expensive part.
	if !opts.Replace {
		err := a.db.View(func(tx *bolt.Tx) error {
			ids := tx.Bucket(bucketIDs)
			for _, d := range docs {
				if ids.Get([]byte(d.ID)) != nil {
					return fmt.Errorf("%w %q: the archive holds it already", dedupe.ErrDuplicateID, d.ID)
				}
			}
			return nil
		})
		if err != nil {
			return stats, err
		}
	}
	prepared, err := a.prepare(docs, opts.Progress)
	if err != nil {
		return stats, err
	}
	err = a.db.Update(func(tx *bolt.Tx) error {
		tx.DB().AllocSize = allocSize(tx.Size()) // under the writer's lock
		docsB, idsB := tx.Bucket(bucketDocs), tx.Bucket(bucketIDs)
		var seedKeys []seedKey
		var bandKeys []bandKey
		for _, p := range prepared {
			if old := idsB.Get([]byte(p.doc.ID)); old != nil {
				if !opts.Replace {
					return fmt.Errorf("%w %q: the archive holds it already", dedupe.ErrDuplicateID, p.doc.ID)
				}
				if err := a.remove(tx, old); err != nil {
					return err
				}
				stats.Replaced++
			}
			seq, err := docsB.NextSequence()
			if err != nil {
				return err
			}
			if seq > 1<<32-1 {
				return fmt.Errorf("archive: %s is full (2^32 documents)", a.path)
			}
			n := uint32(seq)
			if err := docsB.Put(docKey(n), encodeRecord(p.doc)); err != nil {
				return err
			}
			if err := idsB.Put([]byte(p.doc.ID), docKey(n)); err != nil {
				return err
			}
			for _, sh := range p.seeds {
				seedKeys = append(seedKeys, makeSeedKey(sh.Hash, n, sh.First))
			}
			for b, k := range p.bands {
				bandKeys = append(bandKeys, makeBandKey(b, k, n))
			}
			stats.Added++
		}
		// Each add's keys become one sorted segment of each index.
		slices.SortFunc(seedKeys, func(x, y seedKey) int { return bytes.Compare(x[:], y[:]) })
		slices.SortFunc(bandKeys, func(x, y bandKey) int { return bytes.Compare(x[:], y[:]) })
		seeds, err := openSegmented(tx.Bucket(bucketSeeds), seedPrefix, seedWidth)
		if err != nil {
			return err
		}
		keys := make([][]byte, len(seedKeys))
		for i := range seedKeys {
			keys[i] = seedKeys[i][:]
		}
		if err := seeds.add(keys); err != nil {
			return err
		}
		bands, err := openSegmented(tx.Bucket(bucketBands), bandPrefix, bandWidth)
		if err != nil {
			return err
		}
		keys = make([][]byte, len(bandKeys))
		for i := range bandKeys {
			keys[i] = bandKeys[i][:]
		}
		if err := bands.add(keys); err != nil {
			return err
		}
		if opts.BeforeCommit != nil {
			opts.BeforeCommit()
		}
		return nil
	})
	if err != nil {
		return AddStats{}, err
	}
	stats.Added -= stats.Replaced
	return stats, nil
}

// remove deletes the document numbered key and its index entries.
func (a *Archive) remove(tx *bolt.Tx, key []byte) error {
	n := uint32FromKey(key)
	old, err := a.load(tx, n)
	if err != nil {
		return err
	}
	m, err := a.matcher()
	if err != nil {
		return err
	}
	p := a.index(m, old)
	a.matchers.Put(m)
	seeds, err := openSegmented(tx.Bucket(bucketSeeds), seedPrefix, seedWidth)
	if err != nil {
		return err
	}
	for _, sh := range p.seeds {
		k := makeSeedKey(sh.Hash, n, sh.First)
		if err := seeds.remove(k[:]); err != nil {
			return err
		}
	}
	bands, err := openSegmented(tx.Bucket(bucketBands), bandPrefix, bandWidth)
	if err != nil {
		return err
	}
	for b, key := range p.bands {
		k := makeBandKey(b, key, n)
		if err := bands.remove(k[:]); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketIDs).Delete([]byte(old.ID)); err != nil {
		return err
	}
	return tx.Bucket(bucketDocs).Delete(key)
}

func (a *Archive) index(m *dedupe.Matcher, d dedupe.Document) indexed {
	p := m.Prepare(d)
	seen := map[uint64]int{}
	var seeds []shingle.Shingle
	for _, s := range p.Seeds() {
		if seen[s.Hash] < maxRepeats {
			seen[s.Hash]++
			seeds = append(seeds, s)
		}
	}
	return indexed{doc: d, seeds: seeds, bands: a.params.lsh().AppendBandKeys(nil, p.Signature())}
}

// prepare analyzes docs on all cores.
func (a *Archive) prepare(docs []dedupe.Document, progress func(done, total int)) ([]indexed, error) {
	workers := min(runtime.GOMAXPROCS(0), max(len(docs), 1))
	matchers := make([]*dedupe.Matcher, workers)
	for w := range matchers {
		m, err := a.matcher()
		if err != nil {
			return nil, err
		}
		matchers[w] = m
		defer a.matchers.Put(m)
	}
	out := make([]indexed, len(docs))
	parallel.Run(workers, len(docs), func(w, i int) { out[i] = a.index(matchers[w], docs[i]) }, progress)
	return out, nil
}
