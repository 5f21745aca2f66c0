package server

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/virga-dev/virga/internal/objects"
	"github.com/virga-dev/virga/internal/s3"
	"github.com/virga-dev/virga/internal/store"
)

// s3HostSuffix makes "<bucket>.s3.localhost" a virtual-host addressed
// bucket on Virga's endpoint.
const s3HostSuffix = ".s3.localhost"

// openObjects opens the object store (bytes under the data directory, or in
// the --objects-backend bucket); it tells notifier of every change before
// acknowledging it.
func openObjects(ctx context.Context, cfg Config, st *store.Store, notifier objects.Notifier) (*objects.Store, error) {
	remote, err := remoteObjects(cfg)
	if err != nil {
		return nil, err
	}
	return objects.Open(ctx, st, objects.Config{Dir: filepath.Join(cfg.DataDir, "objects"), Region: cfg.Region, Remote: remote, Notifier: notifier})
}

// s3API is the S3 API over the object store, whose buckets' notification
// configurations notes keeps.
func s3API(cfg Config, objs *objects.Store, notes s3.Notifications) *s3.API {
	return s3.New(s3.Config{Region: cfg.Region, HostSuffix: s3HostSuffix, Notifications: notes}, objs)
}

// remoteObjects reads --objects-backend: nil keeps objects on local disk.
func remoteObjects(cfg Config) (*objects.Remote, error) {
	if cfg.ObjectsBackend == "" {
		return nil, nil
	}
	u, err := url.Parse(cfg.ObjectsBackend)
	bucket := strings.Trim(u.Path, "/")
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || bucket == "" || strings.Contains(bucket, "/") {
		return nil, fmt.Errorf("--objects-backend %q: want http(s)://host:port/bucket", cfg.ObjectsBackend)
	}
	if cfg.ObjectsKey.AccessKeyID == "" || cfg.ObjectsKey.Secret == "" {
		return nil, fmt.Errorf("--objects-backend needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	return &objects.Remote{Endpoint: u.Scheme + "://" + u.Host, Bucket: bucket, Region: cfg.Region, Key: cfg.ObjectsKey}, nil
}
