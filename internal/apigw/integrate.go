package apigw

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/httpevent"
	"github.com/virga-dev/virga/internal/lambda"
)

// integrate invokes the route's Lambda integration and answers with what
// it returned, by the rules of its payload format.
func (s *Server) integrate(x *exchange) {
	integ := x.config.Integrations[integrationOf(x.match.route.Target)]
	if integ == nil {
		x.fail(http.StatusInternalServerError, "Internal Server Error")
		return
	}
	ref, err := lambdaFunction(integ.IntegrationURI, x.stage.StageVariables)
	if err != nil {
		x.rejected(s, "integration URI", err)
		return
	}
	if err := s.permitted(x.r.Context(), ref, s.sourceARN(x)); err != nil {
		x.rejected(s, "permission", err)
		return
	}
	event, err := s.event(x, integ.PayloadFormatVersion)
	if err != nil {
		x.internal(s, "event", err)
		return
	}
	res, err := s.invokeWithin(x, ref, event, time.Duration(integ.TimeoutInMillis)*time.Millisecond)
	switch {
	case errors.Is(err, errIntegrationTimeout):
		x.fail(http.StatusServiceUnavailable, "Service Unavailable")
	case err != nil:
		x.rejected(s, "invoke", err)
	case res.FunctionError != "":
		x.fail(http.StatusBadGateway, "Internal Server Error")
	default:
		s.respond(x, integ.PayloadFormatVersion, res.Payload)
	}
}

// event is the request event of the payload format.
func (s *Server) event(x *exchange, format string) ([]byte, error) {
	in := s.info(x)
	if format == "1.0" {
		return json.Marshal(httpevent.NewRequestV1(x.r, x.body, in, resourcePath(x.match), x.authorizerV1()))
	}
	in.Authorizer = x.authorizerV2()
	return json.Marshal(httpevent.NewRequest(x.r, x.body, in))
}

// info is what the event tells of the request besides the request.
func (s *Server) info(x *exchange) httpevent.Info {
	proto, port := "http", "80"
	if x.r.TLS != nil {
		proto, port = "https", "443"
	}
	if _, p, err := net.SplitHostPort(x.r.Host); err == nil {
		port = p
	}
	ip, _, err := net.SplitHostPort(x.r.RemoteAddr)
	if err != nil {
		ip = x.r.RemoteAddr
	}
	return httpevent.Info{
		RouteKey: x.match.route.RouteKey, Stage: x.stage.StageName, APIID: x.api.APIID,
		DomainName: x.domain, DomainPrefix: x.api.APIID, AccountID: s.cfg.Account, RawPath: x.r.URL.EscapedPath(),
		PathParameters: nonEmpty(x.match.params), StageVariables: nonEmpty(x.stage.StageVariables),
		RequestID: x.id, Time: x.received, SourceIP: ip, Proto: proto, Port: port, TraceID: x.traceID,
	}
}

// resourcePath is payload 1.0's resource: the route's path template.
func resourcePath(m match) string {
	if m.route.RouteKey == defaultRoute {
		return defaultRoute
	}
	return m.key.path()
}

// respond maps the function's result to the HTTP response; a result that
// is no response of the format is a 502.
func (s *Server) respond(x *exchange, format string, payload []byte) {
	read := httpevent.ParseResponse
	if format == "1.0" {
		read = httpevent.ParseResponseV1
	}
	resp, err := read(payload)
	if err != nil {
		s.log.Warn("malformed Lambda proxy response", "request_id", x.id, "api", x.api.APIID, "err", err)
		x.fail(http.StatusBadGateway, "Internal Server Error")
		return
	}
	if cors := x.api.CorsConfiguration; cors != nil {
		cors.apply(resp.Header, x.r.Header.Get("Origin"))
	}
	writeResponse(x.w, resp)
}

// writeResponse sends what the function asked for.
func writeResponse(w http.ResponseWriter, resp httpevent.Response) {
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = append(h[k], vs...)
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}

// errIntegrationTimeout says that the function did not answer within the
// integration's timeout.
var errIntegrationTimeout = errors.New("integration timed out")

// invokeWithin invokes the function and waits at most d. An invocation
// still running then goes on to its end, as on AWS; only its answer is
// dropped.
func (s *Server) invokeWithin(x *exchange, ref arn.Function, event []byte, d time.Duration) (lambda.InvokeResult, error) {
	inv := lambda.Invocation{
		Region: ref.Region, Account: ref.Account, Name: ref.Name, Qualifier: ref.Qualifier,
		Type: lambda.InvokeRequestResponse, RequestID: lambda.NewUUID(), Payload: event,
		TraceID: x.traceID,
	}
	type outcome struct {
		res lambda.InvokeResult
		err error
	}
	done := make(chan outcome, 1)
	ctx := context.WithoutCancel(x.r.Context())
	go func() {
		res, err := s.invoker.Invoke(ctx, inv)
		done <- outcome{res, err}
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.res, o.err
	case <-timer.C:
		return lambda.InvokeResult{}, fmt.Errorf("%w after %s", errIntegrationTimeout, d)
	}
}

func nonEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}
