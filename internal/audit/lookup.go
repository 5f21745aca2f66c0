package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/store"
)

// Query selects an account's events between two times.
type Query struct {
	Account    string
	Start, End time.Time
	// Match, when set, keeps only the events it accepts.
	Match func(Event) bool
}

// Lookup is the account's events that q selects, newest first.
func (t *Trail) Lookup(ctx context.Context, q Query) ([]Event, error) {
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject(q.Account)}, DeliverPolicy: jetstream.DeliverAllPolicy}
	if !q.Start.IsZero() {
		start := q.Start
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &start
	}
	var out []Event
	err := t.read(ctx, cfg, func(e Event) {
		if e.EventTime.Before(q.Start) || !q.End.IsZero() && e.EventTime.After(q.End) || q.Match != nil && !q.Match(e) {
			return
		}
		out = append(out, e)
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].EventTime.After(out[j].EventTime) })
	return out, err
}

// read calls fn for every event the consumer delivers now.
func (t *Trail) read(ctx context.Context, cfg jetstream.OrderedConsumerConfig, fn func(Event)) error {
	err := store.ReadStream(ctx, t.stream, cfg, func(msg jetstream.Msg) {
		var e Event
		if json.Unmarshal(msg.Data(), &e) == nil {
			fn(e)
		}
	})
	if err != nil {
		return fmt.Errorf("read audit trail: %w", err)
	}
	return nil
}
