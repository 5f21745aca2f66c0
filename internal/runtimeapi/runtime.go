package runtimeapi

import "context"

// This file holds the state transitions the runtime's requests make.

// awaitNext waits for the invocation to hand to the runtime's next. A runtime
// that asks again before answering gets its current invocation again, as from
// the emulator (it may have lost the first answer).
func (s *Server) awaitNext(ctx context.Context) (*pending, error) {
	if p, err := s.ready(); p != nil || err != nil {
		return p, err
	}
	for {
		select {
		case p := <-s.queue:
			if s.deliver(p) {
				return p, nil
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.closed:
			return nil, errInternal
		}
	}
}

// ready records that the runtime asked for an invocation, which ends its
// initialisation. It returns the invocation the runtime is already running,
// if any.
func (s *Server) ready() (*pending, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.init {
	case runtimeInitFailed:
		return nil, errStateTransition(s.stateName(), "Ready")
	case runtimeStarting:
		s.init = runtimeReady
		close(s.initDone)
	}
	s.answered = false
	if p := s.cur; p != nil && p.phase == running {
		return p, nil
	}
	return nil, nil
}

// deliver marks p as handed to the runtime, unless Invoke gave up on it.
func (s *Server) deliver(p *pending) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != p {
		return false
	}
	p.phase = running
	return true
}

// claim starts the runtime's answer (phase responding or failing) to the
// invocation id. Only the invocation the runtime is running can be answered,
// and only once: a second answer before the next /next is, as in the
// emulator, a transition from RuntimeResponseSentState.
func (s *Server) claim(id string, to phase) (*pending, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.answered {
		return nil, errStateTransition("RuntimeResponseSentState", to.String())
	}
	p := s.cur
	if p == nil || p.id != id {
		return nil, errInvalidRequestID
	}
	if p.phase != running {
		return nil, errStateTransition(p.phase.String(), to.String())
	}
	p.phase = to
	return p, nil
}

// complete gives res to p's Answer and to the Invoke waiting for p. It
// reports false when Invoke gave up on p. Once p is no longer current,
// Invoke cannot give up on it but waits for res, so Answer runs outside the
// lock and before Invoke goes on.
func (s *Server) complete(p *pending, res Response) bool {
	s.mu.Lock()
	if s.cur != p {
		s.mu.Unlock()
		return false
	}
	s.cur, s.answered = nil, true
	s.mu.Unlock()
	if p.answer != nil {
		p.answer(res)
	}
	s.done <- res
	return true
}

// beginInitError starts the init error the runtime reports; only a runtime
// that has not called next yet can report one, and only once.
func (s *Server) beginInitError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.init != runtimeStarting {
		return errStateTransition(s.stateName(), "InitError")
	}
	s.init = runtimeInitFailed
	return nil
}

// endInitError records the init error whose body has been read and wakes
// WaitInit and Invoke.
func (s *Server) endInitError(e *InitError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initErr = e
	close(s.initDone)
	close(s.initFailed)
}

// stateName names the runtime's state as the emulator does, for the
// messages of InvalidStateTransition errors.
func (s *Server) stateName() string {
	switch {
	case s.init == runtimeStarting:
		return "Started"
	case s.init == runtimeInitFailed:
		return "InitError"
	case s.cur == nil && s.answered:
		return "RuntimeResponseSentState"
	case s.cur == nil:
		return "Ready"
	}
	return s.cur.phase.String()
}
