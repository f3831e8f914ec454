package dedupe

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/quotetrace/quotetrace/internal/english"
	"github.com/quotetrace/quotetrace/internal/parallel"
	"github.com/quotetrace/quotetrace/similarity"
)

// Report is what a corpus shares. It marshals to the project's report
// contract (REPORT-CONTRACT.md); field names and meanings are stable.
type Report struct {
	Documents  []DocumentSummary `json:"documents"`
	Duplicates []Duplicate       `json:"duplicates"`
	Clusters   []Cluster         `json:"clusters"`
	// Notes name the limits the report ran into, so nothing is cut silently.
	Notes []string `json:"notes,omitempty"`
}

// DocumentSummary describes an input document.
type DocumentSummary struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Published string `json:"published"` // YYYY-MM-DD, RFC 3339, or "" when unknown
	URL       string `json:"url,omitempty"`
	Bytes     int    `json:"bytes"`
}

// Duplicate is a pair of near-duplicate documents, A < B.
type Duplicate struct {
	A           string  `json:"a"`
	B           string  `json:"b"`
	Jaccard     float64 `json:"jaccard"`     // of their shingle sets, exact
	Containment float64 `json:"containment"` // of the smaller set in the other, exact
	Cosine      float64 `json:"cosine"`      // TF-IDF cosine of their words
}

// Kind says whether a cluster's passage is a quotation.
type Kind string

const (
	// Quotation is a passage inside quotation marks in at least half of its
	// members.
	Quotation Kind = "quotation"
	// Passage is copied text that is not (mostly) quoted.
	Passage Kind = "passage"
	// Boilerplate is text an outlet repeats in its own articles (datelines,
	// bylines, copyright lines, footers), not reuse of a story.
	Boilerplate Kind = "boilerplate"
)

// Cluster is a shared passage and every document that carries it.
type Cluster struct {
	ID   int  `json:"id"`
	Kind Kind `json:"kind"`
	// Text is the representative wording, tidied for reading.
	Text string `json:"text"`
	// Speaker is the most informative attribution among the members, as a
	// name ("Nathan Freed Wessler (ACLU)"); "" when unknown.
	Speaker string `json:"speaker"`
	// Origin is the earliest-published member that holds the passage itself
	// (its Similarity at least OriginSimilarity), "" if none is dated.
	Origin string `json:"origin"`
	// Members are oldest first, undated last, then by document id.
	Members []Member `json:"members"`
	// MoreMembers counts members past Options.MaxMembers, not listed.
	MoreMembers int `json:"more_members,omitempty"`
	// Documents is how many documents carry the passage, listed or not.
	Documents int `json:"documents"`
	// Sources is how many distinct sources (outlets) carry it; clusters are
	// ranked by Sources, then Documents.
	Sources int `json:"sources"`
}

// Member is one document's copy of a cluster's passage.
type Member struct {
	Doc    string `json:"doc"`
	Source string `json:"source,omitempty"` // the document's source
	Start  int    `json:"start"`            // byte offsets into the document's text as given
	End    int    `json:"end"`
	Text   string `json:"text"` // exactly the document's Text[Start:End]
	// Quoted is true when the copy stands mostly inside quotation marks.
	Quoted bool `json:"quoted"`
	// Speaker is the attribution as this document words it.
	Speaker string `json:"speaker"`
	// Similarity of this copy's wording to the representative text, 0 to 1.
	Similarity float64 `json:"similarity"`
	Published  string  `json:"published"`
}

