package async

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/virga-dev/virga/internal/delivery"
)

// RecordProducerKind owns the messages Lambda sends to queues about its
// events: an event that failed, to the function's dead-letter queue, and
// destination records to queue destinations.
const RecordProducerKind = "lambda-record"

// maxErrorMessage is how much of an error the ErrorMessage attribute of a
// dead-letter message holds.
const maxErrorMessage = 1024

// deadLetter sends a failed event, as it came, to the dead-letter queue of
// its function version, with AWS's RequestID, ErrorCode and ErrorMessage
// message attributes.
func (p *Producer) deadLetter(ctx context.Context, d delivery.Delivery, o delivery.Outcome) error {
	name, qualifier := function(d.Target)
	target, err := p.configs.DeadLetterTarget(ctx, name, qualifier)
	if err != nil || target == "" {
		return err
	}
	attrs := map[string]string{
		delivery.MessageAttribute("RequestID", "String"): d.ID,
		delivery.MessageAttribute("ErrorCode", "Number"): errorCode(o),
	}
	if msg := errorMessage(o); msg != "" {
		attrs[delivery.MessageAttribute("ErrorMessage", "String")] = msg
	}
	return p.message(ctx, derivedID(d.ID+"/dead-letter"), delivery.ToARN(target), d.Payload, attrs)
}

// message sends a payload to a queue (or another target an ARN names) as
// a delivery of its own, which the queue stores once however often a
// crash makes Finish repeat it.
func (p *Producer) message(ctx context.Context, id string, to delivery.Address, payload []byte, attrs map[string]string) error {
	err := p.queue.deliveries.Enqueue(ctx, delivery.Delivery{
		ID: id, Producer: RecordProducerKind, Target: to, Payload: payload, Attributes: attrs, Accepted: time.Now(),
	})
	if err != nil {
		return fmt.Errorf("send to %s: %w", to.Name, err)
	}
	return nil
}

// errorCode is the status of the event's last invocation: 200 when the
// function ran and failed, 429 when it never ran (throttled until too old,
// or no concurrency at all).
func errorCode(o delivery.Outcome) string {
	if o.Reply != nil {
		return "200"
	}
	return "429"
}

// errorMessage is the first kilobyte of the error: the function's
// errorMessage, or what ended the event.
func errorMessage(o delivery.Outcome) string {
	var msg string
	switch {
	case o.Reply != nil:
		var e struct{ ErrorMessage string }
		if json.Unmarshal(o.Reply.Payload, &e) == nil && e.ErrorMessage != "" {
			msg = e.ErrorMessage
		} else {
			msg = string(o.Reply.Payload)
		}
	case o.End == delivery.Expired:
		msg = "Event age exceeded"
	case o.Err != nil:
		msg = o.Err.Error()
	}
	return truncate(msg, maxErrorMessage)
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Records is the producer of RecordProducerKind: a few quick retries, and
// then, as on AWS, a message that cannot be sent is dropped.
type Records struct{ log *slog.Logger }

// NewRecords builds the producer of Lambda's messages to queues.
func NewRecords(logger *slog.Logger) *Records {
	if logger == nil {
		logger = slog.Default()
	}
	return &Records{log: logger.With("component", "async")}
}

// Policy tries three times within an hour.
func (r *Records) Policy(context.Context, delivery.Delivery) (delivery.Policy, error) {
	return delivery.Policy{MaxAttempts: 3, MaxAge: time.Hour, Backoff: delivery.Backoff{Base: time.Second, Factor: 2}}, nil
}

// Finish reports a message that could not be sent.
func (r *Records) Finish(_ context.Context, d delivery.Delivery, o delivery.Outcome) error {
	if o.End != delivery.Delivered {
		r.log.Warn("message about an event not sent", "target", d.Target.Name, "id", d.ID, "err", o.Err)
	}
	return nil
}
