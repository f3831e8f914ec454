// Command bench measures quotetrace against the Go MinHash libraries people
// use today, on the same generated corpus, machine and run:
// github.com/dgryski/go-minhash (MinWise, with xxhash) and
// github.com/ekzhu/minhash-lsh, at P=128. It is its own module so that the
// library's go.mod never depends on its rivals.
//
//	cd bench && go run . -quick
//
// It prints a table, then one line per comparison: "ratio NAME
// quotetrace/RIVAL: Nx", the rival's time divided by quotetrace's.
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cespare/xxhash/v2"
	minwise "github.com/dgryski/go-minhash"
	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/quotetrace/quotetrace/internal/newsgen"
	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

const (
	perms     = 128
	k         = 5 // words per shingle
	threshold = 0.5
)

func main() {
	quick := flag.Bool("quick", false, "a small corpus: finishes within two minutes")
	docs := flag.Int("docs", 10000, "articles in the generated corpus (with -quick: 2000)")
	pipeline := flag.Int("pipeline", 0, "instead, run the whole pipeline (near-duplicates, passages, clusters) on this many articles, on all cores")
	lshDocs := flag.Int("lsh", 0, "instead, time LSH queries on an index of this many articles")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := flag.String("memprofile", "", "with -pipeline: write a heap profile to PREFIX.STAGE.pprof as each stage starts, and PREFIX.end.pprof as the report is done")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	if *pipeline > 0 {
		runPipeline(*pipeline, *memprofile)
		return
	}
	if *lshDocs > 0 {
		runLSH(*lshDocs)
		return
	}
	n := *docs
	if *quick {
		n = 2000
	}
	corpus := newsgen.All(newsgen.Config{Docs: n, Seed: 7})
	texts := make([]string, len(corpus))
	for i, d := range corpus {
		texts[i] = d.Text
	}
	fmt.Printf("corpus: %d generated news articles of about 600 words, P=%d, %d-word shingles\n\n", n, perms, k)

	var rows []row
	// Pre-hashed shingle sets: quotetrace's own, fed to every library.
	// Every timing runs on the calling goroutine: one core.
	a := shingle.New()
	sets := make([][]uint64, n)
	for i, t := range texts {
		sets[i] = similarity.SortUnique(shingle.AppendHashes(nil, a.AppendTokens(nil, t), k, 0))
	}
	signer, err := similarity.NewSigner(similarity.MinHashOptions{Size: perms})
	check(err)

	ours := make([]*similarity.Signature, n)
	rows = append(rows, timed("signature-prehashed", "quotetrace", n, func() {
		for i, s := range sets {
			ours[i] = signer.Sign(ours[i], s)
		}
	}))
	dg := make([]*minwise.MinWise, n)
	rows = append(rows, timed("signature-prehashed", "dgryski", n, func() {
		var b [8]byte
		for i, s := range sets {
			m := newMinWise()
			for _, h := range s {
				binary.LittleEndian.PutUint64(b[:], h)
				m.Push(b[:])
			}
			dg[i] = m
		}
	}))
	ek := make([][]uint64, n)
	rows = append(rows, timed("signature-prehashed", "ekzhu", n, func() {
		var b [8]byte
		for i, s := range sets {
			m := minhashlsh.NewMinhash(1, perms)
			for _, h := range s {
				binary.LittleEndian.PutUint64(b[:], h)
				m.Push(b[:])
			}
			ek[i] = m.Signature()
		}
	}))

	// Text to signature, end to end: quotetrace's analysis (normalization,
	// stemming, seeded hashing) against strings.Fields word shingles, as
	// the rivals' users would write them.
	rows = append(rows, timed("signature-end-to-end", "quotetrace", n, func() {
		var toks []shingle.Token
		var hs []uint64
		var sig *similarity.Signature
		for _, t := range texts {
			toks = a.AppendTokens(toks[:0], t)
			hs = shingle.AppendHashes(hs[:0], toks, k, 0)
			sig = signer.Sign(sig, hs)
		}
	}))
	rows = append(rows, timed("signature-end-to-end", "dgryski", n, func() {
		for _, t := range texts {
			m := newMinWise()
			eachFieldShingle(t, func(s []byte) { m.Push(s) })
		}
	}))
	rows = append(rows, timed("signature-end-to-end", "ekzhu", n, func() {
		for _, t := range texts {
			m := minhashlsh.NewMinhash(1, perms)
			eachFieldShingle(t, func(s []byte) { m.Push(s) })
			_ = m.Signature()
		}
	}))

	// LSH at the same threshold, bands and rows: ekzhu's choice for both.
	probe := minhashlsh.NewMinhashLSH64(perms, threshold)
	rowsPerBand, bands := probe.Params()
	var ix *similarity.Index
	rows = append(rows, timed("lsh-build", "quotetrace", n, func() {
		var err error
		ix, err = similarity.NewIndexParams(similarity.LSHParams{Threshold: threshold, Bands: bands, Rows: rowsPerBand, Size: perms})
		check(err)
		for i, s := range ours {
			check(ix.Add(i, s))
		}
	}))
	var lsh *minhashlsh.MinhashLSH
	rows = append(rows, timed("lsh-build", "ekzhu", n, func() {
		lsh = minhashlsh.NewMinhashLSH64(perms, threshold)
		for i, s := range ek {
			lsh.Add(i, s)
		}
		lsh.Index()
	}))
	ourFound := make([][]int, n)
	rows = append(rows, timed("lsh-query", "quotetrace", n, func() {
		for i, s := range ours {
			ourFound[i] = ix.Candidates(ourFound[i][:0], s)
		}
	}))
	ekFound := make([][]int, n)
	rows = append(rows, timed("lsh-query", "ekzhu", n, func() {
		for i, s := range ek {
			ekFound[i] = ekFound[i][:0]
			for _, key := range lsh.Query(s) {
				ekFound[i] = append(ekFound[i], key.(int))
			}
		}
	}))

	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "benchmark\tlibrary\tarticles/s\tµs/article\t")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%.0f\t%.1f\t\n", r.name, r.lib, float64(r.n)/r.took.Seconds(), r.took.Seconds()*1e6/float64(r.n))
	}
	check(w.Flush())

	// Accuracy of the Jaccard estimate: each article's set against a variant
	// of it with a known Jaccard, from 0.1 to 0.9.
	fmt.Println()
	var sq [3]float64
	count := 0
	var b8 [8]byte
	for i, s := range sets[:min(len(sets), 400)] {
		for _, j := range []float64{0.1, 0.3, 0.5, 0.7, 0.9} {
			v := variant(s, j, uint64(i))
			exact := similarity.Jaccard(s, v)
			sv := signer.Sign(nil, v)
			est, _ := ours[i].Jaccard(sv)
			m := newMinWise()
			e := minhashlsh.NewMinhash(1, perms)
			for _, h := range v {
				binary.LittleEndian.PutUint64(b8[:], h)
				m.Push(b8[:])
				e.Push(b8[:])
			}
			for r, got := range []float64{est, dg[i].Similarity(m), agree(ek[i], e.Signature())} {
				sq[r] += (got - exact) * (got - exact)
			}
			count++
		}
	}
	fmt.Printf("accuracy over %d pairs with Jaccard 0.1 to 0.9:\n", count)
	fmt.Printf("  RMSE of estimated Jaccard: quotetrace %.4f, dgryski %.4f, ekzhu %.4f\n",
		math.Sqrt(sq[0]/float64(count)), math.Sqrt(sq[1]/float64(count)), math.Sqrt(sq[2]/float64(count)))
	truth := truePairs(sets, threshold)
	rq, pq := recallPrecision(truth, ourFound)
	re, pe := recallPrecision(truth, ekFound)
	fmt.Printf("  LSH at Jaccard %.1f (%d bands of %d rows), %d true pairs: quotetrace recall %.3f precision %.3f; ekzhu recall %.3f precision %.3f\n\n",
		threshold, bands, rowsPerBand, len(truth), rq, pq, re, pe)

	for _, name := range []string{"signature-prehashed", "signature-end-to-end", "lsh-build", "lsh-query"} {
		var base time.Duration
		for _, r := range rows {
			if r.name == name && r.lib == "quotetrace" {
				base = r.took
			}
		}
		for _, r := range rows {
			if r.name == name && r.lib != "quotetrace" {
				fmt.Printf("ratio %s quotetrace/%s: %.1fx\n", name, r.lib, r.took.Seconds()/base.Seconds())
			}
		}
	}
}

