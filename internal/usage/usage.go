// Package usage records what every invocation is billed, in Lambda's units —
// a request, its billed duration (the REPORT line's Billed Duration) and its
// memory — durably in a JetStream stream, and totals it per function.
package usage

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
)

// keep is how long usage records are kept.
const keep = 400 * 24 * time.Hour

// Store keeps usage records.
type Store struct {
	js     jetstream.JetStream
	stream jetstream.Stream
}

// record is one invocation's usage.
type record struct {
	T        int64  `json:"t"` // Unix milliseconds
	Function string `json:"f"`
	Version  string `json:"v"`
	Request  string `json:"r"`
	BilledMs int64  `json:"b"`
	MemoryMB int    `json:"m"`
}

// Open opens (creating if needed) the USAGE stream.
func Open(ctx context.Context, js jetstream.JetStream) (*Store, error) {
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:     "USAGE",
		Subjects: []string{"usage.>"},
		Storage:  jetstream.FileStorage,
		MaxAge:   keep,
	})
	if err != nil {
		return nil, fmt.Errorf("open usage stream: %w", err)
	}
	return &Store{js: js, stream: st}, nil
}

// Record stores an invocation's usage as its REPORT line gives it, without
// waiting for the store's acknowledgement.
func (s *Store) Record(cfg lambda.FunctionConfiguration, r logs.Report) {
	data, _ := json.Marshal(record{T: time.Now().UnixMilli(), Function: cfg.FunctionName, Version: cfg.Version,
		Request: r.RequestID, BilledMs: r.BilledMs, MemoryMB: r.MemoryMB}) // plain struct always encodes
	_, _ = s.js.PublishAsync("usage."+cfg.FunctionName, data)
}

// Total is the usage of one function.
type Total struct {
	Function    string  `json:"function"`
	Invocations int64   `json:"invocations"`
	BilledMs    int64   `json:"billedMs"`
	GBSeconds   float64 `json:"gbSeconds"`
}

// Totals sums the usage since a time (all of it when zero), per function;
// function, when set, selects one.
func (s *Store) Totals(ctx context.Context, since time.Time, function string) ([]Total, error) {
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{"usage.>"}, DeliverPolicy: jetstream.DeliverAllPolicy}
	if function != "" {
		cfg.FilterSubjects = []string{"usage." + function}
	}
	if !since.IsZero() {
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &since
	}
	byFunction := map[string]*Total{}
	err := s.read(ctx, cfg, func(r record) {
		t := byFunction[r.Function]
		if t == nil {
			t = &Total{Function: r.Function}
			byFunction[r.Function] = t
		}
		t.Invocations++
		t.BilledMs += r.BilledMs
		t.GBSeconds += GBSeconds(r.BilledMs, r.MemoryMB)
	})
	if err != nil {
		return nil, err
	}
	totals := make([]Total, 0, len(byFunction))
	for _, t := range byFunction {
		totals = append(totals, *t)
	}
	sort.Slice(totals, func(i, j int) bool { return totals[i].Function < totals[j].Function })
	return totals, nil
}

// GBSeconds is Lambda's compute unit: memory in GB times billed seconds.
func GBSeconds(billedMs int64, memoryMB int) float64 {
	return float64(memoryMB) / 1024 * float64(billedMs) / 1000
}

// read calls fn for every record the consumer delivers now.
func (s *Store) read(ctx context.Context, cfg jetstream.OrderedConsumerConfig, fn func(record)) error {
	cons, err := s.stream.OrderedConsumer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("read usage: %w", err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return fmt.Errorf("read usage: %w", err)
	}
	for pending := info.NumPending; pending > 0; {
		batch, err := cons.Fetch(int(min(pending, 1000)), jetstream.FetchMaxWait(time.Second))
		if err != nil {
			return fmt.Errorf("read usage: %w", err)
		}
		n := 0
		for msg := range batch.Messages() {
			n++
			var r record
			if json.Unmarshal(msg.Data(), &r) == nil && strings.HasPrefix(msg.Subject(), "usage.") {
				fn(r)
			}
		}
		if n == 0 {
			return batch.Error() // the rest is gone: expired meanwhile
		}
		pending -= uint64(n)
	}
	return nil
}