// lshPairs returns the document pairs that share an LSH band (the bands and
// rows of similarity.NewIndex for Threshold) and whose signatures agree on
// at least Threshold of their values, sorted. The band keys of all
// documents are sorted like link keys, on every worker, rather than filed
// in one map per band on one goroutine.
func (c *Corpus) lshPairs(docs []analyzed) ([][2]int, error) {
	ix, err := similarity.NewIndex(c.opts.Threshold, c.opts.Permutations)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	params := ix.Params()
	docBits := max(1, bits.Len(uint(len(docs))))
	docMask := uint64(1)<<docBits - 1
	workers := max(1, c.opts.Workers)
	keys := make([][]uint64, workers)
	bands := make([][]uint64, workers)
	// Each worker's share of the keys, and a little more, at once: grown
	// by append, the copies were a gigabyte at 1,000,000 articles.
	share := len(docs) * params.Bands / workers
	for w := range keys {
		keys[w] = make([]uint64, 0, share+share/8)
	}
	const chunk = 256 // documents per unit of work
	c.parallel("duplicates", (len(docs)+chunk-1)/chunk, func(w, ch int) {
		for i := ch * chunk; i < min(len(docs), (ch+1)*chunk); i++ {
			bands[w] = appendBandKeys(bands[w][:0], params, docs[i].sig)
			for _, k := range bands[w] {
				// The band's key above, the document below: sorting groups
				// the documents of each band key.
				keys[w] = append(keys[w], k&^docMask|uint64(i))
			}
		}
	})
	sorted, buckets := bucketSort(nil, keys, workers, 0)
	sets := make([]pairSet, workers)
	parallel.Run(workers, len(buckets)-1, func(w, b int) {
		run := sorted[buckets[b]:buckets[b+1]]
		for lo := 0; lo < len(run); {
			hi := lo + 1
			for hi < len(run) && run[hi]>>docBits == run[lo]>>docBits {
				hi++
			}
			for x := lo; x < hi; x++ {
				for y := x + 1; y < hi; y++ {
					if dx, dy := run[x]&docMask, run[y]&docMask; dx != dy {
						sets[w].add(dx<<32 | dy)
					}
				}
			}
			lo = hi
		}
	}, nil)
	all := allPairs(sets)
	slices.Sort(all)
	all = slices.Compact(all)
	keep := make([]bool, len(all))
	c.parallel("duplicates", (len(all)+chunk-1)/chunk, func(_, ch int) {
		for k := ch * chunk; k < min(len(all), (ch+1)*chunk); k++ {
			keep[k] = signaturesAgree(docs[all[k]>>32].sig, docs[all[k]&(1<<32-1)].sig, &c.opts)
		}
	})
	var out [][2]int
	for k, p := range all {
		if keep[k] {
			out = append(out, [2]int{int(p >> 32), int(p & (1<<32 - 1))})
		}
	}
	return out, nil
}

