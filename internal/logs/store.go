package logs

import (
	"context"
	"errors"
	"fmt"
	"github.com/virga-dev/virga/internal/store"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Store keeps log events in a JetStream stream, bounded in size; the oldest
// events go first when it is full. Log groups and the streams created
// through the API are recorded in a bucket.
type Store struct {
	js     jetstream.JetStream
	stream jetstream.Stream
	meta   Bucket
	known  sync.Map // names of groups known to exist
	batch  *store.Batcher[wireEvent]
	// settling, when set, holds back reads until the invocations that
	// have answered have written their lines.
	settling *Settling
}

// OpenStore opens (creating if needed) the log stream, bounded to maxBytes,
// and records a group for events stored before groups were.
func OpenStore(ctx context.Context, js jetstream.JetStream, meta Bucket, maxBytes int64) (*Store, error) {
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:     "LOGS",
		Subjects: []string{"logs.>"},
		Storage:  jetstream.FileStorage,
		MaxBytes: maxBytes,
		Discard:  jetstream.DiscardOld,
	})
	if err != nil {
		return nil, fmt.Errorf("open log stream: %w", err)
	}
	s := &Store{js: js, stream: st, meta: meta}
	s.batch = newBatcher(s)
	counts, err := s.subjectCounts(ctx, "logs.>")
	if err != nil {
		s.Close(ctx)
		return nil, err
	}
	for subj := range counts {
		if group, _, ok := decodeSubject(subj); ok {
			s.ensureGroup(group)
		}
	}
	return s, nil
}

// Append keeps events to be stored within a linger; logs never wait for the
// store on an invocation's path. The first event of a group creates it.
func (s *Store) Append(events []Event) {
	for _, e := range events {
		s.ensureGroup(e.Group)
		subj := e.subject
		if subj == "" {
			subj = subject(e.Group, e.Stream)
		}
		s.batch.Add(subj, wireEvent{T: e.Timestamp, M: e.Message})
	}
}

// Flush waits until every appended event is stored, those of invocations
// that have answered and are settling included.
func (s *Store) Flush(ctx context.Context) {
	s.settling.Wait(ctx)
	s.batch.Flush(ctx)
}

// WaitFor has every read wait for the invocations settling reports.
func (s *Store) WaitFor(settling *Settling) { s.settling = settling }

// Close stores what waits and stops storing in the background.
func (s *Store) Close(ctx context.Context) { s.batch.Close(ctx) }

// Put stores events and waits until they are stored.
func (s *Store) Put(ctx context.Context, events []Event) error {
	acks := make([]jetstream.PubAckFuture, 0, len(events))
	for _, e := range events {
		ack, err := s.js.PublishAsync(subject(e.Group, e.Stream), wire(e))
		if err != nil {
			return fmt.Errorf("store log events: %w", err)
		}
		acks = append(acks, ack)
	}
	for _, ack := range acks {
		select {
		case <-ack.Ok():
		case err := <-ack.Err():
			return fmt.Errorf("store log events: %w", err)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Query selects events.
type Query struct {
	Group   string
	Streams []string // empty: every stream of the group
	// Start skips events older than this (Unix milliseconds).
	Start int64
	// After skips events up to and including this one (an Event.Seq).
	After uint64
	// Follow keeps reading new events until ctx is done.
	Follow bool
}

// Read calls fn for each matching event in the order they were stored.
// Reading stops early, with fn's error, when fn returns one.
func (s *Store) Read(ctx context.Context, q Query, fn func(Event) error) error {
	s.Flush(ctx)
	filters := []string{groupFilter(q.Group)}
	if len(q.Streams) > 0 {
		filters = filters[:0]
		for _, name := range q.Streams {
			filters = append(filters, subject(q.Group, name))
		}
	}
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: filters, DeliverPolicy: jetstream.DeliverAllPolicy}
	switch {
	case q.After > 0:
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, messageSeq(q.After)
	case q.Start > 0:
		start := time.UnixMilli(q.Start)
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &start
	}
	cons, err := s.stream.OrderedConsumer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("read logs: %w", err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return fmt.Errorf("read logs: %w", err)
	}
	pending := info.NumPending
	if pending == 0 && !q.Follow {
		return nil
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(int(min(max(pending, 1), 500))))
	if err != nil {
		return fmt.Errorf("read logs: %w", err)
	}
	defer it.Stop()
	wait := jetstream.NextMaxWait(time.Second)
	if q.Follow {
		wait = jetstream.NextContext(ctx)
	}
	for q.Follow || pending > 0 {
		msg, err := it.Next(wait)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
			return fmt.Errorf("read logs: %w", err)
		}
		if err != nil {
			if !q.Follow {
				return nil // the pending events are gone, purged or dropped
			}
			continue
		}
		pending--
		if err := deliver(msg, q, fn); err != nil {
			return err
		}
	}
	return nil
}

// deliver calls fn for the events of msg that q selects.
func deliver(msg jetstream.Msg, q Query, fn func(Event) error) error {
	group, stream, ok := decodeSubject(msg.Subject())
	if !ok {
		return nil
	}
	events, ok := unwire(msg.Data())
	meta, err := msg.Metadata()
	if !ok || err != nil {
		return nil // not a message Virga wrote
	}
	for i, w := range events {
		seq := eventSeq(meta.Sequence.Stream, i)
		if w.T < q.Start || seq <= q.After {
			continue
		}
		err := fn(Event{Group: group, Stream: stream, Timestamp: w.T, Message: w.M, Seq: seq, Ingested: millis(meta.Timestamp)})
		if err != nil {
			return err
		}
	}
	return nil
}
