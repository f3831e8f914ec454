package archive

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/quotetrace/quotetrace/dedupe"
)

// lcsDP is the longest common subsequence by the classic dynamic program.
func lcsDP(x, y []uint32) int {
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for i := range x {
		for j := range y {
			switch {
			case x[i] == y[j]:
				cur[j+1] = prev[j] + 1
			default:
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

func TestLCSSimilarity(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := func(n, vocab int) []uint32 {
		out := make([]uint32, n)
		for i := range out {
			out[i] = uint32(rng.IntN(vocab))
		}
		return out
	}
	var tab dedupe.WordLCS
	for _, c := range []struct {
		name        string
		nx, ny, voc int
	}{
		{"short", 5, 7, 4},
		{"one machine word", 64, 50, 10},
		{"across machine words", 65, 130, 20},
		{"long", 300, 257, 50},
	} {
		t.Run(c.name, func(t *testing.T) {
			for range 20 {
				x, y := words(c.nx, c.voc), words(c.ny, c.voc)
				tab.Reset(x)
				want := 2 * float64(lcsDP(x, y)) / float64(len(x)+len(y))
				assert.InDelta(t, want, tab.Similarity(y, 1<<20), 1e-12)
			}
		})
	}
	t.Run("identical", func(t *testing.T) {
		x := words(100, 30)
		tab.Reset(x)
		assert.Equal(t, 1.0, tab.Similarity(x, 1<<20))
	})
	t.Run("empty", func(t *testing.T) {
		tab.Reset(nil)
		assert.Zero(t, tab.Similarity([]uint32{1}, 1<<20))
	})
}

func TestPassagesReconcile(t *testing.T) {
	f := func(s, e int, doc uint32) found { return found{Found: Found{Start: s, End: e}, doc: doc} }
	spans := func(ps []passageOf) [][3]int {
		var out [][3]int
		for _, p := range ps {
			out = append(out, [3]int{p.start, p.end, len(p.found)})
		}
		return out
	}
	cases := []struct {
		name  string
		found []found
		want  [][3]int // start, end, pairwise passages
	}{
		{"overlapping by half or more are one", []found{f(0, 100, 1), f(10, 105, 2), f(40, 120, 3)}, [][3]int{{0, 120, 3}}},
		{"a short span inside a long one is its own", []found{f(0, 1000, 1), f(400, 450, 2), f(405, 452, 3)}, [][3]int{{0, 1000, 1}, {400, 452, 2}}},
		{"a slight overlap is two", []found{f(0, 100, 1), f(90, 200, 2)}, [][3]int{{0, 100, 1}, {90, 200, 1}}},
		{"apart are two", []found{f(0, 10, 1), f(20, 30, 1)}, [][3]int{{0, 10, 1}, {20, 30, 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, spans(passages(c.found)))
		})
	}
}
