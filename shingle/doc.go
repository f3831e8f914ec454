// Package shingle turns text into words and hashed word shingles for
// near-duplicate and text-reuse detection.
//
// The pipeline is three small stages joined by an [Analyzer]: a [Tokenizer]
// finds word spans in the original text, a [Normalizer] maps each word to its
// comparison form (NFKC, case folding), and [Filter]s drop or rewrite terms
// (stop words, stemming). Every [Token] keeps its byte range in the text exactly
// as the caller gave it, so whatever normalization the comparison used, results
// point back at the caller's bytes.
//
// Apostrophes, quotation marks, dashes and other punctuation separate words, so
// "Twitter's", "Twitter’s" and the tokenizer artefact "Twitter ’s" all yield
// the words "twitter" and "s". Dotted initialisms ("U.S.", "A.M.") are one
// word ("us", "am"). Invalid UTF-8 bytes are treated as separators: they never
// become part of a word, and offsets still index the original bytes.
//
// Word hashes are 32 bits of seeded xxhash64 ([github.com/cespare/xxhash/v2]),
// and shingle hashes 64 bits made from them; both are
// portable: the same text, options and seed give the same hashes on every
// machine and in every process.
package shingle
