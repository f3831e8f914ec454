package dedupe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/quotetrace/quotetrace/internal/english"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Document is one article.
type Document struct {
	// ID names the document; it must be unique in a corpus and not empty.
	ID string
	// Text is the article as published. Invalid UTF-8 is accepted: its bytes
	// separate words, and offsets still index the original bytes.
	Text string
	// Published is when it appeared; the zero time means unknown.
	Published time.Time
	// Source is the outlet, URL where it was found; both optional.
	Source, URL string
}

// Errors of documents and input, checked with errors.Is.
var (
	ErrDuplicateID = errors.New("dedupe: duplicate document id")
	ErrEmptyID     = errors.New("dedupe: empty document id")
	ErrInput       = errors.New("dedupe: bad input")
	ErrTooLarge    = errors.New("dedupe: document too large")
)

// datePrefix is the seed articles' first line: " date 2017-04-06 ...".
var datePrefix = regexp.MustCompile(`^\s*date\s+(\d{4}-\d{2}-\d{2})\b`)

// bom is the UTF-8 byte-order mark some editors write at a file's start.
const bom = "\ufeff"

// binarySniff is how much of a file is looked at for a NUL byte, the sign of
// a binary file (as git and grep judge it).
const binarySniff = 8000

// MaxIDBytes is the longest document id the readers accept: an id is a key
// of an archive, and a key of a few bytes to a few hundred is what an id
// is; a longer one is a mistake in the feed (a text in the id field).
const MaxIDBytes = 1024

