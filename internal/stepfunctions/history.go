package stepfunctions

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/workflow"
)

// historyStream holds every Standard execution's events, one subject per
// execution.
const historyStream = "SFN_HISTORY"

// histories reads and appends execution histories.
type histories struct {
	js     jetstream.JetStream
	stream jetstream.Stream
}

func openHistories(ctx context.Context, js jetstream.JetStream) (*histories, error) {
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: historyStream, Subjects: []string{"sfn.h.>"}, Storage: jetstream.FileStorage,
		MaxAge: 90 * 24 * time.Hour, Duplicates: 2 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("open execution history stream: %w", err)
	}
	return &histories{js: js, stream: st}, nil
}

func subject(id string) string { return "sfn.h." + id }

// read returns an execution's events and the sequence of the last.
func (h *histories) read(ctx context.Context, id string) ([]workflow.Event, uint64, error) {
	cons, err := h.stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subject(id)}, DeliverPolicy: jetstream.DeliverAllPolicy})
	if err != nil {
		return nil, 0, fmt.Errorf("read history: %w", err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("read history: %w", err)
	}
	var events []workflow.Event
	var last uint64
	for pending := info.NumPending; pending > 0; {
		batch, err := cons.Fetch(int(min(pending, 1000)), jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			return nil, 0, fmt.Errorf("read history: %w", err)
		}
		n := 0
		for msg := range batch.Messages() {
			n++
			var e workflow.Event
			if err := json.Unmarshal(msg.Data(), &e); err != nil {
				return nil, 0, fmt.Errorf("read history: %w", err)
			}
			events = append(events, e)
			if md, err := msg.Metadata(); err == nil {
				last = md.Sequence.Stream
			}
		}
		if n == 0 {
			return nil, 0, fmt.Errorf("read history: %w", cmpErr(batch.Error()))
		}
		pending -= uint64(n)
	}
	return events, last, nil
}

func cmpErr(err error) error {
	if err == nil {
		return fmt.Errorf("no events delivered")
	}
	return err
}

// sink appends to one execution's subject, each event only if the
// subject's last sequence is the one this writer saw: one writer per
// execution, even across servers. The message id makes a publish retried
// after a lost acknowledgement count once.
type sink struct {
	h    *histories
	id   string
	last uint64
}

func (s *sink) Write(ctx context.Context, e workflow.Event) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	ack, err := s.h.js.Publish(ctx, subject(s.id), data, jetstream.WithExpectLastSequencePerSubject(s.last),
		jetstream.WithMsgID(s.id+"/"+strconv.FormatInt(e.ID, 10)))
	if err != nil {
		return fmt.Errorf("append history event %d: %w", e.ID, err)
	}
	s.last = ack.Sequence
	return nil
}
