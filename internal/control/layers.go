package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// LayerVersion is a layer version and the blob its zip is kept under, from
// which the API makes Content.Location.
type LayerVersion struct {
	lambda.LayerVersion
	Blob string
}

// layerVersion is a layer version as stored. Its zip stays in the blob
// store after the version is deleted: functions that use it keep running.
type layerVersion struct {
	Config   lambda.LayerVersion `json:"config"`
	Blob     string              `json:"blob"`
	Unzipped int64               `json:"unzipped"`
	Policy   *layerPolicy        `json:"policy,omitempty"`
}

// The layers bucket keeps, under a layer's name, the number of its newest
// version (numbers are never reused) and, under "name.N", each version.
func layerVersionKey(name string, n int64) string { return name + "." + strconv.FormatInt(n, 10) }

// PublishLayerVersion stores a zip as the next version of a layer, creating
// the layer on first use.
func (s *Service) PublishLayerVersion(ctx context.Context, layerName string, in PublishLayerVersionInput) (LayerVersion, error) {
	ref, err := s.layerRef(layerName)
	if err != nil {
		return LayerVersion{}, err
	}
	if !s.ownLayer(ref) {
		return LayerVersion{}, aws.Errorf(aws.ErrAccessDenied, "Virga holds layers of account %s in %s only; it cannot publish to %s.",
			s.cfg.Account, s.cfg.Region, arn.LayerARN(ref.Region, ref.Account, ref.Name))
	}
	if err := validateLayerInput(in); err != nil {
		return LayerVersion{}, err
	}
	c := in.Content
	up, err := s.upload(ctx, codeSource{zip: c.ZipFile, bucket: c.S3Bucket, key: c.S3Key, version: c.S3ObjectVersion})
	if err != nil {
		return LayerVersion{}, err
	}
	if err := s.storeCode(ctx, up); err != nil {
		return LayerVersion{}, err
	}
	n, err := s.nextLayerNumber(ctx, ref.Name)
	if err != nil {
		return LayerVersion{}, err
	}
	v := layerVersion{Blob: up.blob, Unzipped: up.unzipSize, Config: lambda.LayerVersion{
		Content:         lambda.LayerContent{CodeSha256: up.sha256, CodeSize: int64(len(up.data))},
		LayerArn:        arn.LayerARN(s.cfg.Region, s.cfg.Account, ref.Name),
		LayerVersionArn: arn.LayerVersionARN(s.cfg.Region, s.cfg.Account, ref.Name, n),
		Description:     in.Description, CreatedDate: lambda.Timestamp(time.Now()), Version: n,
		CompatibleRuntimes: in.CompatibleRuntimes, LicenseInfo: in.LicenseInfo, CompatibleArchitectures: in.CompatibleArchitectures,
	}}
	data, _ := json.Marshal(v)
	if _, err := s.layers.Create(ctx, layerVersionKey(ref.Name, n), data); err != nil {
		return LayerVersion{}, fmt.Errorf("store layer version %s: %w", v.Config.LayerVersionArn, err)
	}
	return v.public(), nil
}

// nextLayerNumber takes the next version number of a layer.
func (s *Service) nextLayerNumber(ctx context.Context, name string) (int64, error) {
	return store.Modify(ctx, s.layers, name, func(last *int64, _ bool) error {
		*last++
		return nil
	})
}

// GetLayerVersion returns one version of a layer.
func (s *Service) GetLayerVersion(ctx context.Context, layerName string, version int64) (LayerVersion, error) {
	ref, err := s.layerRef(layerName)
	if err != nil {
		return LayerVersion{}, err
	}
	ref.Version = version
	return s.readLayerVersion(ctx, ref)
}

// readLayerVersion is a layer version as the read operations answer it;
// one that does not exist is AWS's generic 404 there (the permission
// operations name the version instead).
func (s *Service) readLayerVersion(ctx context.Context, ref arn.Layer) (LayerVersion, error) {
	v, err := s.findLayerVersion(ctx, ref)
	if errors.Is(err, aws.ErrNotFound) {
		return LayerVersion{}, noResource()
	}
	return v.public(), err
}

