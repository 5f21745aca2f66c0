package asl

import (
	"github.com/theory/jsonpath/spec"
)

// ErrResultPathMatch is the error of a ResultPath that cannot be applied to
// the state's input.
const ErrResultPathMatch = "States.ResultPathMatchFailure"

// PutResult applies ResultPath: path "$" replaces, "$.a.b" creates/overwrites, discard=true (ResultPath null) keeps input.
// The input is not modified: the maps on the way to the result are copied.
func PutResult(path string, discard bool, input, result any) (any, error) {
	if discard {
		return input, nil
	}
	q, err := referencePath(path)
	if err != nil {
		return nil, err
	}
	out, ok := put(q.Segments(), input, result)
	if !ok {
		return nil, &Error{Name: ErrResultPathMatch, Cause: "Unable to apply ResultPath '" + path + "' to input '" + compact(input) + "'"}
	}
	return out, nil
}

// ValidateReferencePath checks a ResultPath: a JSONPath naming one node,
// without wildcards, filters, slices or descendants.
func ValidateReferencePath(path string) error {
	if _, err := referencePath(path); err != nil {
		return &Error{Name: ErrInvalidPath, Cause: err.(*Error).Cause}
	}
	return nil
}

// referencePath parses a reference path: a JSONPath that names one node.
func referencePath(path string) (*spec.PathQuery, error) {
	q, err := compile(path)
	if err != nil {
		return nil, err
	}
	if q.Singular() == nil {
		return nil, runtimeError("Invalid path '%s': a reference path must name a single node", path)
	}
	return q, nil
}

// put returns doc with v placed at segs, creating objects where names are
// missing. It fails where a step meets a value of the wrong type.
func put(segs []*spec.Segment, doc, v any) (any, bool) {
	if len(segs) == 0 {
		return v, true
	}
	switch sel := segs[0].Selectors()[0].(type) {
	case spec.Name:
		return putName(string(sel), segs[1:], doc, v)
	case spec.Index:
		return putIndex(int(sel), segs[1:], doc, v)
	}
	return nil, false
}

func putName(name string, rest []*spec.Segment, doc, v any) (any, bool) {
	obj, ok := doc.(map[string]any)
	if !ok && doc != nil {
		return nil, false
	}
	child, ok := put(rest, obj[name], v)
	if !ok {
		return nil, false
	}
	out := make(map[string]any, len(obj)+1)
	for k, x := range obj {
		out[k] = x
	}
	out[name] = child
	return out, true
}

func putIndex(i int, rest []*spec.Segment, doc, v any) (any, bool) {
	arr, ok := doc.([]any)
	if !ok {
		return nil, false
	}
	if i < 0 {
		i += len(arr)
	}
	if i < 0 || i >= len(arr) {
		return nil, false
	}
	child, ok := put(rest, arr[i], v)
	if !ok {
		return nil, false
	}
	out := append([]any(nil), arr...)
	out[i] = child
	return out, true
}
