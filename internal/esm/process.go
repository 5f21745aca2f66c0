package esm

import (
	"context"
	"errors"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// outcome is how one round of a poller went.
type outcome int

const (
	outcomeEmpty     outcome = iota // the queue had nothing
	outcomeDone                     // a batch was handled (or failed by the function)
	outcomeFull                     // a batch as large as the mapping allows was handled
	outcomeThrottled                // the function was throttled
	outcomeProblem                  // the queue or the function is missing or failing to run
)

// once gathers a batch and has the function process it.
func (r *run) once(ctx context.Context) outcome {
	t := r.target.Load()
	b, err := r.gather(ctx, t)
	if len(b.messages) > 0 {
		o := r.process(t, b)
		if o == outcomeDone && b.received >= t.m.Config.BatchSize {
			return outcomeFull
		}
		return o
	}
	switch {
	case err != nil && r.receiveFailed(ctx, err):
		return outcomeProblem
	case b.received > 0:
		return outcomeDone // every message was filtered out
	}
	return outcomeEmpty
}

// process invokes the function with the batch and deletes the messages it
// handled; the others reappear after their visibility timeout.
func (r *run) process(t *target, b *batch) outcome {
	queue := t.m.Config.EventSourceArn
	res, err := r.p.invoker.Invoke(r.p.work, lambda.Invocation{
		Name: t.m.Function, Qualifier: t.m.Qualifier, Type: lambda.InvokeRequestResponse,
		RequestID: lambda.NewUUID(), Payload: event(b.records),
	})
	switch {
	case errors.Is(err, aws.ErrThrottled):
		r.report(resultThrottled)
		return outcomeThrottled
	case errors.Is(err, aws.ErrNotFound):
		r.report(resultNoFunction)
		return outcomeProblem
	case err != nil:
		if r.p.work.Err() == nil {
			r.p.log.Warn("invoke a mapped function", "uuid", r.uuid, "function", t.m.Function, "err", err)
		}
		r.report(resultFailed)
		return outcomeProblem
	case res.FunctionError != "":
		r.report(resultFailed)
		return outcomeDone
	}
	done, ok := r.handled(t, b, res.Payload)
	r.remove(queue, done)
	if ok {
		r.report(resultOK)
	} else {
		r.report(resultFailed)
	}
	return outcomeDone
}

// handled is the messages of a batch the function handled: all of them,
// unless the mapping lets it report failed items. ok is false when the
// function's report fails the whole batch.
func (r *run) handled(t *target, b *batch, payload []byte) (done []Message, ok bool) {
	if !t.m.reportsItemFailures() {
		return b.messages, true
	}
	ids := make(map[string]bool, len(b.messages))
	for _, m := range b.messages {
		ids[m.MessageId] = true
	}
	failed, ok := itemFailures(payload, ids)
	if !ok {
		return nil, false
	}
	for _, m := range b.messages {
		if !failed[m.MessageId] {
			done = append(done, m)
		}
	}
	return done, true
}

// limit is how many pollers the mapping may run: its maximum concurrency
// (1000 by default), within the account's limit and the function's
// reserved concurrency.
func (r *run) limit(ctx context.Context) int {
	m := r.target.Load().m
	n := maxConcurrency
	if sc := m.Config.ScalingConfig; sc != nil && sc.MaximumConcurrency != nil {
		n = *sc.MaximumConcurrency
	}
	n = min(n, r.p.cfg.AccountConcurrency)
	fn, err := r.p.functions.GetFunction(ctx, arn.Function{Name: m.Function, Qualifier: m.Qualifier})
	if err == nil && fn.Configuration.FunctionName != "" && fn.Reserved != nil {
		n = min(n, *fn.Reserved)
	}
	return n
}
