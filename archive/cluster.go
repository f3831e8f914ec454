package archive

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/dedupe/quote"
	"github.com/quotetrace/quotetrace/shingle"
)

// Cluster is a passage of a new article that the archive holds, with the
// archived documents that carry it, oldest first, and where it appeared
// first: a report's cluster (dedupe's cluster model) with the article's
// span as its centre.
//
// The passage is a span of the article that its pairwise passages (Found)
// reconcile to as a report reconciles one document's spans: spans that
// overlap by at least half of the longer one are one passage, and the
// passage is all of them; a short span inside a long one (a quotation
// inside a copied article) is a passage of its own. A passage whose every
// member a longer passage of the article holds as well is left out, as a
// report leaves out fragments it clusters whole.
//
// Its carriers are not only the documents that pairwise passages found but
// every archived document that holds the passage, a popular quotation's
// thousands included: the documents that hold at least half of the span's
// distinct seed shingles (and at least two), counted over the whole index
// entries of those shingles, and those that pairwise passages found. They
// are verified oldest first: a candidate that holds the span, or a copy
// already verified, byte for byte as whole words is a member; any other is
// aligned with the article (dedupe.Matcher.Shared; a candidate that the
// query did not align already, in a window around the span's seeds), and
// is a member when a passage it shares overlaps the span and, trimmed to
// the span's words, is a copy of it as a report's member is: a similarity
// to it of at least dedupe.MemberSimilarity, and not a few words of a
// sentence. At most MaxMembers candidates (Config.Options)
// are verified and listed; the rest, which hold the span's seed shingles
// but are not verified, are counted in MoreMembers. So a passage costs one
// read of its shingles' index entries, one look at each candidate's record
// and at most MaxMembers alignments: it grows with the documents that carry
// it, not with their pairs, nor with the archive beyond the logarithm of
// its index.
type Cluster struct {
	// Start and End are byte offsets into the article's text as given;
	// Text is exactly that span.
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Kind is dedupe.Quotation when at least half of the span's words stand
	// inside quotation marks in the article, else dedupe.Passage.
	Kind dedupe.Kind `json:"kind"`
	// Speaker is the most informative attribution among the pairwise
	// passages of the span (as Found.Speaker), "" when unknown.
	Speaker string `json:"speaker"`
	// Documents is how many archived documents carry the passage: the
	// members and MoreMembers.
	Documents int `json:"documents"`
	// Origin is the earliest-published of the article and the members that
	// hold the passage itself (Similarity at least dedupe.OriginSimilarity),
	// by date, then id; "" when none of them is dated. It is the article's
	// own id when the article is older than every such member, or the only
	// one dated.
	Origin string `json:"origin"`
	// Members are the verified carriers, oldest first, undated last, then
	// by document id.
	Members []Member `json:"members"`
	// MoreMembers counts the candidates past MaxMembers (the newest), which
	// hold the span's seed shingles but are neither verified nor listed.
	MoreMembers int `json:"more_members,omitempty"`
}

// Member is one archived document's copy of a cluster's passage.
type Member struct {
	Doc       string `json:"doc"`
	Published string `json:"published"`
	// ArchiveStart and ArchiveEnd are byte offsets into the archived
	// document's text as given; ArchiveText is exactly that span.
	ArchiveStart int    `json:"archive_start"`
	ArchiveEnd   int    `json:"archive_end"`
	ArchiveText  string `json:"archive_text"`
	// Similarity of this copy's wording to the article's span, 0 to 1: a
	// Dice coefficient over their longest common subsequence of words, as a
	// report measures members against a cluster's representative.
	Similarity float64 `json:"similarity"`
}

// queryState is what the pairwise stage of a query leaves for the
// clusters.
type queryState struct {
	seeds     []shingle.Shingle // the article's seed shingles, in word order
	index     map[uint64]int32  // seed hash → its entry in infos
	infos     []seedInfo
	postings  []docSeed // every seed's postings, infos[k].lo to hi
	seedIndex []reader
	aligned   map[uint32]*alignedDoc // archived documents aligned with the article
	found     []found                // sorted by start in the article
}

