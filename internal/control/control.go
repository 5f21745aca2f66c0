// Package control is Lambda's control plane: it validates requests to create,
// change and delete functions, moves functions through AWS's states
// (Pending → Active, InProgress → Successful) and keeps them in the store.
package control

import (
	"context"
	"log/slog"
	"sync"

	"github.com/virga-dev/virga/internal/store"
)

// Config is what the control plane needs to know about its account.
type Config struct {
	Region  string
	Account string
	// ConcurrentExecutions is the account's concurrency limit.
	ConcurrentExecutions int
	// Changed, if set, learns of each function version whose code or
	// configuration changed, or that was deleted ("" for every version).
	Changed func(function, version string)
	Logger  *slog.Logger
}

// Bucket is the key-value store the control plane keeps functions in.
type Bucket interface {
	Get(ctx context.Context, key string) (store.Entry, error)
	Create(ctx context.Context, key string, value []byte) (uint64, error)
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
	Delete(ctx context.Context, key string, rev uint64) error
	Keys(ctx context.Context) ([]string, error)
}

// Blobs keeps code zips by digest.
type Blobs interface {
	Put(ctx context.Context, name string, data []byte) error
	Get(ctx context.Context, name string) ([]byte, error)
}

// Preparer readies code for invocation (extracts it on this machine); a
// function becomes Active once that succeeds.
type Preparer interface {
	Dir(ctx context.Context, blob string) (string, error)
}

// Service is the control plane.
type Service struct {
	cfg       Config
	functions Bucket
	code      Blobs
	prepare   Preparer
	log       *slog.Logger

	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

// New builds the control plane over its storage. prepare may be nil.
func New(cfg Config, functions Bucket, code Blobs, prepare Preparer) *Service {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Service{cfg: cfg, functions: functions, code: code, prepare: prepare, log: log.With("component", "control")}
}

// Start finishes state transitions that a previous run left half done.
func (s *Service) Start(ctx context.Context) error {
	s.ctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	names, err := s.functions.Keys(ctx)
	if err != nil {
		return err
	}
	for _, name := range names {
		rec, _, err := s.load(ctx, name)
		if err != nil {
			continue
		}
		if rec.Latest.State == "Pending" || rec.Latest.LastUpdateStatus == "InProgress" {
			s.settle(name)
		}
	}
	return nil
}

// Close waits for transitions in flight.
func (s *Service) Close() {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
}
