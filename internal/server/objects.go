package server

import (
	"context"
	"path/filepath"

	"github.com/virga-dev/virga/internal/objects"
	"github.com/virga-dev/virga/internal/s3"
	"github.com/virga-dev/virga/internal/store"
)

// s3HostSuffix makes "<bucket>.s3.localhost" a virtual-host addressed
// bucket on Virga's endpoint.
const s3HostSuffix = ".s3.localhost"

// openS3 opens the object store under the data directory and the S3 API
// over it.
func openS3(ctx context.Context, cfg Config, st *store.Store) (*s3.API, *objects.Store, error) {
	objs, err := objects.Open(ctx, st, objects.Config{Dir: filepath.Join(cfg.DataDir, "objects"), Region: cfg.Region})
	if err != nil {
		return nil, nil, err
	}
	return s3.New(s3.Config{Region: cfg.Region, HostSuffix: s3HostSuffix}, objs), objs, nil
}
