// Package concurrency admits invocations within the account's concurrency
// limit and each function's reserved concurrency, as Lambda does, and
// throttles the rest at once instead of queueing them.
package concurrency

import (
	"errors"
	"sync"

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

	mu            sync.Mutex
	reserved      map[string]int
	reservedTotal int
	running       map[string]int
	shared        int // running invocations of functions without a reservation
}

// New returns a limiter for an account limit.
func New(limit int) *Limiter {
	return &Limiter{limit: limit, reserved: map[string]int{}, running: map[string]int{}}
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

// Acquire admits one invocation of function, or returns AWS's throttling
// error. release must be called once the invocation ends.
func (l *Limiter) Acquire(function string) (release func(), err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
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
	var once sync.Once
	return func() { once.Do(func() { l.release(function, !hasReservation) }) }, nil
}

func (l *Limiter) release(function string, shared bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running[function]--; l.running[function] == 0 {
		delete(l.running, function)
	}
	if shared {
		l.shared--
	}
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
