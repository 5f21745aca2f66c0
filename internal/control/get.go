package control

import (
	"context"
	"errors"
	"sort"
	"strconv"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/network"
	"github.com/virga-dev/virga/internal/store"
)

// Function is a function version as GetFunction reports it.
type Function struct {
	Configuration lambda.FunctionConfiguration
	CodeBlob      string
	// LayerBlobs are the zips of its layers, in order.
	LayerBlobs []string
	Tags       map[string]string
	// Reserved is the function's reserved concurrency, if any.
	Reserved *int
	// Alias is the alias the call named, if it named one.
	Alias *lambda.Alias
	// Network is what the function may reach, from its virga:network tag.
	Network network.Policy
}

// GetFunction returns a function version's configuration, code reference
// and tags. The qualifier may come from the ARN or the Qualifier parameter:
// none or $LATEST, a version number, or an alias (its primary version).
func (s *Service) GetFunction(ctx context.Context, ref arn.Function) (Function, error) {
	fn, err := s.getFunction(ctx, ref)
	if err == nil {
		fn.Configuration.VpcConfig = vpcConfig(fn.Network)
	}
	return fn, err
}

func (s *Service) getFunction(ctx context.Context, ref arn.Function) (Function, error) {
	rec, _, err := s.find(ctx, ref)
	if err != nil {
		return Function{}, err
	}
	fn := Function{Tags: rec.Tags, Reserved: rec.Reserved, Network: network.FromTags(rec.Tags)}
	q := ref.Qualifier
	switch {
	case q == "" || q == lambda.LatestVersion:
		fn.Configuration, fn.CodeBlob, fn.LayerBlobs = rec.Latest, rec.CodeBlob, layerBlobs(rec.Layers)
		if q != "" {
			fn.Configuration.FunctionArn = arn.Qualified(rec.Latest.FunctionArn, q)
		}
	case isVersionNumber(q):
		n, _ := strconv.Atoi(q)
		v, err := s.loadVersion(ctx, ref.Name, n)
		if errors.Is(err, store.ErrNotFound) {
			return Function{}, s.notFound(ref)
		}
		if err != nil {
			return Function{}, err
		}
		fn.Configuration, fn.CodeBlob, fn.LayerBlobs = v.Config, v.CodeBlob, layerBlobs(v.Layers)
	default:
		a, _, err := s.loadAlias(ctx, ref.Name, q)
		if errors.Is(err, store.ErrNotFound) {
			return Function{}, s.notFound(ref)
		}
		if err != nil {
			return Function{}, err
		}
		target, err := s.GetFunction(ctx, arn.Function{Name: ref.Name, Qualifier: a.FunctionVersion})
		if err != nil {
			return Function{}, err
		}
		fn.Configuration, fn.CodeBlob, fn.LayerBlobs, fn.Alias = target.Configuration, target.CodeBlob, target.LayerBlobs, &a
		fn.Configuration.FunctionArn = arn.Qualified(rec.Latest.FunctionArn, q)
	}
	return fn, nil
}

// isVersionNumber reports whether q names a published version.
func isVersionNumber(q string) bool {
	if q == "" || len(q) > 10 {
		return false
	}
	for _, r := range q {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ListFunctions pages through the functions in name order. Markers are opaque.
func (s *Service) ListFunctions(ctx context.Context, marker string, maxItems int, all bool) ([]lambda.FunctionConfiguration, string, error) {
	names, err := s.functions.Keys(ctx)
	if err != nil {
		return nil, "", err
	}
	if all {
		return s.listAllVersions(ctx, names, marker, maxItems)
	}
	first, ok := aws.ParseToken(marker)
	if !ok {
		return nil, "", invalidMarker(marker)
	}
	if maxItems <= 0 || maxItems > 50 {
		maxItems = 50
	}
	var out []lambda.FunctionConfiguration
	i := sort.SearchStrings(names, first) // names are sorted
	for ; i < len(names) && len(out) < maxItems; i++ {
		rec, _, err := s.load(ctx, names[i])
		if err != nil {
			continue // deleted between listing and loading
		}
		out = append(out, listed(rec.Latest))
	}
	next := ""
	if i < len(names) {
		next = aws.Token(names[i])
	}
	return out, next, nil
}

// listAllVersions pages through every version of every function.
func (s *Service) listAllVersions(ctx context.Context, names []string, marker string, maxItems int) ([]lambda.FunctionConfiguration, string, error) {
	var items []lambda.FunctionConfiguration
	for _, name := range names {
		rec, _, err := s.load(ctx, name)
		if err != nil {
			continue
		}
		versions, err := s.allVersions(ctx, rec)
		if err != nil {
			return nil, "", err
		}
		items = append(items, versions...)
	}
	return page(items, marker, maxItems, func(c lambda.FunctionConfiguration) string { return c.FunctionName + ":" + c.Version })
}

// listed drops the members ListFunctions leaves out.
func listed(c lambda.FunctionConfiguration) lambda.FunctionConfiguration {
	c.State, c.StateReason, c.StateReasonCode = "", "", ""
	c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	c.RuntimeVersionConfig = nil
	return c
}

// vpcConfig shows a network setting other than the default in
// GetFunctionConfiguration, where AWS shows a function's VPC.
func vpcConfig(p network.Policy) *lambda.VpcConfig {
	if p.Mode == network.Default {
		return nil
	}
	return &lambda.VpcConfig{SubnetIds: []string{}, SecurityGroupIds: []string{}, VpcId: network.Tag + "=" + p.String()}
}
