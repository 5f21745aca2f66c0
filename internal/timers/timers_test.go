package timers

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/schedule"
	"github.com/virga-dev/virga/internal/store"
)

// owner records the firings it is asked for.
type owner struct {
	mu    sync.Mutex
	fired []time.Time
	done  []string
	fail  bool
}

func (o *owner) Fire(_ context.Context, t Timer, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail {
		return context.DeadlineExceeded
	}
	o.fired = append(o.fired, at)
	return nil
}

func (o *owner) Done(_ context.Context, t Timer) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.done = append(o.done, t.ID)
	return nil
}

func (o *owner) firings() []time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]time.Time(nil), o.fired...)
}

func openSet(t *testing.T, minute time.Duration) *Set {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	b, err := st.Bucket(context.Background(), "timers")
	if err != nil {
		t.Fatal(err)
	}
	return Open(b, minute)
}

// run runs a loop over set until the test ends.
func run(t *testing.T, set *Set, o *owner) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		NewLoop(set, map[string]Owner{"test": o}, 10*time.Millisecond, nil).Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestFiresInOrder(t *testing.T) {
	set := openSet(t, 100*time.Millisecond)
	o := &owner{}
	anchor := time.Now().Add(500 * time.Millisecond)
	if _, err := set.Put(context.Background(), Timer{Owner: "test", ID: "every", Spec: schedule.Spec{Expression: "rate(1 minute)", Anchor: anchor}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	run(t, set, o)
	waitFor(t, "four firings", func() bool { return len(o.firings()) >= 4 })
	got := o.firings()
	for i, at := range got[:4] {
		if want := anchor.Add(time.Duration(i) * 100 * time.Millisecond); !at.Equal(want) {
			t.Errorf("firing %d at %v, want %v", i, at, want)
		}
	}
}

// TestCatchUp: a timer whose firings fell due while no loop ran fires
// once, for the latest of them, then keeps its pace.
func TestCatchUp(t *testing.T) {
	set := openSet(t, 0)
	o := &owner{}
	anchor := time.Now().Add(-10*time.Minute - 30*time.Second)
	if _, err := set.Put(context.Background(), Timer{Owner: "test", ID: "late", Spec: schedule.Spec{Expression: "rate(1 minute)", Anchor: anchor}}, anchor.Add(-time.Nanosecond)); err != nil {
		t.Fatal(err)
	}
	run(t, set, o)
	waitFor(t, "one firing", func() bool { return len(o.firings()) == 1 })
	time.Sleep(100 * time.Millisecond)
	got := o.firings()
	if want := anchor.Add(10 * time.Minute); len(got) != 1 || !got[0].Equal(want) {
		t.Fatalf("firings %v, want one at %v", got, want)
	}
	tm, _, _ := set.Get(context.Background(), "test", "late")
	if want := anchor.Add(11 * time.Minute); !tm.Next.Equal(want) {
		t.Errorf("next %v, want %v", tm.Next, want)
	}
}

// TestRepeatAfterFailure: a firing whose owner fails is asked for again,
// for the same scheduled time, until it succeeds.
func TestRepeatAfterFailure(t *testing.T) {
	set := openSet(t, 0)
	o := &owner{fail: true}
	at := time.Now().Add(50 * time.Millisecond).UTC().Truncate(time.Second).Add(time.Second)
	spec := schedule.Spec{Expression: "at(" + at.Format("2006-01-02T15:04:05") + ")"}
	if _, err := set.Put(context.Background(), Timer{Owner: "test", ID: "once", Spec: spec}, time.Now()); err != nil {
		t.Fatal(err)
	}
	run(t, set, o)
	time.Sleep(time.Until(at) + 100*time.Millisecond)
	o.mu.Lock()
	o.fail = false
	o.mu.Unlock()
	waitFor(t, "completion", func() bool { o.mu.Lock(); defer o.mu.Unlock(); return len(o.done) == 1 })
	if got := o.firings(); len(got) != 1 || !got[0].Equal(at) {
		t.Errorf("firings %v, want one at %v", got, at)
	}
	if _, ok, _ := set.Get(context.Background(), "test", "once"); ok {
		t.Error("the completed timer is still stored")
	}
}

func TestPutNeverFiring(t *testing.T) {
	set := openSet(t, 0)
	ok, err := set.Put(context.Background(), Timer{Owner: "test", ID: "past", Spec: schedule.Spec{Expression: "at(2020-01-01T00:00:00)"}}, time.Now())
	if err != nil || ok {
		t.Fatalf("Put = %v, %v; want a timer that does not fire", ok, err)
	}
}

func TestFlexibleWindowIsStable(t *testing.T) {
	tm := Timer{Owner: "test", ID: "x", Generation: "1", Window: 10 * time.Minute, Next: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	d := tm.due()
	if d.Before(tm.Next) || !d.Before(tm.Next.Add(tm.Window)) || !tm.due().Equal(d) {
		t.Errorf("due %v is not a stable point within the window after %v", d, tm.Next)
	}
}
