package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

const leaseTTL = 1500 * time.Millisecond

func TestLeaseOneHolderRuns(t *testing.T) {
	l := openLeases(t)
	var c loopCounter
	a, b := c.watch("a"), c.watch("b")
	stopA := startHolder(t, l, "a", a.loop)
	a.startsWithin(t, leaseTTL)

	startHolder(t, l, "b", b.loop)
	b.staysIdle(t, 2*leaseTTL) // a renews, b retries, several times over

	stopA()
	// Handed back: gone, or already taken by b, which retries meanwhile.
	if e, err := l.bucket.Get(context.Background(), "sweep"); err == nil && string(e.Value) != "b" || err != nil && !errors.Is(err, ErrNotFound) {
		t.Fatalf("lease after its holder stopped: %q, %v; want it handed back", e.Value, err)
	}
	b.startsWithin(t, leaseTTL/3+time.Second)
	if most := c.most.Load(); most != 1 {
		t.Fatalf("%d loops ran at once", most)
	}
}

func TestLeaseLost(t *testing.T) {
	ctx := context.Background()
	aHolds := func(t *testing.T) (*Leases, *watchedLoop) {
		l := openLeases(t)
		a := new(loopCounter).watch("a")
		startHolder(t, l, "a", a.loop)
		a.startsWithin(t, leaseTTL)
		return l, a
	}
	t.Run("Stolen", func(t *testing.T) {
		l, a := aHolds(t)
		if _, err := l.bucket.kv.Put(ctx, "sweep", []byte("frozen")); err != nil {
			t.Fatal(err)
		}
		stolen := time.Now()
		a.stopsWithin(t, leaseTTL/3+time.Second)

		// The new holder never renews: its lease runs out after the TTL
		// and a takes the lease back.
		a.startsWithin(t, leaseTTL+leaseTTL/3+2*time.Second)
		if waited := time.Since(stolen); waited < leaseTTL {
			t.Fatalf("took the lease back after %v, before it ran out", waited)
		}
	})
	t.Run("Deleted", func(t *testing.T) {
		l, a := aHolds(t)
		if err := l.bucket.Delete(ctx, "sweep", 0); err != nil {
			t.Fatal(err)
		}
		a.stopsWithin(t, leaseTTL/3+time.Second)
		a.startsWithin(t, leaseTTL/3+time.Second)
	})
}

func TestLeaseNeverTwoLoops(t *testing.T) {
	l := openLeases(t)
	var c loopCounter
	holders := []string{"a", "b", "c", "d"}
	stops := map[string]func(){}
	for _, h := range holders {
		stops[h] = startHolder(t, l, h, c.watch(h).loop)
	}
	rand.Shuffle(len(holders), func(i, j int) { holders[i], holders[j] = holders[j], holders[i] })
	for _, h := range holders {
		time.Sleep(leaseTTL / 2)
		stops[h]()
	}
	if most := c.most.Load(); most != 1 {
		t.Fatalf("%d loops ran at once", most)
	}
}

func TestLeaseLoopReturns(t *testing.T) {
	l := openLeases(t)
	ran := make(chan struct{})
	go l.Run(context.Background(), "sweep", "a", func(context.Context) { close(ran) })
	<-ran
	for deadline := time.Now().Add(leaseTTL); ; time.Sleep(10 * time.Millisecond) {
		if _, err := l.bucket.Get(context.Background(), "sweep"); errors.Is(err, ErrNotFound) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("lease not handed back after its loop returned")
		}
	}
}

func TestLeaseTakenBack(t *testing.T) {
	l := openLeases(t)
	// A renewal was stored but its answer lost: the lease still names a.
	if _, err := l.bucket.Create(context.Background(), "sweep", []byte("a")); err != nil {
		t.Fatal(err)
	}
	a := new(loopCounter).watch("a")
	startHolder(t, l, "a", a.loop)
	a.startsWithin(t, leaseTTL/3)
}

func openLeases(t *testing.T) *Leases {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	l, err := s.Leases(ctx, "leases", leaseTTL)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// startHolder runs the lease "sweep" for holder until the returned stop,
// or the test's end, which wait for Run to return.
func startHolder(t *testing.T, l *Leases, holder string, loop func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Run(ctx, "sweep", holder, loop)
	}()
	stop = func() {
		cancel()
		<-done
	}
	t.Cleanup(stop)
	return stop
}

// loopCounter counts the loops running at once, and the most ever.
type loopCounter struct {
	running, most atomic.Int32
}

// watchedLoop is one holder's loop, which tells when it starts and stops.
type watchedLoop struct {
	c                *loopCounter
	holder           string
	started, stopped chan struct{}
}

func (c *loopCounter) watch(holder string) *watchedLoop {
	return &watchedLoop{c: c, holder: holder, started: make(chan struct{}, 100), stopped: make(chan struct{}, 100)}
}

func (w *watchedLoop) loop(ctx context.Context) {
	n := w.c.running.Add(1)
	for most := w.c.most.Load(); n > most && !w.c.most.CompareAndSwap(most, n); most = w.c.most.Load() {
	}
	w.started <- struct{}{}
	<-ctx.Done()
	w.c.running.Add(-1)
	w.stopped <- struct{}{}
}

func (w *watchedLoop) startsWithin(t *testing.T, d time.Duration) {
	t.Helper()
	w.await(t, w.started, "start", d)
}

func (w *watchedLoop) stopsWithin(t *testing.T, d time.Duration) {
	t.Helper()
	w.await(t, w.stopped, "stop", d)
}

func (w *watchedLoop) await(t *testing.T, event <-chan struct{}, what string, d time.Duration) {
	t.Helper()
	select {
	case <-event:
	case <-time.After(d):
		t.Fatalf("%s's loop did not %s within %v", w.holder, what, d)
	}
}

func (w *watchedLoop) staysIdle(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case <-w.started:
		t.Fatalf("%s's loop started while another held the lease", w.holder)
	case <-time.After(d):
	}
}
