package delivery

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

var (
	errFailed = errors.New("attempt failed")
	errFinish = errors.New("finish failed")
)

func TestDispatch(t *testing.T) {
	st, q := openQueue(t, t.TempDir())
	t.Cleanup(st.Close)
	f := newFakes()
	d := NewDispatcher(Config{Workers: 8}, q, f.routes())
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close(context.Background()) }) // parallel subtests end after this function returns
	ok := result{reply: Reply{Payload: []byte("fine"), Attributes: map[string]string{"version": "1"}}}
	failed := result{reply: Reply{Payload: []byte("broken")}, err: errFailed}
	once := Policy{MaxAttempts: 1}

	t.Run("Delivered", func(t *testing.T) {
		t.Parallel()
		end := f.expect("delivered", once, ok)
		enqueue(t, q, "delivered", time.Now())
		e := wait(t, end)
		if e.o.End != Delivered || e.o.Err != nil || e.d.Attempts != 1 || string(e.o.Reply.Payload) != "fine" ||
			e.o.Reply.Attributes["version"] != "1" {
			t.Errorf("ended %+v after %d attempts", e.o, e.d.Attempts)
		}
		if string(e.d.Payload) != "payload of delivered" || e.d.Attributes["header"] != "h" {
			t.Errorf("delivery %+v", e.d)
		}
	})
	t.Run("RetriedWithBackoff", func(t *testing.T) {
		t.Parallel()
		p := Policy{MaxAttempts: 3, Backoff: Backoff{Base: 150 * time.Millisecond, Factor: 2}}
		end := f.expect("retried", p, failed, failed, ok)
		enqueue(t, q, "retried", time.Now())
		e := wait(t, end)
		if e.o.End != Delivered || e.d.Attempts != 3 || e.d.ID != "retried" {
			t.Errorf("ended %+v after %d attempts", e.o, e.d.Attempts)
		}
		calls := f.callsOf("retried")
		if len(calls) != 3 {
			t.Fatalf("%d attempts, want 3", len(calls))
		}
		for i, want := range []time.Duration{150 * time.Millisecond, 300 * time.Millisecond} {
			if gap := calls[i+1].at.Sub(calls[i].at); gap < want || calls[i+1].attempts != i+1 {
				t.Errorf("retry %d after %v with %d attempts counted, want %v and %d", i+1, gap, calls[i+1].attempts, want, i+1)
			}
		}
		f.mu.Lock()
		n := f.policyCalls["retried"]
		f.mu.Unlock()
		if n != 3 {
			t.Errorf("policy asked %d times, want once an attempt", n)
		}
	})
	t.Run("RetriesExhausted", func(t *testing.T) {
		t.Parallel()
		end := f.expect("exhausted", Policy{MaxAttempts: 2, Backoff: Backoff{Base: 10 * time.Millisecond}}, failed)
		enqueue(t, q, "exhausted", time.Now())
		e := wait(t, end)
		if e.o.End != Exhausted || !errors.Is(e.o.Err, errFailed) || e.d.Attempts != 2 || string(e.o.Reply.Payload) != "broken" {
			t.Errorf("ended %+v after %d attempts", e.o, e.d.Attempts)
		}
	})
	t.Run("MaxAge", func(t *testing.T) {
		t.Parallel()
		p := Policy{MaxAttempts: 3, MaxAge: 500 * time.Millisecond, Backoff: Backoff{Base: time.Hour}}
		end := f.expect("aged", p, failed)
		enqueue(t, q, "aged", time.Now())
		e := wait(t, end)
		if e.o.End != Expired || e.o.Reply != nil || e.d.Attempts != 1 || len(f.callsOf("aged")) != 1 {
			t.Errorf("ended %+v after %d attempts", e.o, e.d.Attempts)
		}
	})
	t.Run("TooOldForAFirstAttempt", func(t *testing.T) {
		t.Parallel()
		end := f.expect("old", Policy{MaxAttempts: 3, MaxAge: time.Minute}, ok)
		enqueue(t, q, "old", time.Now().Add(-2*time.Minute))
		if e := wait(t, end); e.o.End != Expired || e.d.Attempts != 0 || len(f.callsOf("old")) != 0 {
			t.Errorf("ended %+v after %d attempts", e.o, e.d.Attempts)
		}
	})
	t.Run("ThrottledWaits", func(t *testing.T) {
		t.Parallel()
		busy := result{err: fmt.Errorf("%w: too many", ErrThrottled)}
		end := f.expect("throttled", once, busy, busy, busy, ok)
		enqueue(t, q, "throttled", time.Now())
		e := wait(t, end)
		if e.o.End != Delivered || e.d.Attempts != 1 {
			t.Errorf("ended %+v after %d attempts", e.o, e.d.Attempts)
		}
		for _, c := range f.callsOf("throttled") {
			if c.attempts != 0 {
				t.Errorf("an attempt was spent while throttled: %+v", c)
			}
		}
	})
	t.Run("Permanent", func(t *testing.T) {
		t.Parallel()
		end := f.expect("refused", Policy{MaxAttempts: 3}, result{err: fmt.Errorf("%w: never", ErrPermanent)})
		enqueue(t, q, "refused", time.Now())
		if e := wait(t, end); e.o.End != Refused || !errors.Is(e.o.Err, ErrPermanent) || e.d.Attempts != 0 || e.o.Reply != nil {
			t.Errorf("ended %+v after %d attempts", e.o, e.d.Attempts)
		}
	})
	t.Run("TargetGone", func(t *testing.T) {
		t.Parallel()
		end := f.expect("gone", Policy{MaxAttempts: 3}, result{err: fmt.Errorf("%w: deleted", ErrGone)})
		enqueue(t, q, "gone", time.Now())
		if e := wait(t, end); e.o.End != Dropped || len(f.callsOf("gone")) != 1 {
			t.Errorf("ended %+v", e.o)
		}
	})
	t.Run("FinishFailsThenSucceeds", func(t *testing.T) {
		t.Parallel()
		end := f.expect("refinished", once, ok)
		f.mu.Lock()
		f.finishFails["refinished"] = 1
		f.mu.Unlock()
		enqueue(t, q, "refinished", time.Now())
		if e := wait(t, end); e.o.End != Delivered || len(f.callsOf("refinished")) != 2 {
			t.Errorf("ended %+v after %d calls, want the last step taken again", e.o, len(f.callsOf("refinished")))
		}
	})
	t.Run("UndecodableDropped", func(t *testing.T) {
		t.Parallel()
		if _, err := st.JetStream().Publish(context.Background(), "deliveries.test.garbage", []byte("{not json")); err != nil {
			t.Fatal(err)
		}
		end := f.expect("after-garbage", once, ok)
		enqueue(t, q, "after-garbage", time.Now())
		wait(t, end)
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			depth, err := q.Depth(context.Background(), "test")
			if err != nil {
				t.Fatal(err)
			}
			if depth["garbage"] == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the undecodable message stays: %v", depth)
			}
		}
		if calls := f.callsOf("garbage"); len(calls) != 0 {
			t.Errorf("the target saw the undecodable message")
		}
	})
}

