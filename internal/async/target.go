package async

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
)

// Invoker runs one attempt of an event synchronously.
type Invoker interface {
	Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Logs stores function logs; Flush returns once what was appended is stored.
type Logs interface {
	Flush(ctx context.Context)
}

// Observer learns how events fare: each attempt with the event's age, each
// event dropped, each destination record sent.
type Observer interface {
	EventAttempted(function string, age time.Duration)
	EventDropped(function string)
	DestinationDelivered(function, condition string)
}

// Attributes of a function's reply.
const (
	replyVersion       = "executedVersion"
	replyFunctionError = "functionError"
	replyTrace         = "traceHeader"
)

// Target runs a function once for a delivery: a synchronous invocation
// with the event's request id, through the same invoker and limits as any
// other.
type Target struct {
	invoker  Invoker
	logs     Logs
	observer Observer
}

// NewTarget builds the function target.
func NewTarget(inv Invoker, logs Logs, observer Observer) *Target {
	return &Target{invoker: inv, logs: logs, observer: orNone(observer)}
}

// Deliver invokes the function. A function that does not exist is gone;
// reserved concurrency 0 refuses the event; throttling, an update in
// progress or an environment that fails to start is not an attempt; a
// function error is a failed attempt. Deliver returns once the logs of
// the attempt are stored, so that the event is never acknowledged before
// its log.
func (t *Target) Deliver(ctx context.Context, d delivery.Delivery) (delivery.Reply, error) {
	name, qualifier := function(d.Target)
	t.observer.EventAttempted(name, time.Since(d.Accepted))
	res, err := t.invoker.Invoke(ctx, lambda.Invocation{
		Name: name, Qualifier: qualifier, Type: lambda.InvokeRequestResponse, RequestID: d.ID,
		Payload: d.Payload, ClientContext: d.Attributes[attrClientContext], TraceID: d.Attributes[attrTrace],
	})
	switch {
	case errors.Is(err, concurrency.ErrZeroReserved):
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrPermanent, err)
	case errors.Is(err, aws.ErrNotFound):
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrGone, err)
	case err != nil:
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrThrottled, err)
	}
	t.flush(ctx)
	reply := delivery.Reply{Payload: res.Payload, Attributes: map[string]string{
		replyVersion: res.ExecutedVersion, replyFunctionError: res.FunctionError, replyTrace: res.TraceHeader,
	}}
	if res.FunctionError != "" {
		return reply, fmt.Errorf("function error: %s", res.FunctionError)
	}
	return reply, nil
}

func (t *Target) flush(ctx context.Context) {
	fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	t.logs.Flush(fctx)
}

type noObserver struct{}

func (noObserver) EventAttempted(string, time.Duration) {}
func (noObserver) EventDropped(string)                  {}
func (noObserver) DestinationDelivered(string, string)  {}

func orNone(o Observer) Observer {
	if o == nil {
		return noObserver{}
	}
	return o
}
