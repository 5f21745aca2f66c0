package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// EventConfigInput is the request body of PutFunctionEventInvokeConfig and
// UpdateFunctionEventInvokeConfig.
type EventConfigInput struct {
	MaximumRetryAttempts     *int
	MaximumEventAgeInSeconds *int
	DestinationConfig        *lambda.DestinationConfig
}

// latestToken stands for $LATEST in keys, which cannot hold '$'; alias
// names cannot hold '='.
const latestToken = "=latest"

// qualifierKey is the key of what belongs to one qualifier of a function
// (event invoke configs, policies): "name.qualifier", with latestToken for
// none or $LATEST.
func qualifierKey(function, qualifier string) string {
	q := canonical(qualifier)
	if q == lambda.LatestVersion {
		q = latestToken
	}
	return function + "." + q
}

// eventConfigARN is the qualified ARN a configuration answers for.
func (s *Service) eventConfigARN(function, qualifier string) string {
	return arn.Qualified(s.functionARN(function), canonical(qualifier))
}

// canonical names a qualifier one way: $LATEST when there is none, versions
// without leading zeros.
func canonical(qualifier string) string {
	switch {
	case qualifier == "":
		return lambda.LatestVersion
	case isVersionNumber(qualifier):
		n, _ := strconv.Atoi(qualifier)
		return strconv.Itoa(n)
	}
	return qualifier
}

// PutFunctionEventInvokeConfig replaces the asynchronous invocation settings
// of a function, version or alias.
func (s *Service) PutFunctionEventInvokeConfig(ctx context.Context, ref arn.Function, in EventConfigInput) (lambda.EventInvokeConfig, error) {
	return s.writeEventConfig(ctx, ref, in, func(c *lambda.EventInvokeConfig, _ bool) error {
		*c = lambda.EventInvokeConfig{
			MaximumRetryAttempts: in.MaximumRetryAttempts, MaximumEventAgeInSeconds: in.MaximumEventAgeInSeconds,
			DestinationConfig: in.DestinationConfig,
		}
		return nil
	})
}

// UpdateFunctionEventInvokeConfig changes the given members of existing
// settings; like AWS, it fails when there are none.
func (s *Service) UpdateFunctionEventInvokeConfig(ctx context.Context, ref arn.Function, in EventConfigInput) (lambda.EventInvokeConfig, error) {
	return s.writeEventConfig(ctx, ref, in, func(c *lambda.EventInvokeConfig, exists bool) error {
		if !exists {
			return s.noEventConfig(ref)
		}
		if in.MaximumRetryAttempts != nil {
			c.MaximumRetryAttempts = in.MaximumRetryAttempts
		}
		if in.MaximumEventAgeInSeconds != nil {
			c.MaximumEventAgeInSeconds = in.MaximumEventAgeInSeconds
		}
		if in.DestinationConfig != nil {
			c.DestinationConfig = in.DestinationConfig
		}
		return nil
	})
}

// GetFunctionEventInvokeConfig returns the settings of a function, version
// or alias.
func (s *Service) GetFunctionEventInvokeConfig(ctx context.Context, ref arn.Function) (lambda.EventInvokeConfig, error) {
	if err := s.checkOwner(ref); err != nil {
		return lambda.EventInvokeConfig{}, err
	}
	c, err := s.findEventConfig(ctx, ref.Name, ref.Qualifier)
	if errors.Is(err, store.ErrNotFound) {
		return lambda.EventInvokeConfig{}, s.noEventConfig(ref)
	}
	return c, err
}

// DeleteFunctionEventInvokeConfig removes the settings of a function,
// version or alias.
func (s *Service) DeleteFunctionEventInvokeConfig(ctx context.Context, ref arn.Function) error {
	if err := s.checkOwner(ref); err != nil {
		return err
	}
	_, err := s.findEventConfig(ctx, ref.Name, ref.Qualifier)
	if err == nil {
		err = s.eventConfigs.Delete(ctx, qualifierKey(ref.Name, ref.Qualifier), 0)
	}
	if errors.Is(err, store.ErrNotFound) {
		return s.noEventConfig(ref)
	}
	return err
}

// ListFunctionEventInvokeConfigs pages through a function's settings:
// $LATEST, then versions, then aliases.
func (s *Service) ListFunctionEventInvokeConfigs(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.EventInvokeConfig, string, error) {
	if maxItems > 50 {
		return nil, "", arn.ConstraintError(maxItems, "maxItems", "Member must have value less than or equal to 50")
	}
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return nil, "", functionMissing(err)
	}
	name := rec.Latest.FunctionName
	keys, err := s.eventConfigs.KeysWithPrefix(ctx, name+".")
	if err != nil {
		return nil, "", err
	}
	var out []lambda.EventInvokeConfig
	for _, k := range keys {
		if c, err := s.loadEventConfig(ctx, k); err == nil {
			out = append(out, c)
		}
	}
	sortBy(out, func(c lambda.EventInvokeConfig) string { return qualifierOrder(c.FunctionArn) })
	return page(out, marker, maxItems, func(c lambda.EventInvokeConfig) string { return c.FunctionArn })
}

