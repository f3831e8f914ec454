// Package similarity measures how alike two texts' shingle sets are: exactly
// (Jaccard, containment), by MinHash sketches that merge and serialize, through
// an LSH index that finds likely-similar pairs without comparing all of them,
// and by TF-IDF cosine over sparse vectors.
//
// The sparse-vector type is written here rather than taken from
// github.com/james-bowman/sparse, which the project's design names but the Go
// module proxy refuses to serve; the project needs only sorted sparse vectors
// with dot products and norms, which is a few dozen lines.
//
// Every hash is seeded and portable (no map order, no hash/maphash), so
// signatures made on one machine compare with signatures made on another.
package similarity
