// Package invoke is the invoker: it resolves the function version a call
// names, checks that it can run, and hands synchronous invocations to the
// pool of execution environments.
package invoke

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/async"
	"github.com/virga-dev/virga/internal/concurrency"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/pool"
	"github.com/virga-dev/virga/internal/tracing"
)

// Functions resolves function identifiers.
type Functions interface {
	GetFunction(ctx context.Context, ref arn.Function) (control.Function, error)
}

// Runner runs an invocation in an execution environment.
type Runner interface {
	Invoke(ctx context.Context, fn pool.Function, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Limiter admits invocations within concurrency limits.
type Limiter interface {
	Acquire(function string) (*concurrency.Slot, error)
}

// Queue stores asynchronous invocations durably.
type Queue interface {
	Enqueue(ctx context.Context, ev async.Event) error
}

// Observer learns of throttled invocations.
type Observer interface {
	Throttled(function, version string)
}

// Invoker runs invocations.
type Invoker struct {
	functions Functions
	runner    Runner
	limiter   Limiter
	queue     Queue
	observer  Observer
	tracer    *tracing.Tracer // nil: no spans exported
	region    string
	account   string
}

// New builds an invoker.
func New(functions Functions, runner Runner, limiter Limiter, queue Queue, observer Observer, tracer *tracing.Tracer, region, account string) *Invoker {
	return &Invoker{functions: functions, runner: runner, limiter: limiter, queue: queue, observer: observer, tracer: tracer, region: region, account: account}
}

// Invoke runs inv and returns what the caller gets.
func (iv *Invoker) Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error) {
	fn, err := iv.resolve(ctx, inv)
	if err != nil {
		return lambda.InvokeResult{}, err
	}
	cfg := fn.Configuration
	if cfg.State != lambda.StateActive {
		return lambda.InvokeResult{}, aws.Errorf(aws.ErrConflict,
			"The operation cannot be performed at this time. The function is currently in the following state: %s", cfg.State)
	}
	switch inv.Type {
	case lambda.InvokeDryRun:
		return lambda.InvokeResult{ExecutedVersion: cfg.Version}, nil
	case lambda.InvokeEvent:
		return lambda.InvokeResult{}, iv.enqueue(ctx, inv, cfg.FunctionName)
	}
	slot, err := iv.limiter.Acquire(cfg.FunctionName)
	if err != nil {
		iv.observer.Throttled(cfg.FunctionName, cfg.Version)
		return lambda.InvokeResult{}, err
	}
	defer slot.Release()
	inv.Answer = answered(slot, inv.Answer)
	functionARN := arn.FunctionARN(iv.region, iv.account, cfg.FunctionName)
	span := iv.tracer.Start(ctx, tracing.Invocation{
		Function: cfg.FunctionName, Version: cfg.Version, ARN: functionARN, RequestID: inv.RequestID,
		Header: inv.TraceID, Active: cfg.TracingConfig.Mode == "Active",
	})
	inv.TraceID = span.RuntimeHeader()
	begin := time.Now()
	res, err := iv.runner.Invoke(ctx, pool.Function{Config: cfg, CodeBlob: fn.CodeBlob, LayerBlobs: fn.LayerBlobs, ARN: functionARN, Network: fn.Network}, inv)
	span.End(begin, res.InitDuration, res.FunctionError)
	res.TraceHeader = inv.TraceID
	return res, err
}

// answered marks the slot as answered before the caller gets its answer,
// so that the caller's next invocation may wait for the slot instead of
// being throttled by this one.
func answered(slot *concurrency.Slot, answer func(lambda.InvokeResult)) func(lambda.InvokeResult) {
	if answer == nil {
		return nil
	}
	return func(res lambda.InvokeResult) {
		slot.Answered()
		answer(res)
	}
}

// resolve finds the version an invocation runs: the one its qualifier
// names, or, through a weighted alias, one of the alias's two versions.
func (iv *Invoker) resolve(ctx context.Context, inv lambda.Invocation) (control.Function, error) {
	ref := arn.Function{Region: inv.Region, Account: inv.Account, Name: inv.Name, Qualifier: inv.Qualifier}
	fn, err := iv.functions.GetFunction(ctx, ref)
	if errors.Is(err, aws.ErrNotFound) && ref.Qualifier == "" {
		// AWS names the version an unqualified invoke would have run.
		ref.Qualifier = lambda.LatestVersion
		_, err = iv.functions.GetFunction(ctx, ref)
	}
	if err != nil || fn.Alias == nil {
		return fn, err
	}
	extra, ok := pickWeighted(fn.Alias.RoutingConfig, rand.Float64())
	if !ok {
		return fn, nil
	}
	ref.Qualifier = extra
	return iv.functions.GetFunction(ctx, ref)
}

// pickWeighted chooses the alias's additional version when draw, uniform in
// [0, 1), falls below its weight.
func pickWeighted(r *lambda.AliasRouting, draw float64) (string, bool) {
	if r == nil {
		return "", false
	}
	for v, w := range r.AdditionalVersionWeights {
		if draw < w {
			return v, true
		}
	}
	return "", false
}

// enqueue accepts an Event invocation: once it is stored, the caller gets 202.
func (iv *Invoker) enqueue(ctx context.Context, inv lambda.Invocation, function string) error {
	return iv.queue.Enqueue(ctx, async.Event{
		RequestID: inv.RequestID, Function: function, Qualifier: inv.Qualifier, Payload: inv.Payload,
		ClientContext: inv.ClientContext, TraceID: inv.TraceID, Accepted: time.Now(),
	})
}