// seedInfo is one distinct seed hash of the article.
type seedInfo struct {
	hash   uint64
	at     [maxRepeats]int32 // its first positions in the article
	n      int32
	over   bool  // in more than MaxDocFreq documents: postings hold the first only
	lo, hi int32 // its postings
	stamp  int32 // the passage that counted it last, +1
}

// alignedDoc is an archived document aligned with the whole article.
type alignedDoc struct {
	self      bool // has the article's id: not compared
	id        string
	published time.Time
	text      string // only when it shares a passage
	shared    []dedupe.Shared
}

// found is a pairwise passage and what the clusters need of it.
type found struct {
	Found
	doc     uint32
	speaker quote.Speaker
}

// candidate is an archived document that may carry a passage.
type candidate struct {
	n         uint32
	id        string
	published time.Time
	text      []byte // when not aligned already: its stored text, valid in the transaction
}

// clusters makes the article's clusters from its pairwise passages.
func (a *Archive) clusters(tx *bolt.Tx, m *dedupe.Matcher, d dedupe.Document, q *queryState) ([]Cluster, error) {
	an, err := a.analyzer()
	if err != nil {
		return nil, err
	}
	defer a.putAnalyzer(an)
	b := clusterBuilder{a: a, tx: tx, m: m, an: an, d: d, q: q}
	b.quotes = quote.Find(d.Text)
	var out []Cluster
	minWords := m.Options().MinPassageWords
	for _, r := range passages(q.found) {
		cl, err := b.cluster(int32(len(out)+1), r)
		if err != nil {
			return nil, err
		}
		if cl.Kind == dedupe.Passage && len(strings.Fields(cl.Text)) < minWords {
			continue // a stock phrase, as a report leaves it out
		}
		out = append(out, cl)
	}
	return dropSubsumed(out), nil
}

// dropSubsumed drops the clusters that another cluster holds whole, as a
// report does: a passage inside a longer one of the article whose members
// are all members of the longer one, each within or nearly the same as
// its copy there. Clusters with no member left are dropped too.
func dropSubsumed(cls []Cluster) []Cluster {
	held := func(inner, outer *Cluster) bool {
		if inner.MoreMembers > 0 || outer.MoreMembers > 0 || inner.Start < outer.Start || inner.End > outer.End ||
			inner.Start == outer.Start && inner.End == outer.End {
			return false
		}
		for _, m := range inner.Members {
			k := slices.IndexFunc(outer.Members, func(o Member) bool {
				if o.Doc != m.Doc {
					return false
				}
				ov := min(o.ArchiveEnd, m.ArchiveEnd) - max(o.ArchiveStart, m.ArchiveStart)
				return o.ArchiveStart <= m.ArchiveStart && m.ArchiveEnd <= o.ArchiveEnd ||
					ov > 0 && 2*ov >= max(o.ArchiveEnd-o.ArchiveStart, m.ArchiveEnd-m.ArchiveStart)
			})
			if k < 0 {
				return false
			}
		}
		return true
	}
	out := cls[:0]
	for i := range cls {
		keep := len(cls[i].Members) > 0
		for j := range cls {
			if keep && j != i && held(&cls[i], &cls[j]) {
				keep = false
			}
		}
		if keep {
			out = append(out, cls[i])
		}
	}
	return out
}

