// Package english writes the few English forms the reports need, once for
// every package that writes them.
package english

import (
	"strconv"
	"strings"
)

// Count writes n and the noun, plural unless n is 1: "1 document",
// "3 documents", "2 entries", "2 sub-directories", "4 days".
func Count(n int, noun string) string {
	s := strconv.Itoa(n) + " "
	if n == 1 {
		return s + noun
	}
	if stem, ok := strings.CutSuffix(noun, "y"); ok && stem != "" && !strings.ContainsRune("aeiou", rune(stem[len(stem)-1])) {
		return s + stem + "ies"
	}
	return s + noun + "s"
}
