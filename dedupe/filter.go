package dedupe

import (
	"fmt"
	"slices"
	"strings"
)

// Kinds are the cluster kinds, in the order reports name them.
var Kinds = []Kind{Quotation, Passage, Boilerplate}

// ParseKind returns the Kind named s ("quotation", "passage" or
// "boilerplate"), or an ErrOptions error naming the kinds there are.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.TrimSpace(s))
	if !slices.Contains(Kinds, k) {
		return "", fmt.Errorf("%w: unknown cluster kind %q (want quotation, passage or boilerplate)", ErrOptions, s)
	}
	return k, nil
}

// Filter chooses the clusters a reader wants. The zero Filter keeps every
// cluster.
type Filter struct {
	// Kinds kept; none means every kind.
	Kinds []Kind
	// MinSources is the fewest distinct sources a kept cluster has;
	// 0 or 1 keeps clusters whose documents name no source.
	MinSources int
}

// Keeps reports whether the filter keeps cluster c.
func (f Filter) Keeps(c *Cluster) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, c.Kind) {
		return false
	}
	return f.MinSources <= 1 || c.Sources >= f.MinSources
}

// zero reports whether the filter keeps everything.
func (f Filter) zero() bool { return len(f.Kinds) == 0 && f.MinSources <= 1 }

// String says what the filter keeps, as a report's note does.
func (f Filter) String() string {
	var parts []string
	if len(f.Kinds) > 0 {
		names := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			names[i] = string(k)
		}
		parts = append(parts, "kind "+strings.Join(names, " or "))
	}
	if f.MinSources > 1 {
		parts = append(parts, fmt.Sprintf("at least %d sources", f.MinSources))
	}
	if len(parts) == 0 {
		return "every cluster"
	}
	return strings.Join(parts, ", ")
}

// Filter returns a report holding the clusters f keeps, in the same order
// and with the same ids, and a note saying the filter and how many clusters
// it kept, so a filtered report never reads as a whole one. Documents and
// near-duplicates are kept whole. The zero Filter returns r itself;
// otherwise r is not changed and shares its clusters' members with the
// result.
func (r *Report) Filter(f Filter) *Report {
	if f.zero() {
		return r
	}
	out := *r
	out.Clusters = make([]Cluster, 0, len(r.Clusters))
	for i := range r.Clusters {
		if f.Keeps(&r.Clusters[i]) {
			out.Clusters = append(out.Clusters, r.Clusters[i])
		}
	}
	// Last, after the notes of the whole report, whatever their order.
	out.Notes = append(slices.Clone(r.Notes), fmt.Sprintf("filtered to %s: %d of %d clusters shown", f, len(out.Clusters), len(r.Clusters)))
	return &out
}
