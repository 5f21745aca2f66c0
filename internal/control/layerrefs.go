package control

import (
	"context"
	"errors"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/codezip"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// layerCode is what a function keeps of each layer version it uses, so
// that it still runs, and is still sized, after the version is deleted.
type layerCode struct {
	Blob     string `json:"blob"`
	Unzipped int64  `json:"unzipped"`
}

// resolveLayers looks up the layer versions a function references, in
// order, with AWS's rules: at most five, each an existing version in this
// region, no two of one layer.
func (s *Service) resolveLayers(ctx context.Context, arns []string) ([]lambda.Layer, []layerCode, error) {
	if len(arns) > lambda.MaxLayers {
		return nil, nil, aws.Errorf(aws.ErrInvalid, "Cannot reference more than %d layers.", lambda.MaxLayers)
	}
	var layers []lambda.Layer
	var codes []layerCode
	seen := map[string]string{}
	for _, a := range arns {
		ref, err := arn.ParseFunctionLayer(a)
		if err != nil {
			return nil, nil, err
		}
		if ref.Region != s.cfg.Region {
			return nil, nil, aws.Errorf(aws.ErrInvalid,
				"Layers are not in the same region as the function. Layers are expected to be in region %s.", s.cfg.Region)
		}
		v, err := s.referencedLayer(ctx, ref)
		if err != nil {
			return nil, nil, err
		}
		if other, ok := seen[ref.Name]; ok {
			return nil, nil, aws.Errorf(aws.ErrInvalid,
				"Two different versions of the same layer are not allowed to be referenced in the same function. %s and %s are versions of the same layer.", other, a)
		}
		seen[ref.Name] = a
		layers = append(layers, lambda.Layer{Arn: v.Config.LayerVersionArn, CodeSize: v.Config.Content.CodeSize})
		codes = append(codes, layerCode{Blob: v.Blob, Unzipped: v.Unzipped})
	}
	return layers, codes, nil
}

func (s *Service) referencedLayer(ctx context.Context, ref arn.Layer) (layerVersion, error) {
	if ref.Account != s.cfg.Account || ref.Version < 1 {
		return layerVersion{}, layerNotFound(aws.ErrInvalid, ref)
	}
	v, err := s.loadLayerVersion(ctx, ref.Name, ref.Version)
	if errors.Is(err, store.ErrNotFound) {
		return layerVersion{}, layerNotFound(aws.ErrInvalid, ref)
	}
	return v, err
}

// setLayers replaces the layers of $LATEST.
func (s *Service) setLayers(ctx context.Context, rec *record, arns []string) error {
	layers, codes, err := s.resolveLayers(ctx, arns)
	if err != nil {
		return err
	}
	code, err := s.codeUnzipped(ctx, *rec)
	if err != nil {
		return err
	}
	if err := checkCombinedSize(code, codes); err != nil {
		return err
	}
	rec.Latest.Layers, rec.Layers, rec.CodeUnzipped = layers, codes, code
	return nil
}

// checkCombinedSize applies Lambda's limit to a function's unzipped code
// and layers together.
func checkCombinedSize(code int64, layers []layerCode) error {
	total := code
	for _, l := range layers {
		total += l.Unzipped
	}
	if total > lambda.MaxUnzippedBytes {
		return aws.Errorf(aws.ErrInvalid,
			"Function code combined with layers exceeds the maximum allowed size of %d bytes. The actual size is %d bytes.", lambda.MaxUnzippedBytes, total)
	}
	return nil
}

// codeUnzipped is the unzipped size of $LATEST's code, read from its zip
// for records that do not keep it.
func (s *Service) codeUnzipped(ctx context.Context, rec record) (int64, error) {
	if rec.CodeUnzipped > 0 || rec.CodeBlob == "" {
		return rec.CodeUnzipped, nil
	}
	data, err := s.code.Get(ctx, rec.CodeBlob)
	if err != nil {
		return 0, err
	}
	info, err := codezip.Inspect(data, zipLimits)
	return info.UnzippedSize, err
}

// layerBlobs lists the zips of a function's layers, in order.
func layerBlobs(codes []layerCode) []string {
	var blobs []string
	for _, c := range codes {
		blobs = append(blobs, c.Blob)
	}
	return blobs
}
