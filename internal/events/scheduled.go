package events

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/timers"
)

// Schedules fires scheduled rules: it is the timers' owner of kind
// ProducerName.
type Schedules struct{ s *Server }

// Schedules is the owner of the timers of scheduled rules.
func (s *Server) Schedules() *Schedules { return &Schedules{s: s} }

// Fire sends each target of the rule AWS's "Scheduled Event" for the
// scheduled time at. The event's id and its deliveries' ids derive from
// the rule, its generation and at, so a firing repeated after a crash is
// the same firing. A rule deleted, disabled or made anew meanwhile fires
// nothing.
func (f *Schedules) Fire(ctx context.Context, t timers.Timer, at time.Time) error {
	bus, name := ruleOfARN(t.ID)
	r, err := f.s.rule(ctx, bus, name)
	if errors.Is(err, aws.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if r.Generation != t.Generation || !r.enabled() || r.ScheduleExpression == "" {
		return nil
	}
	id := derivedID(t.ID + "/" + t.Generation + "/" + strconv.FormatInt(at.UnixNano(), 10))
	ev := f.s.newEvent(id, "aws.events", "Scheduled Event", []byte("{}"), []string{t.ID}, at, at)
	return f.s.deliver(ctx, r, ev, ev.marshal())
}

// Done has nothing to do: a rule stays when its schedule ends.
func (f *Schedules) Done(context.Context, timers.Timer) error { return nil }

// ruleOfARN reads the bus and name of a rule ARN: rule/<name> on the
// default bus, rule/<bus>/<name> on another (a bus name may hold '/', a
// rule name may not).
func ruleOfARN(arn string) (bus, name string) {
	_, res, _ := strings.Cut(arn, ":rule/")
	if i := strings.LastIndexByte(res, '/'); i >= 0 {
		return res[:i], res[i+1:]
	}
	return defaultBus, res
}
