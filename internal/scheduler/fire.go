package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/targets"
	"github.com/virga-dev/virga/internal/timers"
)

// Firings fires schedules: it is the timers' owner of kind ProducerName.
type Firings struct{ s *Server }

// Firings is the owner of the schedules' timers.
func (s *Server) Firings() *Firings { return &Firings{s: s} }

// Context attributes Scheduler fills in a target's Input.
const (
	attrScheduleARN   = "<aws.scheduler.schedule-arn>"
	attrScheduledTime = "<aws.scheduler.scheduled-time>"
	attrExecutionID   = "<aws.scheduler.execution-id>"
	attrAttempt       = "<aws.scheduler.attempt-number>"
)

// Fire puts the schedule's delivery for the scheduled time at in the
// queue; its id derives from the schedule, its generation and at, so a
// firing repeated after a crash is stored once. A schedule deleted,
// disabled or made anew meanwhile fires nothing.
func (f *Firings) Fire(ctx context.Context, t timers.Timer, at time.Time) error {
	sc, ok, err := f.current(ctx, t)
	if err != nil || !ok || sc.State == stateDisabled {
		return err
	}
	id := derivedID(t.ID + "/" + t.Generation + "/" + strconv.FormatInt(at.UnixNano(), 10))
	tg := sc.Target
	kind, _ := targets.Kind(tg.Arn)
	input := "{}"
	if tg.Input != nil {
		input = fill(*tg.Input, t.ID, id, at)
	}
	payload := []byte(input)
	if kind == targets.KindBus && tg.EventBridgeParameters != nil {
		payload = busEntry(*tg.EventBridgeParameters, input, t.ID, at)
	}
	settings := targets.NewSettings(t.ID, tg.Arn, tg.RetryPolicy, tg.DeadLetterConfig, tg.SqsParameters)
	return f.s.deliveries.Enqueue(ctx, delivery.Delivery{ID: id, Producer: ProducerName,
		Target: delivery.Address{Kind: kind, Name: tg.Arn}, Payload: payload, Attributes: settings.Attributes(nil), Accepted: at})
}

// Done deletes a schedule whose ActionAfterCompletion is DELETE once it
// fires no more.
func (f *Firings) Done(ctx context.Context, t timers.Timer) error {
	sc, ok, err := f.current(ctx, t)
	if err != nil || !ok || sc.ActionAfterCompletion != actionDelete {
		return err
	}
	err = f.s.schedules.Delete(ctx, scheduleKey(sc.Group, sc.Name), 0)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// current is the schedule a timer fires, if it still exists as the
// timer's generation.
func (f *Firings) current(ctx context.Context, t timers.Timer) (Schedule, bool, error) {
	group, name := scheduleOfARN(t.ID)
	sc, err := f.s.schedule(ctx, group, name)
	if errors.Is(err, aws.ErrNotFound) {
		return Schedule{}, false, nil
	}
	if err != nil {
		return Schedule{}, false, err
	}
	return sc, sc.Generation == t.Generation, nil
}

// fill puts Scheduler's context attributes in an Input. The attempt
// number is that of the first attempt: the Input is made when the firing
// is stored, before any retry.
func fill(input, scheduleARN, executionID string, at time.Time) string {
	return strings.NewReplacer(
		attrScheduleARN, scheduleARN,
		attrScheduledTime, at.UTC().Format("2006-01-02T15:04:05Z"),
		attrExecutionID, executionID,
		attrAttempt, "1",
	).Replace(input)
}

// busEntry is the PutEvents entry a bus target receives: the Input as its
// detail, the schedule as its resource.
func busEntry(p EventBridgeParameters, input, scheduleARN string, at time.Time) []byte {
	b, _ := json.Marshal(struct {
		Source     string   `json:"Source"`
		DetailType string   `json:"DetailType"`
		Detail     string   `json:"Detail"`
		Resources  []string `json:"Resources"`
		Time       string   `json:"Time"`
	}{p.Source, p.DetailType, input, []string{scheduleARN}, at.UTC().Format(time.RFC3339)})
	return b
}

// derivedID is a UUID derived from seed.
func derivedID(seed string) string {
	return lambda.DerivedUUID(seed)
}
