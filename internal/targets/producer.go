package targets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
)

// Enqueuer stores deliveries; *delivery.Queue is one.
type Enqueuer interface {
	Enqueue(ctx context.Context, d delivery.Delivery) error
}

// ProducerConfig tunes a producer.
type ProducerConfig struct {
	// Name is the producer's name in the delivery queue ("events",
	// "scheduler").
	Name string
	// OriginAttribute names the origin in a dead letter's message
	// attributes ("RULE_ARN", "SCHEDULE_ARN").
	OriginAttribute string
	// RetryBase is the first retry's delay; it doubles up to RetryCeiling.
	RetryBase, RetryCeiling time.Duration
	Logger                  *slog.Logger
}

// Producer applies the settings a delivery carries: its retry policy and,
// when it fails for good, its dead-letter queue.
type Producer struct {
	cfg   ProducerConfig
	queue Enqueuer
	log   *slog.Logger
}

// NewProducer builds a producer whose dead letters go to q.
func NewProducer(cfg ProducerConfig, q Enqueuer) *Producer {
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Second
	}
	if cfg.RetryCeiling < cfg.RetryBase {
		cfg.RetryCeiling = 3 * time.Minute
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Producer{cfg: cfg, queue: q, log: log.With("component", cfg.Name)}
}

// Policy is the delivery's target's RetryPolicy.
func (p *Producer) Policy(_ context.Context, d delivery.Delivery) (delivery.Policy, error) {
	return policy(d, p.cfg.RetryBase, p.cfg.RetryCeiling), nil
}

// Finish sends a delivery that failed for good to its dead-letter queue,
// if it has one; without one, the event is dropped, as on AWS.
func (p *Producer) Finish(ctx context.Context, d delivery.Delivery, o delivery.Outcome) error {
	if o.End == delivery.Delivered {
		return nil
	}
	dlq := d.Attributes[attrDeadLetter]
	if dlq == "" {
		p.log.Warn("event dropped: its target failed and it has no dead-letter queue", "id", d.ID,
			"target", d.Attributes[attrTargetARN], "end", o.End, "err", o.Err)
		return nil
	}
	err := p.queue.Enqueue(ctx, delivery.Delivery{
		ID: d.ID + "/dead-letter", Producer: p.cfg.Name, Target: delivery.Address{Kind: KindQueue, Name: dlq},
		Payload: d.Payload, Attributes: p.deadLetterAttributes(d, o), Accepted: time.Now(),
	})
	if err != nil {
		return fmt.Errorf("send to dead-letter queue %s: %w", dlq, err)
	}
	return nil
}

// deadLetterAttributes are the message attributes AWS puts on a dead
// letter: where it came from, why it failed and how often it was tried.
func (p *Producer) deadLetterAttributes(d delivery.Delivery, o delivery.Outcome) map[string]string {
	code, message := errorOf(o)
	str := func(name string) string { return delivery.MessageAttribute(name, "String") }
	attrs := map[string]string{
		str("ERROR_CODE"):    code,
		str("ERROR_MESSAGE"): message,
		delivery.MessageAttribute("RETRY_ATTEMPTS", "Number"): strconv.Itoa(max(d.Attempts-1, 0)),
		str("TARGET_ARN"): d.Attributes[attrTargetARN],
	}
	if origin := d.Attributes[attrOrigin]; origin != "" && p.cfg.OriginAttribute != "" {
		attrs[str(p.cfg.OriginAttribute)] = origin
	}
	switch o.End {
	case delivery.Exhausted:
		attrs[str("EXHAUSTED_RETRY_CONDITION")] = "MaximumRetryAttempts"
	case delivery.Expired:
		attrs[str("EXHAUSTED_RETRY_CONDITION")] = "MaximumEventAgeInSeconds"
	}
	return attrs
}

// errorOf names why a delivery failed.
func errorOf(o delivery.Outcome) (code, message string) {
	message = "The event could not be delivered."
	if o.Err != nil {
		message = o.Err.Error()
	}
	switch {
	case o.End == delivery.Expired:
		return "MaximumEventAgeExceeded", "The event was older than the target's MaximumEventAgeInSeconds."
	case o.End == delivery.Dropped || errors.Is(o.Err, delivery.ErrGone):
		return "ResourceNotFoundException", message
	case o.End == delivery.Refused:
		return "InvalidParameterValueException", message
	}
	return "InternalException", message
}
