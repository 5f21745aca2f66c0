package concurrency

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

func reason(err error) string {
	var le *aws.Error
	if errors.As(err, &le) && errors.Is(err, aws.ErrThrottled) {
		return le.Reason
	}
	return ""
}

func TestReservedCapsFunction(t *testing.T) {
	l := New(10)
	l.SetReserved("f", 2)
	r1, err1 := l.Acquire("f")
	r2, err2 := l.Acquire("f")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if _, err := l.Acquire("f"); reason(err) != ReasonReserved {
		t.Fatalf("third acquire: %v", err)
	}
	r1.Release()
	r1.Release() // a second release is a no-op
	if _, err := l.Acquire("f"); err != nil {
		t.Fatalf("after release: %v", err)
	}
	r2.Release()
}

func TestReservedZeroThrottlesAll(t *testing.T) {
	l := New(10)
	l.SetReserved("f", 0)
	_, err := l.Acquire("f")
	if reason(err) != ReasonReserved || !errors.Is(err, ErrZeroReserved) {
		t.Fatalf("got %v", err)
	}
}

func TestReservationsShrinkSharedPool(t *testing.T) {
	l := New(3)
	l.SetReserved("r", 2)
	if _, err := l.Acquire("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Acquire("b"); reason(err) != ReasonAccount {
		t.Fatalf("shared pool of 1 admitted two: %v", err)
	}
	l.ClearReserved("r")
	if _, err := l.Acquire("b"); err != nil {
		t.Fatalf("after clearing the reservation: %v", err)
	}
}

// TestNeverExceedsUnderLoad checks the accounting under -race: running
// invocations never exceed the reservation, and all of them are released.
func TestNeverExceedsUnderLoad(t *testing.T) {
	l := New(1000)
	l.SetReserved("f", 5)
	var now, peak, admitted, throttledN atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				slot, err := l.Acquire("f")
				if err != nil {
					throttledN.Add(1)
					continue
				}
				admitted.Add(1)
				if n := now.Add(1); n > peak.Load() {
					peak.Store(n)
				}
				now.Add(-1)
				slot.Release()
			}
		}()
	}
	wg.Wait()
	if peak.Load() > 5 || l.Running() != 0 || admitted.Load() == 0 {
		t.Fatalf("peak %d, running %d, admitted %d, throttled %d", peak.Load(), l.Running(), admitted.Load(), throttledN.Load())
	}
}

// TestWaitsForAnsweredSlot checks that an invocation at the limit waits for
// one that has answered and is finishing, but not for one still running.
func TestWaitsForAnsweredSlot(t *testing.T) {
	l := New(10)
	l.SetReserved("f", 1)
	first, err := l.Acquire("f")
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	if _, err := l.Acquire("f"); reason(err) != ReasonReserved || time.Since(begin) > finishWait/2 {
		t.Fatalf("acquire beside a running invocation: %v after %v", err, time.Since(begin))
	}
	first.Answered()
	go func() {
		time.Sleep(20 * time.Millisecond)
		first.Release()
	}()
	second, err := l.Acquire("f")
	if err != nil {
		t.Fatalf("acquire beside an answered invocation: %v", err)
	}
	second.Answered()
	begin = time.Now()
	if _, err := l.Acquire("f"); reason(err) != ReasonReserved || time.Since(begin) < finishWait {
		t.Fatalf("an answered slot never released: %v after %v", err, time.Since(begin))
	}
	second.Release()
	if l.Running() != 0 {
		t.Fatalf("running %d after every release", l.Running())
	}
}
