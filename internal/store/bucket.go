package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Bucket is a key-value bucket. Every value carries a revision; Update succeeds
// only when the caller read the latest one.
type Bucket struct {
	kv jetstream.KeyValue
}

// Entry is a value and its revision.
type Entry struct {
	Key      string
	Value    []byte
	Revision uint64
}

// Bucket opens (creating if needed) the named bucket.
func (s *Store) Bucket(ctx context.Context, name string) (*Bucket, error) {
	return s.openBucket(ctx, jetstream.KeyValueConfig{Bucket: name})
}

// ExpiringBucket opens (creating or reconfiguring if needed) a bucket whose
// entries vanish ttl after they were written, on every server of a cluster.
func (s *Store) ExpiringBucket(ctx context.Context, name string, ttl time.Duration) (*Bucket, error) {
	if ttl <= 0 {
		return nil, fmt.Errorf("open bucket %s: the TTL must be positive, not %v", name, ttl)
	}
	return s.openBucket(ctx, jetstream.KeyValueConfig{Bucket: name, TTL: ttl})
}

// openBucket opens (creating or reconfiguring if needed) a bucket that keeps
// one revision of each key on disk.
func (s *Store) openBucket(ctx context.Context, cfg jetstream.KeyValueConfig) (*Bucket, error) {
	cfg.History, cfg.Storage = 1, jetstream.FileStorage
	kv, err := s.js.CreateOrUpdateKeyValue(ctx, cfg)
	// A cluster that is busy, electing a leader or waiting for a peer to
	// catch up may refuse at first; the request is the same when repeated.
	for try := 0; try < 10 && err != nil && s.cfg.URL != "" && ctx.Err() == nil; try++ {
		time.Sleep(time.Second)
		kv, err = s.js.CreateOrUpdateKeyValue(ctx, cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open bucket %s: %w", cfg.Bucket, err)
	}
	return &Bucket{kv: kv}, nil
}

// Get returns the entry for key, or ErrNotFound.
func (b *Bucket) Get(ctx context.Context, key string) (Entry, error) {
	e, err := b.kv.Get(ctx, key)
	if err != nil {
		return Entry{}, mapErr(err)
	}
	return Entry{Key: key, Value: e.Value(), Revision: e.Revision()}, nil
}

// Create stores key only if it does not exist (ErrExists otherwise).
func (b *Bucket) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	rev, err := b.kv.Create(ctx, key, value)
	return rev, mapErr(err)
}

// Update stores key only if its revision is still rev (ErrRevision otherwise).
func (b *Bucket) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	n, err := b.kv.Update(ctx, key, value, rev)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return 0, ErrRevision
	}
	return n, mapErr(err)
}

// Delete removes key; with rev > 0 only if its revision is still rev.
func (b *Bucket) Delete(ctx context.Context, key string, rev uint64) error {
	var opts []jetstream.KVDeleteOpt
	if rev > 0 {
		opts = append(opts, jetstream.LastRevision(rev))
	}
	err := b.kv.Purge(ctx, key, opts...)
	if rev > 0 && errors.Is(err, jetstream.ErrKeyExists) {
		return ErrRevision
	}
	return mapErr(err)
}

// Keys lists the bucket's keys in sorted order.
func (b *Bucket) Keys(ctx context.Context) ([]string, error) {
	return b.KeysWithPrefix(ctx, "")
}

// KeysWithPrefix lists, in sorted order, the keys that begin with prefix,
// which is empty or ends with a '.'.
func (b *Bucket) KeysWithPrefix(ctx context.Context, prefix string) ([]string, error) {
	lister, err := b.kv.ListKeysFiltered(ctx, prefix+">")
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	var keys []string
	for k := range lister.Keys() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, jetstream.ErrKeyNotFound), errors.Is(err, jetstream.ErrKeyDeleted):
		return ErrNotFound
	case errors.Is(err, jetstream.ErrKeyExists):
		return ErrExists
	}
	return err
}

// Watch calls changed with the key of every later put or delete in the
// bucket, from any server of the cluster, until ctx ends.
func (b *Bucket) Watch(ctx context.Context, changed func(key string)) error {
	w, err := b.kv.WatchAll(ctx, jetstream.UpdatesOnly())
	if err != nil {
		return fmt.Errorf("watch bucket: %w", err)
	}
	go func() {
		defer w.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-w.Updates():
				if !ok {
					return
				}
				if e != nil {
					changed(e.Key())
				}
			}
		}
	}()
	return nil
}

// Put stores key whatever its revision: for values only their writer
// changes, such as a server's own heartbeat.
func (b *Bucket) Put(ctx context.Context, key string, value []byte) (uint64, error) {
	rev, err := b.kv.Put(ctx, key, value)
	return rev, mapErr(err)
}
