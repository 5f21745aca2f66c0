package httpevent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// eventV2 is the request event of payload format 2.0.
type eventV2 struct {
	Version               string            `json:"version"`
	RouteKey              string            `json:"routeKey"`
	RawPath               string            `json:"rawPath"`
	RawQueryString        string            `json:"rawQueryString"`
	Cookies               []string          `json:"cookies,omitempty"`
	Headers               map[string]string `json:"headers"`
	QueryStringParameters map[string]string `json:"queryStringParameters,omitempty"`
	PathParameters        map[string]string `json:"pathParameters,omitempty"`
	StageVariables        map[string]string `json:"stageVariables,omitempty"`
	RequestContext        contextV2         `json:"requestContext"`
	Body                  *string           `json:"body,omitempty"`
	IsBase64Encoded       bool              `json:"isBase64Encoded"`
}

type contextV2 struct {
	AccountID    string `json:"accountId"`
	APIID        string `json:"apiId"`
	Authorizer   any    `json:"authorizer,omitempty"`
	DomainName   string `json:"domainName"`
	DomainPrefix string `json:"domainPrefix"`
	HTTP         httpV2 `json:"http"`
	RequestID    string `json:"requestId"`
	RouteKey     string `json:"routeKey"`
	Stage        string `json:"stage"`
	Time         string `json:"time"`
	TimeEpoch    int64  `json:"timeEpoch"`
}

type httpV2 struct {
	Method    string `json:"method"`
	Path      string `json:"path"`
	Protocol  string `json:"protocol"`
	SourceIP  string `json:"sourceIp"`
	UserAgent string `json:"userAgent"`
}

// Request is the payload format 2.0 event for r, whose body was read whole.
func Request(r *http.Request, body []byte, c Context) ([]byte, error) {
	h := c.forwarded(r)
	cookies := splitCookies(h.Values("Cookie"))
	h.Del("Cookie")
	ev := eventV2{
		Version: "2.0", RouteKey: c.RouteKey, RawPath: r.URL.EscapedPath(), RawQueryString: r.URL.RawQuery,
		Cookies: cookies, Headers: joined(h), QueryStringParameters: joinedQuery(r.URL.Query()),
		PathParameters: c.PathParameters, StageVariables: c.StageVariables,
		RequestContext: contextV2{
			AccountID: c.AccountID, APIID: c.APIID, Authorizer: c.Authorizer, DomainName: c.DomainName,
			DomainPrefix: c.domainPrefix(), RequestID: c.RequestID, RouteKey: c.RouteKey, Stage: c.Stage,
			Time: requestTime(c.Time), TimeEpoch: c.Time.UnixMilli(),
			HTTP: httpV2{Method: r.Method, Path: r.URL.Path, Protocol: r.Proto, SourceIP: c.sourceIP(r), UserAgent: r.UserAgent()},
		},
	}
	if text, b64, ok := encodeBody(h, body); ok {
		ev.Body, ev.IsBase64Encoded = &text, b64
	}
	return json.Marshal(ev)
}

// joined is the headers with lower-cased names and repeated values joined
// with commas.
func joined(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		out[strings.ToLower(k)] = strings.Join(vs, ",")
	}
	return out
}

// joinedQuery is the query's parameters with repeated values joined with
// commas; nil when there are none.
func joinedQuery(q url.Values) map[string]string {
	if len(q) == 0 {
		return nil
	}
	out := make(map[string]string, len(q))
	for k, vs := range q {
		out[k] = strings.Join(vs, ",")
	}
	return out
}

// splitCookies is every cookie of the Cookie headers, one string each.
func splitCookies(headers []string) []string {
	var out []string
	for _, h := range headers {
		for _, c := range strings.Split(h, ";") {
			if c = strings.TrimSpace(c); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// ResponseV2 reads a function's result by payload format 2.0's rules: an
// object with a statusCode is a response; any other JSON value is the body
// of a 200 application/json response (a string without its quotes).
func ResponseV2(payload []byte) (Response, error) {
	payload = bytes.TrimSpace(payload)
	if !json.Valid(payload) {
		return Response{}, fmt.Errorf("%w: not JSON", ErrMalformed)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(payload, &fields) == nil {
		if _, ok := fields["statusCode"]; ok {
			var p proxyResult
			if err := json.Unmarshal(payload, &p); err != nil {
				return Response{}, fmt.Errorf("%w: %v", ErrMalformed, err)
			}
			return p.response()
		}
	}
	body := payload
	var s string
	if json.Unmarshal(payload, &s) == nil {
		body = []byte(s)
	}
	return Response{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}, nil
}

// Respond answers w with what a payload format 2.0 function returned; a
// malformed result is returned as an error before anything is written.
func Respond(w http.ResponseWriter, payload []byte) error {
	resp, err := ResponseV2(payload)
	if err != nil {
		return err
	}
	resp.Write(w)
	return nil
}
