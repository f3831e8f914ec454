// Command qtbeam-sizing measures, per article, what the Beam pipeline
// shuffles: the figures behind the sizing section of the module's README.
// It runs dedupe's stage functions in memory on a generated corpus (or a
// JSONL file) and counts keys, key batches, pair emissions, pairs,
// passages and bytes.
//
//	go run ./cmd/qtbeam-sizing -docs 10000
//	go run ./cmd/qtbeam-sizing -input articles.jsonl
package main

import (
	"flag"
	"fmt"
	"log"
	"slices"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/internal/newsgen"
)

func main() {
	n := flag.Int("docs", 10000, "generated articles (newsgen, seed 11, as the bench's -pipeline)")
	input := flag.String("input", "", "a JSONL file to measure instead")
	flag.Parse()
	var docs []dedupe.Document
	if *input != "" {
		var err error
		if docs, err = dedupe.Load(*input); err != nil {
			log.Fatal(err)
		}
	} else {
		docs = newsgen.All(newsgen.Config{Docs: *n, Seed: 11})
	}
	m, err := dedupe.NewMatcher(dedupe.Options{})
	if err != nil {
		log.Fatal(err)
	}
	o := m.Options()
	prepared := make([]*dedupe.Prepared, len(docs))
	link := map[uint64][]uint32{}
	band := map[uint64][]uint32{}
	var textBytes, words, linkKeys, bandKeys int
	bitsList := []int{10, 16, 20}
	batches := make([]int, len(bitsList))
	var keys []uint64
	for i, d := range docs {
		p := m.Prepare(d)
		prepared[i] = p
		textBytes += len(d.Text)
		words += len(p.Words())
		keys = p.AppendLinkKeys(keys[:0])
		linkKeys += len(keys)
		for _, k := range keys {
			link[k] = append(link[k], uint32(i))
		}
		for b, bits := range bitsList {
			batches[b] += buckets(keys, bits)
		}
		if keys, err = m.AppendBandKeys(keys[:0], p); err != nil {
			log.Fatal(err)
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
		bandKeys += len(keys)
		for b, bits := range bitsList {
			batches[b] += buckets(keys, bits)
		}
		for _, k := range keys {
			band[k] = append(band[k], uint32(i))
		}
	}
	// Pairs, and how often each is emitted when every bucket dedupes its
	// own pairs only: once per bucket that holds a key the pair shares.
	emitted := make([]map[uint64]map[uint64]bool, len(bitsList)) // pair -> buckets
	for b := range emitted {
		emitted[b] = map[uint64]map[uint64]bool{}
	}
	linkPairs := map[uint64]bool{}
	largest, hot := 0, 0
	for k, ds := range link {
		largest = max(largest, len(ds))
		if len(ds) > o.MaxDocFreq {
			hot++
		}
		for _, p := range dedupe.AppendKeyPairs(nil, ds, o.MaxDocFreq) {
			linkPairs[p] = true
			for b, bits := range bitsList {
				if emitted[b][p] == nil {
					emitted[b][p] = map[uint64]bool{}
				}
				emitted[b][p][k>>(64-bits)] = true
			}
		}
	}
	bandPairs := map[uint64]bool{}
	largestBand := 0
	for _, ds := range band {
		largestBand = max(largestBand, len(ds))
		for _, p := range dedupe.AppendKeyPairs(nil, ds, len(ds)) {
			bandPairs[p] = true
		}
	}
	union := len(linkPairs)
	for p := range bandPairs {
		if !linkPairs[p] {
			union++
		}
	}
	passages, carried := 0, map[uint32]bool{}
	var found []dedupe.PairPassage
	for p := range linkPairs {
		a, b := uint32(p>>32), uint32(p)
		found, _ = m.Passages(found[:0], a, b, prepared[a], prepared[b])
		passages += len(found)
		if len(found) > 0 {
			carried[a], carried[b] = true, true
		}
	}
	carrierBytes := 0
	for d := range carried {
		carrierBytes += len(docs[d].Text)
	}
	N := float64(len(docs))
	per := func(x int) float64 { return float64(x) / N }
	fmt.Printf("articles %d, text %.0f bytes and %.0f words an article\n", len(docs), per(textBytes), per(words))
	fmt.Printf("link keys %.0f an article (distinct), band keys %.1f\n", per(linkKeys), per(bandKeys))
	for b, bits := range bitsList {
		em := 0
		for _, bs := range emitted[b] {
			em += len(bs)
		}
		fmt.Printf("bucket bits %d: %.0f key batches an article, %.2f link pair emissions an article\n", bits, per(batches[b]), per(em))
	}
	fmt.Printf("link pairs %.2f an article, band pairs %.2f, compared (union) %.2f\n", per(len(linkPairs)), per(len(bandPairs)), per(union))
	fmt.Printf("link keys over MaxDocFreq %d: %d (%.4f an article); largest link key %d documents, largest band key %d\n", o.MaxDocFreq, hot, per(hot), largest, largestBand)
	fmt.Printf("passages %.2f an article; carriers %.1f%% of articles, their text %.0f bytes an article of the corpus\n", per(passages), 100*float64(len(carried))/N, per(carrierBytes))
}

// buckets counts the buckets of 2^bits that sorted keys fall in.
func buckets(keys []uint64, bits int) int {
	n := 0
	for i, k := range keys {
		if i == 0 || k>>(64-bits) != keys[i-1]>>(64-bits) {
			n++
		}
	}
	return n
}
