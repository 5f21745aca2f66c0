package scheduler

import (
	"encoding/json"
	"regexp"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/schedule"
	"github.com/virga-dev/virga/internal/targets"
)

// Patterns from the Scheduler model, as its messages quote them.
const (
	namePattern       = `^[0-9a-zA-Z-_.]+$`
	roleARNPattern    = `^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@\/-]+$`
	deadLetterPattern = `^arn:aws(-[a-z]+)?:sqs:[a-z0-9\-]+:\d{12}:[a-zA-Z0-9\-_]+$`
	clientTokenPat    = `^[a-zA-Z0-9-_]+$`
	kmsKeyPattern     = `^arn:aws(-[a-z]+)?:kms:[a-z0-9\-]+:\d{12}:(key|alias)\/[0-9a-zA-Z-_]*$`
)

var (
	nameRE        = regexp.MustCompile(namePattern)
	roleARNRE     = regexp.MustCompile(roleARNPattern)
	deadLetterRE  = regexp.MustCompile(deadLetterPattern)
	clientTokenRE = regexp.MustCompile(clientTokenPat)
	kmsKeyRE      = regexp.MustCompile(kmsKeyPattern)
)

// scheduleInput is CreateSchedule's and UpdateSchedule's body.
type scheduleInput struct {
	ActionAfterCompletion      string
	ClientToken                string
	Description                string
	EndDate                    *float64
	FlexibleTimeWindow         *FlexibleTimeWindow
	GroupName                  string
	KmsKeyArn                  string
	ScheduleExpression         string
	ScheduleExpressionTimezone string
	StartDate                  *float64
	State                      string
	Target                     *Target
}

// checkMembers records the members that break the model's constraints.
func (in scheduleInput) checkMembers(name string) error {
	var v aws.Violations
	v.Text(name, "name", true, 1, 64, nameRE, namePattern)
	v.Text(in.GroupName, "groupName", false, 1, 64, nameRE, namePattern)
	v.Text(in.ScheduleExpression, "scheduleExpression", true, 1, 256, nil, "")
	v.Text(in.ScheduleExpressionTimezone, "scheduleExpressionTimezone", false, 1, 50, nil, "")
	v.Length(in.Description, len(in.Description), "description", 0, 512)
	v.Text(in.ClientToken, "clientToken", false, 1, 64, clientTokenRE, clientTokenPat)
	v.Text(in.KmsKeyArn, "kmsKeyArn", false, 1, 2048, kmsKeyRE, kmsKeyPattern)
	enum(&v, in.State, "state", stateEnabled, stateDisabled)
	enum(&v, in.ActionAfterCompletion, "actionAfterCompletion", actionNone, actionDelete)
	if w := in.FlexibleTimeWindow; w == nil {
		v.Null("flexibleTimeWindow")
	} else {
		if w.Mode == "" {
			v.Null("flexibleTimeWindow.mode")
		}
		enum(&v, w.Mode, "flexibleTimeWindow.mode", modeOff, modeFlexible)
		if w.MaximumWindowInMinutes != nil {
			v.Range(*w.MaximumWindowInMinutes, "flexibleTimeWindow.maximumWindowInMinutes", 1, 1440)
		}
	}
	if in.Target == nil {
		v.Null("target")
	} else {
		in.Target.checkMembers(&v)
	}
	return v.Err()
}

