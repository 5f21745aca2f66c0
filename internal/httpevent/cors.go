package httpevent

import (
	"net/http"
	"strconv"
	"strings"
)

// CORS is the cross-origin resource sharing an integration answers for
// its functions: it answers preflight requests itself, and its headers
// replace the function's own on every response to an allowed origin.
type CORS struct {
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	AllowCredentials bool
	MaxAge           *int
}

// IsPreflight reports whether r asks a browser's permission for a
// cross-origin request: OPTIONS with Origin and
// Access-Control-Request-Method.
func IsPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" && r.Header.Get("Access-Control-Request-Method") != ""
}

// Preflight sets the headers of the answer to a preflight request when its
// origin and method are allowed, and reports whether they are; otherwise h
// is left alone and the browser will refuse the request.
func (c CORS) Preflight(h http.Header, r *http.Request) bool {
	origin, ok := c.allowedOrigin(r.Header.Get("Origin"))
	if !ok || !c.allowsMethod(r.Header.Get("Access-Control-Request-Method")) {
		return false
	}
	c.setOrigin(h, origin)
	setList(h, "Access-Control-Allow-Methods", c.AllowMethods)
	setList(h, "Access-Control-Allow-Headers", c.AllowHeaders)
	if c.MaxAge != nil {
		h.Set("Access-Control-Max-Age", strconv.Itoa(*c.MaxAge))
	}
	return true
}

// Apply sets the configured CORS headers of a response to a request from
// origin, replacing the function's; a request from an origin not allowed
// (or from none) gets none.
func (c CORS) Apply(h http.Header, origin string) {
	allowed, ok := c.allowedOrigin(origin)
	if !ok {
		return
	}
	c.setOrigin(h, allowed)
	setList(h, "Access-Control-Expose-Headers", c.ExposeHeaders)
}

// setOrigin sets the allowed origin, credentials, and Vary when the answer
// depends on the origin.
func (c CORS) setOrigin(h http.Header, origin string) {
	h.Set("Access-Control-Allow-Origin", origin)
	if c.AllowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if origin != "*" && !strings.Contains(strings.ToLower(strings.Join(h.Values("Vary"), ",")), "origin") {
		h.Add("Vary", "Origin")
	}
}

// allowedOrigin is the Access-Control-Allow-Origin to answer origin with:
// "*" when every origin is allowed without credentials, else the origin
// itself when it is allowed.
func (c CORS) allowedOrigin(origin string) (string, bool) {
	if origin == "" {
		return "", false
	}
	for _, o := range c.AllowOrigins {
		switch {
		case o == "*" && !c.AllowCredentials:
			return "*", true
		case o == "*", strings.EqualFold(o, origin):
			return origin, true
		}
	}
	return "", false
}

func (c CORS) allowsMethod(method string) bool {
	for _, m := range c.AllowMethods {
		if m == "*" || strings.EqualFold(m, method) {
			return true
		}
	}
	return false
}

// setList sets a header to a configured list, unless the list is empty.
func setList(h http.Header, name string, values []string) {
	if len(values) > 0 {
		h.Set(name, strings.Join(values, ","))
	}
}