// EventInvokeConfig is the stored configuration that applies to an
// asynchronous invocation made with qualifier ("" is $LATEST); ok is false
// when there is none.
func (s *Service) EventInvokeConfig(ctx context.Context, name, qualifier string) (lambda.EventInvokeConfig, bool, error) {
	c, err := s.findEventConfig(ctx, name, qualifier)
	if errors.Is(err, store.ErrNotFound) {
		return lambda.EventInvokeConfig{}, false, nil
	}
	return c, err == nil, err
}

// writeEventConfig validates a Put or Update and stores what change makes
// of the stored configuration (exists is false when there is none).
func (s *Service) writeEventConfig(ctx context.Context, ref arn.Function, in EventConfigInput,
	change func(c *lambda.EventInvokeConfig, exists bool) error) (lambda.EventInvokeConfig, error) {
	if err := checkEventConfig(in); err != nil {
		return lambda.EventInvokeConfig{}, err
	}
	if _, err := s.GetFunction(ctx, ref); err != nil {
		return lambda.EventInvokeConfig{}, functionMissing(err)
	}
	if err := s.checkDestinations(ctx, ref.Name, in.DestinationConfig); err != nil {
		return lambda.EventInvokeConfig{}, err
	}
	fnARN := s.eventConfigARN(ref.Name, ref.Qualifier)
	return store.Modify(ctx, s.eventConfigs, qualifierKey(ref.Name, ref.Qualifier), func(c *lambda.EventInvokeConfig, exists bool) error {
		if err := change(c, exists); err != nil {
			return err
		}
		c.FunctionArn = fnARN
		c.LastModified = float64(time.Now().UnixMicro()) / 1e6
		c.DestinationConfig = echoedDestinations(c.DestinationConfig)
		return nil
	})
}

// findEventConfig loads the configuration of a qualifier, or
// store.ErrNotFound when there is none.
func (s *Service) findEventConfig(ctx context.Context, name, qualifier string) (lambda.EventInvokeConfig, error) {
	if q := canonical(qualifier); q != lambda.LatestVersion && !aliasNameRE.MatchString(q) {
		return lambda.EventInvokeConfig{}, store.ErrNotFound // names no version or alias, and is no key
	}
	return s.loadEventConfig(ctx, qualifierKey(name, qualifier))
}

func (s *Service) loadEventConfig(ctx context.Context, key string) (lambda.EventInvokeConfig, error) {
	e, err := s.eventConfigs.Get(ctx, key)
	if err != nil {
		return lambda.EventInvokeConfig{}, err
	}
	var c lambda.EventInvokeConfig
	if err := json.Unmarshal(e.Value, &c); err != nil {
		return lambda.EventInvokeConfig{}, fmt.Errorf("decode event invoke config %s: %w", key, err)
	}
	return c, nil
}

// echoedDestinations is the DestinationConfig as AWS answers it: both
// members present, empty when unset.
func echoedDestinations(d *lambda.DestinationConfig) *lambda.DestinationConfig {
	out := lambda.DestinationConfig{OnSuccess: &lambda.Destination{}, OnFailure: &lambda.Destination{}}
	if d != nil && d.OnSuccess != nil {
		*out.OnSuccess = *d.OnSuccess
	}
	if d != nil && d.OnFailure != nil {
		*out.OnFailure = *d.OnFailure
	}
	return &out
}

// qualifierOrder sorts $LATEST first, then versions by number, then aliases.
func qualifierOrder(functionARN string) string {
	q := functionARN[strings.LastIndex(functionARN, ":")+1:]
	switch {
	case q == lambda.LatestVersion:
		return "0"
	case isVersionNumber(q):
		n, _ := strconv.Atoi(q)
		return fmt.Sprintf("1%010d", n)
	}
	return "2" + q
}

func (s *Service) noEventConfig(ref arn.Function) error {
	return aws.Errorf(aws.ErrNotFound, "The function %s doesn't have an EventInvokeConfig", s.eventConfigARN(ref.Name, ref.Qualifier))
}

// functionMissing words a missing function or qualifier as the event invoke
// config operations do.
func functionMissing(err error) error {
	if errors.Is(err, aws.ErrNotFound) {
		return aws.Errorf(aws.ErrNotFound, "The function doesn't exist.")
	}
	return err
}
