package apigw

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// PathPrefix is the path form of an invoke URL, Virga's own for clients
// that cannot resolve *.localhost: http://<host>:<port>/_virga/apis/<api-id>/<stage>/<path>.
// The host form is AWS's: http://<api-id>.execute-api.localhost:<port>/<stage>/<path>.
// Both serve the same paths: the $default stage at the root, a named stage
// below its name.
const PathPrefix = "/_virga/apis/"

// HostSuffix is what the host names of invoke URLs end with, after the
// API's id: ".execute-api.localhost".
func (s *Server) HostSuffix() string { return "." + s.cfg.Domain }

// Limits of an HTTP API's requests.
const (
	maxRequestBody   = 10 << 20
	maxRequestHeader = 10240
)

// ServeHTTP serves the invoke URLs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := &exchange{w: w, r: r, id: newRequestID(), received: s.now(), traceID: r.Header.Get("X-Amzn-Trace-Id")}
	if x.traceID == "" {
		x.traceID = newTraceID(x.received)
	}
	w.Header().Set("Apigw-Requestid", x.id)
	id, domain, ok := s.locate(x)
	if !ok {
		x.fail(http.StatusNotFound, "Not Found")
		return
	}
	s.serve(x, id, domain)
}

// locate finds the API a request is for, and sets the request's path to
// the path within the API.
func (s *Server) locate(x *exchange) (id, domain string, ok bool) {
	host := x.r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if id, ok := strings.CutSuffix(host, s.HostSuffix()); ok && !strings.Contains(id, ".") {
		return id, host, id != ""
	}
	rest, ok := strings.CutPrefix(x.r.URL.EscapedPath(), PathPrefix)
	if !ok {
		return "", "", false
	}
	id, path, _ := strings.Cut(rest, "/")
	u := *x.r.URL
	if err := setEscapedPath(&u, "/"+path); err != nil {
		return "", "", false
	}
	r := x.r.Clone(x.r.Context())
	r.URL = &u
	x.r = r
	return id, id + s.HostSuffix(), id != ""
}

func (s *Server) serve(x *exchange, id, domain string) {
	a, err := s.load(x.r.Context(), id)
	switch {
	case errors.Is(err, aws.ErrNotFound):
		x.fail(http.StatusNotFound, "Not Found")
		return
	case err != nil:
		x.internal(s, "load API", err)
		return
	case a.DisableExecuteAPIEndpoint:
		x.fail(http.StatusForbidden, "Forbidden")
		return
	}
	if headerBytes(x.r) > maxRequestHeader {
		x.fail(http.StatusRequestHeaderFieldsTooLarge, "Request Header Fields Too Large")
		return
	}
	body, err := io.ReadAll(io.LimitReader(x.r.Body, maxRequestBody+1))
	if err != nil {
		x.fail(http.StatusBadRequest, "Bad Request")
		return
	}
	if len(body) > maxRequestBody {
		x.fail(http.StatusRequestEntityTooLarge, "Request Entity Too Large")
		return
	}
	x.api, x.body, x.domain = a, body, domain
	s.route(x)
}

// route finds the stage and the route, answers CORS preflights, runs the
// authorizer and then the integration.
func (s *Server) route(x *exchange) {
	if !x.pickStage() {
		x.fail(http.StatusNotFound, "Not Found")
		return
	}
	cors := x.api.CorsConfiguration
	if cors != nil && isPreflight(x.r) {
		cors.preflight(x.w, x.r)
		return
	}
	m, ok := matchRoute(x.config.Routes, x.r.Method, x.path)
	if !ok || m.route.Target == "" {
		x.fail(http.StatusNotFound, "Not Found")
		return
	}
	x.match = m
	if !s.authorize(x) {
		return
	}
	s.integrate(x)
}

// headerBytes is the size of the request line and headers as sent.
func headerBytes(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}
