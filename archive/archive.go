// Package archive keeps articles in an index on disk that grows article by
// article, so that a new story can be checked against years of news: which
// of its passages and quotations the archive already holds, and where they
// appeared first.
//
// An archive is one file managed by bbolt (go.etcd.io/bbolt), an embedded
// copy-on-write B+tree: every Add is one transaction, so a process killed
// during it leaves the archive exactly as it was before; a second writer is
// refused by a file lock while any number of readers share it. On top of
// bbolt's own checked meta pages, the archive keeps a versioned header with
// the analysis parameters (checked on every open) and a checksum on every
// stored document. Adding costs O(article · log archive). A query touches the
// index entries of its own phrases, and answers with the report's cluster
// model: each passage of the article the archive holds, with its origin and
// every archived document that carries it (see Cluster); so it grows with
// how many documents carry its passages, aligning at most MaxMembers of
// them for each, and otherwise only with the logarithm.
//
// Report runs a report (dedupe.Corpus.Report) over every archived document
// in the order they were added: an archive built article by article
// reports what one report over the same articles does.
package archive

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/shingle"
	"github.com/quotetrace/quotetrace/similarity"
)

// Errors of archives, checked with errors.Is.
var (
	ErrNotFound   = errors.New("archive: no archive at this path")
	ErrNotArchive = errors.New("archive: not a quotetrace archive")
	ErrVersion    = errors.New("archive: format version this build does not read")
	ErrDamaged    = errors.New("archive: damaged")
	ErrParams     = errors.New("archive: parameters differ from the archive's")
	ErrLocked     = errors.New("archive: in use by another writer")
	ErrReadOnly   = errors.New("archive: opened read-only")
)

// Format names the file format; Version is the only version this build
// reads, and the one it writes. Version 2 changed the shingle hash (a
// polynomial of the token hashes instead of xxhash64 of their bytes), so the
// seed and band keys of a version 1 archive mean nothing to this build.
// Version 3 packs each index segment's keys in blocks instead of one bolt
// key each. Version 4 hashes words to 32 bits, not 64, which changes every
// shingle hash again. An older archive must be built again from its
// articles.
const (
	Format  = "quotetrace-archive"
	Version = 4
)

