package s3notify

import (
	"context"
	"sync"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/store"
)

// memKV is an in-memory store.KV without revision checks.
type memKV struct {
	mu   sync.Mutex
	rev  uint64
	data map[string][]byte
}

func (m *memKV) Get(_ context.Context, key string) (store.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.data[key]
	if !ok {
		return store.Entry{}, store.ErrNotFound
	}
	return store.Entry{Key: key, Value: v, Revision: m.rev}, nil
}

func (m *memKV) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	return m.Update(ctx, key, value, 0)
}

func (m *memKV) Update(_ context.Context, key string, value []byte, _ uint64) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data == nil {
		m.data = map[string][]byte{}
	}
	m.rev++
	m.data[key] = value
	return m.rev, nil
}

func (m *memKV) Delete(_ context.Context, key string, _ uint64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.data[key]; !ok {
		return store.ErrNotFound
	}
	delete(m.data, key)
	return nil
}

// queue records the deliveries enqueued.
type queue struct {
	mu sync.Mutex
	ds []delivery.Delivery
}

func (q *queue) Enqueue(_ context.Context, d delivery.Delivery) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ds = append(q.ds, d)
	return nil
}

func (q *queue) take() []delivery.Delivery {
	q.mu.Lock()
	defer q.mu.Unlock()
	ds := q.ds
	q.ds = nil
	return ds
}

// world knows which functions allow S3 and which queues and topics exist.
type world struct {
	allowed map[string]bool
	exists  map[string]bool
}

func (w world) ServiceMayInvoke(_ context.Context, ref arn.Function, principal, sourceARN, sourceAccount string) (bool, error) {
	return principal == s3Principal && sourceAccount == account && w.allowed[ref.Name+"@"+sourceARN], nil
}

func (w world) Attributes(_ context.Context, queueARN string) (map[string]string, error) {
	if !w.exists[queueARN] {
		return nil, aws.Errorf(aws.ErrNotFound, "no queue")
	}
	return map[string]string{}, nil
}

func (w world) TopicExists(_ context.Context, topicARN string) (bool, error) {
	return w.exists[topicARN], nil
}
