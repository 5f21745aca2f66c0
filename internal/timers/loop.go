package timers

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// Owner fires the timers of one kind of owner.
type Owner interface {
	// Fire puts the firing of t scheduled at `at` in the delivery queue.
	// After a crash it is called again for the same t and at, so the ids
	// of what it enqueues must derive from them.
	Fire(ctx context.Context, t Timer, at time.Time) error
	// Done learns that t fires no more (its one time passed, its end date
	// came); its timer is removed once Done returns nil.
	Done(ctx context.Context, t Timer) error
}

// Loop fires the timers that fall due. Run it on one server of a region
// at a time, under a lease.
type Loop struct {
	set    *Set
	owners map[string]Owner
	poll   time.Duration
	log    *slog.Logger
}

// maxCatchUp bounds the missed firings a timer skips in one step.
const maxCatchUp = 1_000_000

// NewLoop fires the timers of set through owners, by owner kind, looking
// for due timers every poll.
func NewLoop(set *Set, owners map[string]Owner, poll time.Duration, log *slog.Logger) *Loop {
	if log == nil {
		log = slog.Default()
	}
	return &Loop{set: set, owners: owners, poll: poll, log: log.With("component", "timers")}
}

// entry is a stored timer and the revision it was read at.
type entry struct {
	timer Timer
	rev   uint64
}

// index is the loop's view of the bucket: every timer, and the keys that
// changed since they were read.
type index struct {
	mu      sync.Mutex
	entries map[string]entry
	dirty   map[string]bool
}

func (ix *index) changed(key string) {
	ix.mu.Lock()
	ix.dirty[key] = true
	ix.mu.Unlock()
}

func (ix *index) takeDirty() []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	keys := make([]string, 0, len(ix.dirty))
	for k := range ix.dirty {
		keys = append(keys, k)
	}
	clear(ix.dirty)
	return keys
}

// Run fires due timers until ctx ends.
func (l *Loop) Run(ctx context.Context) {
	ix := &index{entries: map[string]entry{}, dirty: map[string]bool{}}
	for ctx.Err() == nil {
		if err := l.open(ctx, ix); err == nil {
			break
		} else if ctx.Err() == nil {
			l.log.Warn("reading timers failed; trying again", "err", err)
			sleep(ctx, time.Second)
		}
	}
	tick := time.NewTicker(l.poll)
	defer tick.Stop()
	for {
		l.refresh(ctx, ix)
		l.fireDue(ctx, ix, time.Now())
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// open watches the bucket, then marks every stored timer to be read.
func (l *Loop) open(ctx context.Context, ix *index) error {
	if err := l.set.bucket.Watch(ctx, ix.changed); err != nil {
		return err
	}
	keys, err := l.set.bucket.Keys(ctx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		ix.changed(k)
	}
	return nil
}

// refresh reads again the timers that changed.
func (l *Loop) refresh(ctx context.Context, ix *index) {
	for _, k := range ix.takeDirty() {
		e, err := l.set.bucket.Get(ctx, k)
		switch {
		case errors.Is(err, store.ErrNotFound):
			delete(ix.entries, k)
			continue
		case err != nil:
			ix.changed(k)
			continue
		}
		var t Timer
		if err := json.Unmarshal(e.Value, &t); err != nil {
			l.log.Error("undecodable timer ignored", "key", k, "err", err)
			continue
		}
		ix.entries[k] = entry{timer: t, rev: e.Revision}
	}
}

// fireDue fires, earliest first, every timer due at now.
func (l *Loop) fireDue(ctx context.Context, ix *index, now time.Time) {
	var due []string
	for k, e := range ix.entries {
		if !e.timer.due().After(now) {
			due = append(due, k)
		}
	}
	sort.Slice(due, func(i, j int) bool { return ix.entries[due[i]].timer.Next.Before(ix.entries[due[j]].timer.Next) })
	for _, k := range due {
		if ctx.Err() != nil {
			return
		}
		l.fire(ctx, ix, k, now)
	}
}

// fire fires one timer and stores its next firing, or removes it.
func (l *Loop) fire(ctx context.Context, ix *index, k string, now time.Time) {
	e := ix.entries[k]
	t := e.timer
	owner, ok := l.owners[t.Owner]
	if !ok {
		return
	}
	at := l.latest(t, now)
	log := l.log.With("owner", t.Owner, "id", t.ID, "scheduled", at)
	if err := owner.Fire(ctx, t, at); err != nil {
		log.Warn("firing a timer failed; it fires at the next poll", "err", err)
		return
	}
	next, more, err := l.set.next(t.Spec, at)
	if err != nil || !more {
		l.finish(ctx, ix, k, e, owner, log)
		return
	}
	t.Next = next
	data, _ := json.Marshal(t)
	rev, err := l.set.bucket.Update(ctx, k, data, e.rev)
	if err != nil {
		ix.changed(k) // changed meanwhile (the owner redefined it), or a store error
		return
	}
	ix.entries[k] = entry{timer: t, rev: rev}
	log.Debug("timer fired", "next", next)
}

// finish tells the owner that a timer fires no more and removes it.
func (l *Loop) finish(ctx context.Context, ix *index, k string, e entry, owner Owner, log *slog.Logger) {
	if err := owner.Done(ctx, e.timer); err != nil {
		log.Warn("completing a timer failed; trying again", "err", err)
		return
	}
	if err := l.set.bucket.Delete(ctx, k, e.rev); err != nil {
		ix.changed(k)
		return
	}
	delete(ix.entries, k)
	log.Debug("timer completed")
}

// latest is the scheduled time to fire now: the timer's next one or, when
// later ones fell due too while no server ran, the latest of them.
func (l *Loop) latest(t Timer, now time.Time) time.Time {
	at := t.Next
	for range maxCatchUp {
		next, ok, err := l.set.next(t.Spec, at)
		if err != nil || !ok || next.After(now) {
			break
		}
		at = next
	}
	return at
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
