package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// replicated is the JetStream API with the store's replica count filled
// into every stream, bucket and object store it creates or updates, so that
// no component needs to know how many copies the cluster keeps. Virga
// creates them all with CreateOrUpdate*, the only calls it overrides.
type replicated struct {
	jetstream.JetStream
	n int
}

func (r replicated) CreateOrUpdateStream(ctx context.Context, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	cfg.Replicas = r.replicas(cfg.Replicas)
	return whenPlaced(ctx, func() (jetstream.Stream, error) { return r.JetStream.CreateOrUpdateStream(ctx, cfg) })
}

func (r replicated) CreateOrUpdateKeyValue(ctx context.Context, cfg jetstream.KeyValueConfig) (jetstream.KeyValue, error) {
	cfg.Replicas = r.replicas(cfg.Replicas)
	kv, err := whenPlaced(ctx, func() (jetstream.KeyValue, error) { return r.JetStream.CreateOrUpdateKeyValue(ctx, cfg) })
	return bindFromLeader(ctx, r, kv, err, cfg.Replicas, "KV_", cfg.Bucket, r.JetStream.KeyValue)
}

func (r replicated) CreateOrUpdateObjectStore(ctx context.Context, cfg jetstream.ObjectStoreConfig) (jetstream.ObjectStore, error) {
	cfg.Replicas = r.replicas(cfg.Replicas)
	obs, err := whenPlaced(ctx, func() (jetstream.ObjectStore, error) { return r.JetStream.CreateOrUpdateObjectStore(ctx, cfg) })
	return bindFromLeader(ctx, r, obs, err, cfg.Replicas, "OBJ_", cfg.Bucket, r.JetStream.ObjectStore)
}

// bindFromLeader returns the bucket just made, bound again after reads of
// its stream (named prefix+bucket) go to the leader when it is replicated.
func bindFromLeader[B any](ctx context.Context, r replicated, made B, err error, replicas int, prefix, bucket string,
	bind func(context.Context, string) (B, error)) (B, error) {
	if err != nil || replicas < 2 {
		return made, err
	}
	if err := r.readFromLeader(ctx, prefix+bucket); err != nil {
		var none B
		return none, err
	}
	return bind(ctx, bucket)
}

// readFromLeader turns off direct reads of a replicated bucket's stream,
// which nats.go turns on for every bucket it creates. A direct read may be
// answered by any replica, including one that has not yet applied the
// write it follows, so that a function created a moment before is "not
// found" on another server; without it, reads go to the stream's leader,
// which has every acknowledged write. Handles are bound after the change,
// since a handle decides how to read when it is bound.
func (r replicated) readFromLeader(ctx context.Context, name string) error {
	st, err := r.JetStream.Stream(ctx, name)
	if err != nil {
		return fmt.Errorf("stream %s: %w", name, err)
	}
	cfg := st.CachedInfo().Config
	if !cfg.AllowDirect {
		return nil
	}
	cfg.AllowDirect = false
	if _, err := r.JetStream.UpdateStream(ctx, cfg); err != nil {
		return fmt.Errorf("read %s from its leader: %w", name, err)
	}
	return nil
}

// replicas is the store's count unless the caller asked for one.
func (r replicated) replicas(asked int) int {
	if asked > 0 {
		return asked
	}
	return r.n
}

// Replicas is how many copies of every stream and bucket the store keeps.
func (s *Store) Replicas() int { return max(1, s.cfg.Replicas) }

// noSuitablePeers is JetStream's error code for a stream whose replicas
// it cannot place ("no suitable peers for placement").
const noSuitablePeers jetstream.ErrorCode = 10005

// placementWait bounds how long creating a replicated stream waits for a
// NATS cluster started with the servers to have its peers online.
const placementWait = time.Minute

// whenPlaced makes a replicated stream, trying again while the cluster
// has too few peers online to place its replicas.
func whenPlaced[T any](ctx context.Context, make func() (T, error)) (T, error) {
	deadline := time.Now().Add(placementWait)
	for {
		made, err := make()
		var apiErr *jetstream.APIError
		if err == nil || !errors.As(err, &apiErr) || apiErr.ErrorCode != noSuitablePeers || time.Now().After(deadline) {
			return made, err
		}
		select {
		case <-ctx.Done():
			return made, err
		case <-time.After(250 * time.Millisecond):
		}
	}
}
