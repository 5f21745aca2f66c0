package control

import (
	"context"
	"errors"
	"fmt"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// settle finishes a create or an update in the background: the function is
// prepared, then reported Active / Successful (or Failed with the reason).
func (s *Service) settle(name string) {
	if s.ctx == nil {
		return // not started: tests drive transitions by hand
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.finish(s.ctx, name); err != nil && s.ctx.Err() == nil {
			s.log.Error("finish state transition", "function", name, "err", err)
		}
	}()
}

func (s *Service) finish(ctx context.Context, name string) error {
	var v version
	var publish bool
	_, err := store.Modify(ctx, s.functions, name, func(rec *record, exists bool) error {
		if !exists {
			return store.ErrNotFound
		}
		prepErr := s.runPrepare(ctx, *rec)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if prepErr != nil {
			s.log.Warn("prepare function", "function", name, "err", prepErr)
		}
		settled(&rec.Latest, prepErr)
		publish = rec.PublishPending && prepErr == nil
		if publish {
			v, _ = nextVersion(rec, nil)
		}
		rec.PublishPending = false
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted meanwhile
	}
	if err != nil {
		return err
	}
	s.changed(name, lambda.LatestVersion)
	if publish {
		_, err = s.storeVersion(ctx, v)
	}
	return err
}

func (s *Service) runPrepare(ctx context.Context, rec record) error {
	if s.prepare == nil {
		return nil
	}
	if _, err := s.prepare.Dir(ctx, rec.CodeBlob); err != nil {
		return err
	}
	if len(rec.Layers) == 0 {
		return nil
	}
	_, err := s.prepare.OptDir(ctx, layerBlobs(rec.Layers))
	return err
}

// settled moves a configuration out of Pending / InProgress.
func settled(c *lambda.FunctionConfiguration, prepErr error) {
	c.RevisionId = lambda.NewUUID()
	c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", ""
	if prepErr != nil {
		reason := fmt.Sprintf("Lambda was unable to prepare the function: %v", prepErr)
		if c.State == lambda.StatePending {
			c.State, c.StateReason, c.StateReasonCode = lambda.StateFailed, reason, "InternalError"
		}
		c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = lambda.UpdateFailed, reason, "InternalError"
		return
	}
	c.State, c.StateReason, c.StateReasonCode = lambda.StateActive, "", ""
	c.LastUpdateStatus = lambda.UpdateSuccessful
}

// changed tells the configured observer that a function version changed.
func (s *Service) changed(name, version string) {
	if s.cfg.Changed != nil {
		s.cfg.Changed(name, version)
	}
}