func (t Target) checkMembers(v *aws.Violations) {
	v.Text(t.Arn, "target.arn", true, 1, 1600, nil, "")
	v.Text(t.RoleArn, "target.roleArn", true, 1, 1600, roleARNRE, roleARNPattern)
	if t.Input != nil && *t.Input == "" {
		v.Add("", "target.input", "Member must have length greater than or equal to 1")
	}
	if rp := t.RetryPolicy; rp != nil && rp.MaximumRetryAttempts != nil {
		v.Range(*rp.MaximumRetryAttempts, "target.retryPolicy.maximumRetryAttempts", 0, targets.MaxRetryAttempts)
	}
	if rp := t.RetryPolicy; rp != nil && rp.MaximumEventAgeInSeconds != nil {
		v.Range(*rp.MaximumEventAgeInSeconds, "target.retryPolicy.maximumEventAgeInSeconds", targets.MinMaxEventAge, targets.MaxMaxEventAge)
	}
	if d := t.DeadLetterConfig; d != nil {
		v.Text(d.Arn, "target.deadLetterConfig.arn", false, 1, 1600, deadLetterRE, deadLetterPattern)
	}
	if q := t.SqsParameters; q != nil {
		v.Text(q.MessageGroupId, "target.sqsParameters.messageGroupId", false, 1, 128, nil, "")
	}
	if p := t.EventBridgeParameters; p != nil {
		v.Text(p.DetailType, "target.eventBridgeParameters.detailType", true, 1, 128, nil, "")
		v.Text(p.Source, "target.eventBridgeParameters.source", true, 1, 256, nil, "")
	}
}

// enum records a value outside its set; empty is left to Null.
func enum(v *aws.Violations, value, field string, allowed ...string) {
	if value == "" {
		return
	}
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	set := ""
	for i, a := range allowed {
		if i > 0 {
			set += ", "
		}
		set += a
	}
	v.Add(value, field, "Member must satisfy enum value set: ["+set+"]")
}

// check checks what the schedule asks: an expression and zone Scheduler
// reads, dates in order, a window its mode allows, and a target Virga can
// deliver to.
func (in scheduleInput) check(kinds targets.Kinds) error {
	if _, err := schedule.Parse(in.ScheduleExpression, schedule.Scheduler); err != nil {
		return aws.Errorf(aws.ErrValidation, "Invalid Schedule Expression %s.", in.ScheduleExpression)
	}
	if tz := in.ScheduleExpressionTimezone; tz != "" {
		if _, err := schedule.LoadLocation(tz); err != nil {
			return aws.Errorf(aws.ErrValidation, "Invalid Schedule Expression Timezone %s.", tz)
		}
	}
	if in.StartDate != nil && in.EndDate != nil && *in.StartDate >= *in.EndDate {
		return aws.Errorf(aws.ErrValidation, "The StartDate must be before the EndDate.")
	}
	if w := in.FlexibleTimeWindow; w.Mode == modeFlexible && w.MaximumWindowInMinutes == nil {
		return aws.Errorf(aws.ErrValidation, "MaximumWindowInMinutes must be provided when Mode is FLEXIBLE.")
	}
	return in.Target.check(kinds)
}

func (t Target) check(kinds targets.Kinds) error {
	kind, err := kinds.Check(t.Arn)
	switch {
	case err != nil:
		return err
	case kind == targets.KindBus && t.EventBridgeParameters == nil:
		return aws.Errorf(aws.ErrValidation, "EventBridgeParameters must be provided for an event bus target.")
	case kind == targets.KindFunction && t.Input != nil && !json.Valid([]byte(fill(*t.Input, "arn", "id", time.Time{}))):
		return aws.Errorf(aws.ErrValidation, "The Input of a Lambda target must be valid JSON.")
	}
	return nil
}

// record makes the stored schedule of the input, with AWS's defaults.
func (in scheduleInput) record(group, name string) Schedule {
	sc := Schedule{Name: name, Group: group, Expression: in.ScheduleExpression, Timezone: in.ScheduleExpressionTimezone,
		Description: in.Description, State: in.State, FlexibleTimeWindow: *in.FlexibleTimeWindow,
		ActionAfterCompletion: in.ActionAfterCompletion, KmsKeyArn: in.KmsKeyArn, Target: *in.Target,
		Start: date(in.StartDate), End: date(in.EndDate)}
	if sc.State == "" {
		sc.State = stateEnabled
	}
	if sc.ActionAfterCompletion == "" {
		sc.ActionAfterCompletion = actionNone
	}
	return sc
}

func date(secs *float64) *time.Time {
	if secs == nil {
		return nil
	}
	t := time.UnixMilli(int64(*secs * 1000)).UTC()
	return &t
}

func groupName(g string) string {
	if g == "" {
		return defaultGroup
	}
	return g
}
