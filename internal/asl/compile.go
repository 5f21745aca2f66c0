package asl

import (
	"strings"

	"github.com/theory/jsonpath/parser"
	"github.com/theory/jsonpath/registry"
	"github.com/theory/jsonpath/spec"
)

var (
	paths = newCache(parse)
	funcs = registry.New()
)

// compile parses a JSONPath written in Step Functions' (Jayway) dialect.
func compile(path string) (*spec.PathQuery, error) {
	return paths.get(path)
}

func parse(path string) (*spec.PathQuery, error) {
	if !strings.HasPrefix(path, "$") {
		return nil, invalidPath(path)
	}
	q, err := parser.Parse(funcs, rfcPath(path))
	if err != nil {
		return nil, invalidPath(path)
	}
	return q, nil
}

func invalidPath(path string) *Error {
	return runtimeError("Invalid path '%s'", path)
}
