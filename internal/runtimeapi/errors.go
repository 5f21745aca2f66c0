package runtimeapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Errors of the Server's methods.
var (
	// ErrBusy is returned by Invoke while another Invoke is in progress: an
	// environment runs one invocation at a time.
	ErrBusy = errors.New("runtimeapi: an invocation is already in progress")
	// ErrNoRequestID is returned by Invoke for an invocation without a
	// request ID, which the runtime could not answer.
	ErrNoRequestID = errors.New("runtimeapi: invocation without a request ID")
	// ErrClosed is returned once the Server is closed.
	ErrClosed = errors.New("runtimeapi: server closed")
)

// InitError is the failure a runtime reported on /runtime/init/error.
type InitError struct {
	// ErrorType is the internal error type, as in Response.ErrorType.
	ErrorType string
	// Payload is the error body, returned to the caller of the invocation
	// that triggered the initialisation.
	Payload []byte
}

func (e *InitError) Error() string { return "runtime init failed: " + e.ErrorType }

// apiError is an error answer of the Runtime API: a status and the JSON body
// {"errorMessage": …, "errorType": …} the emulator sends.
type apiError struct {
	status int
	body   []byte
}

func (e *apiError) Error() string { return string(e.body) }

func newAPIError(status int, errorType, message string) *apiError {
	return &apiError{status: status, body: append(errorBody(errorType, message), '\n')}
}

// The Runtime API's error answers, with the emulator's types and messages.
var (
	errInvalidRequestID    = newAPIError(400, "InvalidRequestID", "Invalid request ID")
	errInvalidResponseMode = newAPIError(400, "InvalidFunctionResponseMode", "Invalid function response mode")
	errTruncated           = newAPIError(400, "TruncatedHTTPRequest", "HTTP request detected as truncated")
	errInternal            = newAPIError(500, "InternalServerError", "Internal Server Error")
)

func errRequestTooLarge(limit int) *apiError {
	return newAPIError(413, "RequestEntityTooLarge", fmt.Sprintf("Exceeded maximum allowed payload size (%d bytes).", limit))
}

// errStateTransition rejects a request the runtime may not make in its
// current state (from), such as a second next after /init/error.
func errStateTransition(from, to string) *apiError {
	return newAPIError(403, "InvalidStateTransition",
		fmt.Sprintf("State transition from %s to %s failed for runtime. Error: State transition is not allowed", from, to))
}

// Error types Lambda itself gives a failed invocation.
const (
	typeRuntimeUnknown      = "Runtime.Unknown"
	typeFunctionUnknown     = "Function.Unknown"
	typeTruncatedResponse   = "Runtime.TruncatedResponse"
	typeInvalidResponseMode = "Runtime.InvalidResponseModeHeader"
	typeResponseTooLarge    = "Function.ResponseSizeTooLarge"
)

// failure is a failed invocation whose body Lambda writes itself.
func failure(errorType, message string) Response {
	return Response{Payload: errorBody(errorType, message), ContentType: "application/json", Error: true, ErrorType: errorType}
}

func responseTooLarge(limit int) Response {
	return failure(typeResponseTooLarge, fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", limit))
}

// errorBody is Lambda's error document, message first as AWS writes it.
func errorBody(errorType, message string) []byte {
	b, _ := json.Marshal(struct {
		ErrorMessage string `json:"errorMessage"`
		ErrorType    string `json:"errorType"`
	}{message, errorType})
	return b
}

// internalErrorType is the error type Lambda records for a type a runtime
// reported: the value itself when it contains Runtime.X or Function.X (X an
// upper-case letter and at least one more letter), else Function.Unknown for
// Function.* values and Runtime.Unknown for anything else.
func internalErrorType(t string) string {
	if hasQualifiedType(t, "Runtime.") || hasQualifiedType(t, "Function.") {
		return t
	}
	if strings.HasPrefix(t, "Function.") {
		return typeFunctionUnknown
	}
	return typeRuntimeUnknown
}

// hasQualifiedType reports whether prefix occurs in t followed by an
// upper-case letter and another letter.
func hasQualifiedType(t, prefix string) bool {
	for {
		i := strings.Index(t, prefix)
		if i < 0 {
			return false
		}
		t = t[i+len(prefix):]
		if len(t) >= 2 && 'A' <= t[0] && t[0] <= 'Z' && isLetter(t[1]) {
			return true
		}
	}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
