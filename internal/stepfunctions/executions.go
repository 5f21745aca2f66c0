package stepfunctions

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/workflow"
)

// Execution is a stored execution: what it runs and, once it ended, how.
// Its history is the truth of where it is; this record is the index
// Describe and List read, brought up to date when the execution ends.
type Execution struct {
	ID         string // names its history subject
	ARN        string
	Name       string
	MachineARN string
	Definition string
	RoleARN    string
	Express    bool
	Input      string
	Status     string
	Started    time.Time
	Stopped    time.Time
	Output     *string
	Error      string
	Cause      string
	// StopError and StopCause are StopExecution's, for the aborted event.
	StopError string
	StopCause string
	Revision  string
}

// openEntry lists a running execution for the executor.
type openEntry struct {
	Key string
}

// maxInput is the largest execution input.
const maxInput = 262144

func (s *Server) startExecution(c *awsproto.Call) error {
	_, x, err := s.prepare(c)
	if err != nil {
		return err
	}
	x, err = s.start(c.R.Context(), x)
	if err != nil {
		return err
	}
	return c.Reply(200, map[string]any{"executionArn": x.ARN, "startDate": epoch(x.Started)})
}

// prepare reads a start's input: the machine and the execution to be.
func (s *Server) prepare(c *awsproto.Call) (Machine, Execution, error) {
	var in struct{ StateMachineArn, Name, Input, TraceHeader string }
	if err := c.Decode(&in); err != nil {
		return Machine{}, Execution{}, err
	}
	m, err := s.machine(c.R.Context(), in.StateMachineArn)
	if err != nil {
		return Machine{}, Execution{}, err
	}
	x, err := s.newExecution(m, in.Name, in.Input)
	return m, x, err
}

// newExecution prepares an execution of m.
func (s *Server) newExecution(m Machine, name, input string) (Execution, error) {
	if name == "" {
		name = lambda.NewUUID()
	}
	if err := checkName(name); err != nil {
		return Execution{}, err
	}
	input = or(input, "{}")
	if err := checkInput(input); err != nil {
		return Execution{}, err
	}
	account, _, _ := machineOf(m.ARN)
	kind := "execution"
	if m.Type == "EXPRESS" {
		kind = "express"
	}
	arn := s.executionARN(account, kind, m.Name, name)
	if m.Type == "EXPRESS" {
		arn += ":" + lambda.NewUUID()
	}
	return Execution{ID: lambda.DerivedUUID(arn), ARN: arn, Name: name, MachineARN: m.ARN, Definition: m.Definition,
		RoleARN: m.RoleARN, Express: m.Type == "EXPRESS", Input: input, Status: "RUNNING", Started: time.Now(), Revision: m.Revision}, nil
}

func checkInput(input string) error {
	if len(input) > maxInput {
		return aws.Errorf(errInvalidInput, "Input exceeds the maximum size of %d bytes.", maxInput)
	}
	if !json.Valid([]byte(input)) {
		return aws.Errorf(errInvalidInput, "Invalid State Machine Execution Input: 'Unexpected token in the input'")
	}
	return nil
}

// start stores an execution and lists it as open, so the executor runs
// it. Starting the same name again while it runs with the same input
// returns the first start, as AWS does.
func (s *Server) start(ctx context.Context, x Execution) (Execution, error) {
	key := recordKey(x)
	if !x.Express {
		stored, err := store.Modify(ctx, s.b.Executions, key, func(old *Execution, exists bool) error {
			if !exists {
				*old = x
				return nil
			}
			if old.Status != "RUNNING" || old.Input != x.Input {
				return aws.Errorf(errExecutionExists, "Execution Already Exists: '%s'", old.ARN)
			}
			return nil
		})
		if err != nil {
			return Execution{}, err
		}
		x = stored
	} else if err := store.Create(ctx, s.b.Executions, key, x); err != nil {
		return Execution{}, err
	}
	_, err := store.Modify(ctx, s.b.Open, openKey(x), func(e *openEntry, _ bool) error {
		e.Key = key
		return nil
	})
	return x, err
}

// recordKey is an execution's key in its bucket.
func recordKey(x Execution) string {
	account, machine, name, _ := executionOf(x.ARN)
	if x.Express {
		name = x.ID
	}
	return executionKey(account, machine, name)
}

// openKey is an execution's key in the bucket of open executions.
func openKey(x Execution) string { return x.ID }

