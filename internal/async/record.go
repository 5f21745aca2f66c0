package async

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// Conditions of a destination record.
const (
	conditionSuccess          = "Success"
	conditionRetriesExhausted = "RetriesExhausted"
	conditionAge              = "EventAgeExceeded"
	conditionZeroReserved     = "ZeroReservedConcurrency"
)

// outcome is how an event ended; result is its last attempt, if any.
type outcome struct {
	condition string
	result    *lambda.InvokeResult
}

// Record is the destination record AWS sends for a processed event.
type Record struct {
	Version         string           `json:"version"`
	Timestamp       string           `json:"timestamp"`
	RequestContext  RequestContext   `json:"requestContext"`
	RequestPayload  json.RawMessage  `json:"requestPayload"`
	ResponseContext *ResponseContext `json:"responseContext,omitempty"`
	ResponsePayload json.RawMessage  `json:"responsePayload,omitempty"`
}

// RequestContext identifies the event in a record.
type RequestContext struct {
	RequestID              string `json:"requestId"`
	FunctionArn            string `json:"functionArn"`
	Condition              string `json:"condition"`
	ApproximateInvokeCount int    `json:"approximateInvokeCount"`
}

// ResponseContext describes the last attempt in a record.
type ResponseContext struct {
	StatusCode      int    `json:"statusCode"`
	ExecutedVersion string `json:"executedVersion"`
	FunctionError   string `json:"functionError,omitempty"`
}

func (d *Dispatcher) record(ev Event, o outcome) Record {
	qualifier := ev.Qualifier
	if qualifier == "" {
		qualifier = lambda.LatestVersion
	}
	r := Record{
		Version:   "1.0",
		Timestamp: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		RequestContext: RequestContext{
			RequestID:              ev.RequestID,
			FunctionArn:            arn.Qualified(arn.FunctionARN(d.cfg.Region, d.cfg.Account, ev.Function), qualifier),
			Condition:              o.condition,
			ApproximateInvokeCount: ev.Attempts,
		},
		RequestPayload: ev.Payload,
	}
	if res := o.result; res != nil {
		r.ResponseContext = &ResponseContext{StatusCode: 200, ExecutedVersion: res.ExecutedVersion, FunctionError: res.FunctionError}
		if json.Valid(res.Payload) {
			r.ResponsePayload = res.Payload
		}
	}
	return r
}

// deliver invokes a destination function asynchronously with the record.
// The delivery carries trace, the trace header of the event's last attempt,
// so that the destination's invocation joins the same trace.
func (d *Dispatcher) deliver(ctx context.Context, destination, trace string, r Record) error {
	ref, err := arn.ParseFunction(destination, "destination")
	if err != nil {
		return err
	}
	payload, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode destination record: %w", err)
	}
	return d.queue.Enqueue(ctx, Event{
		RequestID: derivedID(r.RequestContext.RequestID + "/destination"), Function: ref.Name, Qualifier: ref.Qualifier,
		Payload: payload, TraceID: trace, Accepted: time.Now(),
	})
}

// derivedID is a request id (a UUID) derived from seed, so that a delivery
// repeated after a crash is recognized by the queue as a duplicate.
func derivedID(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return lambda.FormatUUID([16]byte(sum[:16]))
}
