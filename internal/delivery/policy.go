package delivery

import (
	"math"
	"time"
)

// Policy is how a producer wants its deliveries retried.
type Policy struct {
	// MaxAttempts is the number of attempts in all, the first included;
	// one attempt is made at least.
	MaxAttempts int
	// MaxAge ends a delivery that was accepted longer ago; 0 is no limit.
	MaxAge  time.Duration
	Backoff Backoff
}

// Backoff spaces retries: the n-th retry waits Base × Factor^(n-1), with
// no jitter. A Factor below 1 counts as 1 (a constant delay).
type Backoff struct {
	Base   time.Duration
	Factor float64
}

// delay is the wait after the attempts-th failed attempt.
func (b Backoff) delay(attempts int) time.Duration {
	return time.Duration(float64(b.Base) * math.Pow(max(b.Factor, 1), float64(attempts-1)))
}

// exhausted tells whether no attempt is left after attempts.
func (p Policy) exhausted(attempts int) bool {
	return attempts >= max(p.MaxAttempts, 1)
}

// expired tells whether d has outlived the maximum age at now.
func (p Policy) expired(d Delivery, now time.Time) bool {
	return p.MaxAge > 0 && now.Sub(d.Accepted) > p.MaxAge
}

// next is when the retry of d may run: after the backoff, and no later
// than just past its maximum age, so that a delivery that would expire
// before then comes back when it expires.
func (p Policy) next(d Delivery, now time.Time) time.Time {
	next := now.Add(p.Backoff.delay(d.Attempts))
	if p.MaxAge <= 0 {
		return next
	}
	return minTime(next, d.Accepted.Add(p.MaxAge+time.Millisecond))
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
