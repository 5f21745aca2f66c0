// Package httpevent is the mapping between HTTP and Lambda's HTTP
// integrations, as function URLs and API Gateway HTTP APIs make it: a
// request becomes an event in payload format 2.0, and what the function
// returns (or streams, after a prelude) becomes the HTTP response. The
// integration in front tells the few fields that differ between them: its
// route, stage, domain and authorizer.
package httpevent

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Info is what the integration knows of a request besides the request:
// the members of the event that differ between function URLs and HTTP APIs,
// and the facts of the connection.
type Info struct {
	RouteKey, Stage      string // "$default" for function URLs
	APIID                string // the URL id for function URLs
	DomainName           string
	DomainPrefix         string
	AccountID            string // "anonymous" for a function URL without auth
	RawPath              string // the path the function sees, as sent (still encoded)
	PathParameters       map[string]string
	StageVariables       map[string]string
	Authorizer           *Authorizer
	RequestID            string
	Time                 time.Time
	SourceIP             string
	Proto, Port, TraceID string // for x-forwarded-proto, x-forwarded-port and x-amzn-trace-id
}

// Request is the event of payload format 2.0.
type Request struct {
	Version               string            `json:"version"`
	RouteKey              string            `json:"routeKey"`
	RawPath               string            `json:"rawPath"`
	RawQueryString        string            `json:"rawQueryString"`
	Cookies               []string          `json:"cookies,omitempty"`
	Headers               map[string]string `json:"headers"`
	QueryStringParameters map[string]string `json:"queryStringParameters,omitempty"`
	PathParameters        map[string]string `json:"pathParameters,omitempty"`
	StageVariables        map[string]string `json:"stageVariables,omitempty"`
	RequestContext        RequestContext    `json:"requestContext"`
	Body                  string            `json:"body,omitempty"`
	IsBase64Encoded       bool              `json:"isBase64Encoded"`
}

// RequestContext is the event's requestContext.
type RequestContext struct {
	AccountID    string      `json:"accountId"`
	APIID        string      `json:"apiId"`
	Authorizer   *Authorizer `json:"authorizer,omitempty"`
	DomainName   string      `json:"domainName"`
	DomainPrefix string      `json:"domainPrefix"`
	HTTP         HTTP        `json:"http"`
	RequestID    string      `json:"requestId"`
	RouteKey     string      `json:"routeKey"`
	Stage        string      `json:"stage"`
	Time         string      `json:"time"`
	TimeEpoch    int64       `json:"timeEpoch"`
}

// HTTP is requestContext.http.
type HTTP struct {
	Method    string `json:"method"`
	Path      string `json:"path"`
	Protocol  string `json:"protocol"`
	SourceIP  string `json:"sourceIp"`
	UserAgent string `json:"userAgent"`
}

// Authorizer is requestContext.authorizer: who an authorizer found the
// caller to be.
type Authorizer struct {
	IAM    *IAM           `json:"iam,omitempty"`
	Lambda map[string]any `json:"lambda,omitempty"`
}

// IAM is the SigV4 signer of a request: authorizer.iam. The organization
// and Cognito identity are always null in Virga.
type IAM struct {
	AccessKey       string  `json:"accessKey"`
	AccountID       string  `json:"accountId"`
	CallerID        string  `json:"callerId"`
	CognitoIdentity any     `json:"cognitoIdentity"`
	PrincipalOrgID  *string `json:"principalOrgId"`
	UserARN         string  `json:"userArn"`
	UserID          string  `json:"userId"`
}

// timeLayout is requestContext.time: "07/Dec/2026:01:02:03 +0000".
const timeLayout = "02/Jan/2006:15:04:05 -0700"

// NewRequest maps r, whose body was read whole, to its event.
func NewRequest(r *http.Request, body []byte, in Info) *Request {
	headers, cookies := eventHeaders(r, in)
	ev := &Request{
		Version: "2.0", RouteKey: in.RouteKey, RawPath: in.RawPath, RawQueryString: r.URL.RawQuery,
		Cookies: cookies, Headers: headers, QueryStringParameters: queryParameters(r.URL.RawQuery),
		PathParameters: in.PathParameters, StageVariables: in.StageVariables,
		RequestContext: RequestContext{
			AccountID: in.AccountID, APIID: in.APIID, Authorizer: in.Authorizer, DomainName: in.DomainName, DomainPrefix: in.DomainPrefix,
			HTTP: HTTP{
				Method: r.Method, Path: in.RawPath, Protocol: r.Proto, SourceIP: in.SourceIP, UserAgent: r.Header.Get("User-Agent"),
			},
			RequestID: in.RequestID, RouteKey: in.RouteKey, Stage: in.Stage,
			Time: in.Time.UTC().Format(timeLayout), TimeEpoch: in.Time.UnixMilli(),
		},
	}
	ev.Body, ev.IsBase64Encoded = eventBody(body, r.Header.Get("Content-Type"))
	return ev
}

// eventHeaders lower-cases the names and joins repeated values with ",";
// the Cookie header becomes the event's cookies, and the headers the
// integration adds (host, forwarding, trace) are set.
func eventHeaders(r *http.Request, in Info) (map[string]string, []string) {
	headers := make(map[string]string, len(r.Header)+5)
	var cookies []string
	for name, values := range r.Header {
		lower := strings.ToLower(name)
		if lower == "cookie" {
			cookies = append(cookies, splitCookies(values)...)
			continue
		}
		headers[lower] = strings.Join(values, ",")
	}
	headers["host"] = r.Host
	if r.ContentLength > 0 && headers["content-length"] == "" {
		headers["content-length"] = strconv.FormatInt(r.ContentLength, 10)
	}
	if prior := headers["x-forwarded-for"]; prior != "" {
		headers["x-forwarded-for"] = prior + ", " + in.SourceIP
	} else {
		headers["x-forwarded-for"] = in.SourceIP
	}
	set := func(name, v string) {
		if v != "" {
			headers[name] = v
		}
	}
	set("x-forwarded-proto", in.Proto)
	set("x-forwarded-port", in.Port)
	set("x-amzn-trace-id", in.TraceID)
	return headers, cookies
}

// splitCookies splits Cookie headers into their "name=value" pairs.
func splitCookies(values []string) []string {
	var out []string
	for _, v := range values {
		for _, c := range strings.Split(v, ";") {
			if c = strings.TrimSpace(c); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}
