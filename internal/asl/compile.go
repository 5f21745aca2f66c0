package asl

import (
	"strings"
	"sync"

	"github.com/theory/jsonpath/parser"
	"github.com/theory/jsonpath/registry"
	"github.com/theory/jsonpath/spec"
)

// maxCached bounds the cache of compiled paths; definitions hold few
// distinct paths, so the bound only guards against unbounded input.
const maxCached = 4096

var (
	cacheMu sync.RWMutex
	cache   = map[string]*spec.PathQuery{}
	funcs   = registry.New()
)

// compile parses a JSONPath written in Step Functions' (Jayway) dialect.
func compile(path string) (*spec.PathQuery, error) {
	cacheMu.RLock()
	q, ok := cache[path]
	cacheMu.RUnlock()
	if ok {
		return q, nil
	}
	q, err := parse(path)
	if err != nil {
		return nil, err
	}
	cacheMu.Lock()
	if len(cache) < maxCached {
		cache[path] = q
	}
	cacheMu.Unlock()
	return q, nil
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
