package control

import (
	"context"
	"fmt"
	"io"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// fetchCode reads a deployment package from S3, refusing one larger than
// a package may be unzipped.
func (s *Service) fetchCode(ctx context.Context, src codeSource) ([]byte, error) {
	if s.cfg.Objects == nil {
		return nil, aws.Errorf(aws.ErrInvalid, "Virga has no S3 here: upload the deployment package with ZipFile.")
	}
	r, size, err := s.cfg.Objects.Open(ctx, src.bucket, src.key, src.version)
	if err != nil {
		return nil, getObjectError(err)
	}
	defer r.Close()
	if size > lambda.MaxUnzippedBytes {
		return nil, unzippedTooLarge()
	}
	data, err := io.ReadAll(io.LimitReader(r, lambda.MaxUnzippedBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("read s3://%s/%s: %w", src.bucket, src.key, err)
	case len(data) > lambda.MaxUnzippedBytes:
		return nil, unzippedTooLarge()
	}
	return data, nil
}

// getObjectError is Lambda's answer when S3 cannot give the object: S3's
// code and message inside Lambda's InvalidParameterValueException. The
// code is the error's own, else that of the S3 kind it is (a refined
// kind is named for its code), else NoSuchKey.
func getObjectError(err error) error {
	e, ok := aws.As(err)
	if !ok {
		return fmt.Errorf("read code from S3: %w", err)
	}
	code := e.Code
	switch {
	case code != "":
	case e.Kind != nil && e.Kind.Unwrap() != nil:
		code = e.Kind.Error()
	default:
		code = "NoSuchKey"
	}
	return aws.Errorf(aws.ErrInvalid, "Error occurred while GetObject. S3 Error Code: %s. S3 Error Message: %s", code, e.Message)
}
