package pool

import (
	"context"
	"encoding/base64"
	"errors"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
	"github.com/virga-dev/virga/internal/runtimeapi"
)

const mib = 1 << 20

// invoke runs one invocation and returns its result, what its REPORT line
// says, and whether the environment may be reused.
func (e *Env) invoke(ctx context.Context, inv lambda.Invocation, billingUnit time.Duration) (lambda.InvokeResult, logs.Report, bool) {
	if e.invoked {
		e.stream.BeginTail()
	}
	begin := time.Now()
	e.sys.Start(inv.RequestID, e.cfg.Version)
	report := logs.Report{RequestID: inv.RequestID, MemoryMB: e.cfg.MemorySize}
	if !e.invoked {
		report.InitDuration = e.initDuration
		e.invoked = true
	}
	res := lambda.InvokeResult{ExecutedVersion: e.cfg.Version, InitDuration: report.InitDuration}
	healthy := true
	if e.initFailure != nil {
		res.Payload, res.FunctionError = e.initFailure.payload, "Unhandled"
		report.Status, report.ErrorType = e.initFailure.status, e.initFailure.errorType
		healthy = false
	} else {
		deadline := begin.Add(time.Duration(e.cfg.Timeout) * time.Second)
		e.emit("platform.start", map[string]any{"requestId": inv.RequestID, "version": e.cfg.Version})
		e.extensionsInvoke(inv, deadline, arn.Qualified(e.arn, inv.Qualifier))
		healthy = e.run(ctx, inv, begin, &res, &report)
		healthy = healthy && e.extensionsSettle(ctx, deadline)
	}
	if e.out != nil {
		e.out.sync()
	}
	report.FunctionError = res.FunctionError != ""
	report.Duration = time.Since(begin)
	report.BilledMs = logs.BilledMs(report.Duration, billingUnit)
	report.MaxMemoryMB = e.maxMemoryMB()
	e.sys.End(report, len(res.Payload))
	e.sys.Report(report)
	e.invokeDone(inv.RequestID, report, len(res.Payload))
	tail := e.stream.EndTail()
	if inv.Tail {
		res.LogResult = base64.StdEncoding.EncodeToString([]byte(tail))
	}
	return res, report, healthy
}

// run hands the event to the runtime and turns timeouts and crashes into
// Lambda's error payloads.
func (e *Env) run(ctx context.Context, inv lambda.Invocation, begin time.Time, res *lambda.InvokeResult, report *logs.Report) bool {
	timeout := time.Duration(e.cfg.Timeout) * time.Second
	deadline := begin.Add(timeout)
	ictx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	resp, err := e.api.Invoke(ictx, runtimeapi.Invocation{
		RequestID:          inv.RequestID,
		Payload:            inv.Payload,
		Deadline:           deadline,
		InvokedFunctionARN: arn.Qualified(e.arn, inv.Qualifier),
		TraceID:            inv.TraceID,
		ClientContext:      inv.ClientContext,
	})
	if err == nil {
		res.Payload = resp.Payload
		if resp.Error {
			res.FunctionError = "Unhandled"
		}
		return true
	}
	var f failure
	if errors.Is(ictx.Err(), context.DeadlineExceeded) && !e.exited() {
		e.sys.Failed(logs.TimedOut(time.Now(), inv.RequestID, timeout))
		f, report.Status = timedOut(inv.RequestID, timeout), "timeout"
	} else {
		<-e.sb.Done()
		st := e.sb.ExitStatus()
		f, report.Status = exited(inv.RequestID, st.String(), st.OOMKilled), "error"
		e.out.sync()
		e.sys.Failed(f.ErrorMessage, f.ErrorType)
	}
	report.ErrorType = f.ErrorType
	res.Payload, res.FunctionError = f.payload(), "Unhandled"
	return false
}

func (e *Env) maxMemoryMB() int {
	if e.sb == nil {
		return 0
	}
	return int((e.sb.MaxMemoryBytes() + mib - 1) / mib)
}
