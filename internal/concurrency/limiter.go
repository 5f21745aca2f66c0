// Package concurrency admits invocations within the account's concurrency
// limit and each function's reserved concurrency, as Lambda does, and
// throttles the rest at once instead of queueing them.
package concurrency

import (
	"errors"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

// Throttle reasons, as TooManyRequestsException reports them.
const (
	ReasonAccount  = "ConcurrentInvocationLimitExceeded"
	ReasonReserved = "ReservedFunctionConcurrentInvocationLimitExceeded"
)

// Limiter counts running invocations. Functions with a reservation draw on
// it alone; the others share what the reservations leave of the limit.
type Limiter struct {
	limit int
	peers Peers // nil: this server alone

	mu             sync.Mutex
	reserved       map[string]int
	reservedTotal  int
	running        map[string]int
	shared         int            // running invocations of functions without a reservation
	answered       map[string]int // of running, those that have answered their caller
	sharedAnswered int
	freed          chan struct{} // closed and replaced whenever a slot is released
}

// New returns a limiter for an account limit.
func New(limit int) *Limiter {
	return &Limiter{limit: limit, reserved: map[string]int{}, running: map[string]int{}, answered: map[string]int{}, freed: make(chan struct{})}
}

// SetReserved sets a function's reserved concurrency.
func (l *Limiter) SetReserved(function string, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reservedTotal += n - l.reserved[function]
	l.reserved[function] = n
}

// ClearReserved removes a function's reservation.
func (l *Limiter) ClearReserved(function string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reservedTotal -= l.reserved[function]
	delete(l.reserved, function)
}

// finishWait bounds how long an invocation at the limit waits for one that
// has answered its caller and is only finishing (its END and REPORT lines,
// its extensions) to give back its slot. Without it a client that invokes
// again the moment it has its answer would be throttled by its own previous
// invocation. Nothing waits when every slot is still running.
const finishWait = time.Second

// Slot is one admitted invocation.
type Slot struct {
	l        *Limiter
	function string
	shared   bool
	answered bool // under l.mu
	released bool // under l.mu
}

// Acquire admits one invocation of function, or returns AWS's throttling
// error. The slot must be released once the invocation ends.
func (l *Limiter) Acquire(function string) (*Slot, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var expired <-chan time.Time
	for {
		slot, err := l.admit(function)
		if err == nil || !l.finishing(function) {
			return slot, err
		}
		if expired == nil {
			t := time.NewTimer(finishWait)
			defer t.Stop()
			expired = t.C
		}
		freed := l.freed
		l.mu.Unlock()
		select {
		case <-freed:
		case <-expired:
			l.mu.Lock()
			return nil, err
		}
		l.mu.Lock()
	}
}

func (l *Limiter) admit(function string) (*Slot, error) {
	n, hasReservation := l.reserved[function]
	if hasReservation && n == 0 {
		return nil, zeroReserved{throttled(ReasonReserved)}
	}
	peerShared, peerFunction := l.peerRunning(function)
	switch {
	case hasReservation && l.running[function]+peerFunction >= n:
		return nil, throttled(ReasonReserved)
	case !hasReservation && l.shared+peerShared >= l.limit-l.reservedTotal:
		return nil, throttled(ReasonAccount)
	}
	l.running[function]++
	if !hasReservation {
		l.shared++
	}
	return &Slot{l: l, function: function, shared: !hasReservation}, nil
}

// finishing reports whether a slot function waits for is held by an
// invocation that has already answered.
func (l *Limiter) finishing(function string) bool {
	if n, ok := l.reserved[function]; ok {
		return n > 0 && l.answered[function] > 0
	}
	return l.sharedAnswered > 0
}

// Answered marks the invocation as having answered its caller: what is
// left is the platform's own work, which an invocation at the limit may
// wait for.
func (s *Slot) Answered() {
	l := s.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.answered || s.released {
		return
	}
	s.answered = true
	l.answered[s.function]++
	if s.shared {
		l.sharedAnswered++
	}
}

// Release gives the slot back; a second call does nothing.
func (s *Slot) Release() {
	l := s.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.released {
		return
	}
	s.released = true
	if s.answered {
		if l.answered[s.function]--; l.answered[s.function] == 0 {
			delete(l.answered, s.function)
		}
		if s.shared {
			l.sharedAnswered--
		}
	}
	if l.running[s.function]--; l.running[s.function] == 0 {
		delete(l.running, s.function)
	}
	if s.shared {
		l.shared--
	}
	close(l.freed)
	l.freed = make(chan struct{})
}

// Running reports the invocations running now.
func (l *Limiter) Running() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	total := 0
	for _, n := range l.running {
		total += n
	}
	return total
}

func throttled(reason string) *aws.Error {
	return &aws.Error{Kind: aws.ErrThrottled, Message: "Rate Exceeded.", Reason: reason}
}

// ErrZeroReserved matches the throttling of a function whose reserved
// concurrency is 0: its asynchronous events go to the failure destination.
var ErrZeroReserved = errors.New("reserved concurrency is 0")

// zeroReserved is the caller's throttling error that also matches
// ErrZeroReserved.
type zeroReserved struct{ err *aws.Error }

func (z zeroReserved) Error() string        { return z.err.Error() }
func (z zeroReserved) Unwrap() error        { return z.err }
func (z zeroReserved) Is(target error) bool { return target == ErrZeroReserved }
