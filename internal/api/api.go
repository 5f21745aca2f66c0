// Package api is Virga's front door: one HTTP endpoint for every AWS
// service Virga serves. It does only what every request shares — a request
// id, the choice of service (by X-Amz-Target, the SigV4 scope's service or
// the request's shape), SigV4 authentication, authorization of callers
// outside the administrator's account, by IAM policy evaluation for role
// sessions — and leaves the operation to the service, whose protocol
// renders its answer and its faults.
package api

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logctx"
	"github.com/virga-dev/virga/internal/sigv4"
)

// maxBody bounds every request body: CreateFunction's limit, the largest.
const maxBody = lambda.MaxCreateBody

// Verifier authenticates requests.
type Verifier interface {
	Verify(r *http.Request, body []byte, now time.Time) (sigv4.Identity, error)
	VerifyStream(r *http.Request, now time.Time) (sigv4.Identity, *sigv4.Stream, error)
}

// Config is what the front door needs besides its collaborators.
type Config struct {
	// Account is the administrator's account, which may do anything.
	Account string
	// Metrics, when set, is served at GET /metrics to requests that carry
	// MetricsToken as a bearer token.
	Metrics      http.Handler
	MetricsToken string
	// Health is added to the health check's answer beside "status": the
	// server's self-report for monitoring, such as "sandbox" (which
	// protections hold on this host); a value that is a func() any is
	// called at each request ("cluster": the members now).
	Health map[string]any
	// Sites are served beside the services, before them.
	Sites []Site
	// Roles gives the policies of the roles whose sessions call; nil
	// leaves role sessions only what resource-based policies grant.
	Roles Roles
	// Audit, when set, records every write and every refusal.
	Audit  Auditor
	Logger *slog.Logger
}

// Site is plain HTTP served beside the AWS services, such as function URLs
// and API invoke URLs: found by the end of the request's host name, or by a
// path prefix of Virga's own for clients that cannot resolve such names.
type Site struct {
	// Host is a suffix of the host name (".lambda-url.us-east-1.localhost").
	Host string
	// Path is a path prefix ("/_virga/url/"); the handler sees the whole path.
	// Sites are tried in order, before anything else the endpoint serves.
	Path string
	// Claims, when set, must also accept a request for the site to take it:
	// a site whose path a bucket's name could spell leaves S3's requests to S3.
	Claims  func(*http.Request) bool
	Handler http.Handler
}

// Server is the front door.
type Server struct {
	cfg      Config
	auth     Verifier
	services []*awsproto.Service
	byName   map[string]*awsproto.Service
	log      *slog.Logger
}

// New serves services; the first answers requests that name none of them.
func New(cfg Config, auth Verifier, services ...*awsproto.Service) *Server {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	s := &Server{cfg: cfg, auth: auth, services: services, byName: map[string]*awsproto.Service{}, log: log.With("component", "api")}
	for _, svc := range services {
		s.byName[svc.Name] = svc
	}
	return s
}

// Handler is the endpoint: the sites, then health (the one path open to
// anyone), metrics (to a bearer token) and every service (to a signature).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /_virga/health", health(s.cfg.Health))
	if s.cfg.Metrics != nil {
		mux.Handle("GET /metrics", bearer(s.cfg.MetricsToken, s.cfg.Metrics))
	}
	mux.Handle("/", trimSlash(http.HandlerFunc(s.serveHTTP)))
	return s.bySite(s.streaming(mux))
}

