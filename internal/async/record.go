package async

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/targets"
)

// Conditions of a destination record.
const (
	conditionSuccess          = "Success"
	conditionRetriesExhausted = "RetriesExhausted"
	conditionAge              = "EventAgeExceeded"
	conditionZeroReserved     = "ZeroReservedConcurrency"
)

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

// condition names how an event ended. The function target refuses an
// event for one reason only: reserved concurrency 0.
func condition(e delivery.End) string {
	switch e {
	case delivery.Delivered:
		return conditionSuccess
	case delivery.Expired:
		return conditionAge
	case delivery.Refused:
		return conditionZeroReserved
	}
	return conditionRetriesExhausted
}

func (p *Producer) record(d delivery.Delivery, o delivery.Outcome) Record {
	name, qualifier := function(d.Target)
	if qualifier == "" {
		qualifier = lambda.LatestVersion
	}
	r := Record{
		Version:   "1.0",
		Timestamp: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		RequestContext: RequestContext{
			RequestID:              d.ID,
			FunctionArn:            arn.Qualified(arn.FunctionARN(p.cfg.Region, p.cfg.Account, name), qualifier),
			Condition:              condition(o.End),
			ApproximateInvokeCount: d.Attempts,
		},
		RequestPayload: d.Payload,
	}
	if reply := o.Reply; reply != nil {
		r.ResponseContext = &ResponseContext{StatusCode: 200, ExecutedVersion: reply.Attributes[replyVersion],
			FunctionError: reply.Attributes[replyFunctionError]}
		if json.Valid(reply.Payload) {
			r.ResponsePayload = reply.Payload
		}
	}
	return r
}

// send invokes a destination function asynchronously with the record,
// carrying trace, or sends the record to a destination queue or event bus.
func (p *Producer) send(ctx context.Context, destination, trace string, r Record) error {
	payload, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode destination record: %w", err)
	}
	if to := delivery.ToARN(destination); to.Kind != InvokeKind {
		if to.Kind == busKind {
			payload = busEntryOf(r, destination, payload)
		}
		return p.message(ctx, derivedID(r.RequestContext.RequestID+"/destination"), to, payload, nil)
	}
	ref, err := arn.ParseFunction(destination, "destination")
	if err != nil {
		return err
	}
	err = p.queue.Enqueue(ctx, Event{
		RequestID: derivedID(r.RequestContext.RequestID + "/destination"), Function: ref.Name, Qualifier: ref.Qualifier,
		Payload: payload, TraceID: trace, Accepted: time.Now(),
	})
	if err != nil {
		return fmt.Errorf("send destination record to %s: %w", destination, err)
	}
	return nil
}

// busKind is the kind of the event bus target (the events service's): a
// record for a bus is the PutEvents entry that puts it there.
const busKind = "events"

// busEntryOf is the entry that puts a record on an event bus as AWS does:
// source "lambda", a detail type that tells success from failure, the
// record as detail and the bus and the function as resources.
func busEntryOf(r Record, bus string, record []byte) []byte {
	detailType := "Lambda Function Invocation Result - Failure"
	if r.RequestContext.Condition == conditionSuccess {
		detailType = "Lambda Function Invocation Result - Success"
	}
	entry, _ := json.Marshal(targets.BusEntry{Source: "lambda", DetailType: detailType, Detail: string(record),
		Resources: []string{bus, r.RequestContext.FunctionArn}, Time: time.Now().UTC().Format(time.RFC3339)})
	return entry
}

// derivedID is a request id (a UUID) derived from seed, so that a delivery
// repeated after a crash is recognized by the queue as a duplicate.
func derivedID(seed string) string { return lambda.DerivedUUID(seed) }
