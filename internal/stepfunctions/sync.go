package stepfunctions

import (
	"context"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/workflow"
)

// maxExpress is how long an Express execution may run.
const maxExpress = 5 * time.Minute

// startSyncExecution runs an Express execution in the request and answers
// with its end; nothing is stored (at most once, as on AWS).
func (s *Server) startSyncExecution(c *awsproto.Call) error {
	m, x, err := s.prepare(c)
	if err != nil {
		return err
	}
	if m.Type != "EXPRESS" {
		return aws.Errorf(errTypeNotSupported, "This operation is not supported by this type of state machine")
	}
	ctx, cancel := contextWithTimeout(c, maxExpress)
	defer cancel()
	out, err := s.runExecution(ctx, x)
	if err != nil && ctx.Err() != nil {
		out, err = workflow.Outcome{Status: workflow.TimedOut}, nil
	}
	if err != nil {
		return err
	}
	stopped := time.Now()
	reply := map[string]any{
		"executionArn": x.ARN, "stateMachineArn": x.MachineARN, "name": x.Name, "status": out.Status,
		"startDate": epoch(x.Started), "stopDate": epoch(stopped), "input": x.Input, "inputDetails": map[string]any{"included": true},
		"billingDetails": map[string]any{"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": billed(stopped.Sub(x.Started))},
	}
	if out.Status == workflow.Succeeded {
		reply["output"], reply["outputDetails"] = workflow.Encode(out.Output), map[string]any{"included": true}
	}
	if out.Error != "" {
		reply["error"] = out.Error
	}
	if out.Cause != "" {
		reply["cause"] = out.Cause
	}
	return c.Reply(200, reply)
}

// billed is a duration rounded up to 100 ms, at least 100 ms, as Express
// bills.
func billed(d time.Duration) int64 {
	ms := max(d.Milliseconds(), 1)
	return (ms + 99) / 100 * 100
}

func contextWithTimeout(c *awsproto.Call, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.R.Context(), d)
}
