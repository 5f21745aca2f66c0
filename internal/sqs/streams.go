package sqs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Limits AWS sets on every queue.
const (
	maxRetention = 14 * 24 * time.Hour
	// dedupWindow is how long a FIFO queue remembers deduplication ids.
	dedupWindow = 5 * time.Minute
	// maxInFlight is how many messages of a standard queue may be in flight.
	maxInFlight = 120000
	// consumerName is the one consumer of a standard queue's stream.
	consumerName = "receive"
)

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

func streamName(id string) string { return "SQS_" + id }

// Subjects of a queue's stream: ready messages of a standard queue, its
// delayed messages (each a one-shot schedule that publishes to ready), and a
// FIFO queue's message groups.
func readySubject(id string) string                    { return "sqs." + id + ".m" }
func delayedSubject(id, msgID string) string           { return "sqs." + id + ".d." + msgID }
func groupSubject(id, group string) string             { return "sqs." + id + ".g." + groupToken(group) }
func firstReceiveSubject(id string, seq uint64) string { return fmt.Sprintf("sqsfirst.%s.%d", id, seq) }

func streamConfig(rec *queue) jetstream.StreamConfig {
	cfg := jetstream.StreamConfig{
		Name:     streamName(rec.ID),
		Subjects: []string{"sqs." + rec.ID + ".>"},
		Storage:  jetstream.FileStorage,
		MaxAge:   rec.retention(),
		Discard:  jetstream.DiscardOld,
	}
	if rec.fifo() {
		cfg.Retention, cfg.Duplicates = jetstream.LimitsPolicy, dedupWindow
	} else {
		cfg.Retention, cfg.AllowMsgSchedules, cfg.AllowRollup = jetstream.WorkQueuePolicy, true, true
	}
	return cfg
}

// ackWait is the consumer's ack wait: the queue's visibility timeout, at
// least a second (a zero timeout is a negative ack right after delivery).
func ackWait(rec *queue) time.Duration { return max(rec.visibility(), time.Second) }

func consumerConfig(rec *queue) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       consumerName,
		FilterSubject: readySubject(rec.ID),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait(rec),
		MaxDeliver:    -1,
		MaxAckPending: maxInFlight,
		MaxWaiting:    4096,
		DeliverPolicy: jetstream.DeliverAllPolicy,
	}
}

// streamHandles are a queue's stream and, for a standard queue, its
// consumer.
type streamHandles struct {
	stream   jetstream.Stream
	consumer jetstream.Consumer
}

// setUp creates or updates the queue's stream and consumer to match its
// record.
func (q *Queues) setUp(ctx context.Context, rec *queue) (*streamHandles, error) {
	s, err := q.js.CreateOrUpdateStream(ctx, streamConfig(rec))
	if err != nil {
		return nil, fmt.Errorf("set up stream of queue %s: %w", rec.Name, err)
	}
	h := &streamHandles{stream: s}
	if !rec.fifo() {
		if h.consumer, err = s.CreateOrUpdateConsumer(ctx, consumerConfig(rec)); err != nil {
			return nil, fmt.Errorf("set up consumer of queue %s: %w", rec.Name, err)
		}
	}
	q.handles.Store(rec.ID, h)
	return h, nil
}

// handlesOf returns the queue's stream handles, opening them once.
func (q *Queues) handlesOf(ctx context.Context, rec *queue) (*streamHandles, error) {
	if v, ok := q.handles.Load(rec.ID); ok {
		return v.(*streamHandles), nil
	}
	s, err := q.js.Stream(ctx, streamName(rec.ID))
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, queueDoesNotExist() // deleted since its record was read
	}
	if err != nil {
		return nil, fmt.Errorf("open stream of queue %s: %w", rec.Name, err)
	}
	h := &streamHandles{stream: s}
	if !rec.fifo() {
		if h.consumer, err = s.Consumer(ctx, consumerName); err != nil {
			return q.setUp(ctx, rec)
		}
	}
	q.handles.Store(rec.ID, h)
	return h, nil
}

// tearDown deletes the queue's stream, and with it its consumer.
func (q *Queues) tearDown(ctx context.Context, id string) error {
	q.handles.Delete(id)
	err := q.js.DeleteStream(ctx, streamName(id))
	if err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
		return fmt.Errorf("delete stream of queue %s: %w", id, err)
	}
	return nil
}
