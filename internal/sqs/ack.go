package sqs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// Delete deletes the message a receipt handle names from the queue named
// by its ARN. Deleting a message that is gone already succeeds.
func (q *Queues) Delete(ctx context.Context, queueARN, receiptHandle string) error {
	rec, err := q.byARN(ctx, queueARN)
	if err != nil {
		return err
	}
	return q.delete(ctx, rec, receiptHandle)
}

func (q *Queues) delete(ctx context.Context, rec *queue, receiptHandle string) error {
	h, ok := parseHandle(receiptHandle, rec.ID)
	if !ok {
		return invalidHandle(receiptHandle)
	}
	if h.reply == "" {
		return q.deleteFIFO(ctx, rec, h)
	}
	return q.ackReply(ctx, h.reply, []byte("+ACK"))
}

// ChangeVisibility hides the message a receipt handle names for timeout
// from now (0 makes it visible at once).
func (q *Queues) ChangeVisibility(ctx context.Context, queueARN, receiptHandle string, timeout time.Duration) error {
	rec, err := q.byARN(ctx, queueARN)
	if err != nil {
		return err
	}
	return q.changeVisibility(ctx, rec, receiptHandle, timeout)
}

func (q *Queues) changeVisibility(ctx context.Context, rec *queue, receiptHandle string, timeout time.Duration) error {
	h, ok := parseHandle(receiptHandle, rec.ID)
	if !ok {
		return invalidHandle(receiptHandle)
	}
	if h.reply == "" {
		return q.changeVisibilityFIFO(ctx, rec, h, timeout)
	}
	body := []byte("-NAK")
	if timeout > 0 {
		body = fmt.Appendf(nil, "-NAK {\"delay\": %d}", timeout.Nanoseconds())
	}
	nc := q.js.Conn()
	if err := nc.Publish(h.reply, body); err != nil {
		return fmt.Errorf("change visibility: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return nc.FlushWithContext(ctx)
}

// ackReply sends an acknowledgement to a delivery and waits for the store
// to take it. A consumer that is gone (its queue deleted) has nothing to
// acknowledge.
func (q *Queues) ackReply(ctx context.Context, reply string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := q.js.Conn().RequestWithContext(ctx, reply, body)
	if err != nil && !errors.Is(err, nats.ErrNoResponders) {
		return fmt.Errorf("delete message: %w", err)
	}
	return nil
}