// duplicates finds near-duplicate pairs: LSH candidates and pairs that share
// passages, verified by exact Jaccard and containment of shingle sets.
func (c *Corpus) duplicates(docs []analyzed, ps []passage) ([]Duplicate, error) {
	cands, err := c.lshPairs(docs)
	if err != nil {
		return nil, err
	}
	// Pairs whose passages cover enough of the shorter document to reach
	// MinContainment: half of it, for what alignment misses (repeats, text
	// out of order). A footer or a quotation alone makes no near-duplicate.
	for lo := 0; lo < len(ps); {
		hi, words := lo, 0
		for ; hi < len(ps) && ps[hi].a == ps[lo].a && ps[hi].b == ps[lo].b; hi++ {
			words += int(ps[hi].matches)
		}
		a, b := int(ps[lo].a), int(ps[lo].b)
		if covers(words, &docs[a], &docs[b], &c.opts) {
			cands = append(cands, [2]int{a, b})
		}
		lo = hi
	}
	slices.SortFunc(cands, func(x, y [2]int) int {
		if c := cmp.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return cmp.Compare(x[1], y[1])
	})
	cands = slices.Compact(cands)

	// Exact Jaccard and containment of each candidate pair's shingle sets,
	// made again from the words (a corpus does not keep them): the first
	// document's set serves the run of pairs it starts.
	type worker struct {
		a          int
		setA, setB []uint64
	}
	workers := make([]worker, max(1, c.opts.Workers))
	for w := range workers {
		workers[w].a = -1
	}
	scores := make([][2]float64, len(cands)) // Jaccard, containment
	const chunk = 64                         // pairs per unit of work
	c.parallel("duplicates", (len(cands)+chunk-1)/chunk, func(w, ch int) {
		wk := &workers[w]
		for g := ch * chunk; g < min(len(cands), (ch+1)*chunk); g++ {
			p := cands[g]
			if p[0] != wk.a {
				wk.setA = shingleSet(wk.setA[:0], docs[p[0]].hashes, &c.opts)
				wk.a = p[0]
			}
			wk.setB = shingleSet(wk.setB[:0], docs[p[1]].hashes, &c.opts)
			scores[g][0], scores[g][1] = scoreSets(wk.setA, wk.setB)
		}
	})

	var out []Duplicate
	var pairs [][2]int // the verified pairs, parallel to out
	for g, p := range cands {
		d, ok := newDuplicate(c.docs[p[0]].ID, c.docs[p[1]].ID, scores[g][0], scores[g][1], &c.opts)
		if !ok {
			continue
		}
		out = append(out, d)
		pairs = append(pairs, p)
	}
	if len(out) > 0 {
		// Word weights need the whole corpus, counted in parts on the
		// workers; vectors are made only for documents that a pair needs.
		parts := make([]similarity.TFIDF, max(1, c.opts.Workers))
		const chunk = 256 // documents per unit of work
		c.parallel("duplicates", (len(docs)+chunk-1)/chunk, func(w, ch int) {
			for i := ch * chunk; i < min(len(docs), (ch+1)*chunk); i++ {
				parts[w].Add(docs[i].hashes)
			}
		})
		tf := &parts[0]
		for w := range parts[1:] {
			tf.Merge(&parts[w+1])
		}
		tf.Seal()
		// Each worker keeps the vector of the first document of the pairs it
		// is given (pairs are sorted by it), not every vector at once.
		type worker struct {
			a    int
			v, w similarity.Vector
		}
		ws := make([]worker, max(1, c.opts.Workers))
		for w := range ws {
			ws[w].a = -1
		}
		c.parallel("duplicates", (len(pairs)+chunk-1)/chunk, func(w, ch int) {
			wk := &ws[w]
			for k := ch * chunk; k < min(len(pairs), (ch+1)*chunk); k++ {
				p := pairs[k]
				if p[0] != wk.a {
					wk.a, wk.v = p[0], tf.AppendVector(wk.v, docs[p[0]].hashes)
				}
				wk.w = tf.AppendVector(wk.w, docs[p[1]].hashes)
				out[k].Cosine = cosine(wk.v, wk.w)
			}
		})
	}
	sortDuplicates(out)
	return out, nil
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func (c *Corpus) report(docs []analyzed, dups []Duplicate, clusters []Cluster) *Report {
	r := &Report{Documents: make([]DocumentSummary, len(c.docs)), Duplicates: dups, Clusters: clusters}
	for i, d := range c.docs {
		r.Documents[i] = DocumentSummary{ID: d.ID, Source: d.Source, Published: formatTime(d.Published), URL: d.URL, Bytes: len(d.Text)}
		if c.sizes != nil { // Assemble: only the carriers of passages have their text
			r.Documents[i].Bytes = c.sizes[i]
		}
	}
	if r.Duplicates == nil {
		r.Duplicates = []Duplicate{}
	}
	if r.Clusters == nil {
		r.Clusters = []Cluster{}
	}
	for i := range r.Clusters {
		cl := &r.Clusters[i]
		if n := len(cl.Members); n > c.opts.MaxMembers {
			cl.MoreMembers = n - c.opts.MaxMembers
			cl.Members = cl.Members[:c.opts.MaxMembers]
			c.note("cluster %d has %d members; the oldest %d are listed (Options.MaxMembers)", cl.ID, n, c.opts.MaxMembers)
		}
	}
	r.Notes = slices.Clone(c.notes)
	slices.Sort(r.Notes)
	return r
}

// WriteJSON writes the report as indented JSON, the report contract's shape.
// Invalid UTF-8 in member texts is written as U+FFFD, as encoding/json does;
// the offsets still index the original bytes.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes the report for a person to read: each cluster, most
// widely carried first, with its kind, how many documents and sources carry
// it, speaker and origin, then each member's document and its source
// (outlet) when known, date, offsets and text.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s, %s, %s of shared passages\n",
		english.Count(len(r.Documents), "document"), english.Count(len(r.Duplicates), "near-duplicate pair"), english.Count(len(r.Clusters), "cluster"))
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "note: %s\n", n)
	}
	if len(r.Duplicates) > 0 {
		fmt.Fprintf(bw, "\nNear-duplicates\n")
		for _, d := range r.Duplicates {
			fmt.Fprintf(bw, "  %s ~ %s  jaccard %.3f  containment %.3f  cosine %.3f\n", d.A, d.B, d.Jaccard, d.Containment, d.Cosine)
		}
	}
	for _, c := range r.Clusters {
		fmt.Fprintf(bw, "\n#%d %s · %s", c.ID, c.Kind, english.Count(c.Documents, "document"))
		if c.Sources > 0 {
			fmt.Fprintf(bw, ", %s", english.Count(c.Sources, "source"))
		}
		if c.MoreMembers > 0 {
			fmt.Fprintf(bw, " (%d listed)", len(c.Members))
		}
		if c.Speaker != "" {
			fmt.Fprintf(bw, " · speaker: %s", c.Speaker)
		}
		if c.Origin != "" {
			fmt.Fprintf(bw, " · origin: %s", c.Origin)
		} else {
			fmt.Fprintf(bw, " · origin: unknown (no member that holds the passage is dated)")
		}
		fmt.Fprintf(bw, "\n  %q\n", c.Text)
		for _, m := range c.Members {
			doc := m.Doc
			if m.Source != "" {
				doc += " (" + m.Source + ")"
			}
			date := m.Published
			if date == "" {
				date = "undated"
			}
			marks := ""
			if m.Quoted {
				marks = " quoted"
				if m.Speaker != "" {
					marks += " (" + m.Speaker + ")"
				}
			}
			fmt.Fprintf(bw, "  - %s  %s  [%d:%d]  similarity %.3f%s\n    %s\n",
				doc, date, m.Start, m.End, m.Similarity, marks, strings.Join(strings.Fields(m.Text), " "))
		}
	}
	return bw.Flush()
}
