// Package dedupe finds near-duplicate articles and the passages and
// quotations they share, and groups those into provenance clusters: every
// document that carries a passage, oldest first, with the likely origin.
//
// A [Corpus] takes [Document]s and produces a [Report] in stages: normalize
// and shingle each text ([github.com/quotetrace/quotetrace/shingle]), sign it
// with MinHash and find near-duplicate pairs with LSH
// ([github.com/quotetrace/quotetrace/similarity]), find pairs that share short
// shingles through an inverted index, align their shared passages word by
// word, recognize quotations and their speakers
// ([github.com/quotetrace/quotetrace/dedupe/quote]), and cluster the passages.
//
// Every span in a Report is a byte range of the document text exactly as it
// was given: Text[Start:End] is the passage, whatever normalization the
// detection used.
package dedupe
