package objects

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Requester is who made a change, as events tell it.
type Requester struct {
	Principal string
	SourceIP  string
	RequestID string
	HostID    string
}

// sequencer hands out increasing sequencers: the time in nanoseconds, or
// one more than the last when the clock has not moved on.
type sequencer struct {
	mu   sync.Mutex
	last int64
}

func (q *sequencer) next(now time.Time) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.last = max(now.UnixNano(), q.last+1)
	return fmt.Sprintf("%016X", q.last)
}

// notify tells the notifier of a change to o, if there is a notifier.
func (s *Store) notify(ctx context.Context, name string, o Object, by Requester) error {
	if s.cfg.Notifier == nil {
		return nil
	}
	now := time.Now().UTC()
	ev := Event{Name: name, Region: s.regionOf(ctx, o.Bucket), Bucket: o.Bucket, Key: o.Key, Size: o.Size, ETag: o.ETag,
		Sequencer: s.seq.next(now), Time: now, Principal: by.Principal, SourceIP: by.SourceIP,
		RequestID: by.RequestID, HostID: by.HostID}
	if err := s.cfg.Notifier.Notify(ctx, ev); err != nil {
		return fmt.Errorf("notify %s of %s/%s: %w", name, o.Bucket, o.Key, err)
	}
	return nil
}

// regionOf is the bucket's region, the store's when it cannot be read.
func (s *Store) regionOf(ctx context.Context, bucket string) string {
	if b, err := s.Bucket(ctx, bucket); err == nil && b.Region != "" {
		return b.Region
	}
	return s.cfg.Region
}
