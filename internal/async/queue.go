package async

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Queue is the durable work queue of events.
type Queue struct {
	js   jetstream.JetStream
	cons jetstream.Consumer
}

// ackWait is how long a delivered event may stay unacknowledged before it
// is delivered again; handlers extend it while a function runs.
const ackWait = 30 * time.Second

// OpenQueue opens (or creates) the EVENTS stream and its dispatch consumer.
func OpenQueue(ctx context.Context, js jetstream.JetStream) (*Queue, error) {
	_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       "EVENTS",
		Subjects:   []string{"events.>"},
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Duplicates: 2 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("open event stream: %w", err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, "EVENTS", jetstream.ConsumerConfig{
		Durable:       "dispatch",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		MaxDeliver:    -1,
		MaxAckPending: 10000,
	})
	if err != nil {
		return nil, fmt.Errorf("open event consumer: %w", err)
	}
	return &Queue{js: js, cons: cons}, nil
}

// Enqueue stores ev and returns once the store has acknowledged it.
func (q *Queue) Enqueue(ctx context.Context, ev Event) error {
	data, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	msg := &nats.Msg{Subject: "events." + ev.Function, Data: data, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, ev.RequestID+"/"+strconv.Itoa(ev.Attempts))
	if _, err := q.js.PublishMsg(ctx, msg); err != nil {
		return fmt.Errorf("store event: %w", err)
	}
	return nil
}

// Depth reports how many events wait or run.
func (q *Queue) Depth(ctx context.Context) (uint64, error) {
	info, err := q.cons.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.NumPending + uint64(info.NumAckPending), nil
}

// DepthByFunction reports how many events of each function wait or run.
func (q *Queue) DepthByFunction(ctx context.Context) (map[string]uint64, error) {
	st, err := q.js.Stream(ctx, "EVENTS")
	if err != nil {
		return nil, err
	}
	info, err := st.Info(ctx, jetstream.WithSubjectFilter("events.>"))
	if err != nil {
		return nil, err
	}
	depth := make(map[string]uint64, len(info.State.Subjects))
	for subj, n := range info.State.Subjects {
		depth[strings.TrimPrefix(subj, "events.")] += n
	}
	return depth, nil
}
