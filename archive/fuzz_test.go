package archive_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/quotetrace/quotetrace/archive"
	"github.com/quotetrace/quotetrace/dedupe"
)

// FuzzOpen opens arbitrary bytes as an archive: an error or a working
// archive, never a panic or a crash.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	valid := filepath.Join(dir, "valid.qta")
	a, err := archive.Open(valid, archive.Config{Create: true})
	if err != nil {
		f.Fatal(err)
	}
	doc := dedupe.Document{ID: "a", Text: `"To unmask an anonymous speaker online, the government must have a strong justification," she said.`}
	if _, err := a.Add([]dedupe.Document{doc}, archive.AddOptions{}); err != nil {
		f.Fatal(err)
	}
	a.Close()
	b, err := os.ReadFile(valid)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte{})
	f.Add([]byte("not an archive at all"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.qta")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := archive.Open(path, archive.Config{ReadOnly: true})
		if err != nil {
			for _, known := range []error{archive.ErrNotArchive, archive.ErrDamaged, archive.ErrVersion} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("unexpected error kind: %v", err)
		}
		defer a.Close()
		_, _ = a.Stats()
		_, _ = a.Query([]dedupe.Document{doc})
		_, _ = a.Documents()
	})
}