// TestShutdownMidAttempt closes the dispatcher while an attempt runs: the
// attempt does not count and is made again by the next dispatcher.
func TestShutdownMidAttempt(t *testing.T) {
	st, q := openQueue(t, t.TempDir())
	defer st.Close()
	f := newFakes()
	end := f.expect("cut", Policy{MaxAttempts: 1}, result{})
	started, release := make(chan struct{}), make(chan struct{})
	blocking := blockingTarget{f, started, release}
	first := NewDispatcher(Config{}, q, Routes{Targets: map[string]Target{"test": blocking}, Producers: map[string]Producer{"test": f}})
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	enqueue(t, q, "cut", time.Now())
	<-started
	closed := make(chan struct{})
	go func() { first.Close(context.Background()); close(closed) }()
	for !first.closing() {
		time.Sleep(time.Millisecond)
	}
	close(release)
	<-closed
	select {
	case e := <-end:
		t.Fatalf("the cut attempt ended the delivery: %+v", e.o)
	default:
	}

	second := NewDispatcher(Config{}, q, f.routes())
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	defer second.Close(context.Background())
	e := wait(t, end)
	calls := f.callsOf("cut")
	if e.o.End != Delivered || e.d.Attempts != 1 || len(calls) != 2 || calls[1].attempts != 0 {
		t.Errorf("ended %+v after %d attempts, calls %+v", e.o, e.d.Attempts, calls)
	}
}

// blockingTarget holds its first attempt until release is closed.
type blockingTarget struct {
	*fakes
	started, release chan struct{}
}

func (b blockingTarget) Deliver(ctx context.Context, d Delivery) (Reply, error) {
	close(b.started)
	<-b.release
	return b.fakes.Deliver(ctx, d)
}

// TestQueueSurvivesReopen stores deliveries, closes the store, and finds
// them again, counted per target, with duplicates stored once.
func TestQueueSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	st, q := openQueue(t, dir)
	ctx := context.Background()
	for i, a := range []Address{{"sqs", "arn:aws:sqs:us-east-1:1:q.fifo"}, {"sqs", "arn:aws:sqs:us-east-1:1:q.fifo"}, {"http", "https://example.com/a b"}} {
		d := Delivery{ID: fmt.Sprint("d", i), Producer: "test", Target: a, Payload: []byte("x"), Accepted: time.Now()}
		for range 2 { // the second is a duplicate
			if err := q.Enqueue(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := q.Enqueue(ctx, Delivery{ID: "bad", Producer: "test", Target: Address{"No.Kind", "x"}}); err == nil {
		t.Error("a target kind with a dot was accepted")
	}
	st.Close()

	st, q = openQueue(t, dir)
	defer st.Close()
	for kind, want := range map[string]map[string]uint64{
		"sqs": {"arn:aws:sqs:us-east-1:1:q.fifo": 2}, "http": {"https://example.com/a b": 1}, "lambda": {},
	} {
		got, err := q.Depth(ctx, kind)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("depth of %s: %v %v, want %v", kind, got, err, want)
		}
	}
	info, err := q.cons.Info(ctx)
	if err != nil || info.NumPending != 3 {
		t.Errorf("pending %+v %v", info, err)
	}
}
