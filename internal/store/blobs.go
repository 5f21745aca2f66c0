package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// blobReadTime bounds reading one blob when the caller sets no deadline.
const blobReadTime = 5 * time.Minute

// Blobs holds immutable byte blobs (code zips) by name, usually a digest.
type Blobs struct {
	obj jetstream.ObjectStore
}

// Blobs opens (creating if needed) the named object store.
func (s *Store) Blobs(ctx context.Context, name string) (*Blobs, error) {
	obj, err := s.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:  name,
		Storage: jetstream.FileStorage,
	})
	if err != nil {
		return nil, fmt.Errorf("open blobs %s: %w", name, err)
	}
	return &Blobs{obj: obj}, nil
}

// Put stores data under name unless it is already there.
func (b *Blobs) Put(ctx context.Context, name string, data []byte) error {
	if _, err := b.obj.GetInfo(ctx, name); err == nil {
		return nil
	}
	if _, err := b.obj.PutBytes(ctx, name, data); err != nil {
		return fmt.Errorf("put blob %s: %w", name, err)
	}
	return nil
}

// Get returns the blob, or ErrNotFound. Without a deadline in ctx the
// client would give the whole read its default five seconds, which a busy
// server reading a 250 MB package does not meet; Get allows blobReadTime.
func (b *Blobs) Get(ctx context.Context, name string) ([]byte, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, blobReadTime)
		defer cancel()
	}
	data, err := b.obj.GetBytes(ctx, name)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get blob %s: %w", name, err)
	}
	return data, nil
}

// Delete removes the blob; a missing blob is not an error.
func (b *Blobs) Delete(ctx context.Context, name string) error {
	err := b.obj.Delete(ctx, name)
	if err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
		return fmt.Errorf("delete blob %s: %w", name, err)
	}
	return nil
}
