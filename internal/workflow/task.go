package workflow

import (
	"context"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/statemachine"
)

// Tasks runs the resources of Task states.
type Tasks interface {
	// Run runs a task and returns its result, or a TaskFailure.
	Run(ctx context.Context, t Task) (any, error)
}

// Callbacks holds the task tokens of .waitForTaskToken tasks.
type Callbacks interface {
	// Open makes a token known before its task starts, so that an early
	// SendTaskSuccess finds it.
	Open(ctx context.Context, token string, heartbeat time.Duration) error
	// Await waits for the token's outcome: SendTaskSuccess's output, or
	// a TaskFailure (SendTaskFailure, a missed heartbeat).
	Await(ctx context.Context, token string) (any, error)
	// Close forgets a token whose task ended otherwise (timed out).
	Close(ctx context.Context, token string)
}

// Task is one try of a Task state's resource.
type Task struct {
	Resource
	Parameters any
	// RequestID is the same for a try replayed after a crash.
	RequestID string
	Token     string
}

// Resource is a Task's resource ARN, read: a function's ARN, or a
// service integration "arn:aws:states:::<service>:<action>[.<pattern>]".
type Resource struct {
	ARN             string
	Service, Action string // "lambda", "invoke"; for a function ARN "lambda", ""
	Pattern         string // "", "waitForTaskToken", "sync", "sync:2"
	Function        bool   // the resource is a function's ARN
}

// ParseResource reads a resource ARN.
func ParseResource(arn string) Resource {
	r := Resource{ARN: arn}
	rest, ok := strings.CutPrefix(arn, "arn:aws:states:::")
	if !ok {
		r.Service, r.Function = "lambda", strings.HasPrefix(arn, "arn:aws:lambda:")
		return r
	}
	r.Service, r.Action, _ = strings.Cut(rest, ":")
	r.Action, r.Pattern, _ = strings.Cut(r.Action, ".")
	if strings.HasPrefix(rest[len(r.Service)+1:], r.Action+".sync:") {
		r.Pattern = "sync:2"
	}
	return r
}

// eventName is what the history calls the resource: "invoke.waitForTaskToken".
func (r Resource) eventName() string {
	if r.Pattern == "" {
		return r.Action
	}
	return r.Action + "." + r.Pattern
}

// maxPayload is the largest input or output a state may carry.
const maxPayload = 262144

// task is one try of a Task state.
func (v *visit) task(ctx context.Context, key string) (any, time.Time, error) {
	res := ParseResource(v.s.Resource)
	t := taskRun{v: v, key: key, res: res}
	if res.Pattern == "waitForTaskToken" {
		t.token = v.th.run.cfg.Token(key)
		v.sc.context["Task"] = map[string]any{"Token": t.token}
	}
	template := v.s.Parameters
	if v.sc.jsonata(v.s) {
		template = v.s.Arguments
	}
	params, err := v.sc.effective(v.s, template)
	if err != nil {
		return nil, time.Time{}, err
	}
	if err := t.timeouts(); err != nil {
		return nil, time.Time{}, err
	}
	return t.run(ctx, params)
}

// taskRun is one try of a Task state in progress.
type taskRun struct {
	v                  *visit
	key                string
	res                Resource
	token              string
	timeout, heartbeat time.Duration
}

// timeouts reads TimeoutSeconds[Path] and HeartbeatSeconds[Path].
func (t *taskRun) timeouts() error {
	var err error
	if t.timeout, err = t.seconds(t.v.s.TimeoutSeconds, t.v.s.TimeoutSecondsPath); err != nil {
		return err
	}
	t.heartbeat, err = t.seconds(t.v.s.HeartbeatSeconds, t.v.s.HeartbeatSecondsPath)
	return err
}

func (t *taskRun) seconds(literal statemachine.Value, path string) (time.Duration, error) {
	x, err := t.v.field(literal, path)
	if err != nil || x == nil {
		return 0, err
	}
	if n, ok := x.(int); ok {
		return time.Duration(n) * time.Second, nil
	}
	at, err := secondsAfter(time.Time{}, x, "TimeoutSecondsPath")
	return at.Sub(time.Time{}), err
}

