package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/pool"
	"github.com/virga-dev/virga/internal/store"
)

func provisionedKey(function, qualifier string) string { return function + "." + qualifier }

// PutProvisionedConcurrency asks for n initialized environments of a
// version or alias; they are prepared in the background.
func (s *Service) PutProvisionedConcurrency(ctx context.Context, ref arn.Function, n *int) (lambda.ProvisionedConcurrency, error) {
	if err := checkProvisionedQualifier(ref.Qualifier); err != nil {
		return lambda.ProvisionedConcurrency{}, err
	}
	if n == nil || *n < 1 {
		return lambda.ProvisionedConcurrency{}, arn.ConstraintError(derefOr(n), "provisionedConcurrentExecutions", "Member must have value greater than or equal to 1")
	}
	fn, err := s.findQualified(ctx, ref)
	if err != nil {
		return lambda.ProvisionedConcurrency{}, err
	}
	name := fn.Configuration.FunctionName
	if err := s.checkProvisionedFits(ctx, fn, ref.Qualifier, *n); err != nil {
		return lambda.ProvisionedConcurrency{}, err
	}
	pc := lambda.ProvisionedConcurrency{
		RequestedProvisionedConcurrentExecutions: *n,
		Status:                                   lambda.ProvisionInProgress,
		LastModified:                             provisionedTimestamp(time.Now()),
	}
	_, err = store.Modify(ctx, s.provisioned, provisionedKey(name, ref.Qualifier), func(stored *lambda.ProvisionedConcurrency, _ bool) error {
		*stored = pc
		return nil
	})
	if err != nil {
		return lambda.ProvisionedConcurrency{}, err
	}
	s.place(ctx, provisionedKey(name, ref.Qualifier))
	return pc, nil
}

// checkProvisionedFits keeps a function's provisioned concurrency within
// its reservation.
func (s *Service) checkProvisionedFits(ctx context.Context, fn Function, qualifier string, n int) error {
	if fn.Reserved == nil {
		return nil
	}
	others, err := s.allProvisioned(ctx, fn.Configuration.FunctionName)
	if err != nil {
		return err
	}
	total := n
	for q, pc := range others {
		if q != qualifier {
			total += pc.RequestedProvisionedConcurrentExecutions
		}
	}
	if total > *fn.Reserved {
		return aws.Errorf(aws.ErrInvalid,
			"Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function")
	}
	return nil
}

// GetProvisionedConcurrency reports a configuration and its progress.
func (s *Service) GetProvisionedConcurrency(ctx context.Context, ref arn.Function) (lambda.ProvisionedConcurrency, error) {
	if err := checkProvisionedQualifier(ref.Qualifier); err != nil {
		return lambda.ProvisionedConcurrency{}, err
	}
	if _, err := s.findQualified(ctx, ref); err != nil {
		return lambda.ProvisionedConcurrency{}, err
	}
	return s.reported(ctx, ref.Name, ref.Qualifier)
}

// DeleteProvisionedConcurrency releases a version's or alias's environments.
func (s *Service) DeleteProvisionedConcurrency(ctx context.Context, ref arn.Function) error {
	if err := checkProvisionedQualifier(ref.Qualifier); err != nil {
		return err
	}
	if _, err := s.findQualified(ctx, ref); err != nil {
		return err
	}
	// A configuration that does not exist is deleted already, as on AWS.
	return s.dropProvisioned(ctx, ref.Name, ref.Qualifier)
}

// ListProvisionedConcurrency pages through a function's configurations.
func (s *Service) ListProvisionedConcurrency(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.ProvisionedConcurrency, string, error) {
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return nil, "", err
	}
	all, err := s.allProvisioned(ctx, rec.Latest.FunctionName)
	if err != nil {
		return nil, "", err
	}
	var out []lambda.ProvisionedConcurrency
	for q, pc := range all {
		pc.FunctionArn = arn.Qualified(rec.Latest.FunctionArn, q)
		out = append(out, pc)
	}
	sortBy(out, func(pc lambda.ProvisionedConcurrency) string { return pc.FunctionArn })
	return page(out, marker, maxItems, func(pc lambda.ProvisionedConcurrency) string { return pc.FunctionArn })
}

