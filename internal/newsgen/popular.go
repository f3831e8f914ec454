package newsgen

import (
	"math/rand/v2"
	"slices"
)

// Popular quotations: a few lines that everyone quotes, each carried by a
// share of all articles (Config.PopularRate), whatever else the article
// is, set at a sentence boundary of its body with the speaker named.
// Which articles carry one is a hash of the seed, the article's number and
// the quotation's, so a test can ask (CarriesPopular) without keeping
// state.

// speakerTitles precede a popular speaker's name.
var speakerTitles = []string{"Senator", "Governor", "Mayor", "Secretary", "President", "Minister", "Commissioner"}

// makePopular draws the popular quotations and their speakers with their
// own random numbers, so they depend on the seed and Vocab only.
func (g *Generator) makePopular() {
	rng := rand.New(rand.NewPCG(g.cfg.Seed, 0xbb67ae8584caa73b))
	for range g.cfg.PopularQuotes {
		words := make([]uint16, 12+rng.IntN(13))
		for i := range words {
			words[i] = g.dist.draw(rng)
		}
		speaker := speakerTitles[rng.IntN(len(speakerTitles))] + " " + person(rng)
		g.popular = append(g.popular, words)
		g.speakers = append(g.speakers, speaker)
		g.popularText = append(g.popularText, string(appendWords(nil, words)))
	}
}

// PopularQuote returns the text of popular quotation k, 0 <= k <
// Config.PopularQuotes, as it stands between the quotation marks of the
// articles that carry it verbatim, without the comma or full stop that
// closes it there: "Word word ... word". A carrier has it verbatim unless
// it has a tiny edit, as about 10 * EditRate of them (0.3 by default, none
// with a negative EditRate) have: one word dropped, replaced or swapped
// with the next.
func (g *Generator) PopularQuote(k int) string { return g.popularText[k] }

// PopularSpeaker returns who says popular quotation k, a title and a name,
// as every carrier names them.
func (g *Generator) PopularSpeaker(k int) string { return g.speakers[k] }

// CarriesPopular reports whether article i of the corpus (the i-th that
// Next returns, its ID "gen-" and i in 7 digits) carries popular quotation
// k. Each article carries each quotation by chance, with probability
// Config.PopularRate, independently; with PopularRate 1 or more every
// article carries every one.
func (g *Generator) CarriesPopular(i, k int) bool {
	if k < 0 || k >= len(g.popular) || g.cfg.PopularRate <= 0 {
		return false
	}
	if g.cfg.PopularRate >= 1 {
		return true
	}
	h := mix(mix(mix(g.cfg.Seed^0x3c6ef372fe94f82b)+uint64(i)) + uint64(k))
	return h>>11 < uint64(g.cfg.PopularRate*(1<<53))
}

// mix is the splitmix64 finalizer.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// addPopular sets the popular quotations article i carries into its body,
// b[start:], each at a sentence boundary drawn at random, and returns b.
func (g *Generator) addPopular(b []byte, start, i int) []byte {
	var carried []int
	for k := range g.popular {
		if g.CarriesPopular(i, k) {
			carried = append(carried, k)
		}
	}
	if len(carried) == 0 {
		return b
	}
	body := append(g.scratch[:0], b[start:]...)
	g.scratch = body
	// Sentences start at 0 and after ". " or a blank line; one more
	// boundary is the end.
	bounds := append(g.ends[:0], 0)
	for p := 2; p < len(body); p++ {
		if body[p-2] == '.' && body[p-1] == ' ' || body[p-2] == '\n' && body[p-1] == '\n' {
			bounds = append(bounds, p)
		}
	}
	bounds = append(bounds, len(body))
	g.ends = bounds
	at := make([]int, len(carried))
	for n := range at {
		at[n] = bounds[g.rng.IntN(len(bounds))]
	}
	slices.Sort(at)
	b, done := b[:start], 0
	for n, p := range at {
		b = append(b, body[done:p]...)
		done = p
		if p == len(body) {
			b = append(b, ' ')
		}
		b = g.popularSentence(b, carried[n])
		if p < len(body) {
			b = append(b, ' ')
		}
	}
	return append(b, body[done:]...)
}

// popularSentence appends popular quotation k, sometimes with a tiny edit,
// attributed to its speaker in one of the usual ways.
func (g *Generator) popularSentence(b []byte, k int) []byte {
	words := g.popular[k]
	if g.rng.Float64() < 10*g.cfg.EditRate && len(words) > 1 {
		words = slices.Clone(words)
		switch j := g.rng.IntN(len(words) - 1); g.rng.IntN(3) {
		case 0:
			words = slices.Delete(words, j, j+1)
		case 1:
			words[j], words[j+1] = words[j+1], words[j]
		default:
			words[j] = g.word()
		}
	}
	speaker := g.speakers[k]
	switch g.rng.IntN(5) {
	case 0:
		b = append(appendWords(append(b, "“"...), words), ",” "...)
		return append(append(b, speaker...), " said."...)
	case 1:
		b = append(appendWords(append(b, "“"...), words), ",” said "...)
		return append(append(b, speaker...), '.')
	case 2:
		b = append(append(b, speaker...), " said: “"...)
		return append(appendWords(b, words), ".”"...)
	case 3:
		b = append(appendWords(append(b, "“"...), words), ",” "...)
		return append(append(b, speaker...), " told reporters."...)
	default:
		b = append(append(append(b, "As "...), speaker...), " put it: “"...)
		return append(appendWords(b, words), ".”"...)
	}
}

// appendWords appends words separated by spaces, the first capitalized.
func appendWords(b []byte, words []uint16) []byte {
	for n, id := range words {
		if n == 0 {
			b = appendTitle(b, table[id])
		} else {
			b = append(append(b, ' '), table[id]...)
		}
	}
	return b
}
