package esm

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

type pollFixture struct {
	*controlFixture
	invoker *fakeInvoker
	pollers *Pollers
}

// newPolling starts pollers over a fresh store, a queue whose messages
// reappear 50 ms after a receive, and a function that succeeds.
func newPolling(t *testing.T) *pollFixture {
	t.Helper()
	st := openStore(t)
	b := openBucket(t, st)
	leases, err := st.Leases(context.Background(), "leases", 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	f := &pollFixture{controlFixture: &controlFixture{functions: newFunctions("fn"), queue: newQueue(queueARN), bucket: b}, invoker: &fakeInvoker{}}
	f.queue.visibility = 50 * time.Millisecond
	f.m = NewMappings(Config{Region: region, Account: account}, b, f.functions, f.queue, fakeCompile)
	f.pollers = NewPollers(PollerConfig{Region: region, Holder: "test", Settle: 10 * time.Millisecond, LongPoll: 100 * time.Millisecond},
		b, leases, f.queue, f.invoker, f.functions, fakeCompile)
	if err := f.pollers.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.pollers.Close(context.Background()) })
	return f
}

func (f *pollFixture) mapQueue(t *testing.T, s Settings) Configuration {
	t.Helper()
	c, err := f.m.CreateEventSourceMapping(context.Background(), create(CreateInput{Settings: s}))
	if err != nil {
		t.Fatal(err)
	}
	f.waitState(t, c.UUID, StateEnabled)
	return c
}

func (f *pollFixture) waitState(t *testing.T, uuid, state string) {
	t.Helper()
	eventually(t, "state "+state, func() bool {
		c, err := f.m.GetEventSourceMapping(context.Background(), uuid)
		return err == nil && c.State == state
	})
}

// waitStopped waits until this server runs no poller loop for a mapping.
func (f *pollFixture) waitStopped(t *testing.T, uuid string) {
	t.Helper()
	eventually(t, "the pollers stopped", func() bool {
		f.pollers.mu.Lock()
		defer f.pollers.mu.Unlock()
		_, running := f.pollers.runs[uuid]
		return !running
	})
}

func TestPollDeletesWhatTheFunctionHandled(t *testing.T) {
	f := newPolling(t)
	for i := range 25 {
		f.queue.send(fmt.Sprint("m", i))
	}
	c := f.mapQueue(t, Settings{})
	eventually(t, "an empty queue", func() bool { return f.queue.left() == 0 })
	seen := 0
	for _, ev := range f.invoker.batches() {
		if len(ev.Records) > 10 {
			t.Fatalf("a batch of %d", len(ev.Records))
		}
		for _, r := range ev.Records {
			seen++
			if r.EventSource != "aws:sqs" || r.EventSourceARN != queueARN || r.AWSRegion != region || r.ReceiptHandle == "" {
				t.Fatalf("record %+v", r)
			}
		}
	}
	if seen != 25 {
		t.Fatalf("the function saw %d messages, want 25", seen)
	}
	eventually(t, "result OK", func() bool {
		got, _ := f.m.GetEventSourceMapping(context.Background(), c.UUID)
		return got.LastProcessingResult == "OK"
	})
}

func TestPollReportedFailuresReappear(t *testing.T) {
	f := newPolling(t)
	var bad []string
	for i := range 6 {
		body := fmt.Sprint("ok", i)
		if i%3 == 0 {
			body = fmt.Sprint("bad", i)
		}
		id := f.queue.send(body)
		if strings.HasPrefix(body, "bad") {
			bad = append(bad, id)
		}
	}
	var calls atomic.Int32
	f.invoker.handle = func(ev sqsEvent) (lambda.InvokeResult, error) {
		if calls.Add(1) > 1 {
			return lambda.InvokeResult{}, nil // the second time, everything works
		}
		var failures []map[string]string
		for _, r := range ev.Records {
			if strings.HasPrefix(r.Body, "bad") {
				failures = append(failures, map[string]string{"itemIdentifier": r.MessageId})
			}
		}
		out, _ := json.Marshal(map[string]any{"batchItemFailures": failures})
		return lambda.InvokeResult{Payload: out}, nil
	}
	f.mapQueue(t, Settings{FunctionResponseTypes: []string{"ReportBatchItemFailures"}})
	eventually(t, "an empty queue", func() bool { return f.queue.left() == 0 })
	batches := f.invoker.batches()
	if len(batches) < 2 || len(batches[0].Records) != 6 {
		t.Fatalf("batches %+v", batches)
	}
	var again []string
	for _, r := range batches[1].Records {
		again = append(again, r.MessageId)
	}
	if strings.Join(again, ",") != strings.Join(bad, ",") {
		t.Fatalf("the function saw %v again, want %v", again, bad)
	}
}

