// Package dedupe finds near-duplicate articles and the passages and
// quotations they share, and groups those into provenance clusters: every
// document that carries a passage, oldest first, with the likely origin.
//
// A [Corpus] takes [Document]s and produces a [Report] in stages: normalize
// and shingle each text ([github.com/quotetrace/quotetrace/shingle]), sign it
// with MinHash and find near-duplicate pairs with LSH
// ([github.com/quotetrace/quotetrace/similarity]), find pairs that share
// short runs of words by sorting their link keys, align their shared passages
// word by word, recognize quotations and their speakers
// ([github.com/quotetrace/quotetrace/dedupe/quote]), and cluster the passages.
// The same stages are exported one by one (stages.go: [Matcher.Prepare],
// [Prepared.AppendLinkKeys], [AppendKeyPairs], [Matcher.Passages],
// [Matcher.Duplicate], [Assemble]) for an engine that runs them apart, as the
// Beam pipeline in the nested beam module does; [Corpus.Report] calls the
// same functions. A [Reader] reads directories of .txt files, single .txt
// files and JSONL, naming every bad line as file:line ([InputError]).
//
// A cluster is one passage, built around a centre and verified against it,
// as BLAST builds hits around a query sequence and passim groups reused
// passages: each document's sides of its pairwise passages are reconciled
// into regions first, regions are taken as centres by the words they share
// with other documents, and every member's span is trimmed to what it
// shares with the centre and kept only with a similarity to it of at least
// [MemberSimilarity]. Nothing joins a cluster through another member, so
// unrelated stories that share one phrase after another are not chained
// into one (as transitive closure over pairwise passages does), and a
// quotation carried by thousands of articles costs one verification per
// carrier, not one alignment per pair. Stock phrases are left out and
// outlets' boilerplate is marked as such, by what it is (short, a piece of
// a sentence, at the edges of articles that share nothing else), never by
// how often it occurs. See cluster.go for the rules.
//
// Every span in a Report is a byte range of the document text exactly as it
// was given: Text[Start:End] is the passage, whatever normalization the
// detection used.
package dedupe
