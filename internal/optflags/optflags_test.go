package optflags_test

import (
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/internal/optflags"
)

func parse(t *testing.T, args ...string) *optflags.Analysis {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	a := optflags.Add(fs)
	fs.Int("other", 0, "a flag of the command's own")
	require.NoError(t, fs.Parse(args))
	return a
}

func TestDefaultsAreTheLibrarys(t *testing.T) {
	a := parse(t)
	assert.False(t, a.Given())
	o := a.Options()
	assert.Equal(t, 5, o.ShingleSize)
	assert.Equal(t, 3, o.SeedSize)
	assert.Equal(t, 0.5, o.Threshold)
	assert.Equal(t, 6, o.MinWords)
	assert.Equal(t, "english", o.Analysis.Language)
}

func TestFlagsReachTheOptions(t *testing.T) {
	a := parse(t, "--shingle-size", "7", "--threshold", "0.8", "--language", "french", "--no-stemming", "--stop-words", "--seed", "9")
	assert.True(t, a.Given())
	o := a.Options()
	assert.Equal(t, 7, o.ShingleSize)
	assert.Equal(t, 0.8, o.Threshold)
	assert.Equal(t, "french", o.Analysis.Language)
	assert.True(t, o.Analysis.NoStemming)
	assert.True(t, o.Analysis.StopWords)
	assert.Equal(t, uint64(9), o.Analysis.Seed)
	assert.False(t, parse(t, "--other", "3").Given(), "a flag of the command's own is no analysis flag")
}