// run schedules, starts and awaits the task, or takes its recorded
// outcome.
func (t *taskRun) run(ctx context.Context, params any) (any, time.Time, error) {
	th := t.v.th
	if done, ok := th.run.rec.recorded(t.key + "/done"); ok {
		th.last = done.ID
		return t.recordedOutcome(done)
	}
	var until time.Time
	if t.timeout > 0 {
		until = th.run.cfg.Now().Add(t.timeout)
	}
	sched, _, err := th.emitUntil(ctx, t.key+"/sched", t.scheduledType(), t.scheduledDetails(params), until)
	if err != nil {
		return nil, time.Time{}, err
	}
	if _, _, err := th.emit(ctx, t.key+"/start", t.prefix()+"Started", t.details()); err != nil {
		return nil, time.Time{}, err
	}
	runCtx, cancel := ctx, context.CancelFunc(func() {})
	if !sched.Until.IsZero() {
		runCtx, cancel = context.WithDeadline(ctx, sched.Until)
	}
	defer cancel()
	result, err := t.perform(runCtx, params)
	if err != nil && ctx.Err() == nil && runCtx.Err() != nil {
		err = TaskFailure("States.Timeout", "")
		if t.token != "" {
			th.run.cfg.Callbacks.Close(context.WithoutCancel(ctx), t.token)
		}
	}
	return t.outcome(ctx, result, err)
}

// perform runs the resource; a callback task then waits for its token.
func (t *taskRun) perform(ctx context.Context, params any) (any, error) {
	th := t.v.th
	if t.token != "" {
		if err := th.run.cfg.Callbacks.Open(ctx, t.token, t.heartbeat); err != nil {
			return nil, err
		}
	}
	if _, ok := th.run.rec.recorded(t.key + "/submit"); !ok || t.token == "" {
		result, err := th.run.cfg.Tasks.Run(ctx, Task{Resource: t.res, Parameters: params, RequestID: th.run.requestID(t.key), Token: t.token})
		if err != nil || t.token == "" {
			return result, err
		}
		if _, _, err := th.emit(ctx, t.key+"/submit", "TaskSubmitted", t.withOutput(result)); err != nil {
			return nil, err
		}
	}
	return th.run.cfg.Callbacks.Await(ctx, t.token)
}

// outcome records how the try ended.
func (t *taskRun) outcome(ctx context.Context, result any, err error) (any, time.Time, error) {
	if err == nil && len(Encode(result)) > maxPayload {
		err = TaskFailure("States.DataLimitExceeded",
			"The state/task '"+t.res.ARN+"' returned a result with a size exceeding the maximum number of bytes service limit.")
	}
	f, isFailure := asFailure(err)
	if err != nil && !isFailure {
		return nil, time.Time{}, err
	}
	var e Event
	var werr error
	switch {
	case err == nil:
		e, _, werr = t.v.th.emit(ctx, t.key+"/done", t.prefix()+"Succeeded", t.withOutput(result))
	case f.Error == "States.Timeout":
		e, _, werr = t.v.th.emit(ctx, t.key+"/done", t.prefix()+"TimedOut", t.withError(f))
	default:
		e, _, werr = t.v.th.emit(ctx, t.key+"/done", t.prefix()+"Failed", t.withError(f))
	}
	if werr != nil {
		return nil, time.Time{}, werr
	}
	return result, e.Time, err
}

// recordedOutcome is the result or failure a replayed try ended with.
func (t *taskRun) recordedOutcome(e Event) (any, time.Time, error) {
	if strings.HasSuffix(e.Type, "Succeeded") {
		out, err := Decode(e.Details["output"].(string))
		return out, e.Time, err
	}
	name, _ := e.Details["error"].(string)
	cause, _ := e.Details["cause"].(string)
	return nil, e.Time, TaskFailure(name, cause)
}

// prefix is the events' type prefix: LambdaFunction for a function's ARN.
func (t *taskRun) prefix() string {
	if t.res.Function {
		return "LambdaFunction"
	}
	return "Task"
}

func (t *taskRun) scheduledType() string { return t.prefix() + "Scheduled" }

func (t *taskRun) details() map[string]any {
	if t.res.Function {
		return map[string]any{}
	}
	return map[string]any{"resourceType": t.res.Service, "resource": t.res.eventName()}
}

func (t *taskRun) scheduledDetails(params any) map[string]any {
	var d map[string]any
	if t.res.Function {
		d = io("input", params)
		d["resource"] = t.res.ARN
	} else {
		d = t.details()
		d["region"] = t.v.th.run.cfg.Region
		d["parameters"] = Encode(params)
	}
	if t.timeout > 0 {
		d["timeoutInSeconds"] = int64(t.timeout / time.Second)
	}
	if t.heartbeat > 0 && !t.res.Function {
		d["heartbeatInSeconds"] = int64(t.heartbeat / time.Second)
	}
	return d
}

func (t *taskRun) withOutput(v any) map[string]any {
	d := t.details()
	for k, x := range io("output", v) {
		d[k] = x
	}
	return d
}

func (t *taskRun) withError(f *Failure) map[string]any {
	d := t.details()
	d["error"] = f.Error
	if f.Cause != "" {
		d["cause"] = f.Cause
	}
	return d
}
