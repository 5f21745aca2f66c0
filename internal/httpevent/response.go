package httpevent

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Response is the HTTP answer a function's result maps to.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// ErrMalformed is a result that maps to no response: the client gets 502.
var ErrMalformed = errors.New("malformed function response")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// ParseResponse maps a function's result as payload format 2.0 does. A
// JSON object with a statusCode member describes the response: statusCode,
// headers, multiValueHeaders, cookies (one Set-Cookie each), body and
// isBase64Encoded. Any other JSON value is the body of a 200 response of
// type application/json: a string without its quotes, anything else as
// the function wrote it.
func ParseResponse(payload []byte) (Response, error) {
	v := bytes.TrimSpace(payload)
	if !json.Valid(v) {
		return Response{}, malformed("the result is not JSON")
	}
	if v[0] == '{' {
		var members map[string]json.RawMessage
		if err := json.Unmarshal(v, &members); err != nil {
			return Response{}, malformed("%v", err)
		}
		if _, ok := members["statusCode"]; ok {
			return described(members, "application/json")
		}
	}
	body := v
	if v[0] == '"' {
		var s string
		_ = json.Unmarshal(v, &s) // valid JSON starting with a quote is a string
		body = []byte(s)
	}
	return Response{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}, nil
}

// described maps the members of a result that describes its response;
// contentType is the type of a response that names none.
func described(m map[string]json.RawMessage, contentType string) (Response, error) {
	var status int
	if err := json.Unmarshal(m["statusCode"], &status); err != nil || status < 100 || status > 599 {
		return Response{}, malformed("statusCode %s is no HTTP status", m["statusCode"])
	}
	h, err := describedHeaders(m)
	if err != nil {
		return Response{}, err
	}
	body, err := describedBody(m)
	if err != nil {
		return Response{}, err
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", contentType)
	}
	return Response{Status: status, Header: h, Body: body}, nil
}

// describedHeaders gathers headers, multiValueHeaders and cookies, leaving
// out those that only the server may set (framing, connection).
func describedHeaders(m map[string]json.RawMessage) (http.Header, error) {
	h := http.Header{}
	var single map[string]json.RawMessage
	var multi map[string][]json.RawMessage
	var cookies []string
	for _, d := range []struct {
		name string
		into any
	}{{"headers", &single}, {"multiValueHeaders", &multi}, {"cookies", &cookies}} {
		if raw, ok := m[d.name]; ok {
			if err := json.Unmarshal(raw, d.into); err != nil {
				return nil, malformed("%s: %v", d.name, err)
			}
		}
	}
	for name, raw := range single {
		if err := addHeader(h, name, raw); err != nil {
			return nil, err
		}
	}
	for name, values := range multi {
		for _, raw := range values {
			if err := addHeader(h, name, raw); err != nil {
				return nil, err
			}
		}
	}
	for _, c := range cookies {
		h.Add("Set-Cookie", c)
	}
	return h, nil
}

// addHeader adds one header value: a string, number or boolean as written;
// null adds nothing.
func addHeader(h http.Header, name string, raw json.RawMessage) error {
	if reserved[strings.ToLower(name)] {
		return nil
	}
	v := strings.TrimSpace(string(raw))
	switch {
	case v == "null":
		return nil
	case strings.HasPrefix(v, `"`):
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return malformed("header %s: %v", name, err)
		}
		v = s
	case strings.HasPrefix(v, "{"), strings.HasPrefix(v, "["):
		return malformed("header %s is not a string", name)
	}
	h.Add(name, v)
	return nil
}

// reserved are headers the server writes itself.
var reserved = map[string]bool{
	"content-length": true, "transfer-encoding": true, "connection": true, "keep-alive": true,
	"upgrade": true, "trailer": true, "te": true, "proxy-connection": true,
}

// describedBody is body, base64-decoded when isBase64Encoded says so.
func describedBody(m map[string]json.RawMessage) ([]byte, error) {
	var body *string
	var encoded *bool
	if err := json.Unmarshal(orNull(m["body"]), &body); err != nil {
		return nil, malformed("body is not a string")
	}
	if err := json.Unmarshal(orNull(m["isBase64Encoded"]), &encoded); err != nil {
		return nil, malformed("isBase64Encoded is not a boolean")
	}
	switch {
	case body == nil:
		return nil, nil
	case encoded == nil || !*encoded:
		return []byte(*body), nil
	}
	data, err := base64.StdEncoding.DecodeString(*body)
	if err != nil {
		return nil, malformed("body: %v", err)
	}
	return data, nil
}

func orNull(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return json.RawMessage("null")
	}
	return raw
}
