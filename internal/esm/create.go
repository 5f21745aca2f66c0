package esm

import (
	"context"
	"slices"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// CreateEventSourceMapping maps a queue to a function. The mapping starts
// Creating and settles Enabled (or Disabled) shortly after.
func (s *Mappings) CreateEventSourceMapping(ctx context.Context, in CreateInput) (Configuration, error) {
	if err := checkCreate(in); err != nil {
		return Configuration{}, err
	}
	if err := checkSourceKind(in); err != nil {
		return Configuration{}, err
	}
	if err := lambda.CheckTags(in.Tags); err != nil {
		return Configuration{}, err
	}
	ref, _ := arn.ParseFunction(in.FunctionName, "functionName")
	fn, err := s.functions.GetFunction(ctx, ref)
	if err != nil {
		return Configuration{}, err
	}
	m := s.newMapping(in, fn, ref.Qualifier)
	applySettings(&m, in.Settings)
	if err := s.check(ctx, &m, fn.Configuration.Timeout); err != nil {
		return Configuration{}, err
	}
	if err := s.claimPair(ctx, &m); err != nil {
		return Configuration{}, err
	}
	if err := s.store(ctx, m); err != nil {
		_ = releasePair(ctx, s.bucket, m)
		return Configuration{}, err
	}
	return m.Config, nil
}

// newMapping is a new mapping of in's queue to fn with AWS's defaults.
func (s *Mappings) newMapping(in CreateInput, fn control.Function, qualifier string) mapping {
	uuid := lambda.NewUUID()
	name := fn.Configuration.FunctionName
	return mapping{
		Config: Configuration{
			UUID: uuid, BatchSize: defaultBatchSize, EventSourceArn: in.EventSourceArn,
			FunctionArn:  arn.Qualified(arn.FunctionARN(s.cfg.Region, s.cfg.Account, name), qualifier),
			LastModified: now(), LastProcessingResult: resultNone,
			State: StateCreating, StateTransitionReason: reasonCreated,
			FunctionResponseTypes: []string{}, EventSourceMappingArn: s.mappingARN(uuid),
		},
		Enabled: true, Function: name, Qualifier: qualifier, Tags: in.Tags,
	}
}

// applySettings changes what in sets.
func applySettings(m *mapping, in Settings) {
	c := &m.Config
	if in.Enabled != nil {
		m.Enabled = *in.Enabled
	}
	if in.BatchSize != nil {
		c.BatchSize = *in.BatchSize
	}
	if in.MaximumBatchingWindowInSeconds != nil {
		c.MaximumBatchingWindowInSeconds = *in.MaximumBatchingWindowInSeconds
	}
	if in.FunctionResponseTypes != nil {
		c.FunctionResponseTypes = slices.Clone(in.FunctionResponseTypes)
	}
	if in.FilterCriteria != nil {
		c.FilterCriteria = nil
		if len(in.FilterCriteria.Filters) > 0 {
			c.FilterCriteria = &FilterCriteria{Filters: slices.Clone(in.FilterCriteria.Filters)}
		}
	}
	if in.ScalingConfig != nil {
		c.ScalingConfig = nil
		if n := in.ScalingConfig.MaximumConcurrency; n != nil {
			limit := *n
			c.ScalingConfig = &ScalingConfig{MaximumConcurrency: &limit}
		}
	}
}

// check applies the rules that need the queue: it exists, takes the batch
// settings, and hides a message for longer than the function may run.
func (s *Mappings) check(ctx context.Context, m *mapping, functionTimeout int) error {
	if err := s.checkSettings(m); err != nil {
		return err
	}
	q, err := s.queue(ctx, m.Config.EventSourceArn)
	if err != nil {
		return noQueue(err)
	}
	if err := checkFIFO(m, q.fifo); err != nil {
		return err
	}
	return checkTimeouts(q, functionTimeout)
}

// checkSettings applies the rules that need no queue: the filters compile,
// the batch size suits the window.
func (s *Mappings) checkSettings(m *mapping) error {
	if _, err := compileFilters(s.compile, m.Config.FilterCriteria); err != nil {
		return err
	}
	return checkWindow(m)
}

// store writes a new mapping.
func (s *Mappings) store(ctx context.Context, m mapping) error {
	_, err := store.Modify(ctx, s.bucket, mappingKey(m.Config.UUID), func(v *mapping, exists bool) error {
		if exists {
			return store.ErrExists // a UUID drawn twice
		}
		*v = m
		return nil
	})
	return err
}

// now is a LastModified: epoch seconds, to the microsecond.
func now() float64 { return float64(time.Now().UnixMicro()) / 1e6 }
