// Package async is Lambda's asynchronous invocation, a producer of the
// delivery queue: Invoke with InvocationType Event stores an Event as a
// delivery to the function before the caller gets 202. The dispatcher then
// runs it through the function Target — a synchronous invocation with the
// event's request id — retried by the Policy of the function's
// EventInvokeConfig, and when it ends the Producer sends the destination
// record AWS sends, itself an Event invocation of the destination.
package async

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
)

// Kinds under which the composition root registers Lambda's parts.
const (
	// ProducerKind owns the deliveries of Event invocations.
	ProducerKind = "lambda"
	// TargetKind runs a function once; a target's name is the function's
	// name, with ":qualifier" when the caller gave one.
	TargetKind = "function"
)

// Event is one accepted asynchronous invocation. Its JSON form is how
// earlier versions of Virga stored events, which Migrate reads.
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

// Attributes of an event's delivery.
const (
	attrClientContext = "clientContext"
	attrTrace         = "traceId"
)

// delivery is ev as the queue stores it. The payload is stored as
// encoding/json writes a raw message, compacted with HTML characters
// escaped, which is what functions have always received from the queue.
func (ev Event) delivery() (delivery.Delivery, error) {
	payload, err := json.Marshal(ev.Payload)
	if err != nil {
		return delivery.Delivery{}, fmt.Errorf("encode event: %w", err)
	}
	d := delivery.Delivery{
		ID: ev.RequestID, Producer: ProducerKind, Payload: payload,
		Target:   delivery.Address{Kind: TargetKind, Name: ev.Function},
		Accepted: ev.Accepted, Attempts: ev.Attempts, NotBefore: ev.NotBefore,
	}
	if ev.Qualifier != "" {
		d.Target.Name += ":" + ev.Qualifier
	}
	for k, v := range map[string]string{attrClientContext: ev.ClientContext, attrTrace: ev.TraceID} {
		if v != "" {
			if d.Attributes == nil {
				d.Attributes = map[string]string{}
			}
			d.Attributes[k] = v
		}
	}
	return d, nil
}

// function splits a target name into a function name and a qualifier.
func function(target delivery.Address) (name, qualifier string) {
	name, qualifier, _ = strings.Cut(target.Name, ":")
	return name, qualifier
}
