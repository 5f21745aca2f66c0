// Package store keeps Virga's durable state: metadata in key-value buckets with
// revision-based compare-and-set, and code blobs addressed by their SHA-256.
// By default it runs an embedded NATS server with JetStream in the data
// directory and opens no network port; the same code talks to an external
// NATS cluster when one is configured.
package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Errors returned by buckets.
var (
	ErrNotFound = errors.New("key not found")
	ErrExists   = errors.New("key exists")
	ErrRevision = errors.New("revision mismatch")
)

// Config says where the state lives.
type Config struct {
	// Dir is the data directory of the embedded server.
	Dir string
	// URL of an external NATS server or cluster; empty runs the embedded one.
	URL string
	// Listen, when set, makes the embedded server accept NATS clients there.
	Listen string
	// Replicas is how many servers of the cluster keep a copy of every
	// stream, bucket and object store (default 1; the embedded server has
	// only one).
	Replicas int
}

// Store is an open connection to the state.
type Store struct {
	cfg Config
	ns  *server.Server
	nc  *nats.Conn
	js  jetstream.JetStream
}

// Open starts the embedded server (unless cfg.URL is set) and connects to it.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	s := &Store{cfg: cfg}
	opts := []nats.Option{nats.Name("virga"), nats.MaxReconnects(-1)}
	url := cfg.URL
	if url == "" {
		ns, err := startEmbedded(cfg)
		if err != nil {
			return nil, err
		}
		s.ns = ns
		opts = append(opts, nats.InProcessServer(ns))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to nats: %w", err)
	}
	s.nc = nc
	js, err := jetstream.New(nc)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	s.js = replicated{JetStream: js, n: s.Replicas()}
	if url != "" {
		if err := waitForJetStream(ctx, js); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// waitForJetStream waits (up to a minute) until an external cluster's
// JetStream answers: a cluster that just started elects its leaders first.
func waitForJetStream(ctx context.Context, js jetstream.JetStream) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		try, stop := context.WithTimeout(ctx, 5*time.Second)
		_, err := js.AccountInfo(try)
		stop()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("jetstream not ready: %w", err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func startEmbedded(cfg Config) (*server.Server, error) {
	opts := &server.Options{
		ServerName: "virga",
		JetStream:  true,
		StoreDir:   filepath.Join(cfg.Dir, "jetstream"),
		DontListen: cfg.Listen == "",
		NoSigs:     true,
		NoLog:      true,
		MaxPayload: 8 << 20,
	}
	if cfg.Listen != "" {
		host, port, err := splitHostPort(cfg.Listen)
		if err != nil {
			return nil, err
		}
		opts.Host, opts.Port = host, port
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return nil, errors.New("embedded nats did not become ready")
	}
	return ns, nil
}

// Close disconnects and stops the embedded server.
func (s *Store) Close() {
	if s.nc != nil {
		s.nc.Drain()
		s.nc.Close()
	}
	if s.ns != nil {
		s.ns.Shutdown()
		s.ns.WaitForShutdown()
	}
}

// JetStream exposes the stream API for components that need queues; what
// it creates is kept by the store's number of replicas.
func (s *Store) JetStream() jetstream.JetStream { return s.js }
