// Package invoke is the invoker: it resolves the function version a call
// names, checks that it can run, and hands synchronous invocations to the
// pool of execution environments.
package invoke

import (
	"context"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/pool"
)

// Functions resolves function identifiers.
type Functions interface {
	GetFunction(ctx context.Context, ref arn.Function) (control.Function, error)
}

// Runner runs an invocation in an execution environment.
type Runner interface {
	Invoke(ctx context.Context, fn pool.Function, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Invoker runs invocations.
type Invoker struct {
	functions Functions
	runner    Runner
	region    string
	account   string
}

// New builds an invoker.
func New(functions Functions, runner Runner, region, account string) *Invoker {
	return &Invoker{functions: functions, runner: runner, region: region, account: account}
}

// Invoke runs inv and returns what the caller gets.
func (iv *Invoker) Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error) {
	fn, err := iv.functions.GetFunction(ctx, arn.Function{Region: inv.Region, Account: inv.Account, Name: inv.Name, Qualifier: inv.Qualifier})
	if err != nil {
		return lambda.InvokeResult{}, err
	}
	cfg := fn.Configuration
	if cfg.State != lambda.StateActive {
		return lambda.InvokeResult{}, lambda.Errorf(lambda.ErrConflict,
			"The operation cannot be performed at this time. The function is currently in the following state: %s", cfg.State)
	}
	switch inv.Type {
	case lambda.InvokeDryRun:
		return lambda.InvokeResult{ExecutedVersion: cfg.Version}, nil
	case lambda.InvokeEvent:
		return lambda.InvokeResult{}, lambda.Errorf(lambda.ErrInvalidParameter,
			"Virga does not accept Event invocations yet: the durable asynchronous queue is not built. Use RequestResponse.")
	}
	return iv.runner.Invoke(ctx, pool.Function{
		Config:   cfg,
		CodeBlob: fn.CodeBlob,
		ARN:      arn.FunctionARN(iv.region, iv.account, cfg.FunctionName),
	}, inv)
}
