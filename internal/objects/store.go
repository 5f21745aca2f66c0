package objects

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/virga-dev/virga/internal/store"
)

// Config says where objects live and whom to tell of their changes.
type Config struct {
	// Dir holds the objects' bytes (the data directory's "objects").
	Dir string
	// Region is the region buckets are created in by default.
	Region string
	// Notifier is told of every change before it is acknowledged; nil
	// tells no one.
	Notifier Notifier
	// Remote, when set, keeps the objects' bytes in another S3-compatible
	// store instead of under Dir, which then holds only uploads in flight.
	Remote *Remote
}

// Store keeps buckets and their objects: metadata in JetStream, bytes in
// files under Dir named by random ids, never by keys.
type Store struct {
	cfg     Config
	buckets *store.Bucket
	objects *store.Bucket
	uploads *store.Bucket
	blobs   blobs
	seq     sequencer
}

// Open opens the store's JetStream buckets and its directory.
func Open(ctx context.Context, st *store.Store, cfg Config) (*Store, error) {
	s := &Store{cfg: cfg, blobs: dirBlobs{dir: filepath.Join(cfg.Dir, "blobs")}}
	if cfg.Remote != nil {
		s.blobs = remoteBlobs{cfg: *cfg.Remote, client: &http.Client{}}
	}
	for _, d := range []string{s.tmpDir(), filepath.Join(cfg.Dir, "blobs")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("object directory: %w", err)
		}
	}
	var err error
	if s.buckets, err = st.Bucket(ctx, "s3-buckets"); err != nil {
		return nil, err
	}
	if s.objects, err = st.Bucket(ctx, "s3-objects"); err != nil {
		return nil, err
	}
	if s.uploads, err = st.Bucket(ctx, "s3-uploads"); err != nil {
		return nil, err
	}
	return s, nil
}

// Region is the store's default region.
func (s *Store) Region() string { return s.cfg.Region }

func (s *Store) tmpDir() string { return filepath.Join(s.cfg.Dir, "tmp") }
