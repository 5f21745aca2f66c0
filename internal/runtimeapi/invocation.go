package runtimeapi

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Invocation is one event for the runtime.
type Invocation struct {
	RequestID string
	Payload   []byte
	// Deadline is when the invocation times out. When zero, the deadline of
	// Invoke's context is used.
	Deadline           time.Time
	InvokedFunctionARN string
	// TraceID is the X-Ray trace header value, if any.
	TraceID string
	// ClientContext is the client context JSON, already base64-decoded.
	ClientContext string
	// CognitoIdentity is the Cognito identity JSON, if any.
	CognitoIdentity string
	// TenantID is the tenant of a tenant-isolated function, if any.
	TenantID string
	// Stream, when set, receives the response body instead of
	// Response.Payload: as it arrives when the runtime streams it, at the end
	// when it does not. Start, when set, is called with the response's
	// content type before the first byte.
	Stream io.Writer
	Start  func(contentType string)
	// Answer, when set, is called with the runtime's answer on the
	// goroutine of the runtime's request, before Invoke returns it: the
	// caller gets its answer without waiting for Invoke's goroutine to be
	// scheduled. It is not called for an invocation Invoke gave up on.
	Answer func(Response)
}

// Response is the runtime's answer to an invocation.
type Response struct {
	Payload     []byte
	ContentType string
	// Error is true when the invocation failed: the runtime posted /error, or
	// its response was unacceptable (too large, truncated, bad response mode,
	// error trailers). The caller answers with X-Amz-Function-Error: Unhandled
	// and Payload as the body.
	Error bool
	// ErrorType is the error type Lambda records when Error is true: the
	// runtime's Lambda-Runtime-Function-Error-Type (Runtime.Unknown when it is
	// not of the form Runtime.X or Function.X), else the errorType of the body,
	// else Runtime.Unknown; or the platform's own type, such as
	// Function.ResponseSizeTooLarge.
	ErrorType string
	// Streamed is true when the runtime streamed its response to
	// Invocation.Stream.
	Streamed bool
	// Size is the number of bytes that went to Invocation.Stream.
	Size int
}

// Headers of the next response, in canonical form so they can be assigned to
// the header map without canonicalising on every request.
const (
	hdrRequestID     = "Lambda-Runtime-Aws-Request-Id"
	hdrDeadline      = "Lambda-Runtime-Deadline-Ms"
	hdrFunctionARN   = "Lambda-Runtime-Invoked-Function-Arn"
	hdrTraceID       = "Lambda-Runtime-Trace-Id"
	hdrClientContext = "Lambda-Runtime-Client-Context"
	hdrCognito       = "Lambda-Runtime-Cognito-Identity"
	hdrTenantID      = "Lambda-Runtime-Aws-Tenant-Id"
	hdrContentType   = "Content-Type"
	hdrContentLength = "Content-Length"
)

var eventHeaders = [...]string{
	hdrRequestID, hdrDeadline, hdrFunctionARN, hdrTraceID, hdrClientContext,
	hdrCognito, hdrTenantID, hdrContentType, hdrContentLength,
}

// phase is where an invocation stands in the runtime's state machine.
type phase uint8

const (
	queued     phase = iota // waiting for the runtime's next
	running                 // handed to the runtime
	responding              // the runtime is posting /response
	failing                 // the runtime is posting /error
)

// String names the phase as the emulator's runtime states do, for the
// messages of InvalidStateTransition errors.
func (p phase) String() string {
	return [...]string{"Ready", "Running", "InvocationResponse", "InvocationErrorResponse"}[p]
}

// pending is an invocation from Invoke until the runtime answers it or Invoke
// gives up on it. Its identity (the pointer) tells a late answer from a
// current one.
type pending struct {
	id      string
	payload []byte
	// header holds the values of eventHeaders, computed once per invocation;
	// an empty value is left out.
	header [len(eventHeaders)]string
	phase  phase // guarded by Server.mu
	// out carries the response to the invocation's Stream; nil without one.
	out    *sink
	answer func(Response)
}

func newPending(ctx context.Context, inv Invocation) *pending {
	deadline := inv.Deadline
	if deadline.IsZero() {
		deadline, _ = ctx.Deadline()
	}
	var deadlineMs string
	if !deadline.IsZero() {
		deadlineMs = strconv.FormatInt(deadline.UnixMilli(), 10)
	}
	var out *sink
	if inv.Stream != nil {
		out = newSink(inv.Stream, inv.Start)
	}
	return &pending{
		id:      inv.RequestID,
		out:     out,
		answer:  inv.Answer,
		payload: inv.Payload,
		header: [...]string{
			inv.RequestID, deadlineMs, inv.InvokedFunctionARN, inv.TraceID, inv.ClientContext,
			inv.CognitoIdentity, inv.TenantID, "application/json", strconv.Itoa(len(inv.Payload)),
		},
	}
}

// writeTo sends the invocation as the answer to a next request.
func (p *pending) writeTo(w http.ResponseWriter) {
	h := w.Header()
	for i, v := range &p.header {
		if v != "" {
			h[eventHeaders[i]] = p.header[i : i+1 : i+1]
		}
	}
	w.WriteHeader(http.StatusOK)
	w.Write(p.payload)
}
