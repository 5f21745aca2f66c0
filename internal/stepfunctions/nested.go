package stepfunctions

import (
	"context"
	"errors"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/workflow"
)

// startExecution is arn:aws:states:::states:startExecution: it starts
// another machine's execution and, with .sync or .sync:2, waits for its
// end. The child's name, when the parameters give none, derives from
// the task's try, so a try made again after a crash finds the child it
// started instead of starting another.
func (t *tasks) startExecution(ctx context.Context, task workflow.Task, params map[string]any) (any, error) {
	s := t.start
	machineARN, _ := params["StateMachineArn"].(string)
	m, err := s.machine(ctx, machineARN)
	if err != nil {
		return nil, workflow.TaskFailure("StepFunctions.StateMachineDoesNotExistException", err.Error())
	}
	name, _ := params["Name"].(string)
	input := "{}"
	if in, ok := params["Input"]; ok {
		input = text(in)
	}
	x, err := s.newExecution(m, or(name, lambda.DerivedUUID(task.RequestID)), input)
	if err == nil {
		x, err = s.start(ctx, x)
	}
	if errors.Is(err, errExecutionExists) {
		x, err = s.execution(ctx, x.ARN) // started by this try before a crash
	}
	if err != nil {
		return nil, workflow.TaskFailure("StepFunctions.ExecutionAlreadyExistsException", err.Error())
	}
	if task.Pattern == "" {
		out := sdkMetadata(lambda.DerivedUUID(task.RequestID+"/response"), nil)
		out["ExecutionArn"], out["StartDate"] = x.ARN, x.Started.UnixMilli()
		return out, nil
	}
	return s.awaitChild(ctx, x.ARN, task.Pattern == "sync:2")
}

// awaitChild waits for a child execution's end: its description as the
// result, or States.TaskFailed with that description as the cause.
func (s *Server) awaitChild(ctx context.Context, arn string, parsed bool) (any, error) {
	for {
		x, err := s.execution(ctx, arn)
		if err != nil {
			return nil, err
		}
		if x.Status != "RUNNING" {
			return childResult(x, parsed)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func childResult(x Execution, parsed bool) (any, error) {
	out := map[string]any{"ExecutionArn": x.ARN, "StateMachineArn": x.MachineARN, "Name": x.Name, "Status": x.Status,
		"StartDate": x.Started.UnixMilli(), "StopDate": x.Stopped.UnixMilli(), "Input": x.Input,
		"InputDetails": map[string]any{"Included": true}}
	if x.Status != workflow.Succeeded {
		out["Error"], out["Cause"] = x.Error, x.Cause
		return nil, workflow.TaskFailure("States.TaskFailed", workflow.Encode(out))
	}
	var output any = *x.Output
	if parsed {
		output, _ = workflow.Decode(*x.Output)
		out["Input"], _ = workflow.Decode(x.Input)
	}
	out["Output"], out["OutputDetails"] = output, map[string]any{"Included": true}
	return out, nil
}
