package awsproto

import (
	"net/url"
	"slices"
	"sort"
)

// The parameters of a request, sorted so that every key under a prefix
// ("Tags.member.1.Key", "Tags.member.1.Value", "Tags.member.2.Key" under
// "Tags") forms one run. Decoding then finds a member by binary search and
// walks a list's elements by scanning its run once, without building a tree
// or allocating per key.

// pair is one parameter.
type pair struct{ key, value string }

// params is a run of parameters that share their first off bytes: the
// prefix of the member being decoded and its trailing dot.
type params struct {
	pairs []pair
	off   int
}

// group is what a request says about one member: its own value, if sent,
// and the parameters nested under it.
type group struct {
	path     string // the member's wire name
	value    string
	hasValue bool
	children params
}

// newParams sorts a request's parameters, keeping the first value of each.
func newParams(values url.Values) params {
	pairs := make([]pair, 0, len(values))
	for k, vs := range values {
		var v string
		if len(vs) > 0 {
			v = vs[0]
		}
		pairs = append(pairs, pair{k, v})
	}
	slices.SortFunc(pairs, func(a, b pair) int { return compareKeys(a.key, b.key) })
	return params{pairs: pairs}
}

// compareKeys orders keys bytewise, except that a dot sorts before every
// other byte: so "Tags", "Tags.member.1" and "Tags.member.2" come before
// "Tags-x", and a prefix's keys are contiguous.
func compareKeys(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return rank(a[i]) - rank(b[i])
		}
	}
	return len(a) - len(b)
}

func rank(c byte) int {
	if c == '.' {
		return -1
	}
	return int(c)
}

// under reports whether s names something nested in name.
func under(s, name string) bool {
	return len(s) > len(name) && s[len(name)] == '.' && s[:len(name)] == name
}

// lookup finds the member called name.
func (p params) lookup(name string) group {
	var g group
	i, found := slices.BinarySearchFunc(p.pairs, name, func(e pair, t string) int {
		return compareKeys(e.key[p.off:], t)
	})
	if found {
		g.path, g.value, g.hasValue = p.pairs[i].key, p.pairs[i].value, true
		i++
	}
	rest := p.pairs[i:]
	n := sort.Search(len(rest), func(j int) bool { return !under(rest[j].key[p.off:], name) })
	if n > 0 {
		g.children = params{pairs: rest[:n], off: p.off + len(name) + 1}
		g.path = rest[0].key[:p.off+len(name)]
	}
	return g
}

func (p params) empty() bool { return len(p.pairs) == 0 }

// path is the wire name of the member these parameters are nested in.
func (p params) path() string {
	if p.empty() || p.off == 0 {
		return ""
	}
	return p.pairs[0].key[:p.off-1]
}

// segments yields, once each and in key order, the first dot-separated
// segment of every parameter.
func (p params) segments(yield func(string) bool) {
	for i := 0; i < len(p.pairs); {
		seg := firstSegment(p.pairs[i].key[p.off:])
		if !yield(seg) {
			return
		}
		for i++; i < len(p.pairs) && under(p.pairs[i].key[p.off:], seg); i++ {
		}
	}
}

func firstSegment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return s[:i]
		}
	}
	return s
}