// candidates returns the archived documents that hold at least half of
// the passage's distinct seeds (b.seeds), and at least two, and those that
// the passage's pairwise passages found, sorted by number. It counts over
// whole postings, and leaves them in b.hits and b.lists.
//
// A seed in more than MaxDocFreq documents has its whole postings read
// again, unless the seeds in fewer are enough to find every candidate:
// a document that holds need of n seeds holds one of any n-need+1 of them.
// Then only documents that the rarer seeds show to be within reach of
// need are looked up under the common ones.
func (b *clusterBuilder) candidates(group []found) ([]uint32, error) {
	q := b.q
	need := int32(max(2, (len(b.seeds)+1)/2))
	var common []int32
	for _, x := range b.seeds {
		if q.infos[x].over {
			common = append(common, x)
		}
	}
	rare := int32(len(b.seeds) - len(common))
	probe := len(common) > 0 && rare >= int32(len(b.seeds))-need+1
	if b.counts == nil {
		b.counts = map[uint32]int32{}
	}
	clear(b.counts)
	b.hits, b.lists = b.hits[:0], append(b.lists[:0], 0)
	for _, x := range b.seeds {
		in := &q.infos[x]
		list := q.postings[in.lo:in.hi]
		if in.over {
			if probe {
				continue
			}
			var err error
			if b.full, _, err = b.a.postings(q.seedIndex, in.hash, b.full[:0], 0); err != nil {
				return nil, err
			}
			list = b.full
		}
		for i, p := range list {
			if i == 0 || list[i-1].doc != p.doc {
				b.counts[p.doc]++
			}
		}
		b.hits = append(b.hits, list...)
		b.lists = append(b.lists, len(b.hits))
	}
	var ns []uint32
	for n, c := range b.counts {
		if c >= need {
			ns = append(ns, n)
			continue
		}
		if !probe || c+int32(len(common)) < need {
			continue
		}
		for k, x := range common {
			if c+int32(len(common)-k) < need {
				break
			}
			held, err := b.a.holds(q.seedIndex, q.infos[x].hash, n)
			if err != nil {
				return nil, err
			}
			if held {
				if c++; c >= need {
					ns = append(ns, n)
					break
				}
			}
		}
	}
	for _, f := range group {
		ns = append(ns, f.doc)
	}
	slices.Sort(ns)
	return slices.Compact(ns), nil
}

// passageOf is a passage of the article: the span its pairwise passages
// reconcile to, and those passages.
type passageOf struct {
	start, end int
	found      []found
}

// passages reconciles the article's pairwise passages, sorted by start,
// into passages as a report reconciles one document's spans (dedupe's
// cluster model, step 1): longer first, a span joins the first passage it
// overlaps by at least half of the longer of the two, and widens it; else
// it starts one. A short span inside a long one (a quotation inside a
// copied article) is a passage of its own. They are returned in the
// article's order.
func passages(fs []found) []passageOf {
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		if c := cmp.Compare(fs[x].Start, fs[y].Start); c != 0 {
			return c
		}
		return cmp.Compare(fs[y].End, fs[x].End)
	})
	var out []passageOf
	for _, i := range order {
		f := fs[i]
		k := slices.IndexFunc(out, func(p passageOf) bool {
			ov := min(p.end, f.End) - max(p.start, f.Start)
			return ov > 0 && 2*ov >= max(p.end-p.start, f.End-f.Start)
		})
		if k < 0 {
			out = append(out, passageOf{start: f.Start, end: f.End})
			k = len(out) - 1
		}
		p := &out[k]
		p.start, p.end = min(p.start, f.Start), max(p.end, f.End)
		p.found = append(p.found, f)
	}
	slices.SortStableFunc(out, func(x, y passageOf) int {
		if c := cmp.Compare(x.start, y.start); c != 0 {
			return c
		}
		return cmp.Compare(y.end, x.end)
	})
	return out
}

// clusterBuilder makes the clusters of one article; it keeps its buffers
// between passages.
type clusterBuilder struct {
	a      *Archive
	tx     *bolt.Tx
	m      *dedupe.Matcher
	an     *shingle.Analyzer
	d      dedupe.Document
	q      *queryState
	tokens []shingle.Token // the article's words, once an alignment needs them
	quotes []quote.Quotation

	// The passage: bytes [s, e) of the article, its words and their hashes,
	// its seed hashes, and whether lcs and grams are set up for it.
	s, e      int
	span      []shingle.Token
	spanH     []uint32
	seedH     []uint64
	measuring bool

	seeds []int32 // the passage's distinct seeds, as entries of q.infos
	full  []docSeed
	// hits are the postings of the passage's seeds, each seed's
	// hits[lists[i]:lists[i+1]], sorted by document and word as the index
	// keeps them; mine are one document's words.
	hits     []docSeed
	lists    []int
	mine     []int32
	variants []variant
	counts   map[uint32]int32
	words    []shingle.Token
	grams    []uint64 // the span's word trigrams, sorted
	memH     []uint32
	lcs      dedupe.WordLCS

	// The article around the passage, prepared for aligning candidates.
	window      *dedupe.Prepared
	windowStart int
}

