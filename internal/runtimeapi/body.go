package runtimeapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

const (
	hdrResponseMode        = "Lambda-Runtime-Function-Response-Mode"
	hdrErrorType           = "Lambda-Runtime-Function-Error-Type"
	trailerErrorBody       = "Lambda-Runtime-Function-Error-Body"
	errorCauseContentType  = "application/vnd.aws.lambda.error.cause+json"
	streamingResponseMode  = "streaming"
	maxDrain               = 64 << 20 // bytes of an oversized body read and thrown away
	maxPooledBuffer        = 64 << 10
	contentTypeJSON        = "application/json"
	contentTypeOctetStream = "application/octet-stream"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readBody reads the request body when it holds at most limit bytes. A longer
// body is reported as tooLarge and drained (up to maxDrain bytes) so that a
// keep-alive client still reads the answer instead of a reset connection.
// Trailers are in r.Trailer once readBody returns without error.
func readBody(r *http.Request, limit int) (body []byte, tooLarge bool, err error) {
	if r.ContentLength > int64(limit) {
		drain(r.Body)
		return nil, true, nil
	}
	if r.ContentLength >= 0 {
		body = make([]byte, r.ContentLength)
		_, err = io.ReadFull(r.Body, body)
		return body, false, err
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(&io.LimitedReader{R: r.Body, N: int64(limit) + 1}); err != nil {
		return nil, false, err
	}
	if buf.Len() > limit {
		drain(r.Body)
		return nil, true, nil
	}
	return bytes.Clone(buf.Bytes()), false, nil
}

func drain(body io.Reader) { io.CopyN(io.Discard, body, maxDrain) }

// functionError is the failed invocation a runtime reports with an error
// body and its headers, on /error or /init/error.
func functionError(h http.Header, body []byte) Response {
	contentType := h.Get(hdrContentType)
	if contentType == errorCauseContentType {
		body, contentType = withoutErrorCause(body)
	}
	errorType := h.Get(hdrErrorType)
	if errorType != "" {
		errorType = internalErrorType(errorType)
	} else if errorType = bodyErrorType(body); errorType == "" {
		errorType = typeRuntimeUnknown
	}
	if len(body) == 0 {
		return failure(errorType, "")
	}
	return Response{Payload: body, ContentType: contentType, Error: true, ErrorType: errorType}
}

// trailerError is the failed invocation a runtime reports in the trailers of
// its response, when the body it was sending failed midway.
func trailerError(trailer http.Header) (Response, bool) {
	errorType := trailer.Get(hdrErrorType)
	if errorType == "" {
		return Response{}, false
	}
	errorType = internalErrorType(errorType)
	body, err := base64.StdEncoding.DecodeString(trailer.Get(trailerErrorBody))
	if err != nil || len(body) == 0 {
		return failure(errorType, ""), true
	}
	return Response{Payload: body, ContentType: contentTypeJSON, Error: true, ErrorType: errorType}, true
}

// bodyErrorType is the errorType of an error document, or "".
func bodyErrorType(body []byte) string {
	var doc struct {
		ErrorType string `json:"errorType"`
	}
	json.Unmarshal(body, &doc)
	return doc.ErrorType
}

// withoutErrorCause drops the X-Ray error cause from a body of the
// error-cause content type, which Lambda keeps for X-Ray and does not return
// to the caller. A body that does not parse becomes "Invalid error body".
func withoutErrorCause(body []byte) ([]byte, string) {
	var doc struct {
		ErrorMessage string   `json:"errorMessage"`
		ErrorType    string   `json:"errorType"`
		StackTrace   []string `json:"stackTrace,omitempty"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return []byte(`"Invalid error body"`), contentTypeOctetStream
	}
	out, _ := json.Marshal(doc)
	return out, contentTypeJSON
}
