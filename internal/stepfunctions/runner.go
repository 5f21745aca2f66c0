package stepfunctions

import (
	"context"
	"errors"
	"time"

	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/workflow"
)

// Run runs the open executions until ctx ends: the executor. Run it on
// one server of a region at a time, under a lease.
func (s *Server) Run(ctx context.Context) {
	changed := make(chan struct{}, 1)
	poke := func(string) {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	for ctx.Err() == nil {
		if err := s.b.Open.Watch(ctx, poke); err == nil {
			break
		} else {
			s.log.Warn("watching open executions failed; trying again", "err", err)
			sleep(ctx, time.Second)
		}
	}
	poke("")
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		s.startOpen(ctx)
		select {
		case <-ctx.Done():
			s.stopAll()
			return
		case <-changed:
		case <-tick.C:
		}
	}
}

// startOpen starts an actor for every open execution that has none.
func (s *Server) startOpen(ctx context.Context) {
	keys, err := s.b.Open.Keys(ctx)
	if err != nil {
		return
	}
	for _, k := range keys {
		s.mu.Lock()
		_, running := s.running[k]
		if !running {
			actx, cancel := context.WithCancelCause(ctx)
			s.running[k] = cancel
			go s.actor(actx, k)
		}
		s.mu.Unlock()
	}
}

// actor runs one open execution until it ends, then removes it from the
// open ones. A failure of the store leaves it open; it runs again, from
// its history, a little later.
func (s *Server) actor(ctx context.Context, key string) {
	defer func() {
		s.mu.Lock()
		delete(s.running, key)
		s.mu.Unlock()
	}()
	for attempt := 0; ctx.Err() == nil; attempt++ {
		err := s.runOpen(ctx, key)
		if err == nil || ctx.Err() != nil {
			return
		}
		s.log.Warn("running an execution failed; it goes on from its history", "open", key, "err", err)
		sleep(ctx, min(time.Duration(attempt+1)*time.Second, 30*time.Second))
	}
}

// runOpen runs the execution an open entry names and records its end.
func (s *Server) runOpen(ctx context.Context, key string) error {
	entry, err := store.Get[openEntry](ctx, s.b.Open, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	x, err := store.Get[Execution](ctx, s.b.Executions, entry.Key)
	if errors.Is(err, store.ErrNotFound) {
		return s.close(ctx, key)
	}
	if err != nil {
		return err
	}
	out, err := s.runExecution(ctx, x)
	if err != nil {
		return err
	}
	if err := s.finish(ctx, entry.Key, out); err != nil {
		return err
	}
	return s.close(ctx, key)
}

// close removes an execution from the open ones.
func (s *Server) close(ctx context.Context, key string) error {
	e, err := s.b.Open.Get(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.b.Open.Delete(ctx, key, e.Revision)
}

// finish writes how an execution ended into its record.
func (s *Server) finish(ctx context.Context, key string, out workflow.Outcome) error {
	_, err := store.Modify(ctx, s.b.Executions, key, func(x *Execution, exists bool) error {
		if !exists {
			return nil
		}
		if x.Stopped.IsZero() {
			x.Stopped = time.Now()
		}
		x.Status, x.Error, x.Cause = out.Status, out.Error, out.Cause
		if out.Status == workflow.Succeeded {
			o := workflow.Encode(out.Output)
			x.Output = &o
		}
		return nil
	})
	return err
}

// stopLocal stops an execution this server runs, as StopExecution asks.
func (s *Server) stopLocal(key string) {
	s.mu.Lock()
	cancel := s.running[key]
	s.mu.Unlock()
	if cancel != nil {
		cancel(workflow.ErrAborted)
	}
}

// stopAll stops every actor (the lease is lost or the server stops).
func (s *Server) stopAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, cancel := range s.running {
		cancel(context.Canceled)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