func checkProvisionedQualifier(q string) error {
	switch {
	case q == "":
		return arn.ConstraintError(nil, "qualifier", "Member must not be null")
	case q == lambda.LatestVersion:
		return aws.Errorf(aws.ErrInvalid, "Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
	}
	return nil
}

// poolFunction is fn as the pool starts it.
func (s *Service) poolFunction(name string, fn Function) pool.Function {
	target := pool.Function{Config: fn.Configuration, CodeBlob: fn.CodeBlob, LayerBlobs: fn.LayerBlobs, ARN: s.functionARN(name), Network: fn.Network}
	target.Config.FunctionArn = s.functionARN(name)
	return target
}

func provisionStatus(n, ready int, failure string) string {
	switch {
	case failure != "":
		return lambda.ProvisionFailed
	case ready >= n:
		return lambda.ProvisionReady
	}
	return lambda.ProvisionInProgress
}

func reason(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// aliasMoved re-targets an alias's provisioned environments after the alias
// changed version.
func (s *Service) aliasMoved(ctx context.Context, name, alias string) {
	s.place(ctx, provisionedKey(name, alias))
}

// reprovision prepares again, after a restart, this server's share of
// every configuration, forgetting what it reported before, and follows
// the members from then on.
func (s *Service) reprovision(ctx context.Context) error {
	keys, err := s.provisioned.Keys(ctx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		s.clearReady(ctx, k)
		s.place(ctx, k)
	}
	s.wg.Add(1)
	go s.follow(s.ctx)
	return nil
}

// dropProvisioned removes a configuration, if there is one, and its
// environments.
func (s *Service) dropProvisioned(ctx context.Context, name, qualifier string) error {
	key := provisionedKey(name, qualifier)
	if s.cfg.Provisioner != nil {
		s.cfg.Provisioner.Unprovision(snapStartKey(key))
	}
	defer s.place(ctx, key) // lets go of this server's share
	_, rev, err := s.loadProvisioned(ctx, name, qualifier)
	if errors.Is(err, lambda.ErrProvisionedNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	err = s.provisioned.Delete(ctx, key, rev)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

func (s *Service) allProvisioned(ctx context.Context, name string) (map[string]lambda.ProvisionedConcurrency, error) {
	keys, err := s.provisioned.KeysWithPrefix(ctx, name+".")
	if err != nil {
		return nil, err
	}
	out := map[string]lambda.ProvisionedConcurrency{}
	for _, k := range keys {
		q := strings.TrimPrefix(k, name+".")
		if pc, err := s.reported(ctx, name, q); err == nil {
			out[q] = pc
		}
	}
	return out, nil
}

// reported is a configuration with the progress the members report.
func (s *Service) reported(ctx context.Context, name, qualifier string) (lambda.ProvisionedConcurrency, error) {
	pc, rev, err := s.loadProvisioned(ctx, name, qualifier)
	if err != nil {
		return pc, err
	}
	return s.withReadiness(ctx, provisionedKey(name, qualifier), pc, rev), nil
}

func (s *Service) loadProvisioned(ctx context.Context, name, qualifier string) (lambda.ProvisionedConcurrency, uint64, error) {
	e, err := s.provisioned.Get(ctx, provisionedKey(name, qualifier))
	if errors.Is(err, store.ErrNotFound) {
		return lambda.ProvisionedConcurrency{}, 0, aws.Errorf(lambda.ErrProvisionedNotFound, "No Provisioned Concurrency Config found for this function")
	}
	if err != nil {
		return lambda.ProvisionedConcurrency{}, 0, err
	}
	var pc lambda.ProvisionedConcurrency
	if err := json.Unmarshal(e.Value, &pc); err != nil {
		return lambda.ProvisionedConcurrency{}, 0, fmt.Errorf("decode provisioned concurrency %s: %w", e.Key, err)
	}
	return pc, e.Revision, nil
}

// provisionedTimestamp is the LastModified form of provisioned concurrency
// configurations (ISO 8601 with a Z).
func provisionedTimestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func derefOr(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}
