package sqs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/policy"
)

// TargetKind is the kind of delivery target that sends to queues: the
// service of the queue ARNs that deliveries name (delivery.ToARN).
const TargetKind = "sqs"

// Target sends deliveries to queues as messages, for producers such as
// Lambda's asynchronous invocation (dead-letter queues, destinations).
// The payload is the body; the delivery's message attributes
// (delivery.MessageAttribute, or all of them as the JSON object of the
// "MessageAttributes" attribute, which may hold binary values) are the
// message's, and "MessageGroupId" and "MessageDeduplicationId" place it
// in a FIFO queue.
type Target struct{ queues *Queues }

// Attributes of a delivery to a queue, beside delivery.MessageAttribute.
const (
	attrGroupID           = "MessageGroupId"
	attrDedupID           = "MessageDeduplicationId"
	attrMessageAttributes = "MessageAttributes"
)

// NewTarget builds the queue target.
func NewTarget(q *Queues) *Target { return &Target{queues: q} }

// Deliver sends one message. A queue that does not exist is gone; a
// message the queue refuses is refused for good; anything else is tried
// again.
func (t *Target) Deliver(ctx context.Context, d delivery.Delivery) (delivery.Reply, error) {
	in := SendInput{Body: string(d.Payload), MessageGroupID: d.Attributes[attrGroupID], MessageDeduplicationID: d.Attributes[attrDedupID]}
	if raw := d.Attributes[attrMessageAttributes]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &in.MessageAttributes); err != nil {
			return delivery.Reply{}, fmt.Errorf("%w: message attributes: %w", delivery.ErrPermanent, err)
		}
	}
	for key, value := range d.Attributes {
		if name, dataType, ok := delivery.ParseMessageAttribute(key); ok {
			if in.MessageAttributes == nil {
				in.MessageAttributes = map[string]MessageAttributeValue{}
			}
			in.MessageAttributes[name] = MessageAttributeValue{DataType: dataType, StringValue: value}
		}
	}
	if err := t.allowed(ctx, d); err != nil {
		return delivery.Reply{}, err
	}
	out, err := t.queues.Send(ctx, d.Target.Name, in)
	switch {
	case errors.Is(err, aws.ErrNotFound):
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrGone, err)
	case errors.Is(err, aws.ErrInvalid), errors.Is(err, aws.ErrTooLarge):
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrPermanent, err)
	case err != nil:
		return delivery.Reply{}, err
	}
	return delivery.Reply{Attributes: map[string]string{"messageId": out.MessageID}}, nil
}

// allowed asks the queue's policy whether the service that makes d (SNS
// for a topic, EventBridge for a rule) may send to it. A queue without a
// policy takes every delivery, as Virga's queues always did (decision
// 0035); one whose policy does not allow the service refuses it for good
// and the message is dropped, as on AWS.
func (t *Target) allowed(ctx context.Context, d delivery.Delivery) error {
	service := d.Attributes[delivery.AttrSourcePrincipal]
	if service == "" {
		return nil
	}
	rec, err := t.queues.byARN(ctx, d.Target.Name)
	if err != nil || rec.Attrs["Policy"] == "" {
		return nil // Send answers a queue that is gone
	}
	src := policy.Source{Service: service, ARN: d.Attributes[delivery.AttrSourceArn], Account: d.Attributes[delivery.AttrSourceAccount]}
	if policy.ServiceMay(rec.Attrs["Policy"], "sqs:SendMessage", d.Target.Name, src) {
		return nil
	}
	return fmt.Errorf("%w: the policy of queue %s does not allow %s to send for %s", delivery.ErrPermanent, d.Target.Name, service, src.ARN)
}
