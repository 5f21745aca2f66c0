package objects

import (
	"context"
	"fmt"
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
}

// Store keeps buckets and their objects: metadata in JetStream, bytes in
// files under Dir named by random ids, never by keys.
type Store struct {
	cfg     Config
	buckets *store.Bucket
	objects *store.Bucket
	uploads *store.Bucket
	seq     sequencer
}

// Open opens the store's JetStream buckets and its directory.
func Open(ctx context.Context, st *store.Store, cfg Config) (*Store, error) {
	s := &Store{cfg: cfg}
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

// blobPath is where the blob named id lives.
func (s *Store) blobPath(id string) string {
	return filepath.Join(s.blobDir(id), id)
}

func (s *Store) blobDir(id string) string { return filepath.Join(s.cfg.Dir, "blobs", id[:2]) }
