package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// AliasInput is CreateAlias' and UpdateAlias' request body.
type AliasInput struct {
	Name            string
	FunctionVersion *string
	Description     *string
	RoutingConfig   *lambda.AliasRouting
	RevisionId      string
}

const aliasNamePattern = `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`

var aliasNameRE = regexp.MustCompile(`^[a-zA-Z0-9-_]+$`)

func aliasKey(function, alias string) string { return function + "." + alias }

func (s *Service) aliasARN(function, alias string) string {
	return arn.Qualified(s.functionARN(function), alias)
}

// CreateAlias points a new alias at a version.
func (s *Service) CreateAlias(ctx context.Context, ref arn.Function, in AliasInput) (lambda.Alias, error) {
	if err := checkAliasName(in.Name); err != nil {
		return lambda.Alias{}, err
	}
	if in.FunctionVersion == nil {
		return lambda.Alias{}, arn.ConstraintError(nil, "functionVersion", "Member must not be null")
	}
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return lambda.Alias{}, err
	}
	name := rec.Latest.FunctionName
	a := lambda.Alias{
		AliasArn: s.aliasARN(name, in.Name), Name: in.Name, FunctionVersion: *in.FunctionVersion,
		RoutingConfig: in.RoutingConfig, RevisionId: lambda.NewUUID(),
	}
	if in.Description != nil {
		a.Description = *in.Description
	}
	a.RoutingConfig = routing(a.RoutingConfig)
	if err := s.checkAlias(ctx, name, a); err != nil {
		return lambda.Alias{}, err
	}
	data, _ := json.Marshal(a)
	_, err = s.aliases.Create(ctx, aliasKey(name, in.Name), data)
	if errors.Is(err, store.ErrExists) {
		return lambda.Alias{}, aws.Errorf(aws.ErrConflict, "Alias already exists: %s", a.AliasArn)
	}
	return a, err
}

// GetAlias returns an alias.
func (s *Service) GetAlias(ctx context.Context, ref arn.Function, alias string) (lambda.Alias, error) {
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return lambda.Alias{}, err
	}
	a, _, err := s.loadAlias(ctx, rec.Latest.FunctionName, alias)
	if errors.Is(err, store.ErrNotFound) {
		return lambda.Alias{}, aws.Errorf(aws.ErrNotFound, "Cannot find alias arn: %s", s.aliasARN(rec.Latest.FunctionName, alias))
	}
	return a, err
}

// UpdateAlias changes an alias's version, description or routing.
func (s *Service) UpdateAlias(ctx context.Context, ref arn.Function, in AliasInput) (lambda.Alias, error) {
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return lambda.Alias{}, err
	}
	name := rec.Latest.FunctionName
	if !aliasNameRE.MatchString(in.Name) {
		return lambda.Alias{}, s.noAlias(name, in.Name) // no alias has that name, and it is no key
	}
	a, err := store.Modify(ctx, s.aliases, aliasKey(name, in.Name), func(a *lambda.Alias, exists bool) error {
		if !exists {
			return s.noAlias(name, in.Name)
		}
		if in.RevisionId != "" && in.RevisionId != a.RevisionId {
			return aws.Errorf(aws.ErrPreconditionFailed,
				"The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
		}
		if in.FunctionVersion != nil {
			a.FunctionVersion = *in.FunctionVersion
		}
		if in.Description != nil {
			a.Description = *in.Description
		}
		if in.RoutingConfig != nil {
			a.RoutingConfig = routing(in.RoutingConfig)
		}
		a.RevisionId = lambda.NewUUID()
		return s.checkAlias(ctx, name, *a)
	})
	if err != nil {
		return lambda.Alias{}, err
	}
	s.aliasMoved(ctx, name, in.Name)
	return a, nil
}

// noAlias is UpdateAlias's answer for an alias that does not exist, in
// its own words (GetAlias says "Cannot find alias arn").
func (s *Service) noAlias(function, alias string) error {
	return aws.Errorf(aws.ErrNotFound, "Alias not found: %s", s.aliasARN(function, alias))
}

// DeleteAlias removes an alias, its provisioned concurrency, its
// asynchronous invocation settings, its policy and its URL.
func (s *Service) DeleteAlias(ctx context.Context, ref arn.Function, alias string) error {
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return err
	}
	name := rec.Latest.FunctionName
	_, rev, err := s.loadAlias(ctx, name, alias)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleting what is not there succeeds, as on AWS
	}
	if err != nil {
		return err
	}
	if err := s.aliases.Delete(ctx, aliasKey(name, alias), rev); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for _, b := range []Bucket{s.eventConfigs, s.policies, s.urls} {
		if err := deleteKey(ctx, b, qualifierKey(name, alias)); err != nil {
			return err
		}
	}
	return s.dropProvisioned(ctx, name, alias)
}

