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
	"github.com/virga-dev/virga/internal/store"
)

// keep is how long usage records are kept.
const keep = 400 * 24 * time.Hour

// linger is how long records wait to be stored together, one message per
// function.
const linger = 50 * time.Millisecond

// Store keeps usage records.
type Store struct {
	stream   jetstream.Stream
	batch    *store.Batcher[record]
	settling *logs.Settling // when set, reads wait for invocations settling
}

// WaitFor has every read wait for the invocations settling reports.
func (s *Store) WaitFor(settling *logs.Settling) { s.settling = settling }

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
	encode := func(rs []record) []byte {
		data, _ := json.Marshal(rs) // plain structs always encode
		return data
	}
	return &Store{stream: st, batch: store.NewBatcher(js, linger, encode, func(record) int { return 128 })}, nil
}

// Record stores an invocation's usage as its REPORT line gives it, without
// waiting for the store.
func (s *Store) Record(cfg lambda.FunctionConfiguration, r logs.Report) {
	s.batch.Add("usage."+cfg.FunctionName, record{T: time.Now().UnixMilli(), Function: cfg.FunctionName, Version: cfg.Version,
		Request: r.RequestID, BilledMs: r.BilledMs, MemoryMB: r.MemoryMB})
}

// Close stores the records that wait.
func (s *Store) Close(ctx context.Context) { s.batch.Close(ctx) }

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
	s.settling.Wait(ctx)
	s.batch.Flush(ctx)
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{"usage.>"}, DeliverPolicy: jetstream.DeliverAllPolicy}
	if function != "" {
		cfg.FilterSubjects = []string{"usage." + function}
	}
	if !since.IsZero() {
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &since
	}
	byFunction := map[string]*Total{}
	err := s.read(ctx, cfg, func(r record) {
		if r.T < since.UnixMilli() {
			return // stored with later records
		}
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
	err := store.ReadStream(ctx, s.stream, cfg, func(msg jetstream.Msg) {
		for _, r := range unwire(msg) {
			fn(r)
		}
	})
	if err != nil {
		return fmt.Errorf("read usage: %w", err)
	}
	return nil
}

// unwire decodes a message's records: a batch, or one record as earlier
// versions stored them.
func unwire(msg jetstream.Msg) []record {
	if !strings.HasPrefix(msg.Subject(), "usage.") {
		return nil
	}
	var rs []record
	if json.Unmarshal(msg.Data(), &rs) == nil {
		return rs
	}
	var r record
	if json.Unmarshal(msg.Data(), &r) == nil {
		return []record{r}
	}
	return nil
}
