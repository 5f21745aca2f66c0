package control

import (
	"context"
	"errors"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// findQualified resolves a version or alias as the operations on
// provisioned concurrency and permissions do on AWS: an alias that does
// not exist, even of a function that does not exist, is "Cannot find alias
// arn"; a version that does not exist is "Function not found".
func (s *Service) findQualified(ctx context.Context, ref arn.Function) (Function, error) {
	if err := s.checkOwner(ref); err != nil {
		return Function{}, err
	}
	fn, err := s.GetFunction(ctx, ref)
	if errors.Is(err, aws.ErrNotFound) && isAliasName(ref.Qualifier) {
		return Function{}, aws.Errorf(aws.ErrNotFound, "Cannot find alias arn: %s", s.aliasARN(ref.Name, ref.Qualifier))
	}
	return fn, err
}

// isAliasName reports whether a qualifier names an alias rather than a
// version.
func isAliasName(q string) bool {
	return q != "" && q != lambda.LatestVersion && !isVersionNumber(q)
}