// cluster makes the cluster of passage r; id numbers the passages from 1.
func (b *clusterBuilder) cluster(id int32, r passageOf) (Cluster, error) {
	q, o := b.q, b.m.Options()
	s, e, group := r.start, r.end, r.found
	cl := Cluster{Start: s, End: e, Text: b.d.Text[s:e], Kind: dedupe.Passage, Members: []Member{}}
	b.s, b.e, b.window, b.measuring = s, e, nil, false
	b.span = b.an.AppendTokens(b.span[:0], cl.Text) // the span's words, from s
	b.spanH = b.spanH[:0]
	for _, t := range b.span {
		b.spanH = append(b.spanH, t.Hash)
	}

	// Kind, from the article's quotation marks.
	inside, qi := 0, 0
	for _, t := range b.span {
		for qi < len(b.quotes) && b.quotes[qi].End < s+t.End {
			qi++
		}
		if qi < len(b.quotes) && b.quotes[qi].Start <= s+t.Start {
			inside++
		}
	}
	if len(b.span) > 0 && 2*inside >= len(b.span) {
		cl.Kind = dedupe.Quotation
	}
	// Speaker, the most informative of the pairwise passages'.
	var speaker quote.Speaker
	for _, f := range group {
		if f.speaker.Rank() > speaker.Rank() {
			speaker = f.speaker
		}
	}
	cl.Speaker = speaker.String()

	// Candidates: the documents that hold at least half of the span's
	// distinct seeds, counted over their whole postings, and those the
	// pairwise passages found.
	b.seeds = b.seeds[:0]
	b.seedH = shingle.AppendHashesOf(b.seedH[:0], b.spanH, o.SeedSize, o.Analysis.Seed)
	if len(b.spanH) < o.SeedSize {
		b.seedH = b.seedH[:0] // a document that short has no seeds
	}
	for _, h := range b.seedH {
		x, ok := q.index[h]
		if ok && q.infos[x].stamp != id {
			q.infos[x].stamp = id
			b.seeds = append(b.seeds, x)
		}
	}
	ns, err := b.candidates(group)
	if err != nil {
		return cl, err
	}
	docs := b.tx.Bucket(bucketDocs)
	cands := make([]candidate, 0, len(ns))
	for _, n := range ns {
		if al, ok := q.aligned[n]; ok {
			if !al.self {
				cands = append(cands, candidate{n: n, id: al.id, published: al.published})
			}
			continue
		}
		v := docs.Get(docKey(n))
		if v == nil {
			return cl, fmt.Errorf("%w: %s: document %d is indexed but missing", ErrDamaged, b.a.path, n)
		}
		docID, published, text, err := decodeHead(v)
		if err != nil {
			return cl, fmt.Errorf("%w: %s: document %d: %w", ErrDamaged, b.a.path, n, err)
		}
		if docID != b.d.ID {
			cands = append(cands, candidate{n, docID, published, text})
		}
	}
	slices.SortFunc(cands, func(x, y candidate) int { return compareDocs(x.published, x.id, y.published, y.id) })
	listed := min(len(cands), b.a.maxMembers)
	cl.MoreMembers = len(cands) - listed

	// Verify the oldest, and measure each copy against the span. A
	// candidate that holds the span, or a copy verified before, byte for
	// byte is a member without aligning it: most carriers of a popular
	// passage hold it verbatim.
	b.variants = append(b.variants[:0], variant{[]byte(cl.Text), 1})
	for _, c := range cands[:listed] {
		if c.text != nil {
			if at, v := b.verbatim(c.text); at >= 0 {
				cl.Members = append(cl.Members, Member{
					Doc: c.id, Published: dateString(c.published),
					ArchiveStart: at, ArchiveEnd: at + len(v.text), ArchiveText: string(c.text[at : at+len(v.text)]),
					Similarity: round3(v.sim),
				})
				cl.origin(b.d, c, v.sim)
				continue
			}
		}
		var text string
		var shared []dedupe.Shared
		var err error
		al, ok := q.aligned[c.n]
		if ok {
			text, shared = al.text, al.shared
		} else {
			text = string(c.text)
			if shared, err = b.align(c.n, text); err != nil {
				return cl, err
			}
		}
		sh, found := overlapping(shared, s, e)
		if !found {
			continue
		}
		bs, be, sim := sh.BStart, sh.BEnd, sh.Similarity
		if 2*(max(0, s-sh.AStart)+max(0, sh.AEnd-e)) > e-s {
			// A longer passage around the span (a copy of the article that
			// holds a quotation): the span's place in it, in proportion,
			// with a margin for edits, for measure to delimit.
			bs, be = within(text, sh, s, e, 8*b.pad())
		}
		if sh.AStart != s || sh.AEnd != e {
			// The copy of a part of the span, or more: measure it against
			// the whole span. (A passage of exactly the span is delimited
			// and measured by its own alignment.)
			var member bool
			if bs, be, sim, member = b.measure(text, bs, be); !member {
				continue
			}
		}
		cl.Members = append(cl.Members, Member{
			Doc: c.id, Published: dateString(c.published),
			ArchiveStart: bs, ArchiveEnd: be, ArchiveText: text[bs:be],
			Similarity: round3(sim),
		})
		cl.origin(b.d, c, sim)
		if len(b.variants) < maxVariants && !slices.ContainsFunc(b.variants, func(v variant) bool { return string(v.text) == text[bs:be] }) {
			b.variants = append(b.variants, variant{[]byte(text[bs:be]), sim})
		}
	}
	if cl.Origin == "" && !b.d.Published.IsZero() {
		cl.Origin = b.d.ID
	}
	cl.Documents = len(cl.Members) + cl.MoreMembers
	return cl, nil
}

