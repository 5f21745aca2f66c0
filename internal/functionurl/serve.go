package functionurl

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/httpevent"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/tracing"
)

// request is one request to a function URL on its way through.
type request struct {
	r         *http.Request
	w         http.ResponseWriter
	requestID string
	received  time.Time
	id        string // the URL id
	rawPath   string
	target    *target
	body      []byte
}

// serve answers a request to a known URL: preflight, authorization, then
// the function.
func (s *Site) serve(req *request) {
	body, ok, err := readBody(req.r)
	switch {
	case err != nil:
		return // the client went away
	case !ok:
		tooLarge.write(req.w)
		return
	}
	req.body = body
	if c := req.target.cors; c != nil && httpevent.IsPreflight(req.r) {
		c.Preflight(req.w.Header(), req.r)
		req.w.WriteHeader(http.StatusOK)
		return
	}
	info, refusal := s.authorize(req)
	if refusal != nil {
		refusal.write(req.w)
		return
	}
	s.invoke(req, info)
}

// info fills in the event's members that only the request tells.
func (s *Site) info(req *request, account string, authorizer *httpevent.Authorizer) httpevent.Info {
	ip, _, err := net.SplitHostPort(req.r.RemoteAddr)
	if err != nil {
		ip = req.r.RemoteAddr
	}
	proto := "http"
	if req.r.TLS != nil {
		proto = "https"
	}
	return httpevent.Info{
		RouteKey: "$default", Stage: "$default", APIID: req.id, DomainName: req.id + "." + s.cfg.Domain, DomainPrefix: req.id,
		AccountID: account, RawPath: req.rawPath, Authorizer: authorizer, RequestID: req.requestID, Time: req.received,
		SourceIP: ip, Proto: proto, Port: localPort(req.r), TraceID: traceID(req.r.Header.Get("X-Amzn-Trace-Id")),
	}
}

// invoke runs the function with the request's event and answers with what
// it returns.
func (s *Site) invoke(req *request, info httpevent.Info) {
	payload, err := json.Marshal(httpevent.NewRequest(req.r, req.body, info))
	if err != nil {
		s.fail(req, fmt.Errorf("encode event: %w", err))
		return
	}
	if len(payload) > lambda.MaxSyncPayload {
		tooLarge.write(req.w)
		return
	}
	u := req.target.url
	req.w.Header().Set("X-Amzn-Trace-Id", info.TraceID)
	out := s.output(req)
	res, err := s.invoker.Invoke(req.r.Context(), lambda.Invocation{
		Name: u.Function, Qualifier: u.Qualifier, Type: lambda.InvokeRequestResponse,
		RequestID: req.requestID, Payload: payload, TraceID: info.TraceID, Stream: out,
	})
	switch {
	case err == nil && res.FunctionError == "":
		out.finish(res)
	case out.sent():
		// The stream broke after its status line: cut the connection, so
		// that the client sees a broken response rather than a short one.
		s.log.InfoContext(req.r.Context(), "function url stream broken", "err", err, "error_type", res.ErrorType)
		panic(http.ErrAbortHandler)
	case errors.Is(err, concurrency.ErrZeroReserved):
		forbidden.write(req.w) // reserved concurrency 0 turns the URL off
	case errors.Is(err, aws.ErrThrottled):
		throttled.write(req.w)
	case err != nil:
		s.fail(req, err)
	default:
		failed.write(req.w)
	}
}

// output is where the URL's invoke mode sends the response.
func (s *Site) output(req *request) output {
	if req.target.url.InvokeMode == lambda.URLStream {
		return &relayed{site: s, req: req}
	}
	return &collected{site: s, req: req}
}

// respond answers with a mapped response, or with 502 when the function's
// result mapped to none.
func (s *Site) respond(req *request, resp httpevent.Response, err error) {
	if err != nil {
		s.log.InfoContext(req.r.Context(), "function url response not mapped", "err", err)
		failed.write(req.w)
		return
	}
	resp.Header.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	s.writeHead(req, resp.Status, resp.Header)
	_, _ = req.w.Write(resp.Body)
}

// writeHead sends the status line and the function's headers, with the
// URL's CORS headers over them.
func (s *Site) writeHead(req *request, status int, header http.Header) {
	h := req.w.Header()
	for k, v := range header {
		h[k] = v
	}
	if c := req.target.cors; c != nil {
		c.Apply(h, req.r.Header.Get("Origin"))
	}
	req.w.WriteHeader(status)
}

// fail answers a failure that is not the function's, and logs it.
func (s *Site) fail(req *request, err error) {
	s.log.WarnContext(req.r.Context(), "function url invoke failed", "err", err)
	failed.write(req.w)
}

// localPort is the port the client connected to.
func localPort(r *http.Request) string {
	addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return ""
	}
	_, port, _ := net.SplitHostPort(addr.String())
	return port
}

// traceID keeps the caller's X-Amzn-Trace-Id when it has a valid root, and
// starts a trace otherwise, as the URL front end does.
func traceID(header string) string {
	if _, ok := tracing.ParseHeader(header); ok {
		return header
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("Root=1-%08x-%s", time.Now().Unix(), hex.EncodeToString(b[:]))
}

// readBody reads the whole body, or reports that it is over Lambda's
// synchronous payload limit.
func readBody(r *http.Request) ([]byte, bool, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, lambda.MaxSyncPayload+1))
	return body, len(body) <= lambda.MaxSyncPayload, err
}
