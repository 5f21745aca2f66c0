package sqs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// deadLetter moves a message received too often to the queue's dead-letter
// queue, keeping its id, body, attributes and sent time; it reports
// whether it did. A dead-letter queue that is gone leaves the message
// where it is.
func (q *Queues) deadLetter(ctx context.Context, rec *queue, env *envelope, seq uint64) bool {
	limit, ok := rec.redrive()
	if !ok {
		return false
	}
	dlq, err := q.byARN(ctx, limit.DeadLetterTargetArn)
	if err != nil {
		return false
	}
	env.ID = env.id(rec.ID, seq)
	env.Source = q.arnOf(rec)
	if err := q.put(ctx, dlq, env); err != nil {
		q.log.Warn("could not move a message to its dead-letter queue", "queue", rec.Name, "dlq", dlq.Name, "err", err)
		return false
	}
	return true
}

// put stores a message that keeps its id in another queue, at once visible.
func (q *Queues) put(ctx context.Context, dst *queue, env *envelope) error {
	subject, opts := readySubject(dst.ID), []jetstream.PublishOpt(nil)
	if dst.fifo() {
		if env.Group == "" {
			env.Group = "default"
		}
		if env.Dedup == "" {
			env.Dedup = env.ID
		}
		sum := sha256.Sum256([]byte("moved\x00" + env.ID))
		subject, opts = groupSubject(dst.ID, env.Group), append(opts, jetstream.WithMsgID(hex.EncodeToString(sum[:16])))
	}
	env.VisibleAt = 0
	if _, err := q.js.Publish(ctx, subject, env.encode(), opts...); err != nil {
		return fmt.Errorf("store message in %s: %w", dst.Name, err)
	}
	return nil
}
