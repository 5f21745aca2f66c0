package extensions

import (
	"context"
	"encoding/json"
	"time"
)

// Registered reports whether any extension registered.
func (r *Registry) Registered() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byID) > 0
}

// AwaitReady waits until every expected extension has registered and called
// event/next. alive reports whether an extension's process still runs; one
// that died before registering fails init with Extension.Crash, as does one
// that reports an init error (with its error type).
func (r *Registry) AwaitReady(ctx context.Context, expected []string, alive func(name string) bool) error {
	for {
		if err := r.readiness(expected, alive); err != errNotYet {
			return err
		}
		select {
		case <-r.changed:
		case <-time.After(20 * time.Millisecond): // processes die without telling
		case <-ctx.Done():
			return &Failure{ErrorType: "Extension.TimedOut", Message: "Extensions did not become ready in time"}
		case <-r.closed:
			return ctx.Err()
		}
	}
}

var errNotYet = &Failure{}

func (r *Registry) readiness(expected []string, alive func(string) bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.initErr != nil {
		return r.initErr
	}
	for _, name := range expected {
		e := r.byName[name]
		switch {
		case e == nil && !alive(name):
			return &Failure{ErrorType: "Extension.Crash", Message: "Extension " + name + " exited before registering"}
		case e != nil && e.gone:
			return &Failure{ErrorType: "Extension.Crash", Message: "Extension " + name + " exited during init"}
		case e == nil || !e.waiting:
			return errNotYet
		}
	}
	return nil
}

// InvokeEvent is an INVOKE event.
type InvokeEvent struct {
	RequestID, InvokedFunctionARN, TraceID string
	Deadline                               time.Time
}

// Invoke sends the INVOKE event to every extension registered for it.
func (r *Registry) Invoke(ev InvokeEvent) {
	body, _ := json.Marshal(map[string]any{
		"eventType": "INVOKE", "deadlineMs": ev.Deadline.UnixMilli(), "requestId": ev.RequestID,
		"invokedFunctionArn": ev.InvokedFunctionARN,
		"tracing":            map[string]string{"type": "X-Amzn-Trace-Id", "value": ev.TraceID},
	})
	r.send(func(e *extension) bool { return e.invoke }, body)
}

// send hands body to the waiting next of each extension that wants it.
func (r *Registry) send(wants func(*extension) bool, body []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.byID {
		if wants(e) && !e.gone {
			e.waiting = false
			select {
			case e.events <- body:
			default:
			}
		}
	}
}

// AwaitIdle waits until every extension that got an event has called
// event/next again; an extension that died meanwhile is Extension.Crash.
func (r *Registry) AwaitIdle(ctx context.Context) error {
	for {
		if err := r.idleness(); err != errNotYet {
			return err
		}
		select {
		case <-r.changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-r.closed:
			return ctx.Err()
		}
	}
}

func (r *Registry) idleness() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.byID {
		switch {
		case e.gone:
			return &Failure{ErrorType: "Extension.Crash", Message: "Extension " + e.name + " exited"}
		case !e.waiting:
			return errNotYet
		}
	}
	return nil
}

// Shutdown sends SHUTDOWN to the extensions registered for it and waits,
// until ctx ends, for them to finish (call next again or exit).
func (r *Registry) Shutdown(ctx context.Context, reason string) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(2 * time.Second)
	}
	body, _ := json.Marshal(map[string]any{"eventType": "SHUTDOWN", "shutdownReason": reason, "deadlineMs": deadline.UnixMilli()})
	r.send(func(e *extension) bool { return e.shutdown }, body)
	for {
		r.mu.Lock()
		busy := false
		for _, e := range r.byID {
			busy = busy || e.shutdown && !e.waiting && !e.gone
		}
		r.mu.Unlock()
		if !busy {
			return
		}
		select {
		case <-r.changed:
		case <-ctx.Done():
			return
		}
	}
}