var (
	bucketMeta  = []byte("meta")
	bucketDocs  = []byte("docs")  // doc number (4 bytes) → record
	bucketIDs   = []byte("ids")   // document id → doc number
	bucketSeeds = []byte("seeds") // seed hash (8) | doc number (4) → ""
	bucketBands = []byte("bands") // band (2) | band key (8) | doc number (4) → ""
	keyHeader   = []byte("header")
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Params are the analysis parameters an archive was built with. Everything
// stored depends on them, so they are fixed when the archive is created and
// checked whenever it is opened with options.
type Params struct {
	Format         string  `json:"format"`
	Version        int     `json:"version"`
	Seed           uint64  `json:"seed"`
	Language       string  `json:"language"`
	NoStemming     bool    `json:"no_stemming"`
	StopWords      bool    `json:"stop_words"`
	ShingleSize    int     `json:"shingle_size"`
	SeedSize       int     `json:"seed_size"`
	Permutations   int     `json:"permutations"`
	Threshold      float64 `json:"threshold"`
	Bands          int     `json:"bands"`
	Rows           int     `json:"rows"`
	MinContainment float64 `json:"min_containment"`
	MinWords       int     `json:"min_words"`
	MaxGap         int     `json:"max_gap"`
	MaxDocFreq     int     `json:"max_doc_freq"`
}

func paramsOf(opts dedupe.Options) (Params, error) {
	m, err := dedupe.NewMatcher(opts)
	if err != nil {
		return Params{}, err
	}
	o := m.Options()
	lsh, err := similarity.OptimalParams(o.Threshold, o.Permutations, 0.5, 0.5)
	if err != nil {
		return Params{}, fmt.Errorf("%w: %w", dedupe.ErrOptions, err)
	}
	lang := o.Analysis.Language
	if lang == "" {
		lang = "english"
	}
	return Params{
		Format: Format, Version: Version,
		Seed: o.Analysis.Seed, Language: lang, NoStemming: o.Analysis.NoStemming, StopWords: o.Analysis.StopWords,
		ShingleSize: o.ShingleSize, SeedSize: o.SeedSize, Permutations: o.Permutations, Threshold: o.Threshold,
		Bands: lsh.Bands, Rows: lsh.Rows, MinContainment: o.MinContainment,
		MinWords: o.MinWords, MaxGap: o.MaxGap, MaxDocFreq: o.MaxDocFreq,
	}, nil
}

// Options returns the dedupe options the parameters stand for.
func (p Params) Options() dedupe.Options {
	return dedupe.Options{
		ShingleSize: p.ShingleSize, SeedSize: p.SeedSize, Permutations: p.Permutations,
		Threshold: p.Threshold, MinContainment: p.MinContainment,
		MinWords: p.MinWords, MaxGap: p.MaxGap, MaxDocFreq: p.MaxDocFreq,
		Analysis: dedupeAnalysis(p),
	}
}

func (p Params) lsh() similarity.LSHParams {
	return similarity.LSHParams{Threshold: p.Threshold, Bands: p.Bands, Rows: p.Rows, Size: p.Permutations}
}

// diff names the fields where p and q differ.
func (p Params) diff(q Params) []string {
	var a, b map[string]any
	pj, _ := json.Marshal(p)
	qj, _ := json.Marshal(q)
	_ = json.Unmarshal(pj, &a)
	_ = json.Unmarshal(qj, &b)
	var out []string
	for _, k := range sortedKeys(a) {
		if fmt.Sprint(a[k]) != fmt.Sprint(b[k]) {
			out = append(out, fmt.Sprintf("%s %v (archive has %v)", k, a[k], b[k]))
		}
	}
	return out
}

// Config says how to open an archive.
type Config struct {
	// ReadOnly opens for queries and reports; any number of readers may
	// share an archive.
	ReadOnly bool
	// Create makes a new archive if none exists at the path (not with ReadOnly).
	Create bool
	// Options, when not nil, are the analysis options: a new archive is
	// made with them, an existing one must have been made with the same. When
	// nil, an existing archive's own parameters are used and a new one gets
	// the defaults. Their MaxMembers, which is not stored, bounds the
	// members a query's cluster lists and a report's clusters list
	// (default 1000).
	Options *dedupe.Options
	// Timeout is how long to wait for the file lock (default 1s).
	Timeout time.Duration
}

// Archive is an open archive. Its methods are safe for concurrent use.
type Archive struct {
	db       *bolt.DB
	path     string
	params   Params
	readOnly bool
	// maxMembers is Options.MaxMembers: the most members of a cluster that
	// are listed, and verified by a query.
	maxMembers int
	matchers   sync.Pool // *dedupe.Matcher, warm stemmer caches between calls
	// analyzers are kept warm (their word caches spare stemming) in a
	// list that, unlike a sync.Pool, a collection does not empty.
	analyzers chan *shingle.Analyzer
}

// matcher takes a Matcher from the pool or makes one; Put it back after use.
func (a *Archive) matcher() (*dedupe.Matcher, error) {
	if m, ok := a.matchers.Get().(*dedupe.Matcher); ok {
		return m, nil
	}
	return dedupe.NewMatcher(a.params.Options())
}

// Open opens the archive at path as cfg says.
func Open(path string, cfg Config) (a *Archive, err error) {
	defer guard()()
	defer recoverDamage(&err, path)
	info, statErr := os.Stat(path)
	switch {
	case statErr != nil && errors.Is(statErr, os.ErrNotExist):
		if cfg.ReadOnly || !cfg.Create {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, path)
		}
	case statErr != nil:
		return nil, fmt.Errorf("archive: %w", statErr)
	case info.IsDir():
		return nil, fmt.Errorf("%w: %s is a directory", ErrNotArchive, path)
	case info.Size() == 0:
		return nil, fmt.Errorf("%w: %s is an empty file", ErrNotArchive, path)
	default:
		if err := checkFile(path); err != nil {
			return nil, err
		}
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = time.Second
	}
	// A large initial map spares the writer remapping the file as it grows.
	// The freelist is read now, where a damaged one panics within
	// recoverDamage's reach, rather than in Tx.Check's goroutine.
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: timeout, ReadOnly: cfg.ReadOnly, InitialMmapSize: 1 << 30, PreLoadFreelist: true})
	if err != nil && statErr != nil && !errors.Is(err, bolterrors.ErrTimeout) {
		// A create that failed (no room for bbolt's first pages) would leave
		// an empty or partial file that the next open refuses.
		os.Remove(path)
	}
	if err != nil {
		switch {
		case errors.Is(err, bolterrors.ErrTimeout):
			return nil, fmt.Errorf("%w: %s (another process is adding to it; try again when it is done)", ErrLocked, path)
		case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch):
			return nil, fmt.Errorf("%w: %s: %w", ErrNotArchive, path, err)
		case errors.Is(err, os.ErrPermission), errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("archive: %w", err)
		}
		// The file passed the magic check, so bbolt's complaint (a bad
		// checksum, a truncated file, impossible page sizes) is damage.
		return nil, fmt.Errorf("%w: %s: %w", ErrDamaged, path, err)
	}
	db.AllocSize = allocSize(0) // Add sets it for the size it finds
	a = &Archive{db: db, path: path, readOnly: cfg.ReadOnly, analyzers: make(chan *shingle.Analyzer, runtime.GOMAXPROCS(0))}
	if err := a.init(cfg.Options, statErr != nil); err != nil {
		db.Close()
		if statErr != nil {
			os.Remove(path) // do not leave a half-made archive behind
		}
		return nil, err
	}
	opts := a.params.Options()
	if cfg.Options != nil {
		opts.MaxMembers = cfg.Options.MaxMembers
	}
	m, err := dedupe.NewMatcher(opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	a.maxMembers = m.Options().MaxMembers
	a.matchers.Put(m)
	return a, nil
}