// execution reads an execution by ARN.
func (s *Server) execution(ctx context.Context, arn string) (Execution, error) {
	account, machine, name, err := executionOf(arn)
	if err != nil {
		return Execution{}, err
	}
	if _, parts, _ := arnParts(arn); parts[0] == "express" && len(parts) == 4 {
		name = lambda.DerivedUUID(arn)
	}
	return read[Execution](ctx, s.b.Executions, executionKey(account, machine, name), aws.Errorf(errExecutionMissing, "Execution Does Not Exist: '%s'", arn))
}

func (s *Server) describeExecution(c *awsproto.Call) error {
	return answer(c, s.execution, describe)
}

// describe is DescribeExecution's answer.
func describe(x Execution) map[string]any {
	out := map[string]any{
		"executionArn": x.ARN, "stateMachineArn": x.MachineARN, "name": x.Name, "status": x.Status,
		"startDate": epoch(x.Started), "input": x.Input, "inputDetails": map[string]any{"included": true}, "redriveCount": 0,
		"redriveStatus": "NOT_REDRIVABLE", "redriveStatusReason": "Execution is RUNNING and cannot be redriven",
	}
	if !x.Stopped.IsZero() {
		out["stopDate"] = epoch(x.Stopped)
		out["redriveStatusReason"] = "Execution is " + x.Status + " and cannot be redriven"
	}
	if x.Output != nil {
		out["output"], out["outputDetails"] = *x.Output, map[string]any{"included": true}
	}
	if x.Error != "" {
		out["error"] = x.Error
	}
	if x.Cause != "" {
		out["cause"] = x.Cause
	}
	return out
}

func (s *Server) describeMachineForExecution(c *awsproto.Call) error {
	return answer(c, s.execution, func(x Execution) map[string]any { return s.machineForExecution(c.R.Context(), x) })
}

// machineForExecution is the machine as the execution runs it: the
// definition it started with.
func (s *Server) machineForExecution(ctx context.Context, x Execution) map[string]any {
	m, err := s.machine(ctx, x.MachineARN)
	out := map[string]any{"stateMachineArn": x.MachineARN, "definition": x.Definition, "roleArn": x.RoleARN,
		"updateDate": epoch(x.Started)}
	if err == nil {
		out["name"], out["updateDate"] = m.Name, epoch(latest(m.Created, m.Updated))
		out["loggingConfiguration"] = orDefault(m.Logging, map[string]any{"level": "OFF", "includeExecutionData": false})
		out["tracingConfiguration"] = orDefault(m.Tracing, map[string]any{"enabled": false})
	}
	if x.Revision != "" {
		out["revisionId"] = x.Revision
	}
	return out
}

func (s *Server) stopExecution(c *awsproto.Call) error {
	var in struct{ ExecutionArn, Error, Cause string }
	if err := c.Decode(&in); err != nil {
		return err
	}
	x, err := s.execution(c.R.Context(), in.ExecutionArn)
	if err != nil {
		return err
	}
	x, err = store.Modify(c.R.Context(), s.b.Executions, recordKey(x), func(x *Execution, exists bool) error {
		if !exists {
			return aws.Errorf(errExecutionMissing, "Execution Does Not Exist: '%s'", in.ExecutionArn)
		}
		if x.Status == "RUNNING" {
			x.Status, x.Stopped, x.StopError, x.StopCause = workflow.Aborted, time.Now(), in.Error, in.Cause
			x.Error, x.Cause = in.Error, in.Cause
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.stopLocal(openKey(x))
	return c.Reply(200, map[string]any{"stopDate": epoch(x.Stopped)})
}

func (s *Server) listExecutions(c *awsproto.Call) error {
	var in listInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	m, err := s.machine(c.R.Context(), in.StateMachineArn)
	if err != nil {
		return err
	}
	account, _, _ := machineOf(m.ARN)
	xs, err := store.List[Execution](c.R.Context(), s.b.Executions, machineKey(account, m.Name)+".")
	if err != nil {
		return err
	}
	xs = slices.DeleteFunc(xs, func(x Execution) bool { return in.StatusFilter != "" && x.Status != in.StatusFilter })
	slices.SortFunc(xs, func(a, b Execution) int { return b.Started.Compare(a.Started) })
	return listPage(c, in, "executions", xs, func(x Execution) string { return x.ARN }, func(x Execution) map[string]any {
		item := map[string]any{"executionArn": x.ARN, "stateMachineArn": x.MachineARN, "name": x.Name, "status": x.Status,
			"startDate": epoch(x.Started)}
		if !x.Stopped.IsZero() {
			item["stopDate"] = epoch(x.Stopped)
		}
		return item
	})
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