// origin makes candidate c, a member with similarity sim to the span,
// the cluster's origin if it is the first dated member that holds the
// passage itself (members come oldest first) and older than the article.
func (cl *Cluster) origin(d dedupe.Document, c candidate, sim float64) {
	if cl.Origin == "" && !c.published.IsZero() && sim >= dedupe.OriginSimilarity {
		cl.Origin = c.id
		if !d.Published.IsZero() && compareDocs(d.Published, d.ID, c.published, c.id) < 0 {
			cl.Origin = d.ID
		}
	}
}

// maxVariants bounds the wordings of a passage that candidates are
// searched for verbatim.
const maxVariants = 8

// variant is a wording of the passage, the article's or a member's, and its
// similarity to the article's.
type variant struct {
	text []byte
	sim  float64
}

// verbatim finds a wording of the passage in text, standing as whole words,
// and returns where and which; -1 when none is there.
func (b *clusterBuilder) verbatim(text []byte) (int, variant) {
	for _, v := range b.variants {
		for from := 0; ; {
			i := bytes.Index(text[from:], v.text)
			if i < 0 {
				break
			}
			i += from
			if end := i + len(v.text); !wordRune(text[:i], true) && !wordRune(text[end:], false) {
				return i, v
			}
			from = i + 1
		}
	}
	return -1, variant{}
}

