package logs

import (
	"context"
	"sync"
	"time"
)

// Settling tracks invocations that have answered their caller but not yet
// written their END and REPORT lines, usage record and metrics, which
// follow the answer by moments. A read of the logs or of usage waits for
// those that were settling when it began, up to settleWait, so that it
// sees everything of every invocation that has answered. A nil Settling
// tracks nothing.
type Settling struct {
	mu   sync.Mutex
	open map[chan struct{}]struct{}
}

// settleWait bounds a read's wait.
const settleWait = time.Second

// NewSettling returns an empty tracker.
func NewSettling() *Settling { return &Settling{open: map[chan struct{}]struct{}{}} }

// Begin marks an invocation as settling; end marks it settled.
func (s *Settling) Begin() (end func()) {
	if s == nil {
		return func() {}
	}
	c := make(chan struct{})
	s.mu.Lock()
	s.open[c] = struct{}{}
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(s.open, c)
		s.mu.Unlock()
		close(c)
	}
}

// Wait returns once every invocation settling when it was called has
// settled, ctx is done or settleWait has passed.
func (s *Settling) Wait(ctx context.Context) {
	if s == nil {
		return
	}
	s.mu.Lock()
	waiting := make([]chan struct{}, 0, len(s.open))
	for c := range s.open {
		waiting = append(waiting, c)
	}
	s.mu.Unlock()
	if len(waiting) == 0 {
		return
	}
	timer := time.NewTimer(settleWait)
	defer timer.Stop()
	for _, c := range waiting {
		select {
		case <-c:
		case <-ctx.Done():
			return
		case <-timer.C:
			return
		}
	}
}
