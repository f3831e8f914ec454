// Package htmlreport writes a quotetrace report as one self-contained HTML
// page for people to look at: a summary, the clusters ranked with a timeline
// of their carriers, any member side by side with the origin, and each
// document with its shared passages marked. Styles, scripts and data are
// inline; the page loads nothing from the network.
//
// The data rides in a <script type="application/json"> block, escaped by
// html/template, and the page's script builds only what is on screen, so a
// report of thousands of articles opens quickly.
package htmlreport

import (
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/quotetrace/quotetrace/dedupe"
)

//go:embed page.html
var pageHTML string

//go:embed page.css
var pageCSS string

//go:embed page.js
var pageJS string

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

// DefaultMaxTextBytes is how much document text a page holds by default:
// the page of 10,000 generated articles holds the texts of about 8,000.
const DefaultMaxTextBytes = 32 << 20

// Options are the page's knobs; the zero value means the defaults.
type Options struct {
	// Title heads the page; "" means "quotetrace report".
	Title string
	// MaxTextBytes bounds the document text the page holds for its document
	// view (0 means DefaultMaxTextBytes). Texts are taken in report order,
	// each that still fits; the rest are left out with a note, and their
	// passages are still shown in their clusters.
	MaxTextBytes int
}

// Page is a report made ready to write as HTML.
type Page struct {
	// Notes say what the page leaves out (document texts past
	// MaxTextBytes or not given; members and pairs the report cannot place),
	// besides the report's own notes.
	Notes []string
	title string
	data  pageData
}

// pageData is what the page's script reads: the report with documents
// referred to by index, and document texts. A member of a document whose
// text the page holds gives its offsets in UTF-16 code units of that text,
// as JavaScript strings count, instead of its text, so no passage is
// stored twice.
type pageData struct {
	Notes      []string      `json:"notes"`
	Documents  []pageDoc     `json:"documents"`
	Duplicates []pageDup     `json:"duplicates"`
	Clusters   []pageCluster `json:"clusters"`
}

type pageDoc struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Bytes     int    `json:"bytes"`
	// Text is the document's text, or absent when left out.
	Text *string `json:"text,omitempty"`
}

type pageDup struct {
	A           int     `json:"a"`
	B           int     `json:"b"`
	Jaccard     float64 `json:"jaccard"`
	Containment float64 `json:"containment"`
	Cosine      float64 `json:"cosine"`
}

type pageCluster struct {
	ID          int          `json:"id"`
	Kind        dedupe.Kind  `json:"kind"`
	Text        string       `json:"text"`
	Speaker     string       `json:"speaker"`
	Origin      int          `json:"origin"` // document index, -1 when unknown
	Documents   int          `json:"documents"`
	Sources     int          `json:"sources"`
	MoreMembers int          `json:"more_members"`
	Members     []pageMember `json:"members"`
}

type pageMember struct {
	Doc   int `json:"doc"`
	Start int `json:"start"` // byte offsets, as the report gives them
	End   int `json:"end"`
	// Text is the member's text when its document's text is left out;
	// otherwise Units are its start and end in UTF-16 units of that text.
	Text       string  `json:"text,omitempty"`
	Units      []int   `json:"units,omitempty"`
	Quoted     bool    `json:"quoted"`
	Speaker    string  `json:"speaker"`
	Similarity float64 `json:"similarity"`
}