// streaming serves requests for streaming services as they came, before
// the mux cleans their paths (an S3 key may be "a//b" or end in "/"), and
// any other request with next.
func (s *Server) streaming(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if svc, _ := s.service(r); svc.Streaming {
			s.serveHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bySite sends a request whose host name ends in a site's suffix, or whose
// path begins with a site's prefix, to that site, and any other to next.
// Sites come first, and see the request as it came (no path cleaning), so
// that every path below a site's host is the site's own.
func (s *Server) bySite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.ToLower(host)
		for _, site := range s.cfg.Sites {
			matched := site.Host != "" && strings.HasSuffix(host, site.Host) || site.Path != "" && strings.HasPrefix(r.URL.Path, site.Path)
			if matched && (site.Claims == nil || site.Claims(r)) {
				site.Handler.ServeHTTP(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// health answers {"status":"ok"} with the self-report: values that are
// functions (func() any) are read at each request, the rest once.
func health(report map[string]any) http.Handler {
	body := map[string]any{"status": "ok"}
	live := map[string]func() any{}
	for k, v := range report {
		if f, ok := v.(func() any); ok {
			live[k] = f
			continue
		}
		body[k] = v
	}
	static, err := json.Marshal(body)
	if err != nil {
		static = []byte(`{"status":"ok"}`)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		data := static
		if len(live) > 0 {
			data = healthNow(body, live)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(data)
	})
}

// healthNow is the self-report with its live values read now.
func healthNow(body map[string]any, live map[string]func() any) []byte {
	now := make(map[string]any, len(body)+len(live))
	for k, v := range body {
		now[k] = v
	}
	for k, f := range live {
		now[k] = f()
	}
	data, err := json.Marshal(now)
	if err != nil {
		return []byte(`{"status":"ok"}`)
	}
	return data
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	svc, proto := s.service(r)
	id := lambda.NewUUID()
	r = r.WithContext(logctx.With(r.Context(), "request_id", id, "service", svc.Name))
	c := &awsproto.Call{W: w, R: r, RequestID: id, Protocol: proto}
	w.Header().Set("x-amzn-RequestId", id)
	err := s.serve(c, svc)
	if err != nil {
		s.fail(c, svc, err)
	}
	s.record(c, svc, err)
}

// service picks the service a request is for: the one whose json protocol
// its X-Amz-Target names, else the one its signature is scoped to, else the
// first that speaks its protocol.
func (s *Server) service(r *http.Request) (*awsproto.Service, awsproto.Protocol) {
	if r.Header.Get("X-Amz-Target") != "" {
		if svc, p, ok := s.speaking(r); ok {
			return svc, p
		}
	}
	if svc, ok := s.byName[sigv4.ScopeService(r)]; ok {
		return svc, svc.Protocol(r)
	}
	if svc, p, ok := s.speaking(r); ok {
		return svc, p
	}
	return s.services[0], s.services[0].Protocols[0]
}

func (s *Server) speaking(r *http.Request) (*awsproto.Service, awsproto.Protocol, bool) {
	for _, svc := range s.services {
		for _, p := range svc.Protocols {
			if p.Accepts(r) {
				return svc, p, true
			}
		}
	}
	return nil, nil, false
}

// serve authenticates the call, routes it, authorizes it and runs it. An
// unknown operation is answered only to a caller who signed correctly.
func (s *Server) serve(c *awsproto.Call, svc *awsproto.Service) error {
	if svc.Streaming {
		return s.serveStream(c, svc)
	}
	body, err := io.ReadAll(io.LimitReader(c.R.Body, maxBody+1))
	if err != nil {
		return aws.Errorf(aws.ErrMalformed, "Could not read request body: %v", err)
	}
	c.Body = body
	op, routeErr := c.Protocol.Route(c)
	if len(body) > maxBody {
		return tooLarge(op)
	}
	id, err := s.auth.Verify(c.R, c.Body, time.Now())
	if err != nil {
		c.Operation = op // for the audit trail: what was refused
		return unauthenticated(err)
	}
	c.Identity = id
	return s.run(c, svc, op, routeErr)
}

// serveStream is serve for a streaming service: the body stays unread, to
// be checked against the signature as the operation reads it.
func (s *Server) serveStream(c *awsproto.Call, svc *awsproto.Service) error {
	op, routeErr := c.Protocol.Route(c)
	id, stream, err := s.auth.VerifyStream(c.R, time.Now())
	if err != nil {
		return unauthenticated(err)
	}
	c.Identity, c.Stream = id, stream
	return s.run(c, svc, op, routeErr)
}

// run authorizes the routed call and runs its operation.
func (s *Server) run(c *awsproto.Call, svc *awsproto.Service, op *awsproto.Operation, routeErr error) error {
	if routeErr != nil {
		return routeErr
	}
	c.Operation = op
	c.R = c.R.WithContext(logctx.With(c.R.Context(), "operation", op.Name))
	if err := s.authorize(c, svc); err != nil {
		return err
	}
	return op.Handle(c)
}

func tooLarge(op *awsproto.Operation) error {
	name := "request"
	if op != nil {
		name = op.Name
	}
	return aws.Errorf(aws.ErrTooLarge, "Request must be smaller than %d bytes for the %s operation", maxBody, name)
}

// unauthenticated turns a signature check's refusal into an error of the
// kind every service maps, keeping its own code.
func unauthenticated(err error) error {
	var se *sigv4.Error
	if errors.As(err, &se) {
		return &aws.Error{Kind: aws.ErrUnauthenticated, Code: se.Code, Message: se.Message}
	}
	return err
}

// fail answers err in the service's protocol; an error the caller was not
// meant to see, and every refusal, is logged with the request.
func (s *Server) fail(c *awsproto.Call, svc *awsproto.Service, err error) {
	s.logDenied(c, svc, err)
	f, known := svc.Errors.Fault(err)
	if !known {
		s.log.ErrorContext(c.R.Context(), "request failed", "method", c.R.Method, "path", c.R.URL.Path, "err", err)
	}
	c.Protocol.Fault(c, f)
}

// trimSlash routes "/2015-03-31/functions/" like "/2015-03-31/functions":
// older botocore models (Debian's aws CLI v2) end some paths with a slash.
// Signatures are checked against the request as sent, so nothing else changes.
func trimSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
			r.URL.Path = strings.TrimSuffix(p, "/")
			r.URL.RawPath = strings.TrimSuffix(r.URL.RawPath, "/")
		}
		next.ServeHTTP(w, r)
	})
}
