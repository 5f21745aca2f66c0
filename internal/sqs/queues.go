// Package sqs is Virga's queue service: Amazon SQS's API in both of its
// wire protocols (json 1.0 and query/XML) over queues that live in
// JetStream, and the engine other parts of Virga call to send to, receive
// from and delete from a queue by its ARN.
//
// A standard queue is a work-queue stream with one durable pull consumer:
// the consumer's ack wait is the visibility timeout, a delete is an ack, a
// visibility change a negative ack with a delay, and a message's receipt
// handle is the reply subject of its delivery, so it still works after a
// restart. A FIFO queue is a stream with one subject per message group and
// a record per group, changed by compare-and-set, that holds the group's
// messages in flight and their receive counts. docs/decisions/0014-queues.md
// tells why.
package sqs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/store"
)

// Config is what the queues need besides the store.
type Config struct {
	Region string
	// Account is the administrator's, who may use every account's queues.
	Account string
	Logger  *slog.Logger
}

// Queues is every account's queues.
type Queues struct {
	cfg     Config
	log     *slog.Logger
	js      jetstream.JetStream
	records *store.Bucket // queues by "<account>.<name>"
	groups  *store.Bucket // FIFO message groups by "<queue id>.<group>"
	tasks   *store.Bucket // message move tasks by handle
	first   jetstream.Stream

	watching atomic.Bool
	cache    sync.Map // record key → *queue, while watching
	handles  sync.Map // queue id → *streamHandles

	stop     chan struct{} // closed by Close: move tasks end
	stopOnce sync.Once
	running  sync.WaitGroup
}

// Buckets and streams of the queues.
const (
	recordsBucket = "sqsqueues"
	groupsBucket  = "sqsgroups"
	tasksBucket   = "sqsmovetasks"
	firstStream   = "SQS_FIRST_RECEIVE"
)

// Open opens (creating if needed) the buckets and streams of the queues.
func Open(ctx context.Context, cfg Config, st *store.Store) (*Queues, error) {
	q := &Queues{cfg: cfg, js: st.JetStream(), log: cfg.Logger, stop: make(chan struct{})}
	if q.log == nil {
		q.log = slog.Default()
	}
	q.log = q.log.With("component", "sqs")
	var err error
	for name, b := range map[string]**store.Bucket{recordsBucket: &q.records, groupsBucket: &q.groups, tasksBucket: &q.tasks} {
		if *b, err = st.Bucket(ctx, name); err != nil {
			return nil, err
		}
	}
	q.first, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: firstStream, Subjects: []string{"sqsfirst.>"}, Storage: jetstream.FileStorage,
		MaxMsgsPerSubject: 1, MaxAge: maxRetention,
	})
	if err != nil {
		return nil, fmt.Errorf("open stream %s: %w", firstStream, err)
	}
	return q, nil
}

// Start caches queue records, emptied when any server changes them, and
// resumes the message move tasks that were running.
func (q *Queues) Start(ctx context.Context) error {
	if err := q.records.Watch(ctx, func(key string) { q.cache.Delete(key) }); err != nil {
		return err
	}
	q.watching.Store(true)
	return q.resumeTasks(ctx)
}

func recordKey(account, name string) string { return account + "." + name }

// lookup finds a queue by account and name; a missing one is
// ErrQueueDoesNotExist.
func (q *Queues) lookup(ctx context.Context, account, name string) (*queue, error) {
	key := recordKey(account, name)
	if v, ok := q.cache.Load(key); ok {
		return v.(*queue), nil
	}
	rec, err := q.load(ctx, key)
	if err != nil {
		return nil, err
	}
	if q.watching.Load() {
		q.cache.Store(key, rec)
	}
	return rec, nil
}

func (q *Queues) load(ctx context.Context, key string) (*queue, error) {
	e, err := q.records.Get(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, queueDoesNotExist()
	}
	if err != nil {
		return nil, fmt.Errorf("read queue %s: %w", key, err)
	}
	rec := new(queue)
	if err := jsonUnmarshal(e.Value, rec); err != nil {
		return nil, fmt.Errorf("decode queue %s: %w", key, err)
	}
	return rec, nil
}

// byARN finds a queue by its ARN.
func (q *Queues) byARN(ctx context.Context, queueARN string) (*queue, error) {
	account, name, ok := parseARN(queueARN)
	if !ok {
		return nil, queueDoesNotExist()
	}
	return q.lookup(ctx, account, name)
}

// ARN is a queue's ARN.
func (q *Queues) ARN(account, name string) string {
	return "arn:aws:sqs:" + q.cfg.Region + ":" + account + ":" + name
}

func (q *Queues) arnOf(rec *queue) string { return q.ARN(rec.Account, rec.Name) }

// parseARN reads arn:aws:sqs:<region>:<account>:<name>.
func parseARN(s string) (account, name string, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sqs" || parts[4] == "" || parts[5] == "" {
		return "", "", false
	}
	return parts[4], parts[5], true
}
