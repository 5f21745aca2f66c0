package runtimeapi

import (
	"context"
	"net/http"
)

// A next that finds no invocation is parked, and Invoke hands it the event
// itself: it writes the event to the runtime's connection on its own
// goroutine, and the next's goroutine wakes only to return once the runtime
// has it. On a warm invocation the event reaches the runtime without
// waiting for a goroutine to be scheduled.

// waiter is a parked next.
type waiter struct {
	w    http.ResponseWriter
	done chan struct{} // closed once the event is written to w
}

// hand writes p to the parked next and lets its handler return.
func (wt *waiter) hand(p *pending) {
	p.writeTo(wt.w)
	if f, ok := wt.w.(http.Flusher); ok {
		f.Flush()
	}
	close(wt.done)
}

// awaitHandoff waits until Invoke has handed wt an invocation, or the
// runtime or the server goes away.
func (s *Server) awaitHandoff(ctx context.Context, wt *waiter) error {
	var err error
	select {
	case <-wt.done:
		return nil
	case <-ctx.Done():
		err = ctx.Err()
	case <-s.closed:
		err = errInternal
	}
	if s.unpark(wt) {
		return err
	}
	<-wt.done // Invoke took wt and is writing to its connection
	return nil
}

// unpark removes wt from the parked next, unless Invoke took it.
func (s *Server) unpark(wt *waiter) bool {
	s.mu.Lock()
	still := s.parked == wt
	if still {
		s.parked = nil
	}
	s.mu.Unlock()
	return still
}
