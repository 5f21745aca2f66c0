package logs

import (
	"encoding/json"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// Appended events are stored many to a message, a linger after the first
// of them: one message per stream per batch instead of one per line, and no
// write to the store on an invocation's path. Reads store what waits first,
// so a reader never misses an event already appended.
const linger = 10 * time.Millisecond

// indexBits is the part of an event's Seq that numbers it in its message:
// a message holds at most store.MaxBatchRecords (1 << 16) events.
const indexBits = 16

// eventSeq orders an event: its message's sequence, then its place in it.
func eventSeq(msgSeq uint64, index int) uint64 { return msgSeq<<indexBits | uint64(index) }

// messageSeq is the sequence of the message holding the event at seq.
func messageSeq(seq uint64) uint64 { return seq >> indexBits }

// A message holds one event ({"t":…,"m":…}, as PutLogEvents stores them)
// or a batch of them ([{"t":…,"m":…},…]).
type wireEvent struct {
	T int64  `json:"t"`
	M string `json:"m"`
}

func newBatcher(s *Store) *store.Batcher[wireEvent] {
	return store.NewBatcher(s.js, linger, wireBatch, func(w wireEvent) int { return len(w.M) })
}

func wire(e Event) []byte {
	data, _ := json.Marshal(wireEvent{T: e.Timestamp, M: e.Message}) // plain struct always encodes
	return data
}

func wireBatch(events []wireEvent) []byte {
	data, _ := json.Marshal(events) // plain structs always encode
	return data
}

// unwire decodes a message's events; ok is false for data Virga did not write.
func unwire(data []byte) (events []wireEvent, ok bool) {
	if len(data) > 0 && data[0] == '[' {
		return events, json.Unmarshal(data, &events) == nil && len(events) > 0
	}
	var w wireEvent
	if json.Unmarshal(data, &w) != nil {
		return nil, false
	}
	return []wireEvent{w}, true
}
