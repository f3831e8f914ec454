package shingle_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/quotetrace/quotetrace/internal/newsgen"
	"github.com/quotetrace/quotetrace/shingle"
)

func terms(t *testing.T, a *shingle.Analyzer, text string) []string {
	t.Helper()
	var out []string
	for _, tok := range a.AppendTokens(nil, text) {
		out = append(out, a.Term(text, tok))
	}
	return out
}

func TestTokensKeepOriginalSpans(t *testing.T) {
	a, err := shingle.NewAnalyzer(shingle.Options{NoStemming: true})
	require.NoError(t, err)
	cases := []struct {
		name, text string
		words      []string // text[Start:End] of each token
		terms      []string
	}{
		{"ascii", "Twitter sued, on Thursday.", []string{"Twitter", "sued", "on", "Thursday"}, []string{"twitter", "sued", "on", "thursday"}},
		{"curly apostrophe", "Twitter’s users", []string{"Twitter", "s", "users"}, []string{"twitter", "s", "users"}},
		{"artefact apostrophe", "Twitter’ ’s users", []string{"Twitter", "s", "users"}, []string{"twitter", "s", "users"}},
		{"space before clitic", "Trump ’s inauguration", []string{"Trump", "s", "inauguration"}, []string{"trump", "s", "inauguration"}},
		{"initialism", "the U.S. Constitution", []string{"the", "U.S.", "Constitution"}, []string{"the", "us", "constitution"}},
		{"initialism at end", "by 11:45 A.M.", []string{"by", "11", "45", "A.M."}, []string{"by", "11", "45", "am"}},
		{"not an initialism", "U.Sa", []string{"U", "Sa"}, []string{"u", "sa"}},
		{"dashes and quotes", "“unmask” — civil-rights", []string{"unmask", "civil", "rights"}, []string{"unmask", "civil", "rights"}},
		{"nfkc and fold", "ＵＳ Straße ÉTÉ", []string{"ＵＳ", "Straße", "ÉTÉ"}, []string{"us", "strasse", "été"}},
		{"combining mark", "e\u0301te\u0301", []string{"e\u0301te\u0301"}, []string{"été"}},
		{"invalid utf8", "ab\xffcd \xc3", []string{"ab", "cd"}, []string{"ab", "cd"}},
		{"number split", "33 , 000 and 33,000", []string{"33", "000", "and", "33", "000"}, []string{"33", "000", "and", "33", "000"}},
		{"empty", "", nil, nil},
		{"only punctuation", " ’ ’ — . ", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			toks := a.AppendTokens(nil, c.text)
			var words []string
			for _, tok := range toks {
				require.True(t, 0 <= tok.Start && tok.Start < tok.End && tok.End <= len(c.text))
				words = append(words, c.text[tok.Start:tok.End])
			}
			assert.Equal(t, c.words, words)
			assert.Equal(t, c.terms, terms(t, a, c.text))
		})
	}
}

func TestVariantsHashAlike(t *testing.T) {
	a := shingle.New()
	pairs := [][2]string{
		{"Twitter’s users", "Twitter's users"},
		{"Twitter’ ’s users", "Twitter's users"},
		{"to the president ’s views on climate change", "to the president's views on climate change"},
		{"online , the government", "online, the government"},
		{"the US Constitution", "the U.S. Constitution"},
		{"anti Trump users", "anti-Trump users"},
		{"suppressing free speech", "suppress free speech"}, // stemming
	}
	for _, p := range pairs {
		t.Run(p[0], func(t *testing.T) {
			x := shingle.AppendHashes(nil, a.AppendTokens(nil, p[0]), 3, 0)
			y := shingle.AppendHashes(nil, a.AppendTokens(nil, p[1]), 3, 0)
			assert.Equal(t, x, y)
		})
	}
}

func TestStopWordsAndLanguages(t *testing.T) {
	a, err := shingle.NewAnalyzer(shingle.Options{StopWords: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"right", "anonym", "speech"}, terms(t, a, "the right to anonymous speech"))

	fr, err := shingle.NewAnalyzer(shingle.Options{Language: "french"})
	require.NoError(t, err)
	assert.Equal(t, []string{"continuel"}, terms(t, fr, "continuellement"))

	for _, opts := range []shingle.Options{{Language: "klingon"}, {Language: "klingon", NoStemming: true}, {Language: "klingon", StopWords: true}} {
		_, err = shingle.NewAnalyzer(opts)
		assert.ErrorIs(t, err, shingle.ErrLanguage)
	}
}

