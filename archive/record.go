package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/quotetrace/quotetrace/dedupe"
	"github.com/quotetrace/quotetrace/shingle"
)

func dedupeAnalysis(p Params) shingle.Options {
	return shingle.Options{Language: p.Language, NoStemming: p.NoStemming, StopWords: p.StopWords, Seed: p.Seed}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// A document record, version 1, sealed with a CRC-32C:
//
//	version   byte (1)
//	id, published (RFC 3339, "" if unknown), source, url, text:
//	          each a uvarint length and its bytes
const recordVersion = 1

func encodeRecord(d dedupe.Document) []byte {
	n := 1 + 5*binary.MaxVarintLen64 + len(d.ID) + len(d.Source) + len(d.URL) + len(d.Text) + 40
	b := make([]byte, 0, n)
	b = append(b, recordVersion)
	published := ""
	if !d.Published.IsZero() {
		published = d.Published.Format(time.RFC3339Nano)
	}
	for _, f := range []string{d.ID, published, d.Source, d.URL, d.Text} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return seal(b)
}

var errRecord = errors.New("malformed record")

// parseRecord checks a record and returns its fields, pointing into v.
func parseRecord(v []byte) ([5][]byte, error) {
	var fields [5][]byte
	b, err := unseal(v)
	if err != nil {
		return fields, err
	}
	if len(b) == 0 || b[0] != recordVersion {
		return fields, errRecord
	}
	b = b[1:]
	for i := range fields {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return fields, errRecord
		}
		fields[i] = b[k : k+int(n) : k+int(n)]
		b = b[k+int(n):]
	}
	if len(b) != 0 {
		return fields, errRecord
	}
	return fields, nil
}

func parsePublished(field []byte) (time.Time, error) {
	if len(field) == 0 {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, string(field))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: published %q", errRecord, field)
	}
	return t, nil
}

func decodeRecord(v []byte) (dedupe.Document, error) {
	f, err := parseRecord(v)
	if err != nil {
		return dedupe.Document{}, err
	}
	d := dedupe.Document{ID: string(f[0]), Source: string(f[2]), URL: string(f[3]), Text: string(f[4])}
	if d.Published, err = parsePublished(f[1]); err != nil {
		return dedupe.Document{}, err
	}
	return d, nil
}

// decodeHead checks a record and returns its id and date, and its text
// without copying it (valid as long as v): what ordering many documents
// oldest first, and finding a passage in them, need.
func decodeHead(v []byte) (id string, published time.Time, text []byte, err error) {
	f, err := parseRecord(v)
	if err != nil {
		return "", time.Time{}, nil, err
	}
	if published, err = parsePublished(f[1]); err != nil {
		return "", time.Time{}, nil, err
	}
	return string(f[0]), published, f[4], nil
}

func docKey(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }

// The prefixes lookups give: a seed hash; a band and its key. And the
// widths of whole keys.
const (
	seedPrefix = 8
	bandPrefix = 10
	seedWidth  = len(seedKey{})
	bandWidth  = len(bandKey{})
)

// seedKey is a seed shingle's index entry: hash | doc | word position.
type seedKey [16]byte

func makeSeedKey(hash uint64, doc uint32, pos int32) seedKey {
	var k seedKey
	binary.BigEndian.PutUint64(k[:], hash)
	binary.BigEndian.PutUint32(k[8:], doc)
	binary.BigEndian.PutUint32(k[12:], uint32(pos))
	return k
}

// bandKey is an LSH band's index entry: band | band key | doc.
type bandKey [14]byte

func makeBandKey(band int, key uint64, doc uint32) bandKey {
	var k bandKey
	binary.BigEndian.PutUint16(k[:], uint16(band))
	binary.BigEndian.PutUint64(k[2:], key)
	binary.BigEndian.PutUint32(k[10:], doc)
	return k
}

func dateString(t time.Time) string { return dedupe.FormatTime(t) }
