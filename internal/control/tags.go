package control

import (
	"context"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/network"
)

// ListTags returns a function's tags.
func (s *Service) ListTags(ctx context.Context, resource string) (map[string]string, error) {
	ref, err := taggable(resource)
	if err != nil {
		return nil, err
	}
	rec, _, err := s.find(ctx, ref)
	if err != nil {
		return nil, err
	}
	if rec.Tags == nil {
		return map[string]string{}, nil
	}
	return rec.Tags, nil
}

// TagResource adds or replaces tags.
func (s *Service) TagResource(ctx context.Context, resource string, tags map[string]string) error {
	return s.retag(ctx, resource, func(t map[string]string) {
		for k, v := range tags {
			t[k] = v
		}
	})
}

// UntagResource removes tags by key.
func (s *Service) UntagResource(ctx context.Context, resource string, keys []string) error {
	return s.retag(ctx, resource, func(t map[string]string) {
		for _, k := range keys {
			delete(t, k)
		}
	})
}

func (s *Service) retag(ctx context.Context, resource string, change func(map[string]string)) error {
	ref, err := taggable(resource)
	if err != nil {
		return err
	}
	_, err = s.modify(ctx, ref, func(rec *record) error {
		if rec.Tags == nil {
			rec.Tags = map[string]string{}
		}
		change(rec.Tags)
		return validateTags(rec.Tags)
	})
	return err
}

// taggable parses a tag resource ARN: an unqualified function ARN.
func taggable(resource string) (arn.Function, error) {
	ref, err := arn.ParseFunction(resource, "resource")
	if err != nil || ref.Region == "" {
		return arn.Function{}, arn.ConstraintError(resource, "resource",
			`Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)`)
	}
	if ref.Qualifier != "" {
		return arn.Function{}, aws.Errorf(aws.ErrInvalid,
			"Tags on function aliases and versions are not supported. Please specify a function ARN.")
	}
	return ref, nil
}

// validateTags applies Lambda's tag limits and reads Virga's network tag.
func validateTags(tags map[string]string) error {
	if err := lambda.CheckTags(tags); err != nil {
		return err
	}
	if v, ok := tags[network.Tag]; ok {
		if _, err := network.Parse(v); err != nil {
			return aws.Errorf(aws.ErrInvalid, "Invalid value for tag %s: %v. Expected default, none, or CIDR:port rules such as 10.0.0.0/8:5432.", network.Tag, err)
		}
	}
	return nil
}
