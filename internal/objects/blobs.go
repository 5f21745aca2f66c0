package objects

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// blobs keeps the bytes of objects under ids the store chooses: files
// under the data directory, or objects of another S3-compatible store.
type blobs interface {
	// put makes the written, synced file at path the blob id.
	put(ctx context.Context, path, id string) error
	// open reads n bytes of a blob from off.
	open(ctx context.Context, id string, off, n int64) (io.ReadCloser, error)
	// link makes blob id hold the bytes of blob from.
	link(ctx context.Context, from, id string) error
	remove(ctx context.Context, id string)
}

// dirBlobs keeps blobs as files under a directory, two hex digits deep.
type dirBlobs struct{ dir string }

func (d dirBlobs) path(id string) string { return filepath.Join(d.dir, id[:2], id) }

func (d dirBlobs) put(_ context.Context, path, id string) error {
	if err := os.MkdirAll(filepath.Dir(d.path(id)), 0o700); err != nil {
		return fmt.Errorf("object directory: %w", err)
	}
	if err := os.Rename(path, d.path(id)); err != nil {
		return fmt.Errorf("place object file: %w", err)
	}
	return nil
}

func (d dirBlobs) open(_ context.Context, id string, off, n int64) (io.ReadCloser, error) {
	f, err := os.Open(d.path(id))
	if err != nil {
		return nil, fmt.Errorf("open object file: %w", err)
	}
	return section{io.NewSectionReader(f, off, n), f}, nil
}

// section is part of a file, closing the file.
type section struct {
	io.Reader
	io.Closer
}

// link gives the file a second name, or copies it where links fail.
func (d dirBlobs) link(ctx context.Context, from, id string) error {
	if err := os.MkdirAll(filepath.Dir(d.path(id)), 0o700); err != nil {
		return fmt.Errorf("object directory: %w", err)
	}
	if os.Link(d.path(from), d.path(id)) == nil {
		return nil
	}
	in, err := os.Open(d.path(from))
	if err != nil {
		return fmt.Errorf("copy object file: %w", err)
	}
	defer in.Close()
	out, err := os.Create(d.path(id))
	if err != nil {
		return fmt.Errorf("copy object file: %w", err)
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

func (d dirBlobs) remove(_ context.Context, id string) { _ = os.Remove(d.path(id)) }
