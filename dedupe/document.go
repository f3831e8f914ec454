package dedupe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// binarySniff is how much of a file is looked at for a NUL byte, the sign of
// a binary file (as git and grep judge it).
const binarySniff = 8000

// ReadDir reads every regular *.txt file of dir (not recursively), in name
// order, as a document whose id is the file name. A first line of the form
// " date YYYY-MM-DD" gives the publication date; the text stays as it is.
// A file with a NUL byte in its first 8000 bytes is binary: an error naming
// it (a NUL in JSONL text is accepted as text).
func ReadDir(dir string) ([]Document, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	var docs []Document
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".txt") || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInput, err)
		}
		if at := bytes.IndexByte(b[:min(len(b), binarySniff)], 0); at >= 0 {
			return nil, fmt.Errorf("%w: %s looks binary (a NUL byte at offset %d), not a text article", ErrInput, path, at)
		}
		doc := Document{ID: e.Name(), Text: string(b)}
		if m := datePrefix.FindStringSubmatch(doc.Text); m != nil {
			if t, err := time.Parse(time.DateOnly, m[1]); err == nil {
				doc.Published = t
			}
		}
		docs = append(docs, doc)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, nil
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
// unknown fields are ignored, blank lines skipped. An error names the input
// (name) and the line number.
func ReadJSONL(r io.Reader, name string) ([]Document, error) {
	br := bufio.NewReader(r)
	var docs []Document
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			doc, perr := parseLine(b)
			if perr != nil {
				return nil, fmt.Errorf("%w: %s:%d: %w", ErrInput, name, line, perr)
			}
			docs = append(docs, doc)
		}
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %w", ErrInput, name, line, err)
		}
	}
}

func parseLine(b []byte) (Document, error) {
	var j jsonDocument
	if err := json.Unmarshal(b, &j); err != nil {
		return Document{}, err
	}
	switch {
	case j.ID == nil:
		return Document{}, errors.New(`missing "id"`)
	case *j.ID == "":
		return Document{}, errors.New(`empty "id"`)
	case j.Text == nil:
		return Document{}, fmt.Errorf(`document %q: missing "text"`, *j.ID)
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

// Load reads documents from a directory, a .jsonl file, or "-" for JSONL on
// standard input.
func Load(path string) ([]Document, error) {
	if path == "-" {
		return ReadJSONL(os.Stdin, "stdin")
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	if info.IsDir() {
		return ReadDir(path)
	}
	if !strings.HasSuffix(path, ".jsonl") {
		return nil, fmt.Errorf("%w: %s: want a directory, a .jsonl file or -", ErrInput, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	defer f.Close()
	return ReadJSONL(f, path)
}