// InputError is a bad line, file or document of the input. Its message has
// the shape compilers and grep use, "articles.jsonl:3: id is missing", or
// "articles/a.txt: looks binary ..." for a file read whole, so that every
// input error reads the same whichever command met it. It wraps [ErrInput]
// and the cause.
type InputError struct {
	Path string // the input as given, or "stdin"
	Line int    // the line, from 1; 0 for a file read whole
	Err  error
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

// Unwrap gives ErrInput and the cause to errors.Is and errors.As.
func (e *InputError) Unwrap() []error { return []error{ErrInput, e.Err} }

// inputError makes an *InputError, taking the cause out of an *fs.PathError
// (its path is the one already named).
func inputError(path string, line int, err error) *InputError {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &InputError{Path: path, Line: line, Err: err}
}

// Reader reads documents from directories of .txt files, single .txt files
// and JSONL. The zero value refuses the first bad line or file with an
// [*InputError], and leaves out directory entries it cannot read as
// articles (a broken link, a sub-directory, a device) without a word: set
// Skipped to hear of them. A Reader remembers the ids it has read, so an id
// read twice, from one input or two, is a bad line naming where it was
// first; use one Reader for all the inputs of a run.
type Reader struct {
	// SkipBad leaves out a bad JSONL line or a bad .txt file (binary, an id
	// seen before, too long) instead of failing, and tells Skipped. Errors
	// reading a file at all still stop the run.
	SkipBad bool
	// Skipped, when not nil, hears of each line, file or directory entry
	// left out, in input order.
	Skipped func(*InputError)
	// Stdin is what "-" reads (nil: os.Stdin).
	Stdin io.Reader
	// MaxDocBytes makes a longer text a bad line or file (0: DefaultMaxDocBytes).
	MaxDocBytes int

	seen map[string]string // id -> where it was read
}

// ReadDir reads every regular *.txt file of dir with a zero [Reader].
func ReadDir(dir string) ([]Document, error) { return new(Reader).ReadDir(dir) }

// ReadJSONL reads JSONL with a zero [Reader].
func ReadJSONL(r io.Reader, name string) ([]Document, error) { return new(Reader).ReadJSONL(r, name) }

// Load reads a directory, a .txt file, a .jsonl file or "-" with a zero [Reader].
func Load(path string) ([]Document, error) { return new(Reader).Load(path) }

// skip tells Skipped of err and returns nil when bad input is skipped, or
// returns err.
func (r *Reader) skip(err *InputError) error {
	if !r.SkipBad {
		return err
	}
	r.tell(err)
	return nil
}

func (r *Reader) tell(err *InputError) {
	if r.Skipped != nil {
		r.Skipped(err)
	}
}

func idTooLong(n int) error {
	return fmt.Errorf("id is %d bytes, over the limit of %d (dedupe.MaxIDBytes)", n, MaxIDBytes)
}

// check refuses a document whose id is too long or read before, or whose
// text is too long; at is where it was read.
func (r *Reader) check(d Document, at string) error {
	if len(d.ID) > MaxIDBytes {
		return idTooLong(len(d.ID))
	}
	limit := r.MaxDocBytes
	if limit <= 0 {
		limit = DefaultMaxDocBytes
	}
	if len(d.Text) > limit {
		return fmt.Errorf("%w: document %q is %d bytes, over the limit of %d", ErrTooLarge, d.ID, len(d.Text), limit)
	}
	if first, ok := r.seen[d.ID]; ok {
		return fmt.Errorf("%w: %q, first read at %s", ErrDuplicateID, d.ID, first)
	}
	if r.seen == nil {
		r.seen = make(map[string]string)
	}
	r.seen[d.ID] = at
	return nil
}

// ReadDir reads every *.txt file of dir (not recursively), in name order,
// each as one document (see [Reader.ReadFile]). Symbolic links to regular
// files are followed. A *.txt entry that is not a regular file (a broken
// link, a directory, a device) and a sub-directory are left out and told
// to Skipped; other files are not articles and are passed over. A
// directory with no article to read is an error that says what it holds.
func (r *Reader) ReadDir(dir string) ([]Document, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, inputError(dir, 0, err)
	}
	var docs []Document
	others := map[string]int{}  // what the directory holds besides articles
	for _, e := range entries { // os.ReadDir sorts by name
		path := filepath.Join(dir, e.Name())
		info, statErr := os.Stat(path) // follows links
		isTxt := strings.HasSuffix(e.Name(), ".txt")
		switch {
		case statErr != nil && isTxt:
			others["unreadable .txt entry"]++
			r.tell(inputError(path, 0, linkError(path, statErr)))
			continue
		case statErr != nil:
			others["unreadable entry"]++
			continue
		case info.IsDir():
			others["sub-directory"]++
			r.tell(inputError(path, 0, errors.New("a sub-directory (directories are read one level deep)")))
			continue
		case !info.Mode().IsRegular():
			others["special file"]++
			if isTxt {
				r.tell(inputError(path, 0, fmt.Errorf("not a regular file (%s)", info.Mode().Type())))
			}
			continue
		case !isTxt:
			ext := filepath.Ext(e.Name())
			if ext == "" {
				ext = "file"
			} else {
				ext += " file"
			}
			others[ext]++
			continue
		}
		doc, bad, err := r.readFile(path)
		if err != nil {
			return nil, err
		}
		if bad != nil {
			others["bad .txt file"]++
			if err := r.skip(bad); err != nil {
				return nil, err
			}
			continue
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return nil, inputError(dir, 0, nothingToRead(others))
	}
	return docs, nil
}

// linkError says why a directory entry could not be followed.
func linkError(path string, err error) error {
	if _, lerr := os.Lstat(path); lerr == nil && errors.Is(err, fs.ErrNotExist) {
		if to, rerr := os.Readlink(path); rerr == nil {
			return fmt.Errorf("a broken link to %s", to)
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ErrNothingToRead is a directory without an article in it.
var ErrNothingToRead = errors.New("no .txt file to read")

// nothingToRead says what a directory without articles holds instead.
func nothingToRead(others map[string]int) error {
	if len(others) == 0 {
		return fmt.Errorf("%w: the directory is empty", ErrNothingToRead)
	}
	kinds := make([]string, 0, len(others))
	for k := range others {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = english.Count(others[k], k)
	}
	hint := ""
	switch {
	case others[".jsonl file"] > 0:
		hint = ": give a .jsonl file itself as the input"
	case others[".json file"] > 0:
		hint = ": did you mean a .jsonl file (one JSON object a line)?"
	}
	return fmt.Errorf("%w: it holds %s%s", ErrNothingToRead, strings.Join(parts, ", "), hint)
}

// ReadFile reads one .txt file as a document whose id is the file name. A
// first line of the form " date YYYY-MM-DD" (after a byte-order mark, if
// the file starts with one) gives the publication date; the text stays as
// it is, mark and all, so offsets index the file's bytes. A file with a NUL
// byte in its first 8000 bytes is binary: an error naming it (a NUL in
// JSONL text is accepted as text).
func (r *Reader) ReadFile(path string) (Document, error) {
	doc, bad, err := r.readFile(path)
	if bad != nil {
		return Document{}, bad
	}
	return doc, err
}

// readFile reads a .txt file: an error reading it, or what is bad in it
// (which SkipBad may skip).
func (r *Reader) readFile(path string) (doc Document, bad *InputError, err error) {
	limit := r.MaxDocBytes
	if limit <= 0 {
		limit = DefaultMaxDocBytes
	}
	text, err := readText(path, limit)
	if errors.Is(err, ErrTooLarge) {
		return Document{}, inputError(path, 0, err), nil
	}
	if err != nil {
		return Document{}, nil, inputError(path, 0, err)
	}
	if at := strings.IndexByte(text[:min(len(text), binarySniff)], 0); at >= 0 {
		return Document{}, inputError(path, 0, fmt.Errorf("looks binary (a NUL byte at offset %d), not a text article", at)), nil
	}
	doc = Document{ID: filepath.Base(path), Text: text}
	if m := datePrefix.FindStringSubmatch(strings.TrimPrefix(doc.Text, bom)); m != nil {
		if t, err := time.Parse(time.DateOnly, m[1]); err == nil {
			doc.Published = t
		}
	}
	if err := r.check(doc, path); err != nil {
		return Document{}, inputError(path, 0, err), nil
	}
	return doc, nil, nil
}

// readText reads a file into a string without the copy that
// string(os.ReadFile(path)) makes, which for a long article doubled the
// memory it took.
func readText(path string, limit int) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() < math.MaxInt32 {
		if info.Size() > int64(limit) { // refused before it is read into memory
			return "", fmt.Errorf("%w: %d bytes, over the limit of %d", ErrTooLarge, info.Size(), limit)
		}
		b.Grow(int(info.Size()) + 1) // +1: the read that finds the end
	}
	// A file that grows, or is not a regular one, is read no further than
	// the limit either.
	if n, err := io.Copy(&b, io.LimitReader(f, int64(limit)+1)); err != nil {
		return "", err
	} else if n > int64(limit) {
		return "", fmt.Errorf("%w: more than the limit of %d bytes", ErrTooLarge, limit)
	}
	return b.String(), nil
}

// jsonDocument is a line of JSONL input.
type jsonDocument struct {
	ID        *string `json:"id"`
	Text      *string `json:"text"`
	Published string  `json:"published"`
	Source    string  `json:"source"`
	URL       string  `json:"url"`
}

// ReadJSONL reads one JSON object a line: {"id", "text", "published"
// (YYYY-MM-DD or RFC 3339), "source", "url"}; id and text are required,
// unknown fields are ignored, blank lines and a byte-order mark before the
// first line skipped. A bad line is an [*InputError] naming the input
// (name) and the line number, or with SkipBad is told to Skipped and left
// out.
func (r *Reader) ReadJSONL(in io.Reader, name string) ([]Document, error) {
	br := bufio.NewReader(in)
	var docs []Document
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte(bom))
		}
		if len(bytes.TrimSpace(b)) > 0 {
			doc, perr := parseLine(b)
			if perr == nil {
				perr = r.check(doc, fmt.Sprintf("%s:%d", name, line))
			}
			if perr != nil {
				if serr := r.skip(inputError(name, line, perr)); serr != nil {
					return nil, serr
				}
			} else {
				docs = append(docs, doc)
			}
		}
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, inputError(name, line, err)
		}
	}
}

