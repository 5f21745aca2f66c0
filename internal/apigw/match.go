package apigw

import (
	"net/url"
	"strings"
)

// match is the route a request matched and the values of its variables.
type match struct {
	route  *Route
	key    routeKey
	params map[string]string
}

// rank orders matches by AWS's precedence: a route without a greedy
// variable first, then the longest greedy prefix; at equal length, a
// literal segment before a variable, then the exact method before ANY.
type rank struct {
	greedy   bool
	length   int
	literals []bool
	exact    bool
}

func (r rank) beats(o rank) bool {
	if r.greedy != o.greedy {
		return !r.greedy
	}
	if r.length != o.length {
		return r.length > o.length
	}
	for i := range r.literals {
		if r.literals[i] != o.literals[i] {
			return r.literals[i]
		}
	}
	return r.exact && !o.exact
}

// matchRoute finds the route for method and path (the path within its
// stage, escaped), falling back to $default; ok is false when none matches.
func matchRoute(routes map[string]*Route, method, escapedPath string) (match, bool) {
	segments := splitPath(escapedPath)
	var best match
	var bestRank rank
	found := false
	var fallback *Route
	for _, r := range routes {
		if r.RouteKey == defaultRoute {
			fallback = r
			continue
		}
		key, err := parseRouteKey(r.RouteKey)
		if err != nil || (key.method != method && key.method != "ANY") {
			continue
		}
		params, rk, ok := key.match(segments)
		if !ok {
			continue
		}
		rk.exact = key.method == method
		if !found || rk.beats(bestRank) {
			best, bestRank, found = match{route: r, key: key, params: params}, rk, true
		}
	}
	if !found && fallback != nil {
		return match{route: fallback}, true
	}
	return best, found
}

// match matches the path's segments against the template.
func (rk routeKey) match(segments []string) (map[string]string, rank, bool) {
	fixed := rk.segments
	if rk.greedy {
		fixed = fixed[:len(fixed)-1]
		if len(segments) <= len(fixed) {
			return nil, rank{}, false
		}
	} else if len(segments) != len(fixed) {
		return nil, rank{}, false
	}
	params := map[string]string{}
	literals := make([]bool, len(fixed))
	for i, seg := range fixed {
		name, isVar := variable(seg)
		switch {
		case isVar && segments[i] == "":
			return nil, rank{}, false
		case isVar:
			params[name] = segments[i]
		case seg != segments[i]:
			return nil, rank{}, false
		default:
			literals[i] = true
		}
	}
	if rk.greedy {
		name, _ := variable(rk.segments[len(rk.segments)-1])
		params[strings.TrimSuffix(name, "+")] = strings.Join(segments[len(fixed):], "/")
	}
	return params, rank{greedy: rk.greedy, length: len(fixed), literals: literals}, true
}

// splitPath splits an escaped path into unescaped segments; "/" is none.
func splitPath(escaped string) []string {
	trimmed := strings.TrimPrefix(escaped, "/")
	if trimmed == "" {
		return nil
	}
	parts := strings.Split(trimmed, "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	return parts
}
