package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/virga-dev/virga/internal/statemachine"
)

// Statuses of a finished run.
const (
	Succeeded = "SUCCEEDED"
	Failed    = "FAILED"
	TimedOut  = "TIMED_OUT"
	Aborted   = "ABORTED"
)

// ErrAborted is the cause of a run's context when StopExecution ended it.
var ErrAborted = errors.New("execution stopped")

// Config is one run: the definition, the execution's input and context,
// what is already recorded, and the effects.
type Config struct {
	Definition *statemachine.Definition
	Input      any
	// Context holds the context object's Execution and StateMachine.
	Context   map[string]any
	RoleARN   string
	History   []Event
	Sink      Sink
	Tasks     Tasks
	Callbacks Callbacks
	// Token makes the task token of the task recorded at key.
	Token func(key string) string
	// Stop, when the run was stopped, is its error and cause.
	Stop func() (errName, cause string)
	Now  func() time.Time
	// Region is where tasks run; ID names the execution in request ids.
	Region, ID string
}

// Outcome is how a run ended.
type Outcome struct {
	Status       string
	Output       any
	Error, Cause string
	Events       int64
}

// run is one run in progress.
type run struct {
	cfg Config
	rec *recorder
}

// Run runs (or replays, then continues) an execution to its end. An
// error is a failure of the store or of ctx: the run stopped midway and
// may be run again from its history.
func Run(ctx context.Context, cfg Config) (Outcome, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	r := &run{cfg: cfg, rec: newRecorder(cfg.History, cfg.Sink, cfg.Now)}
	top := &thread{run: r, def: cfg.Definition, prefix: "s"}
	// the start is written even when the run was stopped before it began
	started, _, err := top.emit(context.WithoutCancel(ctx), "start", "ExecutionStarted", r.startDetails())
	if err != nil {
		return Outcome{}, err
	}
	if end, ok := r.rec.recorded("end"); ok {
		return outcomeOf(end), nil
	}
	top.last = 0 // the first state's entered event follows none, as AWS records it
	runCtx, cancel := r.deadline(ctx, started)
	defer cancel()
	out, err := top.definition(runCtx, cfg.Input)
	top.last = max(top.last, r.rec.next-1)
	return r.finish(ctx, runCtx, top, out, err)
}

func (r *run) startDetails() map[string]any {
	d := io("input", r.cfg.Input)
	d["roleArn"] = r.cfg.RoleARN
	return d
}

// deadline bounds the run by the definition's TimeoutSeconds, counted
// from its start.
func (r *run) deadline(ctx context.Context, started Event) (context.Context, context.CancelFunc) {
	if r.cfg.Definition.TimeoutSeconds == 0 {
		return context.WithCancel(ctx)
	}
	at := started.Time.Add(time.Duration(r.cfg.Definition.TimeoutSeconds) * time.Second)
	return context.WithDeadline(ctx, at)
}

// finish records how the run ended.
func (r *run) finish(ctx, runCtx context.Context, top *thread, out any, err error) (Outcome, error) {
	var e Event
	var werr error
	f, isFailure := asFailure(err)
	switch {
	case err == nil:
		e, _, werr = top.emit(ctx, "end", "ExecutionSucceeded", io("output", out))
	case isFailure:
		e, _, werr = top.emit(ctx, "end", "ExecutionFailed", map[string]any{"error": f.Error, "cause": f.Cause})
	case errors.Is(context.Cause(ctx), ErrAborted):
		name, cause := r.cfg.Stop()
		e, _, werr = top.emit(context.WithoutCancel(ctx), "end", "ExecutionAborted", optional(name, cause))
	case ctx.Err() == nil && errors.Is(runCtx.Err(), context.DeadlineExceeded):
		e, _, werr = top.emit(ctx, "end", "ExecutionTimedOut", map[string]any{})
	default:
		return Outcome{}, err
	}
	if werr != nil {
		return Outcome{}, werr
	}
	return outcomeOf(e), nil
}

func optional(name, cause string) map[string]any {
	d := map[string]any{}
	if name != "" {
		d["error"] = name
	}
	if cause != "" {
		d["cause"] = cause
	}
	return d
}

// outcomeOf reads a run's end from its last event.
func outcomeOf(e Event) Outcome {
	o := Outcome{Events: e.ID}
	o.Error, _ = e.Details["error"].(string)
	o.Cause, _ = e.Details["cause"].(string)
	switch e.Type {
	case "ExecutionSucceeded":
		o.Status = Succeeded
		o.Output, _ = Decode(e.Details["output"].(string))
	case "ExecutionFailed":
		o.Status = Failed
	case "ExecutionTimedOut":
		o.Status = TimedOut
	default:
		o.Status = Aborted
	}
	return o
}