func TestPollWholeBatchFails(t *testing.T) {
	responses := map[string]func(ev sqsEvent) (lambda.InvokeResult, error){
		"FunctionError": func(sqsEvent) (lambda.InvokeResult, error) {
			return lambda.InvokeResult{FunctionError: "Unhandled", Payload: []byte(`{"errorMessage":"boom"}`)}, nil
		},
		"EmptyIdentifier": func(sqsEvent) (lambda.InvokeResult, error) {
			return lambda.InvokeResult{Payload: []byte(`{"batchItemFailures":[{"itemIdentifier":""}]}`)}, nil
		},
		"UnknownIdentifier": func(sqsEvent) (lambda.InvokeResult, error) {
			return lambda.InvokeResult{Payload: []byte(`{"batchItemFailures":[{"itemIdentifier":"nope"}]}`)}, nil
		},
		"NotJSON": func(sqsEvent) (lambda.InvokeResult, error) {
			return lambda.InvokeResult{Payload: []byte(`{"batchItemFailures":`)}, nil
		},
		"Throttled": func(sqsEvent) (lambda.InvokeResult, error) {
			return lambda.InvokeResult{}, aws.Errorf(aws.ErrThrottled, "Rate Exceeded.")
		},
	}
	for name, respond := range responses {
		t.Run(name, func(t *testing.T) {
			f := newPolling(t)
			id := f.queue.send("a")
			f.invoker.handle = respond
			f.mapQueue(t, Settings{FunctionResponseTypes: []string{"ReportBatchItemFailures"}})
			eventually(t, "a second receive", func() bool { return f.queue.receives(id) >= 2 })
			if f.queue.left() != 1 {
				t.Fatalf("%d messages left, want 1", f.queue.left())
			}
		})
	}
}

func TestPollFilters(t *testing.T) {
	f := newPolling(t)
	keep := f.queue.send("keep")
	drop := f.queue.send("drop")
	f.queue.send(`{"json": true}`)
	f.mapQueue(t, Settings{FilterCriteria: &FilterCriteria{Filters: []Filter{{Pattern: `{"body": ["keep"]}`}}}})
	eventually(t, "an empty queue", func() bool { return f.queue.left() == 0 })
	var seen []string
	for _, ev := range f.invoker.batches() {
		for _, r := range ev.Records {
			seen = append(seen, r.MessageId)
		}
	}
	if len(seen) != 1 || seen[0] != keep {
		t.Fatalf("the function saw %v, want only %s (not %s)", seen, keep, drop)
	}
}

func TestPollBatchingWindow(t *testing.T) {
	f := newPolling(t)
	f.queue.visibility = time.Minute
	f.mapQueue(t, Settings{BatchSize: ptr(100), MaximumBatchingWindowInSeconds: ptr(2)})
	go func() {
		for i := range 30 {
			f.queue.send(fmt.Sprint(i))
			time.Sleep(10 * time.Millisecond)
		}
	}()
	eventually(t, "an empty queue", func() bool { return f.queue.left() == 0 && len(f.invoker.batches()) > 0 })
	if b := f.invoker.batches(); len(b) != 1 || len(b[0].Records) != 30 {
		t.Fatalf("%d batches, the first of %d; want one of 30", len(b), len(b[0].Records))
	}
	if f.queue.maxSeen > 10 {
		t.Fatalf("a receive asked for %d messages", f.queue.maxSeen)
	}
}

