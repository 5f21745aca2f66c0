package esm

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// WatchedBucket is the mappings' bucket, whose changes every server learns.
type WatchedBucket interface {
	Bucket
	Watch(ctx context.Context, changed func(key string)) error
}

// Queues is what pollers do with a mapping's queue. Receive long-polls for
// up to wait and returns at most max messages, with every attribute.
type Queues interface {
	Receive(ctx context.Context, queueARN string, max int, wait time.Duration) ([]Message, error)
	Delete(ctx context.Context, queueARN, receiptHandle string) error
	ChangeVisibility(ctx context.Context, queueARN, receiptHandle string, timeout time.Duration) error
}

// Invoker runs a function synchronously.
type Invoker interface {
	Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Leases runs a loop while this server holds the named lease.
type Leases interface {
	Run(ctx context.Context, name, holder string, loop func(ctx context.Context))
}

// PollerConfig tunes the pollers.
type PollerConfig struct {
	Region string
	// Holder names this server among the holders of leases.
	Holder string
	// AccountConcurrency bounds the pollers of a mapping, as the account's
	// concurrency limit bounds its invocations.
	AccountConcurrency int
	// Settle is how long a mapping stays between states (Creating,
	// Updating, Deleting …) before it settles (default 1 s); AWS takes a
	// few seconds.
	Settle time.Duration
	// LongPoll is how long a receive waits for a first message (20 s).
	LongPoll time.Duration
	Logger   *slog.Logger
}

// Pollers runs, for every enabled mapping whose lease this server holds,
// the pollers of its queue, and moves mappings between states.
type Pollers struct {
	cfg       PollerConfig
	bucket    WatchedBucket
	leases    Leases
	queues    Queues
	invoker   Invoker
	functions Functions
	compile   Compiler
	log       *slog.Logger

	mu       sync.Mutex
	runs     map[string]*run // by UUID
	settling map[string]bool

	wg         sync.WaitGroup
	ctx        context.Context // polling: ends when Close begins
	cancel     context.CancelFunc
	work       context.Context // invocations in flight: end when Close gives up on them
	cancelWork context.CancelFunc
}

// NewPollers wires the pollers; Start begins.
func NewPollers(cfg PollerConfig, bucket WatchedBucket, leases Leases, queues Queues, invoker Invoker, functions Functions, compile Compiler) *Pollers {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.LongPoll <= 0 {
		cfg.LongPoll = 20 * time.Second
	}
	if cfg.Settle <= 0 {
		cfg.Settle = time.Second
	}
	if cfg.AccountConcurrency <= 0 {
		cfg.AccountConcurrency = maxConcurrency
	}
	return &Pollers{cfg: cfg, bucket: bucket, leases: leases, queues: queues, invoker: invoker, functions: functions,
		compile: compile, log: cfg.Logger.With("component", "esm"), runs: map[string]*run{}, settling: map[string]bool{}}
}

// Start watches the mappings and starts polling the enabled ones.
func (p *Pollers) Start(ctx context.Context) error {
	p.ctx, p.cancel = context.WithCancel(context.WithoutCancel(ctx))
	p.work, p.cancelWork = context.WithCancel(context.WithoutCancel(ctx))
	if err := p.bucket.Watch(p.ctx, p.changed); err != nil {
		return err
	}
	all, err := loadAll(ctx, p.bucket)
	if err != nil {
		return err
	}
	for _, m := range all {
		p.apply(m)
	}
	return nil
}

// Close stops polling. Batches in flight finish unless ctx ends first;
// their messages then reappear after their visibility timeout.
func (p *Pollers) Close(ctx context.Context) {
	if p.cancel == nil {
		return
	}
	p.mu.Lock() // start and settleLater add to wg only under mu, before ctx ends
	p.cancel()
	p.mu.Unlock()
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		p.cancelWork()
		<-done
	}
	p.cancelWork()
}

// changed learns of a change to a key of the bucket.
func (p *Pollers) changed(key string) {
	uuid, ok := strings.CutPrefix(key, mappingPrefix)
	if !ok {
		return
	}
	m, err := loadMapping(p.ctx, p.bucket, uuid)
	switch {
	case errors.Is(err, store.ErrNotFound):
		p.stop(uuid)
	case err != nil:
		if p.ctx.Err() == nil {
			p.log.Warn("read a changed event source mapping", "uuid", uuid, "err", err)
		}
	default:
		p.apply(m)
	}
}

// apply polls a mapping or stops polling it, as its state says, and
// settles it when it is between states.
func (p *Pollers) apply(m mapping) {
	if m.settling() {
		p.settleLater(m)
	}
	if m.polling() {
		p.start(m)
	} else {
		p.stop(m.Config.UUID)
	}
}

// start runs a mapping's poller loop under its lease, or hands a running
// one the mapping's new settings.
func (p *Pollers) start(m mapping) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ctx.Err() != nil {
		return
	}
	uuid := m.Config.UUID
	if r, ok := p.runs[uuid]; ok && !r.stopped() {
		r.update(m)
		return
	}
	previous := p.runs[uuid]
	r, err := newRun(p, m)
	if err != nil {
		p.log.Error("cannot poll event source mapping", "uuid", uuid, "err", err)
		return
	}
	p.runs[uuid] = r
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer p.forget(r)
		if previous != nil {
			<-previous.done // its lease is handed back
		}
		p.leases.Run(r.ctx, "esm."+uuid, p.cfg.Holder, r.loop)
	}()
}

// forget drops a run that has ended, unless another took its place.
func (p *Pollers) forget(r *run) {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(r.done)
	if p.runs[r.uuid] == r {
		delete(p.runs, r.uuid)
	}
}

// stop ends a mapping's poller loop on this server.
func (p *Pollers) stop(uuid string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r, ok := p.runs[uuid]; ok {
		r.cancel()
	}
}