// allocSize is how far past its need a file of size bytes grows when a
// write fills it: an eighth of its size, between 32 KiB and bbolt's default
// of 16 MiB. A fixed 16 MiB made an archive of five articles 16 MiB on
// disk; growth in proportion keeps the file sized to its content and the
// growths (each a truncate and fsync) logarithmic in its size.
func allocSize(size int64) int {
	const lo, hi = 32 << 10, 16 << 20
	return int(min(max(size/8, lo), hi))
}

// analyzer takes an Analyzer from the free list or makes one; put it back
// with putAnalyzer. Its tokens are the words of a Matcher's Prepared
// documents.
func (a *Archive) analyzer() (*shingle.Analyzer, error) {
	select {
	case an := <-a.analyzers:
		return an, nil
	default:
	}
	an, err := shingle.NewAnalyzer(dedupeAnalysis(a.params))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", dedupe.ErrOptions, err)
	}
	return an, nil
}

func (a *Archive) putAnalyzer(an *shingle.Analyzer) {
	select {
	case a.analyzers <- an:
	default: // enough are kept
	}
}

// init reads the header, or writes it for a new archive.
func (a *Archive) init(opts *dedupe.Options, fresh bool) error {
	var want *Params
	if opts != nil {
		p, err := paramsOf(*opts)
		if err != nil {
			return err
		}
		want = &p
	}
	if fresh {
		if want == nil {
			p, err := paramsOf(dedupe.Options{})
			if err != nil {
				return err
			}
			want = &p
		}
		a.params = *want
		return a.db.Update(func(tx *bolt.Tx) error {
			for _, name := range [][]byte{bucketMeta, bucketDocs, bucketIDs, bucketSeeds, bucketBands} {
				if _, err := tx.CreateBucket(name); err != nil {
					return err
				}
			}
			body, err := json.Marshal(a.params)
			if err != nil {
				return err
			}
			return tx.Bucket(bucketMeta).Put(keyHeader, seal(body))
		})
	}
	err := a.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("%w: %s has no quotetrace header", ErrNotArchive, a.path)
		}
		for _, name := range [][]byte{bucketDocs, bucketIDs, bucketSeeds, bucketBands} {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("%w: %s lacks its %s index", ErrDamaged, a.path, name)
			}
		}
		body, err := unseal(meta.Get(keyHeader))
		if err != nil {
			return fmt.Errorf("%w: %s: header: %w", ErrDamaged, a.path, err)
		}
		var p Params
		if err := json.Unmarshal(body, &p); err != nil || p.Format != Format {
			return fmt.Errorf("%w: %s", ErrNotArchive, a.path)
		}
		switch {
		case p.Version > Version:
			return fmt.Errorf("%w: %s is version %d, newer than this build's %d", ErrVersion, a.path, p.Version, Version)
		case p.Version < Version:
			return fmt.Errorf("%w: %s is version %d, an older format than this build's version %d; index its articles again",
				ErrVersion, a.path, p.Version, Version)
		}
		a.params = p
		return nil
	})
	if err != nil {
		return err
	}
	if want != nil {
		if d := want.diff(a.params); len(d) > 0 {
			return fmt.Errorf("%w: %s: %s", ErrParams, a.path, strings.Join(d, ", "))
		}
	}
	return nil
}

// boltMagic is the number bbolt writes in its meta pages, after the
// 16-byte page header, in the machine's byte order (little-endian on the
// platforms this builds for).
const boltMagic = 0xED0CDAED

