package async

import (
	"context"
	"log/slog"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
)

// Configs gives the asynchronous settings that apply to an invocation:
// its EventInvokeConfig and the dead-letter queue of the function version
// ("" when it has none).
type Configs interface {
	EventInvokeConfig(ctx context.Context, function, qualifier string) (lambda.EventInvokeConfig, bool, error)
	DeadLetterTarget(ctx context.Context, function, qualifier string) (string, error)
}

// Config tunes Lambda's side of asynchronous invocation.
type Config struct {
	Region, Account string
	// RetryBase is the delay before the first retry of a failed event; the
	// second waits twice as long (AWS: about 1 and 2 minutes).
	RetryBase time.Duration
	// Observer learns how events fare.
	Observer Observer
	Logger   *slog.Logger
}

// Producer is Lambda's producer of deliveries: it gives an event the
// retry policy of its function's EventInvokeConfig and, when the event
// ends, sends the destination record.
type Producer struct {
	cfg     Config
	queue   *Queue
	configs Configs
	log     *slog.Logger
}

// NewProducer builds Lambda's producer; destination records go to q.
func NewProducer(cfg Config, q *Queue, configs Configs) *Producer {
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Minute
	}
	cfg.Observer = orNone(cfg.Observer)
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Producer{cfg: cfg, queue: q, configs: configs, log: log.With("component", "async")}
}

// settings are the asynchronous settings of one event's function.
type settings struct {
	retries              int
	maxAge               time.Duration
	onSuccess, onFailure string
}

func (p *Producer) settings(ctx context.Context, d delivery.Delivery) (settings, error) {
	s := settings{retries: lambda.DefaultRetryAttempts, maxAge: lambda.DefaultMaxEventAge * time.Second}
	name, qualifier := function(d.Target)
	cfg, ok, err := p.configs.EventInvokeConfig(ctx, name, qualifier)
	if err != nil || !ok {
		return s, err
	}
	if cfg.MaximumRetryAttempts != nil {
		s.retries = *cfg.MaximumRetryAttempts
	}
	if cfg.MaximumEventAgeInSeconds != nil {
		s.maxAge = time.Duration(*cfg.MaximumEventAgeInSeconds) * time.Second
	}
	if dc := cfg.DestinationConfig; dc != nil {
		if dc.OnSuccess != nil {
			s.onSuccess = dc.OnSuccess.Destination
		}
		if dc.OnFailure != nil {
			s.onFailure = dc.OnFailure.Destination
		}
	}
	return s, nil
}

// Policy is AWS's: the first attempt and MaximumRetryAttempts retries, the
// second retry waiting twice as long as the first, within
// MaximumEventAgeInSeconds.
func (p *Producer) Policy(ctx context.Context, d delivery.Delivery) (delivery.Policy, error) {
	s, err := p.settings(ctx, d)
	if err != nil {
		return delivery.Policy{}, err
	}
	return delivery.Policy{
		MaxAttempts: s.retries + 1, MaxAge: s.maxAge,
		Backoff: delivery.Backoff{Base: p.cfg.RetryBase, Factor: 2},
	}, nil
}

// Finish sends a failed event to the function's dead-letter queue, if it
// has one, and the destination record, if a destination is configured for
// the outcome; an event whose function is gone is dropped.
func (p *Producer) Finish(ctx context.Context, d delivery.Delivery, o delivery.Outcome) error {
	name, qualifier := function(d.Target)
	if o.End == delivery.Dropped {
		p.cfg.Observer.EventDropped(name)
		p.log.Warn("event dropped: its function is gone", "function", name, "qualifier", qualifier, "request_id", d.ID)
		return nil
	}
	if o.End != delivery.Delivered {
		if err := p.deadLetter(ctx, d, o); err != nil {
			return err
		}
	}
	s, err := p.settings(ctx, d)
	if err != nil {
		return err
	}
	dest := s.onFailure
	if o.End == delivery.Delivered {
		dest = s.onSuccess
	}
	if dest == "" {
		return nil
	}
	r := p.record(d, o)
	if err := p.send(ctx, dest, trace(d, o), r); err != nil {
		return err
	}
	p.cfg.Observer.DestinationDelivered(name, r.RequestContext.Condition)
	return nil
}

// trace is the trace header the destination's invocation carries: that
// of the event's last attempt, so that it joins the same trace.
func trace(d delivery.Delivery, o delivery.Outcome) string {
	if o.Reply != nil && o.Reply.Attributes[replyTrace] != "" {
		return o.Reply.Attributes[replyTrace]
	}
	return d.Attributes[attrTrace]
}
