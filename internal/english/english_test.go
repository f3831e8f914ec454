package english_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/quotetrace/quotetrace/internal/english"
)

func TestCount(t *testing.T) {
	for want, c := range map[string]struct {
		n    int
		noun string
	}{
		"1 document":        {1, "document"},
		"0 documents":       {0, "document"},
		"3 clusters":        {3, "cluster"},
		"2 entries":         {2, "entry"},
		"2 sub-directories": {2, "sub-directory"},
		"4 days":            {4, "day"},
		"1 entry":           {1, "entry"},
	} {
		assert.Equal(t, want, english.Count(c.n, c.noun))
	}
}
