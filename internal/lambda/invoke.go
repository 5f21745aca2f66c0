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
	// Stream, when set and the runtime streams its response, receives the
	// response bytes as they arrive, and InvokeResult.Payload stays empty.
	// A runtime that does not stream has its whole response written to
	// Stream at the end, so callers with a Stream need only one path.
	Stream io.Writer
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
	// Streamed reports that the response went to Invocation.Stream rather
	// than into Payload.
	Streamed bool
}
