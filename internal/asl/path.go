package asl

import (
	"slices"
	"strings"

	"github.com/theory/jsonpath/spec"
)

// Path selects with a reference path or JSONPath: "$", "$.a.b[0]", "$['a b']", "$.a[*].b", "$..x",
// filters "[?(@.x > 1)]", "$$.Execution.Id" (context). Definite paths return the value; indefinite ones a []any.
func Path(path string, input, context any) (any, error) {
	doc, rel := input, path
	if strings.HasPrefix(path, "$$") {
		doc, rel = context, path[1:]
	}
	q, err := compile(rel)
	if err != nil {
		return nil, err
	}
	if q.Singular() == nil {
		return selectAll(q, doc), nil
	}
	v, ok := walk(q.Segments(), doc)
	if !ok {
		return nil, notFound(path, doc)
	}
	return v, nil
}

// ValidatePath checks the syntax of a reference path or JSONPath, context
// paths ("$$…") included.
func ValidatePath(path string) error {
	if strings.HasPrefix(path, "$$") {
		path = path[1:]
	}
	if _, err := compile(path); err != nil {
		return &Error{Name: ErrInvalidPath, Cause: err.(*Error).Cause}
	}
	return nil
}

// selectAll evaluates an indefinite path: the list of what it selects,
// empty rather than nil when it selects nothing. Where the path enumerates
// an object's members, Go maps have no document order, so the values come
// in the order of their normalized paths (member names sorted), the same
// on every run.
func selectAll(q *spec.PathQuery, doc any) []any {
	if !enumerates(q) {
		got := q.Select(doc, doc)
		if got == nil {
			return []any{}
		}
		return got
	}
	nodes := q.SelectLocated(doc, doc, nil)
	slices.SortStableFunc(nodes, func(a, b *spec.LocatedNode) int { return a.Path.Compare(b.Path) })
	got := make([]any, len(nodes))
	for i, n := range nodes {
		got[i] = n.Node
	}
	return got
}

// enumerates reports whether q has a descendant segment or a wildcard,
// whose order over objects Go leaves undefined.
func enumerates(q *spec.PathQuery) bool {
	for _, seg := range q.Segments() {
		if seg.IsDescendant() {
			return true
		}
		for _, sel := range seg.Selectors() {
			if _, ok := sel.(spec.WildcardSelector); ok {
				return true
			}
		}
	}
	return false
}

// walk follows the name and index selectors of a definite path.
func walk(segs []*spec.Segment, doc any) (any, bool) {
	cur := doc
	for _, seg := range segs {
		var ok bool
		if cur, ok = step(seg.Selectors()[0], cur); !ok {
			return nil, false
		}
	}
	return cur, true
}

// step applies one selector of a definite path.
func step(sel spec.Selector, cur any) (any, bool) {
	switch sel := sel.(type) {
	case spec.Name:
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		v, ok := obj[string(sel)]
		return v, ok
	case spec.Index:
		arr, ok := cur.([]any)
		if !ok {
			return nil, false
		}
		i := int(sel)
		if i < 0 {
			i += len(arr)
		}
		if i < 0 || i >= len(arr) {
			return nil, false
		}
		return arr[i], true
	}
	return nil, false
}
