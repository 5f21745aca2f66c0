package esm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/store"
)

// Bucket is the key-value store mappings live in.
type Bucket interface {
	store.KV
	KeysWithPrefix(ctx context.Context, prefix string) ([]string, error)
}

// Functions finds the function a mapping names.
type Functions interface {
	GetFunction(ctx context.Context, ref arn.Function) (control.Function, error)
}

// QueueAttributes reads a queue's attributes (VisibilityTimeout,
// FifoQueue); aws.ErrNotFound when there is no such queue.
type QueueAttributes interface {
	Attributes(ctx context.Context, queueARN string) (map[string]string, error)
}

// Matcher tells whether an event matches a compiled filter pattern.
type Matcher interface {
	Match(event []byte) bool
}

// Compiler compiles a filter pattern, or says why it is not one.
type Compiler func(pattern []byte) (Matcher, error)

// Config is what the control plane knows of its region and account.
type Config struct {
	Region  string
	Account string
	Logger  *slog.Logger
}

// Mappings is the control plane of event source mappings.
type Mappings struct {
	cfg       Config
	bucket    Bucket
	functions Functions
	queues    QueueAttributes
	compile   Compiler
	log       *slog.Logger
}

// NewMappings builds the control plane over its bucket.
func NewMappings(cfg Config, bucket Bucket, functions Functions, queues QueueAttributes, compile Compiler) *Mappings {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Mappings{cfg: cfg, bucket: bucket, functions: functions, queues: queues, compile: compile,
		log: log.With("component", "esm")}
}

// Keys in the bucket: a mapping under its UUID, and under the pair of its
// queue and function the UUID of the one mapping that pair may have.
const (
	mappingPrefix = "mapping."
	pairPrefix    = "pair."
)

func mappingKey(uuid string) string { return mappingPrefix + uuid }

// GetEventSourceMapping returns a mapping.
func (s *Mappings) GetEventSourceMapping(ctx context.Context, uuid string) (Configuration, error) {
	m, err := s.load(ctx, uuid)
	return m.Config, err
}

// load reads a mapping, or AWS's 404.
func (s *Mappings) load(ctx context.Context, uuid string) (mapping, error) {
	m, err := loadMapping(ctx, s.bucket, uuid)
	if errors.Is(err, store.ErrNotFound) {
		return mapping{}, s.notFound(uuid)
	}
	return m, err
}

func loadMapping(ctx context.Context, b store.KV, uuid string) (mapping, error) {
	if !validUUID(uuid) {
		return mapping{}, store.ErrNotFound // no key holds it
	}
	e, err := b.Get(ctx, mappingKey(uuid))
	if err != nil {
		return mapping{}, err
	}
	var m mapping
	if err := json.Unmarshal(e.Value, &m); err != nil {
		return mapping{}, fmt.Errorf("decode event source mapping %s: %w", uuid, err)
	}
	return m, nil
}

func (s *Mappings) notFound(uuid string) error {
	return aws.Errorf(aws.ErrNotFound, "Event source mapping not found: %s", s.mappingARN(uuid))
}

func (s *Mappings) mappingARN(uuid string) string {
	return "arn:aws:lambda:" + s.cfg.Region + ":" + s.cfg.Account + ":event-source-mapping:" + uuid
}
