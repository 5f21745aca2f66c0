package store

import (
	"context"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
)

// Batcher stores records many to a message: what is added within a linger
// is published as one message per subject (more when large), in the order
// it was added, and the adder never waits for the store. A message the
// store does not take (while a NATS server dies and JetStream elects a new
// leader) is published again until it does; each carries a message ID, so
// that a message stored twice is kept once. Records are lost only if the
// process dies before the store has them, or the store stays away longer
// than resendFor.
type Batcher[T any] struct {
	js     jetstream.JetStream
	linger time.Duration
	encode func([]T) []byte
	size   func(T) int

	mu      sync.Mutex
	pending map[string][]T
	order   []string // subjects in the order they first got a record
	bytes   int

	pubMu sync.Mutex // publishes batches in the order they were taken
	wake  chan struct{}
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// Limits of a batch.
const (
	// MaxBatchRecords bounds the records of one message.
	MaxBatchRecords = 1 << 16
	// maxBatchBytes bounds a message's records by their size; a larger
	// single record is stored alone.
	maxBatchBytes = 512 << 10
	// maxPendingBytes bounds what waits in memory; beyond it the adder
	// publishes itself, slowing the writer rather than losing records.
	maxPendingBytes = 16 << 20
)

// NewBatcher starts a batcher that encodes each message's records with
// encode; size tells a record's size.
func NewBatcher[T any](js jetstream.JetStream, linger time.Duration, encode func([]T) []byte, size func(T) int) *Batcher[T] {
	b := &Batcher[T]{js: js, linger: linger, encode: encode, size: size, pending: map[string][]T{},
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go b.loop()
	return b
}

// Add queues records for subject.
func (b *Batcher[T]) Add(subject string, records ...T) {
	b.mu.Lock()
	wasEmpty := len(b.order) == 0
	if _, ok := b.pending[subject]; !ok {
		b.order = append(b.order, subject)
	}
	b.pending[subject] = append(b.pending[subject], records...)
	for _, r := range records {
		b.bytes += b.size(r)
	}
	full := b.bytes > maxPendingBytes
	b.mu.Unlock()
	switch {
	case full:
		b.publish()
	case wasEmpty:
		select {
		case b.wake <- struct{}{}:
		default:
		}
	}
}

// Flush publishes what waits and waits until the store has everything
// published so far.
func (b *Batcher[T]) Flush(ctx context.Context) {
	b.publish()
	select {
	case <-b.js.PublishAsyncComplete():
	case <-ctx.Done():
	}
}

// Close stops the background publishing and flushes.
func (b *Batcher[T]) Close(ctx context.Context) {
	b.once.Do(func() { close(b.stop) })
	<-b.done
	b.Flush(ctx)
}

func (b *Batcher[T]) loop() {
	defer close(b.done)
	for {
		select {
		case <-b.wake:
		case <-b.stop:
			return
		}
		select {
		case <-time.After(b.linger):
		case <-b.stop:
		}
		b.publish()
	}
}

func (b *Batcher[T]) publish() {
	b.pubMu.Lock()
	defer b.pubMu.Unlock()
	b.mu.Lock()
	pending, order := b.pending, b.order
	b.pending, b.order, b.bytes = map[string][]T{}, nil, 0
	b.mu.Unlock()
	var sent []published
	for _, subject := range order {
		for records := pending[subject]; len(records) > 0; {
			n := b.fit(records)
			msg := &nats.Msg{Subject: subject, Data: b.encode(records[:n]), Header: nats.Header{}}
			msg.Header.Set(jetstream.MsgIDHeader, nuid.Next())
			ack, err := b.js.PublishMsgAsync(msg)
			sent = append(sent, published{msg, ack, err})
			records = records[n:]
		}
	}
	for _, p := range sent {
		if !p.stored() {
			b.resend(p.msg)
		}
	}
}

// published is one message and what the store answered.
type published struct {
	msg *nats.Msg
	ack jetstream.PubAckFuture
	err error
}

// ackWait bounds the wait for the store's answer to one message.
const ackWait = 10 * time.Second

func (p published) stored() bool {
	if p.err != nil {
		return false
	}
	select {
	case <-p.ack.Ok():
		return true
	case <-p.ack.Err():
		return false
	case <-time.After(ackWait):
		return false
	}
}

// resendFor bounds how long a message is published again.
const resendFor = time.Minute

// resend publishes msg until the store takes it, resendFor passes or the
// batcher closes.
func (b *Batcher[T]) resend(msg *nats.Msg) {
	deadline := time.Now().Add(resendFor)
	for delay := 100 * time.Millisecond; ; delay = min(2*delay, 2*time.Second) {
		ctx, cancel := context.WithTimeout(context.Background(), ackWait)
		_, err := b.js.PublishMsg(ctx, msg)
		cancel()
		if err == nil || time.Now().After(deadline) {
			return
		}
		select {
		case <-time.After(delay):
		case <-b.stop:
			return
		}
	}
}

// fit is how many of records, at least one, go in one message.
func (b *Batcher[T]) fit(records []T) int {
	size := 0
	for i, r := range records {
		size += b.size(r)
		if i > 0 && (size > maxBatchBytes || i == MaxBatchRecords) {
			return i
		}
	}
	return len(records)
}
