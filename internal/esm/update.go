package esm

import (
	"context"
	"errors"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// UpdateEventSourceMapping changes a mapping's function or settings. The
// mapping is Updating (Enabling or Disabling when Enabled changes) until
// it settles shortly after.
func (s *Mappings) UpdateEventSourceMapping(ctx context.Context, uuid string, in UpdateInput) (Configuration, error) {
	if err := checkUpdate(in); err != nil {
		return Configuration{}, err
	}
	if err := checkOtherSources(in.otherSources); err != nil {
		return Configuration{}, err
	}
	cur, err := s.load(ctx, uuid)
	if err != nil {
		return Configuration{}, err
	}
	change, err := s.change(ctx, cur, in)
	if err != nil {
		return Configuration{}, err
	}
	m, err := store.Modify(ctx, s.bucket, mappingKey(uuid), func(m *mapping, exists bool) error {
		if !exists {
			return s.notFound(uuid)
		}
		if m.settling() {
			return inUse("update")
		}
		change(m)
		return nil
	})
	if err != nil {
		return Configuration{}, err
	}
	if m.Config.FunctionArn != cur.Config.FunctionArn {
		if err := releasePair(ctx, s.bucket, cur); err != nil {
			s.log.Warn("release the old pair of a mapping", "uuid", uuid, "err", err)
		}
	}
	return m.Config, nil
}

// change validates an update of cur and returns it as a change to apply
// to the mapping as stored when it is written.
func (s *Mappings) change(ctx context.Context, cur mapping, in UpdateInput) (func(*mapping), error) {
	target := cur
	setFunction, timeout, err := s.retarget(ctx, cur, in.FunctionName)
	if err != nil {
		return nil, err
	}
	change := func(m *mapping) {
		wasEnabled := m.Enabled
		setFunction(m)
		applySettings(m, in.Settings)
		m.Config.State = transition(wasEnabled, m.Enabled)
		m.Config.StateTransitionReason = reasonUser
		m.Config.LastModified = now()
	}
	change(&target)
	if err := s.checkUpdated(ctx, &target, timeout); err != nil {
		return nil, err
	}
	if target.Config.FunctionArn != cur.Config.FunctionArn {
		if err := s.claimPair(ctx, &target); err != nil {
			return nil, err
		}
	}
	return change, nil
}

// retarget resolves the function an update names (or keeps the mapping's)
// and returns how to point a mapping at it, with its timeout (0 when the
// mapping's own function is gone).
func (s *Mappings) retarget(ctx context.Context, cur mapping, functionName string) (func(*mapping), int, error) {
	if functionName == "" {
		fn, err := s.functions.GetFunction(ctx, arn.Function{Name: cur.Function, Qualifier: cur.Qualifier})
		if errors.Is(err, aws.ErrNotFound) {
			return func(*mapping) {}, 0, nil
		}
		return func(*mapping) {}, fn.Configuration.Timeout, err
	}
	ref, _ := arn.ParseFunction(functionName, "functionName")
	fn, err := s.functions.GetFunction(ctx, ref)
	if err != nil {
		return nil, 0, err
	}
	name := fn.Configuration.FunctionName
	functionARN := arn.Qualified(arn.FunctionARN(s.cfg.Region, s.cfg.Account, name), ref.Qualifier)
	return func(m *mapping) {
		m.Function, m.Qualifier, m.Config.FunctionArn = name, ref.Qualifier, functionARN
	}, fn.Configuration.Timeout, nil
}

// checkUpdated applies the rules that need the queue to an updated
// mapping; a queue deleted since the mapping was made is no reason to
// refuse, say, disabling it.
func (s *Mappings) checkUpdated(ctx context.Context, m *mapping, functionTimeout int) error {
	if err := s.checkSettings(m); err != nil {
		return err
	}
	q, err := s.queue(ctx, m.Config.EventSourceArn)
	if errors.Is(err, aws.ErrNotFound) {
		return checkFIFO(m, isFIFO(m.Config.EventSourceArn))
	}
	if err != nil {
		return err
	}
	if err := checkFIFO(m, q.fifo); err != nil {
		return err
	}
	return checkTimeouts(q, functionTimeout)
}

// transition is the state an update moves a mapping to.
func transition(wasEnabled, enabled bool) string {
	switch {
	case enabled && !wasEnabled:
		return StateEnabling
	case !enabled && wasEnabled:
		return StateDisabling
	}
	return StateUpdating
}

// inUse refuses to change a mapping that is between states.
func inUse(op string) error {
	return aws.Errorf(lambda.ErrResourceInUse, "Cannot %s the event source mapping because it is in use.", op)
}
