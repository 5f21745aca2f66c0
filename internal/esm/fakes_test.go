package esm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

const (
	region   = "us-east-1"
	account  = "123456789012"
	queueARN = "arn:aws:sqs:us-east-1:123456789012:work"
)

// openStore is a real embedded JetStream in a temporary directory.
func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}

func openBucket(t *testing.T, st *store.Store) *store.Bucket {
	t.Helper()
	b, err := st.Bucket(context.Background(), "esm")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeFunctions knows functions by name, with a timeout and maybe a
// reservation.
type fakeFunctions struct {
	mu  sync.Mutex
	fns map[string]control.Function
}

func newFunctions(names ...string) *fakeFunctions {
	f := &fakeFunctions{fns: map[string]control.Function{}}
	for _, n := range names {
		f.put(n, 3, nil)
	}
	return f
}

func (f *fakeFunctions) put(name string, timeout int, reserved *int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fns[name] = control.Function{Reserved: reserved, Configuration: lambda.FunctionConfiguration{
		FunctionName: name, FunctionArn: arn.FunctionARN(region, account, name), Timeout: timeout,
	}}
}

func (f *fakeFunctions) GetFunction(_ context.Context, ref arn.Function) (control.Function, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn, ok := f.fns[ref.Name]
	if !ok || (ref.Account != "" && ref.Account != account) {
		return control.Function{}, aws.Errorf(aws.ErrNotFound, "Function not found: %s", arn.Qualified(arn.FunctionARN(region, account, ref.Name), ref.Qualifier))
	}
	return fn, nil
}

// memQueue is an in-memory queue with visibility timeouts and receive
// counts, enough to poll.
type memQueue struct {
	mu         sync.Mutex
	arn        string
	attrs      map[string]string
	visibility time.Duration
	msgs       []*memMessage
	next       int
	deleted    []string
	maxSeen    int // the largest max a receive asked for
}

type memMessage struct {
	Message
	visibleAt time.Time
	receives  int
}

func newQueue(queueARN string) *memQueue {
	return &memQueue{arn: queueARN, attrs: map[string]string{"VisibilityTimeout": "30"}, visibility: time.Hour}
}

// send adds a message with the given body.
func (q *memQueue) send(body string) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.next++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", q.next)
	q.msgs = append(q.msgs, &memMessage{Message: Message{MessageId: id, Body: body, MD5OfBody: "md5"}})
	return id
}

func (q *memQueue) Attributes(_ context.Context, a string) (map[string]string, error) {
	if a != q.arn {
		return nil, aws.Errorf(aws.ErrNotFound, "no queue")
	}
	return q.attrs, nil
}

func (q *memQueue) Receive(ctx context.Context, a string, max int, wait time.Duration) ([]Message, error) {
	if a != q.arn {
		return nil, aws.Errorf(aws.ErrNotFound, "no queue")
	}
	deadline := time.Now().Add(wait)
	for {
		if out := q.take(max); len(out) > 0 || !time.Now().Before(deadline) {
			return out, nil
		}
		select {
		case <-ctx.Done():
			return nil, nil // as the queues answer a receive whose caller gave up
		case <-time.After(2 * time.Millisecond):
		}
	}
}

func (q *memQueue) take(max int) []Message {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.maxSeen = maxInt(q.maxSeen, max)
	var out []Message
	now := time.Now()
	for _, m := range q.msgs {
		if len(out) == max {
			break
		}
		if m.visibleAt.After(now) {
			continue
		}
		m.receives++
		m.visibleAt = now.Add(q.visibility)
		m.ReceiptHandle = fmt.Sprintf("%s#%d", m.MessageId, m.receives)
		m.Attributes = map[string]string{"ApproximateReceiveCount": fmt.Sprint(m.receives)}
		out = append(out, m.Message)
	}
	return out
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func (q *memQueue) find(handle string) (int, error) {
	for i, m := range q.msgs {
		if m.ReceiptHandle == handle {
			return i, nil
		}
	}
	return 0, errors.New("receipt handle is invalid")
}

func (q *memQueue) Delete(_ context.Context, _ string, handle string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, err := q.find(handle)
	if err != nil {
		return err
	}
	q.deleted = append(q.deleted, q.msgs[i].MessageId)
	q.msgs = append(q.msgs[:i], q.msgs[i+1:]...)
	return nil
}

func (q *memQueue) ChangeVisibility(_ context.Context, _ string, handle string, d time.Duration) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, err := q.find(handle)
	if err != nil {
		return err
	}
	q.msgs[i].visibleAt = time.Now().Add(d)
	return nil
}

// left is how many messages the queue still holds.
func (q *memQueue) left() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.msgs)
}

// receives is how often the message with id was received.
func (q *memQueue) receives(id string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, m := range q.msgs {
		if m.MessageId == id {
			return m.receives
		}
	}
	return -1
}

// fakeInvoker answers invocations with handle and records their events.
type fakeInvoker struct {
	mu      sync.Mutex
	handle  func(ev sqsEvent) (lambda.InvokeResult, error)
	events  []sqsEvent
	running int
	most    int
}

// sqsEvent is the event as a function reads it.
type sqsEvent struct {
	Records []struct {
		MessageId         string                     `json:"messageId"`
		ReceiptHandle     string                     `json:"receiptHandle"`
		Body              string                     `json:"body"`
		Attributes        map[string]string          `json:"attributes"`
		MessageAttributes map[string]json.RawMessage `json:"messageAttributes"`
		EventSource       string                     `json:"eventSource"`
		EventSourceARN    string                     `json:"eventSourceARN"`
		AWSRegion         string                     `json:"awsRegion"`
	}
}

func (f *fakeInvoker) Invoke(_ context.Context, inv lambda.Invocation) (lambda.InvokeResult, error) {
	var ev sqsEvent
	if err := json.Unmarshal(inv.Payload, &ev); err != nil {
		return lambda.InvokeResult{}, err
	}
	f.mu.Lock()
	f.events = append(f.events, ev)
	f.running++
	f.most = maxInt(f.most, f.running)
	handle := f.handle
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running--
		f.mu.Unlock()
	}()
	if handle == nil {
		return lambda.InvokeResult{Payload: []byte("null")}, nil
	}
	return handle(ev)
}

func (f *fakeInvoker) batches() []sqsEvent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sqsEvent(nil), f.events...)
}

// fakeCompile compiles patterns of the form {"body": ["a", "b"]}: a record
// matches when its body is one of the strings.
func fakeCompile(src []byte) (Matcher, error) {
	var p struct {
		Body []string `json:"body"`
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil || p.Body == nil {
		return nil, fmt.Errorf("bad pattern %s", src)
	}
	return bodyMatcher(p.Body), nil
}

type bodyMatcher []string

func (m bodyMatcher) Match(event []byte) bool {
	var rec struct {
		Body any `json:"body"`
	}
	if json.Unmarshal(event, &rec) != nil {
		return false
	}
	s, ok := rec.Body.(string)
	if !ok {
		return false
	}
	for _, want := range m {
		if s == want {
			return true
		}
	}
	return false
}

// eventually waits up to 5 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second) // generous: CI machines are loaded and -race is slow
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
