package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Lister is a KV that also lists its keys; *Bucket is one.
type Lister interface {
	KV
	KeysWithPrefix(ctx context.Context, prefix string) ([]string, error)
}

// Get reads the JSON value at key (ErrNotFound when there is none).
func Get[T any](ctx context.Context, b KV, key string) (T, error) {
	var v T
	e, err := b.Get(ctx, key)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(e.Value, &v); err != nil {
		return v, fmt.Errorf("decode %s: %w", key, err)
	}
	return v, nil
}

// Create stores v as JSON at key, if key is new (ErrExists otherwise).
func Create(ctx context.Context, b KV, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	_, err = b.Create(ctx, key, data)
	return err
}

// List reads the JSON values whose keys begin with prefix (empty, or
// ending with '.'), in key order; a key deleted meanwhile is skipped.
func List[T any](ctx context.Context, b Lister, prefix string) ([]T, error) {
	keys, err := b.KeysWithPrefix(ctx, prefix)
	if err != nil {
		return nil, err
	}
	var out []T
	for _, k := range keys {
		v, err := Get[T](ctx, b, k)
		switch {
		case err == nil:
			out = append(out, v)
		case !errors.Is(err, ErrNotFound):
			return nil, err
		}
	}
	return out, nil
}
