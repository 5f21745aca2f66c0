package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// KV is the part of a bucket that Modify needs; *Bucket has it.
type KV interface {
	Get(ctx context.Context, key string) (Entry, error)
	Create(ctx context.Context, key string, value []byte) (uint64, error)
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
	Delete(ctx context.Context, key string, rev uint64) error
}

// Errors a change given to Modify returns to say what to write. Like
// fs.SkipDir they report no failure: Modify returns nil.
var (
	// Keep leaves the stored value as it is.
	Keep = errors.New("keep the stored value")
	// Remove deletes the key.
	Remove = errors.New("remove the key")
)

// Modify is a read-modify-write of the JSON value at key. change sees the
// stored value, or the zero T when exists is false, and edits it in place;
// Modify then creates or updates the key, or does what Keep or Remove ask.
// When another writer came first, Modify reads again and calls change again.
// An error from change other than Keep and Remove is returned as it is.
// Modify returns the value as change left it.
func Modify[T any](ctx context.Context, b KV, key string, change func(v *T, exists bool) error) (T, error) {
	for {
		v, conflict, err := modifyOnce(ctx, b, key, change)
		if !conflict {
			return v, err
		}
	}
}

// modifyOnce is one attempt; conflict reports that another writer came
// first.
func modifyOnce[T any](ctx context.Context, b KV, key string, change func(v *T, exists bool) error) (v T, conflict bool, err error) {
	var zero T
	e, err := b.Get(ctx, key)
	exists := err == nil
	switch {
	case exists:
		if err := json.Unmarshal(e.Value, &v); err != nil {
			return zero, false, fmt.Errorf("decode %s: %w", key, err)
		}
	case !errors.Is(err, ErrNotFound):
		return zero, false, fmt.Errorf("read %s: %w", key, err)
	}
	switch err := change(&v, exists); {
	case errors.Is(err, Keep), errors.Is(err, Remove) && !exists:
		return v, false, nil
	case errors.Is(err, Remove):
		return written(v, "delete", key, b.Delete(ctx, key, e.Revision))
	case err != nil:
		return zero, false, err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return zero, false, fmt.Errorf("encode %s: %w", key, err)
	}
	if exists {
		_, err = b.Update(ctx, key, data, e.Revision)
	} else {
		_, err = b.Create(ctx, key, data)
	}
	return written(v, "write", key, err)
}

// written is the outcome of writing v: done, a conflict, or a failure that
// names the key.
func written[T any](v T, op, key string, err error) (T, bool, error) {
	var zero T
	switch {
	case err == nil:
		return v, false, nil
	case errors.Is(err, ErrRevision), errors.Is(err, ErrExists):
		return zero, true, err
	}
	return zero, false, fmt.Errorf("%s %s: %w", op, key, err)
}
