package sns

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
)

// Producer is SNS's producer of deliveries: it gives each the retry
// policy of its protocol (AWS's fixed one for functions and queues, the
// subscription's delivery policy for HTTP/S) and, when a delivery to a
// subscription fails for good, sends the message to the subscription's
// dead-letter queue.
type Producer struct{ topics *Topics }

// Producer is the topics' producer of deliveries.
func (t *Topics) Producer() *Producer { return &Producer{topics: t} }

// Ages beyond which SNS stops trying: some 23 days for functions and
// queues; HTTP/S policies are bounded by their retries (at most an hour).
const (
	managedMaxAge = 23 * 24 * time.Hour
	httpMaxAge    = time.Hour + time.Minute
)

// Policy is asked before every attempt; the delay it gives is the one
// before the retry that would follow this attempt.
func (p *Producer) Policy(ctx context.Context, d delivery.Delivery) (delivery.Policy, error) {
	rp := managedRetry
	maxAge := managedMaxAge
	if d.Target.Kind == HTTPKind {
		rp, maxAge = p.httpRetry(ctx, d), httpMaxAge
	}
	return delivery.Policy{
		MaxAttempts: rp.NumRetries + 1, MaxAge: maxAge,
		Backoff: delivery.Backoff{Base: rp.delay(d.Attempts + 1), Factor: 1},
	}, nil
}

// httpRetry is the retry policy of an HTTP/S subscription now: its own
// and its topic's delivery policies over AWS's default.
func (p *Producer) httpRetry(ctx context.Context, d delivery.Delivery) retryPolicy {
	s, tp, ok := p.topics.subscriptionFor(ctx, d.Attributes[attrSubscription])
	if !ok {
		return defaultHTTPRetry
	}
	return effectiveHTTPPolicy(tp.Attrs[attrDeliveryPolicy], s.Attrs[attrDeliveryPolicy]).Retry
}

// Finish sends a message that could not be delivered to the
// subscription's dead-letter queue, if it has one; without one, as on
// AWS, the message is discarded.
func (p *Producer) Finish(ctx context.Context, d delivery.Delivery, o delivery.Outcome) error {
	switch {
	case o.End == delivery.Delivered:
		return nil
	case d.Target.Kind == TargetKind:
		p.topics.log.Warn("a message was not published", "topic", d.Target.Name, "message_id", d.ID, "end", o.End, "err", o.Err)
		return nil
	case d.Attributes[attrDeadLetter] != "":
		p.topics.log.Error("a message could not reach its dead-letter queue", "queue", d.Target.Name, "err", o.Err)
		return nil
	}
	return p.topics.deadLetter(ctx, d, o.Err)
}

// deadLetter sends what a subscription could not be given to its
// dead-letter queue, with the attributes AWS adds: the request id, an
// error code and an error message.
func (t *Topics) deadLetter(ctx context.Context, d delivery.Delivery, cause error) error {
	subARN := d.Attributes[attrSubscription]
	s, _, ok := t.subscriptionFor(ctx, subARN)
	if !ok || s.redriveTarget() == "" {
		t.log.Warn("a message could not be delivered and was discarded", "subscription", subARN, "attempts", d.Attempts, "err", cause)
		return nil
	}
	attrs := map[string]attribute{}
	if raw := d.Attributes[attrMessageAt]; raw != "" {
		_ = json.Unmarshal([]byte(raw), &attrs)
	}
	code, text := deadLetterReason(cause)
	attrs["RequestID"] = attribute{DataType: "String", StringValue: d.ID}
	attrs["ErrorCode"] = attribute{DataType: "String", StringValue: code}
	attrs["ErrorMessage"] = attribute{DataType: "String", StringValue: text}
	b, _ := json.Marshal(attrs)
	dl := delivery.Delivery{
		ID: derivedID(d.ID + "/dead-letter"), Producer: ProducerKind, Target: delivery.Address{Kind: sqsKind, Name: s.redriveTarget()},
		Payload: d.Payload, Accepted: time.Now(),
		Attributes: map[string]string{attrDeadLetter: subARN, attrMessageAt: string(b)},
	}
	if g := d.Attributes[attrGroupID]; g != "" {
		dl.Attributes[attrGroupID], dl.Attributes[attrDedupID] = g, d.Attributes[attrDedupID]
	}
	if err := t.queue.Enqueue(ctx, dl); err != nil {
		return fmt.Errorf("send to dead-letter queue %s: %w", s.redriveTarget(), err)
	}
	return nil
}

// deadLetterReason names why a delivery failed: a client error (the
// endpoint is gone or refuses SNS) or a server error after the retries.
func deadLetterReason(err error) (code, text string) {
	if err == nil {
		return "ServerError", "the delivery was not made before its retries ran out"
	}
	msg := err.Error()
	if strings.Contains(msg, delivery.ErrGone.Error()) || strings.Contains(msg, delivery.ErrPermanent.Error()) {
		return "ClientError", msg
	}
	return "ServerError", msg
}

// subscriptionFor finds a subscription, and its topic, by ARN.
func (t *Topics) subscriptionFor(ctx context.Context, arn string) (*subscription, *topic, bool) {
	ref, err := t.parseSubscriptionARN(arn)
	if err != nil {
		return nil, nil, false
	}
	cs, ok := t.cache.subscription(ctx, ref.ID)
	if !ok {
		return nil, nil, false
	}
	tp, ok := t.cache.topic(ctx, ref.Topic.key())
	return cs.sub, tp, ok
}

// topicFor finds a topic by ARN.
func (t *Topics) topicFor(ctx context.Context, arn string) (*topic, bool) {
	ref, err := t.parseTopicARN(arn, "TopicArn")
	if err != nil {
		return nil, false
	}
	return t.cache.topic(ctx, ref.key())
}
