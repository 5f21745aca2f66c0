package control

import (
	"context"
	"encoding/base64"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// Function is a function as GetFunction reports it.
type Function struct {
	Configuration lambda.FunctionConfiguration
	CodeBlob      string
	Tags          map[string]string
}

// GetFunction returns a function's configuration, code reference and tags.
// qualifier may come from the ARN or the Qualifier parameter.
func (s *Service) GetFunction(ctx context.Context, ref arn.Function) (Function, error) {
	rec, _, err := s.find(ctx, ref)
	if err != nil {
		return Function{}, err
	}
	cfg, err := s.version(rec, ref)
	if err != nil {
		return Function{}, err
	}
	return Function{Configuration: cfg, CodeBlob: rec.CodeBlob, Tags: rec.Tags}, nil
}

// version picks the qualified version of a record. Only $LATEST exists until
// versions are published.
func (s *Service) version(rec record, ref arn.Function) (lambda.FunctionConfiguration, error) {
	switch ref.Qualifier {
	case "":
		return rec.Latest, nil
	case lambda.LatestVersion:
		cfg := rec.Latest
		cfg.FunctionArn = arn.Qualified(cfg.FunctionArn, lambda.LatestVersion)
		return cfg, nil
	}
	return lambda.FunctionConfiguration{}, s.notFound(ref)
}

// ListFunctions pages through the functions in name order. Markers are opaque.
func (s *Service) ListFunctions(ctx context.Context, marker string, maxItems int, all bool) ([]lambda.FunctionConfiguration, string, error) {
	names, err := s.functions.Keys(ctx)
	if err != nil {
		return nil, "", err
	}
	start, err := decodeMarker(marker, names)
	if err != nil {
		return nil, "", err
	}
	if maxItems <= 0 || maxItems > 50 {
		maxItems = 50
	}
	var out []lambda.FunctionConfiguration
	i := start
	for ; i < len(names) && len(out) < maxItems; i++ {
		rec, _, err := s.load(ctx, names[i])
		if err != nil {
			continue // deleted between listing and loading
		}
		out = append(out, listed(rec.Latest))
	}
	next := ""
	if i < len(names) {
		next = base64.RawURLEncoding.EncodeToString([]byte(names[i]))
	}
	return out, next, nil
}

// listed drops the members ListFunctions leaves out.
func listed(c lambda.FunctionConfiguration) lambda.FunctionConfiguration {
	c.State, c.StateReason, c.StateReasonCode = "", "", ""
	c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	c.RuntimeVersionConfig = nil
	return c
}

func decodeMarker(marker string, names []string) (int, error) {
	if marker == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(marker)
	if err != nil {
		return 0, lambda.Errorf(lambda.ErrInvalidParameter, "Invalid marker: %s", marker)
	}
	for i, n := range names {
		if n >= string(b) {
			return i, nil
		}
	}
	return len(names), nil
}
