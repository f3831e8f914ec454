package dedupe

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"

	"github.com/quotetrace/quotetrace/internal/parallel"
)

// Corpus collects documents and reports what they share. It is safe for
// concurrent use: Add may run while a Report runs, which reports the
// documents added before it began. Report itself works on several
// goroutines (Options.Workers).
type Corpus struct {
	opts Options
	mu   sync.Mutex // guards docs and ids
	docs []Document
	ids  map[string]int

	notes   []string // limits hit during a report
	notesMu sync.Mutex

	sizes []int // Assemble: each document's size in bytes, nil when Text has it
}

// New returns an empty corpus with opts, or an error wrapping [ErrOptions].
func New(opts Options) (*Corpus, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Corpus{opts: o, ids: make(map[string]int)}, nil
}

// Options returns the corpus options with defaults filled in.
func (c *Corpus) Options() Options { return c.opts }

// Len returns the number of documents.
func (c *Corpus) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.docs)
}

// Add adds documents. An empty id or one already in the corpus is an error
// naming it, wrapping [ErrEmptyID] or [ErrDuplicateID]; the documents before
// the bad one are kept.
func (c *Corpus) Add(docs ...Document) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, d := range docs {
		if len(d.Text) > c.opts.MaxDocBytes {
			return fmt.Errorf("%w: %q is %d bytes, over the limit of %d (Options.MaxDocBytes)", ErrTooLarge, d.ID, len(d.Text), c.opts.MaxDocBytes)
		}
		if d.ID == "" {
			return fmt.Errorf("%w (document %d)", ErrEmptyID, len(c.docs)+1)
		}
		if _, ok := c.ids[d.ID]; ok {
			return fmt.Errorf("%w %q", ErrDuplicateID, d.ID)
		}
		c.ids[d.ID] = len(c.docs)
		c.docs = append(c.docs, d)
	}
	return nil
}

// Report finds near-duplicates, shared passages and their clusters. The same
// documents and options give the same report, byte for byte, however many
// workers run.
func (c *Corpus) Report() (*Report, error) {
	c.mu.Lock()
	snap := &Corpus{opts: c.opts, docs: c.docs[:len(c.docs):len(c.docs)]}
	c.mu.Unlock()
	return snap.report1()
}

// note records a limit that was hit.
func (c *Corpus) note(format string, args ...any) {
	c.notesMu.Lock()
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
	c.notesMu.Unlock()
}

func (c *Corpus) report1() (*Report, error) {
	docs, err := c.analyze()
	if err != nil {
		return nil, err
	}
	stages := newSettler()
	seeds := newSeedCache(docs, &c.opts)
	pairs, keyBytes := c.candidatePairs(docs, seeds)
	stages.settle(keyBytes)
	passages := c.passages(docs, seeds, pairs)
	seedBytes := seeds.bytes()
	seeds = nil
	stages.settle(seedBytes)
	// The cluster stage's first half takes one centre after another on one
	// goroutine and needs nothing of the near-duplicates, so with more than
	// one worker it runs beside the duplicates stage, which keeps the other
	// cores busy (both only read docs and passages).
	var g grouping
	var dups []Duplicate
	if c.opts.Workers == 1 {
		g = groupCentres(c, docs, passages)
		dups, err = c.duplicates(docs, passages)
	} else {
		grouped := make(chan grouping, 1)
		go func() { grouped <- groupCentres(c, docs, passages) }()
		dups, err = c.duplicates(docs, passages)
		g = <-grouped
	}
	if err != nil {
		return nil, err
	}
	sigBytes := 0
	for i := range docs { // the signatures have done their work
		if docs[i].sig != nil {
			sigBytes += 8 * docs[i].sig.Size()
		}
		docs[i].sig = nil
	}
	stages.settle(sigBytes)
	return c.assemble(docs, passages, dups, g), nil
}

// settler collects garbage between two stages of a report when what the
// last one dropped (its buffers) and allocated come to 64 MiB. Left alone,
// the collector lets the heap grow to twice what was live at its last
// collection before it collects again, and it paced itself on a heap that
// still held them: at 1,000,000 articles, with 9 GB live, the stages'
// garbage piled up to a peak of 14.5 GiB (11.4 with settle), and at
// 100,000 the dropped seed cache made a peak of 4.06 GiB rather than 3.0.
// A collection costs about a tenth of a second a gigabyte live, a few a
// report; a small report, whose stages allocate little, makes none,
// whatever else its process holds.
type settler struct{ allocs uint64 } // bytes allocated by the process at the last stage's end

func newSettler() *settler { return &settler{allocs: allocatedBytes()} }

// settle ends a stage that dropped that many bytes.
func (s *settler) settle(dropped int) {
	now := allocatedBytes()
	allocated := now - s.allocs
	if uint64(dropped)+allocated >= 64<<20 {
		runtime.GC()
	}
	s.allocs = now
}