func TestPollDisabled(t *testing.T) {
	f := newPolling(t)
	c := f.mapQueue(t, Settings{})
	f.queue.send("one")
	eventually(t, "an empty queue", func() bool { return f.queue.left() == 0 })

	if _, err := f.m.UpdateEventSourceMapping(context.Background(), c.UUID, UpdateInput{Settings: Settings{Enabled: ptr(false)}}); err != nil {
		t.Fatal(err)
	}
	f.waitState(t, c.UUID, StateDisabled)
	f.waitStopped(t, c.UUID)
	id := f.queue.send("two")
	time.Sleep(300 * time.Millisecond)
	if f.queue.receives(id) != 0 {
		t.Fatal("a disabled mapping received a message")
	}
	if _, err := f.m.UpdateEventSourceMapping(context.Background(), c.UUID, UpdateInput{Settings: Settings{Enabled: ptr(true)}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "an empty queue", func() bool { return f.queue.left() == 0 })
}

func TestPollDeleted(t *testing.T) {
	f := newPolling(t)
	c := f.mapQueue(t, Settings{})
	if _, err := f.m.DeleteEventSourceMapping(context.Background(), c.UUID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the mapping gone", func() bool {
		_, err := f.m.GetEventSourceMapping(context.Background(), c.UUID)
		return err != nil
	})
	f.waitStopped(t, c.UUID)
	id := f.queue.send("late")
	time.Sleep(300 * time.Millisecond)
	if f.queue.receives(id) != 0 {
		t.Fatal("a deleted mapping received a message")
	}
}

func TestPollScalesWithinLimit(t *testing.T) {
	f := newPolling(t)
	f.queue.visibility = time.Minute
	for i := range 300 {
		f.queue.send(fmt.Sprint(i))
	}
	f.invoker.handle = func(sqsEvent) (lambda.InvokeResult, error) {
		time.Sleep(30 * time.Millisecond)
		return lambda.InvokeResult{}, nil
	}
	f.mapQueue(t, Settings{BatchSize: ptr(2), ScalingConfig: &ScalingConfig{MaximumConcurrency: ptr(4)}})
	eventually(t, "an empty queue", func() bool { return f.queue.left() == 0 })
	f.invoker.mu.Lock()
	most := f.invoker.most
	f.invoker.mu.Unlock()
	if most < 2 || most > 4 {
		t.Fatalf("%d invocations at once, want 2 to 4", most)
	}
}

func TestPollReservedConcurrencyBounds(t *testing.T) {
	f := newPolling(t)
	f.functions.put("fn", 3, ptr(0))
	f.mapQueue(t, Settings{})
	id := f.queue.send("held")
	time.Sleep(300 * time.Millisecond)
	if f.queue.receives(id) != 0 {
		t.Fatal("a function with no concurrency had its queue polled")
	}
}

func TestPollCutsAtPayloadLimit(t *testing.T) {
	f := newPolling(t)
	f.queue.visibility = time.Minute
	big := strings.Repeat("x", 1<<20)
	for range 10 {
		f.queue.send(big)
	}
	f.mapQueue(t, Settings{})
	eventually(t, "an empty queue", func() bool { return f.queue.left() == 0 })
	batches := f.invoker.batches()
	if len(batches) < 2 {
		t.Fatalf("%d batches of 1 MB messages, want at least 2", len(batches))
	}
	for _, b := range batches {
		if len(b.Records) > 5 {
			t.Fatalf("a batch of %d 1 MB messages", len(b.Records))
		}
	}
}

func TestPollFunctionGone(t *testing.T) {
	f := newPolling(t)
	c := f.mapQueue(t, Settings{})
	f.invoker.handle = func(sqsEvent) (lambda.InvokeResult, error) {
		return lambda.InvokeResult{}, aws.Errorf(aws.ErrNotFound, "Function not found")
	}
	id := f.queue.send("orphan")
	eventually(t, "a problem reported", func() bool {
		got, _ := f.m.GetEventSourceMapping(context.Background(), c.UUID)
		return got.LastProcessingResult == "PROBLEM: Function not found"
	})
	if f.queue.receives(id) < 1 || f.queue.left() != 1 {
		t.Fatal("the message went")
	}
}

func TestPollersCloseEndsLongPolls(t *testing.T) {
	f := newPolling(t)
	f.pollers.cfg.LongPoll = time.Minute
	f.mapQueue(t, Settings{})
	time.Sleep(100 * time.Millisecond) // a long poll is waiting
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	f.pollers.Close(ctx)
	if ctx.Err() != nil {
		t.Fatal("Close waited for its deadline: a poller did not stop")
	}
}
