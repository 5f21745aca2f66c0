package scheduler

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/schedule"
	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/targets"
	"github.com/virga-dev/virga/internal/timers"
)

// decodeSchedule reads and checks CreateSchedule's or UpdateSchedule's
// request.
func (s *Server) decodeSchedule(c *awsproto.Call) (scheduleInput, string, error) {
	var in scheduleInput
	if err := c.Decode(&in); err != nil {
		return in, "", err
	}
	name := c.R.PathValue("Name")
	if err := in.checkMembers(name); err != nil {
		return in, "", err
	}
	return in, name, in.check(s.cfg.Kinds)
}

func (s *Server) createSchedule(c *awsproto.Call) error {
	in, name, err := s.decodeSchedule(c)
	if err != nil {
		return err
	}
	ctx := c.R.Context()
	group := groupName(in.GroupName)
	if _, err := s.group(ctx, group); err != nil {
		return err
	}
	sc := in.record(group, name)
	sc.Created = time.Now().UTC()
	sc.Modified, sc.Generation = sc.Created, lambda.NewUUID()
	_, err = store.Modify(ctx, s.schedules, scheduleKey(group, name), func(v *Schedule, exists bool) error {
		if exists {
			return aws.Errorf(aws.ErrAlreadyExists, "Schedule %s already exists.", name)
		}
		*v = sc
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.syncTimer(ctx, Schedule{}, sc); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{ ScheduleArn string }{s.scheduleARN(group, name)})
}

func (s *Server) updateSchedule(c *awsproto.Call) error {
	in, name, err := s.decodeSchedule(c)
	if err != nil {
		return err
	}
	ctx := c.R.Context()
	group := groupName(in.GroupName)
	var before Schedule
	sc, err := store.Modify(ctx, s.schedules, scheduleKey(group, name), func(v *Schedule, exists bool) error {
		if !exists {
			return scheduleNotFound(name)
		}
		before = *v
		next := in.record(group, name)
		next.Created, next.Generation, next.Modified = v.Created, v.Generation, time.Now().UTC()
		*v = next
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.syncTimer(ctx, before, sc); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{ ScheduleArn string }{s.scheduleARN(group, name)})
}

// timing is what decides when a schedule fires.
func timing(sc Schedule) string {
	return strings.Join([]string{sc.Expression, sc.Timezone, fmtDate(sc.Start), fmtDate(sc.End), sc.State,
		sc.FlexibleTimeWindow.Mode, strconv.Itoa(windowMinutes(sc))}, "|")
}

func fmtDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func windowMinutes(sc Schedule) int {
	if sc.FlexibleTimeWindow.Mode != modeFlexible || sc.FlexibleTimeWindow.MaximumWindowInMinutes == nil {
		return 0
	}
	return *sc.FlexibleTimeWindow.MaximumWindowInMinutes
}

// syncTimer keeps a schedule's timer in step with it: an enabled schedule
// has one, started afresh when its timing changed; a disabled one has
// none. A rate without a StartDate fires at once, as on AWS.
func (s *Server) syncTimer(ctx context.Context, before, after Schedule) error {
	arn := s.scheduleARN(after.Group, after.Name)
	if after.State == stateDisabled {
		return s.timers.Remove(ctx, ProducerName, arn)
	}
	if before.Generation == after.Generation && timing(before) == timing(after) {
		return nil
	}
	now := time.Now().UTC()
	spec := schedule.Spec{Expression: after.Expression, Timezone: after.Timezone, Anchor: now}
	if !after.OneTime() {
		spec.Start, spec.End = deref(after.Start), deref(after.End)
	}
	_, err := s.timers.Put(ctx, timers.Timer{Owner: ProducerName, ID: arn, Generation: after.Generation, Spec: spec,
		Window: time.Duration(windowMinutes(after)) * time.Minute}, now.Add(-time.Nanosecond))
	return err
}

// OneTime tells an at() schedule.
func (sc Schedule) OneTime() bool { return strings.HasPrefix(sc.Expression, "at(") }

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// scheduleRef reads the schedule a GET or DELETE names: its path label
// and the groupName query parameter.
func scheduleRef(c *awsproto.Call) (group, name string, err error) {
	name, group = c.R.PathValue("Name"), c.R.URL.Query().Get("groupName")
	var v aws.Violations
	v.Text(name, "name", true, 1, 64, nameRE, namePattern)
	v.Text(group, "groupName", false, 1, 64, nameRE, namePattern)
	return groupName(group), name, v.Err()
}

// scheduleOutput is GetSchedule's answer.
type scheduleOutput struct {
	ActionAfterCompletion      string
	Arn                        string
	CreationDate               float64
	Description                string   `json:",omitempty"`
	EndDate                    *float64 `json:",omitempty"`
	FlexibleTimeWindow         FlexibleTimeWindow
	GroupName                  string
	KmsKeyArn                  string `json:",omitempty"`
	LastModificationDate       float64
	Name                       string
	ScheduleExpression         string
	ScheduleExpressionTimezone string
	StartDate                  *float64 `json:",omitempty"`
	State                      string
	Target                     Target
}

func (s *Server) output(sc Schedule) scheduleOutput {
	out := scheduleOutput{ActionAfterCompletion: sc.ActionAfterCompletion, Arn: s.scheduleARN(sc.Group, sc.Name),
		CreationDate: epoch(sc.Created), Description: sc.Description, FlexibleTimeWindow: sc.FlexibleTimeWindow,
		GroupName: sc.Group, KmsKeyArn: sc.KmsKeyArn, LastModificationDate: epoch(sc.Modified), Name: sc.Name,
		ScheduleExpression: sc.Expression, ScheduleExpressionTimezone: sc.Timezone, State: sc.State, Target: sc.Target}
	if out.ScheduleExpressionTimezone == "" {
		out.ScheduleExpressionTimezone = "UTC"
	}
	out.StartDate, out.EndDate = epochOf(sc.Start), epochOf(sc.End)
	out.Target.RetryPolicy = retryPolicy(sc.Target.RetryPolicy)
	return out
}

// retryPolicy is a target's policy with AWS's defaults filled in, as
// GetSchedule shows it.
func retryPolicy(rp *targets.RetryPolicy) *targets.RetryPolicy {
	out := targets.RetryPolicy{}
	if rp != nil {
		out = *rp
	}
	if out.MaximumRetryAttempts == nil {
		n := targets.DefaultRetryAttempts
		out.MaximumRetryAttempts = &n
	}
	if out.MaximumEventAgeInSeconds == nil {
		n := targets.DefaultMaxEventAge
		out.MaximumEventAgeInSeconds = &n
	}
	return &out
}

func epochOf(t *time.Time) *float64 {
	if t == nil {
		return nil
	}
	e := epoch(*t)
	return &e
}

func (s *Server) getSchedule(c *awsproto.Call) error {
	group, name, err := scheduleRef(c)
	if err != nil {
		return err
	}
	sc, err := s.schedule(c.R.Context(), group, name)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, s.output(sc))
}

func (s *Server) deleteSchedule(c *awsproto.Call) error {
	group, name, err := scheduleRef(c)
	if err != nil {
		return err
	}
	ctx := c.R.Context()
	sc, err := s.schedule(ctx, group, name)
	if err != nil {
		return err
	}
	if err := s.drop(ctx, sc); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

// drop removes a schedule and its timer.
func (s *Server) drop(ctx context.Context, sc Schedule) error {
	if err := s.timers.Remove(ctx, ProducerName, s.scheduleARN(sc.Group, sc.Name)); err != nil {
		return err
	}
	err := s.schedules.Delete(ctx, scheduleKey(sc.Group, sc.Name), 0)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// scheduleSummary is a schedule as ListSchedules shows it.
type scheduleSummary struct {
	Arn                  string
	CreationDate         float64
	GroupName            string
	LastModificationDate float64
	Name                 string
	State                string
	Target               struct{ Arn string }
}

func (s *Server) listSchedules(c *awsproto.Call) error {
	q := c.R.URL.Query()
	group, prefix, state := q.Get("ScheduleGroup"), q.Get("NamePrefix"), q.Get("State")
	var v aws.Violations
	v.Text(group, "groupName", false, 1, 64, nameRE, namePattern)
	v.Text(prefix, "namePrefix", false, 1, 64, nameRE, namePattern)
	enum(&v, state, "state", stateEnabled, stateDisabled)
	if err := v.Err(); err != nil {
		return err
	}
	ctx := c.R.Context()
	if group != "" {
		if _, err := s.group(ctx, group); err != nil {
			return err
		}
	}
	list, err := s.allSchedules(ctx, group)
	if err != nil {
		return err
	}
	var items []scheduleSummary
	for _, sc := range list {
		if strings.HasPrefix(sc.Name, prefix) && (state == "" || sc.State == state) {
			it := scheduleSummary{Arn: s.scheduleARN(sc.Group, sc.Name), CreationDate: epoch(sc.Created), GroupName: sc.Group,
				LastModificationDate: epoch(sc.Modified), Name: sc.Name, State: sc.State}
			it.Target.Arn = sc.Target.Arn
			items = append(items, it)
		}
	}
	page, next, err := pageOf(&v, c, items, func(it scheduleSummary) string { return it.GroupName + "/" + it.Name })
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct {
		NextToken string `json:",omitempty"`
		Schedules []scheduleSummary
	}{next, page})
}

// pageOf reads MaxResults (1 to 100, default 100) and NextToken into a
// page of items; v holds what the request's other members broke.
func pageOf[T any](v *aws.Violations, c *awsproto.Call, items []T, key func(T) string) ([]T, string, error) {
	q := c.R.URL.Query()
	limit := 100
	if m := q.Get("MaxResults"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil {
			return nil, "", aws.Errorf(aws.ErrValidation, "MaxResults must be a number.")
		}
		v.Range(n, "maxResults", 1, 100)
		limit = n
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	return aws.TokenPage(items, key, q.Get("NextToken"), limit, true)
}
