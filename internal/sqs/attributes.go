package sqs

import (
	"context"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"
)

// Attributes are every attribute of the queue named by its ARN, as
// GetQueueAttributes with "All" shows them.
func (q *Queues) Attributes(ctx context.Context, queueARN string) (map[string]string, error) {
	rec, err := q.byARN(ctx, queueARN)
	if err != nil {
		return nil, err
	}
	return q.attributes(ctx, rec)
}

func (q *Queues) attributes(ctx context.Context, rec *queue) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range rec.Attrs {
		out[k] = v
	}
	out["QueueArn"] = q.arnOf(rec)
	out["CreatedTimestamp"] = strconv.FormatInt(rec.Created, 10)
	out["LastModifiedTimestamp"] = strconv.FormatInt(rec.Modified, 10)
	c, err := q.counts(ctx, rec)
	if err != nil {
		return nil, err
	}
	out["ApproximateNumberOfMessages"] = strconv.Itoa(c.visible)
	out["ApproximateNumberOfMessagesNotVisible"] = strconv.Itoa(c.inFlight)
	out["ApproximateNumberOfMessagesDelayed"] = strconv.Itoa(c.delayed)
	return out, nil
}

type counts struct{ visible, inFlight, delayed int }

// counts counts a queue's messages: visible, in flight and delayed.
func (q *Queues) counts(ctx context.Context, rec *queue) (counts, error) {
	h, err := q.handlesOf(ctx, rec)
	if err != nil {
		return counts{}, err
	}
	if rec.fifo() {
		info, err := h.stream.Info(ctx)
		if err != nil {
			return counts{}, fmt.Errorf("count messages of %s: %w", rec.Name, err)
		}
		inFlight, err := q.inFlightFIFO(ctx, rec.ID)
		return counts{visible: max(int(info.State.Msgs)-inFlight, 0), inFlight: inFlight}, err
	}
	ready := readySubject(rec.ID)
	info, err := h.stream.Info(ctx, jetstream.WithSubjectFilter(ready))
	if err != nil {
		return counts{}, fmt.Errorf("count messages of %s: %w", rec.Name, err)
	}
	ci, err := h.consumer.Info(ctx)
	if err != nil {
		return counts{}, fmt.Errorf("count messages of %s: %w", rec.Name, err)
	}
	n := int(info.State.Subjects[ready])
	return counts{
		visible:  max(n-ci.NumAckPending, 0),
		inFlight: min(ci.NumAckPending, n),
		delayed:  int(info.State.Msgs) - n,
	}, nil
}
