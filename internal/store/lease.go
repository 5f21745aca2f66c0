package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Leases keeps named leases in one bucket, each held by one holder at a
// time. A loop that must run once per region (a sweep, a scheduler) runs
// only on the server that holds its lease. A holder renews its lease every
// third of the TTL; one that stops renewing (a crashed or frozen process)
// loses it when the TTL runs out, and another holder takes over.
type Leases struct {
	bucket *Bucket
	ttl    time.Duration
}

// Leases opens (creating if needed) the named bucket of leases, each of
// which runs out ttl after its holder last renewed it.
func (s *Store) Leases(ctx context.Context, name string, ttl time.Duration) (*Leases, error) {
	if ttl <= 0 {
		return nil, fmt.Errorf("open leases %s: the TTL must be positive, not %v", name, ttl)
	}
	b, err := s.openBucket(ctx, jetstream.KeyValueConfig{Bucket: name, TTL: ttl})
	if err != nil {
		return nil, err
	}
	return &Leases{bucket: b, ttl: ttl}, nil
}

// lease is one holder's hold on a name: the revision it stored last, and
// when it began to store it, which is no later than the store stamped it
// and so no later than the lease's TTL began.
type lease struct {
	name, holder string
	rev          uint64
	since        time.Time
}

// Run runs loop while holder holds the lease called name, until ctx ends.
//
// It takes the lease when it is free, trying again every third of the TTL
// while another holder has it, and renews it every third of the TTL. It
// cancels loop's context as soon as the lease is lost (a renewal fails, or
// the lease went to another holder), waits for loop to return and tries to
// take the lease again. When ctx ends it cancels loop, waits for it to
// return and hands the lease back, so that another holder takes over
// without waiting for the TTL; it does the same, and returns, when loop
// returns by itself.
//
// loop must return soon after its context is cancelled: a renewal that
// fails does so a third of the TTL before another holder can take over.
// Store errors are not reported; they count as a lease not taken or lost.
func (l *Leases) Run(ctx context.Context, name, holder string, loop func(ctx context.Context)) {
	for {
		h, ok := l.acquire(ctx, name, holder)
		if !ok || l.hold(ctx, h, loop) {
			return
		}
	}
}

// acquire takes the lease, trying every third of the TTL, until ctx ends.
func (l *Leases) acquire(ctx context.Context, name, holder string) (*lease, bool) {
	retry := time.NewTicker(l.ttl / 3)
	defer retry.Stop()
	for ctx.Err() == nil {
		h := &lease{name: name, holder: holder}
		if l.take(ctx, h) == nil {
			return h, true
		}
		select {
		case <-ctx.Done():
		case <-retry.C:
		}
	}
	return nil, false
}

// take stores a new lease, or takes back one that still names its holder
// (a renewal whose answer was lost).
func (l *Leases) take(ctx context.Context, h *lease) error {
	deadline := time.Now().Add(l.ttl / 3)
	err := l.write(ctx, h, deadline)
	if !errors.Is(err, ErrExists) {
		return err
	}
	e, err := l.bucket.Get(ctx, h.name)
	if err != nil {
		return err
	}
	if string(e.Value) != h.holder {
		return ErrExists
	}
	h.rev = e.Revision
	return l.write(ctx, h, deadline)
}

// hold runs loop while it renews the lease. It reports whether Run is over
// (ctx ended or loop returned) rather than the lease lost.
func (l *Leases) hold(ctx context.Context, h *lease, loop func(ctx context.Context)) bool {
	loopCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		loop(loopCtx)
	}()
	for {
		select {
		case <-time.After(time.Until(h.since.Add(l.ttl / 3))):
			if l.write(ctx, h, h.since.Add(2*l.ttl/3)) == nil {
				continue
			}
			if ctx.Err() == nil { // lost
				cancel()
				<-done
				return false
			}
		case <-ctx.Done():
		case <-done:
		}
		cancel()
		<-done
		l.release(ctx, h)
		return true
	}
}

// write stores the lease, as new or over the revision it holds, giving up
// at deadline.
func (l *Leases) write(ctx context.Context, h *lease, deadline time.Time) error {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	since := time.Now()
	var rev uint64
	var err error
	if h.rev == 0 {
		rev, err = l.bucket.Create(ctx, h.name, []byte(h.holder))
	} else {
		rev, err = l.bucket.Update(ctx, h.name, []byte(h.holder), h.rev)
	}
	if err != nil {
		return err
	}
	h.rev, h.since = rev, since
	return nil
}

// release hands the lease back unless someone else holds it by now; if
// that fails the lease runs out after the TTL.
func (l *Leases) release(ctx context.Context, h *lease) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.ttl)
	defer cancel()
	_ = l.bucket.Delete(ctx, h.name, h.rev)
}
