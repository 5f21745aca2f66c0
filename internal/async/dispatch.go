package async

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/lambda"
)

// Invoker runs one attempt of an event synchronously.
type Invoker interface {
	Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// Configs gives the asynchronous settings that apply to an invocation.
type Configs interface {
	EventInvokeConfig(ctx context.Context, function, qualifier string) (lambda.EventInvokeConfig, bool, error)
}

// Logs stores function logs; Flush returns once what was appended is stored.
type Logs interface {
	Flush(ctx context.Context)
}

// Config tunes the dispatcher.
type Config struct {
	Region, Account string
	// Workers bounds the events handled at once.
	Workers int
	// RetryBase is the delay before the first retry of a failed event; the
	// second waits twice as long (AWS: about 1 and 2 minutes).
	RetryBase time.Duration
	// Observer learns how events fare.
	Observer Observer
	Logger   *slog.Logger
}

// Observer learns how events fare: each attempt with the event's age, each
// event dropped, each destination record sent.
type Observer interface {
	EventAttempted(function string, age time.Duration)
	EventDropped(function string)
	DestinationDelivered(function, condition string)
}

type noObserver struct{}

func (noObserver) EventAttempted(string, time.Duration) {}
func (noObserver) EventDropped(string)                  {}
func (noObserver) DestinationDelivered(string, string)  {}

// Dispatcher takes events off the queue and runs them.
type Dispatcher struct {
	cfg     Config
	queue   *Queue
	invoker Invoker
	configs Configs
	logs    Logs
	log     *slog.Logger

	consume jetstream.ConsumeContext
	slots   chan struct{}
	running sync.WaitGroup
	stop    chan struct{}
}

// NewDispatcher wires a dispatcher; Start begins taking events.
func NewDispatcher(cfg Config, q *Queue, inv Invoker, configs Configs, logs Logs) *Dispatcher {
	if cfg.Workers <= 0 {
		cfg.Workers = 64
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Minute
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Dispatcher{
		cfg: cfg, queue: q, invoker: inv, configs: configs, logs: logs, log: log.With("component", "async"),
		slots: make(chan struct{}, cfg.Workers), stop: make(chan struct{}),
	}
}

// Start begins consuming events.
func (d *Dispatcher) Start() error {
	cc, err := d.queue.cons.Consume(d.receive, jetstream.PullMaxMessages(d.cfg.Workers))
	if err != nil {
		return err
	}
	d.consume = cc
	return nil
}

// receive runs each delivered event in its own goroutine, at most Workers
// at a time; while all are busy, delivery waits.
func (d *Dispatcher) receive(msg jetstream.Msg) {
	select {
	case d.slots <- struct{}{}:
	case <-d.stop:
		_ = msg.Nak()
		return
	}
	d.running.Add(1)
	go func() {
		defer func() { <-d.slots; d.running.Done() }()
		d.handle(msg)
	}()
}

// Close stops taking events and waits for the running ones, until ctx
// ends; an event cut short is delivered again after a restart.
func (d *Dispatcher) Close(ctx context.Context) {
	close(d.stop)
	if d.consume != nil {
		d.consume.Drain()
	}
	done := make(chan struct{})
	go func() { d.running.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

func (d *Dispatcher) closing() bool {
	select {
	case <-d.stop:
		return true
	default:
		return false
	}
}

// handle takes one event to its next step: an attempt, a delay, a retry or
// its end with a destination record.
func (d *Dispatcher) handle(msg jetstream.Msg) {
	var ev Event
	if err := json.Unmarshal(msg.Data(), &ev); err != nil {
		d.log.Error("undecodable event dropped", "err", err)
		_ = msg.Term()
		return
	}
	if wait := time.Until(ev.NotBefore); wait > 0 {
		_ = msg.NakWithDelay(wait)
		return
	}
	ctx := context.Background()
	settings, err := d.settings(ctx, ev)
	if err != nil {
		d.retryLater(msg, ev, err)
		return
	}
	if time.Since(ev.Accepted) > settings.maxAge {
		d.finish(ctx, msg, ev, settings, outcome{condition: conditionAge})
		return
	}
	d.attempt(ctx, msg, ev, settings)
}
