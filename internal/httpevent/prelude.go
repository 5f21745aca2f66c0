package httpevent

import (
	"bytes"
	"encoding/json"
)

// PreludeContentType is the content type of a streamed response that
// begins with an HTTP prelude: a JSON object with statusCode, headers and
// cookies, then PreludeDelimiter, then the body (Node.js's
// awslambda.HttpResponseStream, aws-lambda-go's
// LambdaFunctionURLStreamingResponse).
const PreludeContentType = "application/vnd.awslambda.http-integration-response"

// PreludeDelimiter ends the prelude: eight NUL bytes.
var PreludeDelimiter = make([]byte, 8)

// SplitPrelude finds the end of the prelude in the first bytes of a
// response: the prelude, and the start of the body after the delimiter.
// ok is false while data holds no whole prelude.
func SplitPrelude(data []byte) (prelude, body []byte, ok bool) {
	i := bytes.Index(data, PreludeDelimiter)
	if i < 0 {
		return nil, nil, false
	}
	return data[:i], data[i+len(PreludeDelimiter):], true
}

// ParsePrelude maps a prelude to the status and headers of a response. A
// prelude without statusCode means 200; one without a content type means
// application/octet-stream. Body members, if any, are ignored: the body
// follows the delimiter.
func ParsePrelude(prelude []byte) (Response, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(prelude, &members); err != nil || members == nil {
		return Response{}, malformed("the prelude is not a JSON object")
	}
	if _, ok := members["statusCode"]; !ok {
		members["statusCode"] = json.RawMessage("200")
	}
	delete(members, "body")
	delete(members, "isBase64Encoded")
	return described(members, "application/octet-stream")
}