// wordRune reports whether the last (or first) rune of b is a letter or a
// digit: a match next to it would cut a word.
func wordRune(b []byte, last bool) bool {
	var r rune
	if last {
		r, _ = utf8.DecodeLastRune(b)
	} else {
		r, _ = utf8.DecodeRune(b)
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// within returns the bytes of the archived side of passage sh that
// correspond to the article's bytes [s, e) inside it, in proportion, with a
// margin at either end of half their length, at most most bytes, cut to
// whole words.
func within(text string, sh dedupe.Shared, s, e, most int) (int, int) {
	alen, blen := max(1, sh.AEnd-sh.AStart), sh.BEnd-sh.BStart
	at := func(x int) int { return sh.BStart + int(int64(x-sh.AStart)*int64(blen)/int64(alen)) }
	margin := min((e-s)/2, most)
	bs, be := max(sh.BStart, at(max(s, sh.AStart))-margin), min(sh.BEnd, at(min(e, sh.AEnd))+margin)
	if bs > sh.BStart { // a word cut in two is no word of the copy
		if i := strings.IndexFunc(text[bs:be], unicode.IsSpace); i >= 0 {
			bs += i
		}
	}
	if be < sh.BEnd {
		if i := strings.LastIndexFunc(text[bs:be], unicode.IsSpace); i >= 0 {
			be = bs + i
		}
	}
	return bs, be
}

// overlapping returns the passage of shared, the one with the most words,
// that overlaps the article's bytes [s, e).
func overlapping(shared []dedupe.Shared, s, e int) (dedupe.Shared, bool) {
	best := -1
	for i, sh := range shared {
		if sh.AStart < e && s < sh.AEnd && (best < 0 || sh.Words > shared[best].Words) {
			best = i
		}
	}
	if best < 0 {
		return dedupe.Shared{}, false
	}
	return shared[best], true
}

// measure trims bytes [bs, be) of an archived text to the stretch from the
// first to the last word trigram it shares with the article's span, as a
// report trims a member to its centre (a copy that runs on past the
// passage loses what runs on), and returns it with its similarity to the
// span, and whether it is a copy of the passage: as a report's member, a
// similarity of at least dedupe.MemberSimilarity, and either
// minLoneWords words or at least half of the span's, in MinPassageWords
// words or more (or all of the span's when it is shorter). A few words of
// a sentence are a stock phrase, not a copy.
func (b *clusterBuilder) measure(text string, bs, be int) (int, int, float64, bool) {
	o := b.m.Options()
	if !b.measuring {
		b.lcs.Reset(b.spanH)
		b.grams = b.grams[:0]
		for i := 0; i+3 <= len(b.spanH); i++ {
			b.grams = append(b.grams, trigram(b.spanH[i:]))
		}
		slices.Sort(b.grams)
		b.measuring = true
	}
	b.words = b.an.AppendTokens(b.words[:0], text[bs:be])
	w := b.words
	if len(b.grams) > 0 {
		has := func(i int) bool {
			_, ok := slices.BinarySearch(b.grams, trigram3(w[i].Hash, w[i+1].Hash, w[i+2].Hash))
			return ok
		}
		i, j := 0, len(w)
		for i+3 <= j && !has(i) {
			i++
		}
		for j-3 >= i && !has(j-3) {
			j--
		}
		if j-i < 3 {
			return bs, be, 0, false
		}
		w = w[i:j]
	}
	if len(w) == 0 {
		return bs, be, 0, false
	}
	b.memH = b.memH[:0]
	for _, t := range w {
		b.memH = append(b.memH, t.Hash)
	}
	sim := b.lcs.Similarity(b.memH, o.MaxAlignCells)
	shared := sim * float64(len(w)+len(b.spanH)) / 2
	ok := sim >= dedupe.MemberSimilarity &&
		(len(w) >= minLoneWords || 2*shared >= float64(len(b.spanH)) && len(w) >= min(o.MinPassageWords, len(b.spanH)))
	return bs + w[0].Start, bs + w[len(w)-1].End, sim, ok
}

// minLoneWords is the fewest words of a copy that is a member whatever
// share of the passage it carries, as in a report.
const minLoneWords = 16

// trigram hashes three consecutive words.
func trigram(h []uint32) uint64 { return trigram3(h[0], h[1], h[2]) }

func trigram3(a, b, c uint32) uint64 {
	const m = 0x9e3779b97f4a7c15
	return ((uint64(a)*m+uint64(b))*m + uint64(c)) * m
}

// pad is how many words past a passage's seeds a window for aligning it
// reaches: further than an alignment extends past its seeds (twice MaxGap)
// by a chain's reach.
func (b *clusterBuilder) pad() int {
	o := b.m.Options()
	return 2 * (2*o.MaxGap + o.SeedSize)
}

// align aligns the stretch of archived document n (text) where the
// passage's seeds lie with the article around the passage, and returns
// what they share, as byte offsets into the article and text. Aligning
// windows and not whole documents keeps a popular passage's thousands of
// carriers cheap; the windows reach past the seeds further than an
// alignment extends.
func (b *clusterBuilder) align(n uint32, text string) ([]dedupe.Shared, error) {
	o := b.m.Options()
	k := int32(o.SeedSize)
	pad := int32(b.pad())
	gap := 2*int32(o.MaxGap) + k
	b.mine = b.mine[:0]
	for i := 1; i < len(b.lists); i++ {
		list := b.hits[b.lists[i-1]:b.lists[i]]
		for j := sort.Search(len(list), func(j int) bool { return list[j].doc >= n }); j < len(list) && list[j].doc == n; j++ {
			b.mine = append(b.mine, list[j].m.J)
		}
	}
	if len(b.mine) == 0 {
		return nil, nil
	}
	slices.Sort(b.mine)
	// The densest run of its seeds, consecutive ones at most gap words
	// apart: the copy, not a phrase of it repeated elsewhere.
	js := b.mine
	bestS, bestE, s := 0, 1, 0
	for i := 1; i <= len(js); i++ {
		if i == len(js) || js[i]-js[i-1] > gap {
			if i-s > bestE-bestS {
				bestS, bestE = s, i
			}
			s = i
		}
	}
	b.words = b.an.AppendTokens(b.words[:0], text)
	w0 := int(max(0, js[bestS]-pad))
	w1 := min(len(b.words), int(js[bestE-1]+k+pad))
	if w0 >= w1 {
		return nil, nil
	}
	if b.window == nil {
		if b.tokens == nil {
			b.tokens = b.an.AppendTokens(nil, b.d.Text)
			if want := max(0, len(b.tokens)-o.SeedSize+1); len(b.q.seeds) != want {
				return nil, fmt.Errorf("archive: %d words give %d seed shingles, want %d", len(b.tokens), len(b.q.seeds), want)
			}
		}
		ws := sort.Search(len(b.tokens), func(i int) bool { return b.tokens[i].Start >= b.s })
		we := sort.Search(len(b.tokens), func(i int) bool { return b.tokens[i].Start >= b.e })
		a0, a1 := max(0, ws-int(pad)), min(len(b.tokens), we+int(pad))
		b.windowStart = b.tokens[a0].Start
		b.window = b.m.Prepare(dedupe.Document{ID: b.d.ID, Text: b.d.Text[b.windowStart:b.tokens[a1-1].End]})
	}
	start := b.words[w0].Start
	cp := b.m.Prepare(dedupe.Document{Text: text[start:b.words[w1-1].End]})
	shared := b.m.Shared(b.window, cp)
	for i := range shared {
		sh := &shared[i]
		sh.AStart += b.windowStart
		sh.AEnd += b.windowStart
		sh.BStart += start
		sh.BEnd += start
	}
	return shared, nil
}

// compareDocs orders documents oldest first, undated last, then by id, as a
// report orders members.
func compareDocs(at time.Time, aid string, bt time.Time, bid string) int {
	switch {
	case at.IsZero() != bt.IsZero():
		if at.IsZero() {
			return 1
		}
		return -1
	case !at.Equal(bt):
		return at.Compare(bt)
	}
	return cmp.Compare(aid, bid)
}
