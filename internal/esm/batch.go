package esm

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// maxReceive is the most messages one receive returns.
const maxReceive = 10

// batch is what a poller gathered for one invocation.
type batch struct {
	messages []Message
	records  [][]byte // the messages' encoded event records
	bytes    int      // the size of the event so far
	// received counts every message received, the filtered out too.
	received int
}

// gather receives up to the mapping's batch size: it waits up to the long
// poll for a first message, then, with a batching window, goes on
// receiving until the window has passed since the first message, the
// batch is full or the next message would make the event too large.
// Messages that match none of the filters are deleted on the way. It
// returns what it has when a receive comes back empty (its wait is over,
// or ctx ended) or fails.
func (r *run) gather(ctx context.Context, t *target) (*batch, error) {
	c := t.m.Config
	window := time.Duration(c.MaximumBatchingWindowInSeconds) * time.Second
	b := &batch{bytes: len(`{"Records":[]}`)}
	var deadline time.Time
	for b.received < c.BatchSize {
		wait := r.p.cfg.LongPoll
		if b.received > 0 {
			wait = min(wait, time.Until(deadline))
			if window == 0 || wait <= 0 {
				break
			}
		}
		msgs, err := r.p.queues.Receive(ctx, c.EventSourceArn, min(maxReceive, c.BatchSize-b.received), wait)
		if err != nil || len(msgs) == 0 {
			return b, err // the wait is over, or polling is
		}
		if b.received == 0 && len(msgs) > 0 {
			deadline = time.Now().Add(window)
		}
		if !r.take(t, b, msgs) {
			break
		}
	}
	return b, nil
}

// take adds received messages to the batch, deletes those the filters
// drop, and hands back those that would make the event too large; it
// reports false when the batch can take no more.
func (r *run) take(t *target, b *batch, msgs []Message) bool {
	queue := t.m.Config.EventSourceArn
	var dropped []Message
	for i, msg := range msgs {
		rec := newRecord(msg, queue, r.p.cfg.Region)
		if !r.matches(t, rec) {
			dropped = append(dropped, msg)
			b.received++
			continue
		}
		data, err := rec.encode()
		if err != nil {
			r.p.log.Error("drop a message that cannot be encoded", "uuid", r.uuid, "err", err)
			dropped = append(dropped, msg)
			continue
		}
		if len(b.records) > 0 && b.bytes+len(data)+1 > lambda.MaxSyncPayload {
			r.release(queue, msgs[i:])
			r.remove(queue, dropped)
			return false
		}
		b.messages, b.records = append(b.messages, msg), append(b.records, data)
		b.bytes += len(data) + 1
		b.received++
	}
	r.remove(queue, dropped)
	return true
}

// matches tells whether a record passes the mapping's filters.
func (r *run) matches(t *target, rec record) bool {
	if len(t.filters) == 0 {
		return true
	}
	in, err := rec.filterInput()
	return err == nil && matchesAny(t.filters, in)
}

// deleters bounds the deletes of one batch in flight at once: each is a
// round trip to the store.
const deleters = 8

// remove deletes messages from the queue, several at a time.
func (r *run) remove(queue string, msgs []Message) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(deleters, len(msgs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(msgs)); i = next.Add(1) - 1 {
				r.delete(queue, msgs[i])
			}
		}()
	}
	wg.Wait()
}

func (r *run) delete(queue string, m Message) {
	err := r.p.queues.Delete(r.p.work, queue, m.ReceiptHandle)
	if err != nil && r.p.work.Err() == nil {
		r.p.log.Warn("delete a message", "uuid", r.uuid, "message", m.MessageId, "err", err)
	}
}

// release makes messages visible again at once.
func (r *run) release(queue string, msgs []Message) {
	for _, m := range msgs {
		err := r.p.queues.ChangeVisibility(r.p.work, queue, m.ReceiptHandle, 0)
		if err != nil && r.p.work.Err() == nil {
			r.p.log.Warn("release a message", "uuid", r.uuid, "message", m.MessageId, "err", err)
		}
	}
}

// receiveFailed reports a failed receive, and tells whether it is worth a
// pause (anything but the end of polling).
func (r *run) receiveFailed(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if errors.Is(err, aws.ErrNotFound) {
		r.report(resultNoQueue)
	} else {
		r.p.log.Warn("receive from a mapped queue", "uuid", r.uuid, "err", err)
	}
	return true
}
