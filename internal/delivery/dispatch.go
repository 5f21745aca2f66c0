package delivery

import (
	"context"
	"log/slog"
	"sync"

	"github.com/nats-io/nats.go/jetstream"
)

// Target delivers to one kind of target. Deliver makes one attempt; its
// error says what follows: nil, delivered; one wrapping ErrThrottled,
// ErrPermanent or ErrGone, what those say; any other, a failed attempt.
type Target interface {
	Deliver(ctx context.Context, d Delivery) (Reply, error)
}

// Producer is what the dispatcher asks of the party that enqueued a
// delivery.
type Producer interface {
	// Policy is the retry policy that applies to d now. It is asked at
	// every attempt; an error postpones the delivery.
	Policy(ctx context.Context, d Delivery) (Policy, error)
	// Finish learns how d ended and sends on what follows, if anything,
	// through the queue. An error hands d back to the queue, to be taken
	// up again from its last stored step a second later.
	Finish(ctx context.Context, d Delivery, o Outcome) error
}

// Routes are the registered parts: targets by Address.Kind, producers by
// Delivery.Producer.
type Routes struct {
	Targets   map[string]Target
	Producers map[string]Producer
}

// Config tunes the dispatcher.
type Config struct {
	// Workers bounds the deliveries handled at once (default 64).
	Workers int
	Logger  *slog.Logger
}

// Dispatcher takes deliveries off the queue and carries each to its next
// step: an attempt, a wait, a retry or its end.
type Dispatcher struct {
	cfg    Config
	queue  *Queue
	routes Routes
	log    *slog.Logger

	consume jetstream.ConsumeContext
	slots   chan struct{}
	running sync.WaitGroup
	stop    chan struct{}
}

// NewDispatcher wires a dispatcher; Start begins taking deliveries.
func NewDispatcher(cfg Config, q *Queue, routes Routes) *Dispatcher {
	if cfg.Workers <= 0 {
		cfg.Workers = 64
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Dispatcher{
		cfg: cfg, queue: q, routes: routes, log: log.With("component", "delivery"),
		slots: make(chan struct{}, cfg.Workers), stop: make(chan struct{}),
	}
}

// Start begins consuming deliveries.
func (d *Dispatcher) Start() error {
	cc, err := d.queue.cons.Consume(d.receive, jetstream.PullMaxMessages(d.cfg.Workers))
	if err != nil {
		return err
	}
	d.consume = cc
	return nil
}

// receive handles each message in its own goroutine, at most Workers at a
// time; while all are busy, delivery waits.
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

// Close stops taking deliveries and waits for the running ones, until ctx
// ends; an attempt cut short is made again after a restart.
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
