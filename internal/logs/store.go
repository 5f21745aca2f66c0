package logs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Store keeps log events in a JetStream stream, bounded in size; the oldest
// events go first when it is full.
type Store struct {
	js     jetstream.JetStream
	stream jetstream.Stream
}

type wireEvent struct {
	T int64  `json:"t"`
	M string `json:"m"`
}

// OpenStore opens (creating if needed) the log stream, bounded to maxBytes.
func OpenStore(ctx context.Context, js jetstream.JetStream, maxBytes int64) (*Store, error) {
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
	return &Store{js: js, stream: st}, nil
}

// Append stores events without waiting for the store's acknowledgement; logs
// never slow an invocation down.
func (s *Store) Append(events []Event) {
	for _, e := range events {
		data, _ := json.Marshal(wireEvent{T: e.Timestamp, M: e.Message}) // plain struct always encodes
		_, _ = s.js.PublishAsync(subject(e.Group, e.Stream), data)
	}
}

// Flush waits until appended events are stored.
func (s *Store) Flush(ctx context.Context) {
	select {
	case <-s.js.PublishAsyncComplete():
	case <-ctx.Done():
	}
}

// Query selects events.
type Query struct {
	Group  string
	Stream string // empty: every stream of the group
	Start  time.Time
	// After skips events up to and including this sequence number.
	After uint64
	// Follow keeps reading new events until ctx is done.
	Follow bool
}

// Read calls fn for each matching event in order.
func (s *Store) Read(ctx context.Context, q Query, fn func(Event) error) error {
	filter := groupFilter(q.Group)
	if q.Stream != "" {
		filter = subject(q.Group, q.Stream)
	}
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}, DeliverPolicy: jetstream.DeliverAllPolicy}
	switch {
	case q.After > 0:
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, q.After+1
	case !q.Start.IsZero():
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &q.Start
	}
	cons, err := s.stream.OrderedConsumer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("read logs: %w", err)
	}
	for {
		if !q.Follow {
			info, err := cons.Info(ctx)
			if err != nil {
				return fmt.Errorf("read logs: %w", err)
			}
			if info.NumPending == 0 {
				return nil
			}
		}
		msg, err := cons.Next(jetstream.FetchMaxWait(time.Second))
		if errors.Is(err, jetstream.ErrMsgIteratorClosed) || ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			continue // no message within the wait; look again
		}
		if err := deliver(msg, fn); err != nil {
			return err
		}
	}
}

func deliver(msg jetstream.Msg, fn func(Event) error) error {
	group, stream, ok := decodeSubject(msg.Subject())
	var w wireEvent
	if !ok || json.Unmarshal(msg.Data(), &w) != nil {
		return nil // not an event Virga wrote
	}
	meta, err := msg.Metadata()
	if err != nil {
		return nil
	}
	return fn(Event{Group: group, Stream: stream, Timestamp: w.T, Message: w.M, Seq: meta.Sequence.Stream})
}
