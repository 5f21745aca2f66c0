package server

import (
	"context"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
	eventbridge "github.com/virga-dev/virga/internal/events"
	"github.com/virga-dev/virga/internal/scheduler"
	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/targets"
	"github.com/virga-dev/virga/internal/timers"
)

// schedules is what fires on time or on events: EventBridge, EventBridge
// Scheduler and the loop that fires their timers.
type schedules struct {
	events    *eventbridge.Server
	scheduler *scheduler.Server
	loop      *timers.Loop
}

// openSchedules opens the buckets of event buses, rules, schedule groups,
// schedules and timers, and builds the two services and the timers loop
// (run under a lease once the delivery dispatcher runs).
func openSchedules(ctx context.Context, cfg Config, account string, st *store.Store, q *delivery.Queue) (*schedules, error) {
	buckets := map[string]*store.Bucket{}
	for _, name := range []string{"eventbuses", "eventrules", "schedulegroups", "schedules", "timers"} {
		b, err := st.Bucket(ctx, name)
		if err != nil {
			return nil, err
		}
		buckets[name] = b
	}
	set := timers.Open(buckets["timers"], cfg.ScheduleTick)
	ev := eventbridge.New(eventbridge.Config{Region: cfg.Region, Account: account, Kinds: deliverable, Logger: cfg.Logger},
		buckets["eventbuses"], buckets["eventrules"], q, set)
	if err := ev.Start(ctx); err != nil {
		return nil, err
	}
	sch := scheduler.New(scheduler.Config{Region: cfg.Region, Account: account, Kinds: deliverable, Logger: cfg.Logger},
		buckets["schedulegroups"], buckets["schedules"], q, set)
	if err := sch.Start(ctx); err != nil {
		return nil, err
	}
	loop := timers.NewLoop(set, map[string]timers.Owner{
		eventbridge.ProducerName: ev.Schedules(),
		scheduler.ProducerName:   sch.Firings(),
	}, pollEvery(cfg.ScheduleTick), cfg.Logger)
	return &schedules{events: ev, scheduler: sch, loop: loop}, nil
}

// deliverable are the kinds of target rules and schedules may name: those
// deliveryRoutes registers a target for.
var deliverable = targets.Kinds{targets.KindFunction: true, targets.KindQueue: true, targets.KindTopic: true, targets.KindBus: true}

// pollEvery is how often the timers loop looks for due timers: every
// second (AWS fires within the minute), or more often when a schedule's
// minute is shortened for tests.
func pollEvery(tick time.Duration) time.Duration {
	return min(max(tick/60, 20*time.Millisecond), time.Second)
}
