// Package extensions serves the Extensions API 2020-01-01 and the Telemetry
// API 2022-07-01 (with the legacy Logs API 2020-08-15) of one execution
// environment, beside its Runtime API, and drives the extensions through
// Lambda's lifecycle: init, invoke and shutdown.
package extensions

import (
	"fmt"
	"sync"

	"github.com/virga-dev/virga/internal/lambda"
)

// Info is what registration tells an extension about its function.
type Info struct {
	FunctionName, FunctionVersion, Handler, AccountID string
}

// Registry holds the extensions of one environment.
type Registry struct {
	info      Info
	telemetry *Telemetry

	mu      sync.Mutex
	byID    map[string]*extension
	byName  map[string]*extension
	initErr *Failure
	changed chan struct{} // receives a signal on every change of state
	closed  chan struct{}
	once    sync.Once
}

// extension is one registered extension.
type extension struct {
	name, id         string
	invoke, shutdown bool
	waiting          bool        // blocked in event/next
	events           chan []byte // the next event for its waiting next
	gone             bool        // its next broke off: it crashed or exited
}

// NewRegistry returns an empty registry whose subscriptions t serves.
func NewRegistry(info Info, t *Telemetry) *Registry {
	return &Registry{
		info: info, telemetry: t, byID: map[string]*extension{}, byName: map[string]*extension{},
		changed: make(chan struct{}, 1), closed: make(chan struct{}),
	}
}

// Failure is an extension's failure as Lambda reports it to the caller.
type Failure struct {
	ErrorType, Message string
}

func (f *Failure) Error() string { return f.ErrorType + ": " + f.Message }

// Close releases every waiting next.
func (r *Registry) Close() {
	r.once.Do(func() { close(r.closed) })
}

func (r *Registry) signal() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

func (r *Registry) register(name string, invoke, shutdown bool) (*extension, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.byName[name]; dup {
		return nil, fmt.Errorf("extension %s is already registered", name)
	}
	e := &extension{name: name, id: lambda.NewUUID(), invoke: invoke, shutdown: shutdown, events: make(chan []byte, 1)}
	r.byID[e.id], r.byName[name] = e, e
	r.signal()
	return e, nil
}

func (r *Registry) lookup(id string) *extension {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byID[id]
}

// setWaiting records that e entered or left event/next.
func (r *Registry) setWaiting(e *extension, waiting bool) {
	r.mu.Lock()
	e.waiting = waiting
	r.mu.Unlock()
	r.signal()
}

func (r *Registry) setGone(e *extension) {
	r.mu.Lock()
	e.gone, e.waiting = true, false
	r.mu.Unlock()
	r.signal()
}

func (r *Registry) setInitError(name, errorType string) {
	r.mu.Lock()
	if r.initErr == nil {
		r.initErr = &Failure{ErrorType: errorType, Message: "Extension " + name + " reported an init error"}
	}
	r.mu.Unlock()
	r.signal()
}
