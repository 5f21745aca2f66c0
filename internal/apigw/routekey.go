package apigw

import (
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// defaultRoute is the key of the route that catches what no other matches.
const defaultRoute = "$default"

// routeKey is a parsed route key: a method (or ANY) and a path template
// whose segments are literals, {name} variables, or a last greedy {name+}.
type routeKey struct {
	method   string
	segments []string
	greedy   bool
}

var routeMethods = map[string]bool{
	"ANY": true, "GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true,
}

// parseRouteKey checks a RouteKey; $default parses to the zero routeKey.
func parseRouteKey(key string) (routeKey, error) {
	if key == defaultRoute {
		return routeKey{}, nil
	}
	method, path, ok := strings.Cut(key, " ")
	if !ok || !routeMethods[method] || !strings.HasPrefix(path, "/") {
		return routeKey{}, badRouteKey(key)
	}
	rk := routeKey{method: method}
	if path == "/" {
		return rk, nil
	}
	rk.segments = strings.Split(path[1:], "/")
	for i, seg := range rk.segments {
		name, isVar := variable(seg)
		switch {
		case seg == "", strings.ContainsAny(seg, " ?#"):
			return routeKey{}, badRouteKey(key)
		case isVar && strings.HasSuffix(name, "+"):
			if i != len(rk.segments)-1 || len(name) == 1 {
				return routeKey{}, aws.Errorf(aws.ErrInvalid, "Invalid route key %s: a greedy path variable must be the last segment of the path.", key)
			}
			rk.greedy = true
		case isVar && name == "":
			return routeKey{}, badRouteKey(key)
		case !isVar && strings.ContainsAny(seg, "{}"):
			return routeKey{}, badRouteKey(key)
		}
	}
	return rk, nil
}

func badRouteKey(key string) error {
	return aws.Errorf(aws.ErrInvalid,
		"Invalid route key %s: a route key is $default or an HTTP method (ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS), a space and a path that begins with /.", key)
}

// variable reports a {name} segment and its name.
func variable(seg string) (string, bool) {
	if len(seg) >= 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// path is the route key's path template, payload 1.0's resource.
func (rk routeKey) path() string { return "/" + strings.Join(rk.segments, "/") }
