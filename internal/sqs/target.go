package sqs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
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
