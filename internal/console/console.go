// Package console is Virga's web console: a single-page application,
// embedded in the binary and served at /console/, that signs every call to
// Virga's APIs in the browser with the access key its user signed in with,
// as the SDKs do. Beside the pages it serves the little the AWS APIs do not
// have: saved test events, sample events and the recent metrics the charts
// draw, behind the same signatures.
package console

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/metrics"
	"github.com/virga-dev/virga/internal/sigv4"
	"github.com/virga-dev/virga/internal/store"
)

// Path is where the console is served.
const Path = "/console"

// Verifier authenticates signed requests.
type Verifier interface {
	Verify(r *http.Request, body []byte, now time.Time) (sigv4.Identity, error)
}

// Series gives a function's recent metrics.
type Series interface {
	Samples(function string) []metrics.Sample
}

// Events is the bucket that keeps saved test events: one entry per
// account and function, a JSON object of event names to events.
type Events interface {
	Get(ctx context.Context, key string) (store.Entry, error)
	// Create and Update store a value if the key is new, or still at rev.
	Create(ctx context.Context, key string, value []byte) (uint64, error)
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
}

// Config is what the console needs besides its collaborators.
type Config struct {
	// Account is the administrator's, whose functions the metrics are of.
	Account string
	Logger  *slog.Logger
}

// Console serves the pages and the console's own API.
type Console struct {
	cfg    Config
	auth   Verifier
	events Events
	series Series
	log    *slog.Logger
}

// New builds the console.
func New(cfg Config, auth Verifier, events Events, series Series) *Console {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Console{cfg: cfg, auth: auth, events: events, series: series, log: log.With("component", "console")}
}

// Claims tells the console's requests from others below Path: /console and
// what is below /console/, unsigned (the pages) or signed for the console.
// A bucket named "console" keeps its path-style requests, signed for S3.
func Claims(r *http.Request) bool {
	if r.URL.Path != Path && !strings.HasPrefix(r.URL.Path, Path+"/") {
		return false
	}
	scope := sigv4.ScopeService(r)
	return scope == "" || scope == service
}

// Handler serves every path below Path: the pages to anyone, the API to
// signed requests.
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET "+Path, http.RedirectHandler(Path+"/", http.StatusMovedPermanently))
	mux.Handle(Path+"/", pages())
	api := map[string]handler{
		"GET /api/samples":                                c.listSamples,
		"GET /api/samples/{source}":                       c.getSample,
		"GET /api/functions/{function}/events":            c.listEvents,
		"PUT /api/functions/{function}/events/{event}":    c.putEvent,
		"DELETE /api/functions/{function}/events/{event}": c.deleteEvent,
		"GET /api/functions/{function}/metrics":           c.functionMetrics,
	}
	for route, h := range api {
		method, path, _ := cut(route)
		mux.Handle(method+" "+Path+path, c.signed(h))
	}
	mux.Handle(Path+"/api/", c.signed(func(*call) error { return errorf(http.StatusNotFound, "no such console API") }))
	return headers(mux)
}

func cut(route string) (method, path string, ok bool) {
	for i := range route {
		if route[i] == ' ' {
			return route[:i], route[i+1:], true
		}
	}
	return "", route, false
}
