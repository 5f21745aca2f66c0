package control

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// LayerFilter selects layer versions by a runtime and an architecture they
// declare compatible; an empty field selects all.
type LayerFilter struct {
	Runtime      string
	Architecture string
}

func (f LayerFilter) validate() error {
	if f.Runtime != "" && !knownRuntime(f.Runtime) {
		return arn.ConstraintError(f.Runtime, "compatibleRuntime", runtimeEnumConstraint)
	}
	if f.Architecture != "" && f.Architecture != "x86_64" && f.Architecture != "arm64" {
		return arn.ConstraintError(f.Architecture, "compatibleArchitecture", "Member must satisfy enum value set: [x86_64, arm64]")
	}
	return nil
}

func (f LayerFilter) matches(v lambda.LayerVersion) bool {
	return (f.Runtime == "" || slices.Contains(v.CompatibleRuntimes, f.Runtime)) &&
		(f.Architecture == "" || slices.Contains(v.CompatibleArchitectures, f.Architecture))
}

// ListLayers pages through the layers in name order, each with its newest
// version that f selects; layers without one are left out.
func (s *Service) ListLayers(ctx context.Context, f LayerFilter, marker string, maxItems int) ([]lambda.LayersListItem, string, error) {
	if err := f.validate(); err != nil {
		return nil, "", err
	}
	keys, err := s.layers.Keys(ctx)
	if err != nil {
		return nil, "", err
	}
	var items []lambda.LayersListItem
	for _, name := range keys {
		if strings.Contains(name, ".") {
			continue // a version, not a layer
		}
		versions, err := s.layerVersions(ctx, name, f)
		if err != nil {
			return nil, "", err
		}
		if len(versions) > 0 {
			items = append(items, lambda.LayersListItem{LayerName: name, LayerArn: versions[0].LayerArn, LatestMatchingVersion: versions[0].ListItem()})
		}
	}
	return page(items, marker, maxItems, func(l lambda.LayersListItem) string { return l.LayerName })
}

// ListLayerVersions pages through a layer's versions that f selects, newest
// first. A layer without versions has an empty list.
func (s *Service) ListLayerVersions(ctx context.Context, layerName string, f LayerFilter, marker string, maxItems int) ([]lambda.LayerVersionsListItem, string, error) {
	ref, err := s.layerRef(layerName)
	if err != nil {
		return nil, "", err
	}
	if err := f.validate(); err != nil || !s.ownLayer(ref) {
		return nil, "", err
	}
	versions, err := s.layerVersions(ctx, ref.Name, f)
	if err != nil {
		return nil, "", err
	}
	items := make([]lambda.LayerVersionsListItem, len(versions))
	for i, v := range versions {
		items[i] = v.ListItem()
	}
	return page(items, marker, maxItems, func(v lambda.LayerVersionsListItem) string { return strconv.FormatInt(v.Version, 10) })
}

// layerVersions loads the versions of a layer that f selects, newest first.
func (s *Service) layerVersions(ctx context.Context, name string, f LayerFilter) ([]lambda.LayerVersion, error) {
	keys, err := s.layers.KeysWithPrefix(ctx, name+".")
	if err != nil {
		return nil, err
	}
	var out []lambda.LayerVersion
	for _, k := range keys {
		n, err := strconv.ParseInt(strings.TrimPrefix(k, name+"."), 10, 64)
		if err != nil {
			continue
		}
		v, err := s.loadLayerVersion(ctx, name, n)
		if err != nil {
			continue // deleted meanwhile
		}
		if f.matches(v.Config) {
			out = append(out, v.Config)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version > out[j].Version })
	return out, nil
}
