package newsgen_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/internal/newsgen"
)

func TestDeterministicAndShaped(t *testing.T) {
	cfg := newsgen.Config{Docs: 200, Seed: 7}
	a, b := newsgen.All(cfg), newsgen.All(cfg)
	require.Len(t, a, 200)
	assert.Equal(t, a, b, "the same config gives the same corpus")
	assert.NotEqual(t, a, newsgen.All(newsgen.Config{Docs: 200, Seed: 8}))
	quoted, words := 0, 0
	for _, d := range a {
		if strings.Contains(d.Text, "” ") {
			quoted++
		}
		words += len(strings.Fields(d.Text))
	}
	assert.InDelta(t, 0.3, float64(quoted)/200, 0.1)
	assert.InDelta(t, 600, float64(words)/200, 60)
}