// ListAliases pages through a function's aliases, optionally only those
// pointing at one version.
func (s *Service) ListAliases(ctx context.Context, ref arn.Function, functionVersion, marker string, maxItems int) ([]lambda.Alias, string, error) {
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return nil, "", err
	}
	all, err := s.allAliases(ctx, rec.Latest.FunctionName)
	if err != nil {
		return nil, "", err
	}
	var out []lambda.Alias
	for _, a := range all {
		if functionVersion == "" || a.FunctionVersion == functionVersion {
			out = append(out, a)
		}
	}
	return page(out, marker, maxItems, func(a lambda.Alias) string { return a.Name })
}

func (s *Service) allAliases(ctx context.Context, function string) ([]lambda.Alias, error) {
	keys, err := s.aliases.KeysWithPrefix(ctx, function+".")
	if err != nil {
		return nil, err
	}
	var out []lambda.Alias
	for _, k := range keys {
		a, _, err := s.loadAlias(ctx, function, strings.TrimPrefix(k, function+"."))
		if err == nil {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *Service) loadAlias(ctx context.Context, function, alias string) (lambda.Alias, uint64, error) {
	if !aliasNameRE.MatchString(alias) {
		return lambda.Alias{}, 0, store.ErrNotFound
	}
	e, err := s.aliases.Get(ctx, aliasKey(function, alias))
	if err != nil {
		return lambda.Alias{}, 0, err
	}
	var a lambda.Alias
	if err := json.Unmarshal(e.Value, &a); err != nil {
		return lambda.Alias{}, 0, fmt.Errorf("decode alias %s:%s: %w", function, alias, err)
	}
	return a, e.Revision, nil
}

// findUnqualified finds the function of an alias operation, whose
// FunctionName must not carry a qualifier.
func (s *Service) findUnqualified(ctx context.Context, ref arn.Function) (record, uint64, error) {
	if err := unqualified(ref); err != nil {
		return record{}, 0, err
	}
	return s.find(ctx, ref)
}

// unqualified refuses a FunctionName that carries a qualifier.
func unqualified(ref arn.Function) error {
	if ref.Qualifier != "" {
		return arn.ConstraintError(ref.Name+":"+ref.Qualifier, "functionName", "Member must not be qualified")
	}
	return nil
}

func checkAliasName(name string) error {
	if len(name) < 1 || len(name) > 128 {
		return arn.ConstraintError(name, "name", "Member must have length less than or equal to 128")
	}
	if !aliasNameRE.MatchString(name) || isVersionNumber(name) {
		return arn.ConstraintError(name, "name", "Member must satisfy regular expression pattern: "+aliasNamePattern)
	}
	return nil
}

// checkAlias applies AWS's rules to an alias's versions and routing.
func (s *Service) checkAlias(ctx context.Context, function string, a lambda.Alias) error {
	v := a.FunctionVersion
	if v != lambda.LatestVersion && !isVersionNumber(v) {
		return arn.ConstraintError(v, "functionVersion", `Member must satisfy regular expression pattern: (\$(LATEST|LATEST\.PUBLISHED)|[0-9]+)`)
	}
	if err := s.versionExists(ctx, function, v); err != nil {
		return err
	}
	if a.RoutingConfig == nil || len(a.RoutingConfig.AdditionalVersionWeights) == 0 {
		return nil
	}
	weights := a.RoutingConfig.AdditionalVersionWeights
	if len(weights) > 1 {
		return aws.Errorf(aws.ErrInvalid, "Number of items in AdditionalVersionWeights cannot be greater than 1")
	}
	for extra, w := range weights {
		if w < 0 || w > 1 {
			return arn.ConstraintError(weightsValue(extra, w), "routingConfig.additionalVersionWeights",
				"Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]")
		}
		if !isVersionNumber(extra) {
			return arn.ConstraintError(weightsValue(extra, w), "routingConfig.additionalVersionWeights",
				"Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]")
		}
		if v == lambda.LatestVersion {
			return aws.Errorf(aws.ErrInvalid, "$LATEST is not supported for an alias pointing to more than 1 version")
		}
		if extra == v {
			return aws.Errorf(aws.ErrInvalid,
				"Invalid function version %s. Function version %s is already included in routing configuration.", extra, extra)
		}
		if err := s.versionExists(ctx, function, extra); err != nil {
			return err
		}
	}
	return nil
}

// weightsValue prints a routing weight as AWS's messages do, a Java map
// of doubles: {2=0.5}.
func weightsValue(version string, w float64) string {
	return "{" + version + "=" + aws.JavaDouble(w) + "}"
}

func (s *Service) versionExists(ctx context.Context, function, v string) error {
	_, err := s.GetFunction(ctx, arn.Function{Name: function, Qualifier: v})
	return err
}

// routing drops an empty routing configuration, which clears the routing.
func routing(r *lambda.AliasRouting) *lambda.AliasRouting {
	if r == nil || len(r.AdditionalVersionWeights) == 0 {
		return nil
	}
	return r
}