// GetLayerVersionByArn returns the layer version a version ARN names.
func (s *Service) GetLayerVersionByArn(ctx context.Context, versionARN string) (LayerVersion, error) {
	if versionARN == "" {
		return LayerVersion{}, arn.ConstraintError(nil, "arn", "Member must not be null")
	}
	ref, err := arn.ParseLayerVersion(versionARN, "arn")
	if err != nil {
		return LayerVersion{}, err
	}
	return s.readLayerVersion(ctx, ref)
}

// DeleteLayerVersion removes a layer version; functions that use it keep
// it. Deleting what is not there succeeds, as on AWS.
func (s *Service) DeleteLayerVersion(ctx context.Context, layerName string, version int64) error {
	ref, err := s.layerRef(layerName)
	if err != nil {
		return err
	}
	if err := checkLayerNumber(version); err != nil || !s.ownLayer(ref) {
		return err
	}
	return deleteKey(ctx, s.layers, layerVersionKey(ref.Name, version))
}

// layerRef parses a LayerName member; a plain name is in this account and
// region.
func (s *Service) layerRef(layerName string) (arn.Layer, error) {
	ref, err := arn.ParseLayerName(layerName)
	if ref.Region == "" {
		ref.Region, ref.Account = s.cfg.Region, s.cfg.Account
	}
	return ref, err
}

func (s *Service) ownLayer(ref arn.Layer) bool {
	return ref.Region == s.cfg.Region && ref.Account == s.cfg.Account
}

func checkLayerNumber(n int64) error {
	if n < 1 {
		return aws.Errorf(aws.ErrInvalid, "Layer Version Cannot be less than 1")
	}
	return nil
}

// findLayerVersion loads the layer version ref names, or AWS's 404.
func (s *Service) findLayerVersion(ctx context.Context, ref arn.Layer) (layerVersion, error) {
	if err := s.checkLayerVersion(ref); err != nil {
		return layerVersion{}, err
	}
	v, err := s.loadLayerVersion(ctx, ref.Name, ref.Version)
	if errors.Is(err, store.ErrNotFound) {
		return layerVersion{}, layerNotFound(aws.ErrNotFound, ref)
	}
	return v, err
}

// modifyLayerVersion is a read-modify-write of the layer version ref names,
// or AWS's 404.
func (s *Service) modifyLayerVersion(ctx context.Context, ref arn.Layer, change func(v *layerVersion) error) error {
	if err := s.checkLayerVersion(ref); err != nil {
		return err
	}
	_, err := store.Modify(ctx, s.layers, layerVersionKey(ref.Name, ref.Version), func(v *layerVersion, exists bool) error {
		if !exists {
			return layerNotFound(aws.ErrNotFound, ref)
		}
		return change(v)
	})
	return err
}

// checkLayerVersion refuses a version number below 1 and answers AWS's 404
// for a layer of another account or region.
func (s *Service) checkLayerVersion(ref arn.Layer) error {
	if err := checkLayerNumber(ref.Version); err != nil {
		return err
	}
	if !s.ownLayer(ref) {
		return layerNotFound(aws.ErrNotFound, ref)
	}
	return nil
}

// layerNotFound is AWS's answer for a missing layer version: kind is
// ErrNotFound for the layer operations, ErrInvalidParameter for a function
// that references it.
func layerNotFound(kind *aws.Kind, ref arn.Layer) error {
	return aws.Errorf(kind, "Layer version %s does not exist.", arn.LayerVersionARN(ref.Region, ref.Account, ref.Name, ref.Version))
}

func (s *Service) loadLayerVersion(ctx context.Context, name string, n int64) (layerVersion, error) {
	e, err := s.layers.Get(ctx, layerVersionKey(name, n))
	if err != nil {
		return layerVersion{}, err
	}
	var v layerVersion
	if err := json.Unmarshal(e.Value, &v); err != nil {
		return layerVersion{}, fmt.Errorf("decode layer version %s:%d: %w", name, n, err)
	}
	return v, nil
}

func (v layerVersion) public() LayerVersion {
	return LayerVersion{LayerVersion: v.Config, Blob: v.Blob}
}
