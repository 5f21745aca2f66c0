// Package timers fires schedules durably, once per region. Each schedule
// — an EventBridge rule's ScheduleExpression, an EventBridge Scheduler
// schedule — is a Timer in one JetStream bucket that holds its next
// firing time. One loop, on whichever server holds the "schedules" lease,
// watches the bucket and, when a timer falls due, asks the timer's owner
// to fire it (to put its deliveries in the delivery queue) and then stores
// the time after.
//
// A crash between the two steps repeats the firing on restart. Owners
// derive the ids of a firing's deliveries from the timer and its
// scheduled time, so the delivery queue, which stores a repeated id once
// within its two-minute de-duplication window, keeps exactly one. A
// server that stays down longer than that after such a crash would
// deliver that firing twice: at least once, as AWS promises for its own
// targets.
//
// Catching up: a timer whose firings fell due while no server ran fires
// once, for its latest missed time, when a server takes the lease again;
// the earlier missed times are not replayed. The firing is an ordinary
// delivery whose age counts from its scheduled time, so its target's
// MaximumEventAgeInSeconds (24 hours unless set) still bounds how late it
// may arrive, as AWS documents for deliveries it could not make in time;
// an older one goes to the target's dead-letter queue, if any.
package timers

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/virga-dev/virga/internal/schedule"
	"github.com/virga-dev/virga/internal/store"
)

// Timer is a schedule's next firing, as stored.
type Timer struct {
	// Owner is the kind of owner that fires it ("events", "scheduler").
	Owner string `json:"owner"`
	// ID is the owner's name for it (a rule or schedule ARN).
	ID string `json:"id"`
	// Generation tells apart successive schedules of one name: an owner
	// sets it when it creates the schedule and derives delivery ids from it.
	Generation string        `json:"generation"`
	Spec       schedule.Spec `json:"spec"`
	// Window is a flexible time window: a firing happens at a point within
	// Window after its scheduled time, the same point whenever it is
	// computed.
	Window time.Duration `json:"window,omitempty"`
	// Next is the scheduled time of the next firing.
	Next time.Time `json:"next"`
}

// key is where t is stored: its owner and its id, encoded to the letters
// a key allows.
func key(owner, id string) string {
	return owner + "." + base64.RawURLEncoding.EncodeToString([]byte(id))
}

// due is when the timer's next firing happens: its scheduled time, moved
// into its flexible window.
func (t Timer) due() time.Time {
	if t.Window <= 0 {
		return t.Next
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%s/%s/%d", t.Owner, t.ID, t.Generation, t.Next.UnixNano())
	return t.Next.Add(time.Duration(h.Sum64() % uint64(t.Window)))
}

// Set is the stored timers.
type Set struct {
	bucket *store.Bucket
	minute time.Duration
}

// Open opens the timers in bucket; minute is how long a minute of rate()
// lasts (zero: a real minute; shorter in tests).
func Open(bucket *store.Bucket, minute time.Duration) *Set {
	return &Set{bucket: bucket, minute: minute}
}

// next is the firing of spec after `after`, read with the set's minute.
func (s *Set) next(spec schedule.Spec, after time.Time) (time.Time, bool, error) {
	spec.Minute = s.minute
	return spec.Next(after)
}

// Put stores t with its first firing after `from`, replacing any earlier
// timer of the same owner and id; a timer that would never fire is
// removed. It reports whether t fires.
func (s *Set) Put(ctx context.Context, t Timer, from time.Time) (bool, error) {
	next, ok, err := s.next(t.Spec, from)
	if err != nil {
		return false, err
	}
	if !ok {
		return false, s.Remove(ctx, t.Owner, t.ID)
	}
	t.Next = next
	_, err = store.Modify(ctx, s.bucket, key(t.Owner, t.ID), func(v *Timer, _ bool) error {
		*v = t
		return nil
	})
	return true, err
}

// Remove deletes the timer of owner and id, if there is one.
func (s *Set) Remove(ctx context.Context, owner, id string) error {
	err := s.bucket.Delete(ctx, key(owner, id), 0)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("remove timer %s: %w", id, err)
	}
	return nil
}

// Get returns the timer of owner and id.
func (s *Set) Get(ctx context.Context, owner, id string) (Timer, bool, error) {
	e, err := s.bucket.Get(ctx, key(owner, id))
	if errors.Is(err, store.ErrNotFound) {
		return Timer{}, false, nil
	}
	if err != nil {
		return Timer{}, false, err
	}
	var t Timer
	return t, true, json.Unmarshal(e.Value, &t)
}