func parseLine(b []byte) (Document, error) {
	var j jsonDocument
	if err := json.Unmarshal(b, &j); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return Document{}, fmt.Errorf("not valid JSON: %v", se)
		case errors.As(err, &te) && te.Field != "":
			return Document{}, fmt.Errorf("%s is a JSON %s, want a string", te.Field, te.Value)
		case errors.As(err, &te):
			return Document{}, fmt.Errorf("a JSON %s, want an object", te.Value)
		}
		return Document{}, fmt.Errorf("not valid JSON: %w", err)
	}
	switch {
	case j.ID == nil:
		return Document{}, errors.New("id is missing")
	case *j.ID == "":
		return Document{}, errors.New("id is empty")
	case len(*j.ID) > MaxIDBytes:
		return Document{}, idTooLong(len(*j.ID))
	case j.Text == nil:
		return Document{}, fmt.Errorf("document %q: text is missing", *j.ID)
	}
	doc := Document{ID: *j.ID, Text: *j.Text, Source: j.Source, URL: j.URL}
	if j.Published != "" {
		t, err := ParseTime(j.Published)
		if err != nil {
			return Document{}, fmt.Errorf("document %q: %w", *j.ID, err)
		}
		doc.Published = t
	}
	return doc, nil
}

// ParseTime reads a publication time: YYYY-MM-DD or RFC 3339.
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("published %q is neither YYYY-MM-DD nor RFC 3339", s)
	}
	return t, nil
}

// FormatTime writes a publication time as reports do: YYYY-MM-DD for a date,
// RFC 3339 for a time of day, "" for unknown.
func FormatTime(t time.Time) string { return formatTime(t) }

// formatTime writes a publication time back: YYYY-MM-DD for a date, RFC 3339
// for a time of day, "" for unknown.
func formatTime(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Equal(t.Truncate(24*time.Hour)) && t.Location() == time.UTC:
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// Load reads documents from a directory of .txt files, a single .txt file,
// a .jsonl file, or "-" for JSONL on Stdin.
func (r *Reader) Load(path string) ([]Document, error) {
	if path == "-" {
		in := r.Stdin
		if in == nil {
			in = os.Stdin
		}
		return r.ReadJSONL(in, "stdin")
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, inputError(path, 0, err)
	}
	switch {
	case info.IsDir():
		return r.ReadDir(path)
	case strings.HasSuffix(path, ".txt"):
		doc, bad, err := r.readFile(path)
		if err != nil {
			return nil, err
		}
		if bad != nil {
			return nil, r.skip(bad)
		}
		return []Document{doc}, nil
	case !strings.HasSuffix(path, ".jsonl"):
		return nil, inputError(path, 0, errors.New("want a directory, a .txt file, a .jsonl file or -"))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, inputError(path, 0, err)
	}
	defer f.Close()
	return r.ReadJSONL(f, path)
}
