package sqs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	if err := q.ackReply(ctx, h.reply, []byte("+ACK")); err != nil {
		return err
	}
	q.forgetFirstReceive(rec.ID, h.reply)
	return nil
}

// forgetFirstReceive drops a deleted message's first receive time, without
// waiting: the store purges the subject when it gets to it.
func (q *Queues) forgetFirstReceive(queueID, reply string) {
	seq, ok := replySequence(reply)
	if !ok {
		return
	}
	req := fmt.Appendf(nil, `{"filter":%q}`, firstReceiveSubject(queueID, seq))
	_ = q.js.Conn().Publish("$JS.API.STREAM.PURGE."+firstStream, req)
}

// replySequence is the stream sequence in a delivery's reply subject:
// $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.… (or, with a
// domain and an account hash after ACK, two tokens further).
func replySequence(reply string) (uint64, bool) {
	tokens := strings.Split(reply, ".")
	i := 5
	if len(tokens) >= 11 {
		i = 7
	}
	if len(tokens) < 9 {
		return 0, false
	}
	seq, err := strconv.ParseUint(tokens[i], 10, 64)
	return seq, err == nil
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
