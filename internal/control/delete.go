package control

import (
	"context"
	"errors"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// DeleteFunction removes a function with all its versions.
func (s *Service) DeleteFunction(ctx context.Context, ref arn.Function) error {
	if ref.Qualifier == lambda.LatestVersion {
		return lambda.Errorf(lambda.ErrInvalidParameter, "$LATEST version cannot be deleted without deleting the function.")
	}
	if ref.Qualifier != "" {
		_, _, err := s.find(ctx, ref)
		if err != nil {
			return err
		}
		return s.notFound(ref)
	}
	_, rev, err := s.find(ctx, ref)
	if err != nil {
		return err
	}
	err = s.functions.Delete(ctx, ref.Name, rev)
	if errors.Is(err, store.ErrRevision) || errors.Is(err, store.ErrNotFound) {
		return lambda.Errorf(lambda.ErrConflict, "The function was changed while it was being deleted; try again.")
	}
	if err == nil {
		s.changed(ref.Name, "")
	}
	return err
}
