// Package control is Lambda's control plane: it validates requests to create,
// change and delete functions, moves functions through AWS's states
// (Pending → Active, InProgress → Successful) and keeps them in the store.
package control

import (
	"context"
	"io"
	"log/slog"
	"sync"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/pool"
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
	// Reservations and Provisioner, if set, carry concurrency settings to
	// where invocations run.
	Reservations Reservations
	Provisioner  Provisioner
	// Nodes, if set, are the servers provisioned concurrency spreads
	// over; without it this server keeps all of it.
	Nodes Nodes
	// Roles, if set, must know every execution role of the account's own.
	Roles Roles
	// Keys, if set, must find a usable key at every KMSKeyArn.
	Keys Keys
	// Buses, if set, knows the event buses an asynchronous invocation's
	// destination may name; without it a bus is not a destination.
	Buses Buses
	// Queues, if set, are the queues that dead-letter configs and
	// destinations may name.
	Queues Queues
	// Topics, if set, are the topics that dead-letter configs and
	// destinations may name.
	Topics Topics
	// Objects, if set, holds the deployment packages that requests name
	// by S3 bucket and key; without it such requests are refused.
	Objects Objects
	// FunctionURL, if set, spells the URL of a function URL id with the
	// server's public address; without it URLs are spelled as AWS's.
	FunctionURL func(id string) string
	Logger      *slog.Logger
}

// Objects opens S3 objects (version "" for the latest); a missing bucket,
// key or version is an aws.ErrNotFound whose Code is S3's.
type Objects interface {
	Open(ctx context.Context, bucket, key, version string) (io.ReadCloser, int64, error)
}

// Topics tells whether an SNS topic exists.
type Topics interface {
	TopicExists(ctx context.Context, topicARN string) (bool, error)
}

// Buses tells whether an event bus exists.
type Buses interface {
	BusExists(ctx context.Context, busARN string) (bool, error)
}

// Queues finds queues by ARN (aws.ErrNotFound when there is no such queue).
type Queues interface {
	Attributes(ctx context.Context, queueARN string) (map[string]string, error)
}

// Roles tells whether an IAM role exists.
type Roles interface {
	RoleExists(ctx context.Context, roleARN string) (bool, error)
}

// Bucket is the key-value store the control plane keeps functions in.
type Bucket interface {
	Get(ctx context.Context, key string) (store.Entry, error)
	Create(ctx context.Context, key string, value []byte) (uint64, error)
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
	Delete(ctx context.Context, key string, rev uint64) error
	Keys(ctx context.Context) ([]string, error)
	KeysWithPrefix(ctx context.Context, prefix string) ([]string, error)
}

// Blobs keeps code zips by digest.
type Blobs interface {
	Put(ctx context.Context, name string, data []byte) error
	Get(ctx context.Context, name string) ([]byte, error)
}

// Preparer readies code for invocation (extracts it, and the layers it
// uses, on this machine); a function becomes Active once that succeeds.
type Preparer interface {
	Dir(ctx context.Context, blob string) (string, error)
	OptDir(ctx context.Context, layers []string) (string, error)
}

// Reservations learns each function's reserved concurrency.
type Reservations interface {
	SetReserved(function string, n int)
	ClearReserved(function string)
}

// Provisioner keeps initialized environments of a function version ready.
// key names the configuration (function and qualifier); a new call for the
// same key replaces the old target. report learns of progress.
type Provisioner interface {
	Provision(key string, fn pool.Function, n int, report func(ready int, err error))
	// Resize changes the count of key's target, false when there is none.
	Resize(key string, n int) bool
	Unprovision(key string)
}

// Stores is where the control plane keeps its state.
type Stores struct {
	Functions   Bucket // function name → record
	Versions    Bucket // "name.N" → published version
	Aliases     Bucket // "name.alias" → alias
	Provisioned Bucket // "name.qualifier" → provisioned concurrency configuration
	// Ready holds each server's progress on its share of a provisioned
	// concurrency configuration, under "name.qualifier.n<node in hex>".
	Ready Bucket
	// EventConfigs holds asynchronous invocation settings under
	// "name.qualifier", with "=latest" standing for $LATEST.
	EventConfigs Bucket
	// Policies holds resource-based policies under "name.qualifier", with
	// "=latest" standing for the function itself (its unqualified ARN).
	Policies Bucket
	// Layers holds, under a layer's name, the number of its newest version
	// and, under "name.N", each version.
	Layers Bucket
	// URLs holds function URLs under "name.qualifier", with "=latest" for
	// $LATEST.
	URLs Bucket
	Code Blobs
}

// Service is the control plane.
type Service struct {
	cfg          Config
	functions    Bucket
	versions     Bucket
	aliases      Bucket
	provisioned  Bucket
	ready        Bucket
	eventConfigs Bucket
	policies     Bucket
	layers       Bucket
	urls         Bucket
	code         Blobs
	prepare      Preparer
	log          *slog.Logger

	spreadMu sync.Mutex
	held     map[string]held // this server's shares, by provisioned key

	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

// New builds the control plane over its storage. prepare may be nil.
func New(cfg Config, st Stores, prepare Preparer) *Service {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Service{
		cfg: cfg, functions: st.Functions, versions: st.Versions, aliases: st.Aliases, provisioned: st.Provisioned, ready: st.Ready,
		eventConfigs: st.EventConfigs, policies: st.Policies, layers: st.Layers, urls: st.URLs, code: st.Code, prepare: prepare, log: log.With("component", "control"),
		held: map[string]held{},
	}
}

// Start finishes state transitions that a previous run left half done and
// hands concurrency settings to where invocations run.
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
		if rec.Latest.State == lambda.StatePending || rec.Latest.LastUpdateStatus == lambda.UpdateInProgress {
			s.settle(name)
		}
		if rec.Reserved != nil && s.cfg.Reservations != nil {
			s.cfg.Reservations.SetReserved(name, *rec.Reserved)
		}
	}
	if s.cfg.Provisioner != nil {
		s.wg.Add(1)
		go s.keepSnapStarts(s.ctx, names)
	}
	return s.reprovision(ctx)
}

// Close waits for transitions in flight.
func (s *Service) Close() {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
}
