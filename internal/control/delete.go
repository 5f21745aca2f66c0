package control

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// DeleteFunction removes a function with all its versions, aliases,
// settings and policies, or, with a version number as qualifier, that one version.
func (s *Service) DeleteFunction(ctx context.Context, ref arn.Function) error {
	switch q := ref.Qualifier; {
	case q == lambda.LatestVersion:
		return aws.Errorf(aws.ErrInvalid, "$LATEST version cannot be deleted without deleting the function.")
	case isVersionNumber(q):
		return s.deleteVersion(ctx, ref)
	case q != "":
		if _, _, err := s.find(ctx, ref); err != nil {
			return err
		}
		return aws.Errorf(aws.ErrInvalid, "Deletion of aliases is not supported by this operation. Use DeleteAlias.")
	}
	rec, rev, err := s.find(ctx, ref)
	if err != nil {
		return err
	}
	err = s.functions.Delete(ctx, ref.Name, rev)
	if errors.Is(err, store.ErrRevision) || errors.Is(err, store.ErrNotFound) {
		return aws.Errorf(aws.ErrConflict, "The function was changed while it was being deleted; try again.")
	}
	if err != nil {
		return err
	}
	if s.cfg.Reservations != nil && rec.Reserved != nil {
		s.cfg.Reservations.ClearReserved(ref.Name)
	}
	err = s.deleteChildren(ctx, ref.Name)
	s.changed(ref.Name, "")
	return err
}

// deleteChildren removes what a deleted function leaves in other buckets.
func (s *Service) deleteChildren(ctx context.Context, name string) error {
	provisioned, err := s.provisioned.KeysWithPrefix(ctx, name+".")
	if err != nil {
		return err
	}
	for _, k := range provisioned {
		if err := s.dropProvisioned(ctx, name, strings.TrimPrefix(k, name+".")); err != nil {
			return err
		}
	}
	for _, b := range []Bucket{s.versions, s.aliases, s.eventConfigs, s.policies, s.urls} {
		keys, err := b.KeysWithPrefix(ctx, name+".")
		if err != nil {
			return err
		}
		for _, k := range keys {
			if b == s.versions && s.cfg.Provisioner != nil {
				s.cfg.Provisioner.Unprovision(snapStartKey(k))
			}
			if err := deleteKey(ctx, b, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteVersion removes one published version that no alias uses. A
// version that does not exist is deleted already, as on AWS; a function
// that does not exist is named without the version.
func (s *Service) deleteVersion(ctx context.Context, ref arn.Function) error {
	function := ref
	function.Qualifier = ""
	if _, _, err := s.find(ctx, function); err != nil {
		return err
	}
	n, _ := strconv.Atoi(ref.Qualifier)
	if _, err := s.loadVersion(ctx, ref.Name, n); errors.Is(err, store.ErrNotFound) {
		return nil
	}
	aliases, err := s.allAliases(ctx, ref.Name)
	if err != nil {
		return err
	}
	var users []string
	for _, a := range aliases {
		if a.FunctionVersion == ref.Qualifier || a.RoutingConfig != nil && hasKey(a.RoutingConfig.AdditionalVersionWeights, ref.Qualifier) {
			users = append(users, a.Name)
		}
	}
	if len(users) > 0 {
		return aws.Errorf(aws.ErrConflict, "Unable to delete version because the following aliases reference it: [%s]", strings.Join(users, ", "))
	}
	if err := s.dropProvisioned(ctx, ref.Name, ref.Qualifier); err != nil {
		return err
	}
	if err := deleteKey(ctx, s.eventConfigs, qualifierKey(ref.Name, ref.Qualifier)); err != nil {
		return err
	}
	if err := deleteKey(ctx, s.policies, qualifierKey(ref.Name, ref.Qualifier)); err != nil {
		return err
	}
	if err := deleteKey(ctx, s.versions, versionKey(ref.Name, n)); err != nil {
		return err
	}
	s.changed(ref.Name, ref.Qualifier)
	return nil
}

func deleteKey(ctx context.Context, b Bucket, key string) error {
	e, err := b.Get(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err == nil {
		err = b.Delete(ctx, key, e.Revision)
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

func hasKey(m map[string]float64, k string) bool {
	_, ok := m[k]
	return ok
}
