package lambda

import (
	"io"
	"time"
)

// Invocation types and log types of the Invoke operation.
const (
	InvokeRequestResponse = "RequestResponse"
	InvokeEvent           = "Event"
	InvokeDryRun          = "DryRun"
)

// Invocation is one call of a function.
type Invocation struct {
	// Region, Account, Name and Qualifier identify the function as the
	// caller named it (Region and Account are empty for a plain name).
	Region    string
	Account   string
	Name      string
	Qualifier string
	// Type is RequestResponse, Event or DryRun.
	Type string
	// Tail asks for the last 4 KB of the invocation's log.
	Tail          bool
	RequestID     string
	Payload       []byte
	ClientContext string
	TraceID       string
	// Stream, when set, receives the response body: as it arrives when the
	// runtime streams it, at the end when it does not (so callers need one
	// path). InvokeResult.Payload then stays empty unless the invocation
	// failed, when it holds the error document. A Stream that implements
	// StreamStarter learns the response's content type before its first byte.
	Stream io.Writer
	// Answer, when set, is called with the result as soon as the runtime
	// has answered, before the platform's own work on the invocation (its
	// END and REPORT lines, metrics, extensions), as Lambda answers its
	// caller before its REPORT. It is not called when Tail asks for the log.
	Answer func(InvokeResult)
}

// InvokeResult is what a synchronous invocation returns to the caller.
type InvokeResult struct {
	Payload         []byte
	ExecutedVersion string
	// FunctionError is "Unhandled" when the function or runtime failed.
	FunctionError string
	// LogResult is the base64 log tail when Tail was asked for.
	LogResult string
	// InitDuration is the init this invocation waited for (a cold start).
	InitDuration time.Duration
	// TraceHeader is the X-Amzn-Trace-Id that work caused by this
	// invocation carries: its trace, with it as the parent.
	TraceHeader string
	// ErrorType is the error type Lambda records for a failed invocation
	// (Runtime.Unknown, Sandbox.Timedout, ...), which InvokeWithResponseStream
	// reports as its ErrorCode.
	ErrorType string
	// Streamed reports that the runtime streamed its response to
	// Invocation.Stream as it produced it.
	Streamed bool
}

// StreamHeader is what a response declares before its first byte.
type StreamHeader struct {
	// ContentType is the content type the function declared, such as
	// application/vnd.awslambda.http-integration-response for a response
	// that starts with an HTTP prelude.
	ContentType     string
	ExecutedVersion string
}

// StreamStarter is implemented by an Invocation.Stream that needs the
// response's header before its body. StartStream is called once, before the
// first Write, when the runtime begins its response (streamed or buffered);
// it is not called when the invocation fails before the runtime responds.
type StreamStarter interface {
	StartStream(StreamHeader)
}