type row struct {
	name, lib string
	n         int
	took      time.Duration
}

// timed runs fn seven times on one core and keeps the median run: the
// targets are medians, and on a shared machine one run can be slowed by
// another tenant.
func timed(name, lib string, n int, fn func()) row {
	var runs [7]time.Duration
	for i := range runs {
		start := time.Now()
		fn()
		runs[i] = time.Since(start)
	}
	slices.Sort(runs[:])
	return row{name, lib, n, runs[len(runs)/2]}
}

func newMinWise() *minwise.MinWise {
	return minwise.NewMinWise(
		func(b []byte) uint64 { return xxhash.Sum64(b) },
		func(b []byte) uint64 { d := xxhash.NewWithSeed(0x9e3779b97f4a7c15); d.Write(b); return d.Sum64() },
		perms)
}

// eachFieldShingle calls fn with every k-word shingle of text split by
// strings.Fields, joined by single spaces.
func eachFieldShingle(text string, fn func([]byte)) {
	words := strings.Fields(text)
	var buf []byte
	for i := 0; i+k <= len(words); i++ {
		buf = append(buf[:0], words[i]...)
		for _, w := range words[i+1 : i+k] {
			buf = append(buf, ' ')
			buf = append(buf, w...)
		}
		fn(buf)
	}
}

