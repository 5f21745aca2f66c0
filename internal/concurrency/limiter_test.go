package concurrency

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

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
	r1()
	r1() // a second release is a no-op
	if _, err := l.Acquire("f"); err != nil {
		t.Fatalf("after release: %v", err)
	}
	r2()
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
				release, err := l.Acquire("f")
				if err != nil {
					throttledN.Add(1)
					continue
				}
				admitted.Add(1)
				if n := now.Add(1); n > peak.Load() {
					peak.Store(n)
				}
				now.Add(-1)
				release()
			}
		}()
	}
	wg.Wait()
	if peak.Load() > 5 || l.Running() != 0 || admitted.Load() == 0 {
		t.Fatalf("peak %d, running %d, admitted %d, throttled %d", peak.Load(), l.Running(), admitted.Load(), throttledN.Load())
	}
}