// checkHeaders checks, before bbolt reads the file, what bbolt asserts of
// the pages that are not a bucket's when it checks or loads them (with a
// panic in a goroutine of its own, which no recover reaches): that the two
// meta pages, and the freelist page of the meta page bbolt uses (the valid
// one of the higher transaction), name themselves and have their page
// type, and that there is a freelist page, as an archive always writes
// one (without it bbolt rebuilds the list on a goroutine that panics at
// damage). Offsets follow bbolt's layout: a page header of id (8 bytes),
// flags (2), count (2) and overflow (4); then on a meta page magic,
// version, page size and flags (4 each), the root bucket (16), the
// freelist page (8), the page count (8), the transaction (8) and an
// FNV-64a checksum of what precedes it. The page size is meta page 0's,
// or, when that one is torn, the system's, where bbolt looks for meta
// page 1.
func checkHeaders(f *os.File) error {
	const (
		headerSize   = 16
		metaSize     = 64
		metaFlag     = 0x04
		freelistFlag = 0x10
		boltVersion  = 2
		noFreelist   = math.MaxUint64
	)
	pageSize := os.Getpagesize()
	var head [headerSize + metaSize]byte
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return fmt.Errorf("page 0: %w", err)
	}
	if n := binary.LittleEndian.Uint32(head[headerSize+8:]); binary.LittleEndian.Uint32(head[headerSize:]) == boltMagic && n >= 512 && n <= 1<<16 && n&(n-1) == 0 {
		pageSize = int(n)
	}
	page := func(id uint64, flag uint16) ([]byte, error) {
		b := make([]byte, headerSize+metaSize)
		if id > math.MaxInt64/uint64(pageSize) {
			return nil, fmt.Errorf("page %d: past the file", id)
		}
		if _, err := f.ReadAt(b, int64(id)*int64(pageSize)); err != nil {
			return nil, fmt.Errorf("page %d: %w", id, err)
		}
		if got := binary.LittleEndian.Uint64(b); got != id {
			return nil, fmt.Errorf("page %d names itself page %d", id, got)
		}
		if got := binary.LittleEndian.Uint16(b[8:]); got != flag {
			return nil, fmt.Errorf("page %d: flags %#x, want %#x", id, got, flag)
		}
		return b[headerSize:], nil
	}
	var use []byte // the meta bbolt uses
	for id := range uint64(2) {
		m, err := page(id, metaFlag)
		if err != nil {
			return err
		}
		h := fnv.New64a()
		h.Write(m[:56])
		valid := binary.LittleEndian.Uint32(m) == boltMagic && binary.LittleEndian.Uint32(m[4:]) == boltVersion &&
			binary.LittleEndian.Uint64(m[56:]) == h.Sum64()
		if valid && (use == nil || binary.LittleEndian.Uint64(m[48:]) > binary.LittleEndian.Uint64(use[48:])) {
			use = m
		}
	}
	if use == nil {
		return errors.New("no valid meta page")
	}
	fl := binary.LittleEndian.Uint64(use[32:])
	if fl == noFreelist {
		return errors.New("no freelist page")
	}
	if _, err := page(fl, freelistFlag); err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	return nil
}

// checkFile refuses, before bbolt reads it, a file that is not a bbolt
// file at all (ErrNotArchive) or whose meta or freelist pages bbolt would
// assert on (ErrDamaged, see checkHeaders).
func checkFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	defer f.Close()
	var head [20]byte
	if _, err := io.ReadFull(f, head[:]); err != nil || binary.LittleEndian.Uint32(head[16:]) != boltMagic {
		return fmt.Errorf("%w: %s", ErrNotArchive, path)
	}
	if err := checkHeaders(f); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrDamaged, path, err)
	}
	return nil
}

// Close closes the archive.
func (a *Archive) Close() error { return a.db.Close() }

// Params returns the archive's parameters.
func (a *Archive) Params() Params { return a.params }

// Path returns the archive's file.
func (a *Archive) Path() string { return a.path }

// seal prefixes body with its CRC-32C.
func seal(body []byte) []byte {
	out := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(body)), crc32.Checksum(body, castagnoli))
	return append(out, body...)
}

var errChecksum = errors.New("checksum mismatch")

// unseal checks and strips seal's prefix.
func unseal(v []byte) ([]byte, error) {
	if len(v) < 4 {
		return nil, errChecksum
	}
	if binary.BigEndian.Uint32(v) != crc32.Checksum(v[4:], castagnoli) {
		return nil, errChecksum
	}
	return v[4:], nil
}

// guard makes a memory fault in this goroutine a panic rather than a crash
// (bbolt reads pages straight from a memory map, and a corrupt page number
// can point past the file), and returns the function that restores the
// setting. Use it as: defer guard()().
func guard() func() {
	old := debug.SetPanicOnFault(true)
	return func() { debug.SetPanicOnFault(old) }
}

// recoverDamage turns a panic from reading a corrupt file into ErrDamaged:
// bbolt trusts its pages, and a flipped bit in a branch page can make it
// index out of range or fault.
func recoverDamage(err *error, path string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: %s: %v", ErrDamaged, path, r)
	}
}