func agree(a, b []uint64) float64 {
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// variant returns a set of the same size as s whose Jaccard with s is about
// j: it keeps a share of s's elements and adds new ones.
func variant(s []uint64, j float64, seed uint64) []uint64 {
	keep := int(math.Round(2 * j * float64(len(s)) / (1 + j)))
	out := append([]uint64(nil), s[:keep]...)
	for x := uint64(0); len(out) < len(s); x++ {
		out = append(out, xxhash.Sum64String(fmt.Sprint(seed, "/", x)))
	}
	return similarity.SortUnique(out)
}

// truePairs returns every pair with exact Jaccard of at least t, found
// through shared shingles (an inverted index), as i<j.
func truePairs(sets [][]uint64, t float64) map[[2]int]bool {
	post := map[uint64][]int{}
	for i, s := range sets {
		for _, h := range s {
			post[h] = append(post[h], i)
		}
	}
	cands := map[[2]int]bool{}
	for _, ds := range post {
		if len(ds) > 200 {
			continue // a shingle in 10% of articles cannot make half of a 600-shingle set
		}
		for x := range ds {
			for y := x + 1; y < len(ds); y++ {
				cands[[2]int{ds[x], ds[y]}] = true
			}
		}
	}
	out := map[[2]int]bool{}
	for p := range cands {
		if similarity.Jaccard(sets[p[0]], sets[p[1]]) >= t {
			out[p] = true
		}
	}
	return out
}

func recallPrecision(truth map[[2]int]bool, found [][]int) (recall, precision float64) {
	hit, total := 0, 0
	for i, ids := range found {
		for _, j := range ids {
			if j <= i {
				continue
			}
			total++
			if truth[[2]int{i, j}] {
				hit++
			}
		}
	}
	if len(truth) > 0 {
		recall = float64(hit) / float64(len(truth))
	}
	if total > 0 {
		precision = float64(hit) / float64(total)
	}
	return recall, precision
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
