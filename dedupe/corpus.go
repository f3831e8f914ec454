package dedupe

import (
	"fmt"
	"strings"
	"sync"

	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/internal/parallel"
	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
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

// analyzed is a document prepared for comparison.
type analyzed struct {
	tokens   []shingle.Token
	set      []uint64 // sorted distinct ShingleSize-shingle hashes
	sig      *similarity.Signature
	quotes   []quote.Quotation
	quoteOf  []int32           // per token: index into quotes, or -1
	sentence []int32           // per token: index of its sentence
	seeds    []shingle.Shingle // in word order; a Corpus sorts them by hash after analysis
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
	passages := c.passages(docs, c.candidatePairs(docs))
	dups, err := c.duplicates(docs, passages)
	if err != nil {
		return nil, err
	}
	return c.report(docs, dups, cluster(c, docs, passages)), nil
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
		sortSeeds(out[i].seeds) // for candidatePairs and mergeSeeds
	})
	return out, nil
}

// quoteOf maps each token to the quotation that holds it, or -1.
func quoteOf(tokens []shingle.Token, qs []quote.Quotation) []int32 {
	out := make([]int32, len(tokens))
	q := 0
	for t, tok := range tokens {
		for q < len(qs) && qs[q].End <= tok.Start {
			q++
		}
		out[t] = -1
		if q < len(qs) && qs[q].Start <= tok.Start && tok.End <= qs[q].End {
			out[t] = int32(q)
		}
	}
	return out
}

// sentences numbers the sentences of text and gives each token its number. A
// sentence ends where the text between two words holds . ! ? or a line
// break, or the stray ’ ’ marks of a scraped paragraph list (dotted
// initialisms such as "U.S." keep their dots inside the word).
func sentences(text string, tokens []shingle.Token) []int32 {
	out := make([]int32, len(tokens))
	n := int32(0)
	for t := 1; t < len(tokens); t++ {
		between := text[tokens[t-1].End:tokens[t].Start]
		if strings.ContainsAny(between, ".!?\n") || quote.ParagraphBreak(between) {
			n++
		}
		out[t] = n
	}
	return out
}

// maxRepeats bounds the occurrences of one seed shingle per document that
// passage search looks at: a phrase a document repeats many times adds no
// more passages, only cost.
const maxRepeats = 4

// passages aligns every candidate pair (see candidatePairs).
func (c *Corpus) passages(docs []analyzed, pairs []uint64) []passage {
	workers := max(1, c.opts.Workers)
	aligners := make([]*aligner, workers)
	seeds := make([][]seedMatch, workers)
	for w := range aligners {
		aligners[w] = newAligner(&c.opts)
	}
	found := make([][]passage, len(pairs))
	const chunk = 32 // pairs per unit of work
	c.parallel("align", (len(pairs)+chunk-1)/chunk, func(w, ch int) {
		for g := ch * chunk; g < min(len(pairs), (ch+1)*chunk); g++ {
			a, b := int32(pairs[g]>>32), int32(pairs[g]&(1<<32-1))
			seeds[w] = mergeSeeds(seeds[w][:0], &docs[a], &docs[b])
			if len(seeds[w]) < 2 {
				continue
			}
			found[g] = aligners[w].pair(nil, a, b, &docs[a], &docs[b], seeds[w])
			if n := len(found[g]); n > c.opts.MaxPassagesPerPair {
				found[g] = keepLongest(found[g], c.opts.MaxPassagesPerPair)
				c.note("%s and %s share %d passages; the longest %d are kept (Options.MaxPassagesPerPair)", c.docs[a].ID, c.docs[b].ID, n, c.opts.MaxPassagesPerPair)
			}
		}
	})
	var out []passage
	for _, ps := range found {
		out = append(out, ps...)
	}
	return out
}
