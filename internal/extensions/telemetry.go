package extensions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Event is one Telemetry API event.
type Event struct {
	Time   string `json:"time"`
	Type   string `json:"type"`
	Record any    `json:"record"`
}

// Telemetry delivers an environment's platform, function and extension
// events to the subscribers inside the sandbox, over HTTP.
type Telemetry struct {
	client *http.Client

	mu        sync.Mutex
	replay    []Event // events of the init phase, for subscriptions made during it
	replaying bool
	subs      []*subscription
	closed    bool
	wg        sync.WaitGroup
}

// maxReplay bounds the events kept for subscriptions made after them.
const maxReplay = 1000

// NewTelemetry delivers through dial, which connects inside the sandbox.
func NewTelemetry(dial func(addr string) (net.Conn, error)) *Telemetry {
	tr := &http.Transport{
		DialContext:     func(_ context.Context, _, addr string) (net.Conn, error) { return dial(addr) },
		MaxIdleConns:    4,
		IdleConnTimeout: 30 * time.Second,
	}
	return &Telemetry{client: &http.Client{Transport: tr, Timeout: 5 * time.Second}, replaying: true}
}

// EndInit stops keeping events for later subscribers: after init, a
// subscription sees only what follows it.
func (t *Telemetry) EndInit() {
	t.mu.Lock()
	t.replaying, t.replay = false, nil
	t.mu.Unlock()
}

type subscription struct {
	uri      string
	types    map[string]bool
	maxItems int
	maxBytes int
	timeout  time.Duration
	queue    chan Event
}

// parseSubscription reads a Telemetry (or Logs) API subscription request.
func parseSubscription(r io.Reader) (*subscription, error) {
	var req struct {
		Destination struct{ Protocol, URI string }
		Types       []string
		Buffering   struct{ MaxItems, MaxBytes, TimeoutMs int }
	}
	if err := json.NewDecoder(r).Decode(&req); err != nil {
		return nil, fmt.Errorf("could not parse the subscription: %v", err)
	}
	if req.Destination.Protocol != "HTTP" {
		return nil, fmt.Errorf("destination protocol %q is not supported; use HTTP", req.Destination.Protocol)
	}
	u, err := url.Parse(req.Destination.URI)
	if err != nil || u.Scheme != "http" || u.Port() == "" {
		return nil, fmt.Errorf("destination URI %q must be http://sandbox.localdomain:<port>/…", req.Destination.URI)
	}
	s := &subscription{uri: req.Destination.URI, types: map[string]bool{}, maxItems: 1000, maxBytes: 256 * 1024, timeout: time.Second}
	for _, t := range req.Types {
		if t != "platform" && t != "function" && t != "extension" {
			return nil, fmt.Errorf("unknown event type %q", t)
		}
		s.types[t] = true
	}
	b := req.Buffering
	if b.MaxItems != 0 {
		s.maxItems = b.MaxItems
	}
	if b.MaxBytes != 0 {
		s.maxBytes = b.MaxBytes
	}
	if b.TimeoutMs != 0 {
		s.timeout = time.Duration(b.TimeoutMs) * time.Millisecond
	}
	if s.maxItems < 25 || s.maxItems > 10000 || s.maxBytes < 262144 || s.maxBytes > 1048576 || s.timeout < 25*time.Millisecond || s.timeout > 30*time.Second {
		return nil, errors.New("buffering out of range: maxItems 25-10000, maxBytes 262144-1048576, timeoutMs 25-30000")
	}
	s.queue = make(chan Event, s.maxItems)
	return s, nil
}

// wants reports whether s subscribed to events of type t.
func (s *subscription) wants(t string) bool {
	switch t {
	case "function", "extension":
		return s.types[t]
	}
	return s.types["platform"]
}

func (t *Telemetry) subscribe(s *subscription) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	t.subs = append(t.subs, s)
	for _, ev := range t.replay {
		if s.wants(ev.Type) {
			offer(s, ev)
		}
	}
	t.wg.Add(1)
	go t.deliver(s)
}

// Emit records an event of type typ ("platform.start", "function", …).
func (t *Telemetry) Emit(typ string, record any) {
	ev := Event{Time: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), Type: typ, Record: record}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	if t.replaying && len(t.replay) < maxReplay {
		t.replay = append(t.replay, ev)
	}
	for _, s := range t.subs {
		if s.wants(typ) {
			offer(s, ev)
		}
	}
}

// offer queues ev for s, dropping it when the subscriber lags, as AWS does.
func offer(s *subscription, ev Event) {
	select {
	case s.queue <- ev:
	default:
	}
}

// deliver posts batches to one subscriber until Close.
func (t *Telemetry) deliver(s *subscription) {
	defer t.wg.Done()
	var batch []Event
	size := 0
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	flush := func() {
		if len(batch) > 0 {
			t.post(s.uri, batch)
			batch, size = nil, 0
		}
		timer.Reset(s.timeout)
	}
	for {
		select {
		case ev, ok := <-s.queue:
			if !ok {
				flush()
				return
			}
			batch = append(batch, ev)
			if data, err := json.Marshal(ev); err == nil {
				size += len(data)
			}
			if len(batch) >= s.maxItems || size >= s.maxBytes {
				flush()
			}
		case <-timer.C:
			flush()
		}
	}
}

func (t *Telemetry) post(uri string, batch []Event) {
	body, err := json.Marshal(batch)
	if err != nil {
		return
	}
	u, _ := url.Parse(uri)
	u.Host = net.JoinHostPort("127.0.0.1", u.Port()) // sandbox.localdomain is the sandbox's own loopback
	resp, err := t.client.Post(u.String(), "application/json", bytes.NewReader(body))
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// Close delivers what is queued and stops.
func (t *Telemetry) Close() {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	t.closed = true
	for _, s := range t.subs {
		close(s.queue)
	}
	t.mu.Unlock()
	t.wg.Wait()
}
