package stepfunctions

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/virga-dev/virga/internal/workflow"
)

// runExecution runs (or replays and continues) one execution: a Standard
// one over its history, an Express one in memory from the start.
func (s *Server) runExecution(ctx context.Context, x Execution) (workflow.Outcome, error) {
	def, err := parseDefinition(x.Definition, "STANDARD")
	if err != nil {
		return workflow.Outcome{}, err
	}
	input, err := workflow.Decode(x.Input)
	if err != nil {
		return workflow.Outcome{}, err
	}
	cfg := workflow.Config{Definition: def, Input: input, Context: contextObject(x), RoleARN: x.RoleARN,
		Tasks: s.tasks, Callbacks: &callbacks{s: s}, Token: func(key string) string { return taskToken(x.ID, key) },
		Region: s.cfg.Region, ID: x.ID, Stop: func() (string, string) { return s.stopReason(x) }}
	if x.Express {
		cfg.Sink = &workflow.Memory{}
	} else {
		events, last, err := s.history.read(ctx, x.ID)
		if err != nil {
			return workflow.Outcome{}, err
		}
		cfg.History, cfg.Sink = events, &sink{h: s.history, id: x.ID, last: last}
	}
	if x.Status == workflow.Aborted {
		ctx, cancel := context.WithCancelCause(ctx)
		cancel(workflow.ErrAborted)
		return workflow.Run(ctx, cfg)
	}
	return workflow.Run(ctx, cfg)
}

// stopReason is StopExecution's error and cause, for the aborted event.
func (s *Server) stopReason(x Execution) (string, string) {
	if stored, err := s.execution(context.Background(), x.ARN); err == nil {
		return stored.StopError, stored.StopCause
	}
	return "", ""
}

// contextObject is the execution's part of the context object.
func contextObject(x Execution) map[string]any {
	input, _ := workflow.Decode(x.Input)
	machine := x.MachineARN
	name := machine[strings.LastIndex(machine, ":")+1:]
	return map[string]any{
		"Execution": map[string]any{"Id": x.ARN, "Input": input, "Name": x.Name, "RoleArn": x.RoleARN,
			"StartTime": x.Started.UTC().Format("2006-01-02T15:04:05.000Z"), "RedriveCount": 0},
		"StateMachine": map[string]any{"Id": machine, "Name": name},
	}
}

// taskToken is the token of the task recorded at key: the execution and
// the key, which SendTask* find the task by.
func taskToken(id, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(id + "|" + key))
}
