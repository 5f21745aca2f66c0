// Package codecache extracts code zips, once each, into directories that
// sandboxes mount read-only at /var/task. A directory is named by the zip's
// digest, so functions with the same code share it. Layers are extracted the
// same way and merged, once per ordered list of layers, into the directory
// mounted at /opt.
package codecache

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/virga-dev/virga/internal/codezip"
	"github.com/virga-dev/virga/internal/lambda"
)

// Blobs returns a zip by name.
type Blobs interface {
	Get(ctx context.Context, name string) ([]byte, error)
}

// Cache is the extracted code on this machine.
type Cache struct {
	dir    string
	optDir string
	blobs  Blobs

	mu       sync.Mutex
	inflight map[string]*sync.Mutex
}

// New makes a cache that extracts zips into dir and merges layers into
// optDir.
func New(dir, optDir string, blobs Blobs) *Cache {
	return &Cache{dir: dir, optDir: optDir, blobs: blobs, inflight: map[string]*sync.Mutex{}}
}

// Dir returns the directory holding blob's files, extracting it first if needed.
func (c *Cache) Dir(ctx context.Context, blob string) (string, error) {
	dst := filepath.Join(c.dir, blob)
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	lock := c.lock(blob)
	lock.Lock()
	defer lock.Unlock()
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	return dst, c.extract(ctx, blob, dst)
}

func (c *Cache) lock(blob string) *sync.Mutex {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.inflight[blob]
	if !ok {
		l = &sync.Mutex{}
		c.inflight[blob] = l
	}
	return l
}

// extract unpacks into a temporary directory and renames it into place, so a
// crash never leaves a half-extracted tree under the final name.
func (c *Cache) extract(ctx context.Context, blob, dst string) error {
	data, err := c.blobs.Get(ctx, blob)
	if err != nil {
		return fmt.Errorf("code %s: %w", blob, err)
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(c.dir, ".extract-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	err = codezip.Extract(data, tmp, codezip.Limits{MaxUnzipped: lambda.MaxUnzippedBytes, MaxFiles: 100000})
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.RemoveAll(tmp)
		if errors.Is(err, fs.ErrExist) {
			return nil
		}
		return fmt.Errorf("extract code %s: %w", blob, err)
	}
	return nil
}
