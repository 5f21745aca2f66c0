package pool

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
	"github.com/virga-dev/virga/internal/runtimeapi"
)

const mib = 1 << 20

// invoke runs one invocation and returns its result, what its REPORT line
// says, and whether the environment may be reused.
// As on AWS, its log tail holds its own lines, START to REPORT, even on a
// cold start: INIT_START and the init's output stay in the log stream.
func (e *Env) invoke(ctx context.Context, inv lambda.Invocation, billingUnit time.Duration) (lambda.InvokeResult, logs.Report, bool) {
	e.stream.BeginTail()
	begin := time.Now()
	e.sys.Start(inv.RequestID, e.cfg.Version)
	report := logs.Report{RequestID: inv.RequestID, MemoryMB: e.cfg.MemorySize}
	if !e.invoked {
		report.InitDuration = e.initDuration
		e.invoked = true
	}
	res := lambda.InvokeResult{ExecutedVersion: e.cfg.Version, InitDuration: report.InitDuration}
	healthy := true
	size := 0
	if e.initFailure != nil {
		res.Payload, res.FunctionError, res.ErrorType = e.initFailure.payloadFor(inv.RequestID), "Unhandled", e.initFailure.errorType
		size = len(res.Payload)
		report.Status, report.ErrorType = e.initFailure.status, e.initFailure.errorType
		healthy = false
	} else {
		deadline := begin.Add(time.Duration(e.cfg.Timeout) * time.Second)
		e.emit("platform.start", map[string]any{"requestId": inv.RequestID, "version": e.cfg.Version})
		e.extensionsInvoke(inv, deadline, arn.Qualified(e.arn, inv.Qualifier))
		if inv.Tail {
			inv.Answer = nil // a log tail is known only after REPORT
		}
		answeredByRuntime := e.run(ctx, inv, begin, &res, &report, &size)
		if inv.Answer != nil && !answeredByRuntime {
			inv.Answer(res) // the platform's timeout or crash payload
		}
		healthy = answeredByRuntime && e.extensionsSettle(ctx, deadline)
	}
	if e.out != nil {
		e.out.sync()
	}
	report.FunctionError = res.FunctionError != ""
	report.Duration = time.Since(begin)
	report.BilledMs = logs.BilledMs(report.Duration, billingUnit)
	report.MaxMemoryMB = e.maxMemoryMB()
	e.sys.End(report, size)
	e.sys.Report(report)
	e.invokeDone(inv.RequestID, report, size)
	tail := e.stream.EndTail()
	if inv.Tail {
		res.LogResult = base64.StdEncoding.EncodeToString([]byte(tail))
	}
	return res, report, healthy
}

// run hands the event to the runtime and turns timeouts and crashes into
// Lambda's error payloads. It reports whether the runtime answered: then
// the caller's Answer, if any, was given that answer straight from the
// runtime's request.
// size is set to the number of bytes the function responded with.
func (e *Env) run(ctx context.Context, inv lambda.Invocation, begin time.Time, res *lambda.InvokeResult, report *logs.Report, size *int) bool {
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
		Stream:             inv.Stream,
		Start:              e.streamStart(inv.Stream),
		Answer:             answerWith(*res, inv.Answer),
	})
	if err == nil {
		*res, *size = withResponse(*res, resp), resp.Size+len(resp.Payload)
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
	res.Payload, res.FunctionError, res.ErrorType = f.payload(), "Unhandled", f.ErrorType
	*size = len(res.Payload)
	return false
}

// withResponse is the result of an invocation the runtime answered.
func withResponse(res lambda.InvokeResult, resp runtimeapi.Response) lambda.InvokeResult {
	res.Payload, res.Streamed = resp.Payload, resp.Streamed
	if resp.Error {
		res.FunctionError, res.ErrorType = "Unhandled", resp.ErrorType
	}
	return res
}

// answerWith turns the caller's Answer into the Runtime API's.
func answerWith(res lambda.InvokeResult, answer func(lambda.InvokeResult)) func(runtimeapi.Response) {
	if answer == nil {
		return nil
	}
	return func(resp runtimeapi.Response) { answer(withResponse(res, resp)) }
}

// streamStart tells a Stream that wants to know what the response declares
// before its first byte.
func (e *Env) streamStart(stream io.Writer) func(string) {
	st, ok := stream.(lambda.StreamStarter)
	if !ok {
		return nil
	}
	return func(contentType string) {
		st.StartStream(lambda.StreamHeader{ContentType: contentType, ExecutedVersion: e.cfg.Version})
	}
}

func (e *Env) maxMemoryMB() int {
	if e.sb == nil {
		return 0
	}
	return int((e.sb.MaxMemoryBytes() + mib - 1) / mib)
}
