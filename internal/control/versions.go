package control

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// PublishVersionInput is PublishVersion's request body.
type PublishVersionInput struct {
	CodeSha256  string
	Description *string
	RevisionId  string
}

// version is a published version as stored: an immutable configuration and
// the code and layers it runs.
type version struct {
	Config   lambda.FunctionConfiguration `json:"config"`
	CodeBlob string                       `json:"codeBlob"`
	Layers   []layerCode                  `json:"layers,omitempty"`
}

func versionKey(name string, n int) string { return name + "." + strconv.Itoa(n) }

// PublishVersion snapshots $LATEST as a new version, or returns the newest
// version when nothing changed since it was published.
func (s *Service) PublishVersion(ctx context.Context, ref arn.Function, in PublishVersionInput) (lambda.FunctionConfiguration, error) {
	if err := unqualified(ref); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	if in.Description != nil && len(*in.Description) > 256 {
		return lambda.FunctionConfiguration{}, arn.ConstraintError(*in.Description, "description", "Member must have length less than or equal to 256")
	}
	var v version
	_, err := s.modify(ctx, ref, func(rec *record) error {
		if err := checkUpdatable(rec.Latest, in.RevisionId); err != nil {
			return err
		}
		if in.CodeSha256 != "" && in.CodeSha256 != rec.Latest.CodeSha256 {
			return aws.Errorf(aws.ErrInvalid,
				"CodeSHA256 (%s) is different from current CodeSHA256 in $LATEST (%s). Please try again with the CodeSHA256 in $LATEST.",
				in.CodeSha256, rec.Latest.CodeSha256)
		}
		var changed bool
		if v, changed = nextVersion(rec, in.Description); !changed {
			return store.Keep
		}
		return nil
	})
	if err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	return s.storeVersion(ctx, v)
}

// nextVersion prepares the version to publish from rec's $LATEST, and
// reports whether rec changed (false: the newest version is unchanged).
func nextVersion(rec *record, description *string) (version, bool) {
	fp := fingerprint(rec.Latest)
	changed := rec.LastVersion == 0 || rec.Published != fp
	if changed {
		rec.LastVersion, rec.Published = rec.LastVersion+1, fp
	}
	cfg := rec.Latest
	n := strconv.Itoa(rec.LastVersion)
	cfg.Version = n
	cfg.FunctionArn = arn.Qualified(cfg.FunctionArn, n)
	cfg.LastModified = lambda.Timestamp(time.Now())
	cfg.RevisionId = lambda.NewUUID()
	cfg.State, cfg.LastUpdateStatus = lambda.StateActive, lambda.UpdateSuccessful
	cfg.SnapStart.OptimizationStatus = snapStartStatus(cfg.SnapStart.ApplyOn)
	if description != nil {
		cfg.Description = *description
	}
	return version{Config: cfg, CodeBlob: rec.CodeBlob, Layers: rec.Layers}, changed
}

// storeVersion writes a newly numbered version, or returns the stored one
// when it exists already.
func (s *Service) storeVersion(ctx context.Context, v version) (lambda.FunctionConfiguration, error) {
	n, _ := strconv.Atoi(v.Config.Version)
	key := versionKey(v.Config.FunctionName, n)
	data, err := json.Marshal(v)
	if err != nil {
		return lambda.FunctionConfiguration{}, fmt.Errorf("encode version: %w", err)
	}
	_, err = s.versions.Create(ctx, key, data)
	if errors.Is(err, store.ErrExists) {
		stored, err := s.loadVersion(ctx, v.Config.FunctionName, n)
		return stored.Config, err
	}
	if err != nil {
		return lambda.FunctionConfiguration{}, fmt.Errorf("store version %s: %w", key, err)
	}
	s.keepSnapStart(ctx, v.Config)
	return v.Config, nil
}

// fingerprint identifies a configuration's code and settings, leaving out
// what changes without a user's change.
func fingerprint(c lambda.FunctionConfiguration) string {
	c.LastModified, c.RevisionId, c.Version = "", "", ""
	c.State, c.StateReason, c.StateReasonCode = "", "", ""
	c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	data, _ := json.Marshal(c)
	sum := sha256.Sum256(data)
	return base64.RawStdEncoding.EncodeToString(sum[:])
}

func (s *Service) loadVersion(ctx context.Context, name string, n int) (version, error) {
	e, err := s.versions.Get(ctx, versionKey(name, n))
	if err != nil {
		return version{}, err
	}
	var v version
	if err := json.Unmarshal(e.Value, &v); err != nil {
		return version{}, fmt.Errorf("decode version %s:%d: %w", name, n, err)
	}
	return v, nil
}

// versionNumbers lists a function's published version numbers in order.
func (s *Service) versionNumbers(ctx context.Context, name string) ([]int, error) {
	keys, err := s.versions.KeysWithPrefix(ctx, name+".")
	if err != nil {
		return nil, err
	}
	var ns []int
	for _, k := range keys {
		if n, err := strconv.Atoi(strings.TrimPrefix(k, name+".")); err == nil {
			ns = append(ns, n)
		}
	}
	sort.Ints(ns)
	return ns, nil
}

// ListVersionsByFunction pages through $LATEST and the published versions.
func (s *Service) ListVersionsByFunction(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.FunctionConfiguration, string, error) {
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return nil, "", err
	}
	all, err := s.allVersions(ctx, rec)
	if err != nil {
		return nil, "", err
	}
	return page(all, marker, maxItems, func(c lambda.FunctionConfiguration) string { return c.Version })
}

// allVersions is $LATEST (qualified) followed by every published version.
func (s *Service) allVersions(ctx context.Context, rec record) ([]lambda.FunctionConfiguration, error) {
	latest := rec.Latest
	latest.FunctionArn = arn.Qualified(latest.FunctionArn, lambda.LatestVersion)
	out := []lambda.FunctionConfiguration{listed(latest)}
	ns, err := s.versionNumbers(ctx, rec.Latest.FunctionName)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		v, err := s.loadVersion(ctx, rec.Latest.FunctionName, n)
		if err != nil {
			continue // deleted meanwhile
		}
		out = append(out, listed(v.Config))
	}
	return out, nil
}

// page cuts a page of at most maxItems (default and bound 50) from items,
// starting at the item whose id the opaque marker names.
func page[T any](items []T, marker string, maxItems int, id func(T) string) ([]T, string, error) {
	first, ok := aws.ParseToken(marker)
	if !ok {
		return nil, "", invalidMarker(marker)
	}
	if maxItems <= 0 || maxItems > 50 {
		maxItems = 50
	}
	out, next := aws.Page(items, id, first, maxItems)
	return out, aws.Token(next), nil
}

func invalidMarker(marker string) error {
	return aws.Errorf(aws.ErrInvalid, "Invalid marker: %s", marker)
}

func sortBy[T any](items []T, key func(T) string) {
	sort.Slice(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
}
