package sqs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
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
	if err := q.checkRedriveTarget(ctx, q.ARN(account, name), fifo, attrs["RedrivePolicy"]); err != nil {
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

// Create makes a queue (or finds the same one) and returns its ARN; attrs
// are CreateQueue's attributes.
func (q *Queues) Create(ctx context.Context, account, name string, attrs map[string]string) (string, error) {
	rec, err := q.createQueue(ctx, account, name, attrs, nil)
	if err != nil {
		return "", err
	}
	return q.arnOf(rec), nil
}

// checkRedriveTarget checks that a RedrivePolicy names an existing queue of
// the same type whose RedriveAllowPolicy lets the queue source use it.
func (q *Queues) checkRedriveTarget(ctx context.Context, source string, fifo bool, policy string) error {
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
	if !allowsSource(dlq.Attrs["RedriveAllowPolicy"], source) {
		return aws.Errorf(ErrInvalidAttributeValue, "Value %s for parameter RedrivePolicy is invalid. Reason: Queue %s does not allow this queue to use it as a dead-letter queue.", policy, r.DeadLetterTargetArn)
	}
	return nil
}

// redriveAllow is a queue's RedriveAllowPolicy.
type redriveAllow struct {
	RedrivePermission string   `json:"redrivePermission"`
	SourceQueueArns   []string `json:"sourceQueueArns"`
}

// allowsSource tells whether a RedriveAllowPolicy lets source send its
// dead letters to the queue; no policy allows every queue.
func allowsSource(policy, source string) bool {
	var p redriveAllow
	if policy == "" || json.Unmarshal([]byte(policy), &p) != nil {
		return true
	}
	switch p.RedrivePermission {
	case "denyAll":
		return false
	case "byQueue":
		return slices.Contains(p.SourceQueueArns, source)
	}
	return true
}
