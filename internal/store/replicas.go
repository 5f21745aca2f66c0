package store

import (
	"context"

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
	return r.JetStream.CreateOrUpdateStream(ctx, cfg)
}

func (r replicated) CreateOrUpdateKeyValue(ctx context.Context, cfg jetstream.KeyValueConfig) (jetstream.KeyValue, error) {
	cfg.Replicas = r.replicas(cfg.Replicas)
	return r.JetStream.CreateOrUpdateKeyValue(ctx, cfg)
}

func (r replicated) CreateOrUpdateObjectStore(ctx context.Context, cfg jetstream.ObjectStoreConfig) (jetstream.ObjectStore, error) {
	cfg.Replicas = r.replicas(cfg.Replicas)
	return r.JetStream.CreateOrUpdateObjectStore(ctx, cfg)
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
