package awsproto

import (
	"net/url"
	"slices"
	"sort"
	"strings"
)

// The parameters of a request, sorted, so that the keys under a prefix
// ("Tags.member.1.Key", "Tags.member.1.Value", "Tags.member.2.Key" under
// "Tags.") form one run. Decoding finds a member by binary search and walks
// a list's elements by scanning its run once, without building a tree or
// allocating per key.

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
	slices.SortFunc(pairs, func(a, b pair) int { return strings.Compare(a.key, b.key) })
	return params{pairs: pairs}
}

// under reports whether s names something nested in name.
func under(s, name string) bool {
	return len(s) > len(name) && s[len(name)] == '.' && s[:len(name)] == name
}

// lookup finds the member called name.
func (p params) lookup(name string) group {
	var g group
	if i, found := slices.BinarySearchFunc(p.pairs, name, p.compare); found {
		g.path, g.value, g.hasValue = p.pairs[i].key, p.pairs[i].value, true
	}
	i, _ := slices.BinarySearchFunc(p.pairs, name, p.compareUnder)
	rest := p.pairs[i:]
	n := sort.Search(len(rest), func(j int) bool { return !under(rest[j].key[p.off:], name) })
	if n > 0 {
		g.children = params{pairs: rest[:n], off: p.off + len(name) + 1}
		g.path = rest[0].key[:p.off+len(name)]
	}
	return g
}

// compare orders a parameter against the member called name.
func (p params) compare(e pair, name string) int { return strings.Compare(e.key[p.off:], name) }

// compareUnder orders a parameter against the keys nested in the member
// called name, all of which it takes as equal: a binary search with it
// finds the first of them.
func (p params) compareUnder(e pair, name string) int {
	s := e.key[p.off:]
	if len(s) <= len(name) {
		if c := strings.Compare(s, name); c != 0 {
			return c
		}
		return -1
	}
	if c := strings.Compare(s[:len(name)], name); c != 0 {
		return c
	}
	return int(s[len(name)]) - '.'
}

func (p params) empty() bool { return len(p.pairs) == 0 }

// path is the wire name of the member these parameters are nested in.
func (p params) path() string {
	if p.empty() || p.off == 0 {
		return ""
	}
	return p.pairs[0].key[:p.off-1]
}

// segments yields, in key order, the first dot-separated segment of every
// parameter: once each, provided that no segment that is a prefix of
// another is followed by a byte that sorts before the dot (as list indices,
// which are digits, never are).
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
