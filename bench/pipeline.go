package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

// runPipeline generates n articles, runs a whole report on them with the
// default options and prints the time of each stage, the peak resident
// memory of the process (generated corpus included) and what was found.
// With a memprofile prefix it also writes the live heap as each stage
// starts (after a collection, which the stage times then include).
func runPipeline(n int, memprofile string) {
	start := time.Now()
	docs := newsgen.All(newsgen.Config{Docs: n, Seed: 11})
	bytes := 0
	for _, d := range docs {
		bytes += len(d.Text)
	}
	generated := time.Since(start)

	var stages []string
	var at []time.Duration
	opts := dedupe.Options{Progress: func(stage string, done, total int) {
		if len(stages) == 0 || stages[len(stages)-1] != stage {
			stages = append(stages, stage)
			at = append(at, time.Since(start))
			if memprofile != "" {
				writeHeap(memprofile + "." + stage + ".pprof")
			}
		}
	}}
	c, err := dedupe.New(opts)
	check(err)
	start = time.Now()
	rss := sampleRSS(start)
	check(c.Add(docs...))
	r, err := c.Report()
	check(err)
	took := time.Since(start)
	samples := rss()
	if memprofile != "" {
		writeHeap(memprofile + ".end.pprof")
	}

	passages := 0
	for _, cl := range r.Clusters {
		passages += len(cl.Members)
	}
	var ru syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	fmt.Printf("pipeline: %d articles (%.1f MB), generated in %.1f s; %d cores\n", n, float64(bytes)/1e6, generated.Seconds(), runtime.GOMAXPROCS(0))
	for i, s := range stages {
		end := took
		if i+1 < len(at) {
			end = at[i+1]
		}
		fmt.Printf("  %-10s %7.1f s", s, (end - at[i]).Seconds())
		if peak := samples.peak(at[i], end); peak > 0 {
			fmt.Printf("  RSS up to %.2f GiB", float64(peak)/(1<<30))
		}
		fmt.Println()
	}
	fmt.Printf("  total      %7.1f s  %.0f articles/s\n", took.Seconds(), float64(n)/took.Seconds())
	fmt.Printf("  peak RSS   %7.2f GiB\n", float64(ru.Maxrss)/(1<<20))
	fmt.Printf("  found: %d near-duplicate pairs, %d clusters, %d passages in them; notes %d\n",
		len(r.Duplicates), len(r.Clusters), passages, len(r.Notes))
}

// runLSH signs n generated articles, indexes them (25 bands of 5 rows, as
// in the comparison) and times one query per article on one core.
func runLSH(n int) {
	a := shingle.New()
	signer, err := similarity.NewSigner(similarity.MinHashOptions{Size: perms})
	check(err)
	sigs := make([]*similarity.Signature, 0, n)
	g := newsgen.New(newsgen.Config{Docs: n, Seed: 13})
	var toks []shingle.Token
	var hs []uint64
	for d, ok := g.Next(); ok; d, ok = g.Next() {
		toks = a.AppendTokens(toks[:0], d.Text)
		hs = shingle.AppendHashes(hs[:0], toks, k, 0)
		sigs = append(sigs, signer.Sign(nil, hs))
	}
	ix, err := similarity.NewIndexParams(similarity.LSHParams{Threshold: threshold, Bands: 25, Rows: 5, Size: perms})
	check(err)
	for i, s := range sigs {
		check(ix.Add(i, s))
	}
	var found []int
	r := timed("lsh-query", "quotetrace", n, func() {
		for _, s := range sigs {
			found = ix.Candidates(found[:0], s)
		}
	})
	fmt.Printf("lsh-query on a %d-article index: %.0f queries/s (%.2f µs each)\n", n, float64(n)/r.took.Seconds(), r.took.Seconds()*1e6/float64(n))
}

// writeHeap writes the live heap, after a collection, to path.
func writeHeap(path string) {
	runtime.GC()
	f, err := os.Create(path)
	check(err)
	check(pprof.Lookup("heap").WriteTo(f, 0))
	check(f.Close())
}

// rssSamples are the process's resident size, read every few milliseconds.
type rssSamples struct {
	at    []time.Duration
	bytes []int64
}

// peak is the largest sample taken in [from, to).
func (s rssSamples) peak(from, to time.Duration) int64 {
	var p int64
	for i, t := range s.at {
		if t >= from && t < to {
			p = max(p, s.bytes[i])
		}
	}
	return p
}

// sampleRSS reads the resident size every 20 ms until the returned function
// is called, which returns the samples. Where /proc/self/statm cannot be
// read (not Linux) there are none.
func sampleRSS(start time.Time) func() rssSamples {
	stop, done := make(chan struct{}), make(chan rssSamples)
	page := int64(os.Getpagesize())
	go func() {
		var s rssSamples
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				done <- s
				return
			case <-tick.C:
			}
			b, err := os.ReadFile("/proc/self/statm")
			if err != nil {
				continue
			}
			var size, resident int64
			if _, err := fmt.Sscan(string(b), &size, &resident); err == nil {
				s.at = append(s.at, time.Since(start))
				s.bytes = append(s.bytes, resident*page)
			}
		}
	}()
	return func() rssSamples {
		close(stop)
		return <-done
	}
}
