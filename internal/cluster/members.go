// Package cluster makes several Virga servers on one NATS cluster one
// region: each server announces itself and its load in an expiring bucket
// every second (its heartbeat), watches the others', and forwards a
// synchronous invocation it has no room for, or receives while draining,
// to a member that has room — preferring one with a warm environment of
// the function. Membership is the store's, not a protocol of Virga's own:
// a member whose heartbeats stop drops out when its record expires.
package cluster

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// Member is one server as its last heartbeat described it.
type Member struct {
	Node string `json:"node"`
	// URL is where the other members reach its endpoint.
	URL          string `json:"url"`
	Inflight     int    `json:"inflight"`
	Environments int    `json:"environments"`
	// Provisioned counts the environments it keeps for provisioned
	// concurrency, of Environments.
	Provisioned int `json:"provisioned"`
	// Warm names the functions it holds an idle environment of.
	Warm     []string  `json:"warm"`
	Draining bool      `json:"draining"`
	Seen     time.Time `json:"seen"`
}

// Load is what a server reports of itself in each heartbeat.
type Load struct {
	Inflight, Environments, Provisioned int
	Warm                                []string
}

// Config describes this server to the others.
type Config struct {
	Node, URL string
	// Heartbeat is how often the server announces itself (default 1 s); a
	// member not heard of for three heartbeats is gone.
	Heartbeat time.Duration
	// Load reports the server's load for each heartbeat.
	Load   func() Load
	Logger *slog.Logger
}

// Membership is this server's heartbeat and its view of the others.
type Membership struct {
	cfg    Config
	bucket *store.Bucket

	mu       sync.Mutex
	members  map[string]Member // by key, this server's included
	draining bool
	cancel   context.CancelFunc
	done     chan struct{}
}

// Open opens the bucket of heartbeats; Start joins.
func Open(ctx context.Context, st *store.Store, cfg Config) (*Membership, error) {
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	b, err := st.ExpiringBucket(ctx, "members", 3*cfg.Heartbeat)
	if err != nil {
		return nil, err
	}
	return &Membership{cfg: cfg, bucket: b, members: map[string]Member{}}, nil
}

// Node is this server's name.
func (m *Membership) Node() string { return m.cfg.Node }

// Start announces this server, reads the members there are and watches
// for others until Leave.
func (m *Membership) Start(ctx context.Context) error {
	ctx, m.cancel = context.WithCancel(context.WithoutCancel(ctx))
	m.done = make(chan struct{})
	if err := m.beat(ctx); err != nil {
		return err
	}
	if err := m.bucket.Watch(ctx, func(k string) { m.refresh(ctx, k) }); err != nil {
		return err
	}
	keys, err := m.bucket.Keys(ctx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		m.refresh(ctx, k)
	}
	go m.run(ctx)
	return nil
}

// run beats until Leave.
func (m *Membership) run(ctx context.Context) {
	defer close(m.done)
	every(ctx, m.cfg.Heartbeat, func() {
		if err := m.beat(ctx); err != nil && ctx.Err() == nil {
			m.cfg.Logger.Warn("cluster heartbeat failed", "err", err)
		}
	})
}

// every calls fn every d until ctx ends.
func every(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-t.C:
			fn()
		}
	}
}

// beat stores this server's record.
func (m *Membership) beat(ctx context.Context) error {
	self := m.self()
	data, err := json.Marshal(self)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.members[key(self.Node)] = self
	m.mu.Unlock()
	_, err = m.bucket.Put(ctx, key(self.Node), data)
	return err
}

func (m *Membership) self() Member {
	load := Load{}
	if m.cfg.Load != nil {
		load = m.cfg.Load()
	}
	m.mu.Lock()
	draining := m.draining
	m.mu.Unlock()
	return Member{Node: m.cfg.Node, URL: m.cfg.URL, Inflight: load.Inflight, Environments: load.Environments,
		Provisioned: load.Provisioned, Warm: load.Warm, Draining: draining, Seen: time.Now().UTC().Truncate(time.Millisecond)}
}

// key is where a node's record is stored: its name in hex, which any
// name a host and port make can be spelled in.
func key(node string) string { return hex.EncodeToString([]byte(node)) }

// refresh reads one member's record after it changed.
func (m *Membership) refresh(ctx context.Context, k string) {
	var mb Member
	e, err := m.bucket.Get(ctx, k)
	if err == nil {
		err = json.Unmarshal(e.Value, &mb)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case err == nil:
		m.members[k] = mb
	case errors.Is(err, store.ErrNotFound) && k != key(m.cfg.Node):
		delete(m.members, k)
	}
}

// Members lists the live members by name, this server included.
func (m *Membership) Members() []Member {
	m.mu.Lock()
	defer m.mu.Unlock()
	stale := time.Now().Add(-3 * m.cfg.Heartbeat)
	out := make([]Member, 0, len(m.members))
	for k, mb := range m.members {
		if mb.Node != m.cfg.Node && mb.Seen.Before(stale) {
			delete(m.members, k)
			continue
		}
		out = append(out, mb)
	}
	slices.SortFunc(out, func(a, b Member) int {
		if a.Node < b.Node {
			return -1
		}
		return 1
	})
	return out
}

// Drain marks this server draining, and tells the others at once.
func (m *Membership) Drain(ctx context.Context) {
	m.mu.Lock()
	m.draining = true
	m.mu.Unlock()
	if err := m.beat(ctx); err != nil {
		m.cfg.Logger.Warn("announce draining", "err", err)
	}
}

// Draining says whether this server is draining.
func (m *Membership) Draining() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.draining
}

// Leave stops the heartbeat and removes this server's record.
func (m *Membership) Leave(ctx context.Context) {
	if m.cancel == nil {
		return
	}
	m.cancel()
	<-m.done
	if err := m.bucket.Delete(ctx, key(m.cfg.Node), 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		m.cfg.Logger.Warn("leave the cluster", "err", err)
	}
}
