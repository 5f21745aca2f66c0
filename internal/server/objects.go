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

// openObjects opens the object store under the data directory; it tells
// notifier of every change before acknowledging it.
func openObjects(ctx context.Context, cfg Config, st *store.Store, notifier objects.Notifier) (*objects.Store, error) {
	return objects.Open(ctx, st, objects.Config{Dir: filepath.Join(cfg.DataDir, "objects"), Region: cfg.Region, Notifier: notifier})
}

// s3API is the S3 API over the object store, whose buckets' notification
// configurations notes keeps.
func s3API(cfg Config, objs *objects.Store, notes s3.Notifications) *s3.API {
	return s3.New(s3.Config{Region: cfg.Region, HostSuffix: s3HostSuffix, Notifications: notes}, objs)
}
