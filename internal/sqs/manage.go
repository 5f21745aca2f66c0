package sqs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// createQueue makes a queue, or returns the one of that name when every
// attribute asked for matches it.
func (q *Queues) createQueue(ctx context.Context, account, name string, attrs, tags map[string]string) (*queue, error) {
	fifo := attrs["FifoQueue"] == "true"
	if err := checkName(name, fifo); err != nil {
		return nil, err
	}
	if err := checkAttributes(attrs, fifo, true); err != nil {
		return nil, err
	}
	if err := q.checkRedriveTarget(ctx, account, fifo, attrs["RedrivePolicy"]); err != nil {
		return nil, err
	}
	if existing, err := q.load(ctx, recordKey(account, name)); err == nil {
		return existing, sameAttributes(existing, attrs)
	} else if !errors.Is(err, ErrQueueDoesNotExist) {
		return nil, err
	}
	rec := newQueue(account, name, fifo, attrs, tags)
	if _, err := q.setUp(ctx, rec); err != nil {
		return nil, err
	}
	data, _ := json.Marshal(rec)
	if _, err := q.records.Create(ctx, recordKey(account, name), data); errors.Is(err, store.ErrExists) {
		_ = q.tearDown(ctx, rec.ID)
		existing, err := q.load(ctx, recordKey(account, name))
		if err != nil {
			return nil, err
		}
		return existing, sameAttributes(existing, attrs)
	} else if err != nil {
		return nil, fmt.Errorf("store queue %s: %w", name, err)
	}
	return rec, nil
}

func newQueue(account, name string, fifo bool, attrs, tags map[string]string) *queue {
	now := time.Now().Unix()
	rec := &queue{ID: newID(), Account: account, Name: name, Created: now, Modified: now, Attrs: defaultAttributes(fifo), Tags: tags}
	for k, v := range attrs {
		rec.Attrs[k] = v
	}
	normalizeRedrive(rec.Attrs)
	return rec
}

// sameAttributes refuses a CreateQueue whose attributes differ from the
// existing queue's.
func sameAttributes(existing *queue, attrs map[string]string) error {
	want := map[string]string{}
	for k, v := range attrs {
		want[k] = v
	}
	normalizeRedrive(want)
	names := make([]string, 0, len(want))
	for k := range want {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if existing.Attrs[k] != want[k] {
			return aws.Errorf(ErrQueueNameExists, "A queue already exists with the same name and a different value for attribute %s", k)
		}
	}
	return nil
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

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
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
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
	if err := q.checkRedriveTarget(ctx, rec.Account, rec.fifo(), attrs["RedrivePolicy"]); err != nil {
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

// checkRedriveTarget checks that a RedrivePolicy names an existing queue of
// the same type.
func (q *Queues) checkRedriveTarget(ctx context.Context, account string, fifo bool, policy string) error {
	if policy == "" {
		return nil
	}
	var r redrive
	_ = json.Unmarshal([]byte(policy), &r)
	dlq, err := q.byARN(ctx, r.DeadLetterTargetArn)
	if errors.Is(err, ErrQueueDoesNotExist) {
		return aws.Errorf(ErrInvalidAttributeValue, "Value %s for parameter RedrivePolicy is invalid. Reason: Dead-letter target does not exist.", policy)
	}
	if err != nil {
		return err
	}
	if dlq.fifo() != fifo {
		return aws.Errorf(ErrInvalidAttributeValue, "Value %s for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.", policy)
	}
	return nil
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

// Create makes a queue (or finds the same one) and returns its ARN; attrs
// are CreateQueue's attributes.
func (q *Queues) Create(ctx context.Context, account, name string, attrs map[string]string) (string, error) {
	rec, err := q.createQueue(ctx, account, name, attrs, nil)
	if err != nil {
		return "", err
	}
	return q.arnOf(rec), nil
}