func TestShingles(t *testing.T) {
	a := shingle.New()
	text := "one two three four five"
	toks := a.AppendTokens(nil, text)
	require.Len(t, toks, 5)

	sh := shingle.AppendShingles(nil, toks, 3, 7)
	require.Len(t, sh, 3)
	for i, s := range sh {
		assert.Equal(t, int32(i), s.First)
		assert.Equal(t, int32(i+3), s.End)
	}
	// The hash depends on the words, not the position: the same window found
	// elsewhere hashes alike.
	other := a.AppendTokens(nil, "zero three four five six")
	osh := shingle.AppendShingles(nil, other, 3, 7)
	assert.Equal(t, sh[2].Hash, osh[1].Hash)
	assert.NotEqual(t, sh[0].Hash, sh[1].Hash)

	// AppendHashes agrees with AppendShingles.
	hs := shingle.AppendHashes(nil, toks, 3, 7)
	for i := range sh {
		assert.Equal(t, sh[i].Hash, hs[i])
	}
	// The seed changes every hash.
	assert.NotEqual(t, hs, shingle.AppendHashes(nil, toks, 3, 8))

	// Fewer tokens than k: one shingle over all of them; none for no tokens.
	short := shingle.AppendShingles(nil, toks[:2], 3, 7)
	require.Len(t, short, 1)
	assert.Equal(t, int32(2), short[0].End)
	assert.Empty(t, shingle.AppendShingles(nil, nil, 3, 7))

	assert.Panics(t, func() { shingle.AppendShingles(nil, toks, 0, 0) })
	assert.Panics(t, func() { shingle.AppendShingles(nil, toks, shingle.MaxK+1, 0) })
}

// The hashes are part of the on-disk and cross-process format: a token hash is
// the low 32 bits of xxhash64 of the term with the seed, a shingle hash the documented
// polynomial of the token hashes. Check against xxhash and the formula.
func TestHashesArePortable(t *testing.T) {
	a := shingle.New()
	a.Seed = 42
	toks := a.AppendTokens(nil, "Twitter sued the")
	require.Len(t, toks, 3)
	for i, term := range []string{"twitter", "su", "the"} {
		d := xxhash.NewWithSeed(42)
		_, _ = d.WriteString(term)
		assert.Equal(t, uint32(d.Sum64()), toks[i].Hash, term)
	}
	assert.Equal(t, []uint64{windowFormula(toks, 7)}, shingle.AppendHashes(nil, toks, 3, 7))
	assert.Equal(t, []uint64{windowFormula(toks, 7)}, shingle.AppendHashes(nil, toks, 5, 7), "fewer tokens than k")
	// Fixed values: a change here breaks every stored signature and archive.
	assert.Equal(t, uint64(0x98e731ae3cd07a23), windowFormula(toks, 7))

	a.Seed = 0
	assert.Equal(t, uint32(xxhash.Sum64String("twitter")), a.AppendTokens(nil, "Twitter")[0].Hash, "the low 32 bits of xxhash64")
}

// windowFormula is the documented shingle hash, computed directly.
func windowFormula(window []shingle.Token, seed uint64) uint64 {
	const m = 0x9e3779b97f4a7c15
	var p uint64
	for _, t := range window {
		p = p*m + uint64(t.Hash)
	}
	x := (p ^ seed) + uint64(len(window))*m
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// TestSlidingWindowIsTheFormula checks the rolling computation against the
// formula on every window, for several k.
func TestSlidingWindowIsTheFormula(t *testing.T) {
	text := newsgen.All(newsgen.Config{Docs: 1, Seed: 2})[0].Text
	toks := shingle.New().AppendTokens(nil, text)
	hashes := make([]uint32, len(toks))
	for i, t := range toks {
		hashes[i] = t.Hash
	}
	for _, k := range []int{1, 2, 5, 9, shingle.MaxK} {
		got := shingle.AppendShingles(nil, toks, k, 3)
		require.Len(t, got, len(toks)-k+1)
		for i, sh := range got {
			require.Equal(t, windowFormula(toks[sh.First:sh.End], 3), sh.Hash, "k=%d window %d", k, i)
			require.Equal(t, sh.Hash, shingle.WindowHash(hashes[sh.First:sh.End], 3))
		}
		// From the hashes alone, also for texts shorter than k.
		for _, n := range []int{0, 1, 2, k - 1, k, len(toks)} {
			n = max(0, n)
			want := shingle.AppendHashes(nil, toks[:n], k, 3)
			require.Equal(t, want, shingle.AppendHashesOf(nil, hashes[:n], k, 3), "k=%d, %d tokens", k, n)
			require.Len(t, want, max(min(n, 1), n-k+1))
		}
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"  Twitter’ ’s users  ":           "Twitter's users",
		"Trump ’s inauguration":           "Trump's inauguration",
		"speaker online , the government": "speaker online, the government",
		"’ ’    “Hello” — world . ’ ’":    `"Hello" - world.`,
		"users ’’    identity":            "users identity",
		"line\n\nbreaks\tand   spaces":    "line breaks and spaces",
		"ＵＳ":                              "US",
	}
	for in, want := range cases {
		assert.Equal(t, want, shingle.Clean(in), "Clean(%q)", in)
	}
}

func TestAnalyzerAllocatesNothing(t *testing.T) {
	a := shingle.New()
	text := strings.Repeat("The rights of free speech afforded Twitter’s users and Twitter itself under the First Amendment of the U.S. Constitution. ", 20)
	toks := a.AppendTokens(nil, text)
	sh := shingle.AppendShingles(nil, toks, 5, 1)
	hs := shingle.AppendHashes(nil, toks, 5, 1)
	allocs := testing.AllocsPerRun(50, func() {
		toks = a.AppendTokens(toks[:0], text)
		sh = shingle.AppendShingles(sh[:0], toks, 5, 1)
		hs = shingle.AppendHashes(hs[:0], toks, 5, 1)
	})
	assert.Zero(t, allocs)
}

// stages hides the concrete type of the default tokenizer, so an Analyzer
// built with it takes the stage-by-stage path instead of the fused one.
type stages struct{ shingle.Words }

// staged returns an Analyzer like a that runs its stages one by one.
func staged(a *shingle.Analyzer) *shingle.Analyzer {
	return &shingle.Analyzer{Tokenizer: stages{}, Normalizer: &shingle.Fold{}, Filters: a.Filters, Seed: a.Seed}
}

func TestFusedPathMatchesStages(t *testing.T) {
	long := strings.Repeat("x", 64)
	cases := map[string]string{
		"initialisms":   "U.S. a.m. A. I. e.g. U.S.A a.b.c. 1.2.3 x.Y",
		"non-ASCII":     "café naïve Straße ＵＳ e\u0301 ABC”def “quoted” ’s Zoë’s",
		"long words":    long + " " + long + "y " + long + "é " + strings.Repeat("ab", 100),
		"invalid UTF-8": "ok\xffno \xfe\xfeyes\xc3",
		"punctuation":   "well-known (2017), $4.5 million; self—made... end",
		"empty":         "",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			for _, opts := range []shingle.Options{{}, {NoStemming: true}, {StopWords: true, Seed: 9}} {
				a, err := shingle.NewAnalyzer(opts)
				require.NoError(t, err)
				assert.Equal(t, staged(a).AppendTokens(nil, text), a.AppendTokens(nil, text), "%+v", opts)
			}
		})
	}
	t.Run("news", func(t *testing.T) {
		a := shingle.New()
		s := staged(a)
		for _, d := range newsgen.All(newsgen.Config{Docs: 50, Seed: 3}) {
			toks := a.AppendTokens(nil, d.Text)
			require.True(t, slices.Equal(s.AppendTokens(nil, d.Text), toks), d.ID)
			for _, tok := range toks { // the word memory gives what hashing gives
				require.Equal(t, uint32(xxhash.Sum64String(a.Term(d.Text, tok))), tok.Hash, "%s %q", d.ID, d.Text[tok.Start:tok.End])
			}
		}
	})
}

