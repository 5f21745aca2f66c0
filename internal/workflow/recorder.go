package workflow

import (
	"context"
	"sync"
	"time"
)

// Sink stores a run's events durably, in id order.
type Sink interface {
	Write(ctx context.Context, e Event) error
}

// recorder is a run's history: the recorded events by key, the next id,
// and the sink new events go to. Parallel branches and Map iterations
// record through it concurrently; it is the run's one writer.
type recorder struct {
	mu    sync.Mutex
	byKey map[string]Event
	next  int64
	sink  Sink
	now   func() time.Time
}

func newRecorder(history []Event, sink Sink, now func() time.Time) *recorder {
	r := &recorder{byKey: make(map[string]Event, len(history)), next: 1, sink: sink, now: now}
	for _, e := range history {
		r.byKey[e.Key] = e
		r.next = max(r.next, e.ID+1)
	}
	return r
}

// recorded is the event at key, if the history holds one.
func (r *recorder) recorded(key string) (Event, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.byKey[key]
	return e, ok
}

// latest is the id of the latest event.
func (r *recorder) latest() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.next - 1
}

// record writes e at key unless an event is recorded there; either way
// it returns the recorded event and whether it was replayed.
func (r *recorder) record(ctx context.Context, key string, e Event) (Event, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.byKey[key]; ok {
		return old, true, nil
	}
	e.Key, e.ID, e.Time = key, r.next, r.now()
	if err := r.sink.Write(ctx, e); err != nil {
		return Event{}, false, err
	}
	r.next++
	r.byKey[key] = e
	return e, false, nil
}

// Memory is a Sink that keeps events in memory: Express executions and
// tests.
type Memory struct {
	mu     sync.Mutex
	events []Event
}

// Write keeps e.
func (m *Memory) Write(_ context.Context, e Event) error {
	m.mu.Lock()
	m.events = append(m.events, e)
	m.mu.Unlock()
	return nil
}

// Events are the events written so far.
func (m *Memory) Events() []Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Event(nil), m.events...)
}
