package sqs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Receive takes up to in.Max messages from the queue named by its ARN,
// waiting up to in.Wait for the first, and hides them for the visibility
// timeout.
func (q *Queues) Receive(ctx context.Context, queueARN string, in ReceiveInput) ([]Message, error) {
	rec, err := q.byARN(ctx, queueARN)
	if err != nil {
		return nil, err
	}
	return q.receive(ctx, rec, in)
}

func (q *Queues) receive(ctx context.Context, rec *queue, in ReceiveInput) ([]Message, error) {
	in.Max = min(max(in.Max, 1), 10)
	switch {
	case in.Visibility == 0:
		in.Visibility = rec.visibility()
	case in.Visibility < 0:
		in.Visibility = 0
	}
	if rec.fifo() {
		return q.receiveFIFO(ctx, rec, in)
	}
	return q.receiveStandard(ctx, rec, in)
}

func (q *Queues) receiveStandard(ctx context.Context, rec *queue, in ReceiveInput) ([]Message, error) {
	h, err := q.handlesOf(ctx, rec)
	if err != nil {
		return nil, err
	}
	var out []Message
	deadline := time.Now().Add(in.Wait)
	for {
		msgs, err := fetch(ctx, h.consumer, in.Max-len(out), time.Until(deadline))
		if err != nil {
			return out, err
		}
		for _, m := range msgs {
			if msg, ok := q.deliver(ctx, rec, m, in); ok {
				out = append(out, msg)
			}
		}
		// Stop once something came, or when the wait is over; messages
		// that went to the dead-letter queue do not count.
		if len(out) > 0 || len(msgs) == 0 || time.Until(deadline) <= 0 || ctx.Err() != nil {
			return out, nil
		}
	}
}

// fetch takes what is ready, up to n messages; when nothing is, it waits
// up to wait for one message and then takes what else is ready.
func fetch(ctx context.Context, c jetstream.Consumer, n int, wait time.Duration) ([]jetstream.Msg, error) {
	msgs, err := drain(c.FetchNoWait(n))
	if err != nil || len(msgs) > 0 || wait < time.Second/2 {
		return msgs, err
	}
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	msgs, err = drain(c.Fetch(1, jetstream.FetchContext(wctx)))
	if err != nil || len(msgs) == 0 || n == 1 {
		return msgs, err
	}
	more, err := drain(c.FetchNoWait(n - 1))
	return append(msgs, more...), err
}

func drain(b jetstream.MessageBatch, err error) ([]jetstream.Msg, error) {
	if err != nil {
		return nil, fmt.Errorf("fetch messages: %w", err)
	}
	var out []jetstream.Msg
	for m := range b.Messages() {
		out = append(out, m)
	}
	if err := b.Error(); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) &&
		!errors.Is(err, jetstream.ErrNoMessages) {
		return out, fmt.Errorf("fetch messages: %w", err)
	}
	return out, nil
}

// deliver turns a delivery into a received message, or moves it to the
// dead-letter queue when it was received too often (ok is then false).
func (q *Queues) deliver(ctx context.Context, rec *queue, m jetstream.Msg, in ReceiveInput) (Message, bool) {
	meta, err := m.Metadata()
	if err != nil {
		return Message{}, false
	}
	env, err := decodeEnvelope(m.Data())
	if err != nil {
		q.log.Error("dropping an unreadable message", "queue", rec.Name, "seq", meta.Sequence.Stream, "err", err)
		_ = m.Term()
		return Message{}, false
	}
	count := int(meta.NumDelivered)
	if limit, ok := rec.redrive(); ok && count > limit.MaxReceiveCount && q.deadLetter(ctx, rec, &env, meta.Sequence.Stream) {
		_ = m.DoubleAck(ctx)
		return Message{}, false
	}
	switch {
	case in.Visibility == 0:
		_ = m.Nak()
	case in.Visibility != ackWait(rec):
		_ = m.NakWithDelay(in.Visibility)
	}
	first := q.firstReceive(ctx, rec, meta.Sequence.Stream, count, in.AttributeNames)
	h := handle{queueID: rec.ID, reply: m.Reply()}
	return received(rec, &env, meta.Sequence.Stream, h, count, first, in), true
}

// firstReceive is when the message was first received: now on its first
// delivery, which is recorded for later ones, or as recorded.
func (q *Queues) firstReceive(ctx context.Context, rec *queue, seq uint64, count int, names []string) time.Time {
	now := time.Now()
	subject := firstReceiveSubject(rec.ID, seq)
	if count <= 1 {
		_, _ = q.js.PublishAsync(subject, []byte(strconv.FormatInt(now.UnixMilli(), 10)))
		return now
	}
	if !slices.Contains(names, "All") && !slices.Contains(names, "ApproximateFirstReceiveTimestamp") {
		return now
	}
	m, err := q.first.GetLastMsgForSubject(ctx, subject)
	if err != nil {
		return now
	}
	ms, err := strconv.ParseInt(string(m.Data), 10, 64)
	if err != nil {
		return now
	}
	return time.UnixMilli(ms)
}

// received builds the message a receiver gets.
func received(rec *queue, env *envelope, seq uint64, h handle, count int, first time.Time, in ReceiveInput) Message {
	msg := Message{
		MessageID:     env.id(rec.ID, seq),
		ReceiptHandle: h.String(),
		Body:          env.Body,
		MD5OfBody:     md5Hex(env.Body),
		Attributes:    pick(env.systemAttributes(count, first, seq), in.AttributeNames),
	}
	if attrs := pickMessageAttributes(env.Attrs, in.MessageAttributeNames); len(attrs) > 0 {
		msg.MessageAttributes = attrs
		msg.MD5OfMessageAttributes = attributesMD5(attrs)
	}
	return msg
}
