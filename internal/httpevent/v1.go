package httpevent

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// RequestV1 is the event of payload format 1.0, the shape REST APIs send
// too, which HTTP APIs send to integrations that ask for it.
type RequestV1 struct {
	Version                         string              `json:"version"`
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	RequestContext                  RequestContextV1    `json:"requestContext"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	Body                            *string             `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

// RequestContextV1 is payload 1.0's requestContext.
type RequestContextV1 struct {
	AccountID         string     `json:"accountId"`
	APIID             string     `json:"apiId"`
	Authorizer        any        `json:"authorizer,omitempty"`
	DomainName        string     `json:"domainName"`
	DomainPrefix      string     `json:"domainPrefix"`
	ExtendedRequestID string     `json:"extendedRequestId"`
	HTTPMethod        string     `json:"httpMethod"`
	Identity          IdentityV1 `json:"identity"`
	Path              string     `json:"path"`
	Protocol          string     `json:"protocol"`
	RequestID         string     `json:"requestId"`
	RequestTime       string     `json:"requestTime"`
	RequestTimeEpoch  int64      `json:"requestTimeEpoch"`
	ResourceID        *string    `json:"resourceId"`
	ResourcePath      string     `json:"resourcePath"`
	Stage             string     `json:"stage"`
}

// IdentityV1 is the caller as payload 1.0 describes it; an HTTP API knows
// only its address and user agent, the rest is null.
type IdentityV1 struct {
	AccessKey                     *string `json:"accessKey"`
	AccountID                     *string `json:"accountId"`
	Caller                        *string `json:"caller"`
	CognitoAuthenticationProvider *string `json:"cognitoAuthenticationProvider"`
	CognitoAuthenticationType     *string `json:"cognitoAuthenticationType"`
	CognitoIdentityID             *string `json:"cognitoIdentityId"`
	CognitoIdentityPoolID         *string `json:"cognitoIdentityPoolId"`
	PrincipalOrgID                *string `json:"principalOrgId"`
	SourceIP                      string  `json:"sourceIp"`
	User                          *string `json:"user"`
	UserAgent                     string  `json:"userAgent"`
	UserArn                       *string `json:"userArn"`
}

// NewRequestV1 maps r, whose body was read whole, to its payload 1.0
// event. resource is the matched route's path ("/items/{id}") and
// authorizer requestContext.authorizer, nil for none. Header names are
// lower-cased; the single-valued maps hold the last value of a repeated
// header or parameter, the multi-valued ones all of them.
func NewRequestV1(r *http.Request, body []byte, in Info, resource string, authorizer any) *RequestV1 {
	single, multi := headersV1(r, in)
	query, multiQuery := queryV1(r.URL.Query())
	path, err := url.PathUnescape(in.RawPath)
	if err != nil {
		path = in.RawPath
	}
	ev := &RequestV1{
		Version: "1.0", Resource: resource, Path: path, HTTPMethod: r.Method,
		Headers: single, MultiValueHeaders: multi, QueryStringParameters: query, MultiValueQueryStringParameters: multiQuery,
		PathParameters: in.PathParameters, StageVariables: in.StageVariables,
		RequestContext: RequestContextV1{
			AccountID: in.AccountID, APIID: in.APIID, Authorizer: authorizer, DomainName: in.DomainName,
			DomainPrefix: in.DomainPrefix, ExtendedRequestID: in.RequestID, HTTPMethod: r.Method,
			Identity: IdentityV1{SourceIP: in.SourceIP, UserAgent: r.Header.Get("User-Agent")},
			Path:     path, Protocol: r.Proto, RequestID: in.RequestID,
			RequestTime: in.Time.UTC().Format(timeLayout), RequestTimeEpoch: in.Time.UnixMilli(),
			ResourcePath: resource, Stage: in.Stage,
		},
	}
	if text, b64 := eventBody(body, r.Header.Get("Content-Type")); len(body) > 0 {
		ev.Body, ev.IsBase64Encoded = &text, b64
	}
	return ev
}

// headersV1 is the request's headers with those the integration adds.
func headersV1(r *http.Request, in Info) (map[string]string, map[string][]string) {
	multi := make(map[string][]string, len(r.Header)+5)
	for name, values := range r.Header {
		lower := strings.ToLower(name)
		multi[lower] = append(multi[lower], values...)
	}
	multi["host"] = []string{r.Host}
	if r.ContentLength > 0 && multi["content-length"] == nil {
		multi["content-length"] = []string{strconv.FormatInt(r.ContentLength, 10)}
	}
	forwarded := in.SourceIP
	if prior := multi["x-forwarded-for"]; len(prior) > 0 {
		forwarded = strings.Join(prior, ", ") + ", " + in.SourceIP
	}
	multi["x-forwarded-for"] = []string{forwarded}
	for name, v := range map[string]string{"x-forwarded-proto": in.Proto, "x-forwarded-port": in.Port, "x-amzn-trace-id": in.TraceID} {
		if v != "" {
			multi[name] = []string{v}
		}
	}
	single := make(map[string]string, len(multi))
	for k, vs := range multi {
		single[k] = vs[len(vs)-1]
	}
	return single, multi
}

// queryV1 is the query as payload 1.0's two maps; both nil when there is
// no query.
func queryV1(q url.Values) (map[string]string, map[string][]string) {
	if len(q) == 0 {
		return nil, nil
	}
	single := make(map[string]string, len(q))
	for k, vs := range q {
		single[k] = vs[len(vs)-1]
	}
	return single, q
}

// ParseResponseV1 maps a function's result as payload format 1.0 does: it
// must be an object with a statusCode; headers and multiValueHeaders are
// merged, and there is no cookies member (Set-Cookie goes in the headers).
func ParseResponseV1(payload []byte) (Response, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimSpace(payload), &members); err != nil {
		return Response{}, malformed("the result is not a JSON object")
	}
	if _, ok := members["statusCode"]; !ok {
		return Response{}, malformed("the result has no statusCode")
	}
	delete(members, "cookies")
	return described(members, "application/json")
}
