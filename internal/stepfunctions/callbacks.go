package stepfunctions

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/workflow"
)

// Token states.
const (
	tokenPending   = "PENDING"
	tokenSucceeded = "SUCCEEDED"
	tokenFailed    = "FAILED"
	tokenClosed    = "CLOSED" // the task timed out
)

// tokenRecord is a task token's state in the tokens bucket.
type tokenRecord struct {
	Status    string
	Output    string
	Error     string
	Cause     string
	Beat      time.Time
	Heartbeat time.Duration
	// Awaited is set once the task was submitted: heartbeats count from
	// then, not while the function that got the token runs.
	Awaited bool
}

// tokenKey is a token's key in the bucket.
func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:20])
}

// callbacks are workflow's Callbacks over the tokens bucket.
type callbacks struct{ s *Server }

func (c *callbacks) Open(ctx context.Context, token string, heartbeat time.Duration) error {
	_, err := store.Modify(ctx, c.s.b.Tokens, tokenKey(token), func(r *tokenRecord, exists bool) error {
		if !exists {
			*r = tokenRecord{Status: tokenPending, Beat: time.Now(), Heartbeat: heartbeat}
		}
		return nil
	})
	return err
}

// Await waits until the token is resolved or its heartbeat is missed.
func (c *callbacks) Await(ctx context.Context, token string) (any, error) {
	key := tokenKey(token)
	_, err := store.Modify(ctx, c.s.b.Tokens, key, func(r *tokenRecord, exists bool) error {
		if exists && !r.Awaited {
			r.Awaited, r.Beat = true, time.Now()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for {
		wake := c.s.waiters.wait(key)
		r, err := store.Get[tokenRecord](ctx, c.s.b.Tokens, key)
		if err != nil {
			c.s.waiters.drop(key, wake)
			return nil, err
		}
		if out, err, done := c.resolved(ctx, key, r); done {
			c.s.waiters.drop(key, wake)
			return out, err
		}
		var timeout <-chan time.Time
		if r.Heartbeat > 0 {
			t := time.NewTimer(time.Until(r.Beat.Add(r.Heartbeat)))
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-ctx.Done():
			c.s.waiters.drop(key, wake)
			return nil, ctx.Err()
		case <-wake:
		case <-timeout:
		}
	}
}

// resolved is a token's outcome, if it has one: a missed heartbeat
// closes it with States.Timeout.
func (c *callbacks) resolved(ctx context.Context, key string, r tokenRecord) (any, error, bool) {
	switch r.Status {
	case tokenSucceeded:
		out, err := workflow.Decode(r.Output)
		return out, err, true
	case tokenFailed:
		return nil, workflow.TaskFailure(r.Error, r.Cause), true
	case tokenClosed:
		return nil, workflow.TaskFailure("States.Timeout", ""), true
	}
	if r.Heartbeat > 0 && time.Now().After(r.Beat.Add(r.Heartbeat)) {
		c.closeKey(ctx, key)
		return nil, workflow.TaskFailure("States.Timeout", ""), true
	}
	return nil, nil, false
}

func (c *callbacks) Close(ctx context.Context, token string) { c.closeKey(ctx, tokenKey(token)) }

func (c *callbacks) closeKey(ctx context.Context, key string) {
	_, _ = store.Modify(ctx, c.s.b.Tokens, key, func(r *tokenRecord, exists bool) error {
		if exists && r.Status == tokenPending {
			r.Status = tokenClosed
		}
		return nil
	})
}

// waiters wake the tasks waiting for a token when its record changes.
type waiters struct {
	mu sync.Mutex
	by map[string][]chan struct{}
}

func newWaiters() *waiters { return &waiters{by: map[string][]chan struct{}{}} }

func (w *waiters) wait(key string) chan struct{} {
	ch := make(chan struct{})
	w.mu.Lock()
	w.by[key] = append(w.by[key], ch)
	w.mu.Unlock()
	return ch
}

func (w *waiters) drop(key string, ch chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	list := w.by[key]
	for i, c := range list {
		if c == ch {
			w.by[key] = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(w.by[key]) == 0 {
		delete(w.by, key)
	}
}

// notify wakes every waiter of key.
func (w *waiters) notify(key string) {
	w.mu.Lock()
	list := w.by[key]
	delete(w.by, key)
	w.mu.Unlock()
	for _, ch := range list {
		close(ch)
	}
}
