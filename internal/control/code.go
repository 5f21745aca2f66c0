package control

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/codezip"
	"github.com/virga-dev/virga/internal/lambda"
)

// upload is a checked zip ready to be stored.
type upload struct {
	data      []byte
	blob      string // hex SHA-256, the blob name
	sha256    string // base64 SHA-256, AWS's CodeSha256
	unzipSize int64
}

var zipLimits = codezip.Limits{MaxUnzipped: lambda.MaxUnzippedBytes, MaxFiles: 100000}

// codeSource is where a request's deployment package comes from: the
// request itself, or an object in S3.
type codeSource struct {
	zip                  []byte
	bucket, key, version string
	image                string
}

// upload reads and validates a deployment package the way Lambda does at
// upload: a zip in the request is held to 50 MB, one in S3 only to the
// unzipped limit.
func (s *Service) upload(ctx context.Context, src codeSource) (upload, error) {
	switch {
	case src.image != "":
		return upload{}, aws.Errorf(aws.ErrInvalid, "Virga runs Zip functions only; container images (ImageUri) are not supported.")
	case src.bucket != "" || src.key != "":
		zip, err := s.fetchCode(ctx, src)
		if err != nil {
			return upload{}, err
		}
		return inspectZip(zip)
	}
	return checkZip(src.zip)
}

// checkZip validates a deployment package sent in the request.
func checkZip(zip []byte) (upload, error) {
	switch {
	case len(zip) == 0:
		return upload{}, aws.Errorf(aws.ErrInvalid, "Please provide a source for function code.")
	case len(zip) > lambda.MaxZipBytes:
		return upload{}, aws.Errorf(aws.ErrTooLarge, "Zipped size must be smaller than %d bytes", lambda.MaxZipBytes)
	}
	return inspectZip(zip)
}

// inspectZip checks that a zip unpacks within Lambda's limits.
func inspectZip(zip []byte) (upload, error) {
	info, err := codezip.Inspect(zip, zipLimits)
	switch {
	case errors.Is(err, codezip.ErrTooLarge):
		return upload{}, unzippedTooLarge()
	case err != nil:
		return upload{}, aws.Errorf(aws.ErrInvalid, "Could not unzip uploaded file. Please check your file, then try to upload again.")
	}
	sum := sha256.Sum256(zip)
	return upload{
		data:      zip,
		blob:      hex.EncodeToString(sum[:]),
		sha256:    base64.StdEncoding.EncodeToString(sum[:]),
		unzipSize: info.UnzippedSize,
	}, nil
}

func unzippedTooLarge() error {
	return aws.Errorf(aws.ErrInvalid, "Unzipped size must be smaller than %d bytes", lambda.MaxUnzippedBytes)
}

func (s *Service) storeCode(ctx context.Context, u upload) error {
	return s.code.Put(ctx, u.blob, u.data)
}

// Code returns the zip of a function's $LATEST, for the download link.
func (s *Service) Code(ctx context.Context, blob string) ([]byte, error) {
	data, err := s.code.Get(ctx, blob)
	if err != nil {
		return nil, aws.Errorf(aws.ErrNotFound, "Code not found: %s", blob)
	}
	return data, nil
}