// TestWordMemoryStartsAgain feeds more distinct words than an Analyzer
// remembers: after it forgets, every word still gets the hash a fresh
// Analyzer gives it.
func TestWordMemoryStartsAgain(t *testing.T) {
	a := shingle.New()
	var b strings.Builder
	for i := range 200_000 {
		fmt.Fprintf(&b, "w%dq%d ", i, i%7)
	}
	text := b.String()
	toks := a.AppendTokens(nil, text)
	require.Len(t, toks, 200_000)
	fresh := shingle.New().AppendTokens(nil, text)
	assert.True(t, slices.Equal(fresh, toks), "the same tokens as a fresh Analyzer")
	for _, tok := range toks[len(toks)-1000:] {
		require.Equal(t, uint32(xxhash.Sum64String(a.Term(text, tok))), tok.Hash, text[tok.Start:tok.End])
	}
	again := a.AppendTokens(nil, text[:strings.LastIndexByte(text[:len(text)/3], ' ')])
	assert.True(t, slices.Equal(fresh[:len(again)], again), "the same tokens after starting again")
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "U.S.", "Twitter’ ’s", "a.b.c", "\xff\xfe", "e\u0301", "ＵＳ Straße"} {
		f.Add(s)
	}
	a := shingle.New()
	s := staged(a)
	f.Fuzz(func(t *testing.T, text string) {
		toks := a.AppendTokens(nil, text)
		if want := s.AppendTokens(nil, text); !slices.Equal(want, toks) {
			t.Fatalf("fused path %v, stages %v for %q", toks, want, text)
		}
		prev := 0
		for _, tok := range toks {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) {
				t.Fatalf("bad span %d..%d after %d in %q", tok.Start, tok.End, prev, text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(text[tok.Start:tok.End]) {
				t.Fatalf("span %d..%d splits a rune in %q", tok.Start, tok.End, text)
			}
			// The span maps back exactly: on its own it is the same word.
			alone := a.AppendTokens(nil, text[tok.Start:tok.End])
			if len(alone) != 1 || alone[0].Hash != tok.Hash || alone[0].End != tok.End-tok.Start {
				t.Fatalf("span %d..%d %q does not stand for itself: %+v", tok.Start, tok.End, text[tok.Start:tok.End], alone)
			}
			prev = tok.End
		}
		again := a.AppendTokens(nil, text)
		if len(again) != len(toks) {
			t.Fatalf("not deterministic")
		}
		for i := range toks {
			if toks[i] != again[i] {
				t.Fatalf("not deterministic at %d", i)
			}
		}
	})
}
