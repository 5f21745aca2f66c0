package sqs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// deleteQueue deletes a queue and its messages.
func (q *Queues) deleteQueue(ctx context.Context, rec *queue) error {
	if err := q.records.Delete(ctx, recordKey(rec.Account, rec.Name), 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("delete queue %s: %w", rec.Name, err)
	}
	q.cache.Delete(recordKey(rec.Account, rec.Name))
	if err := q.tearDown(ctx, rec.ID); err != nil {
		return err
	}
	return q.forgetGroups(ctx, rec.ID)
}

// listQueues lists an account's queues whose names begin with prefix, in
// order of name.
func (q *Queues) listQueues(ctx context.Context, account, prefix string) ([]*queue, error) {
	keys, err := q.records.KeysWithPrefix(ctx, account+".")
	if err != nil {
		return nil, err
	}
	var out []*queue
	for _, k := range keys {
		if !strings.HasPrefix(strings.TrimPrefix(k, account+"."), prefix) {
			continue
		}
		rec, err := q.load(ctx, k)
		if errors.Is(err, ErrQueueDoesNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil // in order of name, as the keys are
}

// modify changes a queue's record.
func (q *Queues) modify(ctx context.Context, rec *queue, change func(r *queue) error) (*queue, error) {
	key := recordKey(rec.Account, rec.Name)
	out, err := store.Modify(ctx, q.records, key, func(r *queue, exists bool) error {
		if !exists || r.ID != rec.ID {
			return queueDoesNotExist()
		}
		return change(r)
	})
	if err != nil {
		return nil, err
	}
	q.cache.Delete(key)
	return &out, nil
}

// setAttributes changes a queue's attributes and, where they shape it, its
// stream and consumer.
func (q *Queues) setAttributes(ctx context.Context, rec *queue, attrs map[string]string) error {
	if err := checkAttributes(attrs, rec.fifo(), false); err != nil {
		return err
	}
	if err := q.checkRedriveTarget(ctx, q.arnOf(rec), rec.fifo(), attrs["RedrivePolicy"]); err != nil {
		return err
	}
	updated, err := q.modify(ctx, rec, func(r *queue) error {
		for k, v := range attrs {
			r.Attrs[k] = v
		}
		normalizeRedrive(r.Attrs)
		r.Modified = time.Now().Unix()
		return nil
	})
	if err != nil {
		return err
	}
	_, err = q.setUp(ctx, updated)
	return err
}

// tag and untag change a queue's tags.
func (q *Queues) tag(ctx context.Context, rec *queue, tags map[string]string) error {
	_, err := q.modify(ctx, rec, func(r *queue) error {
		if r.Tags == nil {
			r.Tags = map[string]string{}
		}
		for k, v := range tags {
			r.Tags[k] = v
		}
		return nil
	})
	return err
}

func (q *Queues) untag(ctx context.Context, rec *queue, keys []string) error {
	_, err := q.modify(ctx, rec, func(r *queue) error {
		for _, k := range keys {
			delete(r.Tags, k)
		}
		return nil
	})
	return err
}

// purge deletes every message of a queue.
func (q *Queues) purge(ctx context.Context, rec *queue) error {
	h, err := q.handlesOf(ctx, rec)
	if err != nil {
		return err
	}
	if err := h.stream.Purge(ctx); err != nil {
		return fmt.Errorf("purge queue %s: %w", rec.Name, err)
	}
	return q.forgetGroups(ctx, rec.ID)
}

// deadLetterSources are the queues of an account whose RedrivePolicy names
// the queue dlqARN.
func (q *Queues) deadLetterSources(ctx context.Context, account, dlqARN string) ([]*queue, error) {
	all, err := q.listQueues(ctx, account, "")
	if err != nil {
		return nil, err
	}
	var out []*queue
	for _, rec := range all {
		if r, ok := rec.redrive(); ok && r.DeadLetterTargetArn == dlqARN {
			out = append(out, rec)
		}
	}
	return out, nil
}
