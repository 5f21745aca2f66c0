package httpevent

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// ErrMalformed says that what the function returned is no response of the
// payload format: the front end answers 502.
var ErrMalformed = errors.New("malformed Lambda proxy response")

// Response is the HTTP response a function's result asks for.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Write sends the response. A response without a Content-Type keeps none:
// nothing is guessed from the body.
func (r Response) Write(w http.ResponseWriter) {
	h := w.Header()
	for k, vs := range r.Header {
		h[k] = append(h[k], vs...)
	}
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = nil
	}
	h.Set("Content-Length", strconv.Itoa(len(r.Body)))
	w.WriteHeader(r.Status)
	_, _ = w.Write(r.Body)
}

// proxyResult is a statusCode object, the fields both formats share.
type proxyResult struct {
	StatusCode        json.RawMessage            `json:"statusCode"`
	Headers           map[string]json.RawMessage `json:"headers"`
	MultiValueHeaders map[string][]any           `json:"multiValueHeaders"`
	Cookies           []string                   `json:"cookies"`
	Body              json.RawMessage            `json:"body"`
	IsBase64Encoded   bool                       `json:"isBase64Encoded"`
}

// response turns a statusCode object into its response.
func (p proxyResult) response() (Response, error) {
	status, err := statusOf(p.StatusCode)
	if err != nil {
		return Response{}, err
	}
	h, err := p.header()
	if err != nil {
		return Response{}, err
	}
	for _, c := range p.Cookies {
		h.Add("Set-Cookie", c)
	}
	body, err := p.body()
	if err != nil {
		return Response{}, err
	}
	return Response{Status: status, Header: h, Body: body}, nil
}

// header merges multiValueHeaders and headers: a value given in both is
// sent once.
func (p proxyResult) header() (http.Header, error) {
	h := http.Header{}
	for k, vs := range p.MultiValueHeaders {
		for _, v := range vs {
			s, err := scalar(v)
			if err != nil {
				return nil, fmt.Errorf("%w: header %s: %v", ErrMalformed, k, err)
			}
			h.Add(k, s)
		}
	}
	for k, raw := range p.Headers {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("%w: header %s", ErrMalformed, k)
		}
		s, err := scalar(v)
		if err != nil {
			return nil, fmt.Errorf("%w: header %s: %v", ErrMalformed, k, err)
		}
		if !contains(h.Values(k), s) {
			h.Add(k, s)
		}
	}
	return h, nil
}

func (p proxyResult) body() ([]byte, error) {
	if len(p.Body) == 0 || bytes.Equal(p.Body, []byte("null")) {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(p.Body, &s); err != nil {
		return nil, fmt.Errorf("%w: body is not a string", ErrMalformed)
	}
	if !p.IsBase64Encoded {
		return []byte(s), nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: body is not base64: %v", ErrMalformed, err)
	}
	return b, nil
}

// statusOf reads statusCode, a number or a numeric string.
func statusOf(raw json.RawMessage) (int, error) {
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, fmt.Errorf("%w: statusCode %s", ErrMalformed, raw)
		}
		n = json.Number(s)
	}
	code, err := strconv.Atoi(n.String())
	if err != nil || code < 100 || code > 599 {
		return 0, fmt.Errorf("%w: statusCode %s", ErrMalformed, raw)
	}
	return code, nil
}

// scalar is a header value: a string, number or boolean.
func scalar(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	}
	return "", errors.New("not a string, number or boolean")
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}
