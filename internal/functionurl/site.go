// Package functionurl serves function URLs: it finds the URL a request
// names, by its host name (<url-id>.lambda-url.<region>.localhost) or by
// Virga's own path form (/_virga/url/<url-id>/<path>) for clients that
// cannot resolve such names; authorizes the caller as the URL's auth type
// requires; answers CORS preflights itself; and invokes the function with
// the request as a payload format 2.0 event, mapping its result back to
// HTTP as AWS does.
package functionurl

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logctx"
	"github.com/virga-dev/virga/internal/sigv4"
)

// PathPrefix begins Virga's own form of a function URL, which needs no
// name resolution: http://127.0.0.1:9000/_virga/url/<url-id>/<path>. The
// function sees only /<path>.
const PathPrefix = "/_virga/url/"

// Invoker runs functions.
type Invoker interface {
	Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Verifier authenticates SigV4-signed requests.
type Verifier interface {
	Verify(r *http.Request, body []byte, now time.Time) (sigv4.Identity, error)
}

// Config is what the site needs besides its collaborators.
type Config struct {
	// Account owns every function.
	Account string
	// Domain is what every URL's host name ends with after its id and a
	// dot: "lambda-url.us-east-1.localhost".
	Domain string
	Logger *slog.Logger
}

// Site serves function URLs.
type Site struct {
	cfg     Config
	urls    *Index
	invoker Invoker
	auth    Verifier
	log     *slog.Logger
}

// New serves the URLs urls knows.
func New(cfg Config, urls *Index, invoker Invoker, auth Verifier) *Site {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Site{cfg: cfg, urls: urls, invoker: invoker, auth: auth, log: log.With("component", "functionurl")}
}

// HostSuffix is the end of the host names the site answers for.
func (s *Site) HostSuffix() string { return "." + s.cfg.Domain }

// ServeHTTP serves one request to a function URL.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := &request{r: r, w: w, requestID: lambda.NewUUID(), received: time.Now()}
	req.id, req.rawPath = s.target(r)
	w.Header().Set("x-amzn-RequestId", req.requestID)
	t, ok := s.urls.lookup(req.id)
	if !ok {
		noSuchURL.write(w)
		return
	}
	req.target = t
	req.r = r.WithContext(logctx.With(r.Context(), "request_id", req.requestID, "function", t.url.Function))
	s.serve(req)
}

// target splits a request into the URL id it names and the path the
// function sees, kept as it was sent (still percent-encoded).
func (s *Site) target(r *http.Request) (id, rawPath string) {
	path := requestPath(r)
	if rest, ok := strings.CutPrefix(path, PathPrefix); ok {
		id, path, _ = strings.Cut(rest, "/")
		return id, "/" + path
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	id, _, _ = strings.Cut(host, ".")
	return strings.ToLower(id), path
}

// requestPath is the path of the request line as the client sent it.
func requestPath(r *http.Request) string {
	if strings.HasPrefix(r.RequestURI, "/") {
		path, _, _ := strings.Cut(r.RequestURI, "?")
		return path
	}
	return r.URL.EscapedPath()
}
