package logs

import (
	"bytes"
	"fmt"
	"sync"
	"time"
)

// Appender stores events.
type Appender interface {
	Append(events []Event)
}

// Stream is the log stream of one execution environment. Function output
// and platform lines go through it in order; while an invocation runs, its
// lines are also kept for the X-Amz-Log-Result tail.
type Stream struct {
	group, name string
	subject     string // the store's subject for group and name
	sink        Appender

	mu      sync.Mutex
	partial []byte
	tail    *tail
}

// StreamName is Lambda's stream name, YYYY/MM/DD/[version]<instance>, where
// instance names the execution environment (32 hex digits on AWS).
func StreamName(now time.Time, version, instance string) string {
	return fmt.Sprintf("%s/[%s]%s", now.UTC().Format("2006/01/02"), version, instance)
}

// NewStream starts a stream in group.
func NewStream(sink Appender, group, name string) *Stream {
	return &Stream{group: group, name: name, subject: subject(group, name), sink: sink}
}

// Name is the stream's name.
func (s *Stream) Name() string { return s.name }

// Group is the stream's log group.
func (s *Stream) Group() string { return s.group }

// Write takes function output; every complete line becomes an event.
func (s *Stream) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := millis(time.Now())
	data := append(s.partial, p...)
	var events []Event
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		events = append(events, s.event(now, string(data[:i+1])))
		data = data[i+1:]
	}
	s.partial = append(s.partial[:0], data...)
	s.emit(events)
	return len(p), nil
}

// Platform writes one platform line (newline added).
func (s *Stream) Platform(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushPartial()
	s.emit([]Event{s.event(millis(time.Now()), line+"\n")})
}

// BeginTail starts collecting an invocation's log for the caller.
func (s *Stream) BeginTail() {
	s.mu.Lock()
	s.tail = &tail{}
	s.mu.Unlock()
}

// EndTail stops collecting and returns the last 4 KB.
func (s *Stream) EndTail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tail == nil {
		return ""
	}
	t := s.tail.String()
	s.tail = nil
	return t
}

// Close writes what is left of an unfinished line.
func (s *Stream) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushPartial()
}

func (s *Stream) flushPartial() {
	if len(s.partial) == 0 {
		return
	}
	e := s.event(millis(time.Now()), string(s.partial)+"\n")
	s.partial = s.partial[:0]
	s.emit([]Event{e})
}

func (s *Stream) event(ts int64, msg string) Event {
	return Event{Group: s.group, Stream: s.name, Timestamp: ts, Message: msg, subject: s.subject}
}

func (s *Stream) emit(events []Event) {
	if len(events) == 0 {
		return
	}
	if s.tail != nil {
		for _, e := range events {
			s.tail.add(e.Message)
		}
	}
	s.sink.Append(events)
}

// tailSize is how much of an invocation's log Lambda returns.
const tailSize = 4096

// tail keeps the last tailSize bytes written to it.
type tail struct{ buf []byte }

func (t *tail) add(s string) {
	t.buf = append(t.buf, s...)
	if len(t.buf) > 2*tailSize {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailSize:]...)
	}
}

func (t *tail) String() string {
	if len(t.buf) > tailSize {
		return string(t.buf[len(t.buf)-tailSize:])
	}
	return string(t.buf)
}
