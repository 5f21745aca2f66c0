package httpevent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// eventV1 is the request event of payload format 1.0, the shape REST APIs
// send too.
type eventV1 struct {
	Version                         string              `json:"version"`
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	RequestContext                  contextV1           `json:"requestContext"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	Body                            *string             `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

type contextV1 struct {
	AccountID         string     `json:"accountId"`
	APIID             string     `json:"apiId"`
	Authorizer        any        `json:"authorizer,omitempty"`
	DomainName        string     `json:"domainName"`
	DomainPrefix      string     `json:"domainPrefix"`
	ExtendedRequestID string     `json:"extendedRequestId"`
	HTTPMethod        string     `json:"httpMethod"`
	Identity          identityV1 `json:"identity"`
	Path              string     `json:"path"`
	Protocol          string     `json:"protocol"`
	RequestID         string     `json:"requestId"`
	RequestTime       string     `json:"requestTime"`
	RequestTimeEpoch  int64      `json:"requestTimeEpoch"`
	ResourceID        *string    `json:"resourceId"`
	ResourcePath      string     `json:"resourcePath"`
	Stage             string     `json:"stage"`
}

// identityV1 is the caller as payload 1.0 describes it; an HTTP API knows
// only its address and user agent.
type identityV1 struct {
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

// RequestV1 is the payload format 1.0 event for r, whose body was read
// whole. Header names are lower-cased; the single-valued maps hold the
// last value of a repeated header or parameter, the multi-valued ones all.
func RequestV1(r *http.Request, body []byte, c Context) ([]byte, error) {
	h := c.forwarded(r)
	single, multi := lowerHeaders(h)
	query, multiQuery := lastValues(r.URL.Query())
	ev := eventV1{
		Version: "1.0", Resource: c.ResourcePath, Path: r.URL.Path, HTTPMethod: r.Method,
		Headers: single, MultiValueHeaders: multi, QueryStringParameters: query, MultiValueQueryStringParameters: multiQuery,
		PathParameters: c.PathParameters, StageVariables: c.StageVariables,
		RequestContext: contextV1{
			AccountID: c.AccountID, APIID: c.APIID, Authorizer: c.Authorizer, DomainName: c.DomainName,
			DomainPrefix: c.domainPrefix(), ExtendedRequestID: c.RequestID, HTTPMethod: r.Method,
			Identity: identityV1{SourceIP: c.sourceIP(r), UserAgent: r.UserAgent()},
			Path:     r.URL.Path, Protocol: r.Proto, RequestID: c.RequestID,
			RequestTime: requestTime(c.Time), RequestTimeEpoch: c.Time.UnixMilli(),
			ResourcePath: c.ResourcePath, Stage: c.Stage,
		},
	}
	if text, b64, ok := encodeBody(h, body); ok {
		ev.Body, ev.IsBase64Encoded = &text, b64
	}
	return json.Marshal(ev)
}

func lowerHeaders(h http.Header) (map[string]string, map[string][]string) {
	single, multi := make(map[string]string, len(h)), make(map[string][]string, len(h))
	for k, vs := range h {
		k = strings.ToLower(k)
		multi[k] = append(multi[k], vs...)
		single[k] = multi[k][len(multi[k])-1]
	}
	return single, multi
}

// lastValues is the query as payload 1.0's two maps; both nil when there
// is no query.
func lastValues(q url.Values) (map[string]string, map[string][]string) {
	if len(q) == 0 {
		return nil, nil
	}
	single := make(map[string]string, len(q))
	for k, vs := range q {
		single[k] = vs[len(vs)-1]
	}
	return single, q
}

// ResponseV1 reads a function's result by payload format 1.0's rules: it
// must be an object with a statusCode; headers and multiValueHeaders are
// merged.
func ResponseV1(payload []byte) (Response, error) {
	payload = bytes.TrimSpace(payload)
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(payload, &fields); err != nil {
		return Response{}, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	if _, ok := fields["statusCode"]; !ok {
		return Response{}, fmt.Errorf("%w: no statusCode", ErrMalformed)
	}
	var p proxyResult
	if err := json.Unmarshal(payload, &p); err != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	p.Cookies = nil // payload 1.0 has none: Set-Cookie goes in multiValueHeaders
	return p.response()
}