// requestID is the id of the invocation a task's try makes: the same
// when the try is made again after a crash.
func (r *run) requestID(key string) string { return r.cfg.ID + "/" + key }

// thread is a sequence of states: the run's top level, a Parallel branch
// or a Map iteration.
type thread struct {
	run    *run
	def    *statemachine.Definition
	prefix string // the keys of its events begin with it
	last   int64  // the id of its latest event: the next one's previous
	step   int
	vars   map[string]any
	item   map[string]any // $$.Map.Item in a Map iteration
}

// emit records an event of this thread.
func (th *thread) emit(ctx context.Context, key, typ string, details map[string]any) (Event, bool, error) {
	return th.emitUntil(ctx, key, typ, details, time.Time{})
}

func (th *thread) emitUntil(ctx context.Context, key, typ string, details map[string]any, until time.Time) (Event, bool, error) {
	e, replayed, err := th.run.rec.record(ctx, key, Event{Type: typ, Previous: th.last, Details: details, Until: until})
	if err == nil {
		th.last = e.ID
	}
	return e, replayed, err
}

// definition runs the thread's states from StartAt to the end.
func (th *thread) definition(ctx context.Context, input any) (any, error) {
	name := th.def.StartAt
	for {
		s := th.def.State(name)
		if s == nil {
			return nil, failed{&Failure{Error: "States.Runtime", Cause: fmt.Sprintf("State '%s' does not exist", name)}}
		}
		th.step++
		out, next, err := th.state(ctx, s, fmt.Sprintf("%s%d", th.prefix, th.step), input)
		if err != nil || next == "" {
			return out, err
		}
		name, input = next, out
	}
}

// state runs one state: its entered event, its work, its exited event.
// next is "" when the thread ends with it.
func (th *thread) state(ctx context.Context, s *statemachine.State, key string, input any) (any, string, error) {
	var until time.Time
	if s.Type == statemachine.TypeWait {
		until, _ = waitUntil(scope{input: input, context: th.context(s, Event{Time: th.run.cfg.Now()}, 0), vars: th.vars}, s, th.run.cfg.Now())
	}
	entered, _, err := th.emitUntil(ctx, key+"/in", s.Type+"StateEntered", th.enteredDetails(s, input), until)
	if err != nil {
		return nil, "", err
	}
	sc := scope{input: input, context: th.context(s, entered, 0), vars: th.vars}
	st := &visit{th: th, s: s, key: key, sc: sc, next: s.Next, entered: entered}
	out, err := st.work(ctx)
	if err != nil {
		return nil, "", th.located(err, s, entered)
	}
	if s.Type == statemachine.TypeFail {
		return nil, "", nil
	}
	details := io("output", out)
	details["name"] = s.Name
	if _, _, err := th.emit(ctx, key+"/out", s.Type+"StateExited", details); err != nil {
		return nil, "", err
	}
	th.vars = st.vars
	if s.IsTerminal() && !st.caught {
		return out, "", nil
	}
	return out, st.next, nil
}

func (th *thread) enteredDetails(s *statemachine.State, input any) map[string]any {
	d := io("input", input)
	d["name"] = s.Name
	return d
}

// located gives a runtime error AWS's preamble naming the state.
func (th *thread) located(err error, s *statemachine.State, entered Event) error {
	f, ok := asFailure(err)
	if !ok || f.Error != "States.Runtime" || f.located {
		return err
	}
	return failed{&Failure{Error: f.Error, located: true,
		Cause: fmt.Sprintf("An error occurred while executing the state '%s' (entered at the event id #%d). %s", s.Name, entered.ID, f.Cause)}}
}

// context is the context object a state sees.
func (th *thread) context(s *statemachine.State, entered Event, retries int) map[string]any {
	c := make(map[string]any, len(th.run.cfg.Context)+3)
	for k, v := range th.run.cfg.Context {
		c[k] = v
	}
	c["State"] = map[string]any{"Name": s.Name, "EnteredTime": entered.Time.UTC().Format(timeLayout), "RetryCount": retries}
	if th.item != nil {
		c["Map"] = map[string]any{"Item": th.item}
	}
	return c
}

// timeLayout is how the context object spells times.
const timeLayout = "2006-01-02T15:04:05.000Z"
