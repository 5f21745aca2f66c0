package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Queue is the durable work queue of deliveries: one JetStream stream in
// which a message is removed once acknowledged, one subject per target
// (deliveries.<kind>.<name>) so that the depth of each can be read.
type Queue struct {
	js   jetstream.JetStream
	cons jetstream.Consumer
}

const (
	streamName = "DELIVERIES"
	subjects   = "deliveries"
	// ackWait is how long a message may stay unacknowledged before it is
	// delivered again; the dispatcher extends it while an attempt runs.
	ackWait = 30 * time.Second
)

// OpenQueue opens (or creates) the stream and its dispatch consumer.
func OpenQueue(ctx context.Context, js jetstream.JetStream) (*Queue, error) {
	_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       streamName,
		Subjects:   []string{subjects + ".>"},
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Duplicates: 2 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("open delivery stream: %w", err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, streamName, jetstream.ConsumerConfig{
		Durable:       "dispatch",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		MaxDeliver:    -1,
		MaxAckPending: 10000,
	})
	if err != nil {
		return nil, fmt.Errorf("open delivery consumer: %w", err)
	}
	return &Queue{js: js, cons: cons}, nil
}

// Enqueue stores d and returns once the store has acknowledged it. A
// second Enqueue of the same ID and attempt count within two minutes is
// recognized as a duplicate and stored once.
func (q *Queue) Enqueue(ctx context.Context, d Delivery) error {
	subj, err := subject(d)
	if err != nil {
		return err
	}
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode delivery: %w", err)
	}
	msg := &nats.Msg{Subject: subj, Data: data, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, d.ID+"/"+strconv.Itoa(d.Attempts))
	if _, err := q.js.PublishMsg(ctx, msg); err != nil {
		return fmt.Errorf("store delivery: %w", err)
	}
	return nil
}

// Depth reports how many deliveries to each target of a kind wait or run,
// by target name.
func (q *Queue) Depth(ctx context.Context, kind string) (map[string]uint64, error) {
	st, err := q.js.Stream(ctx, streamName)
	if err != nil {
		return nil, err
	}
	prefix := subjects + "." + kind + "."
	info, err := st.Info(ctx, jetstream.WithSubjectFilter(prefix+">"))
	if err != nil {
		return nil, err
	}
	depth := make(map[string]uint64, len(info.State.Subjects))
	for subj, n := range info.State.Subjects {
		depth[unescape(strings.TrimPrefix(subj, prefix))] += n
	}
	return depth, nil
}

// subject is where d is stored: deliveries.<kind>.<name>.
func subject(d Delivery) (string, error) {
	switch {
	case d.ID == "" || d.Producer == "":
		return "", errors.New("a delivery needs an id and a producer")
	case !validKind(d.Target.Kind) || d.Target.Name == "":
		return "", fmt.Errorf("invalid delivery target %q %q", d.Target.Kind, d.Target.Name)
	}
	return subjects + "." + d.Target.Kind + "." + escape(d.Target.Name), nil
}

// validKind accepts lower-case letters, digits and dashes.
func validKind(kind string) bool {
	return kind != "" && strings.Trim(kind, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}
