package logs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/nats-io/nats.go/jetstream"
)

// RetentionDays are the retention periods CloudWatch Logs accepts.
var RetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

const day = 24 * time.Hour

// Cutoff is the timestamp (Unix milliseconds) before which a group's events
// have expired at now; 0 when they never expire.
func (g Group) Cutoff(now time.Time) int64 {
	if g.RetentionDays <= 0 {
		return 0
	}
	return millis(now.Add(-time.Duration(g.RetentionDays) * day))
}

// SetRetention sets (days > 0) or removes (days = 0) a group's retention
// and removes the events it expires at once.
func (s *Store) SetRetention(ctx context.Context, group string, days int) error {
	if days != 0 && !slices.Contains(RetentionDays, days) {
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%d' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: %v",
			days, strings.ReplaceAll(fmt.Sprint(RetentionDays), " ", ", "))
	}
	g, err := s.UpdateGroup(ctx, group, func(g *Group) error {
		g.RetentionDays = days
		return nil
	})
	if err != nil {
		return err
	}
	return s.Expire(ctx, g.Name, g.Cutoff(time.Now()))
}

// errStop ends a read early.
var errStop = errors.New("stop reading")

// Expire removes a group's events older than cutoff, from its first stored
// event up to the first that has not expired. Reads hide any expired event
// left behind a newer one until it is removed.
func (s *Store) Expire(ctx context.Context, group string, cutoff int64) error {
	if cutoff <= 0 {
		return nil
	}
	var keep, last uint64
	err := s.Read(ctx, Query{Group: group}, func(e Event) error {
		if e.Timestamp >= cutoff {
			keep = messageSeq(e.Seq)
			return errStop
		}
		last = messageSeq(e.Seq)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	if keep == 0 {
		keep = last + 1
	}
	if last == 0 {
		return nil
	}
	if err := s.stream.Purge(ctx, jetstream.WithPurgeSubject(groupFilter(group)), jetstream.WithPurgeSequence(keep)); err != nil {
		return fmt.Errorf("expire log events: %w", err)
	}
	return nil
}

// Retention removes expired events in the background. One server of a
// region runs it at a time, under a lease.
type Retention struct {
	store    *Store
	interval time.Duration
	log      *slog.Logger
}

// NewRetention expires events every interval once Run runs.
func NewRetention(s *Store, interval time.Duration, log *slog.Logger) *Retention {
	if log == nil {
		log = slog.Default()
	}
	return &Retention{store: s, interval: interval, log: log.With("component", "logs")}
}

// Run expires events every interval until ctx ends.
func (r *Retention) Run(ctx context.Context) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.expireAll(ctx)
		}
	}
}

func (r *Retention) expireAll(ctx context.Context) {
	groups, err := r.store.Groups(ctx, "")
	if err != nil {
		if ctx.Err() == nil {
			r.log.Warn("list log groups for retention", "err", err)
		}
		return
	}
	now := time.Now()
	for _, g := range groups {
		if err := r.store.Expire(ctx, g.Name, g.Cutoff(now)); err != nil && ctx.Err() == nil {
			r.log.Warn("expire log events", "group", g.Name, "err", err)
		}
	}
}
