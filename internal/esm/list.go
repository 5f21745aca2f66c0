package esm

import (
	"context"
	"errors"
	"strings"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// ListInput selects mappings by queue and by function, a page at a time.
type ListInput struct {
	EventSourceArn string
	FunctionName   string
	Marker         string
	MaxItems       int
}

// defaultPage is how many mappings a page holds when MaxItems is not set.
const defaultPage = 100

// ListEventSourceMappings pages through the mappings, in UUID order, of a
// queue, of a function (any of its versions and aliases, or the one the
// name qualifies), or of both.
func (s *Mappings) ListEventSourceMappings(ctx context.Context, in ListInput) ([]Configuration, string, error) {
	keep, err := s.selector(in)
	if err != nil {
		return nil, "", err
	}
	first, ok := aws.ParseToken(in.Marker)
	if !ok {
		return nil, "", aws.Errorf(aws.ErrInvalid, "Invalid marker: %s", in.Marker)
	}
	all, err := s.all(ctx)
	if err != nil {
		return nil, "", err
	}
	var out []Configuration
	for _, m := range all {
		if keep(m) {
			out = append(out, m.Config)
		}
	}
	limit := in.MaxItems
	if limit <= 0 {
		limit = defaultPage
	}
	page, next := aws.PageFrom(out, func(c Configuration) string { return c.UUID }, first, limit)
	return page, aws.Token(next), nil
}

// selector checks a list's filters and returns them as a test.
func (s *Mappings) selector(in ListInput) (func(mapping) bool, error) {
	if in.EventSourceArn != "" && !sourceARNRE.MatchString(in.EventSourceArn) {
		return nil, arn.ConstraintError(in.EventSourceArn, "eventSourceArn", "Member must satisfy regular expression pattern: "+sourceARNPattern)
	}
	var ref arn.Function
	if in.FunctionName != "" {
		var err error
		if ref, err = arn.ParseFunction(in.FunctionName, "functionName"); err != nil {
			return nil, err
		}
	}
	foreign := (ref.Account != "" && ref.Account != s.cfg.Account) || (ref.Region != "" && ref.Region != s.cfg.Region)
	return func(m mapping) bool {
		switch {
		case in.EventSourceArn != "" && m.Config.EventSourceArn != in.EventSourceArn:
			return false
		case in.FunctionName == "":
			return true
		}
		return !foreign && m.Function == ref.Name && (ref.Qualifier == "" || ref.Qualifier == m.Qualifier)
	}, nil
}

// all loads every mapping, in UUID order.
func (s *Mappings) all(ctx context.Context) ([]mapping, error) {
	return loadAll(ctx, s.bucket)
}

func loadAll(ctx context.Context, b Bucket) ([]mapping, error) {
	keys, err := b.KeysWithPrefix(ctx, mappingPrefix)
	if err != nil {
		return nil, err
	}
	out := make([]mapping, 0, len(keys))
	for _, k := range keys {
		m, err := loadMapping(ctx, b, strings.TrimPrefix(k, mappingPrefix))
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