// allocatedBytes is what the process has allocated on the heap so far.
func allocatedBytes() uint64 {
	m := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(m)
	if m[0].Value.Kind() != metrics.KindUint64 {
		return 0 // a runtime without the metric: stages count what they drop
	}
	return m[0].Value.Uint64()
}

// assemble makes the clusters of the passages from their grouping
// (groupCentres) and the report, with notes for what the cluster stage
// left out: the last stage of a report, shared by Corpus.Report and
// Assemble.
func (c *Corpus) assemble(docs []analyzed, passages []passage, dups []Duplicate, g grouping) *Report {
	clusters, st := c.finishClusters(docs, passages, g)
	if st.short > 0 {
		c.note("%d shared phrases were left out as stock phrases: shorter than %d words (Options.MinPassageWords), or shorter than %d and a piece of a sentence or shared by articles that share nothing else", st.short, c.opts.MinPassageWords, minLoneWords)
	}
	if st.subsumed > 0 {
		c.note("%d shared fragments lie within passages clustered whole and are reported there", st.subsumed)
	}
	if st.thin > 0 {
		c.note("%d passages had fewer than two carriers at the similarity floor (%.1f) once trimmed to their quotations and were left out", st.thin, MemberSimilarity)
	}
	if st.boilerplate > 0 {
		c.note("%d clusters are boilerplate: text one source repeats in articles that share nothing else (kind \"boilerplate\")", st.boilerplate)
	}
	return c.report(docs, dups, clusters)
}

// parallel runs fn(worker, i) for i in [0, n) on the corpus's workers,
// telling Options.Progress how far stage has come.
func (c *Corpus) parallel(stage string, n int, fn func(worker, i int)) {
	var progress func(done, total int)
	if c.opts.Progress != nil {
		progress = func(done, total int) { c.opts.Progress(stage, done, total) }
	}
	parallel.Run(c.opts.Workers, n, fn, progress)
}

func (c *Corpus) analyze() ([]analyzed, error) {
	matchers := make([]*Matcher, c.opts.Workers)
	for w := range matchers {
		m, err := newMatcher(c.opts)
		if err != nil {
			return nil, err
		}
		matchers[w] = m
	}
	out := make([]analyzed, len(c.docs))
	c.parallel("analyze", len(c.docs), func(w, i int) {
		out[i] = matchers[w].analyze(c.docs[i].Text)
	})
	return out, nil
}

// passages aligns every candidate pair (see candidatePairs).
func (c *Corpus) passages(docs []analyzed, seeds seedCache, pairs []uint64) []passage {
	type worker struct {
		al         *aligner
		table      seedTable
		a          int32    // the document in table, or -1
		bufA, bufB []uint64 // seeds hashed here when seeds does not hold them
		matches    []seedMatch
		chunk      []passage // the passages of one chunk of pairs
	}
	workers := make([]worker, max(1, c.opts.Workers))
	for w := range workers {
		workers[w] = worker{al: newAligner(&c.opts), a: -1}
	}
	// A chunk's passages are gathered in its worker's buffer and kept in
	// a copy of their size, put together in the order of the pairs at the
	// end. A slice per pair took 24 bytes a pair and a slice grown by
	// append for each with passages, and one slice a worker, grown a
	// quarter at a time, allocated five times what it held: gigabytes at
	// 1,000,000 articles.
	const chunk = 32 // pairs per unit of work
	found := make([][]passage, (len(pairs)+chunk-1)/chunk)
	c.parallel("align", len(found), func(w, ch int) {
		wk := &workers[w]
		wk.chunk = wk.chunk[:0]
		for g := ch * chunk; g < min(len(pairs), (ch+1)*chunk); g++ {
			a, b := int32(pairs[g]>>32), int32(pairs[g]&(1<<32-1))
			if a != wk.a { // pairs are sorted: a's table serves a run of them
				var seedsA []uint64
				seedsA, wk.bufA = seeds.of(wk.bufA, a, docs, &c.opts)
				wk.table.reset(seedsA)
				wk.a = a
			}
			var seedsB []uint64
			seedsB, wk.bufB = seeds.of(wk.bufB, b, docs, &c.opts)
			wk.matches = wk.table.match(wk.matches[:0], seedsB)
			if len(wk.matches) < 2 {
				continue
			}
			var n int
			wk.chunk, n = alignPair(wk.al, wk.chunk, a, b, &docs[a], &docs[b], wk.matches, &c.opts)
			if n > c.opts.MaxPassagesPerPair {
				c.note("%s", TooManyPassages(c.docs[a].ID, c.docs[b].ID, n, &c.opts))
			}
		}
		if len(wk.chunk) > 0 {
			found[ch] = slices.Clone(wk.chunk)
		}
	})
	return slices.Concat(found...)
}
