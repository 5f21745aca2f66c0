package awsproto

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// routes finds operations by method and path, as rest protocols name them.
// Patterns use net/http's syntax: a method, literal segments and {name}
// wildcards that each match one segment; matched values are set on the
// request (r.PathValue). A literal segment wins over a wildcard.
type routes []route

type route struct {
	method   string
	segments []string
	op       *Operation
}

func newRoutes(ops []Operation) routes {
	var rs routes
	for i := range ops {
		method, path, _ := strings.Cut(ops[i].Route, " ")
		rs = append(rs, route{method: method, segments: strings.Split(strings.Trim(path, "/"), "/"), op: &ops[i]})
	}
	return rs
}

// find routes r, setting its path values; no match is a NotFound.
func (rs routes) find(r *http.Request) (*Operation, error) {
	segments := pathSegments(r)
	var best *route
	bestLiterals := -1
	for i := range rs {
		rt := &rs[i]
		if n, ok := rt.match(r.Method, segments); ok && n > bestLiterals {
			best, bestLiterals = rt, n
		}
	}
	if best == nil {
		return nil, aws.Errorf(aws.ErrNotFound, "No operation matches %s %s", r.Method, r.URL.Path)
	}
	for i, s := range best.segments {
		if name, ok := wildcard(s); ok {
			r.SetPathValue(name, segments[i])
		}
	}
	return best.op, nil
}

// match reports whether the route matches, and how many literal segments
// it matched.
func (rt *route) match(method string, segments []string) (int, bool) {
	if rt.method != method && !(rt.method == http.MethodGet && method == http.MethodHead) {
		return 0, false
	}
	if len(segments) != len(rt.segments) {
		return 0, false
	}
	literals := 0
	for i, s := range rt.segments {
		if _, ok := wildcard(s); ok {
			if segments[i] == "" {
				return 0, false
			}
			continue
		}
		if s != segments[i] {
			return 0, false
		}
		literals++
	}
	return literals, true
}

func wildcard(segment string) (string, bool) {
	if len(segment) > 2 && segment[0] == '{' && segment[len(segment)-1] == '}' {
		return segment[1 : len(segment)-1], true
	}
	return "", false
}

// pathSegments splits the escaped path and unescapes each segment, so an
// escaped "/" stays inside its segment.
func pathSegments(r *http.Request) []string {
	parts := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	return parts
}
