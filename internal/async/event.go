// Package async is Lambda's asynchronous invocation: events are stored
// durably in a JetStream work queue before the caller gets 202, then
// dispatched with AWS's retries, event age limit and destinations.
package async

import (
	"encoding/json"
	"time"
)

// Event is one accepted asynchronous invocation.
type Event struct {
	RequestID     string          `json:"requestId"`
	Function      string          `json:"function"`
	Qualifier     string          `json:"qualifier,omitempty"`
	Payload       json.RawMessage `json:"payload"`
	ClientContext string          `json:"clientContext,omitempty"`
	TraceID       string          `json:"traceId,omitempty"`
	// Accepted is when the caller got 202; the event's age counts from it.
	Accepted time.Time `json:"accepted"`
	// Attempts counts the invocations made so far.
	Attempts int `json:"attempts,omitempty"`
	// NotBefore delays the next attempt (retry backoff).
	NotBefore time.Time `json:"notBefore,omitzero"`
}