// New makes the page of report r. docs are the documents the report was
// made from, for the document view; those the report does not name are
// ignored, and a report document without its text is shown without it.
// r may come from anywhere (decoded JSON too): a member or pair naming a
// document r does not list, or a member whose offsets do not lie within
// its document's text (the text given, else r's Bytes), is left out and
// counted in Notes.
func New(r *dedupe.Report, docs []dedupe.Document, opts Options) *Page {
	p := &Page{title: cmp.Or(opts.Title, "quotetrace report")}
	limit := opts.MaxTextBytes
	if limit <= 0 {
		limit = DefaultMaxTextBytes
	}
	text := make(map[string]string, len(docs))
	for _, d := range docs {
		text[d.ID] = d.Text
	}
	index := make(map[string]int, len(r.Documents))
	d := &p.data
	d.Notes = slices.Clone(r.Notes)
	d.Documents = make([]pageDoc, len(r.Documents))
	// size is the length of each document's text that member offsets must
	// lie within: the text's when given, else the report's count.
	size := make([]int, len(r.Documents))
	missing, over, used := 0, 0, 0
	for i, s := range r.Documents {
		index[s.ID] = i
		pd := pageDoc{ID: s.ID, Source: s.Source, Published: s.Published, URL: s.URL, Bytes: s.Bytes}
		t, ok := text[s.ID]
		size[i] = s.Bytes
		if ok {
			size[i] = len(t)
		}
		switch {
		case !ok:
			missing++
		case used+len(t) > limit:
			over++
		default:
			used += len(t)
			pd.Text = &t
		}
		d.Documents[i] = pd
	}
	if missing > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("the texts of %d documents were not given; their shared passages are still shown", missing))
	}
	if over > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("the texts of %d documents are left out past %d bytes of text (htmlreport.Options.MaxTextBytes); their shared passages are still shown", over, limit))
	}
	d.Notes = append(d.Notes, p.Notes...)

	d.Duplicates = make([]pageDup, 0, len(r.Duplicates))
	strayPairs := 0
	for _, x := range r.Duplicates {
		a, okA := index[x.A]
		b, okB := index[x.B]
		if !okA || !okB {
			strayPairs++
			continue
		}
		d.Duplicates = append(d.Duplicates, pageDup{A: a, B: b, Jaccard: x.Jaccard, Containment: x.Containment, Cosine: x.Cosine})
	}
	d.Clusters = make([]pageCluster, len(r.Clusters))
	held := make([][]*pageMember, len(d.Documents)) // members whose text the page holds in their document's
	strays, outside := 0, 0
	for k, c := range r.Clusters {
		pc := pageCluster{ID: c.ID, Kind: c.Kind, Text: c.Text, Speaker: c.Speaker, Origin: -1,
			Documents: c.Documents, Sources: c.Sources, MoreMembers: c.MoreMembers, Members: make([]pageMember, 0, len(c.Members))}
		if o, ok := index[c.Origin]; ok && c.Origin != "" {
			pc.Origin = o
		}
		for _, m := range c.Members {
			at, ok := index[m.Doc]
			if !ok {
				strays++
				continue
			}
			if m.Start < 0 || m.Start > m.End || m.End > size[at] {
				outside++
				continue
			}
			pc.Members = append(pc.Members, pageMember{})
			pm := &pc.Members[len(pc.Members)-1]
			*pm = pageMember{Doc: at, Start: m.Start, End: m.End, Text: m.Text, Quoted: m.Quoted, Speaker: m.Speaker, Similarity: m.Similarity}
			if pd := &d.Documents[at]; pd.Text != nil && (*pd.Text)[m.Start:m.End] == m.Text {
				pm.Text = ""
				held[at] = append(held[at], pm)
			}
		}
		d.Clusters[k] = pc
	}
	for i, ms := range held {
		if len(ms) > 0 {
			utf16Units(*d.Documents[i].Text, ms)
		}
	}
	// Only a report not made by this module can name them.
	if strays > 0 {
		p.note(fmt.Sprintf("%d cluster members name documents the report does not list; they are left out", strays))
	}
	if outside > 0 {
		p.note(fmt.Sprintf("%d cluster members give offsets outside their document's text; they are left out", outside))
	}
	if strayPairs > 0 {
		p.note(fmt.Sprintf("%d near-duplicate pairs name documents the report does not list; they are left out", strayPairs))
	}
	return p
}

// note adds a note on what the page leaves out, shown among the page's notes.
func (p *Page) note(n string) {
	p.Notes = append(p.Notes, n)
	p.data.Notes = append(p.data.Notes, n)
}

// utf16Units sets the Units of members from their byte offsets into text:
// offsets in UTF-16 code units of text as encoding/json writes it (each
// invalid byte one U+FFFD), which is how the page's script indexes it.
func utf16Units(text string, ms []*pageMember) {
	// Every offset, sorted, mapped in one pass over the text.
	offs := make([]int, 0, 2*len(ms))
	for _, m := range ms {
		offs = append(offs, m.Start, m.End)
	}
	slices.Sort(offs)
	offs = slices.Compact(offs)
	units := make([]int, len(offs))
	b, u := 0, 0
	for k, o := range offs {
		for b < o {
			r, n := utf8.DecodeRuneInString(text[b:])
			if r >= 0x10000 {
				u += 2
			} else {
				u++
			}
			b += n
		}
		units[k] = u
	}
	for _, m := range ms {
		s, _ := slices.BinarySearch(offs, m.Start)
		e, _ := slices.BinarySearch(offs, m.End)
		m.Units = []int{units[s], units[e]}
	}
}

// Write writes the page.
func (p *Page) Write(w io.Writer) error {
	return pageTemplate.Execute(w, p.view())
}

// Write writes report r as an HTML page; docs give the texts of its
// documents (see New).
func Write(w io.Writer, r *dedupe.Report, docs []dedupe.Document, opts Options) error {
	return New(r, docs, opts).Write(w)
}

// view is what the template shows without the script: the summary and notes.
type view struct {
	Title      string
	ScriptHash string // the script's CSP source, so no other script runs
	CSS        template.CSS
	JS         template.JS
	Data       pageData
	Documents  int
	Sources    int
	From, To   string
	Kinds      []kindCount
	Clusters   int
	Duplicates int
	Notes      []string
	Caps       []string // what the page itself leaves out, shown open
}

type kindCount struct {
	Kind  dedupe.Kind
	Count int
}

func (p *Page) view() view {
	d := &p.data
	sum := sha256.Sum256([]byte(pageJS))
	v := view{Title: p.title, ScriptHash: "sha256-" + base64.StdEncoding.EncodeToString(sum[:]), CSS: template.CSS(pageCSS), JS: template.JS(pageJS), Data: *d,
		Documents: len(d.Documents), Clusters: len(d.Clusters), Duplicates: len(d.Duplicates), Notes: d.Notes, Caps: p.Notes}
	sources := map[string]bool{}
	for _, doc := range d.Documents {
		if doc.Source != "" {
			sources[doc.Source] = true
		}
		if day := dateOf(doc.Published); day != "" {
			if v.From == "" || day < v.From {
				v.From = day
			}
			if day > v.To {
				v.To = day
			}
		}
	}
	v.Sources = len(sources)
	for _, k := range dedupe.Kinds {
		n := 0
		for _, c := range d.Clusters {
			if c.Kind == k {
				n++
			}
		}
		v.Kinds = append(v.Kinds, kindCount{k, n})
	}
	return v
}

// dateOf is the YYYY-MM-DD day of a published date or time, "" if none.
func dateOf(published string) string {
	if len(published) < 10 {
		return ""
	}
	return published[:10]
}
